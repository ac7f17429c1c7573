"""Notebooks: committed without outputs, structured, up to date with the YAML, and runnable."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from peer_ethics.cli import main
from peer_ethics.content import modules
from peer_ethics.notebooks import (
    INSTRUCTOR_TAG,
    check_structure,
    has_outputs,
    learner_build,
    module_notebook,
)

KIT = Path(__file__).resolve().parents[2]
COMMITTED = sorted(
    p for folder in ("course", "widgets", "assessments/source") for p in (KIT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


def test_there_are_notebooks_to_check() -> None:
    """The course module, the sorter app and the nbgrader master are all found."""
    names = {p.name for p in COMMITTED}
    assert {"07-boundaries-and-dual-roles.ipynb", "boundary_sorter.ipynb", "boundaries.ipynb"} <= names


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: str(p.relative_to(KIT)))
def test_committed_notebooks_carry_no_outputs(path: Path) -> None:
    """No code cell in a committed notebook has outputs or an execution count."""
    assert not has_outputs(nbformat.read(path, as_version=4))


@pytest.mark.parametrize("module", modules(), ids=lambda m: m.id)
def test_every_module_passes_the_structure_check(module) -> None:  # type: ignore[no-untyped-def]
    """Objectives (with minutes) first, key points last, in the committed notebook."""
    nb = nbformat.read(KIT / "course" / module.notebook, as_version=4)
    assert check_structure(nb) == []
    assert nb.cells[0].source.startswith(f"# Module {module.number}: {module.title}")
    assert "minutes teaching" in nb.cells[0].source


def test_structure_check_catches_a_misplaced_key_points_cell() -> None:
    """Moving key points before the sources is reported."""
    nb = module_notebook(modules()[0])
    nb.cells.insert(1, nb.cells.pop())
    assert check_structure(nb) == [
        "the last learner-facing cell must be the only one tagged 'key-points'"]


def test_committed_notebooks_match_the_yaml() -> None:
    """`peer-ethics build-course --check` finds nothing out of date."""
    assert main(["build-course", "--check"]) == 0


def test_learner_build_drops_instructor_notes() -> None:
    """The learner build removes the instructor-only cell and keeps the rest."""
    nb = module_notebook(modules()[0])
    built = learner_build(nb)
    assert len(built.cells) == len(nb.cells) - 1
    assert not any(INSTRUCTOR_TAG in c.metadata.get("tags", []) for c in built.cells)
    assert any(INSTRUCTOR_TAG in c.metadata.get("tags", []) for c in nb.cells)


def test_module_text_renders_citations_as_links_to_sources() -> None:
    """[@key] becomes an author-year link, and the Sources cell lists the reference."""
    from peer_ethics.content import module

    nb = module_notebook(module("boundaries"))
    text = "\n".join(c.source for c in nb.cells)
    assert "[@" not in text
    assert "([Gutheil et al., 1993](#sources))" in text
    assert "- Gutheil, T. G.; Gabbard, G. O. (1993)." in text


def _run(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("path", [KIT / "course" / m.notebook for m in modules()]
                         + sorted((KIT / "widgets").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path: Path) -> None:
    """nbclient runs the notebook with no error; widgets and the figure are displayed."""
    nb = _run(path)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    mimes = {m for o in outputs for m in o.get("data", {})}
    assert "application/vnd.jupyter.widget-view+json" in mimes
    module = next((m for m in modules() if m.notebook == path.name), None)
    if module is not None and any(s.kind == "figure" for s in module.sections):
        # Figures are images with alt text inside an HTML widget (peer_ethics.widgets.figures),
        # never a bare image/png output, which has no alt text (axe-core: image-alt).
        figure_outputs = [o for c in nb.cells if "figure" in c.metadata.get("tags", [])
                          for o in c.outputs]
        assert figure_outputs, "the module's figure cell shows something"
        assert all("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                   for o in figure_outputs), "the module's figure is an HTML widget"
    assert "image/png" not in mimes, "a bare image/png output has no alt text"


def test_learner_build_has_every_module_without_instructor_notes(tmp_path: Path) -> None:
    """`peer-ethics learner-build` writes each module and app with no instructor-only cell."""
    out = tmp_path / "learners"
    assert main(["learner-build", "--out", str(out)]) == 0
    built = sorted(p.name for p in (out / "course").glob("*.ipynb"))
    assert built == sorted(m.notebook for m in modules())
    for path in out.rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert not any(INSTRUCTOR_TAG in c.metadata.get("tags", []) for c in nb.cells), path
        assert "## Instructor notes" not in path.read_text(encoding="utf-8")
    assert not (out / "assessments").exists()
