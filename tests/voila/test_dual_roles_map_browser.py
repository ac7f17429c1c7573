"""The dual-roles map app, served by Voila and done to the end with the keyboard alone in Chromium."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SYNC_TIMEOUT_MS, open_page, tab_to
from playwright.sync_api import Browser, expect

if TYPE_CHECKING:
    from tests.voila.conftest import VoilaServer

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APP = "/voila/render/widgets/dual_roles_map.ipynb"




def test_dual_roles_map_can_be_done_by_keyboard(browser: Browser, voila_server: VoilaServer) -> None:
    """Tick two roles with Tab and Space, read the guidance, draw the map with Enter."""
    loaded = open_page(browser, voila_server.url(APP))
    try:
        page = loaded.page
        neighbour = page.get_by_role("checkbox", name="Neighbour", exact=True)
        expect(neighbour).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        for name in ("Neighbour", "Landlord"):
            box = page.get_by_role("checkbox", name=name, exact=True)
            tab_to(page, box)
            page.keyboard.press("Space")
            expect(box).to_be_checked()
        guidance = page.locator(".pek-dual-roles .pek-card h4")
        expect(guidance).to_have_text([  # synced back from the kernel, highest risk first
            "Landlord: High risk. Act now, with your supervisor.",
            "Neighbour: Moderate risk. Plan it with your supervisor."], timeout=SYNC_TIMEOUT_MS)
        tab_to(page, page.get_by_role("button", name="Draw my map and summary"))
        page.keyboard.press("Enter")
        expect(page.locator(".pek-dual-roles [role=status]")).to_have_text(
            "You mapped 2 roles; 2 need a conversation with your supervisor: landlord (high risk), "
            "neighbour (moderate risk).", timeout=SYNC_TIMEOUT_MS)
        alternative = ("Map of your roles with Kofi. Kofi is in the centre. Your work role, peer "
                       "specialist, links you to Kofi. Other roles, each linked to Kofi: Landlord, "
                       "high risk; Neighbour, moderate risk.")
        image = page.get_by_role("img", name=alternative)
        expect(image).to_be_visible()
        assert image.evaluate("e => e.naturalWidth") > 300  # the PNG really decoded
        expect(page.locator(".pek-text-alternative")).to_have_text(f"The map in words: {alternative}")
        content = page.content()
        assert "dual_roles_map(" not in content and "from peer_ethics" not in content
        assert loaded.offsite() == [], "requests leaving localhost:\n" + "\n".join(loaded.offsite())
        assert loaded.errors == [], "\n".join(loaded.errors)
    finally:
        loaded.page.context.close()
