"""Redact the case note, thin ipywidgets view: one labelled checkbox per phrase, a live preview."""

from __future__ import annotations

import html
import re

import ipywidgets as w

from peer_ethics.widgets.redaction.model import CaseNoteRedaction

__all__ = ["CaseNoteRedactionView"]

# Stock checkbox labels do not wrap; long phrases would overlap their neighbours.
_STYLE = w.HTML(
    "<style>.pek-redact .widget-checkbox label{height:auto !important; white-space:normal !important;"
    " line-height:1.4; display:flex !important; align-items:flex-start; gap:0.4em}"
    ".pek-redact .widget-checkbox{height:auto !important}"
    ".pek-redact .widget-checkbox input{flex:none; margin-top:0.3em; order:-1}"
    ".pek-redact .pek-note{border:1px solid #888; padding:0.2em 0.8em; max-width:48em}</style>"
)
_SPACED = "0 0.6em 0.6em 0"


class CaseNoteRedactionView(w.VBox):  # type: ignore[misc]
    """The purpose, a checkbox per phrase ("Remove: <phrase>"), the redacted note, feedback.

    Controls: ``boxes`` (``{phrase id: Checkbox}``, in note order; Tab and Space),
    ``check_button`` ("Check my redaction") and ``clear_button`` ("Clear my marks"). The
    preview shows removed phrases as the word "[removed]", never by colour alone.
    """

    def __init__(self, model: CaseNoteRedaction) -> None:
        self.model = model
        self.boxes = {
            p.id: w.Checkbox(value=p.id in model.marked, description=f"Remove: {p.text}", indent=False,
                             layout=w.Layout(width="auto"))
            for p in model.phrases}
        for phrase_id, box in self.boxes.items():
            box.observe(lambda change, pid=phrase_id: self._toggle(pid, bool(change["new"])), "value")
        self.preview = w.HTML()
        self.check_button = w.Button(description="Check my redaction",
                                     tooltip="Count what you removed and what you kept",
                                     layout=w.Layout(width="auto", margin=_SPACED))
        self.clear_button = w.Button(description="Clear my marks", tooltip="Untick every phrase",
                                     layout=w.Layout(width="auto", margin=_SPACED))
        self.feedback = w.HTML(layout=w.Layout(max_width="48em"))
        self.check_button.on_click(lambda _b: self.check())
        self.clear_button.on_click(lambda _b: self.clear())
        content = model.content
        super().__init__([
            _STYLE,
            w.HTML(f"<p><strong>Purpose:</strong> {html.escape(content.purpose)}</p>"
                   "<p>Tick each phrase you would remove. The note below changes as you go. Then "
                   "press <strong>Check my redaction</strong>.</p>"),
            w.HTML("<p><strong>Phrases in the note:</strong></p>"),
            w.GridBox(list(self.boxes.values()), layout=w.Layout(
                grid_template_columns="repeat(auto-fill, minmax(20em, 1fr))", grid_gap="0.2em 1em",
                max_width="60em")),
            w.HBox([self.check_button, self.clear_button], layout=w.Layout(flex_flow="row wrap")),
            self.feedback,
            w.HTML("<p><strong>The note as you would share it:</strong></p>"),
            self.preview,
        ])
        self.add_class("pek-redact")
        self._show_note()

    def check(self) -> None:
        """Count the decisions and list what was missed or removed but needed."""
        lines = self.model.check().lines()
        self.feedback.value = (f"<div role='status'><p><strong>{html.escape(lines[0])}</strong></p><ul>"
                               + "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:])
                               + "</ul></div>")

    def clear(self) -> None:
        """Untick every phrase."""
        for box in self.boxes.values():
            box.value = False
        self.feedback.value = ""

    def _toggle(self, phrase_id: str, remove: bool) -> None:
        self.model.mark(phrase_id, remove)
        self._show_note()

    def _show_note(self) -> None:
        paragraphs = re.split(r"\n\s*\n", self.model.redacted_note())
        self.preview.value = ("<div class='pek-note' aria-live='polite'>"
                              + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</div>")
