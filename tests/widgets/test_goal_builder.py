"""Goal builder: exact SMART feedback for known goals, date and step rules, the view drives it."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest

from peer_ethics.content import ContentError, loader
from peer_ethics.content.loader import goal_builder_content, load_file
from peer_ethics.content.models import GoalBuilderSet
from peer_ethics.widgets.goal_builder import GoalBuilder, GoalPlan, check_smart, goal_builder
from peer_ethics.widgets.goal_builder.model import parse_iso_date
from peer_ethics.widgets.goal_builder.plot import plot_timeline

pytestmark = pytest.mark.usefixtures("raise_callback_errors")

TODAY = date(2030, 3, 1)
SWIM = ("I will swim at the Park Street pool for 20 minutes, two afternoons a week, for the next "
        "six weeks.")


def verdicts(goal: str) -> dict[str, bool]:
    return {c.part: c.met for c in check_smart(goal).checks}


@pytest.fixture
def plan() -> GoalPlan:
    return GoalPlan(TODAY)


# --- SMART -----------------------------------------------------------------------------------


def test_a_smart_goal_in_the_peers_words_passes_all_five_parts() -> None:
    """The module's walking goal meets every part, with the exact "yes" lines."""
    report = check_smart("I will walk for 20 minutes after lunch, three days a week, for the next "
                         "four weeks.")
    assert report.summary() == "SMART parts found: 5 of 5."
    assert [c.text for c in report.checks] == [
        "Specific: yes. It says what the peer will do.",
        "Measurable: yes. The peer can tell when it is done.",
        "Assignable to the peer: yes. The peer is the one who does it.",
        "Realistic: no warning signs. Only the peer can say if it fits their time, money and "
        "energy, so ask them.",
        "Time-bound: yes. It says by when.",
    ]


def test_a_hope_is_not_yet_a_goal_and_each_missing_part_gets_a_suggestion() -> None:
    """ "Get healthier." misses four parts; each line says what to add."""
    report = check_smart("Get healthier.")
    assert report.found == 1
    assert [c.text for c in report.checks if not c.met] == [
        "Specific: not yet. A few words leave a lot unsaid. Ask what the peer will do, where, and "
        "with whom. For example: 'I will go to the art class at the library.'",
        "Measurable: not yet. Nothing says how much or how often, so it is hard to tell when it "
        "is done. Add a count, such as 'two times', 'for 20 minutes' or 'three days a week'.",
        "Assignable to the peer: not yet. Write it as the peer said it, with 'I' ('I will ...'), "
        "so it is clear that the peer does it.",
        "Time-bound: not yet. Nothing says by when. Add a date or a time frame, such as 'by the "
        "end of June' or 'for the next four weeks'.",
    ]


def test_a_vague_aim_without_an_action_is_not_specific_but_with_one_it_is() -> None:
    """ "feel better" alone is flagged by name; "walk ... to feel better" names an action."""
    check = check_smart("I want to feel better by the end of the year").checks[0]
    assert check.text == ("Specific: not yet. 'better' says how the peer hopes to feel, not what "
                          "they will do. Ask: 'What would you do that shows it?' For example: 'I "
                          "will walk to the park after lunch.'")
    assert verdicts("I will walk to the park every day to feel better")["specific"] is True


@pytest.mark.parametrize(("goal", "quoted"), [
    ("Staff will make sure Ana exercises three times a week by June.", "staff will"),
    ("I will get them to go to group every week until May.", "i will get them"),
    ("My peer specialist will find me a flat by next month.", "my peer specialist will"),
    ("You will help me apply for housing by Friday.", "you will"),
])
def test_a_goal_phrased_as_what_the_worker_does_is_not_assignable_to_the_peer(
        goal: str, quoted: str) -> None:
    """Worker or staff wording is quoted back, and the peer's own "I will" is suggested."""
    check = check_smart(goal).checks[2]
    assert (check.met, check.verdict) == (False, "not yet")
    assert check.feedback == (f"'{quoted}' says what a worker or staff will do. The goal belongs "
                              "to the peer, so the peer does it. Write what the peer will do, in "
                              "their words: 'I will ...'")


