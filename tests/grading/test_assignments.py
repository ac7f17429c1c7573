"""Every assignment, through real nbgrader: a clean student version, full marks, blank zero.

For each spec in assessments/specs/, a fresh course generates the student version, then one
learner submits the keys and the model reflection, another submits nothing.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from peer_ethics.content import rubric
from peer_ethics.grading import demo, workflow
from peer_ethics.grading.assessment_builder import AssessmentSpec, load_spec

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

KIT = Path(__file__).resolve().parents[2]
SPECS = [load_spec(p) for p in sorted((KIT / "assessments" / "specs").glob("*.yaml"))]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One course with every assignment generated and two learners per assignment graded."""
    course_dir = tmp_path_factory.mktemp("all") / "course"
    demo.prepare_course(KIT / "assessments", course_dir)
    api = workflow.api(course_dir)
    for spec in SPECS:
        assert api.generate_assignment(spec.assignment, force=True)["success"], spec.assignment
        released = nbformat.read(course_dir / "release" / spec.assignment / f"{spec.assignment}.ipynb",
                                 as_version=4)
        for student, full in ((f"{spec.assignment}-full", True), (f"{spec.assignment}-blank", False)):
            nb = nbformat.from_dict(released)
            if full:
                for cell in nb.cells:
                    gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
                    item = {i.grade_id: i for i in spec.items}.get(gid.removesuffix("-answer"))
                    if gid.endswith("-answer") and item:
                        cell.source = f'{item.grade_id} = "{item.key}"'
                    if gid == spec.reflection.rubric:
                        cell.source = spec.reflection.model_answer
            folder = course_dir / "submitted" / student / spec.assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{spec.assignment}.ipynb")
            (folder / "timestamp.txt").write_text("2026-11-20 17:00:00.000000 UTC", encoding="utf-8")
        assert workflow.autograde(course_dir, spec.assignment, jobs=2, echo=lambda _l: None) == 0
    return course_dir


def _total(spec: AssessmentSpec) -> float:
    return float(sum(i.points for i in spec.items) + spec.reflection.points)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.assignment)
def test_student_version_holds_no_key_hidden_test_or_model_answer(course: Path, spec: AssessmentSpec) -> None:
    """The released notebook keeps placeholders only."""
    text = (course / "release" / spec.assignment / f"{spec.assignment}.ipynb").read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "# key:", "instructor-only"):
        assert marker not in text
    assert spec.reflection.model_answer[:60] not in text
    for item in spec.items:
        assert f'{item.grade_id} = \\"{item.key}\\"' not in text
        assert f'{item.grade_id} = \\"?\\"' in text


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.assignment)
def test_fully_correct_submission_earns_full_marks(course: Path, spec: AssessmentSpec) -> None:
    """The keys and the model reflection earn every point, with nothing left to review."""
    rows = {r.student: r for r in workflow.grade_table(course, spec.assignment)}
    row = rows[f"{spec.assignment}-full"]
    assert row.total == _total(spec)
    assert row.needs_review == []
    assert rubric(spec.reflection.rubric).points == spec.reflection.points


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.assignment)
def test_blank_submission_scores_zero(course: Path, spec: AssessmentSpec) -> None:
    """An untouched student version scores 0 on every item."""
    rows = {r.student: r for r in workflow.grade_table(course, spec.assignment)}
    row = rows[f"{spec.assignment}-blank"]
    assert row.total == 0.0
    assert set(row.scores) == {i.grade_id for i in spec.items} | {spec.reflection.rubric}
