"""stage(): the learner-facing folder Voila serves; and the offline kit template it is served with."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from peer_ethics.notebooks import INSTRUCTOR_TAG, has_outputs
from peer_ethics.voila.serve import (
    DENIED_LAB_EXTENSIONS,
    TEMPLATE,
    jupyter_data_dir,
    stage,
    voila_command,
)

REPO = Path(__file__).resolve().parents[2]
SECRET = "ANSWER-KEY-SENTINEL-7f3a"  # only ever written into assessments/


def _write(path: Path, nb: nbformat.NotebookNode) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def _module_nb() -> nbformat.NotebookNode:
    code = new_code_cell("print('hi')", execution_count=3,
                         outputs=[new_output("stream", name="stdout", text="hi\n")])
    return new_notebook(cells=[
        new_markdown_cell("# Module 1\n\n**Time:** 10 minutes", metadata={"tags": ["objectives"]}),
        code,
        new_markdown_cell("## Instructor notes\n\nSay this quietly.",
                          metadata={"tags": [INSTRUCTOR_TAG]}),
        new_markdown_cell("## Key points\n\n- one", metadata={"tags": ["key-points"]}),
    ])


@pytest.fixture
def tiny_kit(tmp_path: Path) -> Path:
    """A tiny kit built in memory: a module, an app, a figure, a checkpoint and an nbgrader master."""
    _write(tmp_path / "course" / "01-intro.ipynb", _module_nb())
    (tmp_path / "course" / "figures").mkdir()
    (tmp_path / "course" / "figures" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "course" / "notes.py").write_text("SECRET = 1\n")
    _write(tmp_path / "widgets" / "sorter.ipynb",
           new_notebook(cells=[new_markdown_cell("# Sorter"), new_code_cell("1 + 1")]))
    _write(tmp_path / "widgets" / ".ipynb_checkpoints" / "sorter-checkpoint.ipynb",
           new_notebook(cells=[new_code_cell("old")]))
    _write(tmp_path / "assessments" / "source" / "a1" / "a1.ipynb", new_notebook(cells=[
        new_code_cell(f"### BEGIN SOLUTION\nanswer = '{SECRET}'\n### END SOLUTION"),
    ]))
    return tmp_path


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_stage_copies_course_and_widgets_notebooks(tiny_kit: Path) -> None:
    """stage() writes course/ and widgets/ notebooks and figures to build/voila-root, nothing else."""
    out = stage(tiny_kit)
    assert out == tiny_kit / "build" / "voila-root"
    assert _files(out) == {"course/01-intro.ipynb", "course/figures/map.png", "widgets/sorter.ipynb",
                           "index.ipynb"}


def test_stage_removes_instructor_only_cells(tiny_kit: Path) -> None:
    """No staged cell is tagged instructor-only, and the other cells keep their order."""
    nb = nbformat.read(stage(tiny_kit) / "course" / "01-intro.ipynb", as_version=4)
    assert all(INSTRUCTOR_TAG not in c.metadata.get("tags", []) for c in nb.cells)
    assert "Say this quietly" not in nbformat.writes(nb)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "markdown"]


def test_stage_strips_outputs(tiny_kit: Path) -> None:
    """Staged notebooks carry no outputs and no execution counts."""
    out = stage(tiny_kit)
    for path in out.rglob("*.ipynb"):
        assert not has_outputs(nbformat.read(path, as_version=4)), path


def test_stage_never_copies_assessments(tiny_kit: Path) -> None:
    """Nothing from assessments/ (nbgrader masters with answer keys) reaches the served folder."""
    out = stage(tiny_kit)
    assert not (out / "assessments").exists()
    for path in out.rglob("*"):
        assert "assessments" not in path.relative_to(out).parts
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_stage_rebuilds_from_scratch(tiny_kit: Path) -> None:
    """A notebook deleted from the kit disappears from the next staging."""
    stale = tiny_kit / "build" / "voila-root" / "course" / "removed.ipynb"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    stage(tiny_kit)
    assert not stale.exists()


def test_stage_refuses_a_notebook_with_answer_markers(tiny_kit: Path) -> None:
    """A learner notebook holding an nbgrader solution block stops staging with its name."""
    _write(tiny_kit / "widgets" / "leak.ipynb", new_notebook(cells=[
        new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
    ]))
    with pytest.raises(ValueError, match=r"widgets/leak\.ipynb"):
        stage(tiny_kit)


def test_stage_of_the_real_kit_is_learner_facing(tmp_path: Path) -> None:
    """Staging the kit's own course/ and widgets/ keeps every notebook, leak-free and output-free."""
    for name in ("course", "widgets", "assessments"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, tmp_path / name)
    out = stage(tmp_path)
    expected = {
        p.relative_to(REPO).as_posix()
        for name in ("course", "widgets") for p in (REPO / name).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    }
    assert {p.relative_to(out).as_posix() for p in out.rglob("*.ipynb")} == expected | {"index.ipynb"}
    assert "widgets/boundary_sorter.ipynb" in expected
    for rel in expected:
        nb = nbformat.read(out / rel, as_version=4)
        assert not has_outputs(nb), rel
        assert all(INSTRUCTOR_TAG not in c.metadata.get("tags", []) for c in nb.cells), rel
    assert not (out / "assessments").exists()


