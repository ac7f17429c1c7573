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
    "OARS_SKILLS",
    "REDACTION_PLACEHOLDER",
    "SCHEMA_VERSION",
    "App",
    "AskShareAskSet",
    "Assessment",
    "Bibliography",
    "CheckOption",
    "CheckSection",
    "ConsistencyEntry",
    "ConsistencyGuidance",
    "ConsistencySet",
    "Criterion",
    "DecisionStep",
    "Dilemma",
    "DilemmaChoice",
    "DilemmaEnding",
    "DilemmaNode",
    "DualRole",
    "DualRoleReason",
    "DualRoleStep",
    "DualRolesSet",
    "EndingKind",
    "ExerciseSection",
    "FigureSection",
    "Frameworks",
    "GoalBuilderSet",
    "GoalPeer",
    "GradedItem",
    "Guidance",
    "LearningObjective",
    "Minutes",
    "Module",
    "OarsKind",
    "OarsOption",
    "OarsSet",
    "OarsStatement",
    "PollQuestion",
    "PollSet",
    "ProseSection",
    "PurposeOption",
    "RedactionExercise",
    "RedactionPhrase",
    "Reference",
    "ReframeItem",
    "ReframeSet",
    "Rubric",
    "SafeHarborIdentifier",
    "Scenario",
    "ScenarioBank",
    "Section",
    "ShareRequest",
    "ShareRules",
    "ShareWalkAnswer",
    "ShareWalkChoice",
    "ShareWalkOutcome",
    "ShareWalkStep",
    "ShareWalkthrough",
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


class DualRoleReason(_Strict):
    """Why an overlap of roles carries risk (power imbalance, confidentiality, ...)."""

    id: Id
    label: Text
    explanation: Text
    sources: list[Id] = Field(min_length=1)


class DualRoleStep(_Strict):
    """A concrete step to manage an overlap of roles (talk with your supervisor, document, ...)."""

    id: Id
    text: Text
    supervisor: bool = Field(default=False, description="True: this step is a talk with a supervisor.")
    sources: list[Id] = Field(min_length=1)


class DualRole(_Strict):
    """A role a peer specialist may also hold with a peer, its risk level, why, and the steps."""

    id: Id
    label: Text = Field(description="Short name of the role, shown on its checkbox and on the map.")
    detail: Text = Field(description="One sentence that pins the role down.")
    risk: Literal["low", "moderate", "high"]
    reasons: list[Id] = Field(min_length=1, description="Ids of DualRoleReason entries.")
    why: Text
    steps: list[Id] = Field(min_length=1, description="Ids of DualRoleStep entries, in order.")
    sources: list[Id] = Field(min_length=1)


class DualRolesSet(_File):
    """``data/exercises/dual_roles.yaml``: the dual-roles map (module ``boundaries``).

    Raises (as a validation error) when ids repeat or a role names an unknown reason or step.
    """

    peer: Text = Field(description="First name of the fictional peer in the centre of the map.")
    scenario: Text
    reasons: list[DualRoleReason] = Field(min_length=1)
    steps: list[DualRoleStep] = Field(min_length=1)
    roles: list[DualRole] = Field(min_length=1)

    @model_validator(mode="after")
    def _resolves(self) -> DualRolesSet:
        for label, ids in (("reason", [r.id for r in self.reasons]),
                           ("step", [s.id for s in self.steps]),
                           ("role", [r.id for r in self.roles])):
            if len(set(ids)) != len(ids):
                raise ValueError(f"{label} ids repeat: {sorted(i for i in set(ids) if ids.count(i) > 1)}")
        reasons = {r.id for r in self.reasons}
        steps = {s.id for s in self.steps}
        for role in self.roles:
            unknown = [i for i in role.reasons if i not in reasons] + [
                i for i in role.steps if i not in steps]
            if unknown:
                raise ValueError(f"role {role.id!r} names unknown reasons or steps: {unknown}; "
                                 f"known reasons: {sorted(reasons)}; known steps: {sorted(steps)}")
        return self


class PurposeOption(_Strict):
    """An answer to "Whose needs would this disclosure serve?" and the feedback it gets."""

    id: Id
    label: Text
    fits: bool = Field(description="True when the plan can go ahead with this purpose.")
    feedback: Text


