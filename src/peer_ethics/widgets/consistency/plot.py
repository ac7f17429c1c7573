"""Consistency tracker chart: commitments per week as stacked, hatched, labelled bars."""

from __future__ import annotations

import base64
import html
import io

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from peer_ethics.widgets.consistency.model import OUTCOME_LABELS, ConsistencyTracker

__all__ = ["STYLES", "chart_html", "plot_weeks"]

#: Fill colour and hatch pattern per outcome: colour is never the only signal (hatches, a
#: legend in words and a count on every segment carry the same information).
STYLES: dict[str, tuple[str, str]] = {
    "kept": ("#4575b4", "//"),
    "renegotiated": ("#fee090", ".."),
    "missed": ("#d73027", "xx"),
}


def plot_weeks(model: ConsistencyTracker) -> Figure:
    """Draw one stacked bar per week: kept, renegotiated in advance, missed without notice.

    Parameters
    ----------
    model : ConsistencyTracker

    Returns
    -------
    matplotlib.figure.Figure
        Made with the object API (no pyplot state, safe under the Agg backend). Each segment
        carries its count as text; the legend names the outcomes in words.
    """
    fig = Figure(figsize=(8, 3.6), layout="constrained")
    ax = fig.add_subplot()
    rows = model.weeks()
    labels = [f"Week {r.week}" for r in rows]
    bottom = [0] * len(rows)
    for outcome, name in OUTCOME_LABELS.items():
        colour, hatch = STYLES[outcome]
        heights = [getattr(r, outcome) for r in rows]
        bars = ax.bar(labels, heights, bottom=bottom, label=name, color=colour, hatch=hatch,
                      edgecolor="black", linewidth=0.8)
        for bar, height in zip(bars, heights, strict=True):
            if height:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        f"{height} {outcome}", ha="center", va="center", fontsize=10,
                        color="black", bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                             "linewidth": 0})
        bottom = [a + b for a, b in zip(bottom, heights, strict=True)]
    ax.set_ylim(0, max(bottom, default=0) + 0.5)
    ax.set_ylabel("Commitments")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Commitments to {model.peer}, week by week", loc="left", fontsize=12)
    if rows:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=10)
    else:
        ax.text(0.5, 0.5, "No commitments recorded yet", ha="center", va="center",
                transform=ax.transAxes)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def chart_html(model: ConsistencyTracker) -> str:
    """Return the chart as an inline PNG ``<img>`` whose ``alt`` is the model's text alternative.

    A ``data:`` URL keeps the page offline; ipywidgets' ``Image`` cannot carry ``alt`` text,
    so the view shows this in an ``HTML`` widget.
    """
    fig = plot_weeks(model)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = html.escape(model.text_alternative(), quote=True)
    return (f'<img src="data:image/png;base64,{data}" alt="{alt}" '
            'style="width:100%;max-width:48em;height:auto">')
