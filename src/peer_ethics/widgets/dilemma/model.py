"""Ethical dilemma explorer, pure model: walk a branching dilemma and summarise the path.

Each node of a dilemma walks one step of the decision-making model that module
``ethics-in-practice`` teaches (:class:`peer_ethics.content.models.DecisionStep`: pause, name
the issue, check your guidance, list options, consult, act openly, document, reflect; adapted
from Forester-Miller & Davis, 2016). The explorer keeps the learner's path and, at an ending,
summarises it: the choices with their consequences and feedback, which model steps the path
walked and which it left out, the good practices shown (choice tags), and the ending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from peer_ethics.content.models import DecisionStep, Dilemma, DilemmaNode

__all__ = ["ENDING_WORDS", "DilemmaExplorer", "PathSummary", "TakenChoice"]

#: Learner-facing words for each kind of ending (words, never colour alone).
ENDING_WORDS = {
    "strong": "A strong ending",
    "acceptable": "An acceptable ending",
    "harmful": "A harmful ending",
}


def _step_name(step: DecisionStep) -> str:
    return f"{step.number}. {step.label}"


@dataclass(frozen=True)
class TakenChoice:
    """One choice the learner made.

    Attributes
    ----------
    node_id : str
        The node the choice was made at.
    step : DecisionStep
        The model step that node walks.
    label, consequence, feedback : str
        The choice as written in the dilemma file.
    tag : str or None
        The good practice the choice shows, if any.
    """

    node_id: str
    step: DecisionStep
    label: str
    consequence: str
    feedback: str
    tag: str | None

    def text(self) -> str:
        """The choice in one line: step, what was chosen, what happened, feedback."""
        return (f"Step {_step_name(self.step)}. You chose: {self.label} "
                f"What happened: {self.consequence} Feedback: {self.feedback}")


@dataclass(frozen=True)
class PathSummary:
    """What the learner's path through one dilemma came to.

    Attributes
    ----------
    title : str
        The dilemma's title.
    choices : tuple of TakenChoice
        In the order made.
    route : tuple of DecisionStep
        The model step of each node the path visited, in the order visited (the ending last).
    steps_walked, steps_missed : tuple of DecisionStep
        Model steps of the nodes the path visited (the ending included), and the others; each
        in the model's order.
    tags : tuple of str
        Tags of the choices made, in order, without repeats.
    ending_kind : str
        ``strong``, ``acceptable`` or ``harmful``.
    ending_text, ending_summary : str
        The ending node's text and the ending's summary (its feedback).
    """

    title: str
    choices: tuple[TakenChoice, ...]
    route: tuple[DecisionStep, ...]
    steps_walked: tuple[DecisionStep, ...]
    steps_missed: tuple[DecisionStep, ...]
    tags: tuple[str, ...]
    ending_kind: str
    ending_text: str
    ending_summary: str

    @property
    def ending_words(self) -> str:
        """The ending's kind in words, e.g. ``A strong ending``."""
        return ENDING_WORDS[self.ending_kind]

    def steps_line(self) -> str:
        """Which model steps the path walked, as a sentence."""
        walked = "; ".join(_step_name(s) for s in self.steps_walked)
        return f"Steps of the model on your path ({len(self.steps_walked)} of {len(DecisionStep)}): {walked}."

    def missed_line(self) -> str:
        """Which model steps the path left out, as a sentence."""
        if not self.steps_missed:
            return "Your path walked every step of the model."
        return f"Steps not on your path: {'; '.join(_step_name(s) for s in self.steps_missed)}."

    def tags_line(self) -> str:
        """The good practices the path showed, as a sentence."""
        if not self.tags:
            return "Good practices on your path: none yet. Try again and look for them."
        return f"Good practices on your path: {', '.join(self.tags)}."

    def route_line(self) -> str:
        """The order in which the path walked the model's steps, as a sentence.

        This is the text alternative of the path drawing (:func:`plot_path`).
        """
        order = ", then ".join(_step_name(s) for s in self.route)
        return f"Your path in order of the model's steps: {order} ({self.ending_words.lower()})."

    def lines(self) -> list[str]:
        """The whole summary as plain sentences, one item per line (no markup)."""
        count = len(self.choices)
        return [
            f'Your path through "{self.title}": {count} choice{"" if count == 1 else "s"}.',
            *(f"{i}. {c.text()}" for i, c in enumerate(self.choices, start=1)),
            self.steps_line(),
            self.missed_line(),
            self.tags_line(),
            f"{self.ending_words}. {self.ending_text} {self.ending_summary}",
        ]

    def text(self) -> str:
        """The summary as plain text, one line per item (a text alternative for any drawing)."""
        return "\n".join(self.lines())


