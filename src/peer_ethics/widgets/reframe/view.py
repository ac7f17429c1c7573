"""Language reframing, thin ipywidgets view: one sentence, a labelled text box, a check button."""

from __future__ import annotations

import html

import ipywidgets as w

from peer_ethics.widgets.reframe.model import LanguageReframe

__all__ = ["LanguageReframeView"]

_SPACED = "0 0.6em 0.6em 0"


class LanguageReframeView(w.VBox):  # type: ignore[misc]
    """Shows one sentence at a time; the learner types a rewrite and checks it.

    Controls: a labelled ``Textarea`` and three buttons (Check my rewrite, Previous, Next),
    all reachable with Tab; feedback is text, never colour alone.
    """

    def __init__(self, model: LanguageReframe) -> None:
        self.model = model
        self.index = 0
        self.progress = w.HTML()
        self.sentence = w.HTML()
        self.rewrite = w.Textarea(placeholder="Type your rewrite here", description="Your rewrite:",
                                  continuous_update=False,  # synced on leaving: see oars/view.py
                                  style={"description_width": "initial"},
                                  layout=w.Layout(width="100%", max_width="48em", height="5em"))
        self.check_button = w.Button(description="Check my rewrite", tooltip="Check your rewrite",
                                     layout=w.Layout(width="auto", margin=_SPACED))
        self.previous_button = w.Button(description="Previous sentence", tooltip="Go back one sentence",
                                        layout=w.Layout(width="auto", margin=_SPACED))
        self.next_button = w.Button(description="Next sentence", tooltip="Go to the next sentence",
                                    layout=w.Layout(width="auto", margin=_SPACED))
        self.feedback = w.HTML(layout=w.Layout(max_width="48em"))
        self.check_button.on_click(lambda _b: self.check())
        self.previous_button.on_click(lambda _b: self.go(self.index - 1))
        self.next_button.on_click(lambda _b: self.go(self.index + 1))
        super().__init__([
            w.HTML("<p>Rewrite each sentence in person-first, recovery-oriented words. Then press "
                   "<strong>Check my rewrite</strong>.</p>"),
            self.progress, self.sentence, self.rewrite,
            w.HBox([self.check_button, self.previous_button, self.next_button],
                   layout=w.Layout(flex_flow="row wrap")),
            self.feedback,
        ])
        self.add_class("pek-reframe")
        self._render()

    def go(self, index: int) -> None:
        """Show sentence ``index`` (0-based), clamped to the range."""
        self.index = max(0, min(index, len(self.model.items) - 1))
        self._render()

    def check(self) -> None:
        """Judge the text in the box and show the feedback."""
        item = self.model.items[self.index]
        result = self.model.check(item.id, self.rewrite.value)
        verdict = "Well done." if result.accepted else "Not yet."
        self.feedback.value = (f"<p role='status'><strong>{verdict}</strong> "
                               f"{html.escape(result.message)}</p>")
        self.progress.value = f"<p>{html.escape(self.model.progress())}</p>"

    def _render(self) -> None:
        item = self.model.items[self.index]
        self.progress.value = f"<p>{html.escape(self.model.progress())}</p>"
        self.sentence.value = (f"<p>Sentence {self.index + 1} of {len(self.model.items)}:</p>"
                               f"<blockquote>{html.escape(item.sentence)}</blockquote>")
        self.rewrite.value = self.model.accepted.get(item.id, "")
        self.feedback.value = ""
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index == len(self.model.items) - 1
