"""The real nbgrader pipeline: release, autograde (quiz + reflection), feedback, export.

One demo course is built per session (``peer-ethics demo`` minus serving) in a temporary
folder; the tests read its gradebook, released notebook and feedback HTML.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from peer_ethics.grading import demo, workflow

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

QUIZ = ("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9")


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo course, autograded and with feedback generated."""
    course_dir = tmp_path_factory.mktemp("demo") / "course"
    lines: list[str] = []
    assert demo.run_demo(course_dir, echo=lines.append) == 0, "\n".join(lines)
    return course_dir


def _scores(course_dir: Path) -> dict[str, dict[str, float]]:
    return {row.student: row.scores for row in workflow.grade_table(course_dir, "boundaries")}


def test_demo_cohort_earns_exact_scores(course: Path) -> None:
    """Each demo learner's quiz and reflection scores, read back from the gradebook."""
    scores = _scores(course)
    expected = {
        "amara": {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 1, "q6": 1, "q7": 1, "q8": 1, "q9": 1,
                  "boundaries-gift": 4},
        # q7 "A, B" misses D; q9 "ACB" gets one pair of three right (partial credit)
        "bilal": {"q1": 1, "q2": 0, "q3": 1, "q4": 1, "q5": 0, "q6": 0, "q7": 0, "q8": 1, "q9": 0.33,
                  "boundaries-gift": 2},
        "casey": dict.fromkeys([*QUIZ, "boundaries-gift"], 0),
        # q4's answer cell was deleted; q7 "DBA" is the right set in another order; q8 wrong order
        "dee": {"q1": 1, "q2": 1, "q3": 1, "q4": 0, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 1,
                "boundaries-gift": 3},
    }
    assert scores == expected


def test_reflection_feedback_is_stored_as_the_cell_comment(course: Path) -> None:
    """The rubric feedback for a partial reflection is the cell's auto comment."""
    db_url = workflow.api(course).coursedir.db_url
    with Gradebook(db_url) as gradebook:
        comment = gradebook.find_comment("boundaries-gift", "boundaries", "boundaries", "bilal")
        grade = gradebook.find_grade("boundaries-gift", "boundaries", "boundaries", "bilal")
        assert comment.comment == (
            "Reflection score: 2 of 4.\n"
            "Not yet: Say what is at stake: a gift of money can blur "
            "the line between a helping relationship and a personal or financial one.\n"
            "Met: Responds to Dana with warmth.\n"
            "Met: Says what you would do with the gift card.\n"
            "Not yet: Name who or what you would "
            "check with: your supervisor, your agency's gift policy or code of ethics, or a note "
            "in the record."
        )
        assert (grade.auto_score, grade.needs_manual_grade) == (2.0, False)
        blank = gradebook.find_comment("boundaries-gift", "boundaries", "boundaries", "casey")
        assert blank.comment == "No response."


def test_released_notebook_leaks_no_solution_hidden_test_or_exemplar(course: Path) -> None:
    """The student version has the placeholders only: no answers, hidden tests, or model answer."""
    released = (course / "release" / "boundaries" / "boundaries.ipynb").read_text(encoding="utf-8")
    source = nbformat.read(course / "source" / "boundaries" / "boundaries.ipynb", as_version=4)
    for forbidden in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", ".upper() ==", "# key:",
                      '== \\"', "blur the line between a helping relationship"):
        assert forbidden not in released, forbidden
    for qid in QUIZ:
        assert f"{qid} = \\\"?\\\"  # type" in released
    # Every solution line of the source master is absent from the release.
    for cell in source.cells:
        if "### BEGIN SOLUTION" in cell.source:
            answer = cell.source.split("### BEGIN SOLUTION\n")[1].split("\n### END SOLUTION")[0]
            for line in answer.splitlines():
                assert json.dumps(line)[1:-1] not in released, line


def test_feedback_html_shows_rubric_comment_but_not_hidden_tests(course: Path) -> None:
    """Learner feedback includes the per-criterion comment and hides the answer key."""
    html = (course / "feedback" / "bilal" / "boundaries" / "boundaries.html").read_text(encoding="utf-8")
    assert "Reflection score: 2 of 4." in html
    assert "Not yet: Name who or what you would check with" in html
    assert ".upper() ==" not in html and "HIDDEN" not in html


def test_feedback_lands_only_in_each_learners_folder(course: Path) -> None:
    """One feedback folder per learner, holding only that learner's notebook."""
    folders = sorted(p.name for p in (course / "feedback").iterdir())
    assert folders == ["amara", "bilal", "casey", "dee"]
    for name in folders:
        files = sorted(p.name for p in (course / "feedback" / name / "boundaries").iterdir())
        assert files == ["boundaries.html", "timestamp.txt"]


