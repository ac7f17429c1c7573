"""Facilitator talk-time tracker, pure model: who has the floor, for how long, who has not spoken.

Why. In a group, power can gather in one person: the facilitator, the loudest member, or the
person with the most years in recovery (module M8, "Where power comes from"). Peer support aims
at equally shared power (``naps-2013-practice-guidelines``), and one habit the module teaches is
"Notice who talks. Invite quiet members in, without pushing them." This tool makes talk time
visible to the facilitator. It does not judge anyone: silence can be a choice, and a long turn
can be what the group needs.

Privacy. Seats are neutral labels ("Seat 1", or first initials), never required to be names.
The model keeps, in memory only, the seconds each label has spoken; nothing goes to disk and
nothing is logged.

Time comes from an injectable ``clock`` (a callable returning seconds, by default
:func:`time.monotonic`), so tests can drive it exactly.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

__all__ = [
    "DEFAULT_SEATS",
    "DOMINANT_FACTOR",
    "MAX_LABEL_CHARS",
    "MAX_SEATS",
    "MIN_SEATS",
    "TalkTimeTracker",
    "format_duration",
    "format_percent",
    "join_names",
    "parse_seats",
]

#: The seats the app starts with.
DEFAULT_SEATS: tuple[str, ...] = tuple(f"Seat {n}" for n in range(1, 7))
MIN_SEATS = 2
MAX_SEATS = 12
MAX_LABEL_CHARS = 20
#: A seat whose share is more than this many times an equal share gets a gentle note. A rule of
#: thumb chosen for this kit (easy to see on the chart's equal-share line), not a research figure.
DOMINANT_FACTOR = 2.0


def parse_seats(text: str) -> list[str]:
    """Split the facilitator's seat list (commas or new lines) into labels.

    Parameters
    ----------
    text : str
        E.g. ``"Seat 1, Seat 2, Seat 3"`` or initials ``"A, B, K"``.

    Returns
    -------
    list of str
        Labels with surrounding spaces removed, empty entries dropped, in the order given.

    Raises
    ------
    ValueError
        Fewer than :data:`MIN_SEATS` or more than :data:`MAX_SEATS` labels, a label longer
        than :data:`MAX_LABEL_CHARS` characters or without a letter or digit, or a label given
        twice (ignoring case).
    """
    labels = [" ".join(part.split()) for part in re.split(r"[,\n]", text)]
    labels = [label for label in labels if label]
    if len(labels) < MIN_SEATS:
        raise ValueError(f"Enter at least {MIN_SEATS} seats, separated by commas, for example "
                         "'Seat 1, Seat 2, Seat 3'.")
    if len(labels) > MAX_SEATS:
        raise ValueError(f"Enter at most {MAX_SEATS} seats (you entered {len(labels)}). For a "
                         "bigger group, track one small group at a time.")
    for label in labels:
        if len(label) > MAX_LABEL_CHARS:
            raise ValueError(f"'{label}' is too long. Use a seat number or first initials "
                             f"({MAX_LABEL_CHARS} characters or fewer).")
        if not re.search(r"\w", label):
            raise ValueError(f"'{label}' has no letter or number. Use a seat number or first "
                             "initials.")
    seen: set[str] = set()
    for label in labels:
        if label.casefold() in seen:
            raise ValueError(f"'{label}' appears twice. Give each seat its own label, for example "
                             "'Seat 3' and 'Seat 4'.")
        seen.add(label.casefold())
    return labels


def format_duration(seconds: float) -> str:
    """Whole seconds as ``"45 s"``, ``"2 min 5 s"`` or ``"1 h 3 min"`` (rounded half up)."""
    total = math.floor(seconds + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def format_percent(share: float) -> str:
    """A share in [0, 1] as a whole percentage, rounded half up: ``0.125 -> "13%"``."""
    return f"{math.floor(share * 100 + 0.5)}%"


def join_names(names: Sequence[str]) -> str:
    """``["A"] -> "A"``, ``["A", "B"] -> "A and B"``, ``["A", "B", "C"] -> "A, B and C"``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


