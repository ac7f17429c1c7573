"""The facilitator's talk-time tracker, served by Voila, used with the keyboard alone in Chromium."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SYNC_TIMEOUT_MS, open_page, tab_to
from playwright.sync_api import Browser, Page, expect

if TYPE_CHECKING:
    from tests.voila.conftest import VoilaServer

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APP = "/voila/render/widgets/talk_time_tracker.ipynb"




def press_button(page: Page, name: str, key: str = "Enter", *, back: bool = False) -> None:
    """Tab to the button called ``name`` and press it with ``key``."""
    tab_to(page, page.get_by_role("button", name=name, exact=True), back=back)
    page.keyboard.press(key)


def test_talk_time_tracker_can_be_used_by_keyboard(browser: Browser,
                                                   voila_server: VoilaServer) -> None:
    """Set up three seats, switch speakers, pause: exact seats heard, shares that add up."""
    loaded = open_page(browser, voila_server.url(APP))
    try:
        page = loaded.page
        seats = page.get_by_role("textbox", name="Seats (comma-separated):")
        expect(seats).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        expect(page.get_by_role("button", name="Start Seat 6")).to_be_visible()
        tab_to(page, seats)
        page.keyboard.press("Control+A")
        page.keyboard.type("Seat 1, Seat 2, Seat 3")
        press_button(page, "Set up the seats")
        expect(page.get_by_text("3 seats set up. Times start at zero.")).to_be_visible(
            timeout=SYNC_TIMEOUT_MS)
        expect(page.get_by_role("button", name="Start Seat 4")).to_have_count(0)

        press_button(page, "Start Seat 1")
        expect(page.get_by_text("Speaking now: Seat 1.")).to_be_visible(timeout=SYNC_TIMEOUT_MS)
        expect(page.get_by_role("button", name="Stop Seat 1 (speaking)")).to_be_focused()
        page.wait_for_timeout(1_100)  # Seat 1 speaks for at least a second of the kernel's clock
        press_button(page, "Start Seat 2")  # switches: Seat 1 stops
        expect(page.get_by_text("Speaking now: Seat 2.")).to_be_visible(timeout=SYNC_TIMEOUT_MS)
        expect(page.get_by_role("button", name="Start Seat 1")).to_be_visible()
        press_button(page, "Pause (nobody speaking)", "Space")
        expect(page.get_by_text(re.compile(r"^Speaking now"))).to_have_count(
            0, timeout=SYNC_TIMEOUT_MS)
        expect(page.get_by_text("Nobody is speaking. The clock is paused.")).to_be_visible()
        expect(page.get_by_text(re.compile(r"^Not heard from yet: Seat 3\. You might leave a "
                                           r"pause"))).to_be_visible()

        shares = re.compile(r"^Share of talk time so far \(total .+; an equal share is 33%\): "
                            r"Seat 1 (\d+)% \((\d+) s\); Seat 2 (\d+)% \((\d+) s\); "
                            r"Seat 3 0% \(not heard yet\)\.$")
        alternative = page.get_by_text(re.compile(r"^Share of talk time so far"))
        expect(alternative).to_have_text(shares, timeout=SYNC_TIMEOUT_MS)
        text = alternative.inner_text()
        found = shares.fullmatch(text)
        assert found, text
        share_1, secs_1, share_2, _secs_2 = map(int, found.groups())
        assert secs_1 >= 1 and 0 < share_1 < 100 and share_2 < 100
        assert share_1 + share_2 in {99, 100, 101}  # each rounded to a whole percent
        expect(page.get_by_role("img", name=text)).to_be_visible()

        press_button(page, "Start Seat 3", back=True)
        expect(page.get_by_text("Speaking now: Seat 3.")).to_be_visible(timeout=SYNC_TIMEOUT_MS)
        press_button(page, "Stop Seat 3 (speaking)")  # the same button, now a Stop button
        expect(page.get_by_text(re.compile(r"^Speaking now"))).to_have_count(
            0, timeout=SYNC_TIMEOUT_MS)
        expect(page.get_by_text("Nobody is speaking. The clock is paused.")).to_be_visible()
        expect(page.get_by_text("Everyone has spoken at least once.", exact=False)).to_be_visible()
        assert "talk_time_tracker(" not in page.content()
        assert loaded.offsite() == [], "requests leaving localhost:\n" + "\n".join(loaded.offsite())
        assert loaded.errors == []
    finally:
        loaded.page.context.close()
