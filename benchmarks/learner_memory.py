"""Memory and CPU of one learner's Jupyter server: idle, then running each module notebook.

What a learner runs, on this machine: ``jupyter lab --no-browser`` (the kit's JupyterLab,
jupyter_server and ipykernel from this venv) on a free port on 127.0.0.1, in a temporary copy
of the learner build of the kit (``course/`` and ``widgets/`` as ``peer-ethics learner-build``
makes them: instructor notes removed, outputs stripped), with fresh, empty Jupyter config,
runtime, workspace and IPython folders. The matplotlib font cache is built once before the
server starts, as a course image should do at build time (see instructor/kubernetes/README.md).

1. Idle: the server has rendered ``/lab`` once (a learner opened JupyterLab) and runs no kernel.
2. Each module of ``course/``, one at a time: a kernel is started through the server's REST API
   exactly as JupyterLab does when a notebook is opened (``POST /api/sessions``, so the kernel
   is the server's child process with the notebook's folder as working directory), and every
   code cell is executed in order over the server's kernel websocket
   (``/api/kernels/<id>/channels``, Jupyter messaging protocol 5.3, through websocket-client,
   a dependency of jupyter_server), each cell waiting for its
   ``execute_reply``; any error stops the run. Widgets are created in the kernel as in the
   browser; no browser renders them (front-end memory is the learner's own machine, not the
   server's). Then the whole process tree (server + kernel) is measured and the session is
   deleted (kernel shut down) before the next module.
3. All modules open at once: a learner who opens every module and never shuts a kernel down
   (JupyterLab keeps kernels running when a tab closes): every module runs again in its own
   kernel and all ten kernels stay alive; the tree is measured at the end.
4. Idle again after every kernel is shut down (how much the server itself kept).

Memory is summed over the server process and all its descendants (its kernels), read with
psutil (a dependency of ipykernel, so always present with the kit) from ``/proc``:

- RSS: resident pages of each process, summed. Pages shared between processes (Python,
  libraries) count once per process, so the sum is an upper bound of what the processes use
  together; a container's memory cgroup charges each page once. Sizing uses this figure.
- PSS: each shared page divided among the processes sharing it. On a busy machine other
  people's Python processes share the same library pages, so PSS can be below what a pod alone
  would use.
- USS: pages private to the process, a lower bound.
- Kernel peak: the largest RSS the kernel reached while running the module (``VmHWM``).

CPU: user+system CPU seconds of the kernel from the moment it answered ``kernel_info`` (ready)
to the last cell's reply, and of the server over the same span; kernel start-up CPU (from
process start to ready) separately. Wall seconds for the cells too. Ratios are against the
idle baseline measured at the start of the same run.

Run: ``.venv/bin/python benchmarks/learner_memory.py`` (about 2 minutes on 2 cores);
``--write`` also rewrites ``instructor/kubernetes/measurements.yaml``, which the values test
compares with the memory limit in ``instructor/kubernetes/values.yaml``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import nbformat
import psutil
import websocket
import yaml

from peer_ethics.voila.serve import stage

REPO = Path(__file__).resolve().parents[1]
MEASUREMENTS = REPO / "instructor" / "kubernetes" / "measurements.yaml"
MIB = 1024 * 1024
TOKEN = uuid.uuid4().hex
CELL_TIMEOUT_S = 120.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Memory:
    """Memory of a process tree in MiB."""

    rss: float
    pss: float
    uss: float
    processes: int

    def ratio(self, base: Memory) -> str:
        return f"{self.rss / base.rss:.2f}"


def measure_tree(root: psutil.Process) -> Memory:
    """Sum RSS, PSS and USS (MiB) over ``root`` and all its descendants."""
    rss = pss = uss = 0
    procs = [root, *root.children(recursive=True)]
    for proc in procs:
        info = proc.memory_full_info()
        rss += info.rss
        pss += info.pss
        uss += info.uss
    return Memory(rss / MIB, pss / MIB, uss / MIB, len(procs))


def settled_tree(root: psutil.Process, samples: int = 3) -> Memory:
    """The median of ``samples`` readings 0.5 s apart (after a 1 s pause to settle)."""
    time.sleep(1.0)
    readings = []
    for i in range(samples):
        if i:
            time.sleep(0.5)
        readings.append(measure_tree(root))
    pick = statistics.median_low([r.rss for r in readings])
    return next(r for r in readings if r.rss == pick)


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident set size (``VmHWM`` in /proc/<pid>/status), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def cpu_s(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return float(times.user + times.system)


class LearnerServer:
    """``jupyter lab --no-browser`` in ``root`` with fresh per-run Jupyter folders."""

    def __init__(self, root: Path, home: Path, log_path: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._log = log_path.open("wb")
        self.log_path = log_path
        self.env = learner_env(home)
        jupyter = Path(sys.executable).parent / "jupyter"
        command = [
            str(jupyter), "lab", "--no-browser", f"--port={self.port}", "--ip=127.0.0.1",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={root}",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        self.process = subprocess.Popen(command, cwd=root, env=self.env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self.proc = psutil.Process(self.process.pid)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                self.request("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        self.stop()
        sys.exit(f"jupyter lab did not start; log:\n{log_path.read_text(errors='replace')}")

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}{path}", data=data, method=method,
                                     headers={"Authorization": f"token {TOKEN}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as response:
            raw = response.read()
        if path.startswith("/api/") and raw:
            return json.loads(raw)
        return raw

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


def learner_env(home: Path) -> dict[str, str]:
    """The environment of a fresh learner: empty Jupyter/IPython/matplotlib folders in ``home``."""
    env = dict(os.environ)
    env.pop("JUPYTER_PATH", None)
    for var, sub in (("JUPYTER_CONFIG_DIR", "jupyter-config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                     ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "matplotlib")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Kernel:
    """A notebook session opened through the server (as JupyterLab opens a notebook)."""

    def __init__(self, server: LearnerServer, notebook: str) -> None:
        self.server = server
        before = {p.pid for p in server.proc.children(recursive=True)}
        session = server.request("POST", "/api/sessions", {
            "path": notebook, "name": Path(notebook).name, "type": "notebook",
            "kernel": {"name": "python3"},
        })
        self.session_id = session["id"]
        self.kernel_id = session["kernel"]["id"]
        self.client_session = uuid.uuid4().hex
        url = (f"ws://127.0.0.1:{server.port}/api/kernels/{self.kernel_id}/channels"
               f"?session_id={self.client_session}")
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {TOKEN}"],
                                              timeout=CELL_TIMEOUT_S)
        self._request("kernel_info_request", {}, "shell")
        new = [p for p in server.proc.children(recursive=True) if p.pid not in before]
        if len(new) != 1:
            raise RuntimeError(f"expected one new kernel process, found {len(new)}")
        self.proc = new[0]
        self.startup_cpu_s = cpu_s(self.proc)

    def _request(self, msg_type: str, content: dict[str, Any], channel: str) -> dict[str, Any]:
        """Send one request; return its reply once the kernel is idle again for it."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "learner",
                       "session": self.client_session, "version": "5.3",
                       "date": dt.datetime.now(dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "buffers": [],
            "channel": channel,
        }))
        reply: dict[str, Any] | None = None
        idle = False
        deadline = time.monotonic() + CELL_TIMEOUT_S
        while reply is None or not idle:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{msg_type} got no reply in {CELL_TIMEOUT_S} s")
            raw = self.ws.recv()
            if isinstance(raw, bytes):  # binary frames carry widget buffers; not ours
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["channel"] == "shell":
                reply = msg
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        return reply

    def run(self, code: str) -> None:
        reply = self._request("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True,
        }, "shell")
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise RuntimeError(f"cell failed: {content.get('ename')}: {content.get('evalue')}")

    def close(self) -> None:
        self.ws.close()
        self.server.request("DELETE", f"/api/sessions/{self.session_id}")