def test_service_record_wording_is_not_the_peers_own_words() -> None:
    """ "Client will ..." is flagged as service-record wording."""
    check = check_smart("Client will attend 3 groups by 2030-05-01.").checks[2]
    assert check.text == ("Assignable to the peer: not yet. 'client will' is service-record "
                          "wording about the peer. Write it as the peer said it: 'I will ...'")


def test_absolute_words_ask_to_check_realism_with_the_peer() -> None:
    """ "never" leaves no room for a slip; the verdict is to check with the peer."""
    check = check_smart("I will never drink again.").checks[3]
    assert check.text == ("Realistic: check with the peer. 'never' leaves no room for a slip. "
                          "Ask what feels doable, and think about starting smaller, such as 'on "
                          "five days out of seven'.")


@pytest.mark.parametrize(("goal", "timed"), [
    ("I will call my sister on Sunday.", True),
    ("I will swim on Sunday mornings.", False),
    ("I will go to the gym in May.", True),
    ("I may go swimming twice.", False),
    ("I will go by bus to see my mum.", False),
    ("I will read two books by 2030-06-01.", True),
    ("I will go running twice a week until the end of April.", True),
])
def test_time_bound_needs_a_deadline_or_period_not_just_a_habit(goal: str, timed: bool) -> None:
    """A day, a month after "in", a date or "until the end of" count; "Sunday mornings" does not."""
    assert verdicts(goal)["time_bound"] is timed


@pytest.mark.parametrize(("goal", "measured"), [
    ("I will walk more.", False),
    ("I will call my sister.", True),
    ("I will swim twice.", True),
    ("I will go swimming every week.", True),
])
def test_measurable_needs_a_count_or_a_one_off_action(goal: str, measured: bool) -> None:
    """A count word or a done-or-not action ("call") makes a goal measurable; "more" does not."""
    assert verdicts(goal)["measurable"] is measured


def test_curly_apostrophes_and_spacing_do_not_change_the_verdicts() -> None:
    """ "I\u2019ll" counts as first person, like "I'll"."""
    assert verdicts("I\u2019ll  call my sister\n on Sunday.") == verdicts(
        "I'll call my sister on Sunday.")
    assert all(verdicts("I\u2019ll call my sister on Sunday.").values())


def test_empty_or_over_long_goals_are_refused_with_what_to_do() -> None:
    """No goal, or a paragraph, raises a clear ValueError."""
    with pytest.raises(ValueError, match=r"^Type the peer's goal first, in their own words\.$"):
        check_smart("   ")
    with pytest.raises(ValueError, match=r"\(300 characters or fewer; this one has 301\)"):
        check_smart("a" * 301)


def test_every_shipped_example_goal_meets_all_five_parts() -> None:
    """The example shown to learners is itself SMART by the kit's rules."""
    for peer in goal_builder_content().peers:
        assert check_smart(peer.example_goal).found == 5, peer.id


# --- dates, steps, text -----------------------------------------------------------------------


def test_dates_must_be_iso_and_real() -> None:
    """The form is explained with an example; an impossible day is named."""
    assert parse_iso_date(" 2030-04-12 ") == date(2030, 4, 12)
    with pytest.raises(ValueError) as bad:
        parse_iso_date("12/04/2030", "goal date", TODAY)
    assert str(bad.value) == ("The goal date must be written as YYYY-MM-DD (year-month-day, with "
                              "dashes), for example 2030-03-01. You typed '12/04/2030'.")
    with pytest.raises(ValueError) as impossible:
        parse_iso_date("2030-02-30")
    assert str(impossible.value) == ("2030-02-30 is not a real date. Check the month (01 to 12) "
                                     "and the day (the month may be shorter).")
    with pytest.raises(ValueError, match="You typed nothing"):
        parse_iso_date("")


def test_full_width_digits_get_the_yyyy_mm_dd_hint() -> None:
    """Only ASCII digits fit the form, so full-width digits are shown the form, not "not real"."""
    with pytest.raises(ValueError) as wide:
        parse_iso_date("\uff12\uff10\uff13\uff10-\uff10\uff14-\uff11\uff12", "goal date", TODAY)
    assert str(wide.value) == (
        "The goal date must be written as YYYY-MM-DD (year-month-day, with dashes), for example "
        "2030-03-01. You typed '\uff12\uff10\uff13\uff10-\uff10\uff14-\uff11\uff12'.")