class DilemmaExplorer:
    """A walk through one of several dilemmas, one choice at a time.

    Parameters
    ----------
    dilemmas : sequence of Dilemma
        Validated dilemmas (see :func:`peer_ethics.content.loader.dilemmas`); the first is
        selected.

    Raises
    ------
    ValueError
        No dilemmas, or two with the same id.
    """

    def __init__(self, dilemmas: Sequence[Dilemma]) -> None:
        if not dilemmas:
            raise ValueError("the dilemma explorer needs at least one dilemma")
        ids = [d.id for d in dilemmas]
        if len(set(ids)) != len(ids):
            raise ValueError(f"dilemma ids must be unique: {', '.join(ids)}")
        self.dilemmas = list(dilemmas)
        self.dilemma = self.dilemmas[0]
        self.node: DilemmaNode = self.dilemma.node(self.dilemma.start)
        self.path: list[TakenChoice] = []
        self.visited: list[str] = [self.node.id]

    # -- walking --------------------------------------------------------------------------------

    def select(self, dilemma_id: str) -> None:
        """Switch to dilemma ``dilemma_id`` and start it from the beginning.

        Raises
        ------
        KeyError
            Unknown id (the message lists the known ids).
        """
        found = next((d for d in self.dilemmas if d.id == dilemma_id), None)
        if found is None:
            raise KeyError(f"no dilemma {dilemma_id!r}; known: {', '.join(d.id for d in self.dilemmas)}")
        self.dilemma = found
        self.restart()

    def restart(self) -> None:
        """Go back to the start of the current dilemma and forget the path."""
        self.node = self.dilemma.node(self.dilemma.start)
        self.path = []
        self.visited = [self.node.id]

    @property
    def finished(self) -> bool:
        """True when the current node is an ending."""
        return self.node.ending is not None

    def choose(self, choice: int | str) -> TakenChoice:
        """Make a choice at the current node and move to the node it leads to.

        Parameters
        ----------
        choice : int or str
            Index of the choice (0-based) or its exact label.

        Returns
        -------
        TakenChoice
            What was chosen, its consequence and feedback (also appended to :attr:`path`).

        Raises
        ------
        RuntimeError
            The walk is at an ending (restart or select a dilemma first).
        IndexError
            No choice with that index.
        KeyError
            No choice with that label.
        """
        if self.finished:
            raise RuntimeError("this path has ended; press Start again or pick another dilemma")
        choices = self.node.choices
        if isinstance(choice, int):
            if not 0 <= choice < len(choices):
                raise IndexError(f"node {self.node.id!r} has choices 0 to {len(choices) - 1}, not {choice}")
            picked = choices[choice]
        else:
            found = next((c for c in choices if c.label == choice), None)
            if found is None:
                raise KeyError(f"node {self.node.id!r} has no choice {choice!r}")
            picked = found
        taken = TakenChoice(self.node.id, self.node.step, picked.label, picked.consequence,
                            picked.feedback, picked.tag)
        self.path.append(taken)
        self.node = self.dilemma.node(picked.next)
        self.visited.append(self.node.id)
        return taken

    # -- reading --------------------------------------------------------------------------------

    def position(self) -> str:
        """Where the walk is, as a sentence: the model step of the current node."""
        step = self.node.step
        return f"Step {step.number} of {len(DecisionStep)} in the model: {step.label}."

    def summary(self) -> PathSummary:
        """Summarise the path walked so far, once it has reached an ending.

        Raises
        ------
        RuntimeError
            The path has not reached an ending yet.
        """
        ending = self.node.ending
        if ending is None:
            raise RuntimeError("the summary is ready once your path reaches an ending")
        on_path = {self.dilemma.node(n).step for n in self.visited}
        tags = [c.tag for c in self.path if c.tag]
        return PathSummary(
            title=self.dilemma.title,
            choices=tuple(self.path),
            route=tuple(self.dilemma.node(n).step for n in self.visited),
            steps_walked=tuple(s for s in DecisionStep if s in on_path),
            steps_missed=tuple(s for s in DecisionStep if s not in on_path),
            tags=tuple(dict.fromkeys(tags)),
            ending_kind=ending.kind,
            ending_text=self.node.text,
            ending_summary=ending.summary,
        )
