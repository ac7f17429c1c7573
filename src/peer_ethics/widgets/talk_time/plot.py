"""Talk-time figure: each seat's share of voice as a horizontal bar, with an equal-share line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.talk_time.model import TalkTimeTracker, format_duration, format_percent

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_shares"]


def plot_shares(tracker: TalkTimeTracker) -> Figure:
    """Draw each seat's share of the talk time so far.

    One horizontal bar per seat, in seat order from the top, on a 0-100% axis. The percentage
    and time are written beside each bar ("not heard yet" for a seat never started); the seat
    speaking now is hatched and its label says "(speaking now)"; a dashed vertical line marks
    an equal share and is labelled in words. Colour is never the only signal. Seat labels are
    drawn as typed (no maths from "$").

    Parameters
    ----------
    tracker : TalkTimeTracker

    Returns
    -------
    matplotlib.figure.Figure
        Built with the object API (no pyplot state); render it with ``savefig``.
    """
    from matplotlib.figure import Figure  # imported here: matplotlib is slow to import

    spoken = tracker.all_seconds()
    total = sum(spoken.values())
    quiet = set(tracker.not_heard())
    seats = list(tracker.seats)
    shares = [100 * spoken[s] / total if total else 0.0 for s in seats]
    labels = [s + (" (speaking now)" if s == tracker.speaker else "") for s in seats]

    fig = Figure(figsize=(8, 1.2 + 0.5 * len(seats)), layout="constrained")
    ax = fig.add_subplot()
    rows = range(len(seats))
    bars = ax.barh(rows, shares, color="#6a51a3", edgecolor="black", linewidth=0.8)
    # parse_math=False: seat labels are shown as typed; "$" would otherwise start maths, and a
    # label such as "$\frac$" made every redraw raise.
    ax.set_yticks(rows, labels, parse_math=False)
    for bar, seat, share in zip(bars, seats, shares, strict=True):
        if seat == tracker.speaker:
            bar.set_hatch("//")
            bar.set_facecolor("#bcbddc")
        text = ("not heard yet" if seat in quiet
                else f"{format_percent(share / 100)} ({format_duration(spoken[seat])})")
        ax.text(share + 1, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=10,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "linewidth": 0})
    equal = 100 * tracker.equal_share
    ax.axvline(equal, color="black", linestyle="--", linewidth=1.2)
    ax.text(equal, -0.75, f"Equal share {format_percent(tracker.equal_share)}", ha="center",
            va="bottom", fontsize=10, fontweight="bold",
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "linewidth": 0})
    ax.set_xlim(0, 100)
    ax.set_ylim(len(seats) - 0.5, -1.0)  # first seat on top; room for the equal-share label
    ax.set_xlabel("Share of talk time so far (%)")
    ax.set_title(f"Share of voice (total {format_duration(total)})", loc="left", fontsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    return fig
