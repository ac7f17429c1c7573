"""The learner-facing Voila apps, served for real and driven in Debian's headless Chromium."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from chromium_pages import (
    LOAD_TIMEOUT_MS,
    LOCAL_HOSTS,
    SYNC_TIMEOUT_MS,
    LoadedPage,
    fetch,
    open_page,
)
from kit_servers import BROKEN_NOTEBOOK, BROKEN_SECRET
from playwright.sync_api import Browser, Page, expect

if TYPE_CHECKING:
    from tests.voila.conftest import VoilaServer

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APP = "/voila/render/widgets/boundary_sorter.ipynb"
MODULE_NOTEBOOK = "course/07-boundaries-and-dual-roles.ipynb"
MODULE = f"/voila/render/{MODULE_NOTEBOOK}"
SCREENSHOT = REPO / "test-artifacts" / "voila-boundary-sorter.png"
FEEDBACK = re.compile(r"^\s*(Matches the guidance|You chose)")
# Height of the page's content, including panels that scroll on their own.
_CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('*')]
    .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY))
    .map(e => e.scrollHeight))"""


@pytest.fixture(scope="module")
def sorter(browser: Browser, voila_server: VoilaServer) -> Iterator[LoadedPage]:
    """The standalone boundary sorter app, loaded once, its first button usable."""
    loaded = open_page(browser, voila_server.url(APP))
    expect(loaded.page.get_by_role("button", name="Within the role")).to_be_enabled(
        timeout=LOAD_TIMEOUT_MS)
    yield loaded
    loaded.page.context.close()


@pytest.fixture(scope="module")
def raw_html(voila_server: VoilaServer) -> dict[str, str]:
    """The HTML Voila sends for the app (and the module when it exists), fetched with urllib."""
    pages = {APP: fetch(voila_server.url(APP))}
    if (voila_server.kit / MODULE_NOTEBOOK).exists():
        pages[MODULE] = fetch(voila_server.url(MODULE))
    for path, (status, _body) in pages.items():
        assert status == 200, f"{path}: HTTP {status}"
    return {path: body for path, (_status, body) in pages.items()}


def _progress(page: Page) -> str:
    return page.get_by_text(re.compile(r"Situation \d+ of \d+")).inner_text()


# --- (a) the standalone app works, by mouse and by keyboard ------------------------------------


def test_sorter_renders_its_controls(sorter: LoadedPage) -> None:
    """The sorter shows a situation, its progress and the three category buttons."""
    page = sorter.page
    for name in ("Within the role", "Grey area", "Crosses a boundary", "Next situation"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    assert _progress(page).startswith("Situation 1 of")


def test_choosing_a_category_shows_feedback(sorter: LoadedPage) -> None:
    """Clicking "Crosses a boundary" runs the kernel callback: feedback and a marked choice."""
    page = sorter.page
    page.get_by_role("button", name="Crosses a boundary").click()
    # Wait for the values synced back from the kernel instead of racing them.
    expect(page.get_by_role("button", name="Your choice: Crosses a boundary")).to_be_visible(
        timeout=SYNC_TIMEOUT_MS)
    feedback = page.locator(".pek-feedback")
    expect(feedback).to_have_text(FEEDBACK, timeout=SYNC_TIMEOUT_MS)
    assert "What to do:" in feedback.inner_text()


def test_keyboard_moves_between_situations(sorter: LoadedPage) -> None:
    """Tab moves focus between buttons with a visible outline; Enter and Space activate them."""
    page = sorter.page
    page.get_by_role("button", name="Within the role").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement, s = getComputedStyle(e);"
        " return [e.tagName, e.textContent, s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert focused[:2] == ["BUTTON", "Grey area: talk with your supervisor"]
    assert focused[2] != "none" and focused[3] >= 3, f"focus outline not visible: {focused}"

    page.get_by_role("button", name="Next situation").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Situation 2 of \d+"))).to_be_visible(
        timeout=SYNC_TIMEOUT_MS)
    previous = page.get_by_role("button", name="Previous situation")
    expect(previous).to_be_enabled(timeout=SYNC_TIMEOUT_MS)  # synced from the kernel
    previous.focus()
    page.keyboard.press("Space")
    expect(page.get_by_text(re.compile(r"Situation 1 of \d+"))).to_be_visible(
        timeout=SYNC_TIMEOUT_MS)