class ShareRules(_Strict):
    """How the Ask-Share-Ask planner checks the Share step (thresholds and word lists).

    A share is flagged as about yourself when its first-person words (``first_person``) number
    more than ``first_person_allowance + first_person_per_you * <words addressing the peer>``.
    Terms match whole words with a fixed list of endings (``inject`` also catches ``injected``;
    ``hope`` never ``hopeless``): see ``widgets/ask_share_ask/model.py``.
    """

    max_words: int = Field(ge=5, le=200)
    graphic_terms: list[Text] = Field(min_length=1)
    hope_terms: list[Text] = Field(min_length=1)
    first_person: list[Text] = Field(min_length=1)
    second_person: list[Text] = Field(min_length=1)
    first_person_allowance: int = Field(ge=0)
    first_person_per_you: int = Field(ge=1)


class AskShareAskSet(_File):
    """``data/exercises/ask_share_ask.yaml``: the Ask-Share-Ask planner (module ``lived-experience``)."""

    peer: Text = Field(description="First name of the fictional peer.")
    scenario: Text
    purposes: list[PurposeOption] = Field(min_length=2)
    max_ask_words: int = Field(default=30, ge=5, le=100, description="Word cap for each Ask step.")
    share: ShareRules
    sources: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _purposes(self) -> AskShareAskSet:
        ids = [p.id for p in self.purposes]
        if len(set(ids)) != len(ids):
            raise ValueError(f"purpose ids repeat: {ids}")
        if not any(p.fits for p in self.purposes):
            raise ValueError("at least one purpose must fit (fits: true)")
        return self


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


class PollQuestion(_Strict):
    """One live-poll question: what the room is asked and the answers it can pick from.

    Polls ask for views and first reactions, so options carry no right answer; the facilitator
    discusses the spread. Options are fixed (no free text), so an answer cannot carry a name.
    """

    id: Id
    text: Text
    options: list[Text] = Field(min_length=2, max_length=6)


class PollSet(_File):
    """``data/exercises/poll.yaml``: the questions a facilitator can open in the live poll."""

    questions: list[PollQuestion] = Field(min_length=1)


# --- Exercises: OARS drills and consistency tracker (module trust) ------------------------------

#: Response kinds in the OARS drills: the four OARS skills of motivational interviewing (Miller
#: & Rollnick 2013; SAMHSA TIP 35, 2019), then roadblocks to listening.
OarsKind = Literal["open-question", "affirmation", "reflection", "summary",
                   "closed-question", "advising", "fixing", "judging", "reassuring"]
#: The kinds that are OARS skills; the rest are roadblocks.
OARS_SKILLS: tuple[str, ...] = ("open-question", "affirmation", "reflection", "summary")


class OarsOption(_Strict):
    """One response a learner may pick, its kind, and why it is that kind."""

    text: Text
    kind: OarsKind
    feedback: Text = Field(description="Why this response is that kind, shown word for word.")


class OarsStatement(_Strict):
    """A fictional peer's statement and the responses to choose from (at least one OARS skill
    and at least one roadblock)."""

    id: Id
    statement: Text
    options: list[OarsOption] = Field(min_length=2, max_length=6)
    sources: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _mixed(self) -> OarsStatement:
        kinds = [o.kind for o in self.options]
        if not any(k in OARS_SKILLS for k in kinds) or all(k in OARS_SKILLS for k in kinds):
            raise ValueError(f"statement {self.id!r} needs at least one OARS response and at "
                             "least one roadblock among its options")
        if len({o.text for o in self.options}) != len(self.options):
            raise ValueError(f"statement {self.id!r}: two options have the same text")
        return self


class OarsSet(_File):
    """``data/exercises/oars.yaml``: the OARS reflective-listening drills."""

    peer: Text = Field(description="The fictional peer's first name.")
    statements: list[OarsStatement] = Field(min_length=1)


class ConsistencyEntry(_Strict):
    """A commitment made to a fictional peer in a given week, and what became of it."""

    week: int = Field(ge=1, le=52)
    text: Text
    outcome: Literal["kept", "renegotiated", "missed"]


class ConsistencyGuidance(_Strict):
    """Guidance shown with the kept rate: which text depends on the learner's record."""

    missed: Text = Field(description="Shown when at least one commitment was missed silently.")
    renegotiated: Text = Field(description="Shown when none was missed but some were renegotiated.")
    all_kept: Text = Field(description="Shown when every commitment was kept.")


class ConsistencySet(_File):
    """``data/exercises/consistency.yaml``: the consistency tracker's example and guidance."""

    peer: Text = Field(description="The fictional peer's first name.")
    example: list[ConsistencyEntry] = Field(min_length=1)
    guidance: ConsistencyGuidance
    sources: list[Id] = Field(min_length=1)


