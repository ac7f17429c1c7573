"""Curriculum quality checks: alignment, framework coverage, citations, language, readability.

Used by the test suite and by ``peer-ethics build-course`` (which writes the alignment and
coverage tables into ``instructor/alignment.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peer_ethics.content.loader import frameworks, modules, scenarios
from peer_ethics.content.models import (
    CITATION,
    CheckSection,
    ExerciseSection,
    FigureSection,
    Module,
    ProseSection,
)

__all__ = [
    "STIGMATISING",
    "AlignmentRow",
    "alignment",
    "alignment_markdown",
    "check_module",
    "learner_paragraphs",
    "learner_text",
    "reading_grade",
    "stigmatising_terms",
    "unassessed_objectives",
    "uncited_figures",
]

#: Terms to avoid in learner text (person-first, recovery-oriented language, after SAMHSA's
#: guidance on language). A section whose id contains "reframe" may quote them on purpose.
STIGMATISING = ("addict", "junkie", "abuser", "drug abuse", "substance abuse", "alcoholic",
                "clean and sober", "dirty urine", "relapser", "crazy", "psycho", "lunatic",
                "mentally ill person", "the mentally ill", "schizophrenic", "manipulative",
                "non-compliant", "noncompliant", "frequent flyer")

_PERCENT_OR_YEAR = re.compile(r"\d+(?:\.\d+)?\s?%|\bper ?cent\b|\b(?:19|20)\d{2}\b")


def learner_paragraphs(module: Module) -> list[tuple[str, str]]:
    """Every paragraph a learner reads in ``module``, as ``(where, text)`` pairs."""
    out: list[tuple[str, str]] = [("questions", q) for q in module.questions]
    out += [("objectives", o.text) for o in module.objectives]
    for section in module.sections:
        if isinstance(section, ProseSection):
            out += [(section.id, p) for p in re.split(r"\n\s*\n", section.body) if p.strip()]
        elif isinstance(section, ExerciseSection | FigureSection):
            out += [(section.id, p) for p in re.split(r"\n\s*\n", section.intro) if p.strip()]
        elif isinstance(section, CheckSection):
            out.append((section.id, section.question))
            out += [(section.id, f"{o.text} {o.feedback}") for o in section.options]
    out += [("key points", p) for p in module.key_points]
    try:
        bank = scenarios(module.id)
    except Exception:
        bank = ()
    out += [(f"scenario {s.id}", f"{s.text} {s.why} {s.what_to_do}") for s in bank]
    return out


def learner_text(module: Module) -> str:
    """All learner text of ``module`` as plain prose (markdown and citations removed)."""
    text = " ".join(p for _, p in learner_paragraphs(module))
    text = CITATION.sub("", text)
    return re.sub(r"[*_#>`|]", "", text)


def reading_grade(module: Module) -> float:
    """Flesch-Kincaid grade level of the module's learner text (textstat, offline syllables)."""
    import textstat

    return float(textstat.flesch_kincaid_grade(learner_text(module)))


def uncited_figures(module: Module) -> list[str]:
    """Paragraphs that state a percentage or a year without a ``[@key]`` citation."""
    return [f"{where}: {text[:80]}" for where, text in learner_paragraphs(module)
            if _PERCENT_OR_YEAR.search(CITATION.sub("", text)) and not CITATION.search(text)]


def stigmatising_terms(module: Module) -> list[str]:
    """Stigmatising terms in learner text, outside sections meant for reframing them."""
    found = []
    for where, text in learner_paragraphs(module):
        if "reframe" in where:
            continue
        lower = text.lower()
        found += [f"{where}: {term!r}" for term in STIGMATISING
                  if re.search(rf"\b{re.escape(term)}s?\b", lower)]
    return found


@dataclass(frozen=True)
class AlignmentRow:
    """One learning objective, the graded items that assess it and what practises it."""

    module: str
    objective: str
    text: str
    graded: list[str]
    practice: list[str]


def alignment(all_modules: list[Module] | None = None) -> list[AlignmentRow]:
    """Objective -> graded items -> practice, for every module in the syllabus."""
    rows = []
    for mod in all_modules if all_modules is not None else modules():
        items = mod.assessment.items if mod.assessment else []
        for objective in mod.objectives:
            graded = [f"{mod.assessment.assignment}/{i.grade_id}" for i in items  # type: ignore[union-attr]
                      if objective.id in i.objectives]
            practice = [s.id for s in mod.sections
                        if isinstance(s, ExerciseSection | CheckSection) and objective.id in s.practises]
            rows.append(AlignmentRow(mod.id, objective.id, objective.text, graded, practice))
    return rows


def unassessed_objectives(all_modules: list[Module] | None = None) -> list[str]:
    """Objectives with no graded item or no practice, as readable lines (empty when aligned)."""
    problems = []
    for row in alignment(all_modules):
        if not row.graded:
            problems.append(f"{row.module}/{row.objective}: assessed by no graded item")
        if not row.practice:
            problems.append(f"{row.module}/{row.objective}: practised by no exercise or check")
    return problems


