"""Goal builder figure: the plan as a timeline (steps, today, the goal date) on a date axis."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from peer_ethics.widgets.goal_builder.model import GoalPlan

__all__ = ["plot_timeline"]

#: Heights of the step labels above (+) and below (-) the axis line, used in turn so that
#: neighbouring labels do not overlap.
_LEVELS = (1.0, -1.0, 2.0, -2.0)


def plot_timeline(plan: GoalPlan, name: str) -> Figure:
    """Draw ``plan`` as a timeline.

    Each step is a numbered round marker on the axis line with a stem to its label (number,
    text and ISO date); today is a dashed vertical line labelled "Today"; the goal date is a
    star with a dotted line labelled "Goal date". Shapes, line styles and words tell them
    apart, so colour is never the only signal.

    Parameters
    ----------
    plan : GoalPlan
        Must have a goal date.
    name : str
        The peer's first name, for the title.

    Returns
    -------
    matplotlib.figure.Figure
        Built with the object API (no pyplot state); render it with ``savefig``.

    Raises
    ------
    ValueError
        The plan has no goal date yet.
    """
    import matplotlib.dates as mdates  # imported here: matplotlib is slow to import
    from matplotlib.figure import Figure

    if plan.goal_date is None:
        raise ValueError("set the goal date before drawing the timeline")
    today, goal = plan.today, plan.goal_date
    start, end = float(mdates.date2num(today)), float(mdates.date2num(goal))
    days = (goal - today).days
    pad = max(2.0, days * 0.08, (14 - days) / 2)  # date numbers count days; show >= 2 weeks

    fig = Figure(figsize=(9, 4.2), layout="constrained")
    ax = fig.add_subplot()
    ax.axhline(0, color="black", linewidth=1.2, zorder=1)
    for n, step in enumerate(plan.steps, 1):
        x = float(mdates.date2num(step.when))
        level = _LEVELS[(n - 1) % len(_LEVELS)]
        ax.vlines(x, 0, level * 0.85, color="#4d4d4d", linewidth=1, zorder=1)
        ax.plot(x, 0, marker="o", markersize=17, markerfacecolor="white",
                markeredgecolor="#08519c", markeredgewidth=2, zorder=3)
        ax.text(x, 0, str(n), ha="center", va="center", fontsize=9, fontweight="bold",
                zorder=4)
        label = f"{n}. " + "\n".join(textwrap.wrap(step.text, 24)) + f"\n{step.when.isoformat()}"
        # parse_math=False: the learner's text is shown as typed ("$20" is money, not maths).
        ax.text(x, level, label, ha="center", va="bottom" if level > 0 else "top",
                fontsize=9, parse_math=False,
                bbox={"boxstyle": "round,pad=0.25", "facecolor": "white",
                      "edgecolor": "#08519c", "linewidth": 0.8})
    ax.axvline(start, color="#4d4d4d", linestyle="--", linewidth=1.2, zorder=0)
    ax.text(start, 3.55, f"Today {today.isoformat()}", ha="center", va="bottom", fontsize=9,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "linewidth": 0})
    ax.axvline(end, color="#1b7837", linestyle=":", linewidth=1.6, zorder=0)
    ax.plot(end, 0, marker="*", markersize=22, markerfacecolor="#1b7837",
            markeredgecolor="black", zorder=2)
    ax.text(end, 2.95, f"Goal date {goal.isoformat()}", ha="center", va="bottom", fontsize=9,
            fontweight="bold",
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "linewidth": 0})

    ax.set_xlim(start - pad, end + pad)
    ax.set_ylim(-3.2, 4.2)
    ax.yaxis.set_visible(False)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.spines[["left", "right", "top"]].set_visible(False)
    count = f"{len(plan.steps)} step" + ("" if len(plan.steps) == 1 else "s")
    ax.set_title(f"{name}'s plan: {count} before the goal date", loc="left", fontsize=12)
    return fig
