"""Consistency tracker: record commitments to a fictional peer week by week, and see how many
were kept, renegotiated in advance, or missed.

Usage in a notebook cell::

    from peer_ethics.widgets.consistency import consistency_tracker
    consistency_tracker()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.consistency.model import Commitment, ConsistencyTracker, WeekCounts

if TYPE_CHECKING:
    from peer_ethics.widgets.consistency.view import ConsistencyTrackerView

__all__ = ["Commitment", "ConsistencyTracker", "WeekCounts", "consistency_tracker"]


def consistency_tracker() -> ConsistencyTrackerView:
    """Load ``data/exercises/consistency.yaml`` and return the tracker, preloaded with its
    fictional example so the chart is meaningful at once.

    Raises
    ------
    peer_ethics.content.ContentError
        The exercise file is missing or invalid, or cites an unknown source.
    """
    from peer_ethics.content.loader import bibliography, consistency_content
    from peer_ethics.widgets.consistency.view import ConsistencyTrackerView

    content = consistency_content()
    example = [Commitment(e.week, e.text, e.outcome) for e in content.example]
    model = ConsistencyTracker(content.peer, content.guidance, example)
    sources = [bibliography()[k].short() for k in content.sources]
    return ConsistencyTrackerView(model, sources)
