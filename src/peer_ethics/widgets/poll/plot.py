"""Live poll figure: one horizontal bar per option, its count and share written on it."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from peer_ethics.widgets.poll.model import PollResults

__all__ = ["plot_results"]


def plot_results(results: PollResults) -> Figure:
    """Draw ``results`` as labelled horizontal bars (counts and percentages as text, so the
    figure reads without colour; large type for a projector).

    Returns
    -------
    matplotlib.figure.Figure
        Object-API figure (no pyplot state), 9 x (1 + 0.9 per option) inches.
    """
    options = results.question.options
    fig = Figure(figsize=(9, 1 + 0.9 * len(options)), layout="constrained")
    ax = fig.add_subplot()
    labels = [textwrap.fill(o, 28) for o in options]
    positions = list(range(len(options)))[::-1]  # first option at the top
    ax.barh(positions, results.counts, color="#3b5b92", edgecolor="black", height=0.6)
    total = results.total
    for y, n in zip(positions, results.counts, strict=True):
        share = f"{n} ({round(100 * n / total)}%)" if total else "0"
        ax.text(n, y, f"  {share}", va="center", ha="left", fontsize=15, color="black")
    ax.set_yticks(positions, labels, fontsize=14)
    ax.set_xlim(0, max([*results.counts, 1]) * 1.35)
    ax.set_xlabel("Answers", fontsize=13)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(f"{total} answer{'s' if total != 1 else ''}", fontsize=16, loc="left")
    return fig
