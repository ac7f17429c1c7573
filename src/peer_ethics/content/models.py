"""Pydantic models: the schema of every YAML content file the kit ships.

Every file carries ``schema_version``; ids are snake_case or kebab-case ASCII (nbgrader's
grade_id rule: letters, digits, ``_`` and ``-``), so an id can name an nbgrader cell.
Cross-references (scenario -> module, citation key -> bibliography) are checked by
:func:`peer_ethics.content.loader.check_references`, not here, because they span files.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

__all__ = [
    "SCHEMA_VERSION",
    "App",
    "Assessment",
    "Bibliography",
    "CheckOption",
    "CheckSection",
    "Criterion",
    "ExerciseSection",
    "FigureSection",
    "Frameworks",
    "GradedItem",
    "Guidance",
    "LearningObjective",
    "Minutes",
    "Module",
    "ProseSection",
    "Reference",
    "ReframeItem",
    "ReframeSet",
    "Rubric",
    "Scenario",
    "ScenarioBank",
    "Section",
    "Syllabus",
    "cited_keys",
]

SCHEMA_VERSION = 1

#: An id usable as an nbgrader grade_id: ASCII letters, digits, ``_`` and ``-``.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
#: Non-empty text with surrounding whitespace removed.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: ``[@key]`` or ``[@key1; @key2]`` citations inside learner-facing markdown.
CITATION = re.compile(r"\[@([a-z0-9_-]+(?:\s*;\s*@[a-z0-9_-]+)*)\]")


def cited_keys(markdown: str) -> list[str]:
    """Return the bibliography keys cited as ``[@key]`` in ``markdown``, in order of appearance.

    Parameters
    ----------
    markdown : str
        Learner-facing text.

    Returns
    -------
    list of str
        Keys, possibly repeated.
    """
    keys: list[str] = []
    for group in CITATION.findall(markdown):
        keys.extend(part.strip().lstrip("@") for part in group.split(";"))
    return keys


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _File(_Strict):
    schema_version: Literal[1]


# --- Bibliography -------------------------------------------------------------------------------


class Reference(_Strict):
    """One real, checkable source. ``doi`` or ``url`` lets a reader find it."""

    key: Id
    authors: Text
    year: int | None = Field(ge=1900, le=2100, description="None for an undated document (n.d.).")
    title: Text
    publisher: Text = Field(description="Journal, publisher or issuing organisation.")
    details: str = Field(default="", description="Volume, issue, pages, report number.")
    doi: str = ""
    url: str = ""

    @model_validator(mode="after")
    def _findable(self) -> Reference:
        if not (self.doi or self.url):
            raise ValueError(f"reference {self.key!r} needs a doi or a url so readers can check it")
        if self.doi and not re.match(r"^10\.\d{4,9}/\S+$", self.doi):
            raise ValueError(f"reference {self.key!r}: {self.doi!r} is not a DOI (10.NNNN/...)")
        if self.url and not self.url.startswith("https://"):
            raise ValueError(f"reference {self.key!r}: url must start with https://")
        return self

    def short(self) -> str:
        """Return an author-year label such as ``SAMHSA, 2015``."""
        first = self.authors.split(";")[0].split(",")[0].strip()
        more = " et al." if ";" in self.authors else ""
        return f"{first}{more}, {self.year or 'n.d.'}"


class Bibliography(_File):
    """``data/bibliography/<name>.yaml``: sources that learner-facing text cites."""

    references: list[Reference]


# --- Modules ------------------------------------------------------------------------------------


class Minutes(_Strict):
    """Planned minutes, as in the Carpentries lesson template (teaching vs exercises)."""

    teaching: int = Field(ge=0, le=240)
    exercises: int = Field(ge=0, le=240)


class LearningObjective(_Strict):
    """A measurable learning objective (starts with an observable verb)."""

    id: Id
    text: Text


class ProseSection(_Strict):
    """Learner-facing markdown. Factual claims cite the bibliography as ``[@key]``."""

    kind: Literal["prose"] = "prose"
    id: Id
    title: Text
    body: Text


class ExerciseSection(_Strict):
    """A code cell that shows an interactive exercise (one line: the factory call)."""

    kind: Literal["exercise"]
    id: Id
    title: Text
    intro: Text
    code: Text
    practises: list[Id] = Field(description="Learning objective ids this exercise practises.")


class FigureSection(_Strict):
    """A code cell that draws a matplotlib figure, with the text that says how to read it."""

    kind: Literal["figure"]
    id: Id
    title: Text
    intro: Text
    code: Text


class CheckOption(_Strict):
    """One option of a formative check, with the feedback shown when it is chosen."""

    text: Text
    correct: bool
    feedback: Text


class CheckSection(_Strict):
    """A formative check: a quick question with immediate, explanatory feedback (not graded)."""

    kind: Literal["check"]
    id: Id
    title: Text
    question: Text
    multiple: bool = Field(default=False, description="True: choose all that apply.")
    options: list[CheckOption] = Field(min_length=2, max_length=6)
    practises: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _has_answer(self) -> CheckSection:
        right = sum(o.correct for o in self.options)
        if right == 0 or (right > 1 and not self.multiple):
            raise ValueError(f"check {self.id!r}: needs exactly one correct option "
                             "(or set multiple: true)")
        return self


Section = Annotated[ProseSection | ExerciseSection | FigureSection | CheckSection,
                    Field(discriminator="kind")]


class GradedItem(_Strict):
    """One graded item of the module's nbgrader assignment and the objectives it assesses.

    The answer key is not here: it lives only in the instructor's assessment spec and the
    nbgrader source master.
    """

    grade_id: Id
    kind: Literal["single", "multiple", "ordering", "matching", "reflection"]
    objectives: list[Id] = Field(min_length=1)


class Assessment(_Strict):
    """The module's summative nbgrader assignment."""

    assignment: Id
    items: list[GradedItem] = Field(min_length=1)


