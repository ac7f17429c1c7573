"""OARS reflective-listening drills, pure model: classify responses to a fictional peer.

For each statement the learner either picks one of the responses in
``data/exercises/oars.yaml`` (each carries its kind and a word-for-word explanation) or writes
their own. A written response gets rough, rule-based feedback on its *form* only (how it
starts and ends), from :func:`classify_written`.

The kinds are the four OARS skills of motivational interviewing (open questions,
affirmations, reflections, summaries) and roadblocks to listening such as advising, fixing,
judging, reassuring and closed questions (Miller & Rollnick 2013; SAMHSA TIP 35, 2019; cited
in ``data/bibliography/trust.yaml``). The word lists in :func:`classify_written` are this
kit's own rough heuristics, not rules from those sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peer_ethics.content.models import OARS_SKILLS, OarsKind, OarsStatement

__all__ = [
    "KIND_LABELS",
    "OarsAnswer",
    "OarsDrills",
    "OarsFeedback",
    "classify_written",
    "written_feedback",
]

#: Plain labels for each kind (singular, plural), in the order the summary lists them.
KIND_LABELS: dict[str, tuple[str, str]] = {
    "reflection": ("reflection", "reflections"),
    "open-question": ("open question", "open questions"),
    "affirmation": ("affirmation", "affirmations"),
    "summary": ("summary", "summaries"),
    "advising": ("advising", "advising"),
    "fixing": ("fixing", "fixing"),
    "judging": ("judging", "judging"),
    "reassuring": ("reassuring", "reassuring"),
    "closed-question": ("closed question", "closed questions"),
}

_UNCLEAR = "unclear"

# Rough cues, matched on lower-case text with straight quotes. Where they count depends on how
# the response starts (see classify_written): a reflection or summary opener keeps only the
# *direct* cues below ("It sounds like you should rest" is still advice), while the other cues
# are then what the peer feels ("It sounds like you must feel exhausted" is a reflection); an
# open question ("What do you think you need to ...?") keeps none.
_ADVISING_DIRECT = ("you should", "why don't you", "why do not you", "why not ", "you ought",
                    "if i were you", "make sure you", "have you tried")
_ADVISING = (*_ADVISING_DIRECT, "you need to", "you have to", "you must", "try to ")
_JUDGING_DIRECT = ("you shouldn't have", "you should not have", "you know better")
_JUDGING = (*_JUDGING_DIRECT, "your fault", "that's wrong", "that is wrong", "that was wrong",
            "bad idea", "that was a mistake")
_REASSURING = ("don't worry", "do not worry", "it'll be fine", "it will be fine",
               "it'll be okay", "it will be okay", "everything will be", "you'll be fine",
               "you will be fine", "it's not that bad", "it is not that bad")
_FIXING = ("i'll call", "i will call", "i'll fix", "i will fix", "let me fix", "let me handle",
           "i'll sort", "i will sort", "i'll handle", "i will handle", "i'll talk to",
           "i will talk to", "i can call", "let me call", "i'll do it", "i will do it")
_JUDGING = ("your fault", "that's wrong", "that is wrong", "that was wrong", "bad idea",
            "you shouldn't have", "you should not have", "you know better", "that was a mistake")
_CLOSED_OPENERS = ("do", "does", "did", "are", "is", "was", "were", "have", "has", "had", "can",
                   "could", "will", "would", "shall", "should", "may", "might", "am", "isn't",
                   "aren't", "doesn't", "don't", "didn't", "won't", "wouldn't", "haven't", "hasn't")
_OPEN_OPENERS = ("what", "how", "what's", "how's", "in what way")
#: Suggestions in question form: they start like an open question but do not shield the
#: roadblock cues that follow ("What if you try to call them?" is advising).
_SUGGESTION_OPENERS = ("what if", "how about")
_INVITATIONS = ("tell me", "describe", "help me understand")
_SUMMARY_OPENERS = ("so far", "let me check", "let me see if", "to sum up", "in summary",
                    "you've told me", "you have told me", "so, to recap", "to recap")
_REFLECTION_OPENERS = ("it sounds like", "sounds like", "it seems like", "it seems",
                       "you feel", "you're feeling", "you are feeling", "so you",
                       "you're", "you are", "part of you")
_AFFIRMATION_CUES = ("took courage", "took a lot", "it took", "you kept", "you showed",
                     "you managed", "you worked", "you stuck", "you've worked", "you have worked",
                     "you did it", "shows how much", "you've been working",
                     "you have been working")

_WHY: dict[str, str] = {
    "open-question": "It ends with a question mark and starts like an open question, so it "
                     "invites {peer} to say more in their own words.",
    "closed-question": "It ends with a question mark and starts with a yes-or-no opener. "
                       "{peer} can answer in one word. Try starting with \"what\" or \"how\".",
    "reflection": "It starts like a reflection and says back what {peer} may feel or mean.",
    "summary": "It starts like a summary, which pulls several things {peer} said together.",
    "affirmation": "It names an effort or a strength, as an affirmation does. Make sure it is "
                   "specific to what {peer} did.",
    "advising": "It tells {peer} what to do. Advice this early is a roadblock: {peer} may not "
                "feel heard yet.",
    "reassuring": "It reassures. That is kind in intent, but it can brush {peer}'s feeling aside.",
    "fixing": "It offers to fix things for {peer}. That can take the next step out of {peer}'s "
              "hands.",
    "judging": "It weighs or blames. Judging is a roadblock: {peer} may close up.",
}

ROUGH_GUIDE = ("Rough guide only: it looks at how your words start and end, not at what they "
               "mean.")


@dataclass(frozen=True)
class OarsFeedback:
    """What the learner sees after answering one statement.

    Attributes
    ----------
    kind : str
        One of :data:`KIND_LABELS`, or ``"unclear"`` when the rules cannot place a written
        response.
    is_oars : bool
        True for the four OARS skills.
    message : str
        Plain feedback, starting with the verdict.
    """

    kind: str
    is_oars: bool
    message: str


@dataclass(frozen=True)
class OarsAnswer:
    """The learner's answer to one statement: a picked option or their own words.

    ``option`` is the 0-based option index, or None for a written answer (then ``text`` holds
    the learner's words; it is kept in memory only, never logged).
    """

    kind: str
    option: int | None
    text: str = ""


def _label(kind: str) -> str:
    if kind == _UNCLEAR:
        return "Not clear from the form"
    name = KIND_LABELS[kind][0]
    return (f"{name[0].upper()}{name[1:]} (an OARS skill)" if kind in OARS_SKILLS
            else f"Roadblock: {name}")


def _normalise(text: str) -> str:
    text = text.strip().lower()
    text = (text.replace("\u2019", "'").replace("\u2018", "'")
            .replace("\u201c", '"').replace("\u201d", '"'))
    text = re.sub(r"\s+", " ", text)
    return text.strip(" \"'")


def _has(text: str, cues: tuple[str, ...]) -> bool:
    """True when a cue occurs in ``text`` as whole words ("you have to" is not in "you have told")."""
    return any(re.search(rf"(?<![\w']){re.escape(c.strip())}(?![\w'])", text) for c in cues)


def _starts(text: str, openers: tuple[str, ...]) -> bool:
    return any(re.match(rf"{re.escape(o)}(?![\w'])", text) for o in openers)


def _opener(norm: str, question: bool) -> str | None:
    """The kind the start of ``norm`` suggests: open question, summary, reflection, or None."""
    if (question and _starts(norm, _OPEN_OPENERS)) or _starts(norm, _INVITATIONS):
        return "open-question"
    if _starts(norm, _SUMMARY_OPENERS):
        return "summary"
    if _starts(norm, _REFLECTION_OPENERS):
        return "reflection"
    return None


def classify_written(text: str) -> str:
    """Guess the kind of a written response from its form alone (a rough guide).

    Parameters
    ----------
    text : str
        The learner's response.

    Returns
    -------
    str
        A key of :data:`KIND_LABELS`, or ``"unclear"``. First the opener: a "what"/"how"
        opener with a question mark at the end, or "tell me", "describe", "help me
        understand" (open question); "so far", "let me check" (summary); "it sounds like",
        "you feel", "so you", "you're feeling" (reflection).
        Then roadblock cues, checked in order judging, advising, reassuring, fixing:

        - with no opener, any cue anywhere decides ("You have to go back." is advising);
        - after a reflection or summary opener, only direct cues ("you should", "why don't
          you", "if I were you", "you shouldn't have", "you know better") and reassuring or
          fixing cues do; "you must", "you have to", "you need to", "try to", "your fault" are
          then what the peer feels ("So you are worried it was your fault." is a reflection);
        - after an open-question opener, no cue does ("What do you think you should do?"),
          except after "what if" or "how about", which often carry a suggestion ("What if
          you try to call them?" is advising).

        Then a question mark at the end with a yes/no opener (closed question); then the
        opener's kind; then effort cues ("took courage", "you kept") for an affirmation.

    Raises
    ------
    ValueError
        ``text`` is empty or only spaces.
    """
    norm = _normalise(text)
    if not norm:
        raise ValueError("write a response first")
    question = norm.rstrip(" \"'").endswith("?")
    opener = _opener(norm, question)
    roadblocks: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("judging", _JUDGING), ("advising", _ADVISING), ("reassuring", _REASSURING),
        ("fixing", _FIXING))
    if opener == "open-question" and not _starts(norm, _SUGGESTION_OPENERS):
        roadblocks = ()
    elif opener in ("summary", "reflection"):
        roadblocks = (("judging", _JUDGING_DIRECT), ("advising", _ADVISING_DIRECT),
                      ("reassuring", _REASSURING), ("fixing", _FIXING))
    for kind, cues in roadblocks:
        if _has(norm, cues):
            return kind
    if question and _starts(norm, _CLOSED_OPENERS):
        return "closed-question"
    if opener is not None:
        return opener
    if _has(norm, _AFFIRMATION_CUES):
        return "affirmation"
    return _UNCLEAR


def written_feedback(text: str, peer: str) -> OarsFeedback:
    """Rule-based feedback on the form of a written response, clearly marked as a rough guide.

    Parameters
    ----------
    text : str
        The learner's response.
    peer : str
        The fictional peer's name, used in the feedback.

    Returns
    -------
    OarsFeedback

    Raises
    ------
    ValueError
        ``text`` is empty or only spaces.
    """
    kind = classify_written(text)
    if kind == _UNCLEAR:
        why = ("The rules could not place it. Check it yourself: is it a question, a statement "
               f"of what {peer} feels, or advice?")
    else:
        why = _WHY[kind].format(peer=peer)
        if kind == "reflection" and _normalise(text).endswith("?"):
            why += " Try ending it with a full stop: as a statement it invites more."
    message = f"{ROUGH_GUIDE} It reads like: {_label(kind)}. {why}"
    return OarsFeedback(kind, kind in OARS_SKILLS, message)


class OarsDrills:
    """An OARS drills session over a fixed list of statements.

    Parameters
    ----------
    statements : list of OarsStatement
    peer : str
        The fictional peer's name.

    Raises
    ------
    ValueError
        No statements, or repeated ids.
    """

    def __init__(self, statements: list[OarsStatement], peer: str) -> None:
        if not statements:
            raise ValueError("the OARS drills need at least one statement")
        if len({s.id for s in statements}) != len(statements):
            raise ValueError("statement ids must be unique")
        self.statements = list(statements)
        self.peer = peer
        self.answers: dict[str, OarsAnswer] = {}

    def statement(self, statement_id: str) -> OarsStatement:
        """Return the statement ``statement_id``.

        Raises
        ------
        KeyError
            Unknown id (the message lists the known ids).
        """
        found = next((s for s in self.statements if s.id == statement_id), None)
        if found is None:
            raise KeyError(f"no statement {statement_id!r}; known: "
                           f"{', '.join(s.id for s in self.statements)}")
        return found

    def choose(self, statement_id: str, option: int) -> OarsFeedback:
        """Pick option ``option`` (0-based) for a statement; return its kind and explanation.

        The message is the kind's label followed by the option's feedback from the YAML, word
        for word.

        Raises
        ------
        KeyError
            Unknown statement.
        IndexError
            ``option`` is not an index of the statement's options.
        """
        item = self.statement(statement_id)
        if not 0 <= option < len(item.options):
            raise IndexError(f"statement {statement_id!r} has options 0 to "
                             f"{len(item.options) - 1}, not {option}")
        picked = item.options[option]
        kind: OarsKind = picked.kind
        self.answers[item.id] = OarsAnswer(kind, option)
        return OarsFeedback(kind, kind in OARS_SKILLS, f"{_label(kind)}. {picked.feedback}")

    def write(self, statement_id: str, text: str) -> OarsFeedback:
        """Answer a statement in the learner's own words; return rough, rule-based feedback.

        Raises
        ------
        KeyError
            Unknown statement.
        ValueError
            ``text`` is empty (nothing is recorded).
        """
        item = self.statement(statement_id)
        result = written_feedback(text, self.peer)
        self.answers[item.id] = OarsAnswer(result.kind, None, text.strip())
        return result

    def progress(self) -> str:
        """How many statements are answered, as a sentence."""
        return f"Answered {len(self.answers)} of {len(self.statements)} statements."

    def counts(self) -> dict[str, int]:
        """Answers per kind, every kind of :data:`KIND_LABELS` present (0 when none), plus
        ``"unclear"``."""
        out = dict.fromkeys([*KIND_LABELS, _UNCLEAR], 0)
        for answer in self.answers.values():
            out[answer.kind] += 1
        return out

    def summary(self) -> str:
        """The final summary in words.

        Example: ``"You chose 4 of 6 OARS responses; reflections: 2; open questions: 1;
        affirmations: 1; summaries: 0; roadblocks: 2 (advising: 1, closed questions: 1)."``
        followed, when relevant, by how many answers were written (classified by the rough
        guide), how many the rules could not place, and how many are not answered yet.
        """
        counts = self.counts()
        oars = sum(counts[k] for k in OARS_SKILLS)
        roadblock_kinds = [k for k in KIND_LABELS if k not in OARS_SKILLS]
        roadblocks = sum(counts[k] for k in roadblock_kinds)
        parts = [f"You chose {oars} of {len(self.statements)} OARS responses"]
        parts += [f"{KIND_LABELS[k][1]}: {counts[k]}" for k in KIND_LABELS if k in OARS_SKILLS]
        detail = ", ".join(f"{KIND_LABELS[k][1]}: {counts[k]}" for k in roadblock_kinds if counts[k])
        parts.append(f"roadblocks: {roadblocks}" + (f" ({detail})" if detail else ""))
        text = "; ".join(parts) + "."
        written = sum(1 for a in self.answers.values() if a.option is None)
        if written:
            text += (f" You wrote {written} of your answers yourself; their kinds come from a "
                     "rough guide to their form.")
        if counts[_UNCLEAR]:
            text += f" The guide could not place {counts[_UNCLEAR]}."
        missing = len(self.statements) - len(self.answers)
        if missing:
            text += f" Not answered yet: {missing}."
        return text
