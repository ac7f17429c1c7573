"""Grade exports for learning-management systems: plain CSV, Canvas and Moodle imports.

Every export holds scores only (never answer or reflection text) and is written readable by
its owner only (mode 0600).

- ``csv``: nbgrader's own ``CsvExportPlugin`` (one row per learner and assignment).
- ``canvas``: Canvas Gradebook import layout: ``Student, ID, SIS User ID, SIS Login ID,
  Section`` then one column per assignment, and a ``Points Possible`` row. Canvas matches
  learners on any of the identity columns; the nbgrader student id goes in both SIS columns.
- ``moodle``: Moodle "Import grades: CSV file" layout: an identifier column (``ID number``,
  the nbgrader student id, plus ``Email address`` when known) and one column per assignment;
  the columns are mapped to Moodle fields on the import page.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook, MissingEntry

__all__ = ["FORMATS", "export"]

FORMATS = ("csv", "canvas", "moodle")


def _table(db_url: str) -> tuple[list[tuple[str, float]], list[tuple[Any, dict[str, float]]]]:
    with Gradebook(db_url) as gradebook:
        assignments = [(a.name, float(a.max_score)) for a in gradebook.assignments]
        rows = []
        for student in sorted(gradebook.students, key=lambda s: s.id):
            scores = {}
            for name, _ in assignments:
                try:
                    scores[name] = float(gradebook.find_submission(name, student.id).score)
                except MissingEntry:
                    scores[name] = 0.0  # as nbgrader's own export: nothing submitted counts 0
            rows.append((student, scores))
    return assignments, rows


def export(db_url: str, fmt: str, to: Path) -> Path:
    """Write the gradebook's scores to ``to`` in format ``fmt`` (one of :data:`FORMATS`).

    Raises
    ------
    ValueError
        Unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    to.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        from nbgrader.plugins.export import CsvExportPlugin

        plugin = CsvExportPlugin()
        plugin.to = str(to)
        with Gradebook(db_url) as gradebook:
            plugin.export(gradebook)
    else:
        assignments, rows = _table(db_url)
        with to.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            if fmt == "canvas":
                writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                                 *[name for name, _ in assignments]])
                writer.writerow(["Points Possible", "", "", "", "",
                                 *[f"{points:g}" for _, points in assignments]])
                for student, scores in rows:
                    name = ", ".join(p for p in (student.last_name, student.first_name) if p)
                    writer.writerow([name or student.id, "", student.id, student.id, "",
                                     *[f"{scores[a]:g}" for a, _ in assignments]])
            else:
                writer.writerow(["ID number", "Email address",
                                 *[f"{name} ({points:g} points)" for name, points in assignments]])
                for student, scores in rows:
                    writer.writerow([student.id, student.email or "",
                                     *[f"{scores[a]:g}" for a, _ in assignments]])
    to.chmod(0o600)
    return to
