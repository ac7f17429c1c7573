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

import re
from typing import Any

from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Dict, Unicode

from peer_ethics.content import ContentError, rubric, rubric_ids
from peer_ethics.content.models import Rubric
from peer_ethics.grading.assessment_builder import KEY_LINE, score_typed
from peer_ethics.grading.reflection import score_reflection
from peer_ethics.grading.safeguards import PROBLEM, grade_id

__all__ = ["ScoreQuizItems", "ScoreReflections", "typed_answer"]


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

    def _rubric_for(self, gid: str) -> Rubric | None:
        ref = self.rubrics.get(gid) or (gid if gid in rubric_ids() else None)
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
        gid = cell.metadata["nbgrader"]["grade_id"]
        notebook, _assignment, student = self._where
        where = f"student {student}, notebook {notebook}, cell {gid}"
        try:
            rub = self._rubric_for(gid)
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
        gid = cell.metadata["nbgrader"]["grade_id"]
        notebook, assignment, student = self._where
        grade = self._gradebook.find_grade(gid, notebook, assignment, student)
        grade.auto_score = score
        grade.needs_manual_grade = review or score is None or grade.manual_score is not None
        comment = self._gradebook.find_comment(gid, notebook, assignment, student)
        comment.auto_comment = feedback
        self._gradebook.db.commit()


# --- Quiz items ------------------------------------------------------------------------------

#: The learner's assignment in an answer cell, quotes of any kind or none: ``q1 = "B"``.
_TYPED = re.compile(r"""^\s*(?P<name>q\w*)\s*=\s*(?P<value>.*?)\s*(?:#.*)?$""", re.MULTILINE)


def typed_answer(source: str, name: str, kind: str = "single") -> str | None:
    """The letter(s) a learner typed for ``name`` in an answer cell, read without running it.

    The last assignment to ``name`` counts. Quotes of any kind (straight or typographic),
    brackets, case, spaces and trailing punctuation are ignored. For a ``single`` item the
    first word counts when it is letters (``q1 = "B because ..."`` reads "B"); for the other
    kinds separated letters are joined (``"A, C and D"`` reads "ACD", ``"1B 2A 3C"`` reads
    "BAC"). The unanswered placeholder ``"?"`` and anything without letters read None.
    """
    found = None
    for match in _TYPED.finditer(source):
        if match.group("name") == name:
            found = match.group("value")
    if found is None:
        return None
    if kind == "single":
        letters = re.match(r"""^[\s"'“”‘’(\[]*([A-Za-z]+)\b""", found)
        return letters.group(1).upper() if letters else None
    tokens = re.findall(r"[A-Za-z]+", re.sub(r"\d", " ", found))
    singles = [t for t in tokens if len(t) == 1]
    if len(singles) >= 2:
        return "".join(singles).upper()
    return tokens[0].upper() if tokens else None


class ScoreQuizItems(NbGraderPreprocessor):  # type: ignore[misc]
    """Grade each lettered quiz item from the answer the learner typed, not from kernel output.

    nbgrader scores a test cell from what the kernel printed, which student code can change
    (for example by silencing results, which nbgrader treats as full credit). For a test cell
    whose hidden test compares ``q<n>`` with a quoted key, this preprocessor reads the key from
    the instructor's copy of the test and the learner's letter from the ``q<n>-answer`` cell
    without executing anything, and stores that score. A difference from nbgrader's own score
    is logged as a ``PROBLEM:`` line naming the learner and cell.
    """

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        info = resources["nbgrader"]
        self._where = (info["notebook"], info["assignment"], info["student"])
        answers = {}
        for cell in nb.cells:
            gid = grade_id(cell) or ""
            if gid.endswith("-answer"):
                answers[gid.removesuffix("-answer")] = cell.source
        self._answers = answers
        with Gradebook(info["db_url"]) as self._gradebook:
            nb, resources = super().preprocess(nb, resources)
        return nb, resources

    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any],
                        index: int) -> tuple[NotebookNode, dict[str, Any]]:
        if not (cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)):
            return cell, resources
        notebook, assignment, student = self._where
        gid = cell.metadata["nbgrader"]["grade_id"]
        source = self._gradebook.find_source_cell(gid, notebook, assignment).source
        hidden = source.split("### BEGIN HIDDEN TESTS")[-1] if "HIDDEN" in source else ""
        key_line = KEY_LINE.search(hidden)
        if key_line is None:
            return cell, resources  # not a lettered quiz item: nbgrader's score stands
        kind, key = key_line.group(1), key_line.group(2)
        typed = typed_answer(self._answers.get(gid, ""), gid, kind)
        points = float(cell.metadata["nbgrader"]["points"])
        score = score_typed(kind, key, typed, points)
        grade = self._gradebook.find_grade(gid, notebook, assignment, student)
        if grade.auto_score is not None and float(grade.auto_score) != score:
            self.log.warning("%s learner %s, notebook %s.ipynb, cell %s: the notebook's own check "
                             "scored %g but the typed answer scores %g; the typed answer was graded",
                             PROBLEM, student, notebook, gid, grade.auto_score, score)
        grade.auto_score = score
        grade.needs_manual_grade = grade.manual_score is not None
        self._gradebook.db.commit()
        return cell, resources
