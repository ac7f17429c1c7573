"""Accessibility audit: axe-core (4.12, bundled in the PyPI package axe-playwright-python, so
nothing is fetched) in Debian's Chromium on every app, the landing page and a module page.

Fails on any violation whose impact is serious or critical. Minor and moderate findings are
printed (``-s``) so they can be worked on, not hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from chromium_pages import LOAD_TIMEOUT_MS, open_page
from playwright.sync_api import Browser

from peer_ethics.content.loader import apps

if TYPE_CHECKING:
    from conftest import VoilaServer

pytestmark = [pytest.mark.voila, pytest.mark.browser]

BLOCKING = {"serious", "critical"}
PAGES = [f"widgets/{stem}.ipynb" for stem in apps()] + [
    "index.ipynb", "course/07-boundaries-and-dual-roles.ipynb"]


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(str(node.get("target")) for node in v.get("nodes", [])[:4])
        for v in violations)


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violations(
    browser: Browser, voila_server: VoilaServer, path: str
) -> None:
    """axe-core finds nothing serious or critical once the page's widgets are on screen."""
    if not (voila_server.kit / path).exists() and path != "index.ipynb":
        pytest.fail(f"{path} is listed in data/apps but was not built (peer-ethics build-course)")
    loaded = open_page(browser, voila_server.url(f"/voila/render/{path}"))
    try:
        page = loaded.page
        selector = ".jupyter-widgets" if path.startswith("widgets/") else ".jp-RenderedMarkdown"
        page.locator(selector).first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
        violations = Axe().run(page).response["violations"]
        blocking = [v for v in violations if v.get("impact") in BLOCKING]
        other = [v for v in violations if v.get("impact") not in BLOCKING]
        if other:
            print(f"\n{path}: minor/moderate findings:\n{_describe(other)}")
        assert not blocking, f"{path}: serious or critical accessibility violations:\n{_describe(blocking)}"
        assert loaded.offsite() == []
    finally:
        loaded.page.context.close()
