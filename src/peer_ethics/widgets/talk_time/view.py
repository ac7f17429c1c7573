"""Talk-time tracker, thin ipywidgets view: seat buttons, share-of-voice chart, gentle prompt."""

from __future__ import annotations

import html
import time
from collections.abc import Callable

import ipywidgets as w

from peer_ethics.widgets.figures import figure_html
from peer_ethics.widgets.talk_time.model import DEFAULT_SEATS, TalkTimeTracker, parse_seats

__all__ = ["TalkTimeView"]

_SPACED = "0 0.6em 0.6em 0"
_WIDE = w.Layout(width="100%", max_width="48em")
_NOTE = ("Use seat numbers or first initials, never full names. Add yourself too (for example "
         "'Facilitator') to see your own share. Nothing is saved: the times live only in this "
         "page and are gone when you close it.")


def _button(description: str, tooltip: str) -> w.Button:
    return w.Button(description=description, tooltip=tooltip,
                    layout=w.Layout(width="auto", margin=_SPACED))


class TalkTimeView(w.VBox):  # type: ignore[misc]
    """Seats as labelled Start/Stop buttons; the chart and prompt update on every press.

    Controls, all labelled and reachable with Tab: the seat list (``Text``), "Set up the
    seats", one button per seat ("Start Seat 1", or "Stop Seat 1 (speaking)"), "Pause (nobody
    speaking)", "Update the chart" and "Reset the times". The speaking seat is named in words.

    Parameters
    ----------
    clock : callable returning float, optional
        Passed to each :class:`TalkTimeTracker` (default :func:`time.monotonic`).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.tracker = TalkTimeTracker(DEFAULT_SEATS, clock)
        self.seats_box = w.Text(value=", ".join(DEFAULT_SEATS),
                                description="Seats (comma-separated):",
                                style={"description_width": "initial"}, continuous_update=False,
                                layout=w.Layout(width="100%", max_width="40em"))
        self.setup_button = _button("Set up the seats", "Make one button per seat; times restart")
        self.setup_message = w.HTML(layout=_WIDE)
        self.seat_buttons: dict[str, w.Button] = {}
        self.seat_box = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.pause_button = _button("Pause (nobody speaking)", "Stop the clock")
        self.refresh_button = _button("Update the chart", "Redraw with the time so far")
        self.reset_button = _button("Reset the times", "Set every seat back to zero")
        self.status = w.HTML(layout=_WIDE)
        self.prompt = w.HTML(layout=_WIDE)
        self.chart = w.HTML(layout=_WIDE)
        self.text_alternative = w.HTML(layout=_WIDE)

        self.setup_button.on_click(lambda _b: self.set_up())
        self.pause_button.on_click(lambda _b: self.pause())
        self.refresh_button.on_click(lambda _b: self._render())
        self.reset_button.on_click(lambda _b: self.reset())
        super().__init__([
            w.HTML(f"<p>{html.escape(_NOTE)}</p>", layout=_WIDE),
            w.HBox([self.seats_box, self.setup_button],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.setup_message,
            w.HTML("<p>Press a seat's <strong>Start</strong> button when that person speaks. "
                   "Pressing another seat switches; pressing the speaking seat again stops.</p>",
                   layout=_WIDE),
            self.seat_box,
            w.HBox([self.pause_button, self.refresh_button, self.reset_button],
                   layout=w.Layout(flex_flow="row wrap")),
            self.status, self.prompt, self.chart, self.text_alternative,
        ])
        self.add_class("pek-talk-time")
        self._make_buttons()
        self._render()

    # -- actions --------------------------------------------------------------------------------

    def set_up(self) -> None:
        """Read the seat list; on success make one button per seat and restart the times."""
        try:
            seats = parse_seats(self.seats_box.value)
        except ValueError as exc:
            self.setup_message.value = (f"<p role='alert'><strong>Please check:</strong> "
                                        f"{html.escape(str(exc))}</p>")
            return
        self.tracker = TalkTimeTracker(seats, self.clock)
        self._make_buttons()
        self._render()
        self.setup_message.value = (f"<p role='status'>{len(seats)} seats set up. Times start at "
                                    "zero.</p>")

    def press(self, seat: str) -> None:
        """Press ``seat``'s button: start, switch to, or stop that seat."""
        self.tracker.press(seat)
        self._render()

    def pause(self) -> None:
        """Nobody is speaking: stop the clock."""
        self.tracker.stop()
        self._render()

    def reset(self) -> None:
        """Set every seat back to zero."""
        self.tracker.reset()
        self._render()

    # -- rendering ------------------------------------------------------------------------------

    def _make_buttons(self) -> None:
        self.seat_buttons = {}
        for seat in self.tracker.seats:
            button = _button(f"Start {seat}", f"{seat} is speaking")
            button.on_click(lambda _b, s=seat: self.press(s))
            self.seat_buttons[seat] = button
        self.seat_box.children = list(self.seat_buttons.values())

    def _render(self) -> None:
        """Draw the chart first (the slow part), then update buttons and texts together."""
        from peer_ethics.widgets.talk_time.plot import plot_shares

        with self.tracker.frozen():  # chart, prompt and text from one instant
            alt = self.tracker.text_alternative()
            chart = figure_html(plot_shares(self.tracker), alt)
            prompt = self.tracker.prompt()
        for seat, button in self.seat_buttons.items():
            speaking = seat == self.tracker.speaker
            button.description = f"Stop {seat} (speaking)" if speaking else f"Start {seat}"
            button.button_style = "warning" if speaking else ""
        self.prompt.value = f"<p>{html.escape(prompt)}</p>"
        self.chart.value = chart
        self.text_alternative.value = f"<p>{html.escape(alt)}</p>"
        self.status.value = (f"<p role='status'><strong>{html.escape(self.tracker.status())}"
                             "</strong></p>")
