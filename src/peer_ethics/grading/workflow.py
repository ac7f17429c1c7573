"""Instructor workflow: thin wrappers over nbgrader's Python API (``NbGraderAPI``).

Each command loads the course's own ``nbgrader_config.py`` and drives nbgrader in this
process (no per-step CLI start-up). Grading is per learner, so one learner's broken
submission never stops the run; every problem is summarised at the end, naming the learner.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from peer_ethics.grading.safeguards import PROBLEM

__all__ = [
    "GradeRow",
    "LearnerOutcome",
    "api",
    "autograde",
    "collect",
    "export_grades",
    "feedback",
    "grade_one",
    "grade_table",
    "load_config",
    "release",
    "release_feedback",
    "report",
    "secure_course_files",
]


def _ensure_tools_on_path() -> None:
    # nbgrader runs `alembic` as a subprocess to set up the gradebook; a venv that was not
    # activated lacks it on PATH, so put this interpreter's bin folder first.
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


#: Course paths that hold learners' work or grades: readable by the instructor only.
PRIVATE_PATHS = ("submitted", "autograded", "feedback", "reports", "gradebook.db")


def secure_course_files(course_dir: Path) -> None:
    """Make learners' work and grades in ``course_dir`` private to the instructor.

    Folders become mode 0700 and files 0600 under :data:`PRIVATE_PATHS`. Learners receive
    their feedback through nbgrader's exchange (``release_feedback``), not these folders.
    """
    for name in PRIVATE_PATHS:
        top = course_dir / name
        if not top.exists():
            continue
        for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
            path.chmod(0o700 if path.is_dir() else 0o600)


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


def release(course_dir: Path, assignment: str, force: bool = False) -> int:
    """Generate the student version of ``assignment`` and release it to the exchange.

    Parameters
    ----------
    force : bool
        Replace a release already in the exchange (after editing the source). Learners who
        already fetched the old version keep it.

    Returns
    -------
    int
        Exit code: 0 on success, 1 when a step failed (the message says which).
    """
    nb = api(course_dir)
    if not (course_dir / "source" / assignment).is_dir():
        print(f"no assignment {assignment!r} in {course_dir / 'source'}", file=sys.stderr)
        return 1
    if not _report("generate_assignment", nb.generate_assignment(assignment, force=True)):
        return 1
    nb.config.ExchangeReleaseAssignment.force = force
    result = nb.release_assignment(assignment)
    if not result.get("success") and "already exists" in (result.get("error") or ""):
        print(f"{assignment} is already released; add --force to replace it", file=sys.stderr)
        return 1
    if not _report("release_assignment", result):
        return 1
    print(f"released {assignment} to the exchange {nb.config.Exchange.get('root', '(default)')}")
    return 0


@dataclass(frozen=True)
class LearnerOutcome:
    """What happened to one learner's submission in an autograde run.

    Attributes
    ----------
    student : str
    graded : bool
        nbgrader produced an autograded copy (False: the submission is recorded with zeros
        and flagged for manual grading).
    problems : tuple of str
        One plain sentence per problem, naming notebook and cell (never the learner's text).
    seconds : float
        Wall-clock time spent on this learner.
    """

    student: str
    graded: bool
    problems: tuple[str, ...]
    seconds: float


def _precheck(course_dir: Path, assignment: str, student: str) -> list[str]:
    """Problems nbgrader cannot grade around: a missing or unreadable notebook."""
    expected = sorted(p.name for p in (course_dir / "source" / assignment).glob("*.ipynb"))
    folder = course_dir / "submitted" / student / assignment
    problems = []
    for name in expected:
        path = folder / name
        if not path.is_file():
            others = sorted(p.name for p in folder.glob("*.ipynb"))
            seen = f" (found instead: {', '.join(others)})" if others else ""
            problems.append(f"notebook {name} is missing from the submission{seen}; it scores 0")
            continue
        try:
            nbformat.read(path, as_version=4)
        except Exception as exc:
            kind = "not valid JSON" if isinstance(exc, ValueError) else exc.__class__.__name__
            problems.append(f"notebook {name} cannot be read ({kind}); it scores 0 until the file "
                            "is fixed and this learner is autograded again")
    return problems


def _record_ungradable(course_dir: Path, assignment: str, student: str) -> None:
    """Record a submission nbgrader could not grade: every cell 0 and flagged for a person."""
    with Gradebook(api(course_dir).coursedir.db_url) as gradebook:
        gradebook.update_or_create_student(student)
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            submission = gradebook.add_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0.0
                grade.needs_manual_grade = True
        gradebook.db.commit()


def _ensure_in_gradebook(course_dir: Path, assignment: str, echo: Callable[[str], None]) -> None:
    """Make sure the gradebook knows the assignment's cells (nbgrader needs them to grade)."""
    nb = api(course_dir)
    with Gradebook(nb.coursedir.db_url) as gradebook:
        try:
            gradebook.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    echo(f"the gradebook had no record of {assignment!r}; rebuilding it from source/ "
         "(nbgrader generate_assignment)")
    _report("generate_assignment", nb.generate_assignment(assignment, force=True))


def grade_one(course_dir: Path, assignment: str, student: str) -> LearnerOutcome:
    """Autograde one learner's submission, never raising; return what happened.

    The learner's submitted files are only read. Problems found before grading (missing or
    unreadable notebook) record zeros flagged for manual grading; problems repaired during
    grading come from the kit's preprocessors (``PROBLEM:`` log lines).
    """
    start = time.perf_counter()
    try:
        return _grade_one(course_dir, assignment, student, start)
    except Exception as exc:
        return LearnerOutcome(student, False, (f"grading stopped with {exc.__class__.__name__}: {exc}; "
                                               "nothing was recorded for this learner",),
                              time.perf_counter() - start)


def _grade_one(course_dir: Path, assignment: str, student: str, start: float) -> LearnerOutcome:
    problems = _precheck(course_dir, assignment, student)
    if problems:
        _record_ungradable(course_dir, assignment, student)
        return LearnerOutcome(student, False, tuple(problems), time.perf_counter() - start)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Object of type <Submitted")
        result = api(course_dir).autograde(assignment, student, force=True, create=True)
    found = [line.split(PROBLEM, 1)[1].strip() for line in (result.get("log") or "").splitlines()
             if PROBLEM in line]
    found = [re.sub(rf"^learner {re.escape(student)}, ", "", p) for p in found]
    if not result.get("success"):
        # Name the cause by exception class only: nbgrader's log can quote the learner's text.
        causes = [c for c in re.findall(r"\b([A-Z]\w*(?:Error|Exception))\b",
                                        (result.get("log") or "") + (result.get("error") or ""))
                  if c != "NbGraderException"]
        cause = causes[-1] if causes else "unknown error"
        found.append(f"nbgrader could not grade this submission ({cause}); every cell scores 0 and "
                     "is flagged for manual grading")
        _record_ungradable(course_dir, assignment, student)
    return LearnerOutcome(student, bool(result.get("success")), tuple(dict.fromkeys(found)),
                          time.perf_counter() - start)


def autograde(course_dir: Path, assignment: str, jobs: int = 1,
              echo: Callable[[str], None] = print) -> int:
    """Autograde every submission of ``assignment`` in ``submitted/``, ``jobs`` at a time.

    Quiz items are scored by nbgrader's hidden tests; reflections by the kit's
    ``ScoreReflections`` preprocessor; broken submissions are repaired or recorded by the kit's
    safeguards (see :mod:`peer_ethics.grading.safeguards`). One learner's problem never stops
    the run. Ends with a summary naming every learner with a problem and what happened.

    Parameters
    ----------
    jobs : int
        Learners graded in parallel (separate processes, each with its own kernel). Grades are
        identical to a serial run.

    Returns
    -------
    int
        0 when every submission was graded (repairs included), 1 when some could not be,
        130 when stopped by Ctrl-C (SIGINT): no further learner is started, and the message
        says to run autograde again.
    """
    load_config(course_dir)  # fails clearly when course_dir is not an nbgrader course
    students = sorted(
        p.parent.name for p in (course_dir / "submitted").glob(f"*/{assignment}") if p.is_dir())
    if not students:
        echo(f"no submissions of {assignment!r} in {course_dir / 'submitted'}")
        return 1
    _ensure_in_gradebook(course_dir, assignment, echo)  # once, before any worker starts
    start = time.perf_counter()
    interrupted: list[bool] = []
    previous = None
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C: finish or abandon the learner in progress, grade nobody else, and say so;
        # nbgrader would otherwise swallow the interrupt and go on to the next learner.
        previous = signal.signal(signal.SIGINT, lambda _signum, _frame: interrupted.append(True))
    outcomes: list[LearnerOutcome] = []
    try:
        if jobs <= 1:
            for student in students:
                if interrupted:
                    break
                outcomes.append(grade_one(course_dir, assignment, student))
        else:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            # fork: this process holds no kernels or threads yet, and workers start at once;
            # spawn elsewhere (macOS, Windows), where fork is unsafe or missing.
            method = "fork" if sys.platform.startswith("linux") else "spawn"
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context(method)) as pool:
                futures = [pool.submit(grade_one, course_dir, assignment, s) for s in students]
                for future in futures:
                    if interrupted:
                        for pending in futures:
                            pending.cancel()
                    if not future.cancelled():
                        outcomes.append(future.result())
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if interrupted:
        done = [o.student for o in outcomes]
        echo(f"Interrupted (Ctrl-C). Graded before the interrupt: {', '.join(done) or 'nobody'}. "
             f"The grade of a learner being graded when it came may be incomplete: run "
             f"`peer-ethics autograde {assignment}` again to regrade everyone.")
        secure_course_files(course_dir)
        return 130
    elapsed = time.perf_counter() - start
    graded = sum(o.graded for o in outcomes)
    echo(f"autograded {graded} of {len(students)} submissions of {assignment} in {elapsed:.1f} s"
         f" ({jobs} job{'s' if jobs != 1 else ''})")
    secure_course_files(course_dir)
    troubled = [o for o in outcomes if o.problems]
    if troubled:
        echo(f"Learners with a problem ({len(troubled)}):")
        for outcome in troubled:
            for problem in outcome.problems:
                echo(f"  {outcome.student}: {problem}")
    return 0 if graded == len(students) else 1


