"""Dual-roles map: the roles you also hold with a peer, the risk of each overlap, and what to do.

Usage in a notebook cell::

    from peer_ethics.widgets.dual_roles import dual_roles_map
    dual_roles_map()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.dual_roles.model import RISK_WORDS, DualRolesMap, RoleGuidance
from peer_ethics.widgets.dual_roles.plot import plot_map

if TYPE_CHECKING:
    from peer_ethics.widgets.dual_roles.view import DualRolesMapView

__all__ = ["RISK_WORDS", "DualRolesMap", "RoleGuidance", "dual_roles_map", "plot_map"]


def dual_roles_map() -> DualRolesMapView:
    """Load ``data/exercises/dual_roles.yaml`` and return the exercise widget.

    Raises
    ------
    peer_ethics.content.ContentError
        The exercise file is missing or invalid, or cites an unknown source.
    """
    from peer_ethics.content.loader import dual_roles_content
    from peer_ethics.widgets.dual_roles.view import DualRolesMapView

    return DualRolesMapView(DualRolesMap(dual_roles_content()))
