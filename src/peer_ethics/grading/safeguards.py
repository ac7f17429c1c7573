"""Keep one learner's broken submission from costing them (or the class) their grade.

Two nbgrader preprocessors, added through the course's ``nbgrader_config.py``:

- :class:`RepairSubmission` runs first in ``Autograde.sanitize_preprocessors``, on nbgrader's
  in-memory copy (the learner's submitted file is never written). It joins duplicated answer
  cells, drops duplicated locked cells, restores deleted locked cells and answer stubs from
  the released notebook, and changes a cell back to its released type.
- :class:`ResilientExecute` replaces nbgrader's ``Execute``: when student code kills the
  kernel (``os._exit``, a crash), the cell is disabled in the graded copy and the notebook is
  run again, so the other answers are still graded; a cell that hits the timeout is reported.

Each repair is logged as a warning that starts with :data:`PROBLEM` and names the learner,
notebook and cell (never the learner's text); :func:`peer_ethics.grading.workflow.autograde`
collects these lines into the end-of-run summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

__all__ = ["PROBLEM", "RepairSubmission", "ResilientExecute", "grade_id"]

#: Prefix of every log line that reports a repaired or lost part of a submission.
PROBLEM = "PROBLEM:"

_DISABLED = "# The grader disabled this cell: running it stopped Python (the kernel), so it scored 0."


def grade_id(cell: NotebookNode) -> str | None:
    """The cell's nbgrader grade_id, or None for a cell nbgrader does not track."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta.get("grade_id") if meta else None


def _who(resources: dict[str, Any]) -> str:
    info = resources["nbgrader"]
    return f"learner {info['student']}, notebook {info['notebook']}.ipynb"


class RepairSubmission(NbGraderPreprocessor):  # type: ignore[misc]
    """Repair cell-structure damage against the released notebook, and report each repair.

    Rules (each logged as a ``PROBLEM:`` warning):

    - a grade_id that appears more than once (copied or split cell): for an answer cell the
      copies' sources are joined in order into the first copy; for a locked cell the last
      copy is kept; the other copies are removed;
    - a grade_id that was edited gets its released id back (or, if that is ambiguous, the cell
      is kept ungraded);
    - a locked cell (instructions, tests) that was deleted is put back from the release;
    - a deleted answer cell is put back as its released stub, so it is graded as unanswered;
    - a cell whose type was changed (markdown <-> code) gets its released type back.
    """

    def _released(self, resources: dict[str, Any]) -> NotebookNode | None:
        info = resources["nbgrader"]
        owner = self.parent  # the exporter; its parent is the nbgrader converter app
        while owner is not None and getattr(owner, "coursedir", None) is None:
            owner = owner.parent
        if owner is None:
            return None
        path = Path(owner.coursedir.root) / "release" / info["assignment"] / f"{info['notebook']}.ipynb"
        return nbformat.read(path, as_version=4) if path.is_file() else None

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        who = _who(resources)
        released = self._released(resources)
        self._join_duplicates(nb, who)
        if released is None:
            self.log.warning("%s %s: no released notebook to compare with; only duplicates were checked",
                             PROBLEM, who)
            return nb, resources
        self._rename_changed_ids(nb, released, who)
        reference = {grade_id(c): c for c in released.cells if grade_id(c)}
        for cell in nb.cells:
            gid = grade_id(cell)
            if gid in reference and cell.cell_type != reference[gid].cell_type:
                self.log.warning("%s %s, cell %s: its type was changed from %s to %s; it was changed "
                                 "back and graded as usual", PROBLEM, who, gid,
                                 reference[gid].cell_type, cell.cell_type)
                cell.cell_type = reference[gid].cell_type
                if cell.cell_type == "markdown":
                    cell.pop("outputs", None)
                    cell.pop("execution_count", None)
                else:
                    cell.outputs, cell.execution_count = [], None
        self._restore_deleted(nb, released, who)
        return nb, resources

    def _join_duplicates(self, nb: NotebookNode, who: str) -> None:
        groups: dict[str, list[NotebookNode]] = {}
        for cell in nb.cells:
            gid = grade_id(cell)
            if gid is not None:
                groups.setdefault(gid, []).append(cell)
        drop: set[int] = set()
        for gid, copies in groups.items():
            if len(copies) < 2:
                continue
            if utils.is_locked(copies[0]):
                # Keep the last copy, as nbgrader's DeduplicateIds does: a copy pasted above the
                # answer would run before the answer exists.
                drop.update(id(c) for c in copies[:-1])
                self.log.warning("%s %s, cell %s: this locked cell appears %d times; the last copy "
                                 "was graded and the others ignored", PROBLEM, who, gid, len(copies))
            else:
                first = copies[0]
                first.source = "\n\n".join(c.source.strip("\n") for c in copies)
                drop.update(id(c) for c in copies[1:])
                self.log.warning("%s %s, cell %s: the cell appears more than once (copied or split); "
                                 "the copies were joined in order and graded once", PROBLEM, who, gid)
        nb.cells = [c for c in nb.cells if id(c) not in drop]

    def _rename_changed_ids(self, nb: NotebookNode, released: NotebookNode, who: str) -> None:
        """Give back a released grade_id to a cell whose grade_id was edited.

        A cell with an unknown grade_id takes the released id that is missing from the
        submission, when exactly one of the same cell type is missing; otherwise its nbgrader
        metadata is removed so it is kept as an ordinary cell.
        """
        reference = {grade_id(c): c for c in released.cells if grade_id(c)}
        present = {grade_id(c) for c in nb.cells}
        for cell in nb.cells:
            gid = grade_id(cell)
            if gid is None or gid in reference:
                continue
            missing = [r for r, ref in reference.items() if r not in present
                       and ref.cell_type == cell.cell_type]
            if len(missing) == 1:
                released_meta = reference[missing[0]].metadata["nbgrader"]
                cell.metadata["nbgrader"] = nbformat.from_dict(dict(released_meta))
                present.add(missing[0])
                self.log.warning("%s %s, cell %s: its id had been changed to %r; it was changed back "
                                 "and graded as usual", PROBLEM, who, missing[0], gid)
            else:
                del cell.metadata["nbgrader"]
                self.log.warning("%s %s: a cell with the unknown id %r was kept as an ordinary, "
                                 "ungraded cell", PROBLEM, who, gid)

    def _restore_deleted(self, nb: NotebookNode, released: NotebookNode, who: str) -> None:
        present = {grade_id(c) for c in nb.cells}
        position = 0
        for ref in released.cells:
            gid = grade_id(ref)
            if gid is None:
                continue
            if gid in present:
                position = next(i for i, c in enumerate(nb.cells) if grade_id(c) == gid) + 1
                continue
            restored = nbformat.from_dict(ref)
            if ref.cell_type == "code":
                restored.outputs, restored.execution_count = [], None
            nb.cells.insert(position, restored)
            position += 1
            what = ("was put back from the released notebook" if utils.is_locked(ref)
                    else "was put back empty, so it is graded as unanswered")
            self.log.warning("%s %s, cell %s: the cell was deleted; it %s", PROBLEM, who, gid, what)