def test_screenshot_of_the_sorter(sorter: LoadedPage) -> None:
    """Save a full-page screenshot (with feedback showing) to test-artifacts/ for a human look."""
    page = sorter.page
    if not page.locator(".pek-feedback").inner_text().strip():
        page.get_by_role("button", name="Crosses a boundary").click()
    expect(page.locator(".pek-feedback")).to_have_text(FEEDBACK, timeout=SYNC_TIMEOUT_MS)
    page.mouse.move(0, 0)  # no hover state in the picture
    # Voila's page scrolls inside a Lumino panel, so full_page alone stops at the viewport:
    # grow the viewport to the content first.
    height = page.evaluate(_CONTENT_HEIGHT)
    page.set_viewport_size({"width": 1280, "height": min(max(height, 800), 6000)})
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert SCREENSHOT.stat().st_size > 10_000


def test_sorter_page_reports_no_errors(sorter: LoadedPage) -> None:
    """No uncaught exception or console error (denied lab extensions stay out of the page)."""
    assert not sorter.errors, "\n".join(sorter.errors)


# --- (b) no source code reaches the learner ----------------------------------------------------


def test_rendered_page_contains_no_source_code(sorter: LoadedPage) -> None:
    """The live DOM holds none of the notebook's code."""
    content = sorter.page.content()
    leaks = [s for s in ("from peer_ethics", "boundary_sorter(") if s in content]
    assert not leaks, f"source code in the rendered page: {leaks}"


def test_raw_html_contains_no_source_code(raw_html: dict[str, str]) -> None:
    """The HTML Voila sends (before any JavaScript) holds none of the notebooks' code."""
    leaks = [(path, s) for path, body in raw_html.items()
             for s in ("from peer_ethics", "boundary_sorter(", "plot_comparison(") if s in body]
    assert not leaks, f"source code in served HTML: {leaks}"


def test_page_has_no_source_cell_dom(sorter: LoadedPage) -> None:
    """Code cells render outputs only: no input area, prompt or editor in the DOM."""
    page = sorter.page
    inputs = page.locator(
        ".jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-Cell-inputWrapper, .jp-InputPrompt,"
        " .jp-CodeCell .highlight, .cm-editor, .CodeMirror")
    assert inputs.count() == 0
    code_cells = page.locator(".jp-CodeCell")
    assert code_cells.count() >= 1
    assert code_cells.count() == page.locator(".jp-CodeCell.jp-mod-noInput").count()


def test_notebook_files_are_not_downloadable(voila_server: VoilaServer) -> None:
    """Neither the files route nor the contents API hands out the notebook's source."""
    status, _body = fetch(voila_server.url("/voila/files/widgets/boundary_sorter.ipynb"))
    assert status in {403, 404}
    status, body = fetch(voila_server.url("/voila/api/contents/widgets/boundary_sorter.ipynb"))
    assert "from peer_ethics" not in body and "boundary_sorter(" not in body


def test_assessments_are_not_served(voila_server: VoilaServer) -> None:
    """The tree holds course/ and widgets/ only; assessments/ is not reachable."""
    status, body = fetch(voila_server.url("/voila/api/contents/"))
    assert status == 200
    assert '"assessments"' not in body and '"course"' in body and '"widgets"' in body
    assert fetch(voila_server.url("/voila/tree/assessments"))[0] == 404


# --- (c) offline: nothing leaves this machine --------------------------------------------------


def test_every_request_stays_on_localhost(sorter: LoadedPage) -> None:
    """Every request and websocket of the app (load and interactions) goes to 127.0.0.1."""
    assert sorter.requests, "no request was recorded"
    offsite = sorter.offsite()
    assert not offsite, "requests leaving localhost:\n" + "\n".join(offsite)


