"""Build, check and clean the kit's notebooks with nbformat.

Learner notebooks in ``course/`` are generated from the module YAML (the single source of the
prose), so their structure is uniform: objectives (with minutes) first, sections, sources,
instructor notes (tagged ``instructor-only``), key points last. Standalone apps in ``widgets/``
are one-cell notebooks for Voila.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from peer_ethics.content import bibliography
from peer_ethics.content.loader import apps
from peer_ethics.content.models import (
    CITATION,
    CheckSection,
    ExerciseSection,
    FigureSection,
    Module,
    ProseSection,
    Reference,
    cited_keys,
)

__all__ = [
    "INSTRUCTOR_TAG",
    "KEY_POINTS_TAG",
    "OBJECTIVES_TAG",
    "app_notebook",
    "check_structure",
    "has_outputs",
    "learner_build",
    "module_notebook",
    "render_citations",
    "strip_outputs",
    "write_notebook",
]

OBJECTIVES_TAG = "objectives"
KEY_POINTS_TAG = "key-points"
INSTRUCTOR_TAG = "instructor-only"

_KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _notebook(cells: list[NotebookNode]) -> NotebookNode:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(_KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:02d}"  # stable ids keep regenerated notebooks diff-free
    return nb


def render_citations(markdown: str, refs: dict[str, Reference]) -> str:
    """Replace ``[@key]`` citations by author-year labels linked to the Sources section.

    Raises
    ------
    KeyError
        A cited key is not in ``refs``.
    """

    def label(match: re.Match[str]) -> str:
        keys = cited_keys(match.group(0))
        return "(" + "; ".join(f"[{refs[k].short()}](#sources)" for k in keys) + ")"

    return CITATION.sub(label, markdown)


def _reference_line(ref: Reference) -> str:
    link = f"https://doi.org/{ref.doi}" if ref.doi else ref.url
    details = f" {ref.details.rstrip('.')}." if ref.details else ""
    return f"- {ref.authors} ({ref.year or 'n.d.'}). *{ref.title}*. {ref.publisher}.{details} <{link}>"


def module_notebook(module: Module) -> NotebookNode:
    """Generate the learner notebook of ``module`` from its YAML.

    Returns
    -------
    NotebookNode
        nbformat v4, no outputs, stable cell ids.
    """
    refs = bibliography()
    objectives = "\n".join(f"- {o.text}" for o in module.objectives)
    questions = "\n".join(f"- {q}" for q in module.questions)
    header = new_markdown_cell(
        f"# Module {module.number}: {module.title}\n\n"
        f"**Time:** {module.minutes.teaching} minutes teaching, "
        f"{module.minutes.exercises} minutes exercises\n\n"
        f"**Questions**\n\n{questions}\n\n**Learning objectives**: by the end you can\n\n{objectives}\n\n"
        "*How to use this notebook:* in JupyterLab, run each code cell in order with Shift+Enter "
        "(in a projected app they have already run). You do not need any programming: the code "
        "cells only show the exercises.",
        metadata={"tags": [OBJECTIVES_TAG]},
    )
    cells = [header]
    cited: list[str] = []
    for section in module.sections:
        if isinstance(section, ProseSection):
            cited += cited_keys(section.body)
            cells.append(new_markdown_cell(
                f"## {section.title}\n\n{render_citations(section.body, refs)}",
                metadata={"tags": [section.id]},
            ))
        elif isinstance(section, CheckSection):
            cells.append(new_markdown_cell(f"### Check your understanding: {section.title}",
                                           metadata={"tags": [section.id]}))
            cells.append(new_code_cell(
                "from peer_ethics.widgets.check import formative_check\n\n"
                f'formative_check("{module.id}", "{section.id}")',
                metadata={"tags": ["check"]}))
        elif isinstance(section, ExerciseSection | FigureSection):
            cited += cited_keys(section.intro)
            cells.append(new_markdown_cell(
                f"## {section.title}\n\n{render_citations(section.intro, refs)}",
                metadata={"tags": [section.id]}))
            cells.append(new_code_cell(section.code, metadata={"tags": [section.kind]}))
    cited += [k for p in module.key_points for k in cited_keys(p)]
    unique = list(dict.fromkeys(cited))
    cells.append(new_markdown_cell(
        '<a id="sources"></a>\n\n## Sources\n\n' + "\n".join(_reference_line(refs[k]) for k in unique),
        metadata={"tags": ["sources"]},
    ))
    cells.append(new_markdown_cell(
        f"## Instructor notes\n\n{module.instructor_notes}",
        metadata={"tags": [INSTRUCTOR_TAG]},
    ))
    cells.append(new_markdown_cell(
        "## Key points\n\n" + "\n".join(f"- {render_citations(p, refs)}" for p in module.key_points),
        metadata={"tags": [KEY_POINTS_TAG]},
    ))
    return _notebook(cells)


def app_notebook(stem: str) -> NotebookNode:
    """Generate the standalone Voila app ``widgets/<stem>.ipynb`` (one code cell).

    The title and code come from ``data/apps/<stem>.yaml`` (see :class:`~peer_ethics.content.models.App`).

    Raises
    ------
    KeyError
        No ``data/apps/<stem>.yaml``.
    """
    app = apps()[stem]
    return _notebook([
        new_markdown_cell(f"# {app.title}", metadata={"tags": ["title"]}),
        new_code_cell(app.code, metadata={"tags": ["exercise"]}),
    ])


def _tags(cell: NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def learner_build(nb: NotebookNode) -> NotebookNode:
    """Return a copy of ``nb`` without cells tagged ``instructor-only``."""
    out = nbformat.from_dict(nb)
    out.cells = [c for c in out.cells if INSTRUCTOR_TAG not in _tags(c)]
    return out


def check_structure(nb: NotebookNode) -> list[str]:
    """Check a module notebook's teaching structure; return problems (empty when fine).

    Rules (after the Carpentries lesson template): the first cell is tagged ``objectives`` and
    states minutes; the last learner-facing cell is tagged ``key-points``; exactly one of each.
    """
    problems: list[str] = []
    cells = learner_build(nb).cells
    if not cells:
        return ["notebook has no learner-facing cells"]
    tagged = lambda tag: [i for i, c in enumerate(cells) if tag in _tags(c)]  # noqa: E731
    if tagged(OBJECTIVES_TAG) != [0]:
        problems.append("the first cell must be the only one tagged 'objectives'")
    elif "minutes" not in cells[0].source:
        problems.append("the objectives cell must state the minutes")
    if tagged(KEY_POINTS_TAG) != [len(cells) - 1]:
        problems.append("the last learner-facing cell must be the only one tagged 'key-points'")
    return problems


def has_outputs(nb: NotebookNode) -> bool:
    """True when any code cell carries outputs or an execution count."""
    return any(c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))
               for c in nb.cells)


def strip_outputs(nb: NotebookNode) -> NotebookNode:
    """Remove outputs and execution counts from every code cell, in place; return ``nb``."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def write_notebook(nb: NotebookNode, path: Path) -> bool:
    """Write ``nb`` to ``path`` if its content differs; return True when the file changed."""
    text = nbformat.writes(nb) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
