"""Room mode for real: participants' server and the facilitator's, the live poll with several
browser sessions at once, the kernel cap's friendly page, culling, projector mode."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SYNC_TIMEOUT_MS, LoadedPage, fetch, open_page
from kit_servers import copy_kit, free_port, peer_ethics_command, stop_group, wait_until_ready
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.voila, pytest.mark.browser]

POLL = "/voila/render/widgets/live_poll.ipynb"
RESULTS = "/voila/render/widgets/poll_results.ipynb"
LANDING = "/voila/render/index.ipynb"
MAX_KERNELS = 5
POLL_WAIT_MS = 15_000  # participants' pages look for news every 2 s


@dataclass(frozen=True)
class Room:
    """A running ``peer-ethics room``: both servers' base URLs, its store and its log."""

    participants: str
    facilitator: str
    participants_port: int
    facilitator_port: int
    store: Path
    log_path: Path

    def log(self) -> str:
        """Return everything both Voila servers logged so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _start_room(kit: Path, *extra: str) -> tuple[Room, subprocess.Popen[bytes]]:
    port, facilitator_port = free_port(), free_port()
    store = kit / "poll.sqlite"
    log_path = kit / f"room-{port}.log"
    env = {**os.environ, "PEER_ETHICS_KIT": str(kit), "PEER_ETHICS_POLL_DB": str(store),
           "PYTHONUNBUFFERED": "1"}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*peer_ethics_command(), "room", "--port", str(port), "--facilitator-port",
             str(facilitator_port), "--no-preheat", *extra],
            cwd=kit, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    room = Room(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{facilitator_port}", port,
                facilitator_port, store, log_path)
    for base in (room.participants, room.facilitator):
        problem = wait_until_ready(base + "/voila/tree", process)
        if problem:
            stop_group(process)
            pytest.fail(f"peer-ethics room did not come up: {problem}\n{room.log()}", pytrace=False)
    deadline = time.monotonic() + 30
    while "Room mode is ready" not in room.log():
        assert time.monotonic() < deadline, room.log()
        time.sleep(0.2)
    return room, process


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    """``peer-ethics room --max-kernels 5 --no-preheat`` in a copy of the kit."""
    started, process = _start_room(copy_kit(tmp_path_factory.mktemp("room")),
                                   "--max-kernels", str(MAX_KERNELS))
    try:
        yield started
    finally:
        stop_group(process)


def _listening_address(port: int) -> str:
    """The local address a TCP socket listens on for ``port`` (from /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            return ".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0))
    raise AssertionError(f"nothing listens on port {port}")


def test_the_facilitator_server_listens_on_this_machine_only(room: Room) -> None:
    """Participants' server listens on every interface; the facilitator's on loopback only."""
    assert _listening_address(room.participants_port) == "0.0.0.0"
    assert _listening_address(room.facilitator_port) == "127.0.0.1"


def test_participants_cannot_open_facilitator_tools(room: Room) -> None:
    """The poll's results screen (reveal, reset) is not served to participants at all."""
    assert fetch(room.participants + RESULTS)[0] == 404
    status, landing = fetch(room.participants + LANDING)
    assert status == 200 and "Facilitator tools" not in landing and "live_poll.ipynb" in landing
    status, landing = fetch(room.facilitator + LANDING)
    assert status == 200 and "Facilitator tools" in landing and "poll_results.ipynb" in landing


def _choose_and_send(page: Page, answer: str) -> None:
    """Pick ``answer`` and send it with the keyboard only: Tab to the radio group, arrows, Enter."""
    radio = page.get_by_role("radio", name=answer)
    expect(radio).to_be_visible(timeout=POLL_WAIT_MS)
    first = page.get_by_role("radio").first
    first.focus()
    page.keyboard.press("Space")
    while not radio.is_checked():
        page.keyboard.press("ArrowDown")
    send = page.get_by_role("button", name="Send my answer")
    for _ in range(8):  # Tab past the remaining options to the Send button
        page.keyboard.press("Tab")
        if send.evaluate("b => b === document.activeElement"):
            break
    expect(send).to_be_focused()
    page.keyboard.press("Enter")


def test_live_poll_with_several_devices(browser: Browser, room: Room) -> None:
    """Three participants answer on their own pages; the facilitator's projected screen shows
    the count live, reveals the spread; the store holds counters only; a sixth page finds the
    room full and says so in plain words."""
    facilitator = open_page(browser, room.facilitator + RESULTS)
    people: list[LoadedPage] = []
    try:
        f = facilitator.page
        picker = f.get_by_role("combobox", name="Question:")
        expect(picker).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        for _ in range(3):
            people.append(open_page(browser, room.participants + POLL))
        for person in people:
            expect(person.page.get_by_text("Waiting for your facilitator")).to_be_visible(
                timeout=LOAD_TIMEOUT_MS)
            assert person.page.get_by_role("button", name="Reset answers").count() == 0
        # The facilitator, by keyboard: choose the family-call question, open it.
        picker.focus()
        f.keyboard.press("ArrowDown")  # the second question: a parent phones
        expect(picker).to_have_value(re.compile("parent phones"), timeout=SYNC_TIMEOUT_MS)
        f.keyboard.press("Tab")
        expect(f.get_by_role("button", name="Open this question")).to_be_focused()
        f.keyboard.press("Enter")
        expect(f.get_by_role("status")).to_contain_text("0 answers so far", timeout=SYNC_TIMEOUT_MS)
        for person, answer in zip(people, ("I ask my supervisor first", "I ask my supervisor first",
                                           "I can't confirm or deny who I work with"), strict=True):
            _choose_and_send(person.page, answer)
            expect(person.page.get_by_role("status")).to_contain_text("Your answer is in",
                                                                      timeout=SYNC_TIMEOUT_MS)
        expect(f.get_by_role("status")).to_contain_text("3 answers so far", timeout=POLL_WAIT_MS)
        assert f.get_by_text("I ask my supervisor first: 2 of 3 (67%)").count() == 0  # not yet
        assert f.locator(".pek-poll img").count() == 0
        # A sixth kernel (five pages are open, with the landing fetch) meets the cap.
        assert fetch(room.participants + LANDING)[0] == 200
        status, body = fetch(room.participants + POLL)
        assert status == 503 and "The room is full right now" in body and "Traceback" not in body
        # Reveal, by keyboard; every participant sees the spread without reloading.
        f.get_by_role("button", name="Show results to participants").focus()
        f.keyboard.press("Enter")
        expect(f.get_by_text("I ask my supervisor first: 2 of 3 (67%)")).to_be_visible(
            timeout=SYNC_TIMEOUT_MS)
        for person in people:
            expect(person.page.get_by_text("I can't confirm or deny who I work with: 1 of 3 (33%)")
                   ).to_be_visible(timeout=POLL_WAIT_MS)
            assert person.offsite() == [] and person.errors == []
        with sqlite3.connect(room.store) as db:
            assert sorted(db.execute("SELECT option, n FROM poll_counts")) == [(1, 1), (2, 2)]
            columns = {t: [c[1] for c in db.execute(f"PRAGMA table_info({t})")]
                       for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert columns == {"poll_state": ["id", "question", "round", "revealed"],
                           "poll_counts": ["question", "round", "option", "n"]}
        assert "live_poll(" not in people[0].page.content()
    finally:
        for loaded in (facilitator, *people):
            loaded.page.context.close()


def test_projector_mode_by_keyboard_and_kept_on_reload(browser: Browser, room: Room) -> None:
    """The first Tab reaches the projector toggle; Enter turns it on; a reload keeps it.

    (On the facilitator's server: the projected one, and free of the participants' cap.)"""
    loaded = open_page(browser, room.facilitator + LANDING)
    try:
        page = loaded.page
        expect(page.get_by_role("link", name=re.compile("^Module 1:"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS)
        page.keyboard.press("Tab")
        toggle = page.get_by_role("button", name="Projector mode: off")
        expect(toggle).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name="Projector mode: on")).to_have_attribute(
            "aria-pressed", "true")
        size = page.evaluate("getComputedStyle(document.querySelector('.jp-RenderedMarkdown')).fontSize")
        assert size == "28px"
        page.reload()
        expect(page.get_by_role("button", name="Projector mode: on")).to_be_visible(
            timeout=LOAD_TIMEOUT_MS)
        assert loaded.offsite() == []
    finally:
        loaded.page.context.close()


def test_an_unknown_page_gets_plain_words(room: Room) -> None:
    status, body = fetch(room.participants + "/voila/render/widgets/nothing_here.ipynb")
    assert status == 404 and "This page is not here" in body and "Traceback" not in body


def test_idle_participant_kernels_are_culled(tmp_path: Path) -> None:
    """With --cull-minutes 0.05 (3 s), a page's kernel left idle is shut down by the culler."""
    started, process = _start_room(copy_kit(tmp_path), "--cull-minutes", "0.05")
    try:
        assert fetch(started.participants + POLL)[0] == 200
        deadline = time.monotonic() + 30
        while "Culling" not in started.log():
            assert time.monotonic() < deadline, started.log()[-3000:]
            time.sleep(0.5)
    finally:
        stop_group(process)
