"""No learner lost: every broken-submission case gets a defined grade and a clear message.

One course holds eight learners: seven with a different kind of damage and one clean. It is
autograded twice, serially and with two jobs; the grades must be identical, the submitted
files untouched, and the summary must name each learner, notebook and cell.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode

from peer_ethics.grading import demo, workflow

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

FULL = {"q1": 1.0, "q2": 1.0, "q3": 1.0, "q4": 1.0, "q5": 1.0, "q6": 1.0, "q7": 1.0, "q8": 1.0,
        "q9": 1.0, "boundaries-gift": 4.0}


def _gid(cell: NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _cell(nb: NotebookNode, gid: str) -> NotebookNode:
    return next(c for c in nb.cells if _gid(c) == gid)


def _duplicate_test_cell(nb: NotebookNode) -> None:
    copy = nbformat.from_dict(json.loads(json.dumps(_cell(nb, "q1"))))
    copy["id"] = "copied-cell"
    nb.cells.insert(nb.cells.index(_cell(nb, "q1")) + 1, copy)


def _split_reflection(nb: NotebookNode) -> None:
    cell = _cell(nb, "boundaries-gift")
    half = cell.source.index("Then I would")
    second = nbformat.from_dict(json.loads(json.dumps(cell)))
    second["id"] = "split-cell"
    cell.source, second.source = cell.source[:half], cell.source[half:]
    nb.cells.insert(nb.cells.index(cell) + 1, second)


def _paste_test_above_answer(nb: NotebookNode) -> None:
    copy = nbformat.from_dict(json.loads(json.dumps(_cell(nb, "q1"))))
    copy["id"] = "pasted-cell"
    nb.cells.insert(nb.cells.index(_cell(nb, "q1-answer")), copy)


def _rename_reflection(nb: NotebookNode) -> None:
    _cell(nb, "boundaries-gift").metadata["nbgrader"]["grade_id"] = "my-reflection"


def _delete_test_cell(nb: NotebookNode) -> None:
    nb.cells.remove(_cell(nb, "q2"))


def _reflection_to_code(nb: NotebookNode) -> None:
    cell = _cell(nb, "boundaries-gift")
    code = nbformat.v4.new_code_cell(cell.source, metadata=cell.metadata)
    code["id"] = cell["id"]
    nb.cells[nb.cells.index(cell)] = code


def _answer(gid: str, source: str) -> Callable[[NotebookNode], None]:
    def edit(nb: NotebookNode) -> None:
        _cell(nb, gid).source = source
    return edit


def _silence_output(nb: NotebookNode) -> None:
    """Answer A everywhere, and stop IPython from showing results (test cells print nothing)."""
    for cell in nb.cells:
        if (_gid(cell) or "").endswith("-answer"):
            cell.source = f'{_gid(cell).removesuffix("-answer")} = "A"'
    _cell(nb, "q1-answer").source = 'get_ipython().ast_node_interactivity = "none"\nq1 = "A"'


DAMAGE: dict[str, Callable[[NotebookNode], None]] = {
    "no-quotes": _answer("q1-answer", "q1 = B"),
    "silenced": _silence_output,
    "dup-cell": _duplicate_test_cell,
    "pasted-above": _paste_test_above_answer,
    "renamed-id": _rename_reflection,
    "split-cell": _split_reflection,
    "deleted-cell": _delete_test_cell,
    "type-changed": _reflection_to_code,
    "kills-kernel": _answer("q3-answer", "import os\nos._exit(1)"),
    "never-ends": _answer("q3-answer", "while True:\n    pass"),
}


@pytest.fixture(scope="module")
def broken_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course whose learners all answered perfectly, then damaged their notebooks."""
    course = tmp_path_factory.mktemp("broken") / "course"
    demo.prepare_course(Path(__file__).resolve().parents[2] / "assessments", course)
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as fh:
        fh.write("\nc.Execute.timeout = 4\n")
    assert workflow.api(course).generate_assignment("boundaries", force=True)["success"]
    strong = demo.COHORT[0]
    names = [*DAMAGE, "missing-notebook", "not-json", "clean"]
    demo.build_cohort(course, tuple(
        demo.DemoLearner(n, n, strong.answers, strong.reflection) for n in names))
    for name, damage in DAMAGE.items():
        path = course / "submitted" / name / "boundaries" / "boundaries.ipynb"
        nb = nbformat.read(path, as_version=4)
        damage(nb)
        nbformat.write(nb, path)
    (course / "submitted" / "missing-notebook" / "boundaries" / "boundaries.ipynb").unlink()
    (course / "submitted" / "not-json" / "boundaries" / "boundaries.ipynb").write_text(
        '{"cells": [', encoding="utf-8")
    return course


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def graded(broken_course: Path) -> dict[str, object]:
    """Autograde serially, then in parallel on a copy; keep summaries and grade tables."""
    before = _fingerprint(broken_course / "submitted")
    parallel_course = broken_course.parent / "parallel"
    shutil.copytree(broken_course, parallel_course)
    serial_lines: list[str] = []
    serial_code = workflow.autograde(broken_course, "boundaries", jobs=1, echo=serial_lines.append)
    serial = {r.student: (r.scores, r.needs_review)
              for r in workflow.grade_table(broken_course, "boundaries")}
    parallel_lines: list[str] = []
    workflow.autograde(parallel_course, "boundaries", jobs=2, echo=parallel_lines.append)
    parallel = {r.student: (r.scores, r.needs_review)
                for r in workflow.grade_table(parallel_course, "boundaries")}
    return {"code": serial_code, "lines": serial_lines, "serial": serial, "parallel": parallel,
            "unchanged": before == _fingerprint(broken_course / "submitted")}


