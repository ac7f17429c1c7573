"""Language reframing, pure model: rewrite a sentence without its stigmatising label.

A rewrite is accepted when none of the item's labels, and none of the kit's list of
stigmatising terms (:data:`peer_ethics.content.quality.STIGMATISING`), is left in it, and it is
a real rewrite (not empty, not the original). Suggestions follow NIDA's "Words Matter" advice
for substance use (cited per item in ``data/exercises/reframe.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peer_ethics.content.models import ReframeItem
from peer_ethics.content.quality import STIGMATISING

__all__ = ["LanguageReframe", "ReframeFeedback"]


@dataclass(frozen=True)
class ReframeFeedback:
    """The verdict on one rewrite.

    Attributes
    ----------
    accepted : bool
    left : list of str
        Labels or stigmatising terms still in the rewrite.
    message : str
        Plain feedback: what to change, or why the rewrite works, with a suggestion.
    """

    accepted: bool
    left: list[str]
    message: str


def _terms_in(text: str, terms: list[str] | tuple[str, ...]) -> list[str]:
    lower = text.lower()
    return [t for t in terms if re.search(rf"\b{re.escape(t.lower())}s?\b", lower)]


class LanguageReframe:
    """A reframing session over a fixed list of items.

    Raises
    ------
    ValueError
        No items, or repeated ids.
    """

    def __init__(self, items: list[ReframeItem]) -> None:
        if not items:
            raise ValueError("the reframing exercise needs at least one sentence")
        if len({i.id for i in items}) != len(items):
            raise ValueError("item ids must be unique")
        self.items = list(items)
        self.accepted: dict[str, str] = {}

    def check(self, item_id: str, rewrite: str) -> ReframeFeedback:
        """Judge ``rewrite`` of item ``item_id``; remember it when accepted.

        Raises
        ------
        KeyError
            Unknown item (the message lists the known ids).
        """
        item = next((i for i in self.items if i.id == item_id), None)
        if item is None:
            raise KeyError(f"no item {item_id!r}; known: {', '.join(i.id for i in self.items)}")
        text = rewrite.strip()
        if not text or text.lower() == item.sentence.lower():
            return ReframeFeedback(False, [], "Rewrite the sentence in your own words first.")
        left = list(dict.fromkeys(_terms_in(text, item.labels) + _terms_in(text, STIGMATISING)))
        if left:
            return ReframeFeedback(False, left, (
                f"Still there: {', '.join(repr(t) for t in left)}. Name the person first and say "
                f"what happened. For example: {item.suggestions[0]}"))
        self.accepted[item.id] = text
        return ReframeFeedback(True, [], f"Person-first and free of labels. Why it matters: "
                                         f"{item.why} Another way to say it: {item.suggestions[-1]}")

    def progress(self) -> str:
        """How many sentences have an accepted rewrite, as a sentence."""
        return f"{len(self.accepted)} of {len(self.items)} sentences reframed."
