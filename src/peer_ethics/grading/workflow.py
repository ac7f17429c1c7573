"""Instructor workflow: thin wrappers over nbgrader's Python API (``NbGraderAPI``).

Each command loads the course's own ``nbgrader_config.py`` and drives nbgrader in this
process (no per-step CLI start-up). Grading is per learner, so one learner's broken
submission never stops the run; every problem is summarised at the end, naming the learner.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins.export import CsvExportPlugin
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

__all__ = [
    "GradeRow",
    "api",
    "autograde",
    "export_grades",
    "feedback",
    "grade_table",
    "load_config",
    "release",
]


def _ensure_tools_on_path() -> None:
    # nbgrader runs `alembic` as a subprocess to set up the gradebook; a venv that was not
    # activated lacks it on PATH, so put this interpreter's bin folder first.
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def load_config(course_dir: Path) -> Config:
    """Load ``course_dir/nbgrader_config.py`` and point it at ``course_dir``.

    Raises
    ------
    FileNotFoundError
        The folder has no nbgrader_config.py.
    """
    path = course_dir / "nbgrader_config.py"
    if not path.is_file():
        raise FileNotFoundError(f"{course_dir} is not an nbgrader course: no nbgrader_config.py")
    config = PyFileConfigLoader(path.name, path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir.resolve())
    return config


def api(course_dir: Path) -> NbGraderAPI:
    """Return an ``NbGraderAPI`` for the course in ``course_dir`` (its config applied)."""
    _ensure_tools_on_path()
    config = load_config(course_dir)
    exchange = Path(config.Exchange.get("root", "/srv/nbgrader/exchange"))
    if exchange.resolve().is_relative_to(course_dir.resolve()):
        exchange.mkdir(exist_ok=True)  # a course-local exchange (single machine) is ours to make
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def _report(step: str, result: dict[str, Any], who: str = "") -> bool:
    if result.get("success"):
        return True
    detail = (result.get("error") or "").strip().splitlines()
    print(f"{step} failed{f' for {who}' if who else ''}: {detail[-1] if detail else 'see log'}",
          file=sys.stderr)
    return False


def release(course_dir: Path, assignment: str) -> int:
    """Generate the student version of ``assignment`` and release it to the exchange.

    Returns
    -------
    int
        Exit code: 0 on success, 1 when a step failed (the message says which).
    """
    nb = api(course_dir)
    if not _report("generate_assignment", nb.generate_assignment(assignment, force=True)):
        return 1
    if not _report("release_assignment", nb.release_assignment(assignment)):
        return 1
    print(f"released {assignment} to the exchange {nb.config.Exchange.get('root', '(default)')}")
    return 0


def autograde(course_dir: Path, assignment: str) -> int:
    """Autograde every submission of ``assignment`` found in ``submitted/``, learner by learner.

    Quiz items are scored by nbgrader's hidden tests; reflections by the kit's
    ``ScoreReflections`` preprocessor (configured in the course's nbgrader_config.py).

    Returns
    -------
    int
        0 when every submission was graded, 1 when some were not (each named on stderr).
    """
    nb = api(course_dir)
    students = sorted(nb.get_submitted_students(assignment))
    if not students:
        print(f"no submissions of {assignment!r} in {course_dir / 'submitted'}", file=sys.stderr)
        return 1
    failed = [s for s in students
              if not _report("autograde", nb.autograde(assignment, s, force=True, create=True), s)]
    print(f"autograded {len(students) - len(failed)} of {len(students)} submissions of {assignment}")
    if failed:
        print("not graded (see messages above): " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


def feedback(course_dir: Path, assignment: str) -> int:
    """Generate feedback HTML for every autograded submission of ``assignment``.

    Returns
    -------
    int
        0 on success, 1 when nbgrader reported an error.
    """
    ok = _report("generate_feedback", api(course_dir).generate_feedback(assignment, force=True))
    return 0 if ok else 1


def export_grades(course_dir: Path, to: Path) -> int:
    """Write the gradebook to CSV with nbgrader's ``CsvExportPlugin``.

    The CSV holds one row per learner and assignment (scores only, never answer text).

    Returns
    -------
    int
        0 on success.
    """
    nb = api(course_dir)
    plugin = CsvExportPlugin(config=nb.config)
    plugin.to = str(to)
    with Gradebook(nb.coursedir.db_url) as gradebook:
        plugin.export(gradebook)
    print(f"wrote {to}")
    return 0


@dataclass(frozen=True)
class GradeRow:
    """One learner's result on one assignment, read back from the gradebook.

    Attributes
    ----------
    student : str
    scores : dict
        ``{grade_id: score}`` in points (a cell nobody graded yet counts as 0, as in nbgrader).
    max_scores : dict
        ``{grade_id: max points}``.
    needs_review : list of str
        grade_ids still flagged for manual grading.
    """

    student: str
    scores: dict[str, float]
    max_scores: dict[str, float]
    needs_review: list[str]

    @property
    def total(self) -> float:
        """Sum of scores, in points."""
        return sum(self.scores.values())


def grade_table(course_dir: Path, assignment: str) -> list[GradeRow]:
    """Read every submission's per-cell scores for ``assignment`` from the gradebook.

    Returns
    -------
    list of GradeRow
        Sorted by student id; learners without a submission are left out.
    """
    db_url = api(course_dir).coursedir.db_url
    rows = []
    with Gradebook(db_url) as gradebook:
        for student in sorted(s.id for s in gradebook.students):
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue
            scores: dict[str, float] = {}
            max_scores: dict[str, float] = {}
            review: list[str] = []
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    scores[grade.name] = float(grade.score)
                    max_scores[grade.name] = float(grade.max_score)
                    if grade.needs_manual_grade:
                        review.append(grade.name)
            rows.append(GradeRow(student, scores, max_scores, sorted(review)))
    return rows
