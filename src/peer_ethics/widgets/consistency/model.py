"""Consistency tracker, pure model: commitments to a fictional peer, week by week.

The learner records what they promised a peer each week and what happened: kept, renegotiated
in advance, or missed without notice. The model counts them per week, states the kept rate in
words, and picks guidance from ``data/exercises/consistency.yaml``. The guidance (tell the peer
in advance and agree on a new plan rather than miss silently) is the module's advice drawn from
the N.A.P.S. values honest and direct, and transparent, and SAMHSA's trauma-informed principle
of trustworthiness and transparency (sources listed in the YAML); it is not a research finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, get_args

from peer_ethics.content.models import ConsistencyGuidance

__all__ = [
    "MAX_TEXT",
    "OUTCOME_LABELS",
    "Commitment",
    "ConsistencyTracker",
    "Outcome",
    "WeekCounts",
    "percent",
    "rate_words",
]

Outcome = Literal["kept", "renegotiated", "missed"]
#: Words for each outcome, in the order the chart stacks them.
OUTCOME_LABELS: dict[Outcome, str] = {
    "kept": "Kept",
    "renegotiated": "Renegotiated in advance",
    "missed": "Missed without notice",
}
#: Longest commitment text accepted, in characters.
MAX_TEXT = 200


@dataclass(frozen=True)
class Commitment:
    """One commitment: the week (1-52), what was promised, and what happened."""

    week: int
    text: str
    outcome: Outcome


@dataclass(frozen=True)
class WeekCounts:
    """How many commitments of one week were kept, renegotiated in advance, or missed."""

    week: int
    kept: int
    renegotiated: int
    missed: int

    @property
    def total(self) -> int:
        """All commitments recorded for the week."""
        return self.kept + self.renegotiated + self.missed

    def sentence(self) -> str:
        """The week in words, e.g. ``"Week 2: 1 kept, 1 renegotiated in advance, 0 missed."``."""
        if not self.total:
            return f"Week {self.week}: no commitments recorded."
        return (f"Week {self.week}: {self.kept} kept, {self.renegotiated} renegotiated in "
                f"advance, {self.missed} missed.")


def percent(part: int, whole: int) -> int:
    """``part / whole`` as a whole percentage, halves rounded up (5 of 8 is 63).

    Raises
    ------
    ValueError
        ``whole`` is not positive, or ``part`` is outside ``0..whole``.
    """
    if whole <= 0 or not 0 <= part <= whole:
        raise ValueError(f"need 0 <= part <= whole and whole > 0, got {part} of {whole}")
    return int(Fraction(100 * part, whole) + Fraction(1, 2))


def rate_words(part: int, whole: int) -> str:
    """A share in plain words: "all of them", "most of them" (three in four or more), "more
    than half", "half", "fewer than half", or "none of them".

    Raises
    ------
    ValueError
        As :func:`percent`.
    """
    percent(part, whole)  # validates
    share = Fraction(part, whole)
    if share == 1:
        return "all of them"
    if share >= Fraction(3, 4):
        return "most of them"
    if share > Fraction(1, 2):
        return "more than half"
    if share == Fraction(1, 2):
        return "half"
    return "fewer than half" if share > 0 else "none of them"


class ConsistencyTracker:
    """Commitments to one fictional peer, with counts per week and feedback in words.

    Parameters
    ----------
    peer : str
        The fictional peer's name.
    guidance : ConsistencyGuidance
        The three guidance texts from the YAML.
    commitments : iterable of Commitment
        A starting record (the fictional example); each is validated as by :meth:`add`.

    Raises
    ------
    ValueError
        A starting commitment is invalid.
    """

    def __init__(self, peer: str, guidance: ConsistencyGuidance,
                 commitments: Iterable[Commitment] = ()) -> None:
        self.peer = peer
        self.guidance = guidance
        self.commitments: list[Commitment] = []
        for c in commitments:
            self.add(c.week, c.text, c.outcome)

    def add(self, week: int, text: str, outcome: str) -> Commitment:
        """Record a commitment and return it.

        Parameters
        ----------
        week : int
            Week number, 1 to 52.
        text : str
            What was promised (up to :data:`MAX_TEXT` characters; kept in memory, never logged).
        outcome : str
            ``"kept"``, ``"renegotiated"`` (changed with the peer in advance) or ``"missed"``.

        Raises
        ------
        ValueError
            Week outside 1-52 or not a whole number, empty or too long text, unknown outcome.
        """
        if isinstance(week, bool) or not isinstance(week, int) or not 1 <= week <= 52:
            raise ValueError(f"Week must be a whole number from 1 to 52, not {week!r}.")
        cleaned = " ".join(text.split())
        if not cleaned:
            raise ValueError(f"Write the commitment first, for example: Call {self.peer} back "
                             "by Wednesday.")
        if len(cleaned) > MAX_TEXT:
            raise ValueError(f"Keep the commitment to {MAX_TEXT} characters or fewer "
                             f"(it has {len(cleaned)}).")
        if outcome not in get_args(Outcome):
            raise ValueError(f"Outcome must be one of {', '.join(get_args(Outcome))}, "
                             f"not {outcome!r}.")
        found = Commitment(week, cleaned, outcome)  # type: ignore[arg-type]
        self.commitments.append(found)
        return found

    def remove_last(self) -> Commitment:
        """Remove and return the most recently added commitment.

        Raises
        ------
        IndexError
            There are no commitments.
        """
        if not self.commitments:
            raise IndexError("there are no commitments to remove")
        return self.commitments.pop()

    def counts(self) -> dict[Outcome, int]:
        """Commitments per outcome over all weeks, in :data:`OUTCOME_LABELS` order."""
        out: dict[Outcome, int] = dict.fromkeys(OUTCOME_LABELS, 0)
        for c in self.commitments:
            out[c.outcome] += 1
        return out

    def weeks(self) -> list[WeekCounts]:
        """Counts for every week from the first to the last recorded (empty weeks included).

        Returns
        -------
        list of WeekCounts
            In week order; empty when nothing is recorded.
        """
        if not self.commitments:
            return []
        numbers = [c.week for c in self.commitments]
        rows = []
        for week in range(min(numbers), max(numbers) + 1):
            this = [c.outcome for c in self.commitments if c.week == week]
            rows.append(WeekCounts(week, this.count("kept"), this.count("renegotiated"),
                                   this.count("missed")))
        return rows

    def rate(self) -> str:
        """The kept rate in words, e.g. ``"You kept 5 of 8 commitments (63%), more than half.
        Renegotiated in advance: 2. Missed without notice: 1. Kept or renegotiated in advance:
        7 of 8 (88%)."``; a prompt when nothing is recorded."""
        total = len(self.commitments)
        if not total:
            return "No commitments recorded yet. Add one to see your kept rate."
        n = self.counts()
        noun = "commitment" if total == 1 else "commitments"
        honoured = n["kept"] + n["renegotiated"]
        return (f"You kept {n['kept']} of {total} {noun} ({percent(n['kept'], total)}%), "
                f"{rate_words(n['kept'], total)}. Renegotiated in advance: {n['renegotiated']}. "
                f"Missed without notice: {n['missed']}. Kept or renegotiated in advance: "
                f"{honoured} of {total} ({percent(honoured, total)}%).")

    def advice(self) -> str:
        """The guidance that fits the record: a silent miss, renegotiations only, or all kept
        (empty string when nothing is recorded)."""
        n = self.counts()
        if not self.commitments:
            return ""
        if n["missed"]:
            return self.guidance.missed
        if n["renegotiated"]:
            return self.guidance.renegotiated
        return self.guidance.all_kept

    def text_alternative(self) -> str:
        """What the chart shows, in words: one sentence per week (for screen readers)."""
        rows = self.weeks()
        if not rows:
            return "The chart is empty: no commitments recorded yet."
        return ("Stacked bars per week of commitments kept, renegotiated in advance and missed "
                "without notice. " + " ".join(r.sentence() for r in rows))