# --- Exercises: empowerment goal builder (M4) ---------------------------------------------------


class GoalPeer(_Strict):
    """A fictional peer for the goal builder: their hope and what they said, in their words."""

    id: Id
    name: Text = Field(description="A made-up first name (never a cited author's name).")
    situation: Text = Field(description="Two or three sentences of context, fictional.")
    hope: Text = Field(description="The hope as the peer said it, before any goal is shaped.")
    said: Text = Field(description="What the peer said when asked what it would look like.")
    example_goal: Text = Field(description="One SMART goal in the peer's words, shown on request.")


class GoalBuilderSet(_File):
    """``data/exercises/goal_builder.yaml``: the goal builder's intro, sources and peers."""

    intro: Text
    sources: list[Id] = Field(min_length=1, description="Bibliography keys the intro rests on.")
    peers: list[GoalPeer] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> GoalBuilderSet:
        ids = [p.id for p in self.peers]
        if len(ids) != len(set(ids)):
            raise ValueError(f"peer ids repeat: {ids}")
        return self


# --- Exercises: ethical dilemma explorer (module ethics-in-practice) ----------------------------


class DecisionStep(str, Enum):
    """A step of the kit's ethical decision-making model, in order.

    The model is the one module ``ethics-in-practice`` teaches (section ``the-steps``): the
    kit's composite of Forester-Miller & Davis (2016) with peer values, supervision and
    openness with the person added. Values are the ids used in YAML; :attr:`number` and
    :attr:`label` give the module's numbering and wording (a test keeps them in step).
    """

    PAUSE = "pause"
    NAME_THE_ISSUE = "name-the-issue"
    CHECK_GUIDANCE = "check-guidance"
    LIST_OPTIONS = "list-options"
    CONSULT = "consult"
    ACT_OPENLY = "act-openly"
    DOCUMENT = "document"
    REFLECT = "reflect"

    @property
    def number(self) -> int:
        """Position of the step in the model, 1 to 8."""
        return list(DecisionStep).index(self) + 1

    @property
    def label(self) -> str:
        """The step's name as the module prints it, e.g. ``Consult your supervisor``."""
        return _STEP_LABELS[self.value]


_STEP_LABELS = {
    "pause": "Pause",
    "name-the-issue": "Name the issue and whose interests are involved",
    "check-guidance": "Check your guidance",
    "list-options": "List options and their consequences",
    "consult": "Consult your supervisor",
    "act-openly": "Act, openly with the person where possible",
    "document": "Document",
    "reflect": "Reflect",
}

#: How a dilemma ending is judged, in words (shown to learners as words, never colour alone).
EndingKind = Literal["strong", "acceptable", "harmful"]


class DilemmaChoice(_Strict):
    """One choice at a dilemma node: where it leads, what happens, and feedback on it.

    ``tag`` optionally names a good practice the choice shows, such as ``consulted
    supervisor``; the end-of-path summary lists the tags collected.
    """

    label: Text
    next: Id = Field(description="Id of the node this choice leads to.")
    consequence: Text = Field(description="What happens next in the story.")
    feedback: Text = Field(description="Why the choice fits the model and peer values, or not.")
    tag: Text | None = None


class DilemmaEnding(_Strict):
    """How a path ends: its kind in words and a summary that gives the feedback."""

    kind: EndingKind
    summary: Text


class DilemmaNode(_Strict):
    """A moment in a dilemma, the model step it walks, and either choices or an ending.

    Raises (as a validation error naming the node) when it has both choices and an ending,
    neither, two choices with the same label, or a step that is not in the model.
    """

    id: Id
    step: DecisionStep
    text: Text
    choices: list[DilemmaChoice] = Field(default_factory=list, max_length=4)
    ending: DilemmaEnding | None = None

    @model_validator(mode="before")
    @classmethod
    def _known_step(cls, data: object) -> object:
        if isinstance(data, dict) and "step" in data and data["step"] not in _STEP_LABELS:
            raise ValueError(f"node {data.get('id')!r}: step {data['step']!r} is not a step of the "
                             f"decision-making model; use one of: {', '.join(_STEP_LABELS)}")
        return data

    @model_validator(mode="after")
    def _choices_or_ending(self) -> DilemmaNode:
        if self.choices and self.ending is not None:
            raise ValueError(f"node {self.id!r} has both choices and an ending; give one of them")
        if not self.choices and self.ending is None:
            raise ValueError(f"node {self.id!r} has neither choices nor an ending, so a path "
                             "would stop there without an end")
        labels = [c.label for c in self.choices]
        if len(set(labels)) != len(labels):
            raise ValueError(f"node {self.id!r}: two choices have the same label")
        return self


