""""Can I share this?", thin ipywidgets view: the request, one step's answers, one action button."""

from __future__ import annotations

import html

import ipywidgets as w

from peer_ethics.widgets.can_i_share.model import CanIShareWalk

__all__ = ["CanIShareView"]

# Stock radio labels do not wrap; long answers would overlap. Same fix as the formative check.
_STYLE = w.HTML(
    "<style>.pek-share .widget-radio-box label{height:auto !important; white-space:normal !important;"
    " line-height:1.4; margin:0 0 0.5em 0; display:flex !important; align-items:flex-start; gap:0.4em}"
    ".pek-share .widget-radio-box{height:auto !important}"
    ".pek-share .widget-radio-box input{flex:none; margin-top:0.3em; order:-1}"
    ".pek-share blockquote{margin:0.3em 0 0.6em 1em}</style>"
)
_SPACED = "0 0.6em 0.6em 0"


class CanIShareView(w.VBox):  # type: ignore[misc]
    """One request at a time: its setting, the steps passed, the current question, feedback.

    Controls: ``radio`` (labelled "Your answer:"; Tab to an answer, Space to choose it),
    ``action_button`` (Check this step / Next step / See what to do / Next request / See my
    summary / Start again, by phase; Enter or Space) and ``restart_button``. Feedback is text
    with words such as "Fits the facts" and "Not this time", never colour alone.
    """

    def __init__(self, model: CanIShareWalk) -> None:
        self.model = model
        self.reminder = w.HTML(f"<p role='note'><strong>Remember:</strong> "
                               f"{html.escape(model.content.reminder)}</p>")
        self.progress = w.HTML()
        self.request = w.HTML(layout=w.Layout(max_width="48em"))
        self.trail = w.HTML(layout=w.Layout(max_width="48em"))
        self.question = w.HTML(layout=w.Layout(max_width="48em"))
        self.radio = w.RadioButtons(options=[], value=None, description="Your answer:",
                                    style={"description_width": "initial"},
                                    layout=w.Layout(width="auto", max_width="48em"))
        self.action_button = w.Button(description="Check this step", layout=w.Layout(width="auto",
                                                                                     margin=_SPACED))
        self.restart_button = w.Button(description="Start this request again",
                                       tooltip="Clear your answers to this request and start over",
                                       layout=w.Layout(width="auto", margin=_SPACED))
        self.feedback = w.HTML(layout=w.Layout(max_width="48em"))
        self.action_button.on_click(lambda _b: self.act())
        self.restart_button.on_click(lambda _b: self.restart())
        super().__init__([
            _STYLE,
            w.HTML("<p>Read each request. At each step, choose the answer that fits the facts and "
                   "press <strong>Check this step</strong>. Each step tells you why. Each request "
                   "ends with what to do.</p>"),
            self.reminder, self.progress, self.request, self.trail, self.question, self.radio,
            w.HBox([self.action_button, self.restart_button], layout=w.Layout(flex_flow="row wrap")),
            self.feedback,
        ])
        self.add_class("pek-share")
        self.question.add_class("pek-share-question")
        self.feedback.add_class("pek-share-feedback")
        self._render(feedback="")

    def act(self) -> None:
        """Do what the action button says in the current phase."""
        phase = self.model.phase
        if phase == "choose":
            self.check()
        elif phase == "checked":
            self.model.advance()
            self._render(feedback="")
        elif phase == "outcome":
            self.model.next_request()
            self._render(feedback="")
        else:
            self.model.start_over()
            self._render(feedback="")

    def check(self) -> None:
        """Judge the chosen answer and show why (or ask for a choice)."""
        if self.radio.value is None:
            self.feedback.value = "<p role='status'>Choose an answer first.</p>"
            return
        result = self.model.choose(self.radio.value)
        icon = "✔" if result.fits else "✘"
        self._render(feedback=f"<p role='status'>{icon} {html.escape(result.message)}</p>")

    def restart(self) -> None:
        """Start the current request again."""
        self.model.restart()
        self._render(feedback="")

    def _render(self, feedback: str) -> None:
        model = self.model
        phase = model.phase
        self.progress.value = f"<p><strong>{html.escape(model.progress())}</strong></p>"
        request = model.request
        self.request.value = (f"<p><strong>Setting:</strong> {html.escape(request.setting)}</p>"
                              f"<blockquote>{html.escape(request.request)}</blockquote>")
        passed = model.answered()
        self.trail.value = "" if not passed else (
            "<p>Steps so far:</p><ol>" + "".join(
                f"<li>{html.escape(step.question)} <em>{html.escape(text)}</em> "
                f"({'right first time' if first else 'found after another try'})</li>"
                for step, text, first in passed) + "</ol>")
        step = model.step()
        if step is None:  # clear the step's feedback first: one status message at a time
            self.feedback.value = ""
        self.restart_button.disabled = phase == "done"
        if phase == "done":
            self.question.value = (f"<p role='status'><strong>All done.</strong> "
                                   f"{html.escape(model.summary())}</p>")
            self._answers(None)
            self.action_button.description = "Start again"
            return
        if step is None:
            end = model.outcome()
            self.question.value = (
                f"<p role='status'><strong>What to do: {html.escape(end.outcome.label)}.</strong></p>"
                f"<p>{html.escape(end.outcome.action)}</p>"
                f"<p><strong>In this case:</strong> {html.escape(request.outcome_note)}</p>"
                f"<p>You chose the fitting answer first time at {end.first_try} of {end.steps} steps.</p>")
            self._answers(None)
            last = model.index == len(model.content.requests) - 1
            self.action_button.description = "See my summary" if last else "Next request"
            return
        self.question.value = (f"<p><strong>Step {len(passed) + 1}:</strong> "
                               f"{html.escape(step.question)}</p>")
        if phase == "choose":
            if not feedback:  # a new step; after a wrong answer, keep it shown for another try
                self._answers([(c.text, c.id) for c in step.choices])
            self.action_button.description = "Check this step"
        else:
            self.radio.disabled = True
            fit = next(c for c in step.choices if c.id == self.radio.value)
            self.action_button.description = "See what to do" if fit.next in model.outcomes else "Next step"
        self.feedback.value = feedback

    def _answers(self, options: list[tuple[str, str]] | None) -> None:
        self.radio.value = None
        self.radio.options = options or []
        self.radio.layout.display = "none" if options is None else None
        self.radio.disabled = False
