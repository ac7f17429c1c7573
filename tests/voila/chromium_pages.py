"""Shared helpers for the browser tests: Debian's Chromium, pages that record their requests."""

from __future__ import annotations

import os
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOAD_TIMEOUT_MS = 45_000  # a cold kernel plus the widget manager: about 3 s here, more under load
SYNC_TIMEOUT_MS = 10_000  # a click's round trip through the kernel


def chromium() -> str:
    """Return the path of Debian's chromium; fail under ``CI=true`` when missing, else skip."""
    path = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if path:
        return path
    message = "Debian's chromium is not installed (apt-get install chromium); browser tests need it"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass
class LoadedPage:
    """A page, with every request and websocket it opened and every error it reported."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def offsite(self) -> list[str]:
        """Requested URLs whose host is not this machine (data: and blob: URLs are local)."""
        return [u for u in self.requests
                if urlsplit(u).scheme not in {"data", "blob", "about"}
                and urlsplit(u).hostname not in LOCAL_HOSTS]


def open_page(browser: Browser, url: str, *, width: int = 1280, height: int = 800) -> LoadedPage:
    """Open ``url`` in a fresh context, recording requests, websockets and errors from the start.

    Close it with ``loaded.page.context.close()``.
    """
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    loaded = LoadedPage(page)
    page.on("request", lambda request: loaded.requests.append(request.url))
    page.on("websocket", lambda ws: loaded.requests.append(ws.url))
    page.on("pageerror", lambda exc: loaded.errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and loaded.errors.append(msg.text))
    page.goto(url)
    return loaded


def fetch(url: str) -> tuple[int, str]:
    """GET ``url`` without a browser; return (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")


def tab_to(page: Page, target: Locator, *, back: bool = False, presses: int = 40) -> None:
    """Press Tab (or Shift+Tab) until ``target`` has the keyboard focus, as a keyboard user would.

    Raises
    ------
    AssertionError
        ``target`` was not reached within ``presses`` key presses.
    """
    key = "Shift+Tab" if back else "Tab"
    for _ in range(presses):
        if target.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{target} not reached with {presses} presses of {key}")