@pytest.mark.parametrize(("learner", "scores", "message"), [
    ("dup-cell", FULL, "cell q1: this locked cell appears 2 times; the last copy was graded and the "
                 "others ignored"),
    ("pasted-above", FULL, "cell q1: this locked cell appears 2 times; the last copy was graded and "
                           "the others ignored"),
    ("renamed-id", FULL, "cell boundaries-gift: its id had been changed to 'my-reflection'; it was "
                         "changed back and graded as usual"),
    ("split-cell", FULL, "cell boundaries-gift: the cell appears more than once (copied or split); "
                         "the copies were joined in order and graded once"),
    ("deleted-cell", FULL, "cell q2: the cell was deleted; it was put back from the released notebook"),
    ("type-changed", FULL, "cell boundaries-gift: its type was changed from markdown to code; it was "
                           "changed back and graded as usual"),
    ("kills-kernel", {**FULL, "q3": 0.0},
     "cell q3-answer: running this cell stopped Python (the kernel died); the cell was disabled and "
     "the notebook run again, so this answer scores 0"),
    ("never-ends", {**FULL, "q3": 0.0},
     "cell q3-answer: the cell did not finish within 4 s and was stopped; work that depends on it "
     "scores 0"),
])
def test_repaired_submissions_get_a_defined_grade_and_message(
        graded: dict[str, object], learner: str, scores: dict[str, float], message: str) -> None:
    """Each damaged-but-gradable submission: exact scores, nothing left flagged, a clear line."""
    got_scores, review = graded["serial"][learner]  # type: ignore[index]
    assert got_scores == scores
    assert review == []
    assert f"  {learner}: notebook boundaries.ipynb, {message}" in graded["lines"]  # type: ignore[operator]


@pytest.mark.parametrize(("learner", "message"), [
    ("missing-notebook", "notebook boundaries.ipynb is missing from the submission; it scores 0"),
    ("not-json", "notebook boundaries.ipynb cannot be read (not valid JSON); it scores 0 until the "
                 "file is fixed and this learner is autograded again"),
])
def test_ungradable_submissions_score_zero_and_wait_for_a_person(
        graded: dict[str, object], learner: str, message: str) -> None:
    """A missing or unreadable notebook: every cell 0, every cell flagged, a clear line."""
    got_scores, review = graded["serial"][learner]  # type: ignore[index]
    assert got_scores == dict.fromkeys(FULL, 0.0)
    assert review == sorted(FULL)
    assert f"  {learner}: {message}" in graded["lines"]  # type: ignore[operator]