class Module(_File):
    """``data/modules/<id>.yaml``: one core principle, taught in one learner notebook."""

    id: Id
    number: int = Field(ge=1, le=20)
    title: Text
    notebook: Text = Field(description="File name of the learner notebook in course/.")
    minutes: Minutes
    questions: list[Text] = Field(min_length=1)
    objectives: list[LearningObjective] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    key_points: list[Text] = Field(min_length=1)
    instructor_notes: Text = Field(description="Facilitator notes; removed from learner builds.")
    samhsa_categories: list[int] = Field(
        default_factory=list, description="SAMHSA core competency categories served (1-12).")
    naps_values: list[Id] = Field(default_factory=list, description="N.A.P.S. values served.")
    assessment: Assessment | None = None

    @field_validator("notebook")
    @classmethod
    def _ipynb(cls, value: str) -> str:
        if not re.match(r"^\d{2}-[a-z0-9-]+\.ipynb$", value):
            raise ValueError(f"notebook {value!r} should look like '07-boundaries.ipynb'")
        return value


class Syllabus(_File):
    """``data/syllabus.yaml``: module ids in teaching order, and modules planned but not built."""

    modules: list[Id]
    planned: list[Id] = Field(default_factory=list)


# --- Scenarios ----------------------------------------------------------------------------------


class Guidance(str, Enum):
    """Where a boundary scenario sits. Values are the sorter's three categories."""

    WITHIN_ROLE = "within_role"
    GREY_AREA = "grey_area"
    CROSSES_BOUNDARY = "crosses_boundary"

    @property
    def label(self) -> str:
        """Learner-facing name of the category."""
        return {
            "within_role": "Within the role",
            "grey_area": "Grey area: talk with your supervisor",
            "crosses_boundary": "Crosses a boundary",
        }[self.value]


class Scenario(_Strict):
    """A fictional situation, the guidance on it, why, and what to do."""

    id: Id
    module: Id
    title: Text
    text: Text
    guidance: Guidance | None = Field(
        default=None, description="Sorter category (boundary scenarios); None for other modules.")
    why: Text = Field(description="Why the guidance lands where it does, in plain words.")
    what_to_do: Text
    principles: list[Id] = Field(min_length=1)
    sources: list[Id] = Field(min_length=1)


class ScenarioBank(_File):
    """``data/scenarios/<module>.yaml``: fictional scenarios for one module."""

    scenarios: list[Scenario] = Field(min_length=1)


