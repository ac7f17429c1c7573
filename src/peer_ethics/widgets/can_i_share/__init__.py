""""Can I share this?": walk fictional requests for a peer's information through a decision tree.

Usage in a notebook cell::

    from peer_ethics.widgets.can_i_share import can_i_share
    can_i_share()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.can_i_share.model import CanIShareWalk, OutcomeFeedback, StepFeedback

if TYPE_CHECKING:
    from peer_ethics.widgets.can_i_share.view import CanIShareView

__all__ = ["CanIShareWalk", "OutcomeFeedback", "StepFeedback", "can_i_share"]


def can_i_share() -> CanIShareView:
    """Load ``data/exercises/can_i_share.yaml`` and return the walk-through widget.

    Raises
    ------
    peer_ethics.content.ContentError
        The exercise file is missing or invalid, or cites a source missing from the bibliography.
    """
    from peer_ethics.content.loader import can_i_share_content
    from peer_ethics.widgets.can_i_share.view import CanIShareView

    return CanIShareView(CanIShareWalk(can_i_share_content()))
