"""Helpers that start and stop real ``peer-ethics`` servers for the Voila tests."""

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

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 60.0
#: A notebook the ``voila_server`` fixture adds to its kit copy: its only cell raises.
BROKEN_NOTEBOOK = "widgets/zz_failing_cell.ipynb"
BROKEN_SECRET = "internal detail 7f3a"


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


def peer_ethics_command() -> list[str]:
    script = Path(sys.executable).with_name("peer-ethics")
    return [str(script)] if script.exists() else [sys.executable, "-m", "peer_ethics.cli"]


def wait_until_ready(url: str, process: subprocess.Popen[bytes]) -> str | None:
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


def stop_group(process: subprocess.Popen[bytes]) -> None:
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