def _dilemma_problems(nodes: list[DilemmaNode], start: str) -> list[str]:
    """Graph problems of a dilemma: unknown targets, unreachable nodes, loops, too few endings."""
    ids = [n.id for n in nodes]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        return [f"node ids repeat: {', '.join(repeated)}"]
    by_id = {n.id: n for n in nodes}
    problems = []
    if start not in by_id:
        problems.append(f"start node {start!r} does not exist; nodes are: {', '.join(ids)}")
    for node in nodes:
        problems += [f"node {node.id!r}, choice {i} ({c.label!r}): next node {c.next!r} does not exist"
                     for i, c in enumerate(node.choices, start=1) if c.next not in by_id]
    if problems:
        return problems
    # Loops: a depth-first walk from every node; a node met again on the current path closes one.
    done: set[str] = set()
    for root in ids:
        trail: list[str] = []
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node_id, i = stack.pop()
            if i == 0:
                if node_id in done:
                    continue
                if node_id in trail:
                    loop = [*trail[trail.index(node_id):], node_id]
                    return [f"a path loops: {' -> '.join(loop)}; loops are not allowed (give a "
                            "return to an earlier step its own node), so every path ends"]
                trail.append(node_id)
            choices = by_id[node_id].choices
            if i < len(choices):
                stack += [(node_id, i + 1), (choices[i].next, 0)]
            else:
                trail.pop()
                done.add(node_id)
    reached = {start}
    todo = [start]
    while todo:
        for choice in by_id[todo.pop()].choices:
            if choice.next not in reached:
                reached.add(choice.next)
                todo.append(choice.next)
    unreachable = [i for i in ids if i not in reached]
    if unreachable:
        problems.append(f"nodes not reachable from the start {start!r}: {', '.join(unreachable)}")
    endings = [n.id for n in nodes if n.ending is not None]
    if len(endings) < 2:
        problems.append(f"only {len(endings)} ending ({', '.join(endings) or 'none'}); a dilemma "
                        "needs at least two endings")
    return problems


class Dilemma(_File):
    """``data/exercises/dilemmas/<id>.yaml``: one fictional dilemma, walked as a branching story.

    Each node walks one step of :class:`DecisionStep`. The graph is checked on load: the start
    and every ``next`` exist, every node is reachable from the start, there are no loops (a
    return to an earlier step of the model is a new node, so every path ends), and there are at
    least two endings.

    Raises (as a validation error naming the dilemma and node) when a check fails.
    """

    id: Id
    title: Text
    intro: Text
    sources: list[Id] = Field(min_length=1, description="Bibliography keys the dilemma rests on.")
    start: Id
    nodes: list[DilemmaNode] = Field(min_length=3)

    @model_validator(mode="after")
    def _walkable(self) -> Dilemma:
        problems = _dilemma_problems(self.nodes, self.start)
        if problems:
            raise ValueError(f"dilemma {self.id!r}: {'; '.join(problems)}")
        return self

    def node(self, node_id: str) -> DilemmaNode:
        """Return the node ``node_id``.

        Raises
        ------
        KeyError
            No such node.
        """
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(f"dilemma {self.id!r} has no node {node_id!r}")


# --- Exercises: "Can I share this?" walk-through and case-note redaction (module confidentiality)


class ShareWalkChoice(_Strict):
    """One answer to a step of the "Can I share this?" tree: where it leads and what it means."""

    id: Id
    text: Text
    next: Id = Field(description="The id of the next step, or of an outcome.")
    feedback: Text = Field(description="What this answer would mean, shown when it does not fit.")


class ShareWalkStep(_Strict):
    """A question of the tree with two to five answers (unique ids)."""

    id: Id
    question: Text
    choices: list[ShareWalkChoice] = Field(min_length=2, max_length=5)

    @model_validator(mode="after")
    def _unique_choices(self) -> ShareWalkStep:
        ids = [c.id for c in self.choices]
        if len(ids) != len(set(ids)):
            raise ValueError(f"step {self.id!r}: choice ids repeat: {ids}")
        return self