class ResilientExecute(Execute):  # type: ignore[misc]
    """nbgrader's ``Execute``, but a cell that kills the kernel does not sink the submission.

    On a dead kernel, the cell that was running is replaced (in the graded copy only) by a
    comment and the notebook is executed again from the top, up to ``max_kernel_deaths`` times.
    Cells stopped by the timeout are reported.
    """

    max_kernel_deaths = Integer(3, help="Cells that may kill the kernel before giving up.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> tuple[NotebookNode, Any]:
        deaths = 0
        while True:
            self._running = -1
            try:
                return super().preprocess(nb, resources, km)
            except (DeadKernelError, CellTimeoutError) as exc:
                deaths += 1
                index = self._running
                if index < 0 or deaths > self.max_kernel_deaths:
                    raise
                cell = nb.cells[index]
                what = ("running this cell stopped Python (the kernel died)"
                        if isinstance(exc, DeadKernelError)
                        else f"this cell did not finish within {self.timeout} s and could not be stopped")
                self.log.warning("%s %s, cell %s: %s; the cell was disabled and the notebook run "
                                 "again, so this answer scores 0", PROBLEM, _who(resources),
                                 grade_id(cell) or f"#{index + 1}", what)
                cell.source = _DISABLED
                for other in nb.cells:
                    if other.cell_type == "code":
                        other.outputs, other.execution_count = [], None

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> tuple[NotebookNode, Any]:
        self._running = index
        cell, resources = super().preprocess_cell(cell, resources, index)
        if any(o.get("output_type") == "error" and o.get("ename") in {"CellTimeoutError", "KeyboardInterrupt"}
               for o in cell.get("outputs", [])):
            self.log.warning("%s %s, cell %s: the cell did not finish within %s s and was stopped; "
                             "work that depends on it scores 0", PROBLEM, _who(resources),
                             grade_id(cell) or f"#{index + 1}", self.timeout)
        return cell, resources