# --- Rubrics ------------------------------------------------------------------------------------


def _compiles(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"indicator {pattern!r} is not a valid regular expression: {exc}") from None
    return patterns


class Criterion(_Strict):
    """One rubric criterion, met (its points) or not met (0).

    ``indicators`` and ``counter_indicators`` are case-insensitive regular expressions the
    reflection scorer looks for, sentence by sentence (see
    :mod:`peer_ethics.grading.reflection`).
    """

    id: Id
    points: int = Field(ge=1, le=10)
    description: Text
    label: str = Field(default="", description="Short name shown in feedback.")
    feedback_missing: str = Field(
        default="", description="Plain words for the learner when the criterion is not met."
    )
    indicators: list[str] = Field(default_factory=list)
    counter_indicators: list[str] = Field(default_factory=list)

    _check_indicators = field_validator("indicators", "counter_indicators")(_compiles)


class Rubric(BaseModel):
    """A reflection prompt and its criteria (shape of ../shared/rubrics/*.yaml).

    Unknown keys (for example scorer indicators) are kept, so a rubric file can carry
    what the scorer needs next to the criteria people read.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    schema_version: Literal[1]
    id: Id
    module: Id
    title: Text
    prompt: Text
    points: int = Field(ge=1)
    criteria: list[Criterion] = Field(min_length=1)
    topic_terms: list[str] = Field(
        default_factory=list,
        description="Regular expressions; an answer matching none is flagged as off topic.",
    )
    min_words: int = Field(default=25, ge=1, description="Shorter answers are flagged for review.")

    _check_topic = field_validator("topic_terms")(_compiles)

    @model_validator(mode="after")
    def _points_add_up(self) -> Rubric:
        total = sum(c.points for c in self.criteria)
        if total != self.points:
            raise ValueError(f"rubric {self.id!r}: criteria add up to {total}, not {self.points}")
        ids = [c.id for c in self.criteria]
        if len(ids) != len(set(ids)):
            raise ValueError(f"rubric {self.id!r}: criterion ids repeat: {ids}")
        return self


# --- Frameworks ---------------------------------------------------------------------------------


class FrameworkEntry(_Strict):
    """A numbered or named entry of a published framework."""

    id: Id
    name: Text


class Frameworks(_File):
    """``data/frameworks.yaml``: SAMHSA core competency categories and N.A.P.S. values."""

    samhsa_categories: list[FrameworkEntry] = Field(min_length=12, max_length=12)
    samhsa_source: Id
    naps_values: list[FrameworkEntry] = Field(min_length=12, max_length=12)
    naps_source: Id


class GlossaryTerm(_Strict):
    """A glossary entry in plain words."""

    term: Text
    definition: Text
    sources: list[Id] = Field(default_factory=list)


class Glossary(_File):
    """``data/glossary/<module>.yaml``: terms a module introduces."""

    terms: list[GlossaryTerm] = Field(min_length=1)


# --- Exercises ----------------------------------------------------------------------------------


class ReframeItem(_Strict):
    """A sentence to rewrite, its labels, suggested rewrites, and why."""

    id: Id
    sentence: Text
    labels: list[Text] = Field(min_length=1)
    suggestions: list[Text] = Field(min_length=1)
    why: Text
    sources: list[Id] = Field(min_length=1)


class ReframeSet(_File):
    """``data/exercises/reframe.yaml``."""

    items: list[ReframeItem] = Field(min_length=1)


# --- Standalone apps ----------------------------------------------------------------------------


class App(_File):
    """``data/apps/<stem>.yaml``: one standalone Voila app, generated as ``widgets/<stem>.ipynb``.

    ``audience`` decides where it is served: ``learner`` apps go to every participant (and the
    landing page); ``facilitator`` apps (live poll results, talk-time tracker) are served only on
    the facilitator's own machine, never to participants' devices in room mode.
    """

    title: Text
    summary: Text = Field(description="One sentence for the landing page.")
    module: Id | None = Field(default=None, description="The module whose exercise this is.")
    audience: Literal["learner", "facilitator"] = "learner"
    code: Text = Field(description="The notebook's one code cell: import and call the factory.")
