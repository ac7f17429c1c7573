"""Formative check, thin ipywidgets view: labelled choices, a check button, live feedback."""

from __future__ import annotations

import html

import ipywidgets as w

from peer_ethics.widgets.check.model import FormativeCheck

__all__ = ["FormativeCheckView"]

# Stock radio and checkbox labels do not wrap: long options would overlap and block clicks.
# A <style> in an HTML widget reaches both JupyterLab and Voila.
_WRAP_LABELS = w.HTML(
    "<style>.pek-check .widget-radio-box label, .pek-check .widget-checkbox label"
    "{height:auto !important; white-space:normal !important; line-height:1.4;"
    " margin:0 0 0.5em 0; display:flex !important; align-items:flex-start; gap:0.4em}"
    ".pek-check .widget-radio-box, .pek-check .widget-checkbox{height:auto !important}"
    ".pek-check .widget-radio-box input, .pek-check .widget-checkbox input"
    "{flex:none; margin-top:0.3em; order:-1}</style>"
)


class FormativeCheckView(w.VBox):  # type: ignore[misc]
    """Radio buttons (one answer) or checkboxes (several), a "Check my answer" button, feedback.

    Every control carries its option text as its label and works from the keyboard (arrow keys
    for radio buttons, Space for checkboxes, Enter or Space for the button).
    """

    def __init__(self, model: FormativeCheck) -> None:
        self.model = model
        section = model.section
        if section.multiple:
            self.choices: list[w.Checkbox] = [
                w.Checkbox(description=text, indent=False, layout=w.Layout(width="auto"))
                for text in model.options]
            picker: w.Widget = w.VBox(self.choices)
        else:
            self.radio = w.RadioButtons(options=[(t, i) for i, t in enumerate(model.options)],
                                        value=None, layout=w.Layout(width="auto"))
            picker = self.radio
        self.check_button = w.Button(description="Check my answer",
                                     tooltip="Show whether your answer fits and why",
                                     layout=w.Layout(width="auto"))
        self.check_button.on_click(lambda _b: self.check())
        self.feedback = w.HTML()
        hint = "Choose all that apply." if section.multiple else "Choose one."
        super().__init__([
            _WRAP_LABELS,
            w.HTML(f"<p><strong>{html.escape(section.question)}</strong> {hint}</p>"),
            picker, self.check_button, self.feedback,
        ])
        self.add_class("pek-check")

    def chosen(self) -> list[int]:
        """Indices of the options currently selected."""
        if self.model.section.multiple:
            return [i for i, box in enumerate(self.choices) if box.value]
        return [] if self.radio.value is None else [self.radio.value]

    def check(self) -> None:
        """Judge the current selection and show the feedback (or a prompt to choose)."""
        try:
            result = self.model.answer(self.chosen())
        except ValueError as exc:
            self.feedback.value = f"<p role='status'>{html.escape(str(exc).capitalize())}.</p>"
            return
        self.feedback.value = f"<p role='status'>{html.escape(result.text())}</p>"