class TalkTimeTracker:
    """Talk time per seat; one seat speaks at a time, and starting another switches.

    Parameters
    ----------
    seats : sequence of str
        Labels, checked like :func:`parse_seats` output (2-12 distinct, short labels).
    clock : callable returning float, optional
        Seconds from any fixed origin; it must never go backwards. Default
        :func:`time.monotonic`.

    Raises
    ------
    ValueError
        Bad seat labels (see :func:`parse_seats`).
    """

    def __init__(self, seats: Sequence[str], clock: Callable[[], float] = time.monotonic) -> None:
        self.seats: tuple[str, ...] = tuple(parse_seats(",".join(seats)))
        if len(self.seats) != len(seats):
            raise ValueError("Each seat label must be a single, non-empty label without commas.")
        self._clock = clock
        self._spoken: dict[str, float] = dict.fromkeys(self.seats, 0.0)
        self._heard: set[str] = set()
        self.speaker: str | None = None
        self._since = 0.0

    # -- actions --------------------------------------------------------------------------------

    def press(self, seat: str) -> str | None:
        """The seat's button: start it, switch to it from another seat, or stop it if speaking.

        Returns
        -------
        str or None
            The seat speaking now (``None`` once the speaking seat is pressed again).

        Raises
        ------
        KeyError
            Unknown seat (the message lists the seats).
        """
        self._check(seat)
        if seat == self.speaker:
            self.stop()
        else:
            self.start(seat)
        return self.speaker

    def start(self, seat: str) -> None:
        """Give ``seat`` the floor, ending the current speaker's turn first.

        Raises
        ------
        KeyError
            Unknown seat.
        """
        self._check(seat)
        now = self._now()
        self._close_turn(now)
        self.speaker = seat
        self._since = now
        self._heard.add(seat)

    def stop(self) -> None:
        """End the current turn (nobody speaking; the clock pauses). No-op when nobody speaks."""
        self._close_turn(self._now())
        self.speaker = None

    @contextmanager
    def frozen(self) -> Iterator[None]:
        """Read the clock once; inside the block every reading uses that instant.

        Use it to draw the chart, the prompt and the text alternative from the same moment, so
        they agree while a turn is running.
        """
        now = self._now()
        clock = self._clock
        self._clock = lambda: now
        try:
            yield
        finally:
            self._clock = clock

    def reset(self) -> None:
        """Set every seat back to zero and nobody speaking (the seats stay)."""
        self._spoken = dict.fromkeys(self.seats, 0.0)
        self._heard.clear()
        self.speaker = None

    # -- reading --------------------------------------------------------------------------------

    def seconds(self, seat: str) -> float:
        """Seconds ``seat`` has spoken, including the turn running now.

        Raises
        ------
        KeyError
            Unknown seat.
        """
        self._check(seat)
        running = self._now() - self._since if seat == self.speaker else 0.0
        return self._spoken[seat] + running

    def all_seconds(self) -> dict[str, float]:
        """``{seat: seconds}`` in seat order, read at one instant of the clock."""
        now = self._now()
        return {s: self._spoken[s] + (now - self._since if s == self.speaker else 0.0)
                for s in self.seats}

    def shares(self) -> dict[str, float]:
        """``{seat: share of all talk time}`` in seat order; all 0.0 before anyone speaks."""
        spoken = self.all_seconds()
        total = sum(spoken.values())
        return {s: (t / total if total else 0.0) for s, t in spoken.items()}

    @property
    def equal_share(self) -> float:
        """The share each seat would have if all spoke equally: ``1 / number of seats``."""
        return 1 / len(self.seats)

    def not_heard(self) -> list[str]:
        """Seats never given the floor, in seat order."""
        return [s for s in self.seats if s not in self._heard]

    def dominant(self) -> list[str]:
        """Seats with more than :data:`DOMINANT_FACTOR` times an equal share, in seat order."""
        return [s for s, share in self.shares().items()
                if share > DOMINANT_FACTOR * self.equal_share]

    def status(self) -> str:
        """Who is speaking, in one sentence."""
        if self.speaker is None:
            return "Nobody is speaking. The clock is paused."
        return f"Speaking now: {self.speaker}."

    def prompt(self) -> str:
        """A gentle prompt for the facilitator: who has not been heard, and any long share.

        Returns
        -------
        str
            Exact texts: before anyone speaks, "No one has spoken yet. ..."; otherwise "Not
            heard from yet: Seat 3 and Seat 5. ..." or "Everyone has spoken at least once.",
            followed, for each seat over :data:`DOMINANT_FACTOR` times an equal share, by
            "Seat 2 has 60% of the talk time, more than twice an equal share (25%). ...".
        """
        if not self._heard:
            return ("No one has spoken yet. When someone starts to talk, press the Start button "
                    "for their seat.")
        quiet = self.not_heard()
        if quiet:
            parts = [f"Not heard from yet: {join_names(quiet)}. You might leave a pause, or "
                     "invite anyone who has not spoken to add something if they wish. Nobody "
                     "has to speak."]
        else:
            parts = ["Everyone has spoken at least once."]
        shares = self.shares()
        equal = format_percent(self.equal_share)
        parts += [f"{seat} has {format_percent(shares[seat])} of the talk time, more than twice "
                  f"an equal share ({equal}). You might invite other voices in."
                  for seat in self.dominant()]
        return " ".join(parts)

    def text_alternative(self) -> str:
        """The chart in words: each seat's share and time, the total and the equal share."""
        spoken = self.all_seconds()
        total = sum(spoken.values())
        rows = []
        for seat, secs in spoken.items():
            if seat not in self._heard:
                rows.append(f"{seat} 0% (not heard yet)")
                continue
            share = secs / total if total else 0.0
            now = ", speaking now" if seat == self.speaker else ""
            rows.append(f"{seat} {format_percent(share)} ({format_duration(secs)}{now})")
        return (f"Share of talk time so far (total {format_duration(total)}; an equal share is "
                f"{format_percent(self.equal_share)}): {'; '.join(rows)}.")

    # -- internals ------------------------------------------------------------------------------

    def _check(self, seat: str) -> None:
        if seat not in self._spoken:
            raise KeyError(f"no seat {seat!r}; seats: {', '.join(self.seats)}")

    def _now(self) -> float:
        now = float(self._clock())
        if self.speaker is not None and now < self._since:
            raise ValueError("the clock went backwards; use a monotonic clock such as "
                             "time.monotonic")
        return now

    def _close_turn(self, now: float) -> None:
        if self.speaker is not None:
            self._spoken[self.speaker] += now - self._since