def test_grades_export_to_csv_without_reflection_text(course: Path, tmp_path: Path) -> None:
    """export_grades writes one row per learner with exact totals and no answer text."""
    out = tmp_path / "grades.csv"
    assert workflow.export_grades(course, out) == 0
    text = out.read_text(encoding="utf-8")
    rows = {r["student_id"]: r for r in csv.DictReader(text.splitlines())}
    assert {k: float(v["score"]) for k, v in rows.items()} == {
        "amara": 13.0, "bilal": 6.33, "casey": 0.0, "dee": 10.0}
    assert all(float(r["max_score"]) == 13.0 for r in rows.values())
    for learner in demo.COHORT:
        if learner.reflection:
            assert learner.reflection[:40] not in text


def _regrade_with(course: Path, tmp_path: Path, student: str, reflection: str,
                  extra_config: str = "") -> Path:
    """Copy the course, add one learner's submission, autograde it; return the copy."""
    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    (copy / "gradebook.db").unlink()
    if extra_config:
        with (copy / "nbgrader_config.py").open("a", encoding="utf-8") as fh:
            fh.write("\n" + extra_config + "\n")
    shutil.rmtree(copy / "submitted")
    learner = demo.DemoLearner(student, "Test", {"q1": "B"}, reflection)
    nb = workflow.api(copy)
    assert nb.generate_assignment("boundaries", force=True)["success"]
    demo.build_cohort(copy, (learner,))
    result = nb.autograde("boundaries", student, force=True, create=True)
    assert result["success"], result.get("error")
    assert reflection[:30] not in result["log"], "learner text must never be logged"
    return copy


def test_unsure_reflection_is_scored_but_left_for_a_human(course: Path, tmp_path: Path) -> None:
    """A reflection in Spanish gets a provisional score and stays flagged for manual grading."""
    spanish = ("Le daría las gracias a Dana por la tarjeta que hizo, pero no puedo aceptar la "
               "tarjeta de regalo de cincuenta dólares. Hablaría con mi supervisora y seguiría la "
               "política de la agencia sobre regalos.")
    copy = _regrade_with(course, tmp_path, "elena", spanish)
    with Gradebook(workflow.api(copy).coursedir.db_url) as gradebook:
        grade = gradebook.find_grade("boundaries-gift", "boundaries", "boundaries", "elena")
        assert grade.needs_manual_grade is True
        assert grade.auto_score == 3.0  # thanks, declines, supervisor/policy; no "why"
        comment = gradebook.find_comment("boundaries-gift", "boundaries", "boundaries", "elena")
        assert "may not be written in English" in comment.comment
        # An instructor's score in formgrader overrides the automatic one.
        grade.manual_score = 3.0
        gradebook.db.commit()
        assert grade.score == 3.0


def test_missing_rubric_leaves_the_cell_for_manual_grading(course: Path, tmp_path: Path) -> None:
    """A rubric path that does not exist never crashes autograde: the cell waits for a human."""
    copy = _regrade_with(
        course, tmp_path, "farid", demo._STRONG,
        extra_config='c.ScoreReflections.rubrics = {"boundaries-gift": "/nonexistent/rubric.yaml"}',
    )
    with Gradebook(workflow.api(copy).coursedir.db_url) as gradebook:
        grade = gradebook.find_grade("boundaries-gift", "boundaries", "boundaries", "farid")
        assert (grade.auto_score, grade.needs_manual_grade) == (None, True)
        quiz = gradebook.find_grade("q1", "boundaries", "boundaries", "farid")
        assert quiz.score == 1.0


