"""nbgrader preprocessor that autogrades reflection cells against their rubric.

Added to ``Autograde.autograde_preprocessors`` in the course's ``nbgrader_config.py`` right
after nbgrader's ``SaveAutoGrades`` (which records ``auto_score=None`` for a written answer and
marks it for manual grading). For each markdown answer cell whose ``grade_id`` names a rubric,
this preprocessor stores the rubric score as the cell's ``auto_score``, writes the
per-criterion feedback as the cell's ``auto_comment`` (shown in the feedback HTML), and keeps
``needs_manual_grade`` set when the scorer is not confident. A grader's manual score in
formgrader still overrides the automatic one (nbgrader's ``Grade.score`` prefers it).

The learner's text is never logged: log lines name only student, notebook and cell.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Dict, Unicode

from peer_ethics.content import ContentError, rubric, rubric_ids
from peer_ethics.content.models import Rubric
from peer_ethics.grading.reflection import score_reflection

__all__ = ["ScoreReflections"]


class ScoreReflections(NbGraderPreprocessor):  # type: ignore[misc]
    """Score rubric-linked reflection cells during ``nbgrader autograde``."""

    rubrics = Dict(
        value_trait=Unicode(),
        key_trait=Unicode(),
        help=(
            "Map a reflection cell's grade_id to a rubric id or a rubric .yaml path. A grade_id "
            "that is itself the id of a shipped rubric needs no entry."
        ),
    ).tag(config=True)

    def _rubric_for(self, grade_id: str) -> Rubric | None:
        ref = self.rubrics.get(grade_id) or (grade_id if grade_id in rubric_ids() else None)
        return rubric(ref) if ref else None

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        info = resources["nbgrader"]
        self._where = (info["notebook"], info["assignment"], info["student"])
        with Gradebook(info["db_url"]) as self._gradebook:
            nb, resources = super().preprocess(nb, resources)
        return nb, resources

    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any],
                        index: int) -> tuple[NotebookNode, dict[str, Any]]:
        if not (cell.cell_type == "markdown" and utils.is_grade(cell) and utils.is_solution(cell)):
            return cell, resources
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        notebook, _assignment, student = self._where
        where = f"student {student}, notebook {notebook}, cell {grade_id}"
        try:
            rub = self._rubric_for(grade_id)
        except ContentError as exc:
            self.log.error("Reflection left for manual grading (%s): rubric problem: %s", where, exc)
            self._save(cell, None, "Your instructor will grade this answer by hand.", True)
            return cell, resources
        if rub is None:
            return cell, resources  # an ordinary manually graded answer
        if cell.metadata["nbgrader"].get("checksum") == utils.compute_checksum(cell):
            return cell, resources  # unchanged stub: SaveAutoGrades already gave 0, "No response."
        verdict = score_reflection(cell.source, rub)
        points = float(cell.metadata["nbgrader"]["points"])
        score = verdict.score * points / rub.points
        self._save(cell, score, verdict.feedback, verdict.needs_review)
        cell.metadata["peer_ethics"] = {
            "rubric": rub.id,
            "criteria": {cid: int(r.met) for cid, r in verdict.criteria.items()},
            "review_reasons": list(verdict.review_reasons),
        }
        self.log.info("Reflection scored %s/%s (%s)%s", score, points, where,
                      "; flagged for review" if verdict.needs_review else "")
        return cell, resources

    def _save(self, cell: NotebookNode, score: float | None, feedback: str, review: bool) -> None:
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        notebook, assignment, student = self._where
        grade = self._gradebook.find_grade(grade_id, notebook, assignment, student)
        grade.auto_score = score
        grade.needs_manual_grade = review or score is None or grade.manual_score is not None
        comment = self._gradebook.find_comment(grade_id, notebook, assignment, student)
        comment.auto_comment = feedback
        self._gradebook.db.commit()
