"""OARS drills, thin ipywidgets view: a statement, labelled radio buttons, a text box, feedback."""

from __future__ import annotations

import html

import ipywidgets as w

from peer_ethics.widgets.oars.model import OarsDrills, OarsFeedback

__all__ = ["OarsDrillsView"]

_SPACED = "0 0.6em 0.6em 0"
# Stock radio labels do not wrap: long options would overlap. A <style> in an HTML widget
# reaches both JupyterLab and Voila.
_WRAP_LABELS = w.HTML(
    "<style>.pek-oars .widget-radio-box label{height:auto !important;"
    " white-space:normal !important; line-height:1.4; margin:0 0 0.5em 0;"
    " display:flex !important; align-items:flex-start; gap:0.4em}"
    ".pek-oars .widget-radio-box{height:auto !important}"
    ".pek-oars .widget-radio-box input{flex:none; margin-top:0.3em; order:-1}</style>"
)


def _status(verdict: str, body: str) -> str:
    return f"<p role='status'><strong>{html.escape(verdict)}</strong> {html.escape(body)}</p>"


class OarsDrillsView(w.VBox):  # type: ignore[misc]
    """One statement at a time: pick a response or write your own, then read the feedback.

    Controls (all reachable with Tab): a labelled ``RadioButtons`` group (each reply
    is its own Tab stop; Space chooses it),
    "Check my choice", a labelled ``Textarea``, "Check my own words", "Previous statement",
    "Next statement" and "Show my summary". Kinds are named in words, never by colour.

    Attributes
    ----------
    choices : RadioButtons
        The statement's responses; value is the option index or None.
    own_words : Textarea
    check_button, write_button, previous_button, next_button, summary_button : Button
    progress, statement, feedback, summary : HTML
    """

    def __init__(self, model: OarsDrills) -> None:
        self.model = model
        self.index = 0
        self.progress = w.HTML()
        self.statement = w.HTML(layout=w.Layout(max_width="48em"))
        self.choices = w.RadioButtons(options=[], value=None, description="Your response:",
                                      style={"description_width": "initial"},
                                      layout=w.Layout(width="auto", max_width="48em"))
        self.check_button = w.Button(description="Check my choice",
                                     tooltip="Show which kind of response you chose, and why",
                                     layout=w.Layout(width="auto", margin=_SPACED))
        # Synced when the learner leaves the box (Tab to the button): a click then never
        # overtakes the last keystrokes on their way to the kernel (FIELD-NOTES).
        self.own_words = w.Textarea(placeholder="Or type your own response here",
                                    description="Or write your own:", continuous_update=False,
                                    style={"description_width": "initial"},
                                    layout=w.Layout(width="100%", max_width="48em", height="4em"))
        self.write_button = w.Button(description="Check my own words",
                                     tooltip="Rough feedback on the form of your own response",
                                     layout=w.Layout(width="auto", margin=_SPACED))
        self.feedback = w.HTML(layout=w.Layout(max_width="48em"))
        self.previous_button = w.Button(description="Previous statement",
                                        tooltip="Go back one statement",
                                        layout=w.Layout(width="auto", margin=_SPACED))
        self.next_button = w.Button(description="Next statement", tooltip="Go to the next statement",
                                    layout=w.Layout(width="auto", margin=_SPACED))
        self.summary_button = w.Button(description="Show my summary",
                                       tooltip="Count the kinds of response you gave",
                                       layout=w.Layout(width="auto", margin=_SPACED))
        self.summary = w.HTML(layout=w.Layout(max_width="48em"))
        self.check_button.on_click(lambda _b: self.check_choice())
        self.write_button.on_click(lambda _b: self.check_own_words())
        self.previous_button.on_click(lambda _b: self.go(self.index - 1))
        self.next_button.on_click(lambda _b: self.go(self.index + 1))
        self.summary_button.on_click(lambda _b: self.show_summary())
        super().__init__([
            _WRAP_LABELS,
            w.HTML(f"<p>Read what {html.escape(model.peer)} says. Choose a response and press "
                   "<strong>Check my choice</strong>, or write your own and press "
                   "<strong>Check my own words</strong>. By keyboard: Tab moves between controls, "
                   "Space chooses a response, Enter presses a button.</p>"),
            self.progress, self.statement, self.choices, w.HBox([self.check_button]),
            self.own_words, w.HBox([self.write_button]), self.feedback,
            w.HBox([self.previous_button, self.next_button, self.summary_button],
                   layout=w.Layout(flex_flow="row wrap")),
            self.summary,
        ])
        self.add_class("pek-oars")
        self._render()

    def go(self, index: int) -> None:
        """Show statement ``index`` (0-based), clamped to the range."""
        self.index = max(0, min(index, len(self.model.statements) - 1))
        self._render()

    def check_choice(self) -> None:
        """Judge the selected response (or ask the learner to choose one)."""
        if self.choices.value is None:
            self.feedback.value = _status("Choose a response first.",
                                          "Press Tab to reach a response, then Space to "
                                          "choose it.")
            return
        item = self.model.statements[self.index]
        self._show(self.model.choose(item.id, int(self.choices.value)))

    def check_own_words(self) -> None:
        """Give rough feedback on the written response (or ask for one)."""
        item = self.model.statements[self.index]
        try:
            result = self.model.write(item.id, self.own_words.value)
        except ValueError:
            self.feedback.value = _status("Write a response first.",
                                          "Type it in the box, then check it.")
            return
        self._show(result)

    def show_summary(self) -> None:
        """Show the summary of kinds chosen so far."""
        self.summary.value = (f"<p role='status'><strong>Summary:</strong> "
                              f"{html.escape(self.model.summary())}</p>")

    def _show(self, result: OarsFeedback) -> None:
        self.feedback.value = f"<p role='status'>{html.escape(result.message)}</p>"
        self.progress.value = self._progress_html()

    def _progress_html(self) -> str:
        return (f"<p>Statement {self.index + 1} of {len(self.model.statements)}. "
                f"{html.escape(self.model.progress())}</p>")

    def _render(self) -> None:
        item = self.model.statements[self.index]
        self.progress.value = self._progress_html()
        self.statement.value = (f"<p>{html.escape(self.model.peer)} says:</p>"
                                f"<blockquote>{html.escape(item.statement)}</blockquote>")
        answer = self.model.answers.get(item.id)
        self.choices.options = [(o.text, i) for i, o in enumerate(item.options)]
        self.choices.value = answer.option if answer is not None else None
        self.own_words.value = answer.text if answer is not None else ""
        self.feedback.value = ""
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index == len(self.model.statements) - 1
