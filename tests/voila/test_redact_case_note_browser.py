"""The case-note redaction app, served by Voila and done to a full score with the keyboard alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SYNC_TIMEOUT_MS, open_page
from playwright.sync_api import Browser, Page, expect

from peer_ethics.content.loader import redaction_content

if TYPE_CHECKING:
    from tests.voila.conftest import VoilaServer

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APP = "/voila/render/widgets/redact_case_note.ipynb"
# The focused element: its tag, its input type, and its visible label (a checkbox's label wraps it).
_FOCUSED = """() => { const e = document.activeElement; if (!e) return null;
  const label = e.closest('label'); return [e.tagName, e.type || '',
  (label ? label.textContent : e.textContent).trim().slice(0, 200)]; }"""

_REMOVED_COUNT = """n => (document.querySelector('.pek-note').textContent.match(/\\[removed\\]/g) || [])
  .length === n"""


def _press_until(page: Page, key: str, tag: str, text: str, presses: int = 60) -> None:
    """Press ``key`` until the focused element is a ``tag`` whose label is ``text``."""
    seen = []
    for _ in range(presses):
        focused = page.evaluate(_FOCUSED)
        seen.append(focused)
        if focused and focused[0] == tag and focused[2] == text:
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached <{tag}> {text!r}; focus went through {seen[:10]}")


def test_redact_case_note_can_be_done_by_keyboard(browser: Browser, voila_server: VoilaServer) -> None:
    """Tick every identifier (and one needed detail by mistake) with Tab and Space, check with
    Enter, untick the mistake with Shift+Tab and Space, and check again: 21 of 21."""
    content = redaction_content()
    loaded = open_page(browser, voila_server.url(APP))
    try:
        page = loaded.page
        check = page.get_by_role("button", name="Check my redaction")
        expect(check).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        preview = page.locator(".pek-note")
        feedback = page.locator(".pek-redact [role=status]")

        by_label = {f"Remove: {p.text}": p for p in content.phrases}
        mistake = "Remove: is not sleeping well"
        to_tick = [*(f"Remove: {p.text}" for p in content.phrases if p.remove), mistake]
        first = f"Remove: {content.phrases[0].text}"
        _press_until(page, "Tab", "INPUT", first)
        ticked = 0
        for _ in range(len(content.phrases)):
            label = page.evaluate(_FOCUSED)[2]
            assert label in by_label, f"focus left the boxes at {label!r}"
            if label in to_tick:
                page.keyboard.press("Space")
                ticked += 1
                expect(page.get_by_role("checkbox", name=label, exact=True)).to_be_checked()
                # The preview, redrawn by the kernel, shows one more "[removed]".
                page.wait_for_function(_REMOVED_COUNT, arg=ticked, timeout=SYNC_TIMEOUT_MS)
            page.keyboard.press("Tab")
        assert ticked == 15
        _press_until(page, "Tab", "BUTTON", "Check my redaction")
        page.keyboard.press("Enter")
        expect(feedback).to_contain_text(
            "You removed 14 of 14 identifying details and kept 6 of 7 details the group needs. "
            "Score: 20 of 21.", timeout=SYNC_TIMEOUT_MS)
        expect(feedback).to_contain_text(
            'Removed but needed: "is not sleeping well". Poor sleep can shape the plan for her '
            "return to work.")

        _press_until(page, "Shift+Tab", "INPUT", mistake)
        page.keyboard.press("Space")
        expect(page.get_by_role("checkbox", name=mistake, exact=True)).not_to_be_checked()
        expect(preview).to_contain_text("is not sleeping well", timeout=SYNC_TIMEOUT_MS)
        _press_until(page, "Tab", "BUTTON", "Check my redaction")
        page.keyboard.press("Enter")
        expect(feedback).to_have_text(
            "You removed 14 of 14 identifying details and kept 7 of 7 details the group needs. "
            "Score: 21 of 21.Nothing on the list is left, and the group still has what it needs.",
            timeout=SYNC_TIMEOUT_MS)
        expect(preview).to_contain_text("[removed] has been in recovery from alcohol use for two years.")
        for phrase in content.phrases:
            if phrase.remove:
                expect(preview).not_to_contain_text(phrase.text)

        page_text = page.content()
        assert "redact_case_note(" not in page_text and "from peer_ethics" not in page_text
        assert loaded.offsite() == [], "requests leaving localhost:\n" + "\n".join(loaded.offsite())
        assert loaded.errors == []
    finally:
        loaded.page.context.close()