class ShareWalkOutcome(_Strict):
    """An end of the tree: what to do, with the sources that support it."""

    id: Id
    label: Text
    action: Text
    sources: list[Id] = Field(min_length=1)


class ShareWalkAnswer(_Strict):
    """The answer that fits a request's facts at one step, and why."""

    step: Id
    answer: Id
    note: Text


class ShareRequest(_Strict):
    """A fictional request for a peer's information and its fitting walk through the tree."""

    id: Id
    title: Text
    setting: Text = Field(description="Where you work and which rules cover the record.")
    request: Text
    walk: list[ShareWalkAnswer] = Field(min_length=1, description="From the start to the outcome.")
    outcome: Id
    outcome_note: Text
    sources: list[Id] = Field(min_length=1)


class ShareWalkthrough(_File):
    """``data/exercises/can_i_share.yaml``: a small decision tree and the requests that walk it.

    Validated here: step and outcome ids are unique and distinct; ``start`` and every
    ``next`` name a step or an outcome (no dangling ids); every step and outcome can be reached
    from ``start``; there is no cycle, so every branch ends at an outcome; every request's
    ``walk`` starts at ``start``, uses real choices, follows their ``next`` from step to step
    and ends at the request's ``outcome``. Bibliography keys are checked by
    :func:`peer_ethics.content.loader.check_references`.

    Raises
    ------
    pydantic.ValidationError
        With a message naming the step, choice or request at fault.
    """

    title: Text
    reminder: Text = Field(description="Training, not legal advice: shown on every screen.")
    start: Id
    steps: list[ShareWalkStep] = Field(min_length=1)
    outcomes: list[ShareWalkOutcome] = Field(min_length=1)
    requests: list[ShareRequest] = Field(min_length=1)

    @model_validator(mode="after")
    def _tree(self) -> ShareWalkthrough:
        steps = {s.id: s for s in self.steps}
        outcome_ids = [o.id for o in self.outcomes]
        ids = [*steps, *outcome_ids]
        if len(set(ids)) != len(self.steps) + len(self.outcomes):
            raise ValueError(f"step and outcome ids must be unique and distinct: {ids}")
        if self.start not in steps:
            raise ValueError(f"start {self.start!r} is not a step; steps: {', '.join(steps)}")
        for step in self.steps:
            for choice in step.choices:
                if choice.next not in ids:
                    raise ValueError(f"step {step.id!r}, choice {choice.id!r}: next {choice.next!r} "
                                     f"is neither a step nor an outcome")
        reached: set[str] = set()

        def visit(node: str, trail: tuple[str, ...]) -> None:
            if node in trail:
                raise ValueError(f"the steps loop: {' -> '.join([*trail, node])}")
            reached.add(node)
            if node in steps:
                for choice in steps[node].choices:
                    visit(choice.next, (*trail, node))

        visit(self.start, ())
        unreached = [i for i in ids if i not in reached]
        if unreached:
            raise ValueError(f"cannot be reached from start {self.start!r}: {', '.join(unreached)}")
        request_ids = [r.id for r in self.requests]
        if len(request_ids) != len(set(request_ids)):
            raise ValueError(f"request ids repeat: {request_ids}")
        for request in self.requests:
            node = self.start
            for answer in request.walk:
                if answer.step != node:
                    raise ValueError(f"request {request.id!r}: the walk reaches {node!r} here, "
                                     f"not step {answer.step!r}")
                picked = next((c for c in steps[node].choices if c.id == answer.answer), None)
                if picked is None:
                    raise ValueError(f"request {request.id!r}, step {node!r}: no choice "
                                     f"{answer.answer!r}; choices: "
                                     f"{', '.join(c.id for c in steps[node].choices)}")
                node = picked.next
                if node not in steps and answer is not request.walk[-1]:
                    raise ValueError(f"request {request.id!r}: the walk reaches outcome {node!r} "
                                     "before its last step")
            if node != request.outcome:
                raise ValueError(f"request {request.id!r}: its walk ends at {node!r}, but its "
                                 f"outcome is {request.outcome!r}")
        return self


