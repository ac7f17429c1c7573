"""Time from navigation to the first usable widget in Voila, measured in Debian's Chromium.

Serves, exactly as ``peer-ethics serve`` does (``stage()``, ``voila_command()``, kit template),
a copy of the kit's ``widgets/`` plus a baseline one-cell notebook
(``import ipywidgets as w; w.Button(description="Go")``), first with a kernel started per page
load (cold), then with preheated kernels. For each page and mode: the median of 5 loads of
the time from navigation start to the first usable widget (the "Within the role" button, or
"Go" for the baseline, visible and enabled), read in the page as ``performance.now()`` on the
first animation frame where it holds. Every load uses a fresh browser context (nothing cached),
as a learner's first visit. Ratios are to the cold baseline measured in the same run.

Run: ``.venv/bin/python benchmarks/voila_first_widget.py`` (about 2 minutes on 2 cores).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import Browser, sync_playwright

from peer_ethics.voila.serve import stage, voila_command, voila_env, wait_until_ready

REPO = Path(__file__).resolve().parents[1]
LOADS = 5
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PAGES = {  # label: (notebook in the served tree, text of the button that marks "usable")
    "baseline one-button": ("widgets/baseline_one_button.ipynb", "Go"),
    "boundary sorter": ("widgets/boundary_sorter.ipynb", "Within the role"),
}
# True on the first frame where a button with this text is rendered, visible and enabled.
_USABLE = """name => {
  const b = [...document.querySelectorAll('button')].find(e => e.textContent.trim() === name);
  return b && !b.disabled && b.offsetParent !== null && b.getClientRects().length > 0
    ? performance.now() : false;
}"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _kit(tmp: Path) -> Path:
    """A kit copy holding the kit's widgets/ and the baseline notebook (no course/ modules, so
    preheating executes only the two pages measured)."""
    kit = tmp / "kit"
    shutil.copytree(REPO / "widgets", kit / "widgets",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (kit / "course").mkdir()
    (kit / "assessments").mkdir()
    nb = new_notebook(cells=[new_code_cell('import ipywidgets as w; w.Button(description="Go")')])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, kit / "widgets" / "baseline_one_button.ipynb")
    return kit


class Server:
    """Voila on the staged folder, started the way ``peer-ethics serve`` starts it."""

    def __init__(self, root: Path, preheat: bool, log_path: Path) -> None:
        self.port = _free_port()
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            voila_command(root, port=self.port, preheat=preheat), cwd=root, env=voila_env(),
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        if not wait_until_ready(f"http://127.0.0.1:{self.port}/voila/tree", self.process):
            self.stop()
            sys.exit(f"Voila did not start; log:\n{log_path.read_text()}")

    def url(self, notebook: str) -> str:
        return f"http://127.0.0.1:{self.port}/voila/render/{notebook}"

    def pools_filled(self, notebook: str) -> int:
        """How many times Voila reported the pool of ``notebook`` refilled."""
        return self.log_path.read_text(errors="replace").count(f"Kernel pool of {notebook} is filled")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


def _load(browser: Browser, url: str, button: str) -> float:
    """Open ``url`` in a fresh context; return seconds from navigation start to a usable button."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=60_000)
        handle = page.wait_for_function(_USABLE, arg=button, polling="raf", timeout=60_000)
        return float(handle.json_value()) / 1000
    finally:
        context.close()


def _wait_for_refill(server: Server, notebook: str, before: int, settle_s: float) -> None:
    """Wait until the pool of ``notebook`` is refilled, then for its notebook to pre-execute."""
    deadline = time.monotonic() + 60
    while server.pools_filled(notebook) <= before and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(settle_s)


def _measure(browser: Browser, server: Server, preheat: bool, warm_up: bool) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for label, (notebook, button) in PAGES.items():
        if warm_up:  # fills the OS file cache and Python's bytecode caches; not counted
            _load(browser, server.url(notebook), button)
            time.sleep(1.0)
        times[label] = []
        for _ in range(LOADS):
            if preheat:
                filled = server.pools_filled(notebook)
                times[label].append(_load(browser, server.url(notebook), button))
                _wait_for_refill(server, notebook, filled, settle_s=2.5)
            else:
                times[label].append(_load(browser, server.url(notebook), button))
                time.sleep(1.0)  # let the beacon shut the kernel down before the next load
    return times


def main() -> int:
    chromium = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if not chromium:
        print("Debian's chromium is required (apt-get install chromium)", file=sys.stderr)
        return 1
    started = time.monotonic()
    results: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="pek-bench-") as tmp_name, sync_playwright() as pw:
        tmp = Path(tmp_name)
        root = stage(_kit(tmp))
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for mode, preheat in (("cold", False), ("preheated", True)):
                server = Server(root, preheat, tmp / f"voila-{mode}.log")
                try:
                    if preheat:  # the first pools: started and pre-executed at server start
                        for notebook, _button in PAGES.values():
                            _wait_for_refill(server, notebook, 0, settle_s=0)
                        time.sleep(3.0)
                    times = _measure(browser, server, preheat, warm_up=not preheat)
                finally:
                    server.stop()
                for label, values in times.items():
                    results[(label, mode)] = values
        finally:
            browser.close()

    baseline = statistics.median(results[("baseline one-button", "cold")])
    print(f"Voila: time from navigation to the first usable widget, median of {LOADS} page loads"
          f" (fresh browser context each), {os.cpu_count()} CPU(s)")
    print(f"{'page':<22}{'kernels':<11}{'median':>8}{'min':>8}{'max':>8}   ratio to cold baseline")
    for mode in ("cold", "preheated"):
        for label in PAGES:
            values = results[(label, mode)]
            median = statistics.median(values)
            print(f"{label:<22}{mode:<11}{median:>7.2f}s{min(values):>7.2f}s{max(values):>7.2f}s"
                  f"   {median / baseline:.2f}")
    print(f"(whole run {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
