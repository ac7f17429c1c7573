"""Build nbgrader source masters from instructor-only assessment specs.

A spec (``assessments/specs/<assignment>.yaml``, never shipped to learners and never copied
into ``source/``, whose every file nbgrader would release) lists quiz items with their keys and
the rubric-scored reflection. :func:`build_source` turns it into the nbgrader source notebook
``assessments/source/<assignment>/<assignment>.ipynb``:

- every item is a lettered question answered by typing letters (``q1 = "B"``), so learners need
  no programming: ``single`` (one letter), ``multiple`` (every letter that applies, any order),
  ``ordering`` (letters in order) and ``matching`` (one letter per numbered item, in order);
- the answer cell keeps only its placeholder in the student version (``ClearSolutions``
  with an empty code stub), the graded test cell is locked and its hidden part never raises;
- the hidden part carries a ``# key: <kind> <LETTERS>`` line that
  :class:`peer_ethics.grading.nbgrader_plugin.ScoreQuizItems` reads to grade the typed answer
  without running student code; matching earns partial credit per correct pair.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Annotated, Literal

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from peer_ethics.content import rubric
from peer_ethics.content.loader import load_file

__all__ = ["AssessmentSpec", "QuizItem", "build_source", "load_spec", "score_typed"]

Letters = Annotated[str, StringConstraints(pattern=r"^[A-H]+$")]
LETTERS = "ABCDEFGH"

_PLACEHOLDER = {
    "single": "type the letter of your answer between the quotes",
    "multiple": "type every letter that applies, in any order",
    "ordering": "type the letters in the right order",
    "matching": "type one letter for each numbered item, in order",
}
_HOW = {
    "single": "Type **one letter**.",
    "multiple": "Type **every letter that applies**, in any order (for example two or three letters).",
    "ordering": "Type **all the letters in the right order**, first step first.",
    "matching": "Type **one letter for each numbered item**, in the order of the numbers.",
}


class QuizItem(BaseModel):
    """One graded quiz item of a spec."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    grade_id: Annotated[str, StringConstraints(pattern=r"^q\d+$")]
    kind: Literal["single", "multiple", "ordering", "matching"]
    prompt: str = Field(min_length=1)
    options: list[str] = Field(min_length=2, max_length=8)
    match_items: list[str] = Field(default_factory=list, description="matching: numbered items")
    key: Letters
    points: int = Field(default=1, ge=1, le=5)

    @model_validator(mode="after")
    def _key_fits(self) -> QuizItem:
        allowed = set(LETTERS[: len(self.options)])
        if not set(self.key) <= allowed:
            raise ValueError(f"{self.grade_id}: key {self.key!r} uses letters beyond the options")
        if self.kind == "single" and len(self.key) != 1:
            raise ValueError(f"{self.grade_id}: a single-choice key is one letter")
        if self.kind == "multiple" and len(set(self.key)) != len(self.key):
            raise ValueError(f"{self.grade_id}: repeated letter in key")
        if self.kind == "ordering" and sorted(self.key) != sorted(allowed):
            raise ValueError(f"{self.grade_id}: an ordering key uses every option letter once")
        if self.kind == "matching" and len(self.key) != len(self.match_items):
            raise ValueError(f"{self.grade_id}: a matching key has one letter per numbered item")
        if self.kind != "matching" and self.match_items:
            raise ValueError(f"{self.grade_id}: match_items belong to matching items only")
        return self


class Reflection(BaseModel):
    """The rubric-scored reflection at the end of the assignment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rubric: str
    points: int = Field(ge=1)
    model_answer: str = Field(min_length=1, description="Instructor-only exemplar, stripped on release.")


class AssessmentSpec(BaseModel):
    """``assessments/specs/<assignment>.yaml``: one nbgrader assignment, keys included."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    assignment: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    module: str
    title: str
    items: list[QuizItem] = Field(min_length=1)
    reflection: Reflection

    @model_validator(mode="after")
    def _unique(self) -> AssessmentSpec:
        ids = [i.grade_id for i in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.assignment}: repeated grade_id in {ids}")
        return self


