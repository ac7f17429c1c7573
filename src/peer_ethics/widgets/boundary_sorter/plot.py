"""Boundary sorter figure: how the learner's placements compare with the guidance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.boundary_sorter.model import CATEGORIES, BoundarySorter
from peer_ethics.widgets.figures import figure_html

if TYPE_CHECKING:
    import ipywidgets
    from matplotlib.figure import Figure

__all__ = ["comparison_alt", "plot_comparison", "show_comparison"]


def plot_comparison(model: BoundarySorter) -> Figure:
    """Draw, for each guidance category, how the learner placed its scenarios.

    One horizontal stacked bar per guidance category: scenarios placed in the same category
    ("matches"), placed elsewhere ("differs") and not placed yet. Segments differ by hatch
    pattern and carry their counts as text, so colour is never the only signal.

    Parameters
    ----------
    model : BoundarySorter

    Returns
    -------
    matplotlib.figure.Figure
        Object-API figure (no pyplot state); :func:`show_comparison` shows it with alt text.
    """
    from matplotlib.figure import Figure  # imported here: matplotlib is slow to import
    from matplotlib.ticker import MaxNLocator

    score = model.score()
    totals = {g: sum(1 for s in model.scenarios if s.guidance is g) for g in CATEGORIES}
    matched = {g: score.confusion.get((g, g), 0) for g in CATEGORIES}
    differs = {
        g: sum(n for (guid, chosen), n in score.confusion.items() if guid is g and chosen is not g)
        for g in CATEGORIES
    }
    segments = [
        ("Matches the guidance", matched, "#1b7837", ""),
        ("Placed differently", differs, "#b35806", "//"),
        ("Not placed yet", {g: totals[g] - matched[g] - differs[g] for g in CATEGORIES}, "#d9d9d9", ".."),
    ]

    fig = Figure(figsize=(8, 3.4), layout="constrained")
    ax = fig.add_subplot()
    labels = [f"{g.label}\n({totals[g]} situations)" for g in CATEGORIES]
    left = [0] * len(CATEGORIES)
    for name, counts, colour, hatch in segments:
        widths = [counts[g] for g in CATEGORIES]
        bars = ax.barh(labels, widths, left=left, label=name, color=colour, hatch=hatch,
                       edgecolor="black", linewidth=0.8)
        for bar, width in zip(bars, widths, strict=True):
            if width:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        str(width), ha="center", va="center", fontsize=13,
                        color="black", fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "linewidth": 0})
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("Number of situations")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Your sorting compared with the guidance: {score.summary()}", fontsize=12,
                 loc="left", wrap=True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.18), ncols=3, frameon=False, fontsize=11)
    ax.tick_params(labelsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def comparison_alt(model: BoundarySorter) -> str:
    """Return the comparison chart in words (its alt text): the summary, then each category's
    matched / differently placed / not placed counts."""
    score = model.score()
    parts = [f"Chart of your sorting compared with the guidance. {score.summary()}"]
    for g in CATEGORIES:
        total = sum(1 for s in model.scenarios if s.guidance is g)
        matched = score.confusion.get((g, g), 0)
        differs = sum(n for (guid, chosen), n in score.confusion.items() if guid is g and chosen is not g)
        plural = "s" if total != 1 else ""
        parts.append(f"{g.label}: {total} situation{plural}, {matched} match, {differs} placed "
                     f"differently, {total - matched - differs} not placed yet.")
    return " ".join(parts)


def show_comparison(model: BoundarySorter) -> ipywidgets.HTML:
    """Return the comparison chart as an ``HTML`` widget: the image with :func:`comparison_alt`
    as its alt text (works the same in JupyterLab and in Voila)."""
    import ipywidgets as w

    return w.HTML(figure_html(plot_comparison(model), comparison_alt(model)))
