"""Boundary sorter, pure model: place each scenario in one of three categories, get feedback.

No ipywidgets here: all scoring and feedback logic lives in this module and is tested
headless. The categories and the advice to take grey areas to supervision follow the
boundary guidance of the codes in the bibliography (SAMHSA 2015 core competencies,
N.A.P.S. 2013 practice guidelines, White & PRO-ACT 2007); each scenario carries its own sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from peer_ethics.content.models import Guidance, Scenario

__all__ = ["CATEGORIES", "BoundarySorter", "Placement", "Score"]

#: The three categories in the order the buttons show them.
CATEGORIES: tuple[Guidance, ...] = (
    Guidance.WITHIN_ROLE,
    Guidance.GREY_AREA,
    Guidance.CROSSES_BOUNDARY,
)

# Why a particular wrong choice misses, keyed by (chosen, guidance). Written for this kit.
_MISS: dict[tuple[Guidance, Guidance], str] = {
    (Guidance.WITHIN_ROLE, Guidance.GREY_AREA): (
        "It may turn out to be fine, but it is not clear-cut: codes and agency policies differ, "
        "so check before you act."
    ),
    (Guidance.WITHIN_ROLE, Guidance.CROSSES_BOUNDARY): (
        "Even with kind intentions, this goes past what the role allows."
    ),
    (Guidance.GREY_AREA, Guidance.WITHIN_ROLE): (
        "This is part of everyday peer work, so you do not need to hold it back for supervision "
        "(talking it over is never wrong)."
    ),
    (Guidance.GREY_AREA, Guidance.CROSSES_BOUNDARY): (
        "Talking with your supervisor is good, but the guidance here is clear: the answer is no."
    ),
    (Guidance.CROSSES_BOUNDARY, Guidance.WITHIN_ROLE): (
        "This is part of the role. Being too cautious can also let a peer down."
    ),
    (Guidance.CROSSES_BOUNDARY, Guidance.GREY_AREA): (
        "It is not always wrong: many codes leave room to decide case by case, so check the "
        "policy with your supervisor rather than refusing outright."
    ),
}


def _category(scenario: Scenario) -> Guidance:
    if scenario.guidance is None:
        raise ValueError(f"scenario {scenario.id!r} has no guidance category to sort by")
    return scenario.guidance


@dataclass(frozen=True)
class Placement:
    """The learner's choice for one scenario, judged against the guidance.

    Attributes
    ----------
    scenario_id : str
    chosen : Guidance
        The category the learner picked.
    guidance : Guidance
        The category the kit's guidance gives.
    feedback : str
        Plain-language explanation of the choice (why, and what to do).
    """

    scenario_id: str
    chosen: Guidance
    guidance: Guidance
    feedback: str

    @property
    def matches(self) -> bool:
        """True when the learner's category is the guidance's category."""
        return self.chosen is self.guidance


@dataclass(frozen=True)
class Score:
    """Summary of a sorting session.

    Attributes
    ----------
    total : int
        Number of scenarios.
    placed : int
        Scenarios the learner has placed.
    matched : int
        Placements that match the guidance.
    confusion : dict
        ``{(guidance, chosen): count}`` over placed scenarios.
    """

    total: int
    placed: int
    matched: int
    confusion: dict[tuple[Guidance, Guidance], int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """True when every scenario has been placed."""
        return self.placed == self.total

    def summary(self) -> str:
        """One or two plain sentences describing the session so far."""
        if self.placed == 0:
            return f"You have not placed any of the {self.total} situations yet."
        text = (
            f"You placed {self.placed} of {self.total} situations; "
            f"{self.matched} match the guidance."
        )
        if self.complete and self.matched < self.total:
            text += " Read the feedback on the others: the reasons matter more than the score."
        elif self.complete:
            text += " Every placement matches the guidance."
        return text


class BoundarySorter:
    """A sorting session over a fixed set of boundary scenarios.

    Parameters
    ----------
    scenarios : iterable of Scenario
        At least one scenario; ids must be unique.

    Raises
    ------
    ValueError
        No scenarios, repeated ids, or a scenario without a guidance category.
    """

    def __init__(self, scenarios: Iterable[Scenario]) -> None:
        self.scenarios: tuple[Scenario, ...] = tuple(scenarios)
        if not self.scenarios:
            raise ValueError("the boundary sorter needs at least one scenario")
        self._by_id = {s.id: s for s in self.scenarios}
        if len(self._by_id) != len(self.scenarios):
            raise ValueError("scenario ids must be unique")
        unsorted = [s.id for s in self.scenarios if s.guidance is None]
        if unsorted:
            raise ValueError(f"scenarios without a guidance category cannot be sorted: {unsorted}")
        self._placements: dict[str, Placement] = {}

    def scenario(self, scenario_id: str) -> Scenario:
        """Return the scenario ``scenario_id``; ``KeyError`` names the known ids if absent."""
        try:
            return self._by_id[scenario_id]
        except KeyError:
            raise KeyError(
                f"no scenario {scenario_id!r}; known: {', '.join(self._by_id)}"
            ) from None

    @staticmethod
    def feedback(scenario: Scenario, chosen: Guidance) -> str:
        """Explain a choice for ``scenario``: whether it matches, why, and what to do.

        Returns
        -------
        str
            Plain text, two to four sentences.
        """
        guidance = _category(scenario)
        if chosen is guidance:
            head = f"Matches the guidance: {guidance.label.lower()}."
        else:
            head = (
                f'You chose "{chosen.label}"; the guidance says '
                f'"{guidance.label}". {_MISS[(chosen, guidance)]}'
            )
        return f"{head} Why: {scenario.why} What to do: {scenario.what_to_do}"

    def place(self, scenario_id: str, category: Guidance | str) -> Placement:
        """Place a scenario in a category (placing again replaces the earlier choice).

        Parameters
        ----------
        scenario_id : str
        category : Guidance or str
            A :class:`Guidance` or its value (``"within_role"``, ``"grey_area"``,
            ``"crosses_boundary"``).

        Returns
        -------
        Placement

        Raises
        ------
        KeyError
            Unknown scenario.
        ValueError
            Unknown category.
        """
        scenario = self.scenario(scenario_id)
        chosen = Guidance(category)
        placement = Placement(scenario.id, chosen, _category(scenario), self.feedback(scenario, chosen))
        self._placements[scenario.id] = placement
        return placement

    def placement(self, scenario_id: str) -> Placement | None:
        """Return the current placement of ``scenario_id``, or None if not placed yet."""
        self.scenario(scenario_id)
        return self._placements.get(scenario_id)

    def reset(self) -> None:
        """Forget every placement."""
        self._placements.clear()

    def score(self) -> Score:
        """Return the :class:`Score` of the placements so far."""
        confusion: dict[tuple[Guidance, Guidance], int] = {}
        for p in self._placements.values():
            confusion[(p.guidance, p.chosen)] = confusion.get((p.guidance, p.chosen), 0) + 1
        return Score(
            total=len(self.scenarios),
            placed=len(self._placements),
            matched=sum(p.matches for p in self._placements.values()),
            confusion=confusion,
        )
