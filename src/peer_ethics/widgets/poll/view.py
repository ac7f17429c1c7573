"""Live poll, thin ipywidgets views: a participant's answer form and the facilitator's screen.

Both refresh themselves every two seconds while the kernel runs (an asyncio task on the
kernel's event loop) and have a button to refresh by hand. Results are a chart with its text
alternative; nothing is shown by colour alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import sqlite3

import ipywidgets as w

from peer_ethics.widgets.figures import figure_html
from peer_ethics.widgets.poll.model import FacilitatorPoll, ParticipantPoll, PollResults
from peer_ethics.widgets.poll.plot import plot_results
from peer_ethics.widgets.poll.store import PollState

__all__ = ["REFRESH_SECONDS", "FacilitatorPollView", "ParticipantPollView"]

#: How often an open poll page looks for a new question or new answers, in seconds.
REFRESH_SECONDS = 2.0

_LOG = logging.getLogger(__name__)
_BUTTON = w.Layout(width="auto", margin="0 0.6em 0.6em 0")


def _results_html(results: PollResults) -> str:
    lines = results.lines()
    alt = f"Bar chart of {results.total} answers. " + "; ".join(lines)
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"{figure_html(plot_results(results), alt)}<ul class='pek-poll-lines'>{items}</ul>"


class _Refreshing(w.VBox):  # type: ignore[misc]
    """A box that calls ``refresh()`` every :data:`REFRESH_SECONDS` while the kernel runs."""

    _task: asyncio.Task[None] | None = None

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def start_auto_refresh(self, seconds: float = REFRESH_SECONDS) -> bool:
        """Start refreshing on the running event loop; False when there is none (plain Python)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False

        async def tick() -> None:
            while True:
                await asyncio.sleep(seconds)
                try:
                    self.refresh()
                except Exception:  # a locked or missing store must not kill the page
                    _LOG.warning("live poll: refresh failed", exc_info=True)

        self._task = loop.create_task(tick())
        return True


class ParticipantPollView(_Refreshing):
    """A participant's poll: the open question, one choice, a Send button, then the results
    once the facilitator reveals them. No facilitator control exists in this view."""

    def __init__(self, model: ParticipantPoll) -> None:
        self.model = model
        self._shown: tuple[str | None, int] | None = None
        self._revealed_counts: tuple[int, ...] | None = None
        self.question = w.HTML()
        self.choice = w.RadioButtons(options=[], value=None, description="Your answer:",
                                     style={"description_width": "initial"},
                                     layout=w.Layout(width="auto"))
        self.send_button = w.Button(description="Send my answer", tooltip="Send your answer",
                                    layout=_BUTTON)
        self.refresh_button = w.Button(description="Check for a new question",
                                       tooltip="Look for a new question now", layout=_BUTTON)
        self.status = w.HTML()
        self.results = w.HTML()
        self.send_button.on_click(lambda _b: self.send())
        self.refresh_button.on_click(lambda _b: self.refresh())
        super().__init__([
            w.HTML("<p>Answer on your own device. Your answer is anonymous: the poll keeps only "
                   "a count for each answer, never who sent it.</p>"),
            self.question, self.choice,
            w.HBox([self.send_button, self.refresh_button], layout=w.Layout(flex_flow="row wrap")),
            self.status, self.results,
        ])
        self.add_class("pek-poll")
        self.refresh()

    def send(self) -> None:
        """Send the chosen answer and say what happened."""
        option = self.choice.index if self.choice.value is not None else None
        result = self.model.send(option)
        self.status.value = f"<p role='status'>{html.escape(result.message)}</p>"
        with contextlib.suppress(sqlite3.OperationalError):  # the next refresh catches up
            self.refresh()

    def refresh(self) -> None:
        """Show a new question if the facilitator opened one, and results once revealed."""
        state = self.model.state()
        if (state.question, state.round) != self._shown:
            self._show_question(state)
        answered = self.model.has_answered(state)
        self.send_button.disabled = answered or self.model.question(state) is None
        self.choice.disabled = answered
        results = self.model.results(state)
        counts = results.counts if results else None
        if counts != self._revealed_counts:
            self._revealed_counts = counts
            self.results.value = ("" if results is None else
                                  "<h3>What the room said</h3>" + _results_html(results))

    def _show_question(self, state: PollState) -> None:
        self._shown = (state.question, state.round)
        question = self.model.question(state)
        if question is None:
            self.question.value = ("<p class='pek-poll-question'>Waiting for your facilitator to "
                                   "open a question.</p>")
            self.choice.options = []
        else:
            self.question.value = f"<p class='pek-poll-question'>{html.escape(question.text)}</p>"
            self.choice.options = list(question.options)
            self.choice.value = None
            if self.status.value and "already in" not in self.status.value:
                self.status.value = ""


