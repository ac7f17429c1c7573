"""A workshop: 30 participants open the same app at once. How long until they can use it?

Serves the boundary sorter and a baseline one-cell notebook
(``import ipywidgets as w; w.Button(description="Go")``) with the participants' settings of
``peer-ethics room`` (kernel cap 40, ``voila_command``), a fresh server per scenario, and
measures two things:

- **server**: 30 HTTP GETs of the page at the same moment (threads); seconds until each page's
  HTML has arrived in full, i.e. the kernel started (or taken from the pool) and the notebook
  executed. This is the laptop's share of the work.
- **Chromium**: 30 fresh contexts of one headless Chromium (Playwright's async API) opening
  the page at the same moment; seconds from the common start to the page's button being
  visible and enabled. Here the 30 browsers run on the same 2 cores as the server, which a room
  of phones and laptops does not do, so these figures are a pessimistic bound.

Scenarios: baseline 1 page cold (the reference, ratio 1.00); baseline 30 at once cold; sorter
30 at once cold (a kernel started per page); sorter 30 at once preheated
(``--preheat-app boundary_sorter=30``: 30 kernels started and the notebook executed before
anyone arrives; room mode delays refilling the pool by 30 s so the crowd loads first).

Run: ``.venv/bin/python benchmarks/voila_room_30.py`` (about 8-10 minutes on 2 cores).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from playwright.async_api import Browser, async_playwright

from peer_ethics.voila.serve import stage, voila_command, voila_env, wait_until_ready, write_pool_config

REPO = Path(__file__).resolve().parents[1]
PARTICIPANTS = 30
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SORTER = ("widgets/boundary_sorter.ipynb", "Within the role")
BASELINE = ("widgets/baseline_one_button.ipynb", "Go")
_USABLE = """name => {
  if (document.body && document.body.innerText.includes('The room is full')) {
    throw new Error('the room is full (kernel cap reached)');
  }
  const b = [...document.querySelectorAll('button')].find(e => e.textContent.trim() === name);
  return !!(b && !b.disabled && b.offsetParent !== null && b.getClientRects().length > 0);
}"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _root(tmp: Path) -> Path:
    kit = tmp / "kit"
    (kit / "widgets").mkdir(parents=True)
    (kit / "course").mkdir()
    (kit / "assessments").mkdir()
    shutil.copy(REPO / SORTER[0], kit / SORTER[0])
    nb = new_notebook(cells=[new_code_cell('import ipywidgets as w; w.Button(description="Go")')])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, kit / BASELINE[0])
    return stage(kit, participants=True)


class Server:
    """Voila with room mode's participants' settings on a free loopback port."""

    def __init__(self, root: Path, pools: dict[str, int] | None, log_path: Path) -> None:
        self.port = _free_port()
        self.started = time.monotonic()
        preheat = pools is not None
        if preheat:
            write_pool_config(root, pools or {}, default=0)
        elif (root / "voila.json").exists():
            (root / "voila.json").unlink()
        self._log = log_path.open("wb")
        self.log_path = log_path
        self.process = subprocess.Popen(
            voila_command(root, port=self.port, preheat=preheat, max_kernels=40,
                          cull_idle_s=1200, cull_connected=True),
            cwd=root, env=voila_env(), stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True)
        if not wait_until_ready(f"http://127.0.0.1:{self.port}/voila/tree", self.process):
            self.stop()
            sys.exit(f"Voila did not start; log:\n{log_path.read_text()}")

    def url(self, notebook: str) -> str:
        return f"http://127.0.0.1:{self.port}/voila/render/{notebook}"

    def wait_for_pool(self, notebook: str, size: int, timeout: float = 300) -> float:
        """Wait until Voila logs the pool of ``notebook`` filled with ``size`` kernels; return
        seconds since the server was started."""
        started = time.monotonic()
        needle = f"Kernel pool of {notebook} is filled with {size} kernel"
        while needle not in self.log_path.read_text(errors="replace"):
            if time.monotonic() - started > timeout:
                sys.exit(f"pool of {notebook} not filled within {timeout} s")
            time.sleep(0.5)
        return time.monotonic() - self.started

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