def feedback(course_dir: Path, assignment: str) -> int:
    """Generate feedback HTML for every autograded submission of ``assignment``.

    Returns
    -------
    int
        0 on success, 1 when there is nothing to give feedback on or nbgrader reported an error.
    """
    graded = sorted(p.parent.name for p in (course_dir / "autograded").glob(f"*/{assignment}"))
    if not graded:
        print(f"no autograded submissions of {assignment!r} in {course_dir / 'autograded'}: "
              "run `peer-ethics autograde` first", file=sys.stderr)
        return 1
    ok = _report("generate_feedback", api(course_dir).generate_feedback(assignment, force=True))
    secure_course_files(course_dir)
    if ok:
        print(f"wrote feedback for {len(graded)} learners in {course_dir / 'feedback'}"
              f"/<learner>/{assignment}/; send it with `peer-ethics release-feedback {assignment}`")
    return 0 if ok else 1


def export_grades(course_dir: Path, to: Path, fmt: str = "csv") -> int:
    """Export the gradebook's scores to ``to`` as plain CSV, or for Canvas or Moodle import.

    Scores only, never answer text; the file is readable by its owner only. See
    :mod:`peer_ethics.grading.exports` for the layouts.

    Returns
    -------
    int
        0 on success.
    """
    from peer_ethics.grading.exports import export

    export(api(course_dir).coursedir.db_url, fmt, to)
    print(f"wrote {to} ({fmt})")
    return 0


