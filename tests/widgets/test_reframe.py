"""Language reframing: exact feedback for known rewrites; the view drives the model."""

from __future__ import annotations

import pytest

from peer_ethics.content.loader import reframe_items
from peer_ethics.widgets.reframe import LanguageReframe, language_reframe

pytestmark = pytest.mark.usefixtures("raise_callback_errors")


@pytest.fixture
def model() -> LanguageReframe:
    return LanguageReframe(list(reframe_items()))


def test_a_rewrite_that_keeps_the_label_is_not_accepted(model: LanguageReframe) -> None:
    """The label left in the rewrite is named, with a suggestion."""
    result = model.check("addict-in-group", "A new addict is joining on Tuesday.")
    assert (result.accepted, result.left) == (False, ["addict"])
    assert result.message == ("Still there: 'addict'. Name the person first and say what happened. "
                              "For example: We have a new member joining the Tuesday group.")
    assert model.progress() == "0 of 5 sentences reframed."


def test_any_stigmatising_term_is_caught_not_only_the_items_labels(model: LanguageReframe) -> None:
    """Swapping one label for another ("junkie") is still not accepted."""
    result = model.check("addict-in-group", "A new junkie is joining the Tuesday group.")
    assert result.left == ["junkie"]


def test_a_person_first_rewrite_is_accepted_with_the_why(model: LanguageReframe) -> None:
    """An accepted rewrite explains why it matters and offers another phrasing."""
    result = model.check("clean-for-a-month", "Dee has not used for a month.")
    assert result.accepted and result.left == []
    assert result.message.startswith("Person-first and free of labels. Why it matters: \"Clean\"")
    assert model.progress() == "1 of 5 sentences reframed."


def test_empty_or_unchanged_rewrites_ask_for_a_rewrite(model: LanguageReframe) -> None:
    """Nothing typed, or the original pasted back, asks the learner to rewrite."""
    original = model.items[0].sentence
    for text in ("", "   ", original):
        assert model.check(model.items[0].id, text).message == "Rewrite the sentence in your own words first."
    with pytest.raises(KeyError, match="known: addict-in-group"):
        model.check("nope", "x")


def test_view_checks_the_typed_rewrite_and_moves_on() -> None:
    """Typing, checking and navigating drive the model; labelled controls only."""
    view = language_reframe()
    view.rewrite.value = "We have a new member joining the Tuesday group."
    view.check_button.click()
    assert view.feedback.value.startswith("<p role='status'><strong>Well done.</strong>")
    assert view.progress.value == "<p>1 of 5 sentences reframed.</p>"
    view.next_button.click()
    assert "Dee has been clean for a month." in view.sentence.value
    assert view.rewrite.value == "" and view.feedback.value == ""
    view.previous_button.click()
    assert view.rewrite.value == "We have a new member joining the Tuesday group."
    assert view.rewrite.description == "Your rewrite:"
