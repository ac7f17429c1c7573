"""Boundary sorter exercise: place situations as within the role, grey area, or crossing a boundary.

Usage in a notebook cell::

    from peer_ethics.widgets.boundary_sorter import boundary_sorter
    sorter = boundary_sorter()
    sorter
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.boundary_sorter.model import CATEGORIES, BoundarySorter, Placement, Score
from peer_ethics.widgets.boundary_sorter.plot import comparison_alt, plot_comparison, show_comparison

if TYPE_CHECKING:
    from peer_ethics.widgets.boundary_sorter.view import BoundarySorterView

__all__ = [
    "CATEGORIES",
    "BoundarySorter",
    "Placement",
    "Score",
    "boundary_sorter",
    "comparison_alt",
    "plot_comparison",
    "show_comparison",
]


def boundary_sorter(module: str = "boundaries") -> BoundarySorterView:
    """Load the scenarios of ``module`` and return a ready-to-display sorter widget.

    Parameters
    ----------
    module : str
        Module id whose scenario bank to sort (``data/scenarios/<module>.yaml``).

    Returns
    -------
    BoundarySorterView
        An ipywidgets ``VBox``; its model is ``.model``.

    Raises
    ------
    peer_ethics.content.ContentError
        The scenario file is missing or invalid.
    """
    from peer_ethics.content import scenarios
    from peer_ethics.widgets.boundary_sorter.view import BoundarySorterView

    return BoundarySorterView(BoundarySorter(scenarios(module)))