# --- the kit template and the Voila command line (fast, no server) -----------------------------

TEMPLATE_DIR = jupyter_data_dir() / "voila" / "templates" / TEMPLATE


def test_kit_template_is_where_voila_looks() -> None:
    """The template sits at <JUPYTER_PATH entry>/voila/templates/peer-ethics and extends lab."""
    conf = (TEMPLATE_DIR / "conf.json").read_text(encoding="utf-8")
    assert '"base_template": "lab"' in conf
    assert "voila/templates/lab/index.html.j2" in (TEMPLATE_DIR / "index.html.j2").read_text()
    assert (TEMPLATE_DIR / "static" / "peer-ethics.css").is_file()


def test_kit_template_has_no_external_urls() -> None:
    """No file of the kit template names a URL outside localhost (offline by construction)."""
    offenders = [
        f"{path.relative_to(TEMPLATE_DIR)}: {url}"
        for path in TEMPLATE_DIR.rglob("*") if path.is_file()
        for url in re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"')]*", path.read_text())
    ]
    assert not offenders, "external URLs in the kit template:\n" + "\n".join(offenders)


def test_voila_command_keeps_learner_settings(tmp_path: Path) -> None:
    """Sources stripped, no tracebacks, local only, kit template, lab extensions denied."""
    cmd = voila_command(tmp_path, port=9999, preheat=False)
    for option in ("--strip_sources=True", "--show_tracebacks=False", "--Voila.ip=127.0.0.1",
                   "--port=9999", "--Voila.port_retries=0", f"--template={TEMPLATE}",
                   "--theme=light", "--no-browser", "--preheat_kernel=False",
                   "--VoilaConfiguration.allow_template_override=NO"):
        assert option in cmd
    for name in DENIED_LAB_EXTENSIONS:
        assert f"--VoilaConfiguration.extension_denylist={name}" in cmd
    assert str(tmp_path) in cmd
    preheated = voila_command(tmp_path, preheat=True, open_browser=True)
    assert "--preheat_kernel=True" in preheated and "--no-browser" not in preheated


def test_landing_page_links_every_module_and_app(tmp_path: Path) -> None:
    """index.ipynb links each staged module and app (relative links); participants' staging in
    room mode leaves the facilitator's apps out, and its landing page does not list them."""
    for name in ("course", "widgets", "assessments"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, tmp_path / name)
    facilitator = stage(tmp_path)
    participants = stage(tmp_path, participants=True)
    assert participants == tmp_path / "build" / "room-root"
    text = nbformat.read(facilitator / "index.ipynb", as_version=4).cells[0].source
    for path in facilitator.rglob("*.ipynb"):
        if path.name != "index.ipynb":
            assert f"]({path.relative_to(facilitator).as_posix()})" in text, path
    assert "- [Module 2: Confidentiality](course/02-confidentiality.ipynb)" in text
    assert ("- [Live poll (facilitator screen)](widgets/poll_results.ipynb): Open a poll question, "
            "watch the answers arrive, and reveal them to the room.") in text
    assert not (participants / "widgets" / "poll_results.ipynb").exists()
    assert (participants / "widgets" / "live_poll.ipynb").exists()
    room_text = nbformat.read(participants / "index.ipynb", as_version=4).cells[0].source
    assert "Facilitator tools" not in room_text and "poll_results" not in room_text