def test_the_goal_date_cannot_be_in_the_past(plan: GoalPlan) -> None:
    """Yesterday is refused; today is fine."""
    with pytest.raises(ValueError) as past:
        plan.set_goal_date("2030-02-28")
    assert str(past.value) == ("The goal date 2030-02-28 is in the past. Choose today "
                               "(2030-03-01) or a later date.")
    assert plan.set_goal_date("2030-03-01") == TODAY


def test_the_goal_date_is_at_most_five_years_ahead(plan: GoalPlan) -> None:
    """9999-12-31 is refused with the latest allowed date, so the timeline can always be drawn."""
    with pytest.raises(ValueError) as far:
        plan.set_goal_date("9999-12-31")
    assert str(far.value) == ("The goal date 9999-12-31 is too far ahead. Choose a date within 5 "
                              "years, by 2035-03-01 at the latest. A big goal can be split into "
                              "smaller ones.")
    with pytest.raises(ValueError, match=r"^The goal date 2035-03-02 is too far ahead\."):
        plan.set_goal_date("2035-03-02")
    assert plan.goal_date is None
    assert plan.set_goal_date("2035-03-01") == date(2035, 3, 1)
    leap = GoalPlan(date(2028, 2, 29))
    with pytest.raises(ValueError, match=r"by 2033-02-28 at the latest"):
        leap.set_goal_date("2033-03-01")


def test_steps_fit_between_today_and_the_goal_date_and_stay_in_date_order(plan: GoalPlan) -> None:
    """Steps need a goal date first, are sorted by date, and are refused outside the range."""
    with pytest.raises(ValueError, match=r"^Set the goal date first"):
        plan.add_step("Ask about times", "2030-03-04")
    plan.set_goal_date("2030-04-12")
    plan.add_step("First swim", "2030-03-10")
    plan.add_step("  Ask   about times ", "2030-03-04")
    assert [(s.text, s.when.isoformat()) for s in plan.steps] == [
        ("Ask about times", "2030-03-04"), ("First swim", "2030-03-10")]
    with pytest.raises(ValueError) as late:
        plan.add_step("Celebrate", "2030-04-13")
    assert str(late.value) == ("The step date 2030-04-13 is after the goal date (2030-04-12). "
                               "Choose an earlier date, or move the goal date.")
    with pytest.raises(ValueError, match=r"^The step date 2030-02-27 is in the past"):
        plan.add_step("Too early", "2030-02-27")
    with pytest.raises(ValueError, match=r"^Type what the peer will do in this step\.$"):
        plan.add_step("  ", "2030-03-05")
    with pytest.raises(ValueError, match=r"^Keep each step short \(80 characters or fewer; this "
                                         r"one has 81\)"):
        plan.add_step("x" * 81, "2030-03-05")


def test_moving_the_goal_date_before_a_step_names_that_step(plan: GoalPlan) -> None:
    """The goal date cannot jump over planned steps."""
    plan.set_goal_date("2030-04-12")
    plan.add_step("First swim", "2030-03-10")
    with pytest.raises(ValueError) as early:
        plan.set_goal_date("2030-03-09")
    assert str(early.value) == ("Step 1 (2030-03-10) comes after 2030-03-09. Move or remove that "
                                "step first, or choose a later goal date.")
    assert plan.goal_date == date(2030, 4, 12)


def test_a_plan_has_at_most_ten_steps_and_steps_can_be_removed(plan: GoalPlan) -> None:
    """The eleventh step is refused; removing uses 1-based numbers."""
    plan.set_goal_date("2030-04-12")
    for day in range(2, 12):
        plan.add_step(f"Step on day {day}", f"2030-03-{day:02d}")
    with pytest.raises(ValueError, match=r"^The plan already has 10 steps\."):
        plan.add_step("One more", "2030-03-20")
    assert plan.remove_step(1).text == "Step on day 2"
    assert len(plan.steps) == 9
    with pytest.raises(IndexError, match=r"^There is no step 10; the plan has 9 steps\.$"):
        plan.remove_step(10)


