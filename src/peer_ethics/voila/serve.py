"""Serve the learner-facing notebooks with Voila: staged copies, sources stripped, offline.

``stage()`` copies the notebooks of ``course/`` and ``widgets/`` into ``build/voila-root/``
(instructor-only cells removed, outputs stripped); ``serve()`` runs Voila in tree mode on that
folder only, so nothing from ``assessments/`` (nbgrader source masters hold answer keys) is ever
served or pre-executed. Voila runs as a subprocess (``python -m voila``) so that Ctrl-C, a
crash or a port clash stay contained and its exit code is ours.

Voila configuration and why (facts measured in ``FIELD-NOTES.md``, checked against voila 0.5.13):

- ``strip_sources=True``: learners see outputs and widgets, never code (Voila's default, kept
  explicit).
- ``VoilaExecutor.iopub_timeout=60``: see the comment in :func:`voila_command` (a crowd).
- ``show_tracebacks=False`` and a plain ``VoilaExecutor.cell_error_instruction``: a failing cell
  shows one friendly sentence instead of a traceback.
- ``template=peer-ethics``: the kit template (``templates/peer-ethics``) extends Voila's ``lab``
  template without its CDN links and with projector-friendly styles. Voila finds templates under
  ``<dir>/voila/templates/<name>`` for each ``<dir>`` on the Jupyter data path; this package's
  folder has that shape, so it goes first on ``JUPYTER_PATH`` (works installed or editable).
- ``allow_template_override=NO``: ``?template=lab`` in a URL cannot bring the CDN links back.
- ``extension_denylist``: the nbgrader and notebook JupyterLab extensions raise in Voila's page.
- ``preheat_kernel`` with a pool of one kernel per notebook: in tree mode Voila pre-executes
  every notebook it serves, which is why only the staged learner folder is served.
- Kernel clean-up: the kit template makes sure the page's kernel is shut down when the
  learner leaves (see ``index.html.j2``), and idle kernels with no page attached are culled
  after 15 minutes.
- ``Voila.ip=127.0.0.1`` and ``port_retries=0``: local only, and the port printed is the port
  served (Voila otherwise moves silently to another port when the one asked for is taken).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType
from urllib.parse import quote

import nbformat

from peer_ethics.content.loader import apps
from peer_ethics.notebooks import learner_build, strip_outputs, write_notebook
from peer_ethics.paths import kit_root

__all__ = [
    "DENIED_LAB_EXTENSIONS",
    "LANDING_PAGE",
    "LEARNER_FOLDERS",
    "TEMPLATE",
    "jupyter_data_dir",
    "landing_notebook",
    "serve",
    "stage",
    "voila_command",
    "voila_env",
    "wait_until_ready",
    "write_pool_config",
]

#: Kit folders whose notebooks learners see, in the order the tree lists them.
LEARNER_FOLDERS: tuple[str, ...] = ("course", "widgets")

#: The landing page written at the top of every staged folder.
LANDING_PAGE = "index.ipynb"

#: Name of the kit's Voila template (``templates/peer-ethics`` beside this module).
TEMPLATE = "peer-ethics"

#: JupyterLab extensions that raise errors in Voila's page (FIELD-NOTES) or are useless there.
DENIED_LAB_EXTENSIONS: tuple[str, ...] = (
    "@jupyter/nbgrader",
    "@jupyter-notebook/lab-extension",
    "@voila-dashboards/jupyterlab-preview",
)

#: Files copied beside the notebooks (figures a notebook may show); Voila serves only these.
_ASSET_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg"})

#: Markers of nbgrader source masters: a notebook holding one must never reach learners.
_ANSWER_MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS", "### BEGIN MARK SCHEME")

_ERROR_TEXT = (
    "Something went wrong while preparing this exercise. Reload the page; if it happens again, "
    "tell your facilitator."
)
_READY_TIMEOUT_S = 60.0
#: Room mode: seconds before Voila starts replacing a preheated kernel a page took (default 1 s).
#: Thirty pages taking the pool at once would otherwise start thirty new kernels while the
#: thirty pages are still loading, on the same cores (benchmarks/voila_room_30.py).
ROOM_REFILL_DELAY_S = 30


def jupyter_data_dir() -> Path:
    """Return the folder to put on ``JUPYTER_PATH`` so Voila finds the kit template.

    It is this package's folder: it holds ``voila/templates/peer-ethics``, the layout Voila
    searches in every Jupyter data directory.
    """
    return Path(__file__).resolve().parent.parent


def _learner_files(folder: Path) -> list[Path]:
    """Notebooks and figures under ``folder``, sorted, skipping hidden paths (checkpoints)."""
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and (p.suffix == ".ipynb" or p.suffix.lower() in _ASSET_SUFFIXES)
    )


def stage(root: Path | None = None, *, participants: bool = False) -> Path:
    """Assemble the learner-facing folder ``build/voila-root/`` of the kit at ``root``.

    The folder is rebuilt from scratch: ``course/`` and ``widgets/`` notebooks (sub-folders kept)
    with cells tagged ``instructor-only`` removed and outputs stripped, plus their figures, and a
    landing page ``index.ipynb`` linking every module and app. Nothing else of the kit is
    copied; in particular never ``assessments/``.

    Parameters
    ----------
    root : Path, optional
        The kit checkout (default: :func:`peer_ethics.paths.kit_root`).
    participants : bool
        Stage for participants' own devices in room mode: ``build/room-root/``, without the
        facilitator's apps (``audience: facilitator`` in ``data/apps``).

    Returns
    -------
    Path
        ``root / "build" / "voila-root"`` (or ``"room-root"`` for participants).

    Raises
    ------
    peer_ethics.paths.KitNotFound
        No kit found (``root`` not given).
    ValueError
        A notebook holds nbgrader solution or hidden-test markers (answer keys belong in the
        nbgrader source masters under ``assessments/`` only).
    """
    kit = Path(root) if root is not None else kit_root()
    out = kit / "build" / ("room-root" if participants else "voila-root")
    hidden = {f"widgets/{stem}.ipynb" for stem, app in apps().items()
              if participants and app.audience == "facilitator"}
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in LEARNER_FOLDERS:
        source = kit / name
        (out / name).mkdir()
        if not source.is_dir():
            continue
        for path in _learner_files(source):
            target = out / name / path.relative_to(source)
            if target.relative_to(out).as_posix() in hidden:
                continue
            if path.suffix != ".ipynb":
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                continue
            nb = strip_outputs(learner_build(nbformat.read(path, as_version=4)))
            leaks = [m for m in _ANSWER_MARKERS for c in nb.cells if m in c.source]
            if leaks:
                raise ValueError(
                    f"{path.relative_to(kit)} contains {leaks[0]!r}: answer keys and hidden tests "
                    "belong in assessments/ only, which is never served"
                )
            write_notebook(nb, target)
    write_notebook(landing_notebook(out), out / LANDING_PAGE)
    return out


def _title(path: Path) -> str:
    """The first ``# heading`` of a staged notebook, else its file name."""
    for cell in nbformat.read(path, as_version=4).cells:
        for line in cell.source.splitlines():
            if cell.cell_type == "markdown" and line.startswith("# "):
                return line[2:].strip()
    return path.stem


