"""Consistency tracker: exact rates, weekly counts and guidance; chart and view in Python."""

from __future__ import annotations

import base64
import re

import pytest

from peer_ethics.content.loader import consistency_content
from peer_ethics.content.models import ConsistencyGuidance
from peer_ethics.widgets.consistency import (
    Commitment,
    ConsistencyTracker,
    WeekCounts,
    consistency_tracker,
)
from peer_ethics.widgets.consistency.model import percent, rate_words
from peer_ethics.widgets.consistency.plot import STYLES, chart_html, plot_weeks

pytestmark = pytest.mark.usefixtures("raise_callback_errors")

GUIDANCE = ConsistencyGuidance(missed="MISSED", renegotiated="RENEGOTIATED", all_kept="ALL KEPT")


@pytest.fixture
def example() -> ConsistencyTracker:
    content = consistency_content()
    return ConsistencyTracker(content.peer, content.guidance,
                              [Commitment(e.week, e.text, e.outcome) for e in content.example])


def test_the_example_gives_exact_rates(example: ConsistencyTracker) -> None:
    """5 kept, 2 renegotiated, 1 missed of 8: 63% kept, 88% kept or renegotiated."""
    assert example.counts() == {"kept": 5, "renegotiated": 2, "missed": 1}
    assert example.rate() == (
        "You kept 5 of 8 commitments (63%), more than half. Renegotiated in advance: 2. Missed "
        "without notice: 1. Kept or renegotiated in advance: 7 of 8 (88%).")
    assert example.advice() == consistency_content().guidance.missed


def test_the_example_counts_per_week(example: ConsistencyTracker) -> None:
    """Four weeks, two commitments each, counted by outcome."""
    assert example.weeks() == [WeekCounts(1, 2, 0, 0), WeekCounts(2, 1, 1, 0),
                               WeekCounts(3, 1, 0, 1), WeekCounts(4, 1, 1, 0)]
    assert example.text_alternative() == (
        "Stacked bars per week of commitments kept, renegotiated in advance and missed without "
        "notice. Week 1: 2 kept, 0 renegotiated in advance, 0 missed. Week 2: 1 kept, 1 "
        "renegotiated in advance, 0 missed. Week 3: 1 kept, 0 renegotiated in advance, 1 missed. "
        "Week 4: 1 kept, 1 renegotiated in advance, 0 missed.")


def test_adding_commitments_changes_the_rate_and_fills_empty_weeks(
        example: ConsistencyTracker) -> None:
    """A kept commitment in week 6 gives 6 of 9 (67%) and an empty week 5."""
    added = example.add(6, "  Text Malik   the bus times. ", "kept")
    assert added == Commitment(6, "Text Malik the bus times.", "kept")
    assert example.rate().startswith("You kept 6 of 9 commitments (67%), more than half.")
    assert example.rate().endswith("Kept or renegotiated in advance: 8 of 9 (89%).")
    assert example.weeks()[-2:] == [WeekCounts(5, 0, 0, 0), WeekCounts(6, 1, 0, 0)]
    assert example.weeks()[-2].sentence() == "Week 5: no commitments recorded."
    assert example.remove_last() == added
    assert len(example.commitments) == 8


def test_guidance_follows_the_record() -> None:
    """Silent miss, renegotiation only, and all kept each pick their own guidance."""
    tracker = ConsistencyTracker("Malik", GUIDANCE)
    assert tracker.rate() == "No commitments recorded yet. Add one to see your kept rate."
    assert tracker.advice() == "" and tracker.weeks() == []
    assert tracker.text_alternative() == "The chart is empty: no commitments recorded yet."
    tracker.add(1, "Call back", "kept")
    assert tracker.rate() == (
        "You kept 1 of 1 commitment (100%), all of them. Renegotiated in advance: 0. Missed "
        "without notice: 0. Kept or renegotiated in advance: 1 of 1 (100%).")
    assert tracker.advice() == "ALL KEPT"
    tracker.add(1, "Meet Tuesday", "renegotiated")
    assert tracker.advice() == "RENEGOTIATED"
    assert tracker.rate().startswith("You kept 1 of 2 commitments (50%), half.")
    tracker.add(2, "Meet Friday", "missed")
    assert tracker.advice() == "MISSED"
    assert tracker.rate() == (
        "You kept 1 of 3 commitments (33%), fewer than half. Renegotiated in advance: 1. Missed "
        "without notice: 1. Kept or renegotiated in advance: 2 of 3 (67%).")


