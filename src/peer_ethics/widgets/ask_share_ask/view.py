"""Ask-Share-Ask planner, thin ipywidgets view: three labelled text boxes, a choice, feedback, a plan."""

from __future__ import annotations

import html

import ipywidgets as w

from peer_ethics.widgets.ask_share_ask.model import AskShareAskPlanner, StepFeedback

__all__ = ["AskShareAskView"]

_SPACED = "0 0.6em 0.6em 0"
_BOX = {"layout": w.Layout(width="100%", max_width="48em", height="4.5em"),
        "style": {"description_width": "initial"}}


def _feedback(result: StepFeedback, live: bool = True) -> str:
    verdict = "Fits the guidance." if result.ok else "Not yet."
    role = " role='status'" if live else ""
    return f"<p{role}><strong>{verdict}</strong> {html.escape(result.message)}</p>"


class AskShareAskView(w.VBox):  # type: ignore[misc]
    """The four steps top to bottom, each with its own feedback, then the plan.

    Every control has a visible label; Tab moves between them, Enter or Space presses a button,
    arrow keys pick the purpose. Verdicts are words ("Fits the guidance." / "Not yet."), never
    colour alone. The typed text is shown back to the learner and never logged.

    Attributes
    ----------
    ask, share, ask_back : Textarea
    purpose : RadioButtons
        Values are purpose ids; ``None`` until the learner picks one.
    ask_button, share_button, ask_back_button, plan_button : Button
    ask_feedback, purpose_feedback, share_feedback, ask_back_feedback, plan : HTML
    counts : dict
        ``{"ask" | "share" | "ask_back": HTML}``: live word count under each box.
    """

    def __init__(self, model: AskShareAskPlanner) -> None:
        self.model = model
        peer = html.escape(model.peer)
        self.ask = w.Textarea(description="Step 1, Ask:", placeholder="Type your first question",
                              **_BOX)
        self.ask_button = w.Button(description="Check step 1", tooltip="Check your first question",
                                   layout=w.Layout(width="auto", margin=_SPACED))
        self.ask_feedback = w.HTML()
        self.purpose = w.RadioButtons(
            options=[(model.purpose_label(p.id), p.id) for p in model.purposes], value=None,
            description="Step 2, whose needs would it serve?", style={"description_width": "initial"},
            layout=w.Layout(width="auto"))
        self.purpose_feedback = w.HTML()
        self.share = w.Textarea(description="Step 3, Share:",
                                placeholder="Type the short piece of your story", **_BOX)
        self.share_button = w.Button(description="Check step 3", tooltip="Check what you would share",
                                     layout=w.Layout(width="auto", margin=_SPACED))
        self.share_feedback = w.HTML()
        self.ask_back = w.Textarea(description="Step 4, Ask again:",
                                   placeholder="Type a question that hands the focus back", **_BOX)
        self.ask_back_button = w.Button(description="Check step 4",
                                        tooltip="Check your closing question",
                                        layout=w.Layout(width="auto", margin=_SPACED))
        self.ask_back_feedback = w.HTML()
        self.plan_button = w.Button(description="Show my plan", tooltip="Check every step and sum up",
                                    layout=w.Layout(width="auto", margin=_SPACED))
        self.plan = w.HTML(layout=w.Layout(max_width="48em"))
        # A live word count under each box: it also tells a keyboard or screen-reader user that
        # the typed text has reached the kernel.
        self.counts = {step: w.HTML(f"<p class='pek-word-count'>{model.word_count_label(step, '')}</p>")
                       for step in ("ask", "share", "ask_back")}
        for step, box in (("ask", self.ask), ("share", self.share), ("ask_back", self.ask_back)):
            box.observe(lambda change, s=step: self._count(s, change["new"]), names="value")
        self.ask_button.on_click(lambda _b: self.check_ask())
        self.purpose.observe(lambda _c: self.choose_purpose(), names="value")
        self.share_button.on_click(lambda _b: self.check_share())
        self.ask_back_button.on_click(lambda _b: self.check_ask_back())
        self.plan_button.on_click(lambda _b: self.show_plan())
        limit = model.content.share.max_words
        super().__init__([
            w.HTML(f"<blockquote>{html.escape(model.content.scenario)}</blockquote>"
                   "<p>Use Tab to move between the boxes and buttons, and Enter to press a "
                   "button. Use the arrow keys to pick an answer in step 2.</p>"),
            w.HTML(f"<p><strong>Step 1, Ask.</strong> What would you ask {peer} first, to find out "
                   "what would help?</p>"),
            self.ask, self.counts["ask"], w.HBox([self.ask_button]), self.ask_feedback,
            w.HTML("<p><strong>Step 2, Purpose.</strong> Whose needs would this disclosure "
                   "serve?</p>"),
            self.purpose, self.purpose_feedback,
            w.HTML(f"<p><strong>Step 3, Share.</strong> What would you share? Keep it brief (up to "
                   f"{limit} words), relevant and hopeful, with no graphic detail.</p>"),
            self.share, self.counts["share"], w.HBox([self.share_button]), self.share_feedback,
            w.HTML(f"<p><strong>Step 4, Ask again.</strong> What question hands the focus back "
                   f"to {peer}?</p>"),
            self.ask_back, self.counts["ask_back"], w.HBox([self.ask_back_button]),
            self.ask_back_feedback,
            w.HBox([self.plan_button]), self.plan,
            w.HTML(f"<p><small>{html.escape(self._sources())}</small></p>"),
        ])
        self.add_class("pek-ask-share-ask")

    def _sources(self) -> str:
        from peer_ethics.content.loader import bibliography

        refs = bibliography()
        return "Based on: " + "; ".join(refs[k].short() for k in self.model.content.sources
                                        if k in refs) + "."

    def _count(self, step: str, text: str) -> None:
        label = html.escape(self.model.word_count_label(step, text))
        self.counts[step].value = f"<p class='pek-word-count'>{label}</p>"

    def check_ask(self) -> None:
        """Check the first question and show the feedback."""
        self.ask_feedback.value = _feedback(self.model.check_ask(self.ask.value))

    def choose_purpose(self) -> None:
        """Record the chosen purpose and show the feedback."""
        self.purpose_feedback.value = _feedback(self.model.choose_purpose(self.purpose.value))

    def check_share(self) -> None:
        """Check the share and show the feedback."""
        self.share_feedback.value = _feedback(self.model.check_share(self.share.value))

    def check_ask_back(self) -> None:
        """Check the closing question and show the feedback."""
        self.ask_back_feedback.value = _feedback(self.model.check_ask_back(self.ask_back.value))

    def show_plan(self) -> None:
        """Check every step from the current boxes and show the plan summary."""
        self.model.texts.update(ask=self.ask.value.strip(), share=self.share.value.strip(),
                                ask_back=self.ask_back.value.strip())
        summary = self.model.plan()
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in summary.lines)
        steps = "".join(_feedback(f, live=False) for f in summary.feedback)
        self.plan.value = (f"<div class='pek-plan'><p role='status'><strong>"
                           f"{html.escape(summary.headline)}</strong></p><ul>{lines}</ul>"
                           f"{steps}</div>")
        for box, result in ((self.ask_feedback, summary.feedback[0]),
                            (self.purpose_feedback, summary.feedback[1]),
                            (self.share_feedback, summary.feedback[2]),
                            (self.ask_back_feedback, summary.feedback[3])):
            box.value = _feedback(result)