def landing_notebook(root: Path) -> nbformat.NotebookNode:
    """Return the landing page of the staged folder ``root``: its modules and apps, linked.

    Module titles come from each notebook's first heading, app summaries from ``data/apps``;
    links are relative, so they work under any base URL. One markdown cell: no kernel work.
    """
    known = apps()
    lines = ["# Peer Support Ethics Kit", "",
             "Choose a module to read and practise, or an app to use on its own. Every page "
             "works with the keyboard: **Tab** moves between controls. **Projector mode** (top "
             "right) makes the text larger for a room.", "", "## Modules", ""]
    for path in sorted((root / "course").glob("*.ipynb")):
        lines.append(f"- [{_title(path)}]({quote(path.relative_to(root).as_posix())})")
    for audience, heading in (("learner", "Apps"), ("facilitator", "Facilitator tools")):
        entries = []
        for path in sorted((root / "widgets").glob("*.ipynb")):
            app = known.get(path.stem)
            if (app.audience if app else "learner") != audience:
                continue
            summary = f": {app.summary}" if app else ""
            entries.append(f"- [{_title(path)}]({quote(path.relative_to(root).as_posix())}){summary}")
        if entries:
            lines += ["", f"## {heading}", "", *entries]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("\n".join(lines))])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells[0]["id"] = "landing"
    return nb


