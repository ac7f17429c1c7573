"""The dilemma explorer app, served by Voila and walked to an ending with the keyboard alone."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SYNC_TIMEOUT_MS, open_page
from playwright.sync_api import Browser, Page, expect

if TYPE_CHECKING:
    from tests.voila.conftest import VoilaServer

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APP = "/voila/render/widgets/dilemma_explorer.ipynb"
# "A secret about medicine": a hasty promise, taken back, then the steps walked to a strong ending.
PATH = [
    "Promise her that it stays between the two of you.",
    "Tell Nadia the next morning that you spoke too fast, and that you need to check what you "
    "can keep private.",
    "Nadia's right to choose pulls against her health and the team's need to know. Nadia, her "
    "kids, you and the team all have a stake.",
    "Your code of ethics, the N.A.P.S. values, and your agency's policy on what you share with "
    "the team.",
    "Take the options to your supervisor, with the facts and a clear question.",
    "Meet Nadia before Friday and talk it through with her.",
    "Offer to sit with her while she calls her prescriber, so she can tell it in her own words.",
    '"Nadia said she stopped her medicine a week ago because she felt numb. Checked agency '
    'policy; talked with supervisor. Nadia called her prescriber with me. A visit is booked."',
]
_FOCUSED = "() => { const e = document.activeElement; return e ? [e.tagName, e.textContent.trim()] : null; }"


def tab_to(page: Page, tag: str, text: str | None = None, presses: int = 40) -> int:
    """Press Tab until the focused element is a ``tag`` (with ``text``, if given); return presses."""
    for count in range(presses):
        focused = page.evaluate(_FOCUSED)
        if focused and focused[0] == tag and (text is None or focused[1] == text):
            return count
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached <{tag}> {text!r}; focus is on {page.evaluate(_FOCUSED)}")


def test_dilemma_explorer_can_be_walked_to_an_ending_by_keyboard(
        browser: Browser, voila_server: VoilaServer) -> None:
    """Pick a dilemma with the arrow keys, choose with Tab, Enter and Space, read the summary."""
    loaded = open_page(browser, voila_server.url(APP))
    try:
        page = loaded.page
        expect(page.get_by_role("button", name="Start again")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        expect(page.get_by_role("heading", name="A coworker's side job")).to_be_visible()

        tab_to(page, "SELECT")
        page.keyboard.press("ArrowDown")  # the next dilemma in the list
        expect(page.get_by_role("heading", name="A secret about medicine")).to_be_visible(
            timeout=SYNC_TIMEOUT_MS)

        # First choice by Tab then Space; the kernel then moves focus to each next moment's first
        # choice, and the second choice is one Tab further on.
        assert tab_to(page, "BUTTON", PATH[0]) > 0
        page.keyboard.press("Space")
        expect(page.locator(".pek-dilemma-feedback")).to_contain_text(
            "You chose: Promise her that it stays between the two of you.", timeout=SYNC_TIMEOUT_MS)
        for label in PATH[1:]:
            expect(page.get_by_role("button", name=label, exact=True)).to_be_focused(
                timeout=SYNC_TIMEOUT_MS)
            page.keyboard.press("Enter")
            expect(page.locator(".pek-dilemma-feedback")).to_contain_text(
                f"You chose: {label}", timeout=SYNC_TIMEOUT_MS)

        summary = page.locator(".pek-dilemma-summary")
        expect(summary).to_contain_text("A strong ending", timeout=SYNC_TIMEOUT_MS)
        expect(summary).to_contain_text('Your path through "A secret about medicine": 8 choices.')
        expect(summary).to_contain_text("Your path walked every step of the model.")
        expect(summary).to_contain_text(
            "Good practices on your path: was open with the person, named whose interests are "
            "involved, checked the code and policy, consulted supervisor, respected "
            "self-determination, documented the facts.")
        drawing = page.locator(".pek-dilemma-path img")
        expect(drawing).to_have_attribute("alt", re.compile(r"^Your path in order of the model's "
                                                             r"steps: 1\. Pause, then 8\. Reflect"))
        expect(page.locator(".pek-dilemma-path figcaption")).to_contain_text("(a strong ending).")
        start_again = page.get_by_role("button", name="Start again")
        expect(start_again).to_be_focused(timeout=SYNC_TIMEOUT_MS)

        page.keyboard.press("Enter")  # Start again, still by keyboard
        expect(summary).to_have_count(0, timeout=SYNC_TIMEOUT_MS)
        expect(page.get_by_role("button", name=PATH[0], exact=True)).to_be_visible()

        content = page.content()
        assert "dilemma_explorer(" not in content and "from peer_ethics" not in content
        assert loaded.offsite() == [], "requests leaving localhost:\n" + "\n".join(loaded.offsite())
        assert loaded.errors == []
    finally:
        loaded.page.context.close()
