"""Formative checks: exact feedback for known answers; the view drives the model."""

from __future__ import annotations

import pytest

from peer_ethics.content.models import CheckOption, CheckSection
from peer_ethics.widgets.check import FormativeCheck, formative_check

pytestmark = pytest.mark.usefixtures("raise_callback_errors")


def _section(multiple: bool = False) -> CheckSection:
    return CheckSection(
        kind="check", id="c", title="T", question="Which?", multiple=multiple,
        options=[CheckOption(text="Right one", correct=True, feedback="Because A."),
                 CheckOption(text="Also right", correct=multiple, feedback="Because B."),
                 CheckOption(text="Wrong", correct=False, feedback="Not C.")],
        practises=["x"])


def test_single_answer_feedback() -> None:
    """A right and a wrong choice get their own explanation after a verdict."""
    check = FormativeCheck(_section())
    assert check.answer([0]).text() == "Right. Because A."
    assert check.answer([2]).text() == "Not quite. Not C."
    assert check.attempts == 2


def test_multiple_answer_feedback_counts_missed_options() -> None:
    """Choosing one of two right options says one more is missing."""
    check = FormativeCheck(_section(multiple=True))
    result = check.answer([0])
    assert result.correct is False
    assert result.text() == "Not quite. Because A. 1 more correct option not chosen yet."
    assert check.answer([1, 0]).text() == "Right. Because A. Because B."


def test_bad_selections_are_explained() -> None:
    """No choice, several on a single-answer check, or an unknown index raise clear errors."""
    check = FormativeCheck(_section())
    with pytest.raises(ValueError, match="choose an option first"):
        check.answer([])
    with pytest.raises(ValueError, match="one answer"):
        check.answer([0, 2])
    with pytest.raises(ValueError, match="numbered 0 to 2"):
        check.answer([5])


def test_view_checks_the_selected_option() -> None:
    """Selecting a radio option and clicking the button shows that option's feedback."""
    view = formative_check("boundaries", "crossing-or-violation-check")
    view.check_button.click()
    assert "Choose an option first." in view.feedback.value
    view.radio.value = 0
    view.check_button.click()
    assert view.feedback.value.startswith("<p role='status'>Yes. It steps")
    assert view.check_button.description == "Check my answer"


def test_unknown_check_names_the_available_ones() -> None:
    """Asking for a check the module does not have lists the ones it has."""
    with pytest.raises(KeyError, match="crossing-or-violation-check, codes-differ-check"):
        formative_check("boundaries", "nope")
