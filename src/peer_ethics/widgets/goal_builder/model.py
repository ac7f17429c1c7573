"""Empowerment goal builder, pure model: check a peer's goal against SMART, then plan dated steps.

The learner reads what a made-up peer said, types a goal as the peer would say it, and gets one
line of feedback per SMART part. Then the learner sets the goal date and breaks the goal into
steps with dates (``YYYY-MM-DD``); :mod:`peer_ethics.widgets.goal_builder.plot` draws the plan.

Why these checks. Recovery is person-driven: people set their own goals and choose their own
path (SAMHSA's working definition of recovery, ``samhsa-2012-working-definition-recovery``), and
peer support is person-driven with power shared (``naps-2013-practice-guidelines``). So the
"A" of SMART is read as *assignable to the peer*: a goal phrased as what a worker or staff will
do is flagged. SMART itself is a common planning aid (Doran 1981, ``doran-1981-smart-goals``,
named the parts Specific, Measurable, Assignable, Realistic, Time-related; "time-bound" is the
usual later word). The rules below are plain word checks, written for this kit: they prompt a
conversation and can miss things; they never decide for the peer. Each rule's basis is stated
on the function that encodes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from peer_ethics.content.models import GoalPeer

__all__ = [
    "MAX_GOAL_CHARS",
    "MAX_GOAL_YEARS",
    "MAX_STEPS",
    "SMART_PARTS",
    "GoalBuilder",
    "GoalPlan",
    "SmartCheck",
    "SmartReport",
    "Step",
    "check_smart",
    "parse_iso_date",
]

#: The five parts, in order: (key, label shown to learners).
SMART_PARTS: tuple[tuple[str, str], ...] = (
    ("specific", "Specific"),
    ("measurable", "Measurable"),
    ("assignable", "Assignable to the peer"),
    ("realistic", "Realistic"),
    ("time_bound", "Time-bound"),
)
#: A goal is one or two sentences; longer text is probably a plan, not a goal.
MAX_GOAL_CHARS = 300
#: More steps than this make the timeline unreadable; a plan this long can be split.
MAX_STEPS = 10
#: A step's text is a short label on the timeline.
MAX_STEP_CHARS = 80
_MIN_WORDS = 4

# --- word lists (lower case; matched on word boundaries) -------------------------------------

#: Aims that say how a person hopes to feel or be, not what they will do.
VAGUE = ("better", "healthier", "happier", "stronger", "get my life back", "my life back",
         "get well", "be well", "on track", "sort things out", "sort it out", "sort myself out",
         "get it together", "work on", "deal with", "improve", "stuff", "things",
         "feel good", "feel normal", "be normal", "more positive")
#: Concrete actions a person can be seen to do (base forms; -s, -es, -ed, -d, -ing also match).
ACTIONS = ("apply", "ask", "attend", "bake", "book", "bring", "buy", "call", "cook", "dance",
           "draw", "drink", "eat", "email", "enrol", "enroll", "exercise", "fill", "finish",
           "garden", "go", "jog", "join", "knit", "learn", "list", "look for", "meet", "open",
           "paint", "pay", "phone", "plan", "play", "practice", "practise", "read", "register",
           "ride", "run", "save", "schedule", "see", "sew", "shop", "sign up", "sing", "sleep",
           "spend", "start", "stretch", "study", "submit", "swim", "talk", "text", "tidy",
           "visit", "volunteer", "walk", "write")
#: Actions that are done or not done, so they are measurable without a number.
ONE_OFF = ("apply", "book", "call", "enrol", "enroll", "finish", "join", "open", "phone",
           "register", "schedule", "sign up", "submit", "visit", "make an appointment")
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty",
                 "hundred", "half", "once", "twice", "every", "each", "daily", "weekly",
                 "monthly", "times")
#: Wording that makes a worker, staff or service the one who acts.
_WORKER = re.compile(
    r"\b(?:(?:the |my |our |a )?(?:staff|worker|team|case ?manager|counsell?or|therapist|"
    r"program|agency|provider|peer (?:specialist|worker|supporter|support worker))s?"
    r"|you|we'll|we) (?:will|shall|are going to|should|must)\b"
    r"|\bi(?: will|'ll| am going to| shall) (?:get|make|have|help) (?:them|him|her|the (?:client|"
    r"peer|person))\b"
    r"|\bmake sure (?:they|he|she|the (?:client|peer|person))\b")
#: Service-record wording about the person, instead of the person's own words.
_SERVICE = re.compile(r"\b(?:the )?(?:client|patient|participant|consumer|service user|"
                      r"individual|member) (?:will|shall|is to|to)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|i'll|i'm|i've|me|my|myself)\b")
#: Absolute words: a bar that one slip breaks.
ABSOLUTES = ("never", "always", "every single", "all the time", "100%", "perfect", "perfectly",
             "completely", "forever", "at once", "overnight", "no matter what")
_MONTHS = ("january", "february", "march", "april", "june", "july", "august", "september",
           "october", "november", "december")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PERIODS = r"(?:day|week|weekend|month|year|spring|summer|autumn|fall|winter|term)s?"
_NUMBER = r"(?:\d+|" + "|".join(_NUMBER_WORDS[:17]) + r"|a|an|the next|a few)"
_TIME_BOUND = re.compile(
    r"\b(?:by|before|until|till|within|no later than) (?:the end|end|the \d|next|this|\d|"
    + _NUMBER + r"|tomorrow|tonight|today|noon|midnight|" + "|".join(_MONTHS + _DAYS)
    + r"|may\b|" + _PERIODS + r")"
    r"|\bfor (?:the next |the coming )?" + _NUMBER + r" " + _PERIODS + r"\b"
    r"|\bin (?:the next )?" + _NUMBER + r" " + _PERIODS + r"\b"
    r"|\b(?:this|next|each|every) " + _PERIODS + r"\b"
    r"|\bon (?:a |this |next )?(?:" + "|".join(_DAYS) + r")\b(?!s| (?:morning|afternoon|evening|night)s)"
    r"|\bend of\b|\btomorrow\b|\btonight\b|\btoday\b"
    r"|\b(?:" + "|".join(_MONTHS) + r")\b|\b(?:in|by|before|until|of) may\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}\b")
#: ASCII digits only: without re.ASCII, ``\d`` also matches full-width and other digits, which
#: ``date.fromisoformat`` then refuses as "not a real date" instead of showing the form.
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
#: The goal date may be at most this many years after today: a goal is a plan for the coming
#: months, and a far date (9999-12-31) is past what the timeline's date axis can draw.
MAX_GOAL_YEARS = 5


def _words(terms: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b")


def _verbs(verbs: Sequence[str]) -> re.Pattern[str]:
    forms = []
    for verb in verbs:
        *head, last = verb.split(" ")
        stem = re.escape(last)
        extra = [re.escape(last[:-1]) + "ing"] if last.endswith("e") else []
        extra += [stem + re.escape(last[-1]) + "(?:ed|ing)"]  # run -> running, plan -> planned
        one = "|".join([stem + "(?:s|es|ed|d|ing)?", *extra])
        forms.append(" ".join([*map(re.escape, head), f"(?:{one})"]))
    return re.compile(r"\b(?:" + "|".join(forms) + r")\b")


_VAGUE = _words(VAGUE)
_ACTIONS = _verbs(ACTIONS)
_ONE_OFF = _verbs(ONE_OFF)
_NUMBERS = re.compile(r"\d|" + _words(_NUMBER_WORDS).pattern)
_ABSOLUTES = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ABSOLUTES) + r")(?!\w)")


# --- SMART -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmartCheck:
    """The verdict on one SMART part.

    Attributes
    ----------
    part : str
        A key of :data:`SMART_PARTS` (``"specific"`` ... ``"time_bound"``).
    label : str
        The learner-facing name, e.g. ``"Assignable to the peer"``.
    met : bool
    verdict : str
        ``"yes"`` or ``"not yet"``; for Realistic, ``"no warning signs"`` or
        ``"check with the peer"`` (only the peer can say what is realistic).
    feedback : str
        One or two plain sentences; when ``met`` is False, a concrete suggestion.
    """

    part: str
    label: str
    met: bool
    verdict: str
    feedback: str

    @property
    def text(self) -> str:
        """The whole line, e.g. ``"Time-bound: yes. It says by when."``."""
        return f"{self.label}: {self.verdict}. {self.feedback}"


@dataclass(frozen=True)
class SmartReport:
    """All five checks for one goal, in SMART order.

    Attributes
    ----------
    goal : str
        The goal as typed (surrounding whitespace removed).
    checks : tuple of SmartCheck
        Five entries, in the order of :data:`SMART_PARTS`.
    """

    goal: str
    checks: tuple[SmartCheck, ...]

    @property
    def found(self) -> int:
        """How many of the five parts were found (0-5)."""
        return sum(c.met for c in self.checks)

    def summary(self) -> str:
        """One sentence, e.g. ``"SMART parts found: 3 of 5."``."""
        return f"SMART parts found: {self.found} of {len(self.checks)}."


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).strip().lower()


def _specific(goal: str) -> SmartCheck:
    """Specific: it says what the peer will do.

    Rule: not met when the goal has fewer than 4 words, or when it rests on a vague aim (a word
    of :data:`VAGUE`, such as "better") and names no concrete action (a verb of
    :data:`ACTIONS`, such as "walk" or "call"). Basis: Doran's "specific" (a clear target),
    and the module's advice to ask the peer what the hope would look like.
    """
    label = "Specific"
    if len(goal.split()) < _MIN_WORDS:
        return SmartCheck("specific", label, False, "not yet", (
            "A few words leave a lot unsaid. Ask what the peer will do, where, "
            "and with whom. For example: 'I will go to the art class at the library.'"))
    vague = _VAGUE.search(goal)
    if vague and not _ACTIONS.search(goal):
        return SmartCheck("specific", label, False, "not yet", (
            f"'{vague.group(0)}' says how the peer hopes to feel, not what "
            "they will do. Ask: 'What would you do that shows it?' For example: 'I will walk "
            "to the park after lunch.'"))
    return SmartCheck("specific", label, True, "yes", "It says what the peer will do.")


def _measurable(goal: str) -> SmartCheck:
    """Measurable: the peer can tell when it is done.

    Rule: met when the goal has a number or a count word (digits, "two", "twice", "every",
    "daily", "times" ...), or a one-off action that is simply done or not (a verb of
    :data:`ONE_OFF`, such as "call" or "sign up"). Basis: Doran's "measurable".
    """
    label = "Measurable"
    if _NUMBERS.search(goal) or _ONE_OFF.search(goal):
        return SmartCheck("measurable", label, True, "yes",
                          "The peer can tell when it is done.")
    return SmartCheck("measurable", label, False, "not yet", (
        "Nothing says how much or how often, so it is hard to tell when it "
        "is done. Add a count, such as 'two times', 'for 20 minutes' or 'three days a week'."))


def _assignable(goal: str) -> SmartCheck:
    """Assignable to the peer: the peer, not the worker, does it.

    Rule: not met when the goal says what a worker, staff, team, program or "you"/"we" will do
    ("staff will", "I will get them to", "make sure she"), when it uses service-record wording
    about the person ("client will"), or when it has no first person ("I", "my", "me").
    Basis: Doran's "assignable" (who will do it), read through self-determination: recovery
    is person-driven (SAMHSA 2012) and peer support shares power (N.A.P.S. 2013), so the peer
    owns and does the goal, in their own words.
    """
    label = "Assignable to the peer"
    worker = _WORKER.search(goal)
    if worker:
        return SmartCheck("assignable", label, False, "not yet", (
            f"'{worker.group(0)}' says what a worker or staff "
            "will do. The goal belongs to the peer, so the peer does it. Write what the peer "
            "will do, in their words: 'I will ...'"))
    service = _SERVICE.search(goal)
    if service:
        return SmartCheck("assignable", label, False, "not yet", (
            f"'{service.group(0)}' is service-record wording "
            "about the peer. Write it as the peer said it: 'I will ...'"))
    if not _FIRST_PERSON.search(goal):
        return SmartCheck("assignable", label, False, "not yet", (
            "Write it as the peer said it, with 'I' ('I will "
            "...'), so it is clear that the peer does it."))
    return SmartCheck("assignable", label, True, "yes",
                      "The peer is the one who does it.")


def _realistic(goal: str) -> SmartCheck:
    """Realistic: it can be done with the time, money and help the peer has.

    Rule: not met when the goal uses an absolute word (:data:`ABSOLUTES`: "never", "always",
    "perfect" ...), because one slip would break it. Otherwise the check can only say there is
    no warning sign: whether a goal is realistic is the peer's call. Basis: Doran's
    "realistic", and recovery-oriented practice that treats a setback as part of the path.
    """
    label = "Realistic"
    absolute = _ABSOLUTES.search(goal)
    if absolute:
        return SmartCheck("realistic", label, False, "check with the peer", (
            f"'{absolute.group(0)}' leaves no room for a slip. "
            "Ask what feels doable, and think about starting smaller, such as 'on five days "
            "out of seven'."))
    return SmartCheck("realistic", label, True, "no warning signs", (
        "Only the peer can say if it fits their time, money and "
        "energy, so ask them."))


def _time_bound(goal: str) -> SmartCheck:
    """Time-bound: it says by when, or for how long.

    Rule: met when the goal has a deadline or a period: "by/before/until ..." with a time
    word, "for (the next) four weeks", "in two months", "this/next week", "end of", a month
    or weekday after "by" or "before", "on (this/next) Sunday" (one day, not "on Sunday
    evenings"), or a date. Basis: Doran's "time-related".
    """
    label = "Time-bound"
    if _TIME_BOUND.search(goal):
        return SmartCheck("time_bound", label, True, "yes", "It says by when.")
    return SmartCheck("time_bound", label, False, "not yet", (
        "Nothing says by when. Add a date or a time frame, such as 'by the "
        "end of June' or 'for the next four weeks'."))


def check_smart(goal: str) -> SmartReport:
    """Check ``goal`` against the five SMART parts.

    Parameters
    ----------
    goal : str
        The goal as the peer said it (the learner types it).

    Returns
    -------
    SmartReport
        Five :class:`SmartCheck` entries in SMART order, each with exact feedback text.

    Raises
    ------
    ValueError
        The goal is empty, or longer than :data:`MAX_GOAL_CHARS` characters.
    """
    text = goal.strip()
    if not text:
        raise ValueError("Type the peer's goal first, in their own words.")
    if len(text) > MAX_GOAL_CHARS:
        raise ValueError(f"Keep the goal to one or two sentences ({MAX_GOAL_CHARS} characters or "
                         f"fewer; this one has {len(text)}). Put the details in the steps.")
    norm = _normalise(text)
    checks = (_specific(norm), _measurable(norm), _assignable(norm), _realistic(norm),
              _time_bound(norm))
    return SmartReport(text, checks)


# --- dates and steps -------------------------------------------------------------------------


def parse_iso_date(text: str, what: str = "date", example: date | None = None) -> date:
    """Read ``text`` as an ISO date (``YYYY-MM-DD``).

    Parameters
    ----------
    text : str
        What the learner typed; surrounding spaces are ignored.
    what : str
        How the error message names the field, e.g. ``"goal date"``.
    example : datetime.date, optional
        The date the error message shows as an example (default 2030-03-01).

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        Not in the form ``YYYY-MM-DD`` (the message shows the form), or not a real date.
    """
    value = text.strip()
    if not _ISO.match(value):
        shown = f"'{value}'" if value else "nothing"
        raise ValueError(f"The {what} must be written as YYYY-MM-DD (year-month-day, with "
                         f"dashes), for example {(example or date(2030, 3, 1)).isoformat()}. "
                         f"You typed {shown}.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real date. Check the month (01 to 12) and the day "
                         "(the month may be shorter).") from None


@dataclass(frozen=True)
class Step:
    """One step of the plan: what the peer will do, and when.

    Attributes
    ----------
    text : str
    when : datetime.date
    """

    text: str
    when: date


@dataclass
class GoalPlan:
    """One peer's goal, its SMART report, the goal date and the dated steps.

    Parameters
    ----------
    today : datetime.date
        The first allowed date (steps and the goal date cannot be in the past).
    """

    today: date
    report: SmartReport | None = None
    goal_date: date | None = None
    steps: list[Step] = field(default_factory=list)

    def check_goal(self, goal: str) -> SmartReport:
        """Check ``goal`` with :func:`check_smart` and keep it as the plan's goal.

        Raises
        ------
        ValueError
            See :func:`check_smart`.
        """
        self.report = check_smart(goal)
        return self.report

    def set_goal_date(self, text: str) -> date:
        """Set the goal date from ``YYYY-MM-DD`` text.

        Raises
        ------
        ValueError
            Bad date text (see :func:`parse_iso_date`), a date before today, a date more than
            :data:`MAX_GOAL_YEARS` years after today, or a date before a step already planned
            (the message names the step).
        """
        when = parse_iso_date(text, "goal date", self.today)
        if when < self.today:
            raise ValueError(f"The goal date {when.isoformat()} is in the past. Choose today "
                             f"({self.today.isoformat()}) or a later date.")
        latest = _years_after(self.today, MAX_GOAL_YEARS)
        if when > latest:
            raise ValueError(f"The goal date {when.isoformat()} is too far ahead. Choose a date "
                             f"within {MAX_GOAL_YEARS} years, by {latest.isoformat()} at the "
                             "latest. A big goal can be split into smaller ones.")
        late = [(n, s) for n, s in enumerate(self.steps, 1) if s.when > when]
        if late:
            n, step = late[0]
            raise ValueError(f"Step {n} ({step.when.isoformat()}) comes after "
                             f"{when.isoformat()}. Move or remove that step first, or choose a "
                             "later goal date.")
        self.goal_date = when
        return when

    def add_step(self, text: str, when_text: str) -> Step:
        """Add a step; steps are kept in date order (equal dates keep the order added).

        Raises
        ------
        ValueError
            No goal date yet, empty or over-long text, bad date text, a date before today or
            after the goal date, or already :data:`MAX_STEPS` steps.
        """
        label = " ".join(text.split())
        if self.goal_date is None:
            raise ValueError("Set the goal date first, so each step can fit before it.")
        if not label:
            raise ValueError("Type what the peer will do in this step.")
        if len(label) > MAX_STEP_CHARS:
            raise ValueError(f"Keep each step short ({MAX_STEP_CHARS} characters or fewer; this "
                             f"one has {len(label)}). Split a long step in two.")
        if len(self.steps) >= MAX_STEPS:
            raise ValueError(f"The plan already has {MAX_STEPS} steps. Fewer, bigger steps are "
                             "easier to follow: remove one first.")
        when = parse_iso_date(when_text, "step date", self.today)
        if when < self.today:
            raise ValueError(f"The step date {when.isoformat()} is in the past. Choose today "
                             f"({self.today.isoformat()}) or a later date.")
        if when > self.goal_date:
            raise ValueError(f"The step date {when.isoformat()} is after the goal date "
                             f"({self.goal_date.isoformat()}). Choose an earlier date, or move "
                             "the goal date.")
        step = Step(label, when)
        self.steps.append(step)
        self.steps.sort(key=lambda s: s.when)
        return step

    def remove_step(self, number: int) -> Step:
        """Remove step ``number`` (1-based, in date order) and return it.

        Raises
        ------
        IndexError
            No such step (the message gives the range).
        """
        if not 1 <= number <= len(self.steps):
            raise IndexError(f"There is no step {number}; the plan has {len(self.steps)} steps.")
        return self.steps.pop(number - 1)

    def text_alternative(self, name: str) -> str:
        """The timeline in words, for screen readers and anyone who prefers text.

        Returns
        -------
        str
            E.g. ``"Timeline of Malia's plan from today, 2030-03-01, to the goal date,
            2030-04-12 (42 days). Step 1, 2030-03-05 (in 4 days): Ask about the pool times."``
            (a full stop is added after a step that has none).
        """
        if self.goal_date is None:
            return f"No timeline yet: set the goal date for {name}'s plan."
        days = (self.goal_date - self.today).days
        parts = [f"Timeline of {name}'s plan from today, {self.today.isoformat()}, to the goal "
                 f"date, {self.goal_date.isoformat()} ({_days(days)})."]
        if not self.steps:
            parts.append("No steps yet.")
        for n, step in enumerate(self.steps, 1):
            ahead = (step.when - self.today).days
            when = "today" if ahead == 0 else f"in {_days(ahead)}"
            end = "" if step.text[-1] in ".!?" else "."
            parts.append(f"Step {n}, {step.when.isoformat()} ({when}): {step.text}{end}")
        return " ".join(parts)

    def summary(self, name: str) -> str:
        """Where the plan stands, in one or two sentences (what to do next, or the plan)."""
        if self.report is None:
            return f"Next: type {name}'s goal and check it."
        if self.goal_date is None:
            return f"{self.report.summary()} Next: set the goal date."
        if not self.steps:
            return f"{self.report.summary()} Next: add the first step."
        count = f"{len(self.steps)} step" + ("" if len(self.steps) == 1 else "s")
        return (f"{name}'s plan: \"{self.report.goal}\" Goal date {self.goal_date.isoformat()}. "
                f"{self.report.summary()} {count}, the first on "
                f"{self.steps[0].when.isoformat()}.")


def _years_after(day: date, years: int) -> date:
    """``day`` moved ``years`` years on; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _days(n: int) -> str:
    return f"{n} day" + ("" if n == 1 else "s")


class GoalBuilder:
    """A goal-builder session: one :class:`GoalPlan` per fictional peer, kept while switching.

    Parameters
    ----------
    peers : sequence of GoalPeer
        From ``data/exercises/goal_builder.yaml``.
    today : datetime.date
        Passed to each plan (inject a fixed date in tests).

    Raises
    ------
    ValueError
        No peers, or repeated ids.
    """

    def __init__(self, peers: Sequence[GoalPeer], today: date) -> None:
        if not peers:
            raise ValueError("the goal builder needs at least one peer")
        if len({p.id for p in peers}) != len(peers):
            raise ValueError("peer ids must be unique")
        self.peers = list(peers)
        self.today = today
        self._plans: dict[str, GoalPlan] = {}

    def peer(self, peer_id: str) -> GoalPeer:
        """Return the peer ``peer_id``.

        Raises
        ------
        KeyError
            Unknown id (the message lists the known ids).
        """
        found = next((p for p in self.peers if p.id == peer_id), None)
        if found is None:
            raise KeyError(f"no peer {peer_id!r}; known: {', '.join(p.id for p in self.peers)}")
        return found

    def plan(self, peer_id: str) -> GoalPlan:
        """Return the plan for ``peer_id``, creating an empty one on first use.

        Raises
        ------
        KeyError
            Unknown peer.
        """
        self.peer(peer_id)
        return self._plans.setdefault(peer_id, GoalPlan(self.today))
