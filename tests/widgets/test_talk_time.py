"""Talk-time tracker: exact shares with an injected clock, prompts, seat rules, the view."""

from __future__ import annotations

import io
import re

import pytest

from peer_ethics.widgets.talk_time import TalkTimeTracker, parse_seats, talk_time_tracker
from peer_ethics.widgets.talk_time.model import format_duration, format_percent, join_names
from peer_ethics.widgets.talk_time.plot import plot_shares

pytestmark = pytest.mark.usefixtures("raise_callback_errors")


class Clock:
    """A clock the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def tracker(clock: Clock) -> TalkTimeTracker:
    return TalkTimeTracker(["Seat 1", "Seat 2", "Seat 3", "Seat 4"], clock)


def test_shares_are_exact_and_pressing_another_seat_switches(tracker: TalkTimeTracker,
                                                             clock: Clock) -> None:
    """60 s, 30 s and 10 s give shares of exactly 0.6, 0.3 and 0.1; one seat speaks at a time."""
    assert tracker.press("Seat 1") == "Seat 1"
    clock.now += 60
    assert tracker.press("Seat 2") == "Seat 2"  # switches: Seat 1 stops
    clock.now += 30
    tracker.press("Seat 3")
    clock.now += 10
    assert tracker.press("Seat 3") is None  # pressing the speaker again stops
    clock.now += 500  # nobody speaking: the clock is paused
    assert tracker.all_seconds() == {"Seat 1": 60.0, "Seat 2": 30.0, "Seat 3": 10.0, "Seat 4": 0.0}
    assert tracker.shares() == {"Seat 1": 0.6, "Seat 2": 0.3, "Seat 3": 0.1, "Seat 4": 0.0}
    assert tracker.not_heard() == ["Seat 4"]
    assert tracker.status() == "Nobody is speaking. The clock is paused."


def test_the_running_turn_counts_until_now(tracker: TalkTimeTracker, clock: Clock) -> None:
    """While a seat speaks, its time grows with the clock."""
    tracker.start("Seat 2")
    clock.now += 45
    assert tracker.seconds("Seat 2") == 45.0
    assert tracker.shares()["Seat 2"] == 1.0
    assert tracker.status() == "Speaking now: Seat 2."
    tracker.start("Seat 2")  # start on the speaker keeps the floor; time carries on
    clock.now += 5
    assert tracker.seconds("Seat 2") == 50.0


def test_prompts_name_the_seats_not_heard_yet_and_a_long_share(tracker: TalkTimeTracker,
                                                               clock: Clock) -> None:
    """Exact prompt texts: before anyone speaks, with quiet seats, with a seat over twice equal."""
    assert tracker.prompt() == ("No one has spoken yet. When someone starts to talk, press the "
                                "Start button for their seat.")
    assert tracker.shares() == dict.fromkeys(tracker.seats, 0.0)
    tracker.press("Seat 1")
    clock.now += 90
    tracker.press("Seat 2")
    clock.now += 10
    tracker.stop()
    assert tracker.dominant() == ["Seat 1"]  # 90% > 2 x 25%
    assert tracker.prompt() == (
        "Not heard from yet: Seat 3 and Seat 4. You might leave a pause, or invite anyone who has "
        "not spoken to add something if they wish. Nobody has to speak. Seat 1 has 90% of the "
        "talk time, more than twice an equal share (25%). You might invite other voices in.")
    for seat in ("Seat 3", "Seat 4", "Seat 2"):
        tracker.press(seat)
        clock.now += 30
    tracker.stop()
    assert tracker.shares()["Seat 1"] == 90 / 190  # Seat 2: 10 s + 30 s
    assert tracker.prompt() == "Everyone has spoken at least once."


def test_text_alternative_lists_every_seat_with_share_and_time(tracker: TalkTimeTracker,
                                                               clock: Clock) -> None:
    """The chart in words, including who is speaking now and who has not been heard."""
    tracker.press("Seat 1")
    clock.now += 75
    tracker.press("Seat 3")
    clock.now += 25
    assert tracker.text_alternative() == (
        "Share of talk time so far (total 1 min 40 s; an equal share is 25%): Seat 1 75% "
        "(1 min 15 s); Seat 2 0% (not heard yet); Seat 3 25% (25 s, speaking now); Seat 4 0% "
        "(not heard yet).")


def test_a_seat_started_and_stopped_at_once_has_been_heard(tracker: TalkTimeTracker) -> None:
    """Being given the floor counts as heard, even with zero seconds."""
    tracker.press("Seat 4")
    tracker.press("Seat 4")
    assert tracker.not_heard() == ["Seat 1", "Seat 2", "Seat 3"]
    assert tracker.shares()["Seat 4"] == 0.0
    assert "Seat 4 0% (0 s)" in tracker.text_alternative()


def test_frozen_reads_the_clock_once_so_texts_and_chart_agree() -> None:
    """With a clock that moves on every call, readings inside ``frozen()`` share one instant."""
    ticks = iter(range(0, 1000, 10))
    tracker = TalkTimeTracker(["A", "B"], lambda: float(next(ticks)))
    tracker.start("A")  # at 0
    assert tracker.seconds("A") == 10.0 and tracker.seconds("A") == 20.0  # unfrozen: it moves
    with tracker.frozen():  # the clock reads 30 once
        assert tracker.seconds("A") == tracker.seconds("A") == 30.0
        assert tracker.text_alternative() == ("Share of talk time so far (total 30 s; an equal "
                                              "share is 50%): A 100% (30 s, speaking now); B 0% "
                                              "(not heard yet).")
    assert tracker.seconds("A") == 40.0


def test_reset_sets_every_seat_back_to_zero(tracker: TalkTimeTracker, clock: Clock) -> None:
    """After reset nobody speaks, nobody has been heard, and the seats stay."""
    tracker.press("Seat 1")
    clock.now += 10
    tracker.reset()
    assert (tracker.speaker, tracker.not_heard()) == (None, list(tracker.seats))
    assert tracker.all_seconds() == dict.fromkeys(tracker.seats, 0.0)


def test_unknown_seats_and_a_clock_going_backwards_are_errors(tracker: TalkTimeTracker,
                                                              clock: Clock) -> None:
    """Clear errors for a seat not set up and for a non-monotonic clock."""
    with pytest.raises(KeyError, match="no seat 'Seat 9'; seats: Seat 1, Seat 2, Seat 3, Seat 4"):
        tracker.press("Seat 9")
    tracker.press("Seat 1")
    clock.now -= 1
    with pytest.raises(ValueError, match="the clock went backwards"):
        tracker.seconds("Seat 1")


def test_seat_lists_are_parsed_and_bad_ones_explained() -> None:
    """Commas or new lines; 2-12 distinct short labels; each error says what to do."""
    assert parse_seats(" Seat 1,Seat  2\nK, ,A ") == ["Seat 1", "Seat 2", "K", "A"]
    cases = {
        "Seat 1": "Enter at least 2 seats, separated by commas, for example 'Seat 1, Seat 2, "
                  "Seat 3'.",
        ",".join(f"S{n}" for n in range(13)): "Enter at most 12 seats (you entered 13). For a "
                                              "bigger group, track one small group at a time.",
        "Seat 1, Someone With A Long Name": "'Someone With A Long Name' is too long. Use a seat "
                                            "number or first initials (20 characters or fewer).",
        "Seat 1, --": "'--' has no letter or number. Use a seat number or first initials.",
        "Seat 1, seat 1": "'seat 1' appears twice. Give each seat its own label, for example "
                          "'Seat 3' and 'Seat 4'.",
    }
    for text, message in cases.items():
        with pytest.raises(ValueError) as bad:
            parse_seats(text)
        assert str(bad.value) == message
    with pytest.raises(ValueError, match="single, non-empty label without commas"):
        TalkTimeTracker(["A, B", "C"])


def test_formatting_helpers_round_half_up() -> None:
    """Durations and percentages as shown on the chart and in the text."""
    assert [format_duration(s) for s in (0, 44.5, 59.4, 125, 3725)] == [
        "0 s", "45 s", "59 s", "2 min 5 s", "1 h 2 min"]
    assert [format_percent(s) for s in (0.0, 0.125, 1 / 3, 1.0)] == ["0%", "13%", "33%", "100%"]
    assert [join_names(n) for n in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "", "A", "A and B", "A, B and C"]


def test_the_chart_writes_shares_on_bars_and_marks_an_equal_share(tracker: TalkTimeTracker,
                                                                  clock: Clock) -> None:
    """Bar widths are the exact percentages; words label bars, the speaker and the equal line."""
    tracker.press("Seat 1")
    clock.now += 60
    tracker.press("Seat 2")
    clock.now += 40
    fig = plot_shares(tracker)
    ax = fig.axes[0]
    assert [bar.get_width() for bar in ax.patches] == [60.0, 40.0, 0.0, 0.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Seat 1", "Seat 2 (speaking now)", "Seat 3", "Seat 4"]
    assert [t.get_text() for t in ax.texts] == [
        "60% (1 min 0 s)", "40% (40 s)", "not heard yet", "not heard yet", "Equal share 25%"]
    assert ax.patches[1].get_hatch() == "//" and ax.patches[0].get_hatch() is None
    assert ax.lines[0].get_xdata()[0] == 25.0


def test_seat_labels_with_dollar_signs_are_drawn_as_typed(clock: Clock) -> None:
    """"$" in a seat label is not maths: the chart renders and the labels read as typed."""
    tracker = TalkTimeTracker(["$\\frac$", "$5 $6", "Seat 3"], clock)
    tracker.press("$5 $6")
    clock.now += 30
    fig = plot_shares(tracker)
    ax = fig.axes[0]
    fig.savefig(io.BytesIO(), format="png")  # mathtext raised ValueError on "$\\frac$"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "$\\frac$", "$5 $6 (speaking now)", "Seat 3"]
    assert [t.get_parse_math() for t in ax.get_yticklabels()] == [False, False, False]
    assert [bar.get_width() for bar in ax.patches] == [0.0, 100.0, 0.0]


# --- the view ---------------------------------------------------------------------------------


def test_view_seat_buttons_switch_and_the_chart_and_prompt_follow(clock: Clock) -> None:
    """Set up three seats, press buttons; exact status, prompt and text alternative."""
    view = talk_time_tracker(clock)
    assert list(view.seat_buttons) == [f"Seat {n}" for n in range(1, 7)]
    view.seats_box.value = "Seat 1, Seat 2"
    view.seats_box.value = "Seat 1"
    view.setup_button.click()
    assert view.setup_message.value.startswith("<p role='alert'><strong>Please check:</strong> "
                                               "Enter at least 2 seats")
    view.seats_box.value = "Seat 1, Seat 2, Facilitator"
    view.setup_button.click()
    assert view.setup_message.value == "<p role='status'>3 seats set up. Times start at zero.</p>"
    assert [b.description for b in view.seat_box.children] == [
        "Start Seat 1", "Start Seat 2", "Start Facilitator"]

    view.seat_buttons["Facilitator"].click()
    clock.now += 120
    view.seat_buttons["Seat 1"].click()
    assert view.seat_buttons["Seat 1"].description == "Stop Seat 1 (speaking)"
    assert view.seat_buttons["Facilitator"].description == "Start Facilitator"
    assert view.status.value == "<p role='status'><strong>Speaking now: Seat 1.</strong></p>"
    clock.now += 30
    view.refresh_button.click()
    assert view.text_alternative.value == (
        "<p>Share of talk time so far (total 2 min 30 s; an equal share is 33%): Seat 1 20% "
        "(30 s, speaking now); Seat 2 0% (not heard yet); Facilitator 80% (2 min 0 s).</p>")
    assert view.prompt.value == (
        "<p>Not heard from yet: Seat 2. You might leave a pause, or invite anyone who has not "
        "spoken to add something if they wish. Nobody has to speak. Facilitator has 80% of the "
        "talk time, more than twice an equal share (33%). You might invite other voices in.</p>")
    assert re.match(r'^<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="Share of talk time '
                    r"so far \(total 2 min 30 s", view.chart.value)

    view.pause_button.click()
    clock.now += 100
    assert view.status.value == ("<p role='status'><strong>Nobody is speaking. The clock is "
                                 "paused.</strong></p>")
    assert view.seat_buttons["Seat 1"].description == "Start Seat 1"
    view.reset_button.click()
    assert view.prompt.value.startswith("<p>No one has spoken yet.")


def test_view_controls_are_labelled() -> None:
    """The seat box has a description; every button has words and a tooltip."""
    view = talk_time_tracker(Clock())
    assert view.seats_box.description == "Seats (comma-separated):"
    for button in (view.setup_button, view.pause_button, view.refresh_button, view.reset_button,
                   *view.seat_buttons.values()):
        assert button.description and button.tooltip


def test_view_prompt_and_text_alternative_come_from_one_instant(clock: Clock) -> None:
    """With a clock that moves 100 s on every call, the prompt and the text agree on shares."""
    def moving() -> float:
        clock.now += 100
        return clock.now

    view = talk_time_tracker(moving)
    view.seats_box.value = "A, B, C"
    view.setup_button.click()
    view.seat_buttons["A"].click()
    clock.now += 5000
    view.seat_buttons["B"].click()  # B's turn keeps running, 100 s per clock reading
    view.refresh_button.click()
    text_share = re.search(r"\bA (\d+)% ", view.text_alternative.value)
    prompt_share = re.search(r"\bA has (\d+)% ", view.prompt.value)
    assert text_share and prompt_share, (view.text_alternative.value, view.prompt.value)
    assert text_share.group(1) == prompt_share.group(1)
