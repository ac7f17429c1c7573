"""Consistency tracker, thin ipywidgets view: a form to add commitments, a chart, feedback."""

from __future__ import annotations

import html

import ipywidgets as w

from peer_ethics.widgets.consistency.model import OUTCOME_LABELS, ConsistencyTracker
from peer_ethics.widgets.consistency.plot import chart_html

__all__ = ["ConsistencyTrackerView"]

_SPACED = "0 0.6em 0.6em 0"
_WIDE = {"description_width": "initial"}


class ConsistencyTrackerView(w.VBox):  # type: ignore[misc]
    """Add a commitment (week, text, what happened), then see the chart and the kept rate.

    Controls (all reachable with Tab): a labelled week number box, a labelled text box, a
    labelled ``RadioButtons`` group for the outcome (Tab to an option, Space chooses), "Add commitment" and
    "Remove last commitment". The chart is an image with alt text, and the same numbers are
    written out below it, week by week; outcomes differ by hatching and words, not colour alone.

    Parameters
    ----------
    model : ConsistencyTracker
    sources : list of str
        Short labels of the guidance's sources, shown under the feedback.

    Attributes
    ----------
    week, commitment, outcome : widgets
    add_button, remove_button : Button
    status, chart, text_alternative, feedback, record : HTML
    """

    def __init__(self, model: ConsistencyTracker, sources: list[str]) -> None:
        self.model = model
        self.sources = list(sources)
        last = max((c.week for c in model.commitments), default=0)
        self.week = w.BoundedIntText(value=min(last + 1, 52), min=1, max=52, step=1,
                                     description="Week number:", style=_WIDE,
                                     layout=w.Layout(width="14em"))
        self.commitment = w.Text(continuous_update=False,  # synced on leaving: see oars/view.py
                                 placeholder=f"For example: Call {model.peer} back by Wednesday",
                                 description="Commitment:", style=_WIDE,
                                 layout=w.Layout(width="100%", max_width="48em"))
        self.outcome = w.RadioButtons(options=[(label, key) for key, label in OUTCOME_LABELS.items()],
                                      value="kept", description="What happened:", style=_WIDE,
                                      layout=w.Layout(width="auto"))
        self.add_button = w.Button(description="Add commitment",
                                   tooltip="Add this commitment to the record",
                                   layout=w.Layout(width="auto", margin=_SPACED))
        self.remove_button = w.Button(description="Remove last commitment",
                                      tooltip="Take the most recent commitment off the record",
                                      layout=w.Layout(width="auto", margin=_SPACED))
        self.status = w.HTML()
        self.feedback = w.HTML(layout=w.Layout(max_width="48em"))
        self.chart = w.HTML()
        self.text_alternative = w.HTML(layout=w.Layout(max_width="48em"))
        self.record = w.HTML(layout=w.Layout(max_width="48em"))
        self.add_button.on_click(lambda _b: self.add())
        self.remove_button.on_click(lambda _b: self.remove_last())
        super().__init__([
            w.HTML(f"<p>Here is a made-up record of what a peer specialist promised "
                   f"{html.escape(model.peer)} over a few weeks. Add your own commitments: type "
                   "the week and what you promised, choose what happened (Tab, then Space), and "
                   "press <strong>Add commitment</strong>. Use Tab to move between controls.</p>"),
            self.week, self.commitment, self.outcome,
            w.HBox([self.add_button, self.remove_button], layout=w.Layout(flex_flow="row wrap")),
            self.status, self.feedback, self.chart, self.text_alternative, self.record,
        ])
        self.add_class("pek-consistency")
        self._render()

    def add(self) -> None:
        """Add the commitment in the form; show an actionable message if it is not valid."""
        try:
            found = self.model.add(int(self.week.value), self.commitment.value,
                                   str(self.outcome.value))
        except ValueError as exc:
            self.status.value = f"<p role='status'><strong>Not added.</strong> {html.escape(str(exc))}</p>"
            return
        self.commitment.value = ""
        self.status.value = (f"<p role='status'>Added to week {found.week}: "
                             f"{html.escape(OUTCOME_LABELS[found.outcome].lower())}.</p>")
        self._render()

    def remove_last(self) -> None:
        """Remove the most recent commitment (or say there is none)."""
        try:
            gone = self.model.remove_last()
        except IndexError:
            self.status.value = "<p role='status'>There are no commitments to remove.</p>"
            return
        self.status.value = f"<p role='status'>Removed the last commitment (week {gone.week}).</p>"
        self._render()

    def _render(self) -> None:
        advice = self.model.advice()
        cited = (f" <em>Guidance from the module's sources: {html.escape('; '.join(self.sources))}."
                 "</em>") if advice and self.sources else ""
        self.feedback.value = (f"<p role='status' class='pek-rate'>{html.escape(self.model.rate())}"
                               f"</p><p>{html.escape(advice)}{cited}</p>")
        self.chart.value = chart_html(self.model)
        lines = "".join(f"<li>{html.escape(r.sentence())}</li>" for r in self.model.weeks())
        self.text_alternative.value = (f"<p><strong>The chart in words:</strong></p><ul>{lines}</ul>"
                                       if lines else "")
        items = "".join(f"<li>Week {c.week}: {html.escape(c.text)} "
                        f"<em>({html.escape(OUTCOME_LABELS[c.outcome].lower())})</em></li>"
                        for c in self.model.commitments)
        self.record.value = (f"<details><summary>All commitments ({len(self.model.commitments)})"
                             f"</summary><ol>{items}</ol></details>")
        self.remove_button.disabled = not self.model.commitments