def load_spec(path: Path) -> AssessmentSpec:
    """Load and validate a spec; raises ``ContentError`` naming the file and field."""
    return load_file(path, AssessmentSpec)


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
          points: int | None = None) -> dict[str, object]:
    meta: dict[str, object] = {"grade": grade, "solution": solution, "locked": locked,
                               "grade_id": grade_id, "schema_version": 3, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _question_markdown(number: int, item: QuizItem) -> str:
    lines = [f"## Question {number}", "", item.prompt.strip(), ""]
    if item.kind == "matching":
        lines += [f"{n}. {text}" for n, text in enumerate(item.match_items, start=1)]
        lines += ["", "Choose from:", ""]
    lines += [f"- **{LETTERS[i]}.** {text}" for i, text in enumerate(item.options)]
    lines += ["", _HOW[item.kind]]
    return "\n".join(lines)


def _test_source(number: int, item: QuizItem) -> str:
    q = item.grade_id
    letters = f"''.join(ch for ch in str({q}).upper() if ch.isalpha())"
    check = {
        "single": f"{float(item.points)} if str({q}).strip().strip('\"(). ').upper() == \"{item.key}\" else 0.0",
        "multiple": f"{float(item.points)} if sorted(set({letters})) == sorted(\"{item.key}\") else 0.0",
        "ordering": f"{float(item.points)} if {letters} == \"{item.key}\" else 0.0",
        "matching": (f"round({float(item.points)} * sum(a == b for a, b in zip({letters}, \"{item.key}\"))"
                     f" / {len(item.key)}, 2)"),
    }[item.kind]
    return textwrap.dedent(f"""\
        # Shows the answer you typed. (It does not say whether it is right: that comes with your feedback.)
        print("Your answer to question {number}:", globals().get("{q}", "(none yet: run the answer cell above)"))
        ### BEGIN HIDDEN TESTS
        # key: {item.kind} {item.key}
        try:
            _points = {check}
        except Exception:  # never show a traceback: it would print this cell, key included
            _points = 0.0
        _points
        ### END HIDDEN TESTS""")


def build_source(spec: AssessmentSpec) -> NotebookNode:
    """Return the nbgrader source notebook for ``spec`` (nbformat v4, no outputs).

    Raises
    ------
    ContentError
        The reflection's rubric is unknown.
    """
    rub = rubric(spec.reflection.rubric)
    total = sum(i.points for i in spec.items) + spec.reflection.points
    kinds = sorted({i.kind for i in spec.items}, key=list(_HOW).index)
    how = "\n".join(f"- {_HOW[k]}" for k in kinds)
    cells = [new_markdown_cell(textwrap.dedent(f"""\
        # {spec.title}

        This assessment has **{len(spec.items)} quiz questions** and **one reflection**
        ({total} points in all).

        **How to answer a quiz question:** under each question is a grey box like
        `q1 = "?"`. Replace the `?` with your letters, keep the quotes, then press
        **Shift+Enter**. The box below it repeats your answer so you can check it.

        {how}

        You see your score and feedback after your instructor grades the assessment.

        **The reflection** is a written answer. Write in your own words, and use the names in the
        question: please leave out real names or details of people you know.

        When you are done, save the notebook and submit it from the Assignments tab."""),
        metadata=_meta("instructions", locked=True))]
    for number, item in enumerate(spec.items, start=1):
        q = item.grade_id
        cells.append(new_markdown_cell(_question_markdown(number, item),
                                       metadata=_meta(f"{q}-question", locked=True)))
        cells.append(new_code_cell(
            f'{q} = "?"  # {_PLACEHOLDER[item.kind]}\n### BEGIN SOLUTION\n{q} = "{item.key}"\n'
            "### END SOLUTION",
            metadata=_meta(f"{q}-answer", solution=True)))
        cells.append(new_code_cell(_test_source(number, item),
                                   metadata=_meta(q, grade=True, locked=True, points=item.points)))
    prompt = " ".join(rub.prompt.split())
    cells.append(new_markdown_cell(
        f"## Reflection: {rub.title}\n\n{prompt}\n\n*Worth {spec.reflection.points} points. Your "
        "answer is scored against a rubric; your instructor reviews any answer the scorer is unsure "
        "about.*", metadata=_meta(f"{rub.id}-prompt", locked=True)))
    cells.append(new_markdown_cell(
        f"### BEGIN SOLUTION\n{spec.reflection.model_answer.strip()}\n### END SOLUTION",
        metadata=_meta(rub.id, grade=True, solution=True, points=spec.reflection.points)))
    cells.append(new_code_cell(
        "# Privacy check: save the notebook first (Ctrl+S), then run this cell. It looks for phone numbers,\n"
        "# emails, addresses or full names in your saved reflection and never shows or sends your text.\n"
        "from peer_ethics.privacy import check_my_reflection\n\n"
        f'check_my_reflection("{rub.id}")',
        metadata=_meta("privacy-check", locked=True)))
    cells.append(new_markdown_cell("That is the end of the assessment. Save the notebook, then submit it.",
                                   metadata=_meta("end", locked=True)))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:02d}"
    nbformat.validate(nb)
    return nb


# --- Grading the typed answer (used by ScoreQuizItems) ---------------------------------------

#: The key line inside a hidden test.
KEY_LINE = re.compile(r"#\s*key:\s*(single|multiple|ordering|matching)\s+([A-H]+)")


def score_typed(kind: str, key: str, typed: str | None, points: float) -> float:
    """Points for the letters ``typed`` against ``key`` for an item of ``kind``.

    single, multiple (same set of letters) and ordering (same sequence) are all or nothing;
    matching earns ``points * correct pairs / pairs``, rounded to 2 decimals.
    """
    if not typed:
        return 0.0
    if kind == "single":
        return points if typed == key else 0.0
    if kind == "multiple":
        return points if set(typed) == set(key) and len(typed) == len(set(typed)) else 0.0
    if kind == "ordering":
        return points if typed == key else 0.0
    return round(points * sum(a == b for a, b in zip(typed, key, strict=False)) / len(key), 2)
