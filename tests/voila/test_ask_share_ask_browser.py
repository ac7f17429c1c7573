"""The Ask-Share-Ask planner app, served by Voila and done to the end with the keyboard alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SYNC_TIMEOUT_MS, open_page, tab_to
from playwright.sync_api import Browser, expect

if TYPE_CHECKING:
    from tests.voila.conftest import VoilaServer

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APP = "/voila/render/widgets/ask_share_ask.ipynb"
ASK = "Would it help to hear what got me through the nights?"
SHARE = ("My first weeks were hard too, and nights were the worst for me. A late walk and a call "
         "with a friend helped. It got easier, one night at a time.")
ASK_BACK = "What might help you on the hard nights?"




def test_ask_share_ask_can_be_done_by_keyboard(browser: Browser, voila_server: VoilaServer) -> None:
    """Type each step, pick the purpose with Space, press the buttons with Enter; plan is ready."""
    loaded = open_page(browser, voila_server.url(APP))
    try:
        page = loaded.page
        app = page.locator(".pek-ask-share-ask")
        counts = app.locator(".pek-word-count")
        ask = page.get_by_role("textbox", name="Step 1, Ask:")
        expect(ask).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        tab_to(page, ask)
        page.keyboard.type(ASK)
        # The live count is computed in the kernel: once it shows, the typed text has synced,
        # so the button press cannot overtake it.
        expect(counts.nth(0)).to_have_text("11 of 30 words", timeout=SYNC_TIMEOUT_MS)
        tab_to(page, page.get_by_role("button", name="Check step 1"))
        page.keyboard.press("Enter")
        expect(app.locator("[role=status]").first).to_have_text(
            "Fits the guidance. Step 1 (Ask): good. You ask before you share, so Priya decides "
            "whether to hear your story.", timeout=SYNC_TIMEOUT_MS)

        peer = page.get_by_role("radio", name="Priya's needs")
        tab_to(page, peer)
        page.keyboard.press("Space")
        expect(peer).to_be_checked()
        expect(app.locator("[role=status]").nth(1)).to_have_text(
            "Fits the guidance. Step 2 (Purpose): Yes. A disclosure is a tool for Priya's recovery, "
            "and that is the reason to share.", timeout=SYNC_TIMEOUT_MS)

        tab_to(page, page.get_by_role("textbox", name="Step 3, Share:"))
        page.keyboard.type(SHARE)
        expect(counts.nth(1)).to_have_text("31 of 60 words", timeout=SYNC_TIMEOUT_MS)
        tab_to(page, page.get_by_role("button", name="Check step 3"))
        page.keyboard.press("Enter")
        expect(app.locator("[role=status]").nth(2)).to_have_text(
            "Fits the guidance. Step 3 (Share): brief (31 words), free of graphic detail, and "
            "hopeful. Good.", timeout=SYNC_TIMEOUT_MS)

        tab_to(page, page.get_by_role("textbox", name="Step 4, Ask again:"))
        page.keyboard.type(ASK_BACK)
        expect(counts.nth(2)).to_have_text("8 of 30 words", timeout=SYNC_TIMEOUT_MS)
        tab_to(page, page.get_by_role("button", name="Check step 4"))
        page.keyboard.press("Enter")
        expect(app.locator("[role=status]").nth(3)).to_have_text(
            "Fits the guidance. Step 4 (Ask again): good. The focus goes back to Priya. Now listen.",
            timeout=SYNC_TIMEOUT_MS)

        tab_to(page, page.get_by_role("button", name="Show my plan"))
        page.keyboard.press("Enter")
        plan = app.locator(".pek-plan")
        expect(plan.locator("[role=status]")).to_have_text(
            "Your plan is ready: you ask first, share for Priya's sake in 31 words, and hand the "
            "focus back.", timeout=SYNC_TIMEOUT_MS)
        expect(plan.locator("li")).to_have_text([f"Ask: {ASK}", "Purpose: Priya's needs",
                                                 f"Share: {SHARE}", f"Ask again: {ASK_BACK}"])
        content = page.content()
        assert "ask_share_ask(" not in content and "from peer_ethics" not in content
        assert loaded.offsite() == [], "requests leaving localhost:\n" + "\n".join(loaded.offsite())
        assert loaded.errors == [], "\n".join(loaded.errors)
    finally:
        loaded.page.context.close()
