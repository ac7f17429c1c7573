"""Item analysis of an autograded assignment: how each quiz item and rubric criterion performed.

Classical test theory statistics, computed with numpy and scipy:

- **difficulty** of an item: the mean proportion of its points earned (for a 1-point item, the
  proportion of learners who answered correctly); higher means easier;
- **discrimination**: the corrected item-total correlation, Pearson's r between the item score
  and the total score *without that item* (so the item is not correlated with itself);
  undefined (NaN) when either has no variance;
- **Cronbach's alpha** over all graded items (Cronbach 1951):
  ``k / (k - 1) * (1 - sum(item variances) / variance(total))``, sample variances (ddof=1);
- how often each option was chosen, read from the learners' answer cells;
- rubric criterion met-rates, from the reflection scorer's verdicts in the autograded copies.

The report holds no learner names and no reflection text.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np
from nbgrader.api import Gradebook, MissingEntry
from scipy import stats

__all__ = ["ItemStats", "Report", "analyse", "build_report", "cronbach_alpha", "item_statistics"]



def cronbach_alpha(scores: np.ndarray) -> float:
    """Cronbach's alpha of a ``learners x items`` score matrix (points).

    Returns NaN with fewer than 2 items or 2 learners, or when total scores do not vary.
    """
    learners, items = scores.shape
    if items < 2 or learners < 2:
        return math.nan
    total_var = scores.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return math.nan
    return float(items / (items - 1) * (1 - scores.var(axis=0, ddof=1).sum() / total_var))


@dataclass(frozen=True)
class ItemStats:
    """Statistics of one graded item.

    Attributes
    ----------
    grade_id : str
    max_points : float
    difficulty : float
        Mean proportion of points earned, 0..1.
    discrimination : float
        Corrected item-total correlation, -1..1, NaN when undefined.
    options : dict
        ``{option: count}`` for quiz items ("(blank)" for unanswered); empty otherwise.
    criteria : dict
        ``{criterion_id: met-rate 0..1}`` for rubric-scored reflections; empty otherwise.
    """

    grade_id: str
    max_points: float
    difficulty: float
    discrimination: float
    options: dict[str, int] = field(default_factory=dict)
    criteria: dict[str, float] = field(default_factory=dict)


def item_statistics(scores: np.ndarray, max_points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Difficulty and corrected item-total discrimination for every column of ``scores``.

    Parameters
    ----------
    scores : ndarray, shape (learners, items)
        Points earned.
    max_points : ndarray, shape (items,)

    Returns
    -------
    difficulty, discrimination : ndarray, shape (items,)
    """
    difficulty = scores.mean(axis=0) / max_points
    totals = scores.sum(axis=1)
    discrimination = np.full(scores.shape[1], np.nan)
    for j in range(scores.shape[1]):
        rest = totals - scores[:, j]
        if scores[:, j].std() > 0 and rest.std() > 0:
            discrimination[j] = stats.pearsonr(scores[:, j], rest).statistic
    return difficulty, discrimination


@dataclass(frozen=True)
class Report:
    """The analysis of one assignment."""

    assignment: str
    learners: int
    items: list[ItemStats]
    alpha: float
    totals: list[float]
    max_total: float


