"""Ask-Share-Ask planner, pure model: plan a short, purposeful self-disclosure step by step.

No ipywidgets here. Four steps, each checked with plain feedback:

1. **Ask** what the peer wants: a short question (ends with "?").
2. **Purpose**: whose needs would the disclosure serve? Only the peer's (or both, with the
   peer's first) lets the plan go ahead: a disclosure should serve the peer's recovery
   (Minnesota Certification Board code; Georgia CPS values; Truong et al. 2019).
3. **Share**: brief (a word cap), no graphic or using detail, not mostly about yourself
   (first-person words against words addressing the peer), and hopeful (names what helped);
   after the module's guidance (SAMHSA 2015 category 3, N.A.P.S. 2013 hopeful and
   strengths-focused, Georgia CPS values). Thresholds and word lists are the kit's teaching
   choices, set in ``data/exercises/ask_share_ask.yaml``.
4. **Ask** again: a short question that hands the focus back to the peer (it says "you" or
   the peer's name, and ends with "?").

The learner's text stays in memory for the plan summary; this module never logs it and never
puts it in an exception message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peer_ethics.content.models import AskShareAskSet, PurposeOption

__all__ = ["ENDINGS", "OBJECTS", "STEPS", "AskShareAskPlanner", "PlanSummary", "ShareStats", "StepFeedback"]

#: Step ids and the names feedback uses for them, in order.
STEPS: dict[str, str] = {
    "ask": "Step 1 (Ask)",
    "purpose": "Step 2 (Purpose)",
    "share": "Step 3 (Share)",
    "ask_back": "Step 4 (Ask again)",
}

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


@dataclass(frozen=True)
class StepFeedback:
    """The verdict on one step.

    Attributes
    ----------
    step : str
        One of :data:`STEPS`.
    ok : bool
        True when the step fits the guidance.
    message : str
        Plain feedback, starting with the step's name.
    """

    step: str
    ok: bool
    message: str


@dataclass(frozen=True)
class ShareStats:
    """What the Share check counted.

    Attributes
    ----------
    words : int
    graphic : tuple of str
        Graphic or using-detail words found, as written (lower case), no repeats.
    first_person, second_person : int
        Counts of words like "I", "me", "my" and of words like "you", "your".
    hopeful : bool
        True when a hope term (what helped, what changed) appears.
    """

    words: int
    graphic: tuple[str, ...]
    first_person: int
    second_person: int
    hopeful: bool


@dataclass(frozen=True)
class PlanSummary:
    """The final plan.

    Attributes
    ----------
    ready : bool
        True when every step fits.
    feedback : tuple of StepFeedback
        One per step, in order.
    headline : str
        One sentence: ready, or which steps to revise.
    lines : tuple of str
        The plan as the learner wrote it: ``"Ask: ..."``, ``"Purpose: ..."``, ``"Share: ..."``,
        ``"Ask again: ..."`` (``"(not written yet)"`` where empty).
    """

    ready: bool
    feedback: tuple[StepFeedback, ...]
    headline: str
    lines: tuple[str, ...]


def _words(text: str) -> list[str]:
    return [w.replace("’", "'").lower() for w in _WORD.findall(text)]


#: Endings a word list term may take: hope -> hopes, hoped, hopeful, hoping; help -> helps,
#: helped, helping, helpful; inject -> injected, injection. Never "less": "hopeless" and
#: "helpless" are not hope. Irregular forms ("bled", "learnt") are listed in the YAML.
ENDINGS: tuple[str, ...] = ("s", "es", "d", "ed", "ing", "er", "ers", "ful", "fully", "y", "ive",
                            "ion", "ions", "'s")
#: Words allowed between the first two words of a phrase: "got through" also finds
#: "got me through", "shot up" also finds "shot him up".
OBJECTS: tuple[str, ...] = ("me", "you", "us", "him", "her", "them")
_CVC = re.compile(r"(?:^|[^aeiou])[aeiou][^aeiouwxy]$")


def _forms(word: str) -> list[str]:
    """``word`` and ``word`` + each of :data:`ENDINGS`, longest first.

    Before an ending that starts with a vowel, a final "e" may drop (hope -> hoping) and a final
    consonant after one vowel may double (step -> stepped), as in English spelling.
    """
    forms = {word, *(word + ending for ending in ENDINGS)}
    vowel = [ending for ending in ENDINGS if ending[0] in "aeiou"]
    if word.endswith("e"):
        forms.update(word[:-1] + ending for ending in vowel)
    if _CVC.search(word):
        forms.update(word + word[-1] + ending for ending in vowel)
    return sorted(forms, key=lambda f: (-len(f), f))


def _term_pattern(term: str) -> str:
    """A regex for ``term`` as whole words: its last word may take one of :data:`ENDINGS`, and
    one of :data:`OBJECTS` may come after the first word of a phrase."""
    words = term.lower().replace("’", "'").split()
    parts = [re.escape(w) for w in words[:-1]]
    parts.append("(?:" + "|".join(re.escape(f) for f in _forms(words[-1])) + ")")
    gap = r"(?:\s+(?:" + "|".join(OBJECTS) + r"))?" if len(parts) > 1 else ""
    body = parts[0] + gap + "".join(r"\s+" + p for p in parts[1:])
    return rf"(?<![\w']){body}(?!\w|'\w)"


def _found(text: str, terms: list[str]) -> list[str]:
    """Terms found in ``text`` as whole words (see :func:`_term_pattern`), as written, no repeats.

    ``inject`` finds "injected" and "injection"; ``hope`` finds "hopeful" but not "hopeless";
    ``got through`` finds "got me through".
    """
    lower = text.lower().replace("’", "'")
    hits: list[str] = []
    for term in terms:
        hits += [m.group(0) for m in re.finditer(_term_pattern(term), lower)]
    return list(dict.fromkeys(hits))


class AskShareAskPlanner:
    """One planning session over the scenario in ``data/exercises/ask_share_ask.yaml``.

    Parameters
    ----------
    content : AskShareAskSet
    """

    def __init__(self, content: AskShareAskSet) -> None:
        self.content = content
        self.peer = content.peer
        self.purposes: tuple[PurposeOption, ...] = tuple(content.purposes)
        self.texts: dict[str, str] = {"ask": "", "share": "", "ask_back": ""}
        self.purpose: PurposeOption | None = None

    @staticmethod
    def count_words(text: str) -> int:
        """Number of words in ``text`` (letters and digits; "I'm" is one word)."""
        return len(_words(text))

    def word_count_label(self, step: str, text: str) -> str:
        """A live count for step ``step``'s box, e.g. ``"31 of 60 words"`` or ``"11 of 30 words"``.

        Raises
        ------
        KeyError
            ``step`` is not ``"ask"``, ``"share"`` or ``"ask_back"``.
        """
        if step not in self.texts:
            raise KeyError(f"no text step {step!r}; known: {', '.join(self.texts)}")
        limit = self.content.share.max_words if step == "share" else self.content.max_ask_words
        return f"{self.count_words(text)} of {limit} words"

    def fill(self, text: str) -> str:
        """Put the peer's name into ``text`` where it says ``{peer}``."""
        return text.replace("{peer}", self.peer)

    def purpose_label(self, purpose_id: str) -> str:
        """The learner-facing label of purpose ``purpose_id``."""
        return self.fill(self._purpose(purpose_id).label)

    def _purpose(self, purpose_id: str) -> PurposeOption:
        for option in self.purposes:
            if option.id == purpose_id:
                return option
        raise KeyError(f"no purpose {purpose_id!r}; known: {', '.join(p.id for p in self.purposes)}")

    def _addresses_peer(self, text: str) -> bool:
        words = set(_words(text))
        name = self.peer.lower()
        return bool(words & {w.lower() for w in self.content.share.second_person}) or bool(
            words & {name, f"{name}'s"})

    def _question(self, step: str, text: str, empty: str, good: str, example: str) -> StepFeedback:
        name = STEPS[step]
        text = text.strip()
        self.texts[step] = text
        if not text:
            return StepFeedback(step, False, f"{name}: {empty}")
        if not text.endswith("?"):
            return StepFeedback(step, False, f"{name}: make it a question that ends with a question "
                                             f"mark, so {self.peer} can answer it. For example: "
                                             f"\"{example}\"")
        words = len(_words(text))
        if words > self.content.max_ask_words:
            return StepFeedback(step, False, f"{name}: keep the question short: it has {words} "
                                             f"words; use {self.content.max_ask_words} or fewer.")
        if step == "ask_back" and not self._addresses_peer(text):
            return StepFeedback(step, False, f"{name}: ask {self.peer} directly, using \"you\". "
                                             f"For example: \"{example}\"")
        return StepFeedback(step, True, f"{name}: {good}")

    def check_ask(self, text: str) -> StepFeedback:
        """Check the first Ask: a short question about what the peer wants (ends with "?")."""
        return self._question("ask", text, f"write the question you would ask {self.peer} first.",
                              f"good. You ask before you share, so {self.peer} decides whether to "
                              "hear your story.",
                              "Would it help to hear what worked for me?")

    def choose_purpose(self, purpose_id: str | None) -> StepFeedback:
        """Record whose needs the disclosure would serve (``None``: nothing chosen yet).

        Raises
        ------
        KeyError
            Unknown purpose id (the message lists the known ids).
        """
        name = STEPS["purpose"]
        if purpose_id is None:
            self.purpose = None
            return StepFeedback("purpose", False, f"{name}: choose whose needs this disclosure "
                                                  "would serve.")
        self.purpose = self._purpose(purpose_id)
        return StepFeedback("purpose", self.purpose.fits, f"{name}: {self.fill(self.purpose.feedback)}")

    def share_stats(self, text: str) -> ShareStats:
        """Count what the Share check looks at in ``text`` (words, graphic terms, I vs you, hope)."""
        rules = self.content.share
        words = _words(text)
        first = {w.lower() for w in rules.first_person}
        second = {w.lower() for w in rules.second_person}
        return ShareStats(
            words=len(words),
            graphic=tuple(_found(text, rules.graphic_terms)),
            first_person=sum(w in first for w in words),
            second_person=sum(w in second for w in words),
            hopeful=bool(_found(text, rules.hope_terms)),
        )

    def check_share(self, text: str) -> StepFeedback:
        """Check the Share: brief, no graphic or using detail, not mostly about you, hopeful.

        A share is "mostly about you" when its first-person words number more than
        ``first_person_allowance + first_person_per_you * <second-person words>`` (YAML).
        """
        name = STEPS["share"]
        text = text.strip()
        self.texts["share"] = text
        if not text:
            return StepFeedback("share", False, f"{name}: write the short piece of your story you "
                                                "would share.")
        rules = self.content.share
        stats = self.share_stats(text)
        issues: list[str] = []
        if stats.words > rules.max_words:
            issues.append(f"It has {stats.words} words; keep it to {rules.max_words} or fewer.")
        if stats.graphic:
            issues.append("Leave out graphic or using detail: "
                          f"{', '.join(repr(g) for g in stats.graphic)}.")
        allowed = rules.first_person_allowance + rules.first_person_per_you * stats.second_person
        if stats.first_person > allowed:
            issues.append(f"It is mostly about you: {stats.first_person} words like \"I\", \"me\" or "
                          f"\"my\" and {stats.second_person} like \"you\". Link it to what "
                          f"{self.peer} is going through.")
        if not stats.hopeful:
            issues.append("Add what helped or where you are now, so it carries hope.")
        if issues:
            return StepFeedback("share", False, f"{name}: revise it. {' '.join(issues)}")
        return StepFeedback("share", True, f"{name}: brief ({stats.words} words), free of graphic "
                                           "detail, and hopeful. Good.")

    def check_ask_back(self, text: str) -> StepFeedback:
        """Check the last Ask: a short question to the peer ("you" or their name), ending in "?"."""
        return self._question("ask_back", text,
                              f"write a question that hands the focus back to {self.peer}.",
                              f"good. The focus goes back to {self.peer}. Now listen.",
                              "How does that fit with what you are going through?")

    def plan(self) -> PlanSummary:
        """Check every step again and sum up the plan.

        Returns
        -------
        PlanSummary
            ``headline`` is ``"Your plan is ready: ..."`` or ``"Your plan has N step(s) to
            revise: ..."``.
        """
        feedback = (
            self.check_ask(self.texts["ask"]),
            self.choose_purpose(None if self.purpose is None else self.purpose.id),
            self.check_share(self.texts["share"]),
            self.check_ask_back(self.texts["ask_back"]),
        )
        todo = [STEPS[f.step] for f in feedback if not f.ok]
        if todo:
            n = len(todo)
            headline = f"Your plan has {n} step{'s' if n != 1 else ''} to revise: {', '.join(todo)}."
        else:
            words = self.share_stats(self.texts["share"]).words
            headline = (f"Your plan is ready: you ask first, share for {self.peer}'s sake in "
                        f"{words} words, and hand the focus back.")

        def line(label: str, text: str) -> str:
            return f"{label}: {text or '(not written yet)'}"

        lines = (
            line("Ask", self.texts["ask"]),
            line("Purpose", "" if self.purpose is None else self.fill(self.purpose.label)),
            line("Share", self.texts["share"]),
            line("Ask again", self.texts["ask_back"]),
        )
        return PlanSummary(not todo, feedback, headline, lines)