@dataclass(frozen=True)
class ModuleRun:
    name: str
    cells: int
    tree: Memory
    kernel_rss: float
    kernel_peak: float
    kernel_cpu_s: float
    startup_cpu_s: float
    server_cpu_s: float
    wall_s: float


def run_module(server: LearnerServer, notebook: Path, root: Path, keep: bool) -> tuple[ModuleRun, Kernel]:
    """Open ``notebook`` in a new kernel, run every code cell, measure; shut down unless ``keep``."""
    nb = nbformat.read(notebook, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    kernel = Kernel(server, notebook.relative_to(root).as_posix())
    kernel_cpu0, server_cpu0, wall0 = cpu_s(kernel.proc), cpu_s(server.proc), time.monotonic()
    for source in code:
        kernel.run(source)
    wall = time.monotonic() - wall0
    kernel_cpu, server_cpu = cpu_s(kernel.proc) - kernel_cpu0, cpu_s(server.proc) - server_cpu0
    tree = settled_tree(server.proc) if not keep else measure_tree(server.proc)
    result = ModuleRun(
        name=notebook.stem, cells=len(code), tree=tree,
        kernel_rss=kernel.proc.memory_info().rss / MIB, kernel_peak=peak_rss_mib(kernel.proc.pid),
        kernel_cpu_s=kernel_cpu, startup_cpu_s=kernel.startup_cpu_s, server_cpu_s=server_cpu,
        wall_s=wall,
    )
    if not keep:
        kernel.close()
        _wait_for_kernels(server, 0)
    return result, kernel


def _wait_for_kernels(server: LearnerServer, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(server.proc.children(recursive=True)) != count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"kernels did not stop ({len(server.proc.children(recursive=True))} left)")
        time.sleep(0.2)


def learner_copy(tmp: Path) -> Path:
    """A temporary kit copy and its learner build (as ``peer-ethics learner-build`` makes it)."""
    kit = tmp / "kit"
    for folder in ("course", "widgets"):
        shutil.copytree(REPO / folder, kit / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (kit / "assessments").mkdir()
    return stage(kit)


def warm_font_cache(env: dict[str, str]) -> None:
    """Build matplotlib's font cache in the learner's MPLCONFIGDIR (an image does this at build)."""
    subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite {MEASUREMENTS.relative_to(REPO)}")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pek-learner-mem-") as tmp_name:
        tmp = Path(tmp_name)
        root = learner_copy(tmp)
        home = tmp / "home"
        warm_font_cache(learner_env(home))
        server = LearnerServer(root, home, tmp / "jupyter-lab.log")
        try:
            server.request("GET", "/lab")  # the learner opens JupyterLab: the page is rendered
            time.sleep(2.0)
            idle = settled_tree(server.proc)
            idle_cpu = cpu_s(server.proc)
            modules = sorted((root / "course").glob("*.ipynb"))
            runs = [run_module(server, nb, root, keep=False)[0] for nb in modules]
            kept = [run_module(server, nb, root, keep=True)[1] for nb in modules]
            all_open = settled_tree(server.proc)
            for kernel in kept:
                kernel.close()
            _wait_for_kernels(server, 0)
            idle_after = settled_tree(server.proc)
        finally:
            server.stop()

    def row(label: str, m: Memory, extra: str = "") -> str:
        return (f"{label:<46}{m.rss:>8.0f}{m.pss:>8.0f}{m.uss:>8.0f}{m.processes:>6}"
                f"{m.rss / idle.rss:>8.2f}{extra}")

    versions = {name: version(name) for name in ("jupyterlab", "jupyter_server", "ipykernel", "ipywidgets",
                                                "matplotlib")}
    print(f"One learner's Jupyter server on this machine: {os.cpu_count()} CPU(s), Python "
          f"{platform.python_version()}, " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    print("Memory in MiB summed over the server and its kernels; ratio = RSS / idle RSS (same run)")
    print(f"{'state':<46}{'RSS':>8}{'PSS':>8}{'USS':>8}{'procs':>6}{'ratio':>8}")
    print(row("idle (JupyterLab page rendered, no kernel)", idle, f"   server CPU so far {idle_cpu:.1f} s"))
    for r in runs:
        print(row(f"{r.name[:44]}", r.tree))
    print(row("all 10 modules open (10 kernels)", all_open))
    print(row("idle again (every kernel shut down)", idle_after))
    print()
    print("Per module: kernel alone (MiB), its peak RSS, CPU seconds, wall seconds for the cells")
    print(f"{'module':<46}{'cells':>6}{'k.RSS':>7}{'k.peak':>7}{'start':>7}{'cells':>7}{'server':>7}"
          f"{'wall':>7}")
    print(f"{'':<46}{'':>6}{'MiB':>7}{'MiB':>7}{'CPU s':>7}{'CPU s':>7}{'CPU s':>7}{'s':>7}")
    for r in runs:
        print(f"{r.name[:44]:<46}{r.cells:>6}{r.kernel_rss:>7.0f}{r.kernel_peak:>7.0f}"
              f"{r.startup_cpu_s:>7.2f}{r.kernel_cpu_s:>7.2f}{r.server_cpu_s:>7.2f}{r.wall_s:>7.2f}")
    largest = max(runs, key=lambda r: r.tree.rss)
    print()
    print(f"Largest one-module figure: {largest.tree.rss:.0f} MiB RSS ({largest.name}), "
          f"{largest.tree.rss / idle.rss:.2f} x idle; all modules open: {all_open.rss:.0f} MiB RSS, "
          f"{all_open.rss / idle.rss:.2f} x idle")
    print(f"(whole run {time.monotonic() - started:.0f} s)")

    if args.write:
        write_measurements(idle, runs, all_open, idle_after, versions)
        print(f"wrote {MEASUREMENTS.relative_to(REPO)}")
    return 0


def write_measurements(idle: Memory, runs: list[ModuleRun], all_open: Memory, idle_after: Memory,
                       versions: dict[str, str]) -> None:
    """Rewrite the committed measurements file (MiB rounded up, CPU seconds to 0.01)."""
    def mib(x: float) -> int:
        return int(x) + (x > int(x))

    data = {
        "schema_version": 1,
        "measured_by": "benchmarks/learner_memory.py --write",
        "date": dt.date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), **versions},
        "units": "MiB (RSS summed over the jupyter lab server and its kernels), CPU seconds",
        "idle_server_rss_mib": mib(idle.rss),
        "idle_server_pss_mib": mib(idle.pss),
        "idle_after_kernels_shut_down_rss_mib": mib(idle_after.rss),
        "all_modules_open_rss_mib": mib(all_open.rss),
        "modules": {
            r.name: {
                "server_and_kernel_rss_mib": mib(r.tree.rss),
                "server_and_kernel_pss_mib": mib(r.tree.pss),
                "kernel_peak_rss_mib": mib(r.kernel_peak),
                "kernel_startup_cpu_s": round(r.startup_cpu_s, 2),
                "cells_cpu_s": round(r.kernel_cpu_s, 2),
                "server_cpu_s": round(r.server_cpu_s, 2),
            }
            for r in runs
        },
    }
    header = ("# Written by benchmarks/learner_memory.py --write; do not edit by hand.\n"
              "# tests/hub/test_z2jh_values.py checks values.yaml's memory limit against it.\n")
    MEASUREMENTS.parent.mkdir(parents=True, exist_ok=True)
    MEASUREMENTS.write_text(header + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
