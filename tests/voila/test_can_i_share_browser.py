"""The "Can I share this?" app, served by Voila and walked to its summary with the keyboard alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SYNC_TIMEOUT_MS, open_page
from playwright.sync_api import Browser, Page, expect

from peer_ethics.content.loader import can_i_share_content

if TYPE_CHECKING:
    from tests.voila.conftest import VoilaServer

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APP = "/voila/render/widgets/can_i_share.ipynb"
# The focused element: its tag, its input type, and its visible label (a radio's label wraps it).
_FOCUSED = """() => { const e = document.activeElement; if (!e) return null;
  const label = e.closest('label'); return [e.tagName, e.type || '',
  (label ? label.textContent : e.textContent).trim()]; }"""


def _press_until(page: Page, key: str, tag: str, text: str, kind: str = "", presses: int = 40) -> None:
    """Press ``key`` until the focused element is a ``tag`` (of input ``kind``) labelled ``text``."""
    seen = []
    for _ in range(presses):
        focused = page.evaluate(_FOCUSED)
        seen.append(focused and [*focused[:2], focused[2][:60]])
        if focused and focused[0] == tag and focused[2] == text and (not kind or focused[1] == kind):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached <{tag}> {text!r}; focus went through {seen[:12]}")


def _answer(page: Page, text: str, *, from_button: bool = True) -> None:
    """Move to the answer labelled ``text`` (Shift+Tab from the button), choose it with Space,
    Tab to the button and press Enter."""
    _press_until(page, "Shift+Tab" if from_button else "Tab", "INPUT", text, kind="radio")
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name=text, exact=True)).to_be_checked(timeout=SYNC_TIMEOUT_MS)
    _press_until(page, "Tab", "BUTTON", "Check this step")
    page.keyboard.press("Enter")


def test_can_i_share_can_be_done_by_keyboard(browser: Browser, voila_server: VoilaServer) -> None:
    """Every request walked with Tab, Shift+Tab, Space and Enter, one wrong try, then the summary."""
    content = can_i_share_content()
    steps = {s.id: s for s in content.steps}
    loaded = open_page(browser, voila_server.url(APP))
    try:
        page = loaded.page
        button = page.locator(".pek-share button").first
        expect(button).to_have_text("Check this step", timeout=LOAD_TIMEOUT_MS)
        expect(page.get_by_text("This is training, not legal advice.")).to_be_visible()
        status = page.locator(".pek-share-feedback [role=status]")
        question = page.locator(".pek-share-question")

        # A wrong first try at step 1 of the first request: feedback in words, the step stays open.
        wrong = next(c.text for c in steps["danger"].choices if c.id == "yes")
        _answer(page, wrong, from_button=False)
        expect(status).to_contain_text("✘ Not this time.", timeout=SYNC_TIMEOUT_MS)
        expect(button).to_have_text("Check this step")

        for number, request in enumerate(content.requests, start=1):
            expect(page.get_by_text(f"Request {number} of 8: {request.title}.")).to_be_visible(
                timeout=SYNC_TIMEOUT_MS)
            for index, answer in enumerate(request.walk):
                # Wait for the kernel to show this step before moving focus to its answers.
                expect(page.get_by_text(f"Step {index + 1} of {len(request.walk)}.")).to_be_visible(
                    timeout=SYNC_TIMEOUT_MS)
                expect(button).to_have_text("Check this step", timeout=SYNC_TIMEOUT_MS)
                text = next(c.text for c in steps[answer.step].choices if c.id == answer.answer)
                _answer(page, text)
                expect(status).to_contain_text(f"✔ Fits the facts. {answer.note}",
                                               timeout=SYNC_TIMEOUT_MS)
                last = answer is request.walk[-1]
                expect(button).to_have_text("See what to do" if last else "Next step",
                                            timeout=SYNC_TIMEOUT_MS)
                expect(button).to_be_focused()
                page.keyboard.press("Enter")
            outcome = next(o for o in content.outcomes if o.id == request.outcome)
            expect(question).to_contain_text(f"What to do: {outcome.label}.", timeout=SYNC_TIMEOUT_MS)
            expect(status).to_have_count(0)
            expect(page.get_by_text(request.outcome_note)).to_be_visible()
            final = number == len(content.requests)
            expect(button).to_have_text("See my summary" if final else "Next request",
                                        timeout=SYNC_TIMEOUT_MS)
            page.keyboard.press("Enter")

        expect(question).to_have_text("All done. You finished 8 of 8 requests. You chose the fitting "
                                    "answer first time at 33 of 34 steps.", timeout=SYNC_TIMEOUT_MS)
        expect(button).to_have_text("Start again")
        expect(page.get_by_text("This is training, not legal advice.")).to_be_visible()

        page_text = page.content()
        assert "can_i_share(" not in page_text and "from peer_ethics" not in page_text
        assert loaded.offsite() == [], "requests leaving localhost:\n" + "\n".join(loaded.offsite())
        assert loaded.errors == []
    finally:
        loaded.page.context.close()