def test_text_alternative_and_summary_follow_the_plan(plan: GoalPlan) -> None:
    """The timeline in words, and the summary, at each stage of the exercise."""
    assert plan.summary("Malia") == "Next: type Malia's goal and check it."
    assert plan.text_alternative("Malia") == ("No timeline yet: set the goal date for Malia's "
                                              "plan.")
    plan.check_goal(SWIM)
    assert plan.summary("Malia") == "SMART parts found: 5 of 5. Next: set the goal date."
    plan.set_goal_date("2030-04-12")
    assert plan.summary("Malia") == "SMART parts found: 5 of 5. Next: add the first step."
    plan.add_step("Ask the pool about afternoon times", "2030-03-01")
    plan.add_step("First swim, 20 minutes!", "2030-03-02")
    assert plan.text_alternative("Malia") == (
        "Timeline of Malia's plan from today, 2030-03-01, to the goal date, 2030-04-12 (42 days). "
        "Step 1, 2030-03-01 (today): Ask the pool about afternoon times. "
        "Step 2, 2030-03-02 (in 1 day): First swim, 20 minutes!")
    assert plan.summary("Malia") == (
        f"Malia's plan: \"{SWIM}\" Goal date 2030-04-12. SMART parts found: 5 of 5. 2 steps, the "
        "first on 2030-03-01.")


def test_each_peer_keeps_their_own_plan() -> None:
    """Switching peers keeps each plan; unknown peers are named with the known ids."""
    content = goal_builder_content()
    builder = GoalBuilder(content.peers, TODAY)
    builder.plan("malia-swimming").check_goal(SWIM)
    assert builder.plan("dev-work").report is None
    assert builder.plan("malia-swimming").report is not None
    with pytest.raises(KeyError, match="known: malia-swimming, dev-work"):
        builder.plan("nobody")
    with pytest.raises(ValueError, match="at least one peer"):
        GoalBuilder([], TODAY)


def test_the_timeline_draws_a_marker_per_step_today_and_the_goal(plan: GoalPlan) -> None:
    """Numbered step labels with dates, "Today" and "Goal date" are written on the figure."""
    plan.set_goal_date("2030-04-12")
    plan.add_step("Ask the pool about afternoon times", "2030-03-04")
    plan.add_step("Buy a swimsuit", "2030-03-06")
    fig = plot_timeline(plan, "Malia")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["1", "1. Ask the pool about\nafternoon times\n2030-03-04", "2",
                     "2. Buy a swimsuit\n2030-03-06", "Today 2030-03-01", "Goal date 2030-04-12"]
    assert fig.axes[0].get_title(loc="left") == "Malia's plan: 2 steps before the goal date"
    with pytest.raises(ValueError, match="set the goal date"):
        plot_timeline(GoalPlan(TODAY), "Malia")


def test_dollar_signs_in_a_step_are_drawn_as_typed_not_as_maths(plan: GoalPlan) -> None:
    """"$20 ... $5" is money: the label keeps the text as typed and the figure renders."""
    plan.set_goal_date("2030-04-12")
    plan.add_step("Save $20 by June and $5", "2030-03-04")
    plan.add_step("Save $20 (10%) then $5", "2030-03-06")
    fig = plot_timeline(plan, "Malia")
    labels = [t for t in fig.axes[0].texts if t.get_text().startswith(("1. ", "2. "))]
    assert [t.get_text() for t in labels] == ["1. Save $20 by June and $5\n2030-03-04",
                                              "2. Save $20 (10%) then $5\n2030-03-06"]
    assert [t.get_parse_math() for t in labels] == [False, False]
    fig.savefig(io.BytesIO(), format="png")  # mathtext raised ValueError on "%" between "$"s


