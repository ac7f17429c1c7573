"""Ethical dilemma explorer, thin ipywidgets view over :class:`DilemmaExplorer`.

Every choice is a stock ``Button`` (a native ``<button>``: Tab to reach it, Enter or Space to
press it) whose visible text is the choice. The buttons are reused from node to node, so after
a choice the focus moves to the first choice of the next node (or to "Start again" at an
ending) instead of getting lost. The outcome of each choice and the end summary are in
``role=status`` regions, so screen readers announce them. Endings are named in words, and the
drawing of the path at an ending carries its text alternative as alt text and as a caption.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import partial

import ipywidgets as w

from peer_ethics.widgets.dilemma.model import DilemmaExplorer, TakenChoice
from peer_ethics.widgets.dilemma.plot import path_image_html

__all__ = ["DilemmaExplorerView"]

_SPACED = "0 0.6em 0.6em 0"
# Stock buttons keep their text on one line and cut it off: long choices must wrap instead.
# A <style> in an HTML widget reaches both JupyterLab and Voila.
_WRAP_CHOICES = w.HTML(
    "<style>.pek-dilemma .pek-choice{height:auto !important; white-space:normal !important;"
    " text-align:left; line-height:1.4; padding:0.4em 0.8em}</style>"
)


class DilemmaExplorerView(w.VBox):  # type: ignore[misc]
    """A dilemma picker, the current moment and its choices, feedback, a summary, Start again.

    Parameters
    ----------
    model : DilemmaExplorer
        The walk the view drives; available afterwards as ``view.model``.
    sources : mapping, optional
        ``{bibliography key: short label}`` for the "Based on" line under the intro.

    Attributes
    ----------
    picker : Dropdown
        Chooses the dilemma; shown only when there are several.
    choice_buttons : list of Button
        One per choice of the current node (extra buttons are hidden).
    feedback : HTML
        What the last choice led to, and feedback on it.
    summary : HTML
        The summary of the path, filled at an ending.
    path_drawing : HTML
        At an ending, a drawing of the path through the model's steps (inline PNG) with its
        text alternative as alt text and as a caption.
    restart_button : Button
        Starts the current dilemma again.
    """

    def __init__(self, model: DilemmaExplorer, sources: Mapping[str, str] | None = None) -> None:
        self.model = model
        self.sources = dict(sources or {})
        self.picker = w.Dropdown(options=[(d.title, d.id) for d in model.dilemmas],
                                 value=model.dilemma.id, description="Dilemma:",
                                 style={"description_width": "initial"},
                                 layout=w.Layout(width="auto", margin=_SPACED))
        self.picker.observe(self._picked, names="value")
        self.header = w.HTML(layout=w.Layout(max_width="48em"))
        self.feedback = w.HTML(layout=w.Layout(max_width="48em"))
        self.position = w.HTML()
        self.node_text = w.HTML(layout=w.Layout(max_width="48em"))
        most = max(len(n.choices) for d in model.dilemmas for n in d.nodes)
        self.choice_buttons = [
            w.Button(layout=w.Layout(width="auto", max_width="48em", height="auto", margin=_SPACED))
            for _ in range(most)
        ]
        for i, button in enumerate(self.choice_buttons):
            button.add_class("pek-choice")
            button.on_click(partial(self._choose, i))
        self.summary = w.HTML(layout=w.Layout(max_width="48em"))
        self.path_drawing = w.HTML(layout=w.Layout(max_width="56em"))
        self.restart_button = w.Button(description="Start again",
                                       tooltip="Start this dilemma again from the beginning",
                                       layout=w.Layout(width="auto", margin=_SPACED))
        self.restart_button.on_click(lambda _b: self.restart())
        several = len(model.dilemmas) > 1
        hint = ("Pick a dilemma, then read each moment and choose what you would do. "
                if several else "Read each moment and choose what you would do. ")
        super().__init__([
            _WRAP_CHOICES,
            w.HTML(f"<p>{hint}Use Tab to move between the choices and Enter or Space to "
                   "choose. After each choice you see what happened and why.</p>"),
            *([self.picker] if several else []),
            self.header,
            self.feedback,
            self.position,
            self.node_text,
            w.VBox(self.choice_buttons),
            self.summary,
            self.restart_button,
            self.path_drawing,
        ])
        self.add_class("pek-dilemma")
        self._render()

    # -- actions (each one call into the model, then a re-render) ---------------------------------

    def choose(self, index: int) -> None:
        """Make choice ``index`` (0-based) at the current node and show what it led to.

        A click the page sent before the last re-render reached it (a quick double click) can
        name a button that is now hidden: an index the current node does not have, or any
        index once the path has ended. Such a click is ignored, so nothing changes.
        """
        if self.model.finished or not 0 <= index < len(self.model.node.choices):
            return
        taken = self.model.choose(index)
        self._render(taken)
        (self.restart_button if self.model.finished else self.choice_buttons[0]).focus()

    def restart(self) -> None:
        """Start the current dilemma again."""
        self.model.restart()
        self._render()
        self.choice_buttons[0].focus()

    def select(self, dilemma_id: str) -> None:
        """Switch to dilemma ``dilemma_id`` (as the picker does) and start it."""
        self.picker.value = dilemma_id

    def _picked(self, change: Mapping[str, object]) -> None:
        self.model.select(str(change["new"]))
        self._render()

    def _choose(self, index: int, _button: w.Button) -> None:
        self.choose(index)

    # -- rendering ----------------------------------------------------------------------------------

    def _render(self, taken: TakenChoice | None = None) -> None:
        model = self.model
        dilemma = model.dilemma
        based_on = "; ".join(self.sources.get(k, k) for k in dilemma.sources)
        self.header.value = (f"<h3>{html.escape(dilemma.title)}</h3><p>{html.escape(dilemma.intro)}</p>"
                             f"<p><small>Based on: {html.escape(based_on)}</small></p>")
        if taken is None:
            self.feedback.value = ""
        else:
            self.feedback.value = (
                "<div class='pek-dilemma-feedback' role='status'>"
                f"<p><strong>You chose:</strong> {html.escape(taken.label)}</p>"
                f"<p><strong>What happened:</strong> {html.escape(taken.consequence)}</p>"
                f"<p><strong>Feedback:</strong> {html.escape(taken.feedback)}</p></div>")
        node = model.node
        self.position.value = f"<p><strong>{html.escape(model.position())}</strong></p>"
        self.node_text.value = f"<p>{html.escape(node.text)}</p>"
        for i, button in enumerate(self.choice_buttons):
            if i < len(node.choices):
                button.description = node.choices[i].label
                button.tooltip = f"Choose: {node.choices[i].label}"
                button.layout.display = None
            else:
                button.description = ""
                button.layout.display = "none"
        if model.finished:
            summary = model.summary()
            items = "".join(f"<li>{html.escape(c.text())}</li>" for c in summary.choices)
            first, *_ = summary.lines()
            self.summary.value = (
                "<div class='pek-dilemma-summary' role='status'>"
                f"<h4>{html.escape(summary.ending_words)}</h4>"
                f"<p>{html.escape(summary.ending_summary)}</p>"
                f"<p>{html.escape(first)}</p><ol>{items}</ol>"
                f"<p>{html.escape(summary.steps_line())}</p>"
                f"<p>{html.escape(summary.missed_line())}</p>"
                f"<p>{html.escape(summary.tags_line())}</p></div>")
            self.path_drawing.value = path_image_html(summary)
        else:
            self.summary.value = ""
            self.path_drawing.value = ""
