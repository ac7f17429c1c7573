"""Ask-Share-Ask planner: plan a short self-disclosure that serves the peer, step by step.

Usage in a notebook cell::

    from peer_ethics.widgets.ask_share_ask import ask_share_ask
    ask_share_ask()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.ask_share_ask.model import (
    STEPS,
    AskShareAskPlanner,
    PlanSummary,
    ShareStats,
    StepFeedback,
)

if TYPE_CHECKING:
    from peer_ethics.widgets.ask_share_ask.view import AskShareAskView

__all__ = ["STEPS", "AskShareAskPlanner", "PlanSummary", "ShareStats", "StepFeedback", "ask_share_ask"]


def ask_share_ask() -> AskShareAskView:
    """Load ``data/exercises/ask_share_ask.yaml`` and return the planner widget.

    Raises
    ------
    peer_ethics.content.ContentError
        The exercise file is missing or invalid, or cites an unknown source.
    """
    from peer_ethics.content.loader import ask_share_ask_content
    from peer_ethics.widgets.ask_share_ask.view import AskShareAskView

    return AskShareAskView(AskShareAskPlanner(ask_share_ask_content()))