def report(course_dir: Path, assignment: str, out_dir: Path | None = None) -> int:
    """Write the item-analysis report (HTML and CSV) of ``assignment``; return 0.

    Default folder: ``<course>/reports/<assignment>/``.
    """
    from peer_ethics.grading.item_analysis import build_report

    out = out_dir or course_dir / "reports" / assignment
    html_path, csv_path = build_report(course_dir, api(course_dir).coursedir.db_url, assignment, out)
    print(f"wrote {html_path} and {csv_path}")
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


def collect(course_dir: Path, assignment: str) -> int:
    """Collect learners' submissions of ``assignment`` from the exchange into ``submitted/``.

    nbgrader's ``collect`` (the latest submission of each learner); the copies are then made
    private to the instructor (:func:`secure_course_files`).

    Returns
    -------
    int
        0 on success, 1 when nbgrader reported an error.
    """
    ok = _report("collect", api(course_dir).collect(assignment))
    secure_course_files(course_dir)
    if ok:
        found = sorted(p.parent.name for p in (course_dir / "submitted").glob(f"*/{assignment}"))
        print(f"collected {len(found)} submissions of {assignment} into {course_dir / 'submitted'}")
    return 0 if ok else 1


def release_feedback(course_dir: Path, assignment: str) -> int:
    """Release the feedback HTML of ``assignment`` to the exchange, readable by its learner.

    nbgrader's ``release_feedback`` copies each file with its mode, and the kit keeps feedback
    owner-only (0600) in the course folder, so learners could not open the copies: they are
    made 0644 in the exchange, where their names are secret to each learner (see
    :func:`peer_ethics.hub.release_feedback_modes`).

    Returns
    -------
    int
        0 on success, 1 when there is no feedback or nbgrader reported an error.
    """
    from peer_ethics.hub import release_feedback_modes

    if not list((course_dir / "feedback").glob(f"*/{assignment}/*.html")):
        print(f"no feedback for {assignment!r} in {course_dir / 'feedback'}: run "
              "`peer-ethics feedback` first", file=sys.stderr)
        return 1
    nb = api(course_dir)
    if not _report("release_feedback", nb.release_feedback(assignment)):
        return 1
    course_id = nb.coursedir.course_id
    exchange = Path(nb.config.Exchange.get("root", "/srv/nbgrader/exchange"))
    released = release_feedback_modes(exchange / course_id / "feedback")
    print(f"released feedback on {assignment} to the exchange ({len(released)} files made "
          "readable by their learner)")
    return 0