async def _one(browser: Browser, url: str, button: str, start: float) -> float:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="commit", timeout=600_000)
        await page.wait_for_function(_USABLE, arg=button, polling=100, timeout=600_000)
        return time.monotonic() - start
    finally:
        await context.close()


async def _crowd(browser: Browser, server: Server, target: tuple[str, str], n: int) -> list[float]:
    start = time.monotonic()
    return list(await asyncio.gather(*(_one(browser, server.url(target[0]), target[1], start)
                                       for _ in range(n))))


def _http_crowd(server: Server, target: tuple[str, str], n: int) -> list[float]:
    """GET the page ``n`` times at once; seconds until each response has fully arrived."""
    times: list[float] = []
    barrier = threading.Barrier(n)

    def one() -> None:
        barrier.wait()
        start = time.monotonic()
        with urllib.request.urlopen(server.url(target[0]), timeout=600) as response:
            body = response.read().decode("utf-8", errors="replace")
        if "The room is full" in body or (target[1] not in body and "widget" not in body):
            raise RuntimeError(f"unexpected page for {target[0]}")
        times.append(time.monotonic() - start)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(times) != n:
        sys.exit(f"{n - len(times)} of {n} pages failed")
    return times


def _row(label: str, values: list[float], reference: float) -> str:
    ordered = sorted(values)
    p90 = ordered[max(0, round(0.9 * len(ordered)) - 1)]
    median = statistics.median(ordered)
    return (f"{label:<44}{len(values):>4}{median:>8.2f}s{p90:>8.2f}s{ordered[-1]:>8.2f}s"
            f"   {median / reference:>5.2f}   {ordered[-1] / reference:>5.2f}")


async def main_async() -> int:
    chromium = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if not chromium:
        print("Debian's chromium is required (apt-get install chromium)", file=sys.stderr)
        return 1
    began = time.monotonic()
    rows: list[tuple[str, list[float]]] = []
    fill_s = 0.0
    with tempfile.TemporaryDirectory(prefix="pek-room-bench-") as tmp_name:
        tmp = Path(tmp_name)
        root = _root(tmp)
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                scenarios: list[tuple[str, tuple[str, str], int, bool, bool]] = [
                    ("baseline, 1 page, cold", BASELINE, 1, False, False),
                    (f"baseline, {PARTICIPANTS} at once, cold", BASELINE, PARTICIPANTS, False, False),
                    (f"sorter, {PARTICIPANTS} at once, cold", SORTER, PARTICIPANTS, False, True),
                    (f"sorter, {PARTICIPANTS} at once, preheated", SORTER, PARTICIPANTS, True, True),
                ]
                for index, (label, target, n, preheat, in_browser) in enumerate(scenarios):
                    kinds = [("server", False)] + ([("Chromium", True)] if in_browser else [])
                    for kind, browser_run in kinds:
                        # A fresh server each time: closed pages' kernels never count in the cap.
                        server = Server(root, {target[0]: n} if preheat else None,
                                        tmp / f"{index}-{kind}.log")
                        try:
                            if preheat:
                                fill_s = server.wait_for_pool(target[0], n)
                                await asyncio.sleep(5)  # let the machine settle
                            else:
                                _http_crowd(server, BASELINE, 1)  # warm caches; not counted
                                await asyncio.sleep(2)
                            print(f"... {label} ({kind})", file=sys.stderr, flush=True)
                            times = (await _crowd(browser, server, target, n) if browser_run
                                     else _http_crowd(server, target, n))
                            rows.append((f"{label} ({kind})", times))
                        finally:
                            server.stop()
            finally:
                await browser.close()
    reference = rows[0][1][0]
    print(f"Voila room: {PARTICIPANTS} participants open one app at the same moment; seconds from "
          f"the common start to a usable button; {os.cpu_count()} CPU(s), one Chromium")
    print(f"{'scenario':<44}{'n':>4}{'median':>9}{'p90':>9}{'max':>9}   ratio to 1 cold baseline page "
          "(median, max)")
    for label, values in rows:
        print(_row(label, values, reference))
    print(f"Filling the pool of {PARTICIPANTS} preheated sorter kernels took {fill_s:.0f} s from "
          "server start.")
    print(f"(whole run {time.monotonic() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main_async()))
