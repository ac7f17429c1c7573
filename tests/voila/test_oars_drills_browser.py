"""The OARS drills app, served by Voila and done to the end with the keyboard alone in Chromium."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SYNC_TIMEOUT_MS, open_page, tab_to
from playwright.sync_api import Browser, expect

if TYPE_CHECKING:
    from tests.voila.conftest import VoilaServer

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APP = "/voila/render/widgets/oars_drills.ipynb"




def test_oars_drills_can_be_done_by_keyboard(browser: Browser, voila_server: VoilaServer) -> None:
    """Six statements: five replies chosen with Tab and Space, one written; then the summary."""
    loaded = open_page(browser, voila_server.url(APP))
    try:
        page = loaded.page
        status = page.locator(".pek-oars [role=status]").first
        first = page.get_by_role("radio", name='"Part of you is excited, and part of you is '
                                               'scared it will go wrong again."')
        expect(first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        # (statement text that shows it is on screen, reply to choose or None to write, words)
        plan: list[tuple[str, str | None, str]] = [
            ("I start my new job on Monday.", '"Part of you is excited, and part of you is '
             'scared it will go wrong again."', "Reflection (an OARS skill)."),
            ("I skipped my group again this week.",
             '"Facing everyone felt like too much this week."', "Reflection (an OARS skill)."),
            ("I finally told my sister about my recovery.",
             '"That took courage. You took a real risk to let her in."',
             "Affirmation (an OARS skill)."),
            ("My hours got cut", '"You need to go to the housing office first thing tomorrow."',
             "Roadblock: advising."),
            ("The doctor changed my medicine again", None,
             "It reads like: Open question (an OARS skill)."),
            ("It has been thirty days since I last used.", '"Is this the longest you have gone?"',
             "Roadblock: closed question."),
        ]
        next_button = page.get_by_role("button", name="Next statement")
        for number, (statement, reply, verdict) in enumerate(plan, start=1):
            expect(page.get_by_text(statement)).to_be_visible(timeout=SYNC_TIMEOUT_MS)
            if reply is None:
                tab_to(page, page.get_by_role("textbox", name="Or write your own:"), back=True)
                page.keyboard.type("What would you like the doctor to know?")
                tab_to(page, page.get_by_role("button", name="Check my own words"))
            else:
                radio = page.get_by_role("radio", name=reply, exact=True)
                tab_to(page, radio, back=number > 1)
                page.keyboard.press("Space")
                expect(radio).to_be_checked()
                tab_to(page, page.get_by_role("button", name="Check my choice"))
            page.keyboard.press("Enter")
            expect(status).to_contain_text(verdict, timeout=SYNC_TIMEOUT_MS)
            expect(page.get_by_text(f"Answered {number} of 6 statements.")).to_be_visible()
            if number < len(plan):
                tab_to(page, next_button)
                page.keyboard.press("Enter")
        expect(next_button).to_be_disabled(timeout=SYNC_TIMEOUT_MS)
        tab_to(page, page.get_by_role("button", name="Show my summary"))
        page.keyboard.press("Enter")
        expect(page.locator(".pek-oars [role=status]").last).to_have_text(
            "Summary: You chose 4 of 6 OARS responses; reflections: 2; open questions: 1; "
            "affirmations: 1; summaries: 0; roadblocks: 2 (advising: 1, closed questions: 1). "
            "You wrote 1 of your answers yourself; their kinds come from a rough guide to their "
            "form.", timeout=SYNC_TIMEOUT_MS)
        assert "oars_drills(" not in page.content()
        assert loaded.offsite() == [], "requests leaving localhost:\n" + "\n".join(loaded.offsite())
        assert loaded.errors == []
    finally:
        loaded.page.context.close()