def test_content_with_an_unknown_source_or_repeated_peer_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema rejects repeated peer ids; the loader rejects a source not in the bibliography."""
    shipped = (loader.DATA_DIR / "exercises" / "goal_builder.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "exercises" / "goal_builder.yaml"
    bad.parent.mkdir()
    bad.write_text(shipped.replace("id: dev-work", "id: malia-swimming"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"goal_builder\.yaml: does not fit the GoalBuilderSet "
                                           r"schema: .*peer ids repeat"):
        load_file(bad, GoalBuilderSet)
    bad.write_text(shipped.replace("  - doran-1981-smart-goals", "  - no-such-source"),
                   encoding="utf-8")
    loader.bibliography()  # cached from the shipped files before DATA_DIR moves
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    with pytest.raises(ContentError, match=r"^exercises/goal_builder\.yaml: sources not in the "
                                           r"bibliography: no-such-source$"):
        loader.goal_builder_content.__wrapped__()


# --- the view ---------------------------------------------------------------------------------


def test_view_checks_the_goal_and_plans_steps_with_exact_messages() -> None:
    """Typing and pressing buttons drives the model; feedback is in words, errors are alerts."""
    view = goal_builder(TODAY)
    assert view.peer_picker.value == "malia-swimming"
    assert "Malia says: <q>I want to feel like myself again.</q>" in view.peer_card.value
    view.goal_box.value = "Staff will make sure Malia swims."
    view.check_button.click()
    assert view.smart_feedback.value.startswith(
        "<div role='status'><p><strong>SMART parts found: 2 of 5.</strong></p><ul>"
        "<li><strong>Specific: yes.</strong> It says what the peer will do.</li>"
        "<li><strong>Measurable: not yet.</strong> Nothing says how much")
    assert ("<li><strong>Assignable to the peer: not yet.</strong> &#x27;staff will&#x27; says "
            "what a worker or staff will do.") in view.smart_feedback.value
    view.goal_box.value = SWIM
    view.check_button.click()
    assert "SMART parts found: 5 of 5." in view.smart_feedback.value

    view.goal_date.value = "2030-4-12"
    view.set_date_button.click()
    assert view.plan_message.value.startswith("<p role='alert'><strong>Please check:</strong> "
                                              "The goal date must be written as YYYY-MM-DD")
    view.goal_date.value = "2030-04-12"
    view.set_date_button.click()
    assert view.plan_message.value == "<p role='status'>Goal date set: 2030-04-12.</p>"
    assert re.search(r'^<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="Timeline of '
                     r"Malia&#x27;s plan from today, 2030-03-01, to the goal date, 2030-04-12 "
                     r'\(42 days\). No steps yet\."', view.chart.value)

    view.step_text.value = "Ask the pool about afternoon times"
    view.step_date.value = "2030-03-04"
    view.add_step_button.click()
    assert view.plan_message.value == "<p role='status'>Added step 1 on 2030-03-04.</p>"
    assert (view.step_text.value, view.step_date.value) == ("", "")
    assert view.remove_picker.options == (("1. 2030-03-04: Ask the pool about afternoon times",
                                           "1"),)
    assert view.text_alternative.value == (
        "<p>Timeline of Malia&#x27;s plan from today, 2030-03-01, to the goal date, 2030-04-12 "
        "(42 days). Step 1, 2030-03-04 (in 3 days): Ask the pool about afternoon times.</p>")
    assert view.summary.value == (
        f"<p role='status'><strong>Malia&#x27;s plan: &quot;{SWIM}&quot; Goal date 2030-04-12. "
        "SMART parts found: 5 of 5. 1 step, the first on 2030-03-04.</strong></p>")

    view.remove_button.click()
    assert view.plan_message.value == "<p role='status'>Removed the step on 2030-03-04.</p>"
    assert view.remove_button.disabled and view.remove_picker.options == ()


def test_view_keeps_each_peers_work_and_shows_an_example_on_request() -> None:
    """Switching peers restores their goal box; the example leaves the learner's text alone."""
    view = goal_builder(TODAY)
    view.goal_box.value = SWIM
    view.check_button.click()
    view.peer_picker.value = "noor-sister"
    assert view.goal_box.value == "" and view.smart_feedback.value == ""
    view.example_button.click()
    assert view.smart_feedback.value == (
        "<p role='status'>One SMART goal Noor might say: <q>I will call my sister on a Sunday "
        "evening before the end of this month.</q> Yours can differ: it is the peer's "
        "goal.</p>")
    assert view.goal_box.value == ""
    view.check_button.click()
    assert view.smart_feedback.value == ("<p role='alert'><strong>Please check:</strong> Type the "
                                         "peer&#x27;s goal first, in their own words.</p>")
    view.peer_picker.value = "malia-swimming"
    assert view.goal_box.value == SWIM


def test_every_control_has_a_visible_label() -> None:
    """Text boxes and dropdowns carry descriptions; buttons carry words."""
    view = goal_builder(TODAY)
    for control in (view.peer_picker, view.goal_box, view.goal_date, view.step_text,
                    view.step_date, view.remove_picker):
        assert control.description.endswith(":"), control
    for button in (view.check_button, view.example_button, view.set_date_button,
                   view.add_step_button, view.remove_button):
        assert button.description and button.tooltip