def voila_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """Return the environment for the Voila process: ``base`` (default ``os.environ``) with
    :func:`jupyter_data_dir` first on ``JUPYTER_PATH``."""
    env = dict(os.environ if base is None else base)
    paths = [str(jupyter_data_dir())]
    if env.get("JUPYTER_PATH"):
        paths.append(env["JUPYTER_PATH"])
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def voila_command(
    root: Path, *, port: int = 8866, open_browser: bool = False, preheat: bool = True,
    ip: str = "127.0.0.1", pool_size: int = 1, max_kernels: int = 0,
    cull_idle_s: int = 900, cull_connected: bool = False,
) -> list[str]:
    """Return the command line that serves ``root`` with the kit's Voila configuration.

    Run it with :func:`voila_env` as environment. See the module docstring for why each
    option is there; ``ip``, ``max_kernels`` and culling are set differently in room mode
    (:mod:`peer_ethics.voila.room`).

    Parameters
    ----------
    pool_size : int
        Preheated kernels kept ready per notebook (with ``preheat``).
    max_kernels : int
        Refuse a new page (HTTP 503, a friendly "the room is full" page) once this many
        kernels run; 0 means no cap.
    cull_idle_s : int
        Shut a kernel down after this many idle seconds.
    cull_connected : bool
        Cull idle kernels even when a page is still connected (room mode: a phone left open).
    """
    command = [
        sys.executable, "-m", "voila", str(root),
        f"--Voila.ip={ip}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--template={TEMPLATE}",
        "--theme=light",
        "--strip_sources=True",
        "--show_tracebacks=False",
        f"--VoilaExecutor.cell_error_instruction={_ERROR_TEXT}",
        # nbclient waits only 4 s for a cell's outputs after the kernel says it finished; with
        # 30 pages opening at once on 2 cores the widget's display message comes later, the
        # output is dropped and the page shows "Loading widget..." forever (measured with
        # benchmarks/voila_room_30.py). Wait up to 60 s instead.
        "--VoilaExecutor.iopub_timeout=60",
        "--VoilaConfiguration.allow_template_override=NO",
        f"--preheat_kernel={preheat}",
        # Backstop for kernels whose page went away without saying so (closed lid, crash):
        # shut a kernel down after 15 idle minutes with no page connected. Pooled kernels
        # are never culled (VoilaKernelManager.cull_kernel_if_idle).
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_s}",
        f"--MappingKernelManager.cull_interval={min(60, max(1, cull_idle_s // 4))}",
        f"--MappingKernelManager.cull_connected={cull_connected}",
    ]
    if max_kernels:
        command += [
            "--VoilaConfiguration.multi_kernel_manager_class="
            "peer_ethics.voila.room.CappedKernelManager",
            f"--CappedKernelManager.max_kernels={max_kernels}",
        ]
    # A list trait takes one item per option (traitlets 5 deprecates "['a', 'b']").
    command += [f"--VoilaConfiguration.extension_denylist={n}" for n in DENIED_LAB_EXTENSIONS]
    if preheat:
        command.append(f"--pool_size={pool_size}")
        if max_kernels:  # room mode: a crowd takes the pool at once; refill after it has loaded
            command.append(f"--VoilaKernelManager.fill_delay={ROOM_REFILL_DELAY_S}")
    if not open_browser:
        command.append("--no-browser")
    return command


def write_pool_config(root: Path, pools: dict[str, int], default: int = 1) -> Path:
    """Write ``root/voila.json`` so Voila keeps ``pools[notebook]`` preheated kernels for each
    named notebook (path relative to ``root``) and ``default`` for every other one.

    Voila reads ``voila.json`` from its working folder (``Voila.config_file_paths``); a dict of
    pools cannot be given on its command line. Used by room mode for the apps a workshop will
    open all at once. Returns the file written.

    Raises
    ------
    ValueError
        A pool size is negative or a notebook is not in ``root``.
    """
    import json

    for notebook, size in pools.items():
        if size < 0:
            raise ValueError(f"pool size for {notebook} must be 0 or more, got {size}")
        if not (root / notebook).is_file():
            raise ValueError(f"{notebook} is not in {root}; preheat one of its notebooks")
    config = {"default": {"pool_size": default}, **{nb: {"pool_size": n} for nb, n in pools.items()}}
    path = root / "voila.json"
    path.write_text(json.dumps({"VoilaKernelManager": {"kernel_pools_config": config}}, indent=2),
                    encoding="utf-8")
    return path


