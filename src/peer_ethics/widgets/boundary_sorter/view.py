"""Boundary sorter, thin ipywidgets view over :class:`BoundarySorter`.

Every control is a stock ``Button`` (a native ``<button>``: reachable with Tab, activated with
Enter or Space) whose visible text is its label. A chosen category is marked with a text
prefix ("Your choice:"), not only a colour. All logic is in the model; this class only reads
from and writes to it.
"""

from __future__ import annotations

import html
import re
from functools import partial

import ipywidgets as w

from peer_ethics.content.models import Guidance
from peer_ethics.widgets.boundary_sorter.model import CATEGORIES, BoundarySorter
from peer_ethics.widgets.figures import figure_html

__all__ = ["BoundarySorterView"]

_CHOSEN_PREFIX = "Your choice: "
# ipywidgets 8.1 layouts have no `gap`; a margin on each button spaces them in every front end.
_SPACED = "0 0.6em 0.6em 0"


class BoundarySorterView(w.VBox):  # type: ignore[misc]
    """One scenario at a time, three category buttons, feedback, navigation and a summary.

    Parameters
    ----------
    model : BoundarySorter
        The session the view drives; available afterwards as ``view.model``.

    Attributes
    ----------
    category_buttons : dict
        ``{Guidance: Button}`` in the order of :data:`CATEGORIES`.
    previous_button, next_button, summary_button : Button
    feedback : HTML
        Feedback on the current scenario's placement (empty until placed).
    summary : HTML
        Score summary, filled by the summary button.
    chart : HTML
        The comparison chart, drawn by the summary button.
    """

    def __init__(self, model: BoundarySorter) -> None:
        self.model = model
        self.index = 0
        self.progress = w.HTML()
        self.card = w.HTML(layout=w.Layout(max_width="48em"))
        self.category_buttons = {
            g: w.Button(description=g.label, tooltip=f"Place this situation as: {g.label}",
                        layout=w.Layout(width="auto", min_height="2.6em", margin=_SPACED))
            for g in CATEGORIES
        }
        for guidance, button in self.category_buttons.items():
            button.on_click(partial(self._choose, guidance))
            button.add_class("pek-category")
        self.feedback = w.HTML(layout=w.Layout(max_width="48em"))
        self.previous_button = w.Button(description="Previous situation",
                                        tooltip="Go back one situation",
                                        layout=w.Layout(width="auto", margin=_SPACED))
        self.next_button = w.Button(description="Next situation", tooltip="Go to the next situation",
                                    layout=w.Layout(width="auto", margin=_SPACED))
        self.summary_button = w.Button(description="Show my summary",
                                       tooltip="Show how your sorting compares with the guidance",
                                       layout=w.Layout(width="auto", margin=_SPACED))
        self.previous_button.on_click(lambda _b: self.go(self.index - 1))
        self.next_button.on_click(lambda _b: self.go(self.index + 1))
        self.summary_button.on_click(lambda _b: self.show_summary())
        self.summary = w.HTML()
        self.chart = w.HTML()
        super().__init__(
            children=[
                w.HTML("<p>Read the situation, then choose where it belongs. Use Tab to move "
                       "between buttons and Enter or Space to choose.</p>"),
                self.progress,
                self.card,
                w.HBox(list(self.category_buttons.values()), layout=w.Layout(flex_flow="row wrap")),
                self.feedback,
                w.HBox([self.previous_button, self.next_button, self.summary_button],
                       layout=w.Layout(flex_flow="row wrap")),
                self.summary,
                self.chart,
            ],
        )
        self.add_class("pek-boundary-sorter")
        self._render()

    # -- actions (each one call into the model, then a re-render) ----------------------------

    def go(self, index: int) -> None:
        """Show scenario number ``index`` (0-based), clamped to the available range."""
        self.index = max(0, min(index, len(self.model.scenarios) - 1))
        self._render()

    def choose(self, category: Guidance | str) -> None:
        """Place the current scenario in ``category`` and show the feedback."""
        self.model.place(self.model.scenarios[self.index].id, category)
        self._render()

    def show_summary(self) -> None:
        """Fill the summary text and draw the comparison chart."""
        from peer_ethics.widgets.boundary_sorter.plot import comparison_alt, plot_comparison

        score = self.model.score()
        self.summary.value = f"<p role='status'><strong>{html.escape(score.summary())}</strong></p>"
        self.chart.value = figure_html(plot_comparison(self.model), comparison_alt(self.model))

    def _choose(self, category: Guidance, _button: w.Button) -> None:
        self.choose(category)

    # -- rendering ----------------------------------------------------------------------------

    def _render(self) -> None:
        scenario = self.model.scenarios[self.index]
        total = len(self.model.scenarios)
        placed = self.model.score().placed
        self.progress.value = (
            f"<p>Situation {self.index + 1} of {total} &middot; {placed} placed</p>"
        )
        self.card.value = (
            f"<div class='pek-card'><h4>{html.escape(scenario.title)}</h4>"
            f"<p>{html.escape(scenario.text)}</p></div>"
        )
        placement = self.model.placement(scenario.id)
        for guidance, button in self.category_buttons.items():
            chosen = placement is not None and placement.chosen is guidance
            button.description = (_CHOSEN_PREFIX if chosen else "") + guidance.label
            button.button_style = "info" if chosen else ""
        if placement is None:
            self.feedback.value = ""
        else:
            # One paragraph each for the verdict, the why and what to do: easier to read aloud.
            parts = re.split(r" (?=Why: |What to do: )", placement.feedback)
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in parts)
            self.feedback.value = f"<div class='pek-feedback' role='status'>{paragraphs}</div>"
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index == total - 1
