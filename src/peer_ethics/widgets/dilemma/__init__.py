"""Ethical dilemma explorer: walk a fictional dilemma through the decision-making model.

Usage in a notebook cell::

    from peer_ethics.widgets.dilemma import dilemma_explorer
    dilemma_explorer()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.dilemma.model import DilemmaExplorer, PathSummary, TakenChoice

if TYPE_CHECKING:
    from peer_ethics.widgets.dilemma.view import DilemmaExplorerView

__all__ = ["DilemmaExplorer", "PathSummary", "TakenChoice", "dilemma_explorer"]


def dilemma_explorer() -> DilemmaExplorerView:
    """Load ``data/exercises/dilemmas/*.yaml`` and return the explorer widget.

    Returns
    -------
    DilemmaExplorerView
        With a picker when there are several dilemmas, and each dilemma's sources shown as
        author-year labels from the bibliography.

    Raises
    ------
    peer_ethics.content.ContentError
        A dilemma file is missing or invalid, or cites a key missing from the bibliography.
    """
    from peer_ethics.content.loader import bibliography, dilemmas
    from peer_ethics.widgets.dilemma.view import DilemmaExplorerView

    found = dilemmas()
    refs = bibliography()
    sources = {k: refs[k].short() for d in found for k in d.sources}
    return DilemmaExplorerView(DilemmaExplorer(list(found)), sources)