def test_room_command_caps_kernels_and_culls_connected_pages(tmp_path: Path) -> None:
    """Room mode's participants' server: every interface, a kernel cap, connected idle culling."""
    cmd = voila_command(tmp_path, ip="0.0.0.0", max_kernels=30, cull_idle_s=600, cull_connected=True,
                        pool_size=2)
    for option in ("--Voila.ip=0.0.0.0", "--CappedKernelManager.max_kernels=30",
                   "--VoilaConfiguration.multi_kernel_manager_class="
                   "peer_ethics.voila.room.CappedKernelManager",
                   "--MappingKernelManager.cull_idle_timeout=600",
                   "--MappingKernelManager.cull_connected=True", "--pool_size=2",
                   "--strip_sources=True", "--show_tracebacks=False",
                   "--VoilaKernelManager.fill_delay=30", "--VoilaExecutor.iopub_timeout=60"):
        assert option in cmd
    plain = voila_command(tmp_path)
    assert not any("CappedKernelManager" in part or "fill_delay" in part for part in plain)


def test_pool_config_names_notebooks_in_the_root(tmp_path: Path) -> None:
    """write_pool_config writes Voila's kernel_pools_config; unknown notebooks are refused."""
    import json

    from peer_ethics.voila.serve import write_pool_config

    (tmp_path / "widgets").mkdir()
    (tmp_path / "widgets" / "live_poll.ipynb").write_text("{}")
    path = write_pool_config(tmp_path, {"widgets/live_poll.ipynb": 30}, default=1)
    assert json.loads(path.read_text()) == {"VoilaKernelManager": {"kernel_pools_config": {
        "default": {"pool_size": 1}, "widgets/live_poll.ipynb": {"pool_size": 30}}}}
    with pytest.raises(ValueError, match=r"widgets/nope\.ipynb is not in"):
        write_pool_config(tmp_path, {"widgets/nope.ipynb": 2})
    with pytest.raises(ValueError, match="must be 0 or more"):
        write_pool_config(tmp_path, {"widgets/live_poll.ipynb": -1})


def test_room_settings_are_checked_before_anything_starts() -> None:
    """Bad room-mode settings come back as sentences naming the option, all at once."""
    from peer_ethics.voila.room import check_room_settings

    assert check_room_settings(8866, 8867, 40, 20.0, 0, {"live_poll": 30}, 22) == []
    assert check_room_settings(70000, 70000, 0, 0.0, -1, {}, 22) == [
        "--port 70000 is not a TCP port (1-65535)",
        "--facilitator-port 70000 is not a TCP port (1-65535)",
        "--port and --facilitator-port must differ",
        "--max-kernels must be 1 or more, got 0",
        "--cull-minutes must be a positive number of minutes, got 0.0",
        "--pool-size must be 0 or more, got -1",
    ]
    assert check_room_settings(8866, 8867, 40, float("inf"), 0, {}, 22) == [
        "--cull-minutes must be a positive number of minutes, got inf"]
    assert check_room_settings(8866, 8867, 40, 20.0, 1, {"live_poll": 30}, 22) == [
        "52 preheated kernels leave no room under --max-kernels 40; raise --max-kernels or "
        "preheat fewer"]
    problems = check_room_settings(8866, 8867, 40, 20.0, 0, {"poll_results": 3, "nope": 2}, 22)
    assert problems[0] == "--preheat-app poll_results: a facilitator app, served on your machine only"
    assert problems[1].startswith("--preheat-app nope: no such app; learner apps: ")
    assert "live_poll" in problems[1] and "poll_results" not in problems[1]
