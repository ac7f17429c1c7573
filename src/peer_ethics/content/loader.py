"""Load and cross-check the YAML content shipped in ``peer_ethics/data``.

Every loader raises :class:`ContentError` naming the file and what is wrong, so a broken YAML
file stops with an actionable message instead of a traceback deep inside pydantic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from peer_ethics.content.models import (
    App,
    AskShareAskSet,
    Bibliography,
    CheckSection,
    ConsistencySet,
    Dilemma,
    DualRolesSet,
    ExerciseSection,
    Frameworks,
    Glossary,
    GlossaryTerm,
    GoalBuilderSet,
    Module,
    OarsSet,
    PollQuestion,
    PollSet,
    RedactionExercise,
    Reference,
    ReframeItem,
    ReframeSet,
    Rubric,
    Scenario,
    ScenarioBank,
    ShareWalkthrough,
    Syllabus,
    cited_keys,
)

__all__ = [
    "DATA_DIR",
    "ContentError",
    "apps",
    "ask_share_ask_content",
    "bibliography",
    "can_i_share_content",
    "check_references",
    "consistency_content",
    "dilemmas",
    "dual_roles_content",
    "frameworks",
    "glossary",
    "goal_builder_content",
    "load_dilemma",
    "load_file",
    "module",
    "modules",
    "oars_content",
    "poll_questions",
    "redaction_content",
    "reframe_items",
    "rubric",
    "rubric_ids",
    "scenarios",
]

#: Folder of the shipped YAML content.
DATA_DIR = Path(str(resources.files("peer_ethics") / "data"))

M = TypeVar("M", bound=BaseModel)


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, but a key repeated in one mapping is an error, not "last wins"."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[object] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, f"a key must be plain text, not {type(key).__name__}",
                    key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class ContentError(ValueError):
    """A content file is missing, is not valid YAML, or does not fit its schema."""


def load_file(path: Path, model: type[M]) -> M:
    """Read ``path`` as YAML and validate it against ``model``.

    Parameters
    ----------
    path : Path
        A YAML file.
    model : type
        The pydantic model the file must fit.

    Returns
    -------
    model instance

    Raises
    ------
    ContentError
        The file is missing, is not YAML, or does not fit ``model`` (message names the file
        and each failing field).
    """
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: not valid YAML: {exc}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ContentError(f"{path}: does not fit the {model.__name__} schema: {problems}") from None


@cache
def bibliography() -> dict[str, Reference]:
    """Return every reference in ``data/bibliography/*.yaml`` as ``{key: Reference}``.

    Sources shared by several modules live in ``core.yaml``; a module may add its own file.

    Raises
    ------
    ContentError
        A file is invalid or a key appears twice (in one file or across files).
    """
    out: dict[str, Reference] = {}
    where: dict[str, str] = {}
    for path in sorted((DATA_DIR / "bibliography").glob("*.yaml")):
        for ref in load_file(path, Bibliography).references:
            if ref.key in out:
                raise ContentError(
                    f"bibliography/{path.name}: key {ref.key!r} is already in {where[ref.key]}"
                )
            out[ref.key] = ref
            where[ref.key] = f"bibliography/{path.name}"
    return out


@cache
def frameworks() -> Frameworks:
    """Return the SAMHSA categories and N.A.P.S. values (``data/frameworks.yaml``)."""
    return load_file(DATA_DIR / "frameworks.yaml", Frameworks)


@cache
def glossary() -> dict[str, GlossaryTerm]:
    """Return every glossary term in ``data/glossary/*.yaml`` as ``{term (lower case): entry}``.

    Raises
    ------
    ContentError
        A file is invalid or a term is defined twice.
    """
    out: dict[str, GlossaryTerm] = {}
    for path in sorted((DATA_DIR / "glossary").glob("*.yaml")):
        for entry in load_file(path, Glossary).terms:
            key = entry.term.lower()
            if key in out:
                raise ContentError(f"glossary/{path.name}: term {entry.term!r} is defined twice")
            out[key] = entry
    return out


@cache
def reframe_items() -> tuple[ReframeItem, ...]:
    """Return the sentences of the language-reframing exercise (``data/exercises/reframe.yaml``)."""
    return tuple(load_file(DATA_DIR / "exercises" / "reframe.yaml", ReframeSet).items)


def _unknown_sources(where: str, keys: Iterable[str]) -> None:
    """Raise ContentError when a source key in ``keys`` is not in the bibliography."""
    missing = sorted({k for k in keys if k not in bibliography()})
    if missing:
        raise ContentError(f"{where}: sources not in the bibliography: {', '.join(missing)}")


def _load_exercise(name: str, model: type[M], sources: Callable[[M], Iterable[str]]) -> M:
    """Load ``data/exercises/<name>.yaml`` as ``model`` and check the keys ``sources`` yields.

    Raises
    ------
    ContentError
        The file is missing or invalid, or a source key is not in the bibliography.
    """
    found = load_file(DATA_DIR / "exercises" / f"{name}.yaml", model)
    _unknown_sources(f"exercises/{name}.yaml", sources(found))
    return found


@cache
def dual_roles_content() -> DualRolesSet:
    """Return the dual-roles map content (``data/exercises/dual_roles.yaml``).

    Raises
    ------
    ContentError
        The file is missing or invalid, or cites a key missing from the bibliography.
    """
    return _load_exercise("dual_roles", DualRolesSet, lambda found: [
        k for entries in (found.reasons, found.steps, found.roles) for entry in entries
        for k in entry.sources])


@cache
def ask_share_ask_content() -> AskShareAskSet:
    """Return the Ask-Share-Ask planner content (``data/exercises/ask_share_ask.yaml``).

    Raises
    ------
    ContentError
        The file is missing or invalid, or cites a key missing from the bibliography.
    """
    return _load_exercise("ask_share_ask", AskShareAskSet, lambda found: found.sources)


@cache
def apps() -> dict[str, App]:
    """Return the standalone apps in ``data/apps/*.yaml`` as ``{file stem: App}``, sorted by stem.

    Raises
    ------
    ContentError
        A file is invalid, or names a module the syllabus does not list.
    """
    out = {path.stem: load_file(path, App) for path in sorted((DATA_DIR / "apps").glob("*.yaml"))}
    known = set(load_file(DATA_DIR / "syllabus.yaml", Syllabus).modules)
    for stem, app in out.items():
        if app.module is not None and app.module not in known:
            raise ContentError(f"apps/{stem}.yaml: module {app.module!r} is not in syllabus.yaml")
    return out


@cache
def poll_questions() -> tuple[PollQuestion, ...]:
    """Return the live-poll questions (``data/exercises/poll.yaml``).

    Raises
    ------
    ContentError
        The file is missing or invalid, or two questions share an id.
    """
    questions = load_file(DATA_DIR / "exercises" / "poll.yaml", PollSet).questions
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ContentError(f"exercises/poll.yaml: question ids repeat: {sorted(ids)}")
    return tuple(questions)


@cache
def modules() -> list[Module]:
    """Return every module listed in ``syllabus.yaml``, in teaching order."""
    syllabus = load_file(DATA_DIR / "syllabus.yaml", Syllabus)
    return [module(module_id) for module_id in syllabus.modules]


@cache
def module(module_id: str) -> Module:
    """Return the module ``module_id`` from ``data/modules/<module_id>.yaml``.

    Raises
    ------
    ContentError
        Missing or invalid file, or its ``id`` differs from the file name.
    """
    path = DATA_DIR / "modules" / f"{module_id}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in (DATA_DIR / "modules").glob("*.yaml")))
        raise ContentError(f"no module {module_id!r}; modules: {known}")
    found = load_file(path, Module)
    if found.id != module_id:
        raise ContentError(f"modules/{module_id}.yaml: id is {found.id!r}, expected {module_id!r}")
    return found


@cache
def scenarios(module_id: str) -> tuple[Scenario, ...]:
    """Return the scenarios of ``module_id`` from ``data/scenarios/<module_id>.yaml``."""
    bank = load_file(DATA_DIR / "scenarios" / f"{module_id}.yaml", ScenarioBank)
    return tuple(bank.scenarios)


def rubric_ids() -> list[str]:
    """Return the ids of the rubrics shipped in ``data/rubrics``, sorted."""
    return sorted(p.stem for p in (DATA_DIR / "rubrics").glob("*.yaml"))


def rubric(id_or_path: str | Path) -> Rubric:
    """Return a rubric given its id (a shipped rubric) or the path of a rubric YAML file.

    Raises
    ------
    ContentError
        No such rubric (the message lists the shipped ids), or the file is invalid.
    """
    path = Path(id_or_path)
    if path.suffix not in {".yaml", ".yml"}:
        path = DATA_DIR / "rubrics" / f"{id_or_path}.yaml"
        if not path.exists():
            raise ContentError(
                f"no rubric {str(id_or_path)!r}; shipped rubrics: {', '.join(rubric_ids())}"
                " (or give the path of a rubric .yaml file)"
            )
    return load_file(path, Rubric)


def _all_citations(value: object) -> list[str]:
    """Every ``[@key]`` in any string inside ``value`` (a model, list or string)."""
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, str):
        return cited_keys(value)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [k for item in value for k in _all_citations(item)]
    return []


def check_references() -> list[str]:
    """Cross-check all shipped content; return a list of problems (empty when all is well).

    Checks: ids unique within each file and across scenario banks; every scenario's module
    exists; every exercise practises an objective of its module; every ``[@key]`` anywhere in
    module or scenario text and every scenario source resolves in the bibliography; every
    rubric names a module of the syllabus or one planned in it.
    """
    problems: list[str] = []
    bib = bibliography()
    all_modules = modules()
    module_ids = {m.id for m in all_modules}
    seen_scenarios: set[str] = set()

    def need_keys(where: str, keys: list[str]) -> None:
        problems.extend(f"{where}: citation [@{k}] is not in the bibliography" for k in keys
                        if k not in bib)

    for mod in all_modules:
        objective_ids = [o.id for o in mod.objectives]
        section_ids = [s.id for s in mod.sections]
        for label, ids in (("objective", objective_ids), ("section", section_ids)):
            dupes = {i for i in ids if ids.count(i) > 1}
            problems.extend(f"module {mod.id}: {label} id {d!r} repeats" for d in sorted(dupes))
        for section in mod.sections:
            need_keys(f"module {mod.id}, section {section.id}", _all_citations(section))
            if isinstance(section, ExerciseSection | CheckSection):
                problems.extend(
                    f"module {mod.id}, exercise {section.id}: practises unknown objective {o!r}"
                    for o in section.practises if o not in objective_ids
                )
        need_keys(f"module {mod.id}, key points and notes",
                  _all_citations([*mod.key_points, mod.instructor_notes, *mod.questions,
                                  *(o.text for o in mod.objectives)]))
        for scenario in scenarios(mod.id) if (DATA_DIR / "scenarios" / f"{mod.id}.yaml").exists() else ():
            if scenario.id in seen_scenarios:
                problems.append(f"scenario id {scenario.id!r} repeats")
            seen_scenarios.add(scenario.id)
            if scenario.module not in module_ids:
                problems.append(f"scenario {scenario.id}: unknown module {scenario.module!r}")
            need_keys(f"scenario {scenario.id}", list(scenario.sources) + _all_citations(scenario))
    fw = frameworks()
    need_keys("frameworks.yaml", [fw.samhsa_source, fw.naps_source])
    samhsa = {int(e.id) for e in fw.samhsa_categories}
    naps = {e.id for e in fw.naps_values}
    for mod in all_modules:
        problems.extend(f"module {mod.id}: unknown SAMHSA category {c}"
                        for c in mod.samhsa_categories if c not in samhsa)
        problems.extend(f"module {mod.id}: unknown N.A.P.S. value {v!r}"
                        for v in mod.naps_values if v not in naps)
    for term in glossary().values():
        need_keys(f"glossary term {term.term!r}", list(term.sources) + _all_citations(term))
    for item in reframe_items():
        need_keys(f"reframe item {item.id}", list(item.sources))
    planned = set(load_file(DATA_DIR / "syllabus.yaml", Syllabus).planned)
    for rid in rubric_ids():
        rub = rubric(rid)
        if rub.id != rid:
            problems.append(f"rubrics/{rid}.yaml: id is {rub.id!r}")
        if rub.module not in module_ids | planned:
            problems.append(f"rubrics/{rid}.yaml: module {rub.module!r} is neither in the syllabus "
                            "nor planned")
    return problems


@cache
def oars_content() -> OarsSet:
    """Return the OARS reflective-listening drills (``data/exercises/oars.yaml``).

    Raises
    ------
    ContentError
        The file is missing or invalid, two statements share an id, or a statement cites a key
        missing from the bibliography.
    """
    found = _load_exercise("oars", OarsSet,
                           lambda found: [k for s in found.statements for k in s.sources])
    ids = [s.id for s in found.statements]
    if len(set(ids)) != len(ids):
        raise ContentError(f"exercises/oars.yaml: statement ids repeat: {sorted(ids)}")
    return found


@cache
def consistency_content() -> ConsistencySet:
    """Return the consistency tracker's example and guidance (``data/exercises/consistency.yaml``).

    Raises
    ------
    ContentError
        The file is missing or invalid, or cites a key missing from the bibliography.
    """
    return _load_exercise("consistency", ConsistencySet, lambda found: found.sources)


@cache
def goal_builder_content() -> GoalBuilderSet:
    """Return the goal builder's intro, sources and peers (``data/exercises/goal_builder.yaml``).

    Raises
    ------
    ContentError
        The file is missing or invalid, or a source key is not in the bibliography.
    """
    return _load_exercise("goal_builder", GoalBuilderSet, lambda found: found.sources)


def load_dilemma(path: Path) -> Dilemma:
    """Read one dilemma file (``data/exercises/dilemmas/<id>.yaml`` or any path) and validate it.

    Raises
    ------
    ContentError
        The file is missing or invalid (the message names the file, the dilemma and the node:
        unknown ``next``, unreachable node, loop, too few endings, ...), or its ``id`` differs
        from the file name.
    """
    found = load_file(path, Dilemma)
    if found.id != path.stem:
        raise ContentError(f"{path}: id is {found.id!r}; it must match the file name {path.stem!r}")
    return found


@cache
def dilemmas() -> tuple[Dilemma, ...]:
    """Return the dilemmas of the dilemma explorer (``data/exercises/dilemmas/*.yaml``), by file name.

    Raises
    ------
    ContentError
        No dilemma file, a file is invalid (see :func:`load_dilemma`), or a dilemma cites a
        source key missing from the bibliography.
    """
    paths = sorted((DATA_DIR / "exercises" / "dilemmas").glob("*.yaml"))
    if not paths:
        raise ContentError(f"{DATA_DIR / 'exercises' / 'dilemmas'}: no dilemma files (*.yaml)")
    found = tuple(load_dilemma(path) for path in paths)
    for path, dilemma in zip(paths, found, strict=True):
        _unknown_sources(str(path), dilemma.sources)
    return found


# --- Exercises: "Can I share this?" and case-note redaction (module confidentiality) ----------


@cache
def can_i_share_content() -> ShareWalkthrough:
    """Return the "Can I share this?" tree and requests (``data/exercises/can_i_share.yaml``).

    Raises
    ------
    ContentError
        The file is missing or invalid (dangling or unreachable ids, a loop, a request whose walk
        does not reach its outcome: see :class:`~peer_ethics.content.models.ShareWalkthrough`),
        or an outcome or request cites a key missing from the bibliography.
    """
    return _load_exercise("can_i_share", ShareWalkthrough, lambda found: [
        *(k for o in found.outcomes for k in o.sources),
        *(k for r in found.requests for k in r.sources)])


@cache
def redaction_content() -> RedactionExercise:
    """Return the case note to redact (``data/exercises/redaction.yaml``).

    Raises
    ------
    ContentError
        The file is missing or invalid (see :class:`~peer_ethics.content.models.RedactionExercise`),
        or it cites a key missing from the bibliography.
    """
    return _load_exercise("redaction", RedactionExercise, lambda found: found.sources)
