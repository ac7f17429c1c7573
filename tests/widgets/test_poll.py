"""Live poll: counters only, one answer per participant per round, facilitator-only controls."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from peer_ethics.content.loader import poll_questions
from peer_ethics.widgets.poll import FacilitatorPoll, ParticipantPoll, PollStore, live_poll, poll_results

pytestmark = pytest.mark.usefixtures("raise_callback_errors")


@pytest.fixture
def store(tmp_path: Path) -> PollStore:
    return PollStore(tmp_path / "room" / "poll.sqlite")


def test_answers_are_counted_once_per_participant_and_revealed_only_on_request(store: PollStore) -> None:
    """Three participants answer; one tries twice; results appear when the facilitator reveals."""
    questions = poll_questions()
    facilitator = FacilitatorPoll(questions, store)
    people = [ParticipantPoll(questions, store) for _ in range(3)]
    assert people[0].send(0).message == "There is no open question yet. Wait for your facilitator."
    facilitator.open("gift-first-reaction")
    assert [p.send(o).accepted for p, o in zip(people, (1, 1, 2), strict=True)] == [True] * 3
    assert people[0].send(3).message == "Your answer is already in. Thank you!"
    assert people[1].send(None).message == "Your answer is already in. Thank you!"
    assert people[0].results() is None  # not revealed yet
    live = facilitator.live_results()
    assert live is not None and live.counts == (0, 2, 1, 0)
    facilitator.reveal()
    shown = people[2].results()
    assert shown is not None and shown.lines() == [
        "Thank them and accept it: 0 of 3 (0%)",
        "Thank them, then check my agency's gift policy: 2 of 3 (67%)",
        "Kindly say no: 1 of 3 (33%)",
        "Not sure: 0 of 3 (0%)",
    ]


def test_nothing_chosen_and_closed_questions_are_refused(store: PollStore) -> None:
    questions = poll_questions()
    facilitator = FacilitatorPoll(questions, store)
    person = ParticipantPoll(questions, store)
    facilitator.open("family-call")
    assert person.send(None).message == "Choose one answer first."
    assert person.send(9).message == "Choose one answer first."
    stale = store.state()
    facilitator.open("disclosure-comfort")
    with pytest.raises(Exception, match="closed"):
        store.answer("family-call", stale.round, 0)
    with pytest.raises(KeyError, match="known: gift-first-reaction, family-call"):
        facilitator.open("nope")


def test_reset_starts_the_round_again_and_lets_everyone_answer_again(store: PollStore) -> None:
    questions = poll_questions()
    facilitator, person = FacilitatorPoll(questions, store), ParticipantPoll(questions, store)
    facilitator.open("supervision-topic")
    assert person.send(2).accepted
    facilitator.reveal()
    state = facilitator.reset()
    assert (state.question, state.revealed) == ("supervision-topic", False)
    live = facilitator.live_results()
    assert live is not None and live.total == 0
    assert person.send(0).accepted


def test_the_store_keeps_counters_only(store: PollStore) -> None:
    """No column could hold a name, a session, a time or an answer's order."""
    questions = poll_questions()
    FacilitatorPoll(questions, store).open("gift-first-reaction")
    for option in (0, 0, 3):
        ParticipantPoll(questions, store).send(option)
    assert store.tables() == {"poll_state": ["id", "question", "round", "revealed"],
                              "poll_counts": ["question", "round", "option", "n"]}
    with sqlite3.connect(store.path) as db:
        assert sorted(db.execute("SELECT option, n FROM poll_counts")) == [(0, 2), (3, 1)]


def test_participant_view_answers_and_shows_revealed_results(tmp_path: Path) -> None:
    path = tmp_path / "poll.sqlite"
    participant, facilitator = live_poll(path), poll_results(path)
    assert "Waiting for your facilitator" in participant.question.value
    assert participant.send_button.disabled
    facilitator.picker.value = "family-call"
    facilitator.open_button.click()
    participant.refresh()
    assert participant.choice.options == tuple(poll_questions()[1].options)
    participant.choice.value = "I ask my supervisor first"
    participant.send_button.click()
    assert participant.status.value == ("<p role='status'>Thank you! Your answer is in. Nobody can "
                                        "see who sent it.</p>")
    assert participant.send_button.disabled and participant.results.value == ""
    facilitator.refresh()
    assert "(1 answers so far; results hidden from participants)" in facilitator.status.value
    assert facilitator.live.value.startswith("<p class='pek-poll-count'>1 answers so far.")
    assert "<img" not in facilitator.live.value  # no bars on the projector before the reveal
    facilitator.reveal_button.value = True
    assert "I ask my supervisor first: 1 of 1 (100%)" in facilitator.live.value
    participant.refresh()
    assert "I ask my supervisor first: 1 of 1 (100%)" in participant.results.value
    assert 'alt="Bar chart of 1 answers.' in participant.results.value
    assert facilitator.reveal_button.description == "Hide results from participants"


def test_participant_view_has_no_facilitator_controls(tmp_path: Path) -> None:
    view = live_poll(tmp_path / "poll.sqlite")
    assert not isinstance(view.model, FacilitatorPoll)
    assert not hasattr(view, "reset_button") and not hasattr(view, "reveal_button")


def test_a_locked_store_gives_a_sentence_not_an_exception(store: PollStore, tmp_path: Path) -> None:
    """A store held locked (another writer) makes Send say 'busy' instead of raising."""
    questions = poll_questions()
    FacilitatorPoll(questions, store).open("family-call")
    person = ParticipantPoll(questions, store)
    store_timeout = sqlite3.connect(store.path, isolation_level=None)
    store_timeout.execute("BEGIN EXCLUSIVE")
    try:
        import peer_ethics.widgets.poll.store as store_module

        original = store_module.sqlite3.connect
        store_module.sqlite3.connect = lambda *a, **k: original(*a, **{**k, "timeout": 0.1})  # type: ignore[assignment]
        try:
            result = person.send(1)
        finally:
            store_module.sqlite3.connect = original
    finally:
        store_timeout.execute("ROLLBACK")
        store_timeout.close()
    assert result.message == "The poll is busy. Press Send my answer again in a moment."
    assert person.send(1).accepted  # and it works once the lock is gone
