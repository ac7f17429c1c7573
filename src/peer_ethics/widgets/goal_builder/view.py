"""Empowerment goal builder, thin ipywidgets view: goal, SMART feedback, dated steps, timeline."""

from __future__ import annotations

import html
from datetime import timedelta

import ipywidgets as w

from peer_ethics.content.models import Reference
from peer_ethics.widgets.figures import figure_html
from peer_ethics.widgets.goal_builder.model import GoalBuilder, GoalPlan

__all__ = ["GoalBuilderView"]

_SPACED = "0 0.6em 0.6em 0"
_WIDE = w.Layout(width="100%", max_width="48em")
_STYLE = {"description_width": "initial"}


def _button(description: str, tooltip: str) -> w.Button:
    return w.Button(description=description, tooltip=tooltip,
                    layout=w.Layout(width="auto", margin=_SPACED))


class GoalBuilderView(w.VBox):  # type: ignore[misc]
    """Pick a made-up peer, type their goal, check it against SMART, then plan dated steps.

    Controls, all labelled and reachable with Tab: a peer ``Dropdown``, a goal ``Textarea``,
    text boxes for dates (``YYYY-MM-DD``) and steps, a step ``Dropdown`` for removal, and
    buttons. Feedback says "Yes" or "Not yet" in words; the timeline has a text alternative.

    Text boxes sync when the learner leaves them (``continuous_update=False``), and each action
    redraws the chart before it writes its message: ipywidgets sends a button press at once but
    holds typed values back while the kernel is busy, so this keeps a press from overtaking the
    text typed just before it.

    Parameters
    ----------
    model : GoalBuilder
    intro : str
        Plain text shown at the top.
    sources : list of Reference
        Listed under the intro.
    """

    def __init__(self, model: GoalBuilder, intro: str = "",
                 sources: list[Reference] | None = None) -> None:
        self.model = model
        refs = "; ".join(f"{html.escape(r.short())}, <em>{html.escape(r.title)}</em>"
                         for r in sources or [])
        header = w.HTML(f"<p>{html.escape(intro)}</p>"
                        + (f"<p><small>Sources: {refs}.</small></p>" if refs else ""),
                        layout=_WIDE)
        self.peer_picker = w.Dropdown(options=[(p.name, p.id) for p in model.peers],
                                      description="Peer:", style=_STYLE)
        self.peer_card = w.HTML(layout=_WIDE)
        self.goal_box = w.Textarea(description="The goal, in the peer's words:",
                                   placeholder="I will ...", style=_STYLE, continuous_update=False,
                                   layout=w.Layout(width="100%", max_width="48em", height="4.5em"))
        self.check_button = _button("Check the goal", "Check the goal against SMART")
        self.example_button = _button("Show an example goal", "Show one SMART goal for this peer")
        self.smart_feedback = w.HTML(layout=_WIDE)
        soon = (model.today + timedelta(days=28)).isoformat()
        self.goal_date = w.Text(description="Goal date (YYYY-MM-DD):", placeholder=soon,
                                style=_STYLE, continuous_update=False)
        self.set_date_button = _button("Set the goal date", "Set the date the goal is for")
        self.step_text = w.Text(description="Step:", placeholder="What will the peer do?",
                                style=_STYLE, continuous_update=False,
                                layout=w.Layout(width="100%", max_width="36em"))
        self.step_date = w.Text(description="Step date (YYYY-MM-DD):",
                                placeholder=(model.today + timedelta(days=7)).isoformat(),
                                style=_STYLE, continuous_update=False)
        self.add_step_button = _button("Add the step", "Add this step to the plan")
        self.remove_picker = w.Dropdown(description="Step to remove:", options=[], style=_STYLE)
        self.remove_button = _button("Remove the step", "Remove the chosen step")
        self.plan_message = w.HTML(layout=_WIDE)
        self.summary = w.HTML(layout=_WIDE)
        self.chart = w.HTML(layout=_WIDE)
        self.text_alternative = w.HTML(layout=_WIDE)

        self.peer_picker.observe(lambda _c: self._render_peer(), names="value")
        self.check_button.on_click(lambda _b: self.check_goal())
        self.example_button.on_click(lambda _b: self.show_example())
        self.set_date_button.on_click(lambda _b: self.set_goal_date())
        self.add_step_button.on_click(lambda _b: self.add_step())
        self.remove_button.on_click(lambda _b: self.remove_step())

        row = w.Layout(flex_flow="row wrap", align_items="center")
        super().__init__([
            header,
            w.HTML("<h2 class='pek-step'>1. Listen to the peer</h2>"), self.peer_picker, self.peer_card,
            w.HTML("<h2 class='pek-step'>2. Write the goal as the peer said it</h2>"), self.goal_box,
            w.HBox([self.check_button, self.example_button], layout=row), self.smart_feedback,
            w.HTML("<h2 class='pek-step'>3. Plan the steps</h2><p>Type dates as year-month-day, for example "
                   f"{html.escape(soon)}.</p>"),
            w.HBox([self.goal_date, self.set_date_button], layout=row),
            w.HBox([self.step_text, self.step_date, self.add_step_button], layout=row),
            w.HBox([self.remove_picker, self.remove_button], layout=row),
            self.plan_message, self.chart, self.text_alternative, self.summary,
        ])
        self.add_class("pek-goal-builder")
        self._render_peer()

    # -- actions --------------------------------------------------------------------------------

    @property
    def plan(self) -> GoalPlan:
        """The plan of the peer chosen in the dropdown."""
        return self.model.plan(self.peer_picker.value)

    def check_goal(self) -> None:
        """Check the typed goal and show one line per SMART part."""
        try:
            report = self.plan.check_goal(self.goal_box.value)
        except ValueError as exc:
            self.smart_feedback.value = _alert(str(exc))
            return
        self._render_plan()
        items = "".join(f"<li><strong>{html.escape(c.label)}: {html.escape(c.verdict)}."
                        f"</strong> {html.escape(c.feedback)}</li>" for c in report.checks)
        self.smart_feedback.value = (f"<div role='status'><p><strong>{report.summary()}"
                                     f"</strong></p><ul>{items}</ul></div>")

    def show_example(self) -> None:
        """Show the peer's example goal (the learner's text is left alone)."""
        peer = self.model.peer(self.peer_picker.value)
        self.smart_feedback.value = (f"<p role='status'>One SMART goal {html.escape(peer.name)} "
                                     f"might say: <q>{html.escape(peer.example_goal)}</q> "
                                     "Yours can differ: it is the peer's goal.</p>")

    def set_goal_date(self) -> None:
        """Set the goal date from its text box."""
        try:
            when = self.plan.set_goal_date(self.goal_date.value)
        except ValueError as exc:
            self.plan_message.value = _alert(str(exc))
            return
        self._render_plan()
        self.plan_message.value = f"<p role='status'>Goal date set: {when.isoformat()}.</p>"

    def add_step(self) -> None:
        """Add the typed step and date; clear the boxes when it is added."""
        try:
            step = self.plan.add_step(self.step_text.value, self.step_date.value)
        except ValueError as exc:
            self.plan_message.value = _alert(str(exc))
            return
        number = self.plan.steps.index(step) + 1
        self.step_text.value = ""
        self.step_date.value = ""
        self._render_plan()
        self.plan_message.value = (f"<p role='status'>Added step {number} on "
                                   f"{step.when.isoformat()}.</p>")

    def remove_step(self) -> None:
        """Remove the step chosen in the "Step to remove" dropdown."""
        if self.remove_picker.value is None:
            self.plan_message.value = _alert("There is no step to remove yet.")
            return
        step = self.plan.remove_step(int(self.remove_picker.value))
        self._render_plan()
        self.plan_message.value = (f"<p role='status'>Removed the step on "
                                   f"{step.when.isoformat()}.</p>")

    # -- rendering ------------------------------------------------------------------------------

    def _render_peer(self) -> None:
        peer = self.model.peer(self.peer_picker.value)
        plan = self.plan
        self.peer_card.value = (
            f"<div class='pek-card'><p>{html.escape(peer.situation)}</p>"
            f"<p>{html.escape(peer.name)} says: <q>{html.escape(peer.hope)}</q></p>"
            f"<p>You ask what that would look like. {html.escape(peer.name)} says: "
            f"{html.escape(peer.said)}</p></div>")
        self.goal_box.value = plan.report.goal if plan.report else ""
        self.goal_date.value = plan.goal_date.isoformat() if plan.goal_date else ""
        self.smart_feedback.value = ""
        self.plan_message.value = ""
        self._render_plan()

    def _render_plan(self) -> None:
        """Redraw the chart first (the slow part), then update the texts together."""
        from peer_ethics.widgets.goal_builder.plot import plot_timeline

        plan = self.plan
        name = self.model.peer(self.peer_picker.value).name
        alt = plan.text_alternative(name)
        chart = "" if plan.goal_date is None else figure_html(plot_timeline(plan, name), alt)
        self.remove_picker.options = [(f"{n}. {s.when.isoformat()}: {s.text}", str(n))
                                      for n, s in enumerate(plan.steps, 1)]
        if plan.steps and self.remove_picker.value is None:
            self.remove_picker.value = "1"
        self.remove_button.disabled = not plan.steps
        self.summary.value = (f"<p role='status'><strong>{html.escape(plan.summary(name))}"
                              "</strong></p>")
        self.text_alternative.value = f"<p>{html.escape(alt)}</p>"
        self.chart.value = chart


def _alert(message: str) -> str:
    return f"<p role='alert'><strong>Please check:</strong> {html.escape(message)}</p>"
