"""Dual-roles map figure: the peer in the centre, the learner's roles around, lines labelled in words."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Literal

from peer_ethics.widgets.dual_roles.model import RISK_WORDS, DualRolesMap

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_map", "png_bytes"]

# Line style per level: colour, dash pattern and width all differ, and every line carries its
# risk in words, so no information depends on colour.
_LINE: dict[str, tuple[str, Literal["solid", "dotted", "dashed"], float]] = {
    "work": ("#2b2b2b", "solid", 1.5),
    "low": ("#4575b4", "dotted", 2.0),
    "moderate": ("#b35806", "dashed", 2.5),
    "high": ("#b2182b", "solid", 4.0),
}


def plot_map(model: DualRolesMap) -> Figure:
    """Draw the map of the roles the learner holds with the peer.

    The peer sits in the centre; the peer-specialist role is at the top; each held role sits on
    a circle around, joined to the peer by a line whose label states the risk in words
    ("High risk") and whose dash pattern and width differ by level. Pair it with
    :meth:`DualRolesMap.text_alternative`.

    Parameters
    ----------
    model : DualRolesMap

    Returns
    -------
    matplotlib.figure.Figure
        Built with the object API (no pyplot, safe under any backend, not shown by itself).
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    held = model.selected_guidance()
    fig = Figure(figsize=(8.5, 6.2), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    nodes = [("Peer specialist\n(your work role)", "work", "Work role")]
    nodes += [(textwrap.fill(g.label, 18), g.risk, g.risk_words) for g in held]
    box = {"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "black", "linewidth": 1.2}
    for k, (label, level, words) in enumerate(nodes):
        angle = math.pi / 2 - 2 * math.pi * k / len(nodes)
        x, y = 1.35 * math.cos(angle), math.sin(angle)
        colour, dashes, width = _LINE[level]
        ax.plot([0, x], [0, y], color=colour, linestyle=dashes, linewidth=width, zorder=1)
        at = 0.56 if k % 2 else 0.68  # alternate, so neighbouring labels do not touch
        ax.text(at * x, at * y, words, ha="center", va="center", fontsize=10, fontweight="bold",
                zorder=3, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                "edgecolor": colour, "linestyle": dashes})
        ax.text(x, y, label, ha="center", va="center", fontsize=10, zorder=4, bbox=box)
    ax.text(0, 0, f"{model.peer}\n(the peer)", ha="center", va="center", fontsize=13,
            fontweight="bold", zorder=4,
            bbox={**box, "boxstyle": "circle,pad=0.5", "linewidth": 2.0})
    handles = [Line2D([0], [0], color=_LINE[level][0], linestyle=_LINE[level][1],
                      linewidth=_LINE[level][2], label=words)
               for level, words in RISK_WORDS.items()]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.06), ncols=3,
              frameon=False, fontsize=10, handlelength=3.5)
    ax.set_title(textwrap.fill(model.summary(), 80), fontsize=11, loc="left")
    return fig


def png_bytes(fig: Figure) -> bytes:
    """Render ``fig`` as PNG bytes (96 dpi), for an ``<img>`` in an HTML widget."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96)
    return buffer.getvalue()
