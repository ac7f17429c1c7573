"""Dilemma explorer drawing: the learner's path through the steps of the decision-making model."""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING

from peer_ethics.content.models import DecisionStep

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from peer_ethics.widgets.dilemma.model import PathSummary

__all__ = ["path_image_html", "plot_path"]


def plot_path(summary: PathSummary) -> Figure:
    """Draw the path as a line through the model's steps, one point per moment visited.

    The x axis counts the moments in order; the y axis lists the eight steps by number and name.
    Each point is labelled with its step number, and the ending with its kind in words, so
    nothing depends on colour. Made with the object API (``matplotlib.figure.Figure``), so it
    needs no pyplot backend.

    Parameters
    ----------
    summary : PathSummary
        A finished path (:meth:`DilemmaExplorer.summary`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure  # imported here: matplotlib is slow to import
    from matplotlib.ticker import MaxNLocator

    xs = list(range(1, len(summary.route) + 1))
    ys = [s.number for s in summary.route]
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(xs, ys, color="#1f3d7a", linewidth=1.5, marker="o", markersize=7)
    for x, y in zip(xs, ys, strict=True):
        ax.annotate(str(y), (x, y), textcoords="offset points", xytext=(6, 5), ha="left", fontsize=9)
    ax.plot(xs[-1], ys[-1], marker="*", markersize=18, color="black", linestyle="none")
    ax.annotate(summary.ending_words, (xs[-1], ys[-1]), textcoords="offset points", xytext=(12, -4),
                fontsize=10, fontweight="bold")
    ax.set_yticks([s.number for s in DecisionStep],
                  [f"{s.number}. {s.label}" for s in DecisionStep], fontsize=9)
    ax.set_ylim(8.7, 0.3)
    ax.set_xlim(0.5, len(xs) + 3)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Moments on your path, in order")
    ax.set_title(f'Your path through "{summary.title}"', fontsize=11, loc="left")
    ax.grid(axis="y", linestyle=":", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def path_image_html(summary: PathSummary) -> str:
    """Return the drawing as an ``<img>`` (inline PNG, no request leaves the page) with alt text.

    The alt text and the paragraph under the image both give :meth:`PathSummary.route_line`.
    """
    buffer = io.BytesIO()
    plot_path(summary).savefig(buffer, format="png", dpi=90)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    words = html.escape(summary.route_line())
    return (f"<figure class='pek-dilemma-path'><img src='data:image/png;base64,{data}' alt='{words}'"
            f" style='max-width:100%'><figcaption>{words}</figcaption></figure>")