def test_release_puts_the_student_version_in_the_exchange(course: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """`peer-ethics release` generates and releases into the configured exchange."""
    copy = tmp_path / "course"
    shutil.copytree(course / "source", copy / "source")
    shutil.copy2(course / "nbgrader_config.py", copy / "nbgrader_config.py")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    monkeypatch.setenv("PEER_ETHICS_EXCHANGE", str(exchange))
    assert workflow.release(copy, "boundaries") == 0
    released = exchange / "peer-ethics" / "outbound" / "boundaries" / "boundaries.ipynb"
    assert released.is_file()
    assert "BEGIN SOLUTION" not in released.read_text(encoding="utf-8")


def test_autograde_rebuilds_a_lost_gradebook(course: Path, tmp_path: Path) -> None:
    """With gradebook.db deleted, autograde rebuilds the assignment record and grades as before."""
    copy = tmp_path / "course"
    shutil.copytree(course, copy, ignore=shutil.ignore_patterns("gradebook.db", "autograded", "feedback"))
    lines: list[str] = []
    assert workflow.autograde(copy, "boundaries", echo=lines.append) == 0
    assert lines[0] == ("the gradebook had no record of 'boundaries'; rebuilding it from source/ "
                        "(nbgrader generate_assignment)")
    assert {r.student: r.total for r in workflow.grade_table(copy, "boundaries")} == {
        "amara": 13.0, "bilal": pytest.approx(6.33), "casey": 0.0, "dee": 10.0}


def test_item_analysis_report_on_the_demo_cohort(course: Path, tmp_path: Path) -> None:
    """Exact difficulty, option counts and criterion met-rates; no names or text in the files."""
    from peer_ethics.grading.item_analysis import analyse

    report = analyse(course, workflow.api(course).coursedir.db_url, "boundaries")
    items = {i.grade_id: i for i in report.items}
    assert report.learners == 4
    assert [items[q].difficulty for q in QUIZ] == pytest.approx(
        [0.75, 0.5, 0.75, 0.5, 0.5, 0.5, 0.5, 0.5, (1 + 0.33 + 1) / 4])
    assert items["q2"].options == {"(blank)": 1, "A": 1, "D": 2}
    assert items["q4"].options == {"(blank)": 2, "C": 2}
    assert items["boundaries-gift"].difficulty == pytest.approx(9 / 16)
    assert items["boundaries-gift"].criteria == pytest.approx({
        "names-issue": 2 / 3, "respects-peer": 1.0, "concrete-action": 1.0,
        "policy-or-supervision": 1 / 3})
    assert items["q7"].options == {"(blank)": 1, "AB": 1, "ABD": 1, "DBA": 1}
    assert report.totals == pytest.approx([13.0, 6.33, 0.0, 10.0])
    assert workflow.report(course, "boundaries", tmp_path / "out") == 0
    written = (tmp_path / "out" / "item-analysis.html").read_text(encoding="utf-8")
    written += (tmp_path / "out" / "item-analysis.csv").read_text(encoding="utf-8")
    assert "Cronbach" in written and "amara" not in written and "Dana" not in written
    assert (tmp_path / "out" / "item-analysis.csv").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("fmt", "expected"), [
    ("canvas", ["Student,ID,SIS User ID,SIS Login ID,Section,boundaries",
                "Points Possible,,,,,13",
                '"Example, Amara",,amara,amara,,13', '"Example, Bilal",,bilal,bilal,,6.33',
                '"Example, Casey",,casey,casey,,0', '"Example, Dee",,dee,dee,,10']),
    ("moodle", ["ID number,Email address,boundaries (13 points)",
                "amara,,13", "bilal,,6.33", "casey,,0", "dee,,10"]),
])
def test_lms_exports_have_exact_rows_and_private_mode(course: Path, tmp_path: Path, fmt: str,
                                                      expected: list[str]) -> None:
    """Canvas and Moodle imports: exact rows, mode 0600, no reflection text."""
    out = tmp_path / f"{fmt}.csv"
    assert workflow.export_grades(course, out, fmt) == 0
    assert out.read_text(encoding="utf-8").splitlines() == expected
    assert out.stat().st_mode & 0o777 == 0o600


def test_learner_work_and_grades_are_private_to_the_instructor(course: Path) -> None:
    """Gradebook, submissions, autograded copies and feedback are mode 0600/0700."""
    for name in ("gradebook.db", "submitted", "autograded", "feedback"):
        top = course / name
        for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
            assert path.stat().st_mode & 0o077 == 0, path


def test_reflection_with_identifying_details_is_flagged(course: Path, tmp_path: Path) -> None:
    """A reflection that gives a phone number is scored but left for the instructor to check."""
    text = demo._STRONG + " Dana can text me any time at 555-201-3344."
    copy = _regrade_with(course, tmp_path, "gita", text)
    with Gradebook(workflow.api(copy).coursedir.db_url) as gradebook:
        grade = gradebook.find_grade("boundaries-gift", "boundaries", "boundaries", "gita")
        assert (grade.auto_score, grade.needs_manual_grade) == (4.0, True)
        comment = gradebook.find_comment("boundaries-gift", "boundaries", "boundaries", "gita")
        assert "may contain identifying details (a phone number)" in comment.comment


def test_demo_never_deletes_a_folder_it_did_not_make(tmp_path: Path) -> None:
    """`demo --course-dir` refuses a non-empty folder that is not a previous demo course."""
    precious = tmp_path / "real-course"
    precious.mkdir()
    (precious / "notes.txt").write_text("learners' work", encoding="utf-8")
    kit_assessments = Path(__file__).resolve().parents[2] / "assessments"
    with pytest.raises(FileExistsError, match="not a demo course"):
        demo.prepare_course(kit_assessments, precious)
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "learners' work"
    demo.prepare_course(kit_assessments, tmp_path / "new")
    demo.prepare_course(kit_assessments, tmp_path / "new")  # a demo course may be replaced
    assert (tmp_path / "new" / demo.MARKER).is_file()
