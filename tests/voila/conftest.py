"""Fixtures for the Voila tests: a real ``peer-ethics serve`` on a free port, in a copy of the kit."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from chromium_pages import CHROMIUM_ARGS, chromium
from kit_servers import (
    BROKEN_NOTEBOOK,
    BROKEN_SECRET,
    copy_kit,
    free_port,
    peer_ethics_command,
    stop_group,
    wait_until_ready,
)
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


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """Start ``peer-ethics serve --no-preheat`` on a free port; stop its process group at the end."""
    kit = copy_kit(tmp_path_factory.mktemp("kit"))
    # A learner-facing notebook whose cell fails, to check learners see words, not a traceback.
    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f'# {BROKEN_SECRET}\nraise RuntimeError("{BROKEN_SECRET}")')])
    broken.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(broken, kit / BROKEN_NOTEBOOK)
    log_path = kit / "serve.log"
    port = free_port()
    env = {**os.environ, "PEER_ETHICS_KIT": str(kit), "PYTHONUNBUFFERED": "1"}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*peer_ethics_command(), "serve", "--port", str(port), "--no-preheat"],
            cwd=kit, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    server = VoilaServer(f"http://127.0.0.1:{port}", kit, log_path, process)
    try:
        problem = wait_until_ready(server.url("/voila/tree"), process)
        if problem:
            pytest.fail(f"peer-ethics serve did not come up: {problem}\n--- server log ---\n"
                        f"{server.log()}", pytrace=False)
        yield server
    finally:
        stop_group(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