def alignment_markdown(all_modules: list[Module] | None = None) -> str:
    """The instructor guide's alignment and SAMHSA/N.A.P.S. coverage tables, as markdown."""
    mods = all_modules if all_modules is not None else modules()
    lines = ["# Alignment and coverage", "",
             "Generated by `peer-ethics build-course` from the module YAML; do not edit by hand.", "",
             "## Learning objectives, graded items and practice", "",
             "| Module | Objective | Graded items | Practised in |", "|---|---|---|---|"]
    for row in alignment(mods):
        lines.append(f"| {row.module} | {row.text} | {', '.join(row.graded) or '**none**'} | "
                     f"{', '.join(row.practice) or '**none**'} |")
    fw = frameworks()
    lines += ["", "## SAMHSA core competency categories", "",
              "| Category | Modules |", "|---|---|"]
    for entry in fw.samhsa_categories:
        served = [m.id for m in mods if int(entry.id) in m.samhsa_categories]
        lines.append(f"| {entry.id}. {entry.name} | {', '.join(served) or '**not yet covered**'} |")
    lines += ["", "## N.A.P.S. core values", "", "| Value | Modules |", "|---|---|"]
    for entry in fw.naps_values:
        served = [m.id for m in mods if entry.id in m.naps_values]
        lines.append(f"| {entry.name} | {', '.join(served) or '**not yet covered**'} |")
    return "\n".join(lines) + "\n"


def check_module(module_id: str, kit_assessments: object = None) -> list[str]:
    """Every check a module must pass, for authors, before it joins the syllabus.

    Loads ``modules/<id>.yaml`` (it need not be in the syllabus yet) and reports: schema
    problems, citations and scenario sources missing from the bibliography, objectives without
    a graded item or practice, reading grade above 10, uncited figures or years, stigmatising
    terms, and, when ``kit_assessments`` (the kit's ``assessments/`` folder) is given, whether
    its assessment spec builds, matches the module's graded items, and whether the model
    reflection earns full marks without a review flag.

    Returns
    -------
    list of str
        Problems; empty when the module is ready.
    """
    from pathlib import Path

    from peer_ethics.content.loader import (
        ContentError,
        _all_citations,
        bibliography,
        frameworks,
        module,
        rubric,
    )

    try:
        mod = module(module_id)
        bank = scenarios(module_id)
        refs = bibliography()
    except ContentError as exc:
        return [str(exc)]
    problems = [f"citation [@{k}] is not in the bibliography"
                for k in sorted(set(_all_citations(mod)) - set(refs))]
    for scenario in bank:
        missing = set(scenario.sources) | set(_all_citations(scenario))
        problems += [f"scenario {scenario.id}: source {k!r} is not in the bibliography"
                     for k in sorted(missing - set(refs))]
        if scenario.module != module_id:
            problems.append(f"scenario {scenario.id}: module is {scenario.module!r}")
    fw = frameworks()
    problems += [f"unknown SAMHSA category {c}" for c in mod.samhsa_categories
                 if str(c) not in {e.id for e in fw.samhsa_categories}]
    problems += [f"unknown N.A.P.S. value {v!r}" for v in mod.naps_values
                 if v not in {e.id for e in fw.naps_values}]
    problems += unassessed_objectives([mod])
    grade = reading_grade(mod)
    if grade > 10:
        problems.append(f"reading grade {grade:.1f} is above 10: shorter sentences and words")
    problems += [f"uncited figure or year: {p}" for p in uncited_figures(mod)]
    problems += [f"stigmatising term: {p}" for p in stigmatising_terms(mod)]
    if kit_assessments is not None and mod.assessment is not None:
        from peer_ethics.grading.assessment_builder import build_source, load_spec
        from peer_ethics.grading.reflection import score_reflection

        try:
            spec = load_spec(Path(str(kit_assessments)) / "specs" / f"{mod.assessment.assignment}.yaml")
            build_source(spec)
            rub = rubric(spec.reflection.rubric)
        except ContentError as exc:
            return [*problems, str(exc)]
        in_spec = {i.grade_id: i.kind for i in spec.items} | {spec.reflection.rubric: "reflection"}
        if {i.grade_id: i.kind for i in mod.assessment.items} != in_spec:
            problems.append(f"module assessment items {[i.grade_id for i in mod.assessment.items]} "
                            f"differ from the spec's {list(in_spec)}")
        if len(spec.items) < 6 or len({i.kind for i in spec.items}) < 3:
            problems.append("the spec needs at least 6 quiz items of at least 3 kinds")
        verdict = score_reflection(spec.reflection.model_answer, rub)
        if verdict.score != rub.points or verdict.needs_review:
            missed = [c for c, r in verdict.criteria.items() if not r.met]
            problems.append(f"model reflection scores {verdict.score}/{rub.points} "
                            f"(missed {missed}, review reasons {verdict.review_reasons})")
        if spec.reflection.points != rub.points:
            problems.append(f"reflection points {spec.reflection.points} differ from the "
                            f"rubric's {rub.points}")
    return problems
