"""Empowerment goal builder: a peer's goal in their words, checked against SMART, then planned.

Usage in a notebook cell::

    from peer_ethics.widgets.goal_builder import goal_builder
    goal_builder()
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from peer_ethics.widgets.goal_builder.model import (
    GoalBuilder,
    GoalPlan,
    SmartCheck,
    SmartReport,
    Step,
    check_smart,
)

if TYPE_CHECKING:
    from peer_ethics.widgets.goal_builder.view import GoalBuilderView

__all__ = ["GoalBuilder", "GoalPlan", "SmartCheck", "SmartReport", "Step", "check_smart",
           "goal_builder"]


def goal_builder(today: date | None = None) -> GoalBuilderView:
    """Load ``data/exercises/goal_builder.yaml`` and return the exercise widget.

    Parameters
    ----------
    today : datetime.date, optional
        The plan's "today" (default: the computer's date). Steps cannot be before it.

    Raises
    ------
    peer_ethics.content.ContentError
        The exercise file is missing or invalid, or cites a key not in the bibliography.
    """
    from peer_ethics.content.loader import bibliography, goal_builder_content
    from peer_ethics.widgets.goal_builder.view import GoalBuilderView

    content = goal_builder_content()
    refs = bibliography()
    return GoalBuilderView(GoalBuilder(content.peers, today or date.today()), content.intro,
                           [refs[key] for key in content.sources])