class SafeHarborIdentifier(str, Enum):
    """The 18 kinds of identifiers of HIPAA's Safe Harbor method, 45 CFR 164.514(b)(2)(i)(A)-(R).

    They must be removed for the person and for their relatives, employers and household
    members; see also HHS's 2012 de-identification guidance (bibliography keys
    ``ecfr-45-cfr-164-514`` and ``hhs-2012-deidentification-guidance``).
    """

    NAMES = "names"
    GEOGRAPHIC = "geographic"
    DATES = "dates"
    TELEPHONE_NUMBERS = "telephone-numbers"
    FAX_NUMBERS = "fax-numbers"
    EMAIL_ADDRESSES = "email-addresses"
    SOCIAL_SECURITY_NUMBERS = "social-security-numbers"
    MEDICAL_RECORD_NUMBERS = "medical-record-numbers"
    HEALTH_PLAN_NUMBERS = "health-plan-numbers"
    ACCOUNT_NUMBERS = "account-numbers"
    LICENSE_NUMBERS = "license-numbers"
    VEHICLE_IDENTIFIERS = "vehicle-identifiers"
    DEVICE_IDENTIFIERS = "device-identifiers"
    URLS = "urls"
    IP_ADDRESSES = "ip-addresses"
    BIOMETRIC_IDENTIFIERS = "biometric-identifiers"
    FACE_PHOTOS = "face-photos"
    UNIQUE_CHARACTERISTICS = "unique-characteristics"

    @property
    def label(self) -> str:
        """Plain name of the category, as the rule words it (lower case)."""
        return {
            "names": "names",
            "geographic": "places smaller than a state, such as a street address, city or zip code",
            "dates": "all parts of dates about the person except the year",
            "telephone-numbers": "telephone numbers",
            "fax-numbers": "fax numbers",
            "email-addresses": "email addresses",
            "social-security-numbers": "Social Security numbers",
            "medical-record-numbers": "medical record numbers",
            "health-plan-numbers": "health plan beneficiary numbers",
            "account-numbers": "account numbers",
            "license-numbers": "certificate or license numbers",
            "vehicle-identifiers": "vehicle identifiers, such as license plate numbers",
            "device-identifiers": "device identifiers and serial numbers",
            "urls": "web addresses (URLs)",
            "ip-addresses": "IP addresses",
            "biometric-identifiers": "biometric identifiers, such as finger and voice prints",
            "face-photos": "full-face photos and similar images",
            "unique-characteristics": "any other unique identifying number, characteristic or code",
        }[self.value]


#: ``{phrase-id}`` placeholders in a redaction note.
REDACTION_PLACEHOLDER = re.compile(r"\{([a-z0-9][a-z0-9_-]*)\}")


class RedactionPhrase(_Strict):
    """A phrase of the case note: an identifier to remove (with its Safe Harbor category), or a
    detail the stated purpose needs (``remove: false``, no category)."""

    id: Id
    text: Text
    remove: bool
    category: SafeHarborIdentifier | None = None
    why: Text

    @model_validator(mode="after")
    def _category_fits(self) -> RedactionPhrase:
        if self.remove and self.category is None:
            raise ValueError(f"phrase {self.id!r}: a phrase to remove needs its Safe Harbor category")
        if not self.remove and self.category is not None:
            raise ValueError(f"phrase {self.id!r}: a phrase to keep takes no category")
        return self


class RedactionExercise(_File):
    """``data/exercises/redaction.yaml``: a fictional note with ``{id}`` phrases to keep or remove.

    Validated here: phrase ids are unique; every placeholder in ``note`` names a phrase, and
    every phrase appears exactly once; there is at least one phrase to remove and one to keep.

    Raises
    ------
    pydantic.ValidationError
        With a message naming the unknown, unused or repeated phrase.
    """

    title: Text
    purpose: Text = Field(description="Why the note is being shared, which decides what it needs.")
    note: Text
    phrases: list[RedactionPhrase] = Field(min_length=2)
    sources: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _placeholders(self) -> RedactionExercise:
        ids = [p.id for p in self.phrases]
        if len(ids) != len(set(ids)):
            raise ValueError(f"phrase ids repeat: {ids}")
        used = REDACTION_PLACEHOLDER.findall(self.note)
        unknown = sorted(set(used) - set(ids))
        if unknown:
            raise ValueError(f"the note uses phrases that are not defined: {', '.join(unknown)}")
        counts = {i: used.count(i) for i in ids}
        wrong = [f"{i} ({n} times)" for i, n in counts.items() if n != 1]
        if wrong:
            raise ValueError(f"each phrase must appear once in the note: {', '.join(wrong)}")
        if all(p.remove for p in self.phrases) or not any(p.remove for p in self.phrases):
            raise ValueError("the note needs at least one phrase to remove and one to keep")
        return self