def test_percent_rounds_halves_up_and_rate_words_bands() -> None:
    """5/8 is 63 (not banker's 62); bands at 3/4 and 1/2."""
    assert [percent(5, 8), percent(7, 8), percent(1, 3), percent(0, 4)] == [63, 88, 33, 0]
    assert [rate_words(p, 4) for p in range(5)] == [
        "none of them", "fewer than half", "half", "most of them", "all of them"]
    assert rate_words(5, 8) == "more than half"
    with pytest.raises(ValueError, match="got 3 of 2"):
        percent(3, 2)
    with pytest.raises(ValueError, match="got 0 of 0"):
        rate_words(0, 0)


@pytest.mark.parametrize(("week", "text", "outcome", "message"), [
    (0, "Call", "kept", "Week must be a whole number from 1 to 52, not 0."),
    (53, "Call", "kept", "Week must be a whole number from 1 to 52, not 53."),
    (True, "Call", "kept", "Week must be a whole number from 1 to 52, not True."),
    (2, "   ", "kept", "Write the commitment first, for example: Call Malik back by Wednesday."),
    (2, "x" * 201, "kept", "Keep the commitment to 200 characters or fewer (it has 201)."),
    (2, "Call", "forgot", "Outcome must be one of kept, renegotiated, missed, not 'forgot'."),
])
def test_bad_input_is_refused_with_an_actionable_message(
        week: int, text: str, outcome: str, message: str) -> None:
    """Nothing is recorded when the week, text or outcome is invalid."""
    tracker = ConsistencyTracker("Malik", GUIDANCE)
    with pytest.raises(ValueError) as caught:
        tracker.add(week, text, outcome)
    assert str(caught.value) == message
    assert tracker.commitments == []
    with pytest.raises(IndexError, match="no commitments to remove"):
        tracker.remove_last()


def test_chart_uses_hatches_and_words_not_colour_alone(example: ConsistencyTracker) -> None:
    """Each outcome has its own hatch; every segment is labelled; the legend names outcomes."""
    assert len({hatch for _colour, hatch in STYLES.values()}) == 3
    fig = plot_weeks(example)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Kept", "Renegotiated in advance", "Missed without notice"]
    assert [t.get_text() for t in ax.texts] == [
        "2 kept", "1 kept", "1 kept", "1 kept", "1 renegotiated", "1 renegotiated", "1 missed"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Week 1", "Week 2", "Week 3", "Week 4"]
    html = chart_html(example)
    assert html.startswith('<img src="data:image/png;base64,')
    assert 'alt="Stacked bars per week of commitments kept,' in html
    png = base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1))  # type: ignore[union-attr]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_view_shows_the_example_and_adds_a_commitment() -> None:
    """The preloaded example is charted at once; adding and removing update every part."""
    view = consistency_tracker()
    assert (view.week.description, view.commitment.description, view.outcome.description) == (
        "Week number:", "Commitment:", "What happened:")
    assert view.week.value == 5 and view.outcome.value == "kept"
    assert "You kept 5 of 8 commitments (63%), more than half." in view.feedback.value
    assert ("Guidance from the module's sources: International Association of Peer Supporters "
            "(iNAPS), 2013; Substance Abuse and Mental Health Services Administration, 2014."
            in view.feedback.value)
    assert view.chart.value.startswith('<img src="data:image/png;base64,')
    assert "<li>Week 3: 1 kept, 0 renegotiated in advance, 1 missed.</li>" in (
        view.text_alternative.value)
    view.add_button.click()
    assert view.status.value == (
        "<p role='status'><strong>Not added.</strong> Write the commitment first, for example: "
        "Call Malik back by Wednesday.</p>")
    view.commitment.value = "Text Malik the bus times."
    view.outcome.value = "missed"
    view.add_button.click()
    assert view.status.value == "<p role='status'>Added to week 5: missed without notice.</p>"
    assert view.commitment.value == ""
    assert "You kept 5 of 9 commitments (56%), more than half." in view.feedback.value
    assert "<li>Week 5: 0 kept, 0 renegotiated in advance, 1 missed.</li>" in (
        view.text_alternative.value)
    view.remove_button.click()
    assert view.status.value == "<p role='status'>Removed the last commitment (week 5).</p>"
    assert "You kept 5 of 8 commitments (63%)" in view.feedback.value
