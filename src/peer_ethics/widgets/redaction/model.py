"""Redact the case note, pure model: mark phrases to remove for a stated purpose; exact counts.

The note and its phrases come from ``data/exercises/redaction.yaml`` (validated by
:class:`~peer_ethics.content.models.RedactionExercise`). A phrase with ``remove: true`` is an
identifier from HIPAA's Safe Harbor list, 45 CFR 164.514(b)(2)(i)(A)-(R), which covers the
person and their relatives, employers and household members (see HHS's 2012 de-identification
guidance); one with ``remove: false`` is a detail the purpose needs. The score is the number of
right decisions: identifiers removed plus needed details kept, out of all phrases.
"""

from __future__ import annotations

from dataclasses import dataclass

from peer_ethics.content.models import REDACTION_PLACEHOLDER, RedactionExercise, RedactionPhrase

__all__ = ["REMOVED", "CaseNoteRedaction", "RedactionResult"]

#: What a removed phrase shows in the redacted note.
REMOVED = "[removed]"


@dataclass(frozen=True)
class RedactionResult:
    """The verdict on one set of marks.

    Attributes
    ----------
    removed : list of RedactionPhrase
        Identifiers the learner removed.
    missed : list of RedactionPhrase
        Identifiers still in the note.
    over_redacted : list of RedactionPhrase
        Needed details the learner removed.
    kept : list of RedactionPhrase
        Needed details still in the note.
    """

    removed: list[RedactionPhrase]
    missed: list[RedactionPhrase]
    over_redacted: list[RedactionPhrase]
    kept: list[RedactionPhrase]

    @property
    def score(self) -> int:
        """Right decisions: identifiers removed plus needed details kept."""
        return len(self.removed) + len(self.kept)

    @property
    def total(self) -> int:
        """Every phrase the learner decides on."""
        return len(self.removed) + len(self.missed) + len(self.over_redacted) + len(self.kept)

    def lines(self) -> list[str]:
        """Feedback, one sentence group per line: the counts first, then each missed
        identifier (with its Safe Harbor category) and each over-redacted detail, with why."""
        identifiers = len(self.removed) + len(self.missed)
        needed = len(self.kept) + len(self.over_redacted)
        out = [f"You removed {len(self.removed)} of {identifiers} identifying details and kept "
               f"{len(self.kept)} of {needed} details the group needs. "
               f"Score: {self.score} of {self.total}."]
        for phrase in self.missed:
            assert phrase.category is not None  # guaranteed by RedactionPhrase
            out.append(f'Still there: "{phrase.text}". On the Safe Harbor list: '
                       f"{phrase.category.label}. {phrase.why}")
        for phrase in self.over_redacted:
            out.append(f'Removed but needed: "{phrase.text}". {phrase.why}')
        if not self.missed and not self.over_redacted:
            out.append("Nothing on the list is left, and the group still has what it needs.")
        return out


class CaseNoteRedaction:
    """A redaction session: which phrases of the note are marked for removal.

    Parameters
    ----------
    content : RedactionExercise
        Validated content (see :func:`peer_ethics.content.loader.redaction_content`).

    Attributes
    ----------
    phrases : list of RedactionPhrase
        In the order they appear in the note.
    marked : set of str
        Ids of the phrases marked for removal.
    """

    def __init__(self, content: RedactionExercise) -> None:
        self.content = content
        by_id = {p.id: p for p in content.phrases}
        self.phrases = [by_id[i] for i in REDACTION_PLACEHOLDER.findall(content.note)]
        self.marked: set[str] = set()

    def mark(self, phrase_id: str, remove: bool = True) -> None:
        """Mark ``phrase_id`` for removal (``remove=False``: keep it).

        Raises
        ------
        KeyError
            Unknown phrase (the message lists the known ids).
        """
        if phrase_id not in {p.id for p in self.phrases}:
            raise KeyError(f"no phrase {phrase_id!r}; known: {', '.join(p.id for p in self.phrases)}")
        if remove:
            self.marked.add(phrase_id)
        else:
            self.marked.discard(phrase_id)

    def redacted_note(self) -> str:
        """The note with marked phrases shown as ``[removed]`` and the others as written."""
        texts = {p.id: REMOVED if p.id in self.marked else p.text for p in self.phrases}
        return REDACTION_PLACEHOLDER.sub(lambda m: texts[m.group(1)], self.content.note).strip()

    def check(self) -> RedactionResult:
        """Compare the marks with the phrases' ``remove`` flags (phrases in note order)."""
        marked = self.marked
        return RedactionResult(
            removed=[p for p in self.phrases if p.remove and p.id in marked],
            missed=[p for p in self.phrases if p.remove and p.id not in marked],
            over_redacted=[p for p in self.phrases if not p.remove and p.id in marked],
            kept=[p for p in self.phrases if not p.remove and p.id not in marked],
        )
