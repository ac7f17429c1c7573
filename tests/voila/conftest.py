"""Fixtures for the Voila tests: a real ``peer-ethics serve`` on a free port, in a copy of the kit."""

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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from chromium_pages import CHROMIUM_ARGS, chromium
from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class VoilaServer:
    """A running ``peer-ethics serve``: where it answers and what it logged."""

    base_url: str
    kit: Path
    log_path: Path
    process: subprocess.Popen[bytes]

    def url(self, path: str) -> str:
        """Return the absolute URL of ``path`` (``/voila/...``)."""
        return self.base_url + path

    def log(self) -> str:
        """Return the server's output so far (peer-ethics and Voila, stdout and stderr)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_kit(target: Path) -> Path:
    """Copy the kit's learner folders (and an empty ``assessments/``) to ``target``.

    Serving a copy keeps the checkout's ``build/`` untouched, so a test run never races a
    server someone else started from the checkout.
    """
    for name in ("course", "widgets"):
        shutil.copytree(REPO / name, target / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (target / "assessments").mkdir()
    return target


def _peer_ethics_command() -> list[str]:
    script = Path(sys.executable).with_name("peer-ethics")
    return [str(script)] if script.exists() else [sys.executable, "-m", "peer_ethics.cli"]


def _wait_until_ready(url: str, process: subprocess.Popen[bytes]) -> str | None:
    """Poll ``url``; return None once it answers 200, else why it did not."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"the server exited with code {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return None
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    return f"no answer from {url} within {READY_TIMEOUT_S:.0f} s"


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group (Voila shuts its kernels down), then SIGKILL."""
    if process.poll() is not None:
        return
    for sig, wait_s in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """Start ``peer-ethics serve --no-preheat`` on a free port; stop its process group at the end."""
    kit = copy_kit(tmp_path_factory.mktemp("kit"))
    log_path = kit / "serve.log"
    port = free_port()
    env = {**os.environ, "PEER_ETHICS_KIT": str(kit), "PYTHONUNBUFFERED": "1"}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*_peer_ethics_command(), "serve", "--port", str(port), "--no-preheat"],
            cwd=kit, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    server = VoilaServer(f"http://127.0.0.1:{port}", kit, log_path, process)
    try:
        problem = _wait_until_ready(server.url("/voila/tree"), process)
        if problem:
            pytest.fail(f"peer-ethics serve did not come up: {problem}\n--- server log ---\n"
                        f"{server.log()}", pytrace=False)
        yield server
    finally:
        _stop_group(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
