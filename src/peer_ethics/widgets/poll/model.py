"""Live poll, pure model: what a participant and the facilitator can do, and the text they see.

Two roles, two classes: :class:`ParticipantPoll` can only read the open question and answer it;
:class:`FacilitatorPoll` also opens questions, reveals results and resets. The participant's
app never builds a :class:`FacilitatorPoll`, and in room mode the facilitator's app is served
only on the facilitator's own machine (see :mod:`peer_ethics.voila.room`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from peer_ethics.content.models import PollQuestion
from peer_ethics.widgets.poll.store import PollClosed, PollState, PollStore

__all__ = ["FacilitatorPoll", "ParticipantPoll", "PollResults", "SendResult"]


@dataclass(frozen=True)
class PollResults:
    """Answers to one question: ``counts[i]`` answers for ``question.options[i]``."""

    question: PollQuestion
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        """Number of answers."""
        return sum(self.counts)

    def lines(self) -> list[str]:
        """Return one line per option, e.g. ``"Kindly say no: 2 of 5 (40%)"`` (text alternative)."""
        total = self.total
        return [f"{option}: {n} of {total} ({round(100 * n / total) if total else 0}%)"
                for option, n in zip(self.question.options, self.counts, strict=True)]


@dataclass(frozen=True)
class SendResult:
    """Outcome of sending an answer: accepted or not, and the sentence to show."""

    accepted: bool
    message: str


class ParticipantPoll:
    """A participant's side of the poll: see the open question, answer it once per round.

    "Once" is per page: the poll keeps nothing that could tell two page loads of one person
    apart (that would need an identifier), so someone who reloads can answer again. The
    facilitator guide says so; the count is a show of hands, not a vote.

    Parameters
    ----------
    questions : sequence of PollQuestion
        The questions the facilitator can open (``data/exercises/poll.yaml``).
    store : PollStore
        The room's shared store.
    """

    def __init__(self, questions: Sequence[PollQuestion], store: PollStore) -> None:
        self.questions = {q.id: q for q in questions}
        self.store = store
        self._answered: tuple[str | None, int] | None = None  # kept in this kernel only

    def state(self) -> PollState:
        """Return the room's current state."""
        return self.store.state()

    def question(self, state: PollState | None = None) -> PollQuestion | None:
        """Return the open question, or None before the facilitator opens one."""
        state = state or self.state()
        return self.questions.get(state.question) if state.question else None

    def has_answered(self, state: PollState | None = None) -> bool:
        """True when this participant already answered the open round."""
        state = state or self.state()
        return self._answered == (state.question, state.round)

    def send(self, option: int | None) -> SendResult:
        """Send this participant's answer (0-based ``option``) to the open question.

        Returns a refusal (never raises) when nothing is chosen, the question has closed, this
        participant already answered this round, or the store stayed locked for 10 s.
        """
        try:
            return self._send(option)
        except sqlite3.OperationalError:  # locked: tell the person, keep the page alive
            return SendResult(False, "The poll is busy. Press Send my answer again in a moment.")

    def _send(self, option: int | None) -> SendResult:
        state = self.state()
        question = self.question(state)
        if question is None:
            return SendResult(False, "There is no open question yet. Wait for your facilitator.")
        if self.has_answered(state):
            return SendResult(False, "Your answer is already in. Thank you!")
        if option is None or not 0 <= option < len(question.options):
            return SendResult(False, "Choose one answer first.")
        try:
            self.store.answer(question.id, state.round, option)
        except PollClosed:
            return SendResult(False, "That question has closed. Here is the new one.")
        self._answered = (state.question, state.round)
        return SendResult(True, "Thank you! Your answer is in. Nobody can see who sent it.")

    def results(self, state: PollState | None = None) -> PollResults | None:
        """Return the open question's results if the facilitator revealed them, else None."""
        state = state or self.state()
        question = self.question(state)
        if question is None or not state.revealed:
            return None
        return PollResults(question, tuple(self.store.counts(question.id, state.round,
                                                             len(question.options))))


class FacilitatorPoll(ParticipantPoll):
    """The facilitator's side: everything a participant can do, plus open, reveal and reset."""

    def open(self, question_id: str) -> PollState:
        """Open question ``question_id`` with no answers.

        Raises
        ------
        KeyError
            Unknown question id (the message lists the known ids).
        """
        if question_id not in self.questions:
            raise KeyError(f"unknown poll question {question_id!r}; known: {', '.join(self.questions)}")
        return self.store.open(question_id)

    def reveal(self, revealed: bool = True) -> PollState:
        """Show (or hide) the results on participants' screens."""
        return self.store.reveal(revealed)

    def reset(self) -> PollState:
        """Clear the open question's answers and hide its results."""
        return self.store.reset()

    def live_results(self, state: PollState | None = None) -> PollResults | None:
        """Return the open question's results whether revealed or not (the facilitator sees them)."""
        state = state or self.state()
        question = self.question(state)
        if question is None:
            return None
        return PollResults(question, tuple(self.store.counts(question.id, state.round,
                                                             len(question.options))))