def test_run_continues_and_summarises_every_learner_with_a_problem(graded: dict[str, object]) -> None:
    """The run grades everyone it can, exits 1 for the two it cannot, and lists eight problems."""
    lines = graded["lines"]
    assert graded["code"] == 1
    assert lines[0].startswith("autograded 11 of 13 submissions of boundaries in ")  # type: ignore[index]
    assert lines[1] == "Learners with a problem (12):"  # type: ignore[index]
    assert graded["serial"]["clean"] == (FULL, [])  # type: ignore[index]


def test_submitted_files_are_never_changed(graded: dict[str, object]) -> None:
    """Grading reads the learners' submitted files and writes nothing back."""
    assert graded["unchanged"] is True


def test_parallel_grades_are_identical_to_serial(graded: dict[str, object]) -> None:
    """`--jobs 2` gives the same score and review flag for every cell of every learner."""
    assert graded["parallel"] == graded["serial"]


def test_quiz_items_are_graded_from_the_typed_answer(graded: dict[str, object]) -> None:
    """`q1 = B` (no quotes) earns its point; silencing results earns nothing extra."""
    assert graded["serial"]["no-quotes"] == (FULL, [])  # type: ignore[index]
    silenced, _review = graded["serial"]["silenced"]  # type: ignore[index]
    assert {k: v for k, v in silenced.items() if k != "boundaries-gift"} == {
        "q1": 0.0, "q2": 0.0, "q3": 1.0, "q4": 0.0, "q5": 0.0, "q6": 0.0, "q7": 0.0, "q8": 0.0,
        "q9": 0.33}
    assert ("  silenced: notebook boundaries.ipynb, cell q2: the notebook's own check scored 1 but "
            "the typed answer scores 0; the typed answer was graded") in graded["lines"]  # type: ignore[operator]


def test_feedback_never_shows_the_answer_key(broken_course: Path, graded: dict[str, object]) -> None:
    """Even for answers that raise errors, no feedback page contains a hidden test line."""
    assert workflow.feedback(broken_course, "boundaries") == 0
    pages = list((broken_course / "feedback").rglob("*.html"))
    assert len(pages) == 11
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert ".upper() ==" not in text and "HIDDEN TESTS" not in text and "# key:" not in text, page


def test_ctrl_c_stops_the_run_after_the_learner_in_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGINT during a learner: nobody else is graded, the exit code is 130, and the message
    says to regrade (nbgrader on its own swallows the interrupt and moves on)."""
    import os
    import signal

    from peer_ethics.grading import workflow

    for student in ("amara", "bilal", "casey"):
        (tmp_path / "submitted" / student / "boundaries").mkdir(parents=True)
    graded: list[str] = []

    def fake_grade_one(course_dir: Path, assignment: str, student: str) -> workflow.LearnerOutcome:
        graded.append(student)
        if student == "amara":
            os.kill(os.getpid(), signal.SIGINT)  # the instructor presses Ctrl-C mid-learner
        return workflow.LearnerOutcome(student, True, (), 0.0)

    monkeypatch.setattr(workflow, "load_config", lambda course_dir: None)
    monkeypatch.setattr(workflow, "_ensure_in_gradebook", lambda *args: None)
    monkeypatch.setattr(workflow, "secure_course_files", lambda course_dir: None)
    monkeypatch.setattr(workflow, "grade_one", fake_grade_one)
    said: list[str] = []
    assert workflow.autograde(tmp_path, "boundaries", echo=said.append) == 130
    assert graded == ["amara"]
    assert said == ["Interrupted (Ctrl-C). Graded before the interrupt: amara. The grade of a learner "
                    "being graded when it came may be incomplete: run `peer-ethics autograde "
                    "boundaries` again to regrade everyone."]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handler restored
