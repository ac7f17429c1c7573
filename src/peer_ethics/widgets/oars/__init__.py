"""OARS reflective-listening drills: answer a fictional peer with open questions, affirmations,
reflections and summaries, and spot the roadblocks.

Usage in a notebook cell::

    from peer_ethics.widgets.oars import oars_drills
    oars_drills()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.oars.model import OarsDrills, OarsFeedback, classify_written

if TYPE_CHECKING:
    from peer_ethics.widgets.oars.view import OarsDrillsView

__all__ = ["OarsDrills", "OarsFeedback", "classify_written", "oars_drills"]


def oars_drills() -> OarsDrillsView:
    """Load ``data/exercises/oars.yaml`` and return the drills widget.

    Raises
    ------
    peer_ethics.content.ContentError
        The exercise file is missing or invalid, or cites an unknown source.
    """
    from peer_ethics.content.loader import oars_content
    from peer_ethics.widgets.oars.view import OarsDrillsView

    content = oars_content()
    return OarsDrillsView(OarsDrills(list(content.statements), content.peer))
