"""Score a free-text reflection against a rubric, criterion by criterion, and say when unsure.

The scorer is transparent and deterministic: each criterion in the rubric YAML lists
``indicators`` (regular expressions that show the criterion is met) and optionally
``counter_indicators`` (expressions that show it is contradicted, such as keeping the money).
A criterion is met when some sentence that is written as the learner's own response
(first person, or about the peer in the prompt) matches an indicator that is not negated in
its clause, and no counter-indicator fires anywhere.

The answer is flagged for a human look (``needs_review``) rather than guessed when it is too
short, seems not to be in English, copies the prompt, seems off topic, or reads like a list
of rubric terms. No network, no model: standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from peer_ethics.content.models import Criterion, Rubric
from peer_ethics.privacy import identifying_details

__all__ = ["CriterionResult", "ReflectionScore", "score_reflection"]

_WORD = re.compile(r"[a-záéíóúñü]+(?:'[a-z]+)?", re.IGNORECASE)
# Sentence ends (., !, ?) followed by space or a closing quote; keeps "$50." intact enough.
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")
# Clause boundaries for negation scope: punctuation, or a conjunction that starts a new clause.
_CLAUSE = re.compile(
    r"[;:()—–]"
    r"|,\s*(?=(?:and|but|so|then|because|since|as|which|while|or)\b)"
    r"|,\s*(?=(?:i|i'd|i'll|i'm|we|we'd|she|he|it|that|this)\b)"
    r"|\b(?:but|though|however|because|since|although|while|unless)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|neither|without|n't|\w+n't|cannot|nothing|rather than|instead of)\b",
    re.IGNORECASE,
)
_NOT_A_NEGATION = re.compile(r"\b(?:not only|not just|no matter|no doubt)\b", re.IGNORECASE)
_VOICE = re.compile(
    r"\b(?:i|i'd|i'll|i'm|i've|me|my|mine|we|we'd|we'll|we're|let's|lets|you|your|he|she|him|her|his)\b"
    r"|[\"“”]"
    # Spanish: first-person pronouns and conditional verbs (daría, hablaría, ...)
    r"|\b(?:yo|me|mi|le|les|nos)\b|\b\w+ría(?:mos)?\b"
    # Advice written as what a worker should do ("The worker should give the card back")
    r"|\b(?:worker|specialist|supporter|staff|you|i|we)\s+(?:should|must|needs? to|has to|ought to)\b"
    r"|\bthe (?:right|best) (?:response|thing|move)\b",
    re.IGNORECASE,
)
# Contractions typed without the apostrophe ("wouldnt", "id say"), restored before matching.
_CONTRACTIONS = re.compile(
    r"\b(don|doesn|didn|wouldn|shouldn|couldn|can|isn|wasn|aren|haven|hasn|won)t\b|\b(i)(d|m|ve)\b"
    r"|\b(that|she|he|there|what)s\b",
    re.IGNORECASE,
)
# Verbs that start a step of a plan; a list whose items mostly do not is a list of terms.
_ACTION_START = re.compile(
    r"^(?:and\s+|then\s+|also\s+)*(?:i'?d|i would|i will|i'?ll|we'?d|we would|we'?ll)?\s*(?:also\s+)?"
    r"(?:thank|tell|hand|give|giving|return|decline|explain|keep|ask|write|document|talk|call|offer|check|"
    r"follow|let|say|share|help|mention|put|suggest|invite|go|make|listen|note|log|bring|look|take|find|"
    r"agree|set|plan|send|reach|remind|encourage|respect|protect|confirm|celebrate|hug|smile)\b",
    re.IGNORECASE,
)
_ENGLISH = frozenset(
    ["the", "a", "an", "and", "or", "but", "to", "of", "in", "on", "at", "for", "with", "is", "are", "was", "were", "be", "it", "that", "this", "i", "you", "he", "she", "we", "they", "my", "your", "his", "her", "our", "their", "would", "will", "can", "could", "should", "not", "do", "does", "did", "have", "has", "had", "what", "how", "if", "so", "as", "about", "from", "by"]
)
_SPANISH = frozenset(
    ["el", "la", "los", "las", "un", "una", "y", "o", "pero", "de", "del", "en", "con", "por", "para", "que", "es", "son", "fue", "ser", "lo", "le", "les", "yo", "tú", "él", "ella", "nosotros", "su", "sus", "mi", "mis", "no", "sí", "muy", "más", "como", "cuando", "porque", "también"]
)


@dataclass(frozen=True)
class CriterionResult:
    """The verdict on one criterion.

    Attributes
    ----------
    id : str
    met : bool
    points : int
        Points earned (the criterion's points when met, else 0).
    evidence : str
        The sentence that met the criterion (empty when not met). For the instructor only:
        it is the learner's own text, so it is never written to exports or logs.
    note : str
        Why a matching sentence did not count (negated, contradicted), if so.
    """

    id: str
    met: bool
    points: int
    evidence: str = ""
    note: str = ""


@dataclass(frozen=True)
class ReflectionScore:
    """The scorer's verdict on one reflection.

    Attributes
    ----------
    score : int
        Points earned, 0..``max_score``.
    max_score : int
    criteria : dict
        ``{criterion_id: CriterionResult}`` in rubric order.
    review_reasons : list of str
        Why a human should look (empty when the scorer is confident).
    feedback : str
        Plain-language feedback for the learner, one line per criterion.
    """

    score: int
    max_score: int
    criteria: dict[str, CriterionResult]
    review_reasons: list[str] = field(default_factory=list)
    feedback: str = ""

    @property
    def needs_review(self) -> bool:
        """True when the scorer is not confident and a person should grade the answer."""
        return bool(self.review_reasons)

    def as_json(self, response_id: str, explain: bool = False) -> dict[str, object]:
        """Return the ``score-reflections`` output line for this verdict.

        Keys: ``id``, ``score``, ``criteria`` (``{criterion_id: 0 or 1}``, 1 meaning met),
        ``needs_review``, ``feedback``; with ``explain``, also ``review_reasons`` and
        ``evidence`` (``{criterion_id: sentence}``).
        """
        out: dict[str, object] = {
            "id": response_id,
            "score": self.score,
            "criteria": {cid: int(r.met) for cid, r in self.criteria.items()},
            "needs_review": self.needs_review,
            "feedback": self.feedback,
        }
        if explain:
            out["review_reasons"] = list(self.review_reasons)
            out["evidence"] = {cid: r.evidence for cid, r in self.criteria.items() if r.met}
        return out


def _normalise(text: str) -> str:
    """Straighten typographic apostrophes, and restore apostrophes in contractions typed
    without them (``wouldnt`` -> ``wouldn't``)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")

    def fix(match: re.Match[str]) -> str:
        if match.group(1):
            return f"{match.group(1)}'t"
        if match.group(2):
            return f"{match.group(2)}'{match.group(3)}"
        return f"{match.group(4)}'s"

    return _CONTRACTIONS.sub(fix, text)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


_PRONOUN = re.compile(r"\b(?:i|i'd|i'm|you|you're|you've|he|she|we|they|it's|him|her|them)\b", re.IGNORECASE)
# "I would think about boundaries and supervision": naming ideas to consider is not a plan.
_CONSIDER = re.compile(
    r"\b(?:i would|i'd|i will|i'll|we would|we'd)\s+(?:also\s+)?(?:think about|consider|keep in mind|"
    r"remember|reflect on|be mindful of|be aware of|focus on|use|apply|practi[cs]e)\b(?!\s+(?:to|the (?:card|gift)))",
    re.IGNORECASE,
)


def _is_term_list(sentence: str) -> bool:
    """True for a sentence that lists terms or ideas to consider rather than steps of a plan."""
    if _CONSIDER.search(sentence):
        return True
    items = [i.strip() for i in re.split(r"[,;]|\band\b|\bor\b", sentence) if i.strip()]
    if len(items) < 3:
        return False
    # Clauses with a pronoun ("you've been burned before") are speech, not terms.
    short = [i for i in items if len(_WORD.findall(i)) <= 4 and not _PRONOUN.search(i)]
    led_by_action = [i for i in items if _ACTION_START.search(i)]
    return len(short) >= 0.6 * len(items) and len(led_by_action) < 0.5 * len(items)


def _negated(sentence: str, start: int, matched: str) -> bool:
    """True when the match's clause negates it.

    Negation before the match counts ("I wouldn't tell my supervisor"); negation after it
    counts only when the match opens its clause, as a subject ("Policies weren't written for
    this").
    """
    if _NEGATION.search(matched):
        return False  # the indicator carries its own negation ("can't accept ...")
    before = _NOT_A_NEGATION.sub(" ", _CLAUSE.split(sentence[:start])[-1])
    if _NEGATION.search(before):
        return True
    end = start + len(matched)
    after = _CLAUSE.split(sentence[end:])[0]
    opens_clause = len(_WORD.findall(before)) <= 1
    return opens_clause and bool(_NEGATION.search(_NOT_A_NEGATION.sub(" ", after)))


def _judge(criterion: Criterion, sentences: list[str], voiced_answer: bool) -> CriterionResult:
    for pattern in criterion.counter_indicators:
        for sentence in sentences:
            found = re.search(pattern, sentence, re.IGNORECASE)
            if found and not _negated(sentence, found.start(), found.group(0)):
                return CriterionResult(criterion.id, False, 0, note="contradicted")
    note = ""
    for sentence in sentences:
        if not (voiced_answer or _VOICE.search(sentence)) or _is_term_list(sentence):
            continue
        for pattern in criterion.indicators:
            for found in re.finditer(pattern, sentence, re.IGNORECASE):
                if _negated(sentence, found.start(), found.group(0)):
                    note = "negated"
                    continue
                return CriterionResult(criterion.id, True, criterion.points, evidence=sentence)
    return CriterionResult(criterion.id, False, 0, note=note)


def _review_reasons(text: str, words: list[str], rubric: Rubric, results: list[CriterionResult],
                    sentences: list[str]) -> list[str]:
    reasons = []
    contradicted = [r.id for r in results if r.note == "contradicted"]
    if contradicted and sum(r.points for r in results) >= 2:
        reasons.append("says something the rubric counts against (" + ", ".join(contradicted) + ")")
    lower = [w.lower() for w in words]
    if len(words) < rubric.min_words:
        reasons.append(f"very short ({len(words)} words)")
    if len(words) >= 8:
        english = sum(w in _ENGLISH for w in lower) / len(lower)
        spanish = sum(w in _SPANISH for w in lower) / len(lower)
        if english < 0.12 or spanish > english:
            reasons.append("may not be written in English")
    prompt_words = [w.lower() for w in _WORD.findall(rubric.prompt)]
    prompt_grams = set(zip(prompt_words, prompt_words[1:], prompt_words[2:], strict=False))
    grams = list(zip(lower, lower[1:], lower[2:], strict=False))
    if grams and sum(g in prompt_grams for g in grams) / len(grams) >= 0.5:
        reasons.append("mostly repeats the prompt")
    names = set(re.findall(r"\b[A-Z][a-z]+\b", rubric.prompt))
    private = identifying_details(text, names)
    if private:
        reasons.append(f"may contain identifying details ({', '.join(private)})")
    if rubric.topic_terms and not any(re.search(t, text, re.IGNORECASE) for t in rubric.topic_terms):
        reasons.append("may be off topic")
    # A list of rubric terms: a sentence of short, non-action items that touches two or more
    # criteria ("boundaries, supervision, policy and documentation"). Evidence in such a
    # sentence never counts; a person looks only if other sentences still earned 2+ points.
    for sentence in sentences if sum(r.points for r in results) > 1 else ():
        hits = sum(
            any(re.search(p, sentence, re.IGNORECASE) for p in c.indicators) for c in rubric.criteria
        )
        if hits >= 2 and _is_term_list(sentence):
            reasons.append("reads like a list of rubric terms rather than a plan")
            break
    return reasons


def _feedback(rubric: Rubric, results: list[CriterionResult], score: int,
              reasons: list[str]) -> str:
    lines = [f"Reflection score: {score} of {rubric.points}."]
    for criterion, result in zip(rubric.criteria, results, strict=True):
        if result.met:
            lines.append(f"Met: {criterion.label or criterion.id}.")
        else:
            lines.append(f"Not yet: {criterion.feedback_missing or criterion.description}")
    if reasons:
        lines.append("Your instructor will read this answer too, because the automatic scorer "
                     f"was not sure ({'; '.join(reasons)}).")
    return "\n".join(lines)


def score_reflection(text: str, rubric: Rubric) -> ReflectionScore:
    """Score ``text`` against ``rubric``.

    Parameters
    ----------
    text : str
        The learner's reflection (any length; may be empty).
    rubric : Rubric
        Criteria with indicators (``data/rubrics/*.yaml``).

    Returns
    -------
    ReflectionScore
        ``score`` in points; an empty answer scores 0 and is not flagged.
    """
    text = _normalise(text)
    words = _WORD.findall(text)
    if not words:
        results = [CriterionResult(c.id, False, 0) for c in rubric.criteria]
        return ReflectionScore(0, rubric.points, {r.id: r for r in results}, [],
                               f"Reflection score: 0 of {rubric.points}. No response.")
    sentences = _sentences(text)
    # An answer written as a response (at least a third of its sentences in the first person or
    # addressed to the peer) counts every sentence, lists included; otherwise only voiced ones.
    voiced_answer = sum(bool(_VOICE.search(s)) for s in sentences) >= len(sentences) / 3
    results = [_judge(c, sentences, voiced_answer) for c in rubric.criteria]
    score = sum(r.points for r in results)
    reasons = _review_reasons(text, words, rubric, results, sentences)
    return ReflectionScore(
        score=score,
        max_score=rubric.points,
        criteria={r.id: r for r in results},
        review_reasons=reasons,
        feedback=_feedback(rubric, results, score, reasons),
    )
