"""``peer-ethics demo``: a fictional cohort run through the real nbgrader pipeline.

Builds a fresh course folder from the kit's ``assessments/`` (config and source masters),
generates the student version, writes four fictional submissions of varied quality, autogrades
them with nbgrader (quiz hidden tests plus the kit's reflection scorer), generates feedback,
and prints the grade table read back from the gradebook. Learners and answers are made up.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from peer_ethics.grading import workflow
from peer_ethics.grading.safeguards import grade_id

__all__ = ["ASSIGNMENT", "COHORT", "DemoLearner", "build_cohort", "format_table", "run_demo"]

ASSIGNMENT = "boundaries"
NOTEBOOK = "boundaries"


@dataclass(frozen=True)
class DemoLearner:
    """A fictional learner: quiz answers by question id and an optional reflection.

    ``delete`` lists grade_ids of cells the learner deleted from the notebook.
    """

    student_id: str
    first_name: str
    answers: dict[str, str]
    reflection: str | None
    delete: tuple[str, ...] = ()
    describe: str = ""


_STRONG = (
    "First I would thank Dana and tell her that the card she made means a lot to me, and that I "
    "am proud of how hard she has worked these six months. Then I would kindly explain that I "
    "can't accept the gift card. Taking money from someone I support could blur the line between "
    "our helping relationship and a personal one, and I never want her to feel she owes me "
    "anything. I would keep the handmade card if our agency's gift policy allows it, and "
    "afterwards I would tell my supervisor and write a short note about it."
)
_PARTIAL = (
    "I would thank Dana warmly and tell her how much the card means to me. I'd keep the handmade "
    "card and give the gift card back to her, because she could use that money for something she "
    "needs more than I do."
)
_DELETED = (
    "I'd thank Dana for the card, it honestly means a lot. But I'd return the gift card, because "
    "accepting money from someone I support would blur our professional boundaries. I really "
    "like working with her and want to keep it that way, so I'd explain all of this gently."
)

#: The demo cohort. Expected results are asserted in tests/grading/test_demo.py.
COHORT: tuple[DemoLearner, ...] = (
    DemoLearner("amara", "Amara", {"q1": "B", "q2": "D", "q3": "A", "q4": "C", "q5": "B", "q6": "D",
                                   "q7": "ABD", "q8": "BDAC", "q9": "ABC"},
                _STRONG, describe="strong: every answer right, full reflection"),
    DemoLearner("bilal", "Bilal", {"q1": " b ", "q2": "A", "q3": "A", "q4": "C", "q5": "A", "q6": "B",
                                   "q7": "A, B", "q8": "BDAC", "q9": "ACB"},
                _PARTIAL, describe="partial: half the quiz, reflection without the why or policy"),
    DemoLearner("casey", "Casey", {}, None, describe="blank: opened the notebook, answered nothing"),
    DemoLearner("dee", "Dee", {"q1": "B", "q2": "D", "q3": "A", "q5": "B", "q6": "D",
                               "q7": "DBA", "q8": "BADC", "q9": "ABC"},
                _DELETED, delete=("q4-answer",), describe="deleted the answer cell of question 4"),
)


_PLACEHOLDER_COMMENT = "type the letter of your answer between the quotes"


def _answer(released: NotebookNode, learner: DemoLearner) -> NotebookNode:
    nb = nbformat.from_dict(released)
    for cell in nb.cells:
        gid = grade_id(cell) or ""
        qid = gid.removesuffix("-answer")
        if gid.endswith("-answer") and qid in learner.answers:
            cell.source = f'{qid} = "{learner.answers[qid]}"  # {_PLACEHOLDER_COMMENT}'
        elif gid == "boundaries-gift" and learner.reflection is not None:
            cell.source = learner.reflection
    nb.cells = [c for c in nb.cells if grade_id(c) not in learner.delete]
    return nb


def build_cohort(course_dir: Path, cohort: tuple[DemoLearner, ...] = COHORT) -> None:
    """Write each learner's submission to ``course_dir/submitted/<id>/boundaries/``.

    Requires the released notebook (``generate_assignment`` first). Learners are also added
    to the gradebook with their fictional first names.
    """
    released = nbformat.read(course_dir / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    stamp = datetime(2026, 11, 20, 17, 0, tzinfo=timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    gradebook_api = workflow.api(course_dir)
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_api.coursedir.db_url) as gradebook:
        for learner in cohort:
            gradebook.update_or_create_student(learner.student_id, first_name=learner.first_name,
                                               last_name="Example")
    for learner in cohort:
        folder = course_dir / "submitted" / learner.student_id / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(_answer(released, learner), folder / f"{NOTEBOOK}.ipynb")
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")


#: Marks a folder as a demo course that ``prepare_course`` may replace.
MARKER = ".peer-ethics-demo-course"


def prepare_course(kit_assessments: Path, course_dir: Path, replace: bool = False) -> None:
    """Make ``course_dir`` a fresh copy of the kit's course: config and source masters only.

    Raises
    ------
    FileExistsError
        ``course_dir`` exists, is not empty and is not a demo course made by this function:
        it is never deleted (it could be a real course with learners' work), unless
        ``replace`` is set (the kit's own ``build/demo-course``).
    """
    if course_dir.exists():
        if any(course_dir.iterdir()) and not (course_dir / MARKER).is_file() and not replace:
            raise FileExistsError(
                f"{course_dir} is not empty and is not a demo course; choose a new folder for "
                "--course-dir (the demo replaces its folder and would delete what is there)")
        shutil.rmtree(course_dir)
    course_dir.mkdir(parents=True)
    (course_dir / MARKER).write_text("Made by peer-ethics demo; replaced on every run.\n",
                                     encoding="utf-8")
    shutil.copy2(kit_assessments / "nbgrader_config.py", course_dir / "nbgrader_config.py")
    shutil.copytree(kit_assessments / "source", course_dir / "source")


def format_table(rows: list[workflow.GradeRow]) -> str:
    """Render grade rows as a plain-text table: quiz, reflection, review flag, total."""
    header = f"{'learner':<10}{'quiz':>8}{'reflection':>12}{'total':>9}  review"
    lines = [header, "-" * len(header)]
    for row in rows:
        quiz = sum(v for k, v in row.scores.items() if k.startswith("q"))
        quiz_max = sum(v for k, v in row.max_scores.items() if k.startswith("q"))
        refl = sum(v for k, v in row.scores.items() if not k.startswith("q"))
        refl_max = sum(v for k, v in row.max_scores.items() if not k.startswith("q"))
        review = ", ".join(row.needs_review) or "-"
        lines.append(f"{row.student:<10}{quiz:>5g}/{quiz_max:<2g}{refl:>9g}/{refl_max:<2g}"
                     f"{row.total:>6g}/{sum(row.max_scores.values()):<2g}  {review}")
    return "\n".join(lines)


def run_demo(course_dir: Path | None = None, echo: Callable[[str], None] = print) -> int:
    """Run the whole demo; return an exit code (0 when every step worked).

    Parameters
    ----------
    course_dir : Path, optional
        Where to build the demo course (default ``build/demo-course`` in the kit). Replaced
        if it exists.
    echo : callable
        Receives each progress line and the final table.
    """
    from peer_ethics.paths import kit_root

    root = kit_root()
    default = root / "build" / "demo-course"
    course_dir = (course_dir or default).resolve()
    echo(f"== Building a demo course in {course_dir}")
    prepare_course(root / "assessments", course_dir, replace=course_dir == default.resolve())
    nb = workflow.api(course_dir)
    result = nb.generate_assignment(ASSIGNMENT, force=True)
    if not result["success"]:
        echo(result.get("error", "generate_assignment failed"))
        return 1
    echo(f"== Writing {len(COHORT)} fictional submissions:")
    for learner in COHORT:
        echo(f"   {learner.student_id:<8} {learner.describe}")
    build_cohort(course_dir)
    echo("== Autograding with nbgrader (quiz hidden tests + reflection rubric scorer)")
    code = workflow.autograde(course_dir, ASSIGNMENT)
    code |= workflow.feedback(course_dir, ASSIGNMENT)
    rows = workflow.grade_table(course_dir, ASSIGNMENT)
    echo("== Grade table (read back from the gradebook)")
    echo(format_table(rows))
    echo(f"Feedback HTML: {course_dir / 'feedback'}")
    return code