def test_tree_page_lists_learner_folders_and_stays_local(
    browser: Browser, voila_server: VoilaServer
) -> None:
    """The list of notebooks shows course/ and widgets/ only, with local icons and scripts."""
    loaded = open_page(browser, voila_server.url("/voila/tree"))
    try:
        page = loaded.page
        for name in ("course", "widgets"):
            expect(page.get_by_text(name, exact=True)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        assert page.get_by_text("assessments", exact=True).count() == 0
        assert not loaded.offsite(), "requests leaving localhost:\n" + "\n".join(loaded.offsite())
    finally:
        loaded.page.context.close()


def test_served_html_links_nothing_offsite(raw_html: dict[str, str]) -> None:
    """No script, stylesheet, image or module import in the served HTML points off this machine."""
    pattern = re.compile(
        r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=[\"']((?:https?:)?//[^\"']+)"
        r"|import\(\s*[\"']((?:https?:)?//[^\"']+)", re.IGNORECASE)
    offenders = [
        f"{path}: {url}"
        for path, body in raw_html.items()
        for match in pattern.finditer(body)
        for url in [match.group(1) or match.group(2)]
        if urlsplit(url).hostname not in LOCAL_HOSTS
    ]
    assert not offenders, "off-site assets in served HTML:\n" + "\n".join(offenders)


# --- (d) the module notebook -------------------------------------------------------------------


def test_module_notebook_renders(browser: Browser, voila_server: VoilaServer) -> None:
    """The Boundaries module renders: heading, its sorter, no instructor notes, all local."""
    assert (voila_server.kit / MODULE_NOTEBOOK).exists(), "peer-ethics build-course writes it"
    loaded = open_page(browser, voila_server.url(MODULE))
    try:
        page = loaded.page
        expect(page.get_by_role("heading", name=re.compile("Boundaries and dual roles"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS)
        expect(page.get_by_role("button", name="Within the role")).to_be_enabled(
            timeout=LOAD_TIMEOUT_MS)
        assert "Instructor notes" not in page.content()
        assert not loaded.offsite(), "requests leaving localhost:\n" + "\n".join(loaded.offsite())
    finally:
        loaded.page.context.close()


def test_formative_check_answers_a_long_option_by_mouse_and_keyboard(
        browser: Browser, voila_server: VoilaServer) -> None:
    """In M2, a long radio option can be clicked (labels wrap, none overlaps) and checked."""
    loaded = open_page(browser, voila_server.url("/voila/render/course/02-confidentiality.ipynb"))
    try:
        page = loaded.page
        button = page.get_by_role("button", name="Check my answer").first
        expect(button).to_be_enabled(timeout=LOAD_TIMEOUT_MS)
        check = page.locator(".pek-check").first
        check.get_by_role("radio").first.check(timeout=SYNC_TIMEOUT_MS)
        button.press("Enter")
        expect(check.locator("[role=status]")).to_contain_text("Listening is always allowed",
                                                                 timeout=SYNC_TIMEOUT_MS)
        assert not loaded.offsite(), "requests leaving localhost:\n" + "\n".join(loaded.offsite())
    finally:
        loaded.page.context.close()


def test_reframe_app_can_be_done_by_keyboard(browser: Browser, voila_server: VoilaServer) -> None:
    """The reframing app: type a person-first rewrite, press Enter on the check button."""
    loaded = open_page(browser, voila_server.url("/voila/render/widgets/language_reframe.ipynb"))
    try:
        page = loaded.page
        box = page.get_by_role("textbox")
        expect(box).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        box.fill("We have a new member joining the Tuesday group.")
        box.press("Tab")  # sync the value, as a learner leaving the box does
        page.get_by_role("button", name="Check my rewrite").press("Enter")
        expect(page.locator("[role=status]")).to_contain_text("Well done", timeout=SYNC_TIMEOUT_MS)
        expect(page.get_by_text("1 of 5 sentences reframed.")).to_be_visible()
        assert "language_reframe(" not in page.content()
        assert not loaded.offsite(), "requests leaving localhost:\n" + "\n".join(loaded.offsite())
    finally:
        loaded.page.context.close()


# --- kernels do not pile up --------------------------------------------------------------------


def test_leaving_the_page_shuts_its_kernel_down(browser: Browser, voila_server: VoilaServer) -> None:
    """Navigating away shuts the page's kernel down (the beacon passes Voila's XSRF check)."""
    loaded = open_page(browser, voila_server.url(APP))
    try:
        page = loaded.page
        expect(page.get_by_role("button", name="Within the role")).to_be_enabled(
            timeout=LOAD_TIMEOUT_MS)
        kernel_id = page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
        page.wait_for_function("/(^|;\\s*)_xsrf=/.test(document.cookie)", timeout=SYNC_TIMEOUT_MS)
        page.goto("about:blank")
        deadline = time.monotonic() + 15
        while f"Kernel shutdown: {kernel_id}" not in voila_server.log():
            assert time.monotonic() < deadline, (
                f"kernel {kernel_id} still running after the page left\n--- server log tail ---\n"
                + "\n".join(voila_server.log().splitlines()[-30:]))
            time.sleep(0.2)
        assert f"403 POST /voila/api/shutdown/{kernel_id}" not in voila_server.log()
    finally:
        loaded.page.context.close()


def test_a_failing_cell_shows_words_not_a_traceback(browser: Browser, voila_server: VoilaServer) -> None:
    """A cell that raises shows the kit's friendly sentence; no code, traceback or message."""
    loaded = open_page(browser, voila_server.url(f"/voila/render/{BROKEN_NOTEBOOK}"))
    try:
        page = loaded.page
        expect(page.get_by_text("Something went wrong while preparing this exercise")).to_be_visible(
            timeout=LOAD_TIMEOUT_MS)
        html = page.content()
        for leak in (BROKEN_SECRET, "Traceback", "RuntimeError", "raise "):
            assert leak not in html, leak
    finally:
        loaded.page.context.close()
