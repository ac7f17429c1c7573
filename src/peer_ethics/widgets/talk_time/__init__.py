"""Facilitator talk-time tracker: share of voice per seat, and who has not spoken yet.

Usage in a notebook cell (on the facilitator's own screen)::

    from peer_ethics.widgets.talk_time import talk_time_tracker
    talk_time_tracker()
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from peer_ethics.widgets.talk_time.model import TalkTimeTracker, parse_seats

if TYPE_CHECKING:
    from peer_ethics.widgets.talk_time.view import TalkTimeView

__all__ = ["TalkTimeTracker", "parse_seats", "talk_time_tracker"]


def talk_time_tracker(clock: Callable[[], float] = time.monotonic) -> TalkTimeView:
    """Return the talk-time tracker widget, set up with seats "Seat 1" to "Seat 6".

    It has no content file: its texts are rules in :mod:`peer_ethics.widgets.talk_time.model`.
    Nothing is written to disk.

    Parameters
    ----------
    clock : callable returning float, optional
        Seconds, never going backwards (default :func:`time.monotonic`); inject one in tests.
    """
    from peer_ethics.widgets.talk_time.view import TalkTimeView

    return TalkTimeView(clock)
