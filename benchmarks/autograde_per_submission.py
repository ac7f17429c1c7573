"""Autograde seconds per submission: the M7 assignment against a plain one-cell assignment.

Both are graded in the same run, through the same nbgrader API call, in the same process, so
the ratio shows what the kit's assignment (9 quiz cells + a rubric-scored reflection) costs
over nbgrader's floor (kernel start-up and bookkeeping for a single graded cell).

    .venv/bin/python benchmarks/autograde_per_submission.py [--learners 8]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from peer_ethics.grading import demo, workflow
from peer_ethics.paths import kit_root


def _plain_assignment(course: Path) -> None:
    """A baseline assignment: one graded cell, 1 point, no imports."""
    nb = new_notebook(cells=[new_code_cell(
        "x = 1",
        metadata={"nbgrader": {"grade": True, "solution": False, "locked": True, "points": 1,
                               "grade_id": "plain", "schema_version": 3, "task": False}},
    )])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder = course / "source" / "plain"
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "plain.ipynb")


def _time_autograde(course: Path, assignment: str, students: list[str]) -> list[float]:
    api = workflow.api(course)
    seconds = []
    for student in students:
        start = time.perf_counter()
        result = api.autograde(assignment, student, force=True, create=True)
        seconds.append(time.perf_counter() - start)
        assert result["success"], result.get("error")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=8, help="submissions per assignment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        demo.prepare_course(kit_root() / "assessments", course)
        _plain_assignment(course)
        api = workflow.api(course)
        for assignment in ("boundaries", "plain"):
            assert api.generate_assignment(assignment, force=True)["success"]
        cohort = tuple(
            demo.DemoLearner(f"learner{i:02d}", "Learner", demo.COHORT[i % 4].answers,
                             demo.COHORT[i % 4].reflection, demo.COHORT[i % 4].delete)
            for i in range(args.learners)
        )
        demo.build_cohort(course, cohort)
        students = [learner.student_id for learner in cohort]
        for student in students:
            dest = course / "submitted" / student / "plain"
            dest.mkdir(parents=True)
            shutil.copy2(course / "release" / "plain" / "plain.ipynb", dest / "plain.ipynb")
            shutil.copy2(course / "submitted" / student / "boundaries" / "timestamp.txt", dest)
        _time_autograde(course, "plain", students[:1])  # warm imports and the gradebook
        plain = _time_autograde(course, "plain", students)
        kit = _time_autograde(course, "boundaries", students)
    p, k = statistics.median(plain), statistics.median(kit)
    print(f"autograde, {args.learners} submissions each, median seconds per submission:")
    print(f"  plain one-cell assignment (baseline): {p:.2f} s")
    print(f"  M7 boundaries (9 quiz + reflection):  {k:.2f} s")
    print(f"  ratio kit / baseline:                 {k / p:.2f}x")


if __name__ == "__main__":
    main()
