""""Can I share this?", pure model: walk fictional requests through a small decision tree.

The tree and the requests come from ``data/exercises/can_i_share.yaml`` (validated by
:class:`~peer_ethics.content.models.ShareWalkthrough`: no dangling ids, every branch ends at an
outcome, every request's walk reaches its outcome). At each step the learner picks an answer.
An answer that fits the request's facts is explained and the walk moves on along it; one that
does not fit is explained and the learner tries again. A step counts as right first time when
the first answer checked there fits. The legal facts behind the steps and outcomes follow
module M2 (HIPAA, 42 CFR Part 2, duty to warn, mandated reporting) and are cited per outcome
and per request in the YAML. Training, not legal advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from peer_ethics.content.models import (
    ShareRequest,
    ShareWalkAnswer,
    ShareWalkOutcome,
    ShareWalkStep,
    ShareWalkthrough,
)

__all__ = ["CanIShareWalk", "OutcomeFeedback", "Phase", "StepFeedback"]

#: Where the walk is: ``choose`` (a step waits for an answer that fits), ``checked`` (the
#: fitting answer was found; the walk can move on), ``outcome`` (the request is finished),
#: ``done`` (every request is finished).
Phase = Literal["choose", "checked", "outcome", "done"]


@dataclass(frozen=True)
class StepFeedback:
    """The verdict on one answer at one step.

    Attributes
    ----------
    step_id, choice_id : str
    fits : bool
        True when the answer fits the request's facts.
    first_try : bool
        True when this was the first answer checked at this step.
    message : str
        "Fits the facts. <why>" or "Not this time. <what this answer would mean> Read ...".
    """

    step_id: str
    choice_id: str
    fits: bool
    first_try: bool
    message: str


@dataclass(frozen=True)
class OutcomeFeedback:
    """What to do at the end of a request, and how the walk went.

    Attributes
    ----------
    outcome : ShareWalkOutcome
    first_try, steps : int
        Steps answered right first time, and steps on the request's walk.
    """

    outcome: ShareWalkOutcome
    request: ShareRequest
    first_try: int
    steps: int

    def text(self) -> str:
        """The end feedback as one paragraph of plain text."""
        return (f"What to do: {self.outcome.label}. {self.outcome.action} "
                f"In this case: {self.request.outcome_note} "
                f"You chose the fitting answer first time at {self.first_try} of {self.steps} steps.")


@dataclass(frozen=True)
class _Record:
    step_id: str
    choice_id: str
    first_try: bool


class CanIShareWalk:
    """A session over every request of a :class:`ShareWalkthrough`, in file order.

    Parameters
    ----------
    content : ShareWalkthrough
        Validated content (see :func:`peer_ethics.content.loader.can_i_share_content`).

    Attributes
    ----------
    index : int
        The current request (0-based).
    node : str
        The current step id, or the outcome id once the request is finished.
    """

    def __init__(self, content: ShareWalkthrough) -> None:
        self.content = content
        self.steps = {s.id: s for s in content.steps}
        self.outcomes = {o.id: o for o in content.outcomes}
        self.index = 0
        self.results: dict[str, tuple[int, int]] = {}
        self.node: str = content.start
        self.trail: list[_Record] = []
        self._fit: _Record | None = None
        self._tried: list[str] = []
        self._finished_all = False
        self._begin()

    # --- where the walk is ---------------------------------------------------------------

    @property
    def request(self) -> ShareRequest:
        """The current request."""
        return self.content.requests[self.index]

    @property
    def phase(self) -> Phase:
        """See :data:`Phase`."""
        if self._finished_all:
            return "done"
        if self.node in self.outcomes:
            return "outcome"
        return "checked" if self._fit is not None else "choose"

    def step(self) -> ShareWalkStep | None:
        """The step waiting for an answer, or None at an outcome."""
        return self.steps.get(self.node)

    def progress(self) -> str:
        """``Request 2 of 8: A probation officer asks. Step 3 of 5.`` (no step at an outcome)."""
        head = f"Request {self.index + 1} of {len(self.content.requests)}: {self.request.title}."
        if self.node in self.outcomes:
            return head
        return f"{head} Step {len(self.trail) + 1} of {len(self.request.walk)}."

    # --- actions ---------------------------------------------------------------------------

    def choose(self, choice_id: str) -> StepFeedback:
        """Check ``choice_id`` at the current step.

        Returns
        -------
        StepFeedback
            The verdict. A fitting answer ends the step (call :meth:`advance`); otherwise the
            step stays open for another try.

        Raises
        ------
        ValueError
            The request is finished, or the fitting answer was already found at this step.
        KeyError
            ``choice_id`` is not an answer of this step (the message lists them).
        """
        step = self.step()
        if step is None:
            raise ValueError("this request is finished; move on to the next request")
        if self._fit is not None:
            raise ValueError("this step is done; move on to the next step")
        choice = next((c for c in step.choices if c.id == choice_id), None)
        if choice is None:
            raise KeyError(f"step {step.id!r} has no answer {choice_id!r}; answers: "
                           f"{', '.join(c.id for c in step.choices)}")
        expected = self._expected()
        first_try = not self._tried
        self._tried.append(choice_id)
        if choice_id == expected.answer:
            self._fit = _Record(step.id, choice_id, first_try)
            return StepFeedback(step.id, choice_id, True, first_try, f"Fits the facts. {expected.note}")
        return StepFeedback(step.id, choice_id, False, first_try,
                            f"Not this time. {choice.feedback} Read the request again, then try "
                            "another answer.")

    def advance(self) -> None:
        """Move along the fitting answer to the next step or to the outcome.

        Raises
        ------
        ValueError
            No fitting answer has been found at this step yet, or the request is finished.
        """
        if self._fit is None:
            raise ValueError("find the answer that fits before you move on")
        step = self.steps[self.node]
        self.node = next(c.next for c in step.choices if c.id == self._fit.choice_id)
        self.trail.append(self._fit)
        self._fit = None
        self._tried = []
        if self.node in self.outcomes:
            self.results[self.request.id] = (self._first_try_count(), len(self.trail))

    def outcome(self) -> OutcomeFeedback:
        """The end feedback of the current request.

        Raises
        ------
        ValueError
            The request is not finished yet.
        """
        if self.node not in self.outcomes:
            raise ValueError("this request is not finished yet")
        return OutcomeFeedback(self.outcomes[self.node], self.request, self._first_try_count(),
                               len(self.trail))

    def next_request(self) -> None:
        """Go to the next request; after the last one, the walk is done.

        Raises
        ------
        ValueError
            The current request is not finished yet.
        """
        if self.node not in self.outcomes:
            raise ValueError("finish this request before you go to the next one")
        if self.index == len(self.content.requests) - 1:
            self._finished_all = True
            return
        self.index += 1
        self._begin()

    def restart(self) -> None:
        """Start the current request again (its result, if any, is forgotten)."""
        self.results.pop(self.request.id, None)
        self._begin()

    def start_over(self) -> None:
        """Forget every result and go back to the first request."""
        self.results.clear()
        self.index = 0
        self._begin()

    def answered(self) -> list[tuple[ShareWalkStep, str, bool]]:
        """The steps passed so far in this request: (step, fitting answer's text, right first time)."""
        out = []
        for record in self.trail:
            step = self.steps[record.step_id]
            text = next(c.text for c in step.choices if c.id == record.choice_id)
            out.append((step, text, record.first_try))
        return out

    def summary(self) -> str:
        """Exact counts over the finished requests, as a sentence."""
        first = sum(f for f, _ in self.results.values())
        steps = sum(n for _, n in self.results.values())
        return (f"You finished {len(self.results)} of {len(self.content.requests)} requests. "
                f"You chose the fitting answer first time at {first} of {steps} steps.")

    # --- internals ---------------------------------------------------------------------------

    def _begin(self) -> None:
        self.node = self.content.start
        self.trail = []
        self._fit = None
        self._tried = []
        self._finished_all = False

    def _expected(self) -> ShareWalkAnswer:
        return self.request.walk[len(self.trail)]

    def _first_try_count(self) -> int:
        return sum(r.first_try for r in self.trail)
