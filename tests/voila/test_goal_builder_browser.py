"""The goal builder app, served by Voila, done to the end with the keyboard alone in Chromium."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SYNC_TIMEOUT_MS, open_page, tab_to
from playwright.sync_api import Browser, Page, expect

if TYPE_CHECKING:
    from tests.voila.conftest import VoilaServer

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APP = "/voila/render/widgets/goal_builder.ipynb"
GOAL = "I will go to the library's resume workshop and finish my resume by the end of next month."




def press_button(page: Page, name: str, key: str = "Enter") -> None:
    """Tab to the button called ``name`` and press it with ``key``."""
    tab_to(page, page.get_by_role("button", name=name, exact=True))
    page.keyboard.press(key)


def test_goal_builder_can_be_done_by_keyboard(browser: Browser, voila_server: VoilaServer) -> None:
    """Pick a peer with the arrow keys, fix a staff-worded goal, set dates, add steps: all keys."""
    today = date.today()  # the kernel runs on this machine, so its "today" is the same
    goal_date = (today + timedelta(days=40)).isoformat()
    first, second = (today + timedelta(days=7)).isoformat(), (today + timedelta(days=21)).isoformat()
    loaded = open_page(browser, voila_server.url(APP))
    try:
        page = loaded.page
        picker = page.get_by_role("combobox", name="Peer:")
        expect(picker).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        tab_to(page, picker)
        page.keyboard.press("ArrowDown")
        expect(page.get_by_text("I want a job, but I don't know where to start.")).to_be_visible(
            timeout=SYNC_TIMEOUT_MS)

        goal_box = page.get_by_role("textbox", name="The goal, in the peer's words:")
        tab_to(page, goal_box)
        page.keyboard.type("Staff will help Dev find a job.")
        press_button(page, "Check the goal")
        expect(page.get_by_text("SMART parts found: 2 of 5.").first).to_be_visible(
            timeout=SYNC_TIMEOUT_MS)
        expect(page.get_by_text("'staff will' says what a worker or staff will do.")).to_be_visible()

        tab_to(page, goal_box, back=True)
        page.keyboard.press("Control+A")
        page.keyboard.type(GOAL)
        press_button(page, "Check the goal", "Space")
        expect(page.get_by_text("SMART parts found: 5 of 5.").first).to_be_visible(
            timeout=SYNC_TIMEOUT_MS)

        date_box = page.get_by_role("textbox", name="Goal date (YYYY-MM-DD):")
        tab_to(page, date_box)
        page.keyboard.type("next month")
        press_button(page, "Set the goal date")
        expect(page.get_by_role("alert")).to_contain_text(
            "The goal date must be written as YYYY-MM-DD", timeout=SYNC_TIMEOUT_MS)
        tab_to(page, date_box, back=True)
        page.keyboard.press("Control+A")
        page.keyboard.type(goal_date)
        press_button(page, "Set the goal date")
        expect(page.get_by_text(f"Goal date set: {goal_date}.")).to_be_visible(
            timeout=SYNC_TIMEOUT_MS)

        for text, when, number in (("Finish my resume", second, 1),
                                   ("Go to the resume workshop", first, 1)):
            tab_to(page, page.get_by_role("textbox", name="Step:", exact=True))
            page.keyboard.type(text)
            tab_to(page, page.get_by_role("textbox", name="Step date (YYYY-MM-DD):"))
            page.keyboard.type(when)
            press_button(page, "Add the step")
            expect(page.get_by_text(f"Added step {number} on {when}.")).to_be_visible(
                timeout=SYNC_TIMEOUT_MS)

        expect(page.get_by_text(
            f"Dev's plan: \"{GOAL}\" Goal date {goal_date}. SMART parts found: 5 of 5. 2 steps, "
            f"the first on {first}.")).to_be_visible()
        alternative = (f"Timeline of Dev's plan from today, {today.isoformat()}, to the goal date, "
                       f"{goal_date} (40 days). Step 1, {first} (in 7 days): Go to the resume "
                       f"workshop. Step 2, {second} (in 21 days): Finish my resume.")
        expect(page.get_by_text(alternative, exact=True)).to_be_visible()
        expect(page.get_by_role("img", name=alternative)).to_be_visible()
        assert "goal_builder(" not in page.content()
        assert re.search(r"<img src=\"data:image/png;base64,", page.content())
        assert loaded.offsite() == [], "requests leaving localhost:\n" + "\n".join(loaded.offsite())
        assert loaded.errors == []
    finally:
        loaded.page.context.close()
