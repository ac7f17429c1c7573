"""Boundary sorter view: drives the model; labelled controls; callback errors surface."""

from __future__ import annotations

import ipywidgets as w
import pytest

from peer_ethics.content.models import Guidance
from peer_ethics.widgets.boundary_sorter import boundary_sorter

pytestmark = pytest.mark.usefixtures("raise_callback_errors")


def test_clicking_a_category_places_the_current_scenario() -> None:
    """A click on a category button records a placement and shows its feedback."""
    view = boundary_sorter()
    first = view.model.scenarios[0]
    view.category_buttons[Guidance.GREY_AREA].click()
    placement = view.model.placement(first.id)
    assert placement is not None and placement.chosen is Guidance.GREY_AREA
    assert placement.feedback.split(" Why:")[0].replace('"', "&quot;") in view.feedback.value
    assert view.category_buttons[Guidance.GREY_AREA].description == (
        "Your choice: Grey area: talk with your supervisor")
    assert view.progress.value == f"<p>Situation 1 of {len(view.model.scenarios)} &middot; 1 placed</p>"


def test_navigation_moves_between_scenarios_and_disables_at_the_ends() -> None:
    """Next and previous move one scenario; the ends disable the matching button."""
    view = boundary_sorter()
    assert view.previous_button.disabled and not view.next_button.disabled
    view.next_button.click()
    assert view.index == 1
    assert view.model.scenarios[1].title in view.card.value
    assert view.feedback.value == ""
    view.previous_button.click()
    assert view.index == 0
    view.go(999)
    assert view.next_button.disabled and view.index == len(view.model.scenarios) - 1


def test_summary_button_fills_summary_and_chart() -> None:
    """The summary button writes the score sentence and draws the chart, with its alt text."""
    view = boundary_sorter()
    view.category_buttons[view.model.scenarios[0].guidance].click()
    view.summary_button.click()
    total = len(view.model.scenarios)
    assert f"You placed 1 of {total} situations; 1 match the guidance." in view.summary.value
    assert view.chart.value.startswith('<img src="data:image/png;base64,')
    assert (f'alt="Chart of your sorting compared with the guidance. You placed 1 of {total}'
            in view.chart.value)


def test_every_control_is_a_labelled_button() -> None:
    """Every interactive control is a Button with visible text and a tooltip."""
    view = boundary_sorter()

    def walk(widget: w.Widget):  # type: ignore[no-untyped-def]
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)

    passive = (w.HTML, w.Label, w.Output, w.Box)
    controls = [x for x in walk(view) if isinstance(x, w.DOMWidget) and not isinstance(x, passive)]
    assert len(controls) == 6
    for control in controls:
        assert isinstance(control, w.Button)
        assert control.description.strip() and control.tooltip.strip()


def test_callback_errors_are_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing model call inside a click raises in the test instead of being logged."""
    view = boundary_sorter()

    def broken(*_args: object) -> None:
        raise RuntimeError("model failed")

    monkeypatch.setattr(view.model, "place", broken)
    with pytest.raises(RuntimeError, match="model failed"):
        view.category_buttons[Guidance.WITHIN_ROLE].click()