class FacilitatorPollView(_Refreshing):
    """The facilitator's projected poll: choose and open a question, watch answers arrive,
    reveal them to participants, reset."""

    def __init__(self, model: FacilitatorPoll) -> None:
        self.model = model
        self._drawn: tuple[object, ...] | None = None
        self.picker = w.Dropdown(options=[(q.text, q.id) for q in model.questions.values()],
                                 description="Question:", style={"description_width": "initial"},
                                 layout=w.Layout(width="100%", max_width="60em"))
        self.open_button = w.Button(description="Open this question", layout=_BUTTON,
                                    tooltip="Start collecting answers to the chosen question")
        self.reveal_button = w.ToggleButton(value=False, description="Show results to participants",
                                            tooltip="Show or hide the results on participants' screens",
                                            layout=_BUTTON)
        self.reset_button = w.Button(description="Reset answers", layout=_BUTTON,
                                     tooltip="Clear the answers to the open question")
        self.status = w.HTML()
        self.live = w.HTML()
        self.open_button.on_click(lambda _b: self._act(self.model.open(str(self.picker.value))))
        self.reset_button.on_click(lambda _b: self._act(self.model.reset()))
        self.reveal_button.observe(lambda change: self._act(self.model.reveal(bool(change["new"]))),
                                   names="value")
        super().__init__([
            w.HTML("<p>Facilitator screen. Open a question; participants answer on their own "
                   "devices. Only counts are kept, never who answered.</p>"),
            self.picker,
            w.HBox([self.open_button, self.reveal_button, self.reset_button],
                   layout=w.Layout(flex_flow="row wrap")),
            self.status, self.live,
        ])
        self.add_class("pek-poll")
        self.refresh()

    def _act(self, state: PollState) -> None:
        self._drawn = None
        self.refresh(state)

    def refresh(self, state: PollState | None = None) -> None:
        """Redraw the open question's answers when they changed."""
        state = state or self.model.state()
        results = self.model.live_results(state)
        key = (state.question, state.round, state.revealed, results.counts if results else None)
        if key == self._drawn:
            return
        self._drawn = key
        if self.reveal_button.value != state.revealed:
            self.reveal_button.value = state.revealed  # observe fires; same state, no change
        self.reveal_button.description = ("Hide results from participants" if state.revealed
                                           else "Show results to participants")
        if results is None:
            self.status.value = "<p role='status'>No question is open yet.</p>"
            self.live.value = ""
            return
        shown = "shown to participants" if state.revealed else "hidden from participants"
        self.status.value = (f"<p role='status'>Open: <strong>{html.escape(results.question.text)}"
                             f"</strong> ({results.total} answers so far; results {shown}).</p>")
        # Until revealed, the projected screen shows only the count: bars rising as someone
        # presses Send would tell a small room who chose what.
        self.live.value = (_results_html(results) if state.revealed else
                           f"<p class='pek-poll-count'>{results.total} answers so far. The "
                           "spread appears here and on participants' screens when you press "
                           "<strong>Show results to participants</strong>.</p>")
