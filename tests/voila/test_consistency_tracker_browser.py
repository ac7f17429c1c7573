"""The consistency tracker app, served by Voila, used with the keyboard alone in Chromium."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SYNC_TIMEOUT_MS, open_page, tab_to
from playwright.sync_api import Browser, expect

if TYPE_CHECKING:
    from tests.voila.conftest import VoilaServer

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APP = "/voila/render/widgets/consistency_tracker.ipynb"




def test_consistency_tracker_can_be_used_by_keyboard(
        browser: Browser, voila_server: VoilaServer) -> None:
    """The example is charted at once; a missed commitment added by keyboard updates it all."""
    loaded = open_page(browser, voila_server.url(APP))
    try:
        page = loaded.page
        expect(page.get_by_text("You kept 5 of 8 commitments (63%), more than half.")).to_be_visible(
            timeout=LOAD_TIMEOUT_MS)
        expect(page.get_by_role("img", name=re.compile(r"^Stacked bars per week"))).to_be_visible()
        week = page.get_by_role("spinbutton", name="Week number:")
        expect(week).to_have_value("5")
        tab_to(page, week)
        page.keyboard.press("Control+A")
        page.keyboard.type("6")
        tab_to(page, page.get_by_role("textbox", name="Commitment:"))
        page.keyboard.type("Text Malik the bus times.")
        missed = page.get_by_role("radio", name="Missed without notice")
        tab_to(page, missed)
        page.keyboard.press("Space")
        expect(missed).to_be_checked()
        tab_to(page, page.get_by_role("button", name="Add commitment"))
        page.keyboard.press("Enter")
        expect(page.get_by_text("Added to week 6: missed without notice.")).to_be_visible(
            timeout=SYNC_TIMEOUT_MS)
        expect(page.get_by_text(
            "You kept 5 of 9 commitments (56%), more than half. Renegotiated in advance: 2. "
            "Missed without notice: 2. Kept or renegotiated in advance: 7 of 9 (78%).")).to_be_visible()
        expect(page.get_by_text("Week 5: no commitments recorded.")).to_be_visible()
        expect(page.get_by_text("Week 6: 0 kept, 0 renegotiated in advance, 1 missed.")).to_be_visible()
        expect(page.get_by_role("img", name=re.compile(r"Week 6: 0 kept, 0 renegotiated in "
                                                       r"advance, 1 missed\.$"))).to_be_visible()
        assert "consistency_tracker(" not in page.content()
        assert loaded.offsite() == [], "requests leaving localhost:\n" + "\n".join(loaded.offsite())
        assert loaded.errors == []
    finally:
        loaded.page.context.close()