def wait_until_ready(
    url: str, process: subprocess.Popen[bytes] | None = None, timeout: float = _READY_TIMEOUT_S
) -> bool:
    """Poll ``url`` until it answers HTTP 200; False on timeout or if ``process`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.2)
    return False


def _port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _urls(root: Path, base: str) -> list[tuple[str, str]]:
    pages = [("start here (modules and apps)", f"{base}/voila/render/{LANDING_PAGE}"),
             ("all notebooks", f"{base}/voila/tree")]
    for name in LEARNER_FOLDERS:
        for nb in sorted((root / name).rglob("*.ipynb")):
            rel = nb.relative_to(root).as_posix()
            pages.append((rel, f"{base}/voila/render/{quote(rel)}"))
    return pages


def _stop(process: subprocess.Popen[bytes], grace: float = 15.0) -> int:
    """Let Voila stop and shut its kernels down, insisting if needed; return its exit code.

    Ctrl-C in a terminal reaches Voila too (same process group), so first give it a moment on
    its own; then SIGTERM (Voila stops its loop and shuts its kernels down on it); then kill.
    """
    for signal_to_send, wait_s in ((None, 3.0), (signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        if process.poll() is not None:
            break
        if signal_to_send is not None:
            process.send_signal(signal_to_send)
        try:
            process.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            continue
    return process.wait()


def serve(port: int = 8866, open_browser: bool = False, preheat: bool = True) -> int:
    """Stage the learner folder and serve it with Voila until Ctrl-C (or SIGTERM).

    Parameters
    ----------
    port : int
        Port on 127.0.0.1 (never another interface, never another port).
    open_browser : bool
        Open the list of notebooks in the default browser once Voila is up.
    preheat : bool
        Keep one kernel per notebook started and executed ahead of the next page load (the
        sorter's first usable button about 1.4 s after navigation instead of 2.0 s on 2 cores,
        ``benchmarks/voila_first_widget.py``); costs a kernel per notebook and CPU at start, as
        every staged notebook is executed once, and again after each page load.

    Returns
    -------
    int
        Voila's exit code (0 after Ctrl-C), 1 if it did not come up within 60 s,
        2 if the port is taken.
    """
    if not 1 <= port <= 65535:
        print(f"peer-ethics serve: {port} is not a TCP port (1-65535)", file=sys.stderr)
        return 2
    if not _port_free(port):  # checked first: never restage under a server already running
        print(f"peer-ethics serve: port {port} on 127.0.0.1 is in use; stop the other server "
              "or choose another port with --port", file=sys.stderr)
        return 2
    root = stage()
    base = f"http://127.0.0.1:{port}"
    print(f"Starting Voila on {base} (sources hidden, {'preheated' if preheat else 'cold'} "
          "kernels); serving " + ", ".join(f"{n}/" for n in LEARNER_FOLDERS), flush=True)
    process = subprocess.Popen(
        voila_command(root, port=port, open_browser=open_browser, preheat=preheat),
        cwd=root, env=voila_env(),
    )

    def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt  # stop the same way as Ctrl-C

    previous = None
    if hasattr(signal, "SIGTERM"):
        try:
            previous = signal.signal(signal.SIGTERM, _on_sigterm)
        except ValueError:  # not the main thread: leave signal handling alone
            previous = None
    try:
        if not wait_until_ready(f"{base}/voila/tree", process):
            code = process.poll()
            if code is not None:
                print(f"peer-ethics serve: Voila stopped during start-up (exit code {code})",
                      file=sys.stderr)
                return code or 1
            print(f"peer-ethics serve: Voila did not answer on {base} within "
                  f"{_READY_TIMEOUT_S:.0f} s; stopping it", file=sys.stderr)
            _stop(process)
            return 1
        lines = [f"  {label}: {url}" for label, url in _urls(root, base)]
        print("\nPeer Support Ethics Kit is ready (Ctrl-C to stop):", *lines, sep="\n", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        print("\nStopping Voila...", file=sys.stderr, flush=True)
        return _stop(process)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            _stop(process)

