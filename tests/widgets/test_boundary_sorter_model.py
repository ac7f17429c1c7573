"""Boundary sorter model: exact feedback and score for known placements."""

from __future__ import annotations

import pytest

from peer_ethics.content import scenarios
from peer_ethics.content.models import Guidance, Scenario
from peer_ethics.widgets.boundary_sorter import BoundarySorter


def _scenario(sid: str, guidance: Guidance) -> Scenario:
    return Scenario(
        id=sid, module="boundaries", title=f"Title {sid}", text="A made-up situation.",
        guidance=guidance, why="Because of the code.", what_to_do="Talk with your supervisor.",
        principles=["boundaries"], sources=["samhsa-2015-core-competencies"],
    )


@pytest.fixture
def sorter() -> BoundarySorter:
    return BoundarySorter([
        _scenario("a", Guidance.WITHIN_ROLE),
        _scenario("b", Guidance.GREY_AREA),
        _scenario("c", Guidance.CROSSES_BOUNDARY),
    ])


def test_matching_placement_feedback(sorter: BoundarySorter) -> None:
    """A match says so, then why and what to do."""
    placement = sorter.place("c", "crosses_boundary")
    assert placement.matches
    assert placement.feedback == (
        "Matches the guidance: crosses a boundary. Why: Because of the code. "
        "What to do: Talk with your supervisor."
    )


def test_mismatch_feedback_explains_the_specific_miss(sorter: BoundarySorter) -> None:
    """Placing a boundary crossing as within the role gets the matching explanation."""
    placement = sorter.place("c", Guidance.WITHIN_ROLE)
    assert not placement.matches
    assert placement.feedback == (
        'You chose "Within the role"; the guidance says "Crosses a boundary". Even with kind '
        "intentions, this goes past what the role allows. Why: Because of the code. "
        "What to do: Talk with your supervisor."
    )


@pytest.mark.parametrize("chosen", list(Guidance))
@pytest.mark.parametrize("guidance", list(Guidance))
def test_every_choice_gets_feedback(chosen: Guidance, guidance: Guidance) -> None:
    """All nine (guidance, choice) pairs produce feedback naming the guidance's verdict."""
    model = BoundarySorter([_scenario("x", guidance)])
    feedback = model.place("x", chosen).feedback
    assert feedback.endswith("Why: Because of the code. What to do: Talk with your supervisor.")
    assert guidance.label.lower() in feedback.lower()


def test_score_counts_matches_and_confusion(sorter: BoundarySorter) -> None:
    """Two of three placed, one matching: the summary and confusion counts say exactly that."""
    sorter.place("a", "within_role")
    sorter.place("b", "crosses_boundary")
    score = sorter.score()
    assert (score.total, score.placed, score.matched, score.complete) == (3, 2, 1, False)
    assert score.confusion == {
        (Guidance.WITHIN_ROLE, Guidance.WITHIN_ROLE): 1,
        (Guidance.GREY_AREA, Guidance.CROSSES_BOUNDARY): 1,
    }
    assert score.summary() == "You placed 2 of 3 situations; 1 match the guidance."


def test_complete_summary_and_replacing_a_choice(sorter: BoundarySorter) -> None:
    """Placing again replaces the earlier choice; a full, all-matching sort says so."""
    sorter.place("a", "grey_area")
    for sid, cat in (("a", "within_role"), ("b", "grey_area"), ("c", "crosses_boundary")):
        sorter.place(sid, cat)
    assert sorter.score().summary() == (
        "You placed 3 of 3 situations; 3 match the guidance. Every placement matches the guidance."
    )
    sorter.reset()
    assert sorter.score().summary() == "You have not placed any of the 3 situations yet."


def test_bad_input_is_rejected_clearly(sorter: BoundarySorter) -> None:
    """Unknown scenarios and categories raise with helpful messages."""
    with pytest.raises(KeyError, match="known: a, b, c"):
        sorter.place("zzz", "grey_area")
    with pytest.raises(ValueError, match="maybe"):
        sorter.place("a", "maybe")
    with pytest.raises(ValueError, match="at least one"):
        BoundarySorter([])
    with pytest.raises(ValueError, match="unique"):
        BoundarySorter([_scenario("a", Guidance.GREY_AREA)] * 2)


def test_shipped_scenarios_sort_perfectly_by_their_guidance() -> None:
    """Following the guidance for every shipped M7 scenario scores full marks."""
    model = BoundarySorter(scenarios("boundaries"))
    for scenario in model.scenarios:
        model.place(scenario.id, scenario.guidance)
    score = model.score()
    assert score.matched == score.total == len(scenarios("boundaries"))


def test_comparison_figure_labels_every_category(sorter: BoundarySorter) -> None:
    """The figure has a bar per category with counts as text, and a title with the summary."""
    from peer_ethics.widgets.boundary_sorter import comparison_alt, plot_comparison, show_comparison

    sorter.place("a", "within_role")
    sorter.place("c", "grey_area")
    fig = plot_comparison(sorter)
    ax = fig.axes[0]
    assert [t.get_text().split("\n")[0] for t in ax.get_yticklabels()] == [
        "Within the role", "Grey area: talk with your supervisor", "Crosses a boundary"]
    assert "You placed 2 of 3 situations; 1 match the guidance." in ax.get_title(loc="left")
    assert sorted(t.get_text() for t in ax.texts) == ["1", "1", "1"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Matches the guidance", "Placed differently", "Not placed yet"]
    assert comparison_alt(sorter) == (
        "Chart of your sorting compared with the guidance. You placed 2 of 3 situations; 1 match the "
        "guidance. Within the role: 1 situation, 1 match, 0 placed differently, 0 not placed yet. "
        "Grey area: talk with your supervisor: 1 situation, 0 match, 0 placed differently, 1 not "
        "placed yet. Crosses a boundary: 1 situation, 0 match, 1 placed differently, 0 not placed yet.")
    assert show_comparison(sorter).value.startswith('<img src="data:image/png;base64,')