def _choices(course_dir: Path, assignment: str, students: list[str]) -> dict[str, Counter[str]]:
    from peer_ethics.grading.nbgrader_plugin import typed_answer
    from peer_ethics.grading.safeguards import grade_id

    counts: dict[str, Counter[str]] = {}
    for student in students:
        for path in sorted((course_dir / "autograded" / student / assignment).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                gid = grade_id(cell) or ""
                if cell.cell_type == "code" and gid.endswith("-answer"):
                    qid = gid.removesuffix("-answer")
                    typed = typed_answer(cell.source, qid, kind="multiple")
                    counts.setdefault(qid, Counter())[typed or "(blank)"] += 1
    return counts


def _criteria(course_dir: Path, assignment: str, students: list[str]) -> dict[str, dict[str, float]]:
    met: dict[str, Counter[str]] = {}
    seen: Counter[str] = Counter()
    for student in students:
        for path in sorted((course_dir / "autograded" / student / assignment).glob("*.ipynb")):
            for cell in nbformat.read(path, as_version=4).cells:
                verdict = cell.get("metadata", {}).get("peer_ethics")
                if verdict:
                    gid = cell.metadata["nbgrader"]["grade_id"]
                    seen[gid] += 1
                    met.setdefault(gid, Counter()).update(
                        {cid: v for cid, v in verdict["criteria"].items()})
    return {gid: {cid: n / seen[gid] for cid, n in counter.items()} for gid, counter in met.items()}


def analyse(course_dir: Path, db_url: str, assignment: str) -> Report:
    """Read the gradebook and autograded notebooks of ``assignment``; compute the report.

    Raises
    ------
    ValueError
        The assignment has no submissions in the gradebook.
    """
    with Gradebook(db_url) as gradebook:
        try:
            record = gradebook.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(f"no assignment {assignment!r} in the gradebook") from None
        cells = [(gc.name, float(gc.max_score)) for nb in record.notebooks for gc in nb.grade_cells]
        students, rows = [], []
        for submission in sorted(record.submissions, key=lambda s: s.student.id):
            by_id = {g.name: float(g.score) for nb in submission.notebooks for g in nb.grades}
            students.append(submission.student.id)
            rows.append([by_id.get(name, 0.0) for name, _ in cells])
    if not rows:
        raise ValueError(f"no submissions of {assignment!r} in the gradebook: autograde first")
    scores = np.array(rows, dtype=float)
    max_points = np.array([m for _, m in cells])
    difficulty, discrimination = item_statistics(scores, max_points)
    options = _choices(course_dir, assignment, students)
    criteria = _criteria(course_dir, assignment, students)
    items = [ItemStats(name, m, float(difficulty[j]), float(discrimination[j]),
                       dict(sorted(options.get(name, Counter()).items())), criteria.get(name, {}))
             for j, (name, m) in enumerate(cells)]
    return Report(assignment, len(students), items, cronbach_alpha(scores),
                  [float(t) for t in scores.sum(axis=1)], float(max_points.sum()))


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}"


def _figure(report: Report) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
    bins = np.arange(0, report.max_total + 2) - 0.5
    left.hist(report.totals, bins=bins, color="#4c72b0", edgecolor="black")
    left.set(title="Total scores", xlabel="Points", ylabel="Learners")
    names = [i.grade_id for i in report.items]
    right.bar(names, [i.difficulty for i in report.items], color="#dd8452", edgecolor="black")
    right.set(title="Item difficulty (proportion of points earned)", ylim=(0, 1))
    right.tick_params(axis="x", rotation=45)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def build_report(course_dir: Path, db_url: str, assignment: str, out_dir: Path) -> tuple[Path, Path]:
    """Write ``item-analysis.html`` and ``item-analysis.csv`` for ``assignment`` into ``out_dir``.

    Returns
    -------
    (html_path, csv_path)
    """
    report = analyse(course_dir, db_url, assignment)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "item-analysis.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["grade_id", "max_points", "learners", "difficulty", "discrimination",
                         "options", "criterion_met_rates"])
        for item in report.items:
            writer.writerow([item.grade_id, item.max_points, report.learners,
                             _fmt(item.difficulty), _fmt(item.discrimination),
                             " ".join(f"{k}={v}" for k, v in item.options.items()),
                             " ".join(f"{k}={v:.2f}" for k, v in item.criteria.items())])
        writer.writerow(["cronbach_alpha", "", report.learners, "", _fmt(report.alpha), "", ""])
    rows = "".join(
        f"<tr><td>{html.escape(i.grade_id)}</td><td>{i.max_points:g}</td><td>{_fmt(i.difficulty)}</td>"
        f"<td>{_fmt(i.discrimination)}</td>"
        f"<td>{html.escape(', '.join(f'{k}: {v}' for k, v in i.options.items()))}</td>"
        f"<td>{html.escape(', '.join(f'{k}: {v:.0%}' for k, v in i.criteria.items()))}</td></tr>"
        for i in report.items)
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Item analysis: {html.escape(assignment)}</title>
<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto;line-height:1.5}}
table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.3em .6em;text-align:left}}</style>
</head><body><h1>Item analysis: {html.escape(assignment)}</h1>
<p>{report.learners} learners. Cronbach's alpha: <strong>{_fmt(report.alpha)}</strong>.
Difficulty is the proportion of points earned (higher is easier); discrimination is the
corrected item-total correlation (below about 0.2 deserves a look at the item).</p>
<table><thead><tr><th>Item</th><th>Points</th><th>Difficulty</th><th>Discrimination</th>
<th>Options chosen</th><th>Rubric criteria met</th></tr></thead><tbody>{rows}</tbody></table>
<h2>Distributions</h2><img alt="Histogram of total scores and bar chart of item difficulty"
src="data:image/png;base64,{_figure(report)}"></body></html>"""
    html_path = out_dir / "item-analysis.html"
    html_path.write_text(page, encoding="utf-8")
    for path in (csv_path, html_path):
        path.chmod(0o600)
    return html_path, csv_path
