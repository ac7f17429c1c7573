"""Anonymous live poll: participants answer on their own devices, the facilitator projects the
spread. Answers go to a small SQLite store as counters only (see :mod:`.store`).

Usage in a notebook cell::

    from peer_ethics.widgets.poll import live_poll
    live_poll()                      # a participant's app

    from peer_ethics.widgets.poll import poll_results
    poll_results()                   # the facilitator's app (served only on their machine)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from peer_ethics.widgets.poll.model import FacilitatorPoll, ParticipantPoll, PollResults, SendResult
from peer_ethics.widgets.poll.store import POLL_DB_ENV, PollClosed, PollState, PollStore, default_store_path

if TYPE_CHECKING:
    from peer_ethics.widgets.poll.view import FacilitatorPollView, ParticipantPollView

__all__ = [
    "POLL_DB_ENV",
    "FacilitatorPoll",
    "ParticipantPoll",
    "PollClosed",
    "PollResults",
    "PollState",
    "PollStore",
    "SendResult",
    "default_store_path",
    "live_poll",
    "poll_results",
]


def live_poll(store: Path | str | None = None) -> ParticipantPollView:
    """Return a participant's poll widget on the room's store (default: :func:`default_store_path`).

    Raises
    ------
    peer_ethics.content.ContentError
        ``data/exercises/poll.yaml`` is missing or invalid.
    """
    from peer_ethics.content.loader import poll_questions
    from peer_ethics.widgets.poll.view import ParticipantPollView

    view = ParticipantPollView(ParticipantPoll(poll_questions(), PollStore(store or default_store_path())))
    view.start_auto_refresh()
    return view


def poll_results(store: Path | str | None = None) -> FacilitatorPollView:
    """Return the facilitator's poll screen on the room's store (default: :func:`default_store_path`).

    Raises
    ------
    peer_ethics.content.ContentError
        ``data/exercises/poll.yaml`` is missing or invalid.
    """
    from peer_ethics.content.loader import poll_questions
    from peer_ethics.widgets.poll.view import FacilitatorPollView

    view = FacilitatorPollView(FacilitatorPoll(poll_questions(), PollStore(store or default_store_path())))
    view.start_auto_refresh()
    return view
