"""Language reframing: rewrite sentences with stigmatising labels in person-first words.

Usage in a notebook cell::

    from peer_ethics.widgets.reframe import language_reframe
    language_reframe()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.reframe.model import LanguageReframe, ReframeFeedback

if TYPE_CHECKING:
    from peer_ethics.widgets.reframe.view import LanguageReframeView

__all__ = ["LanguageReframe", "ReframeFeedback", "language_reframe"]


def language_reframe() -> LanguageReframeView:
    """Load ``data/exercises/reframe.yaml`` and return the exercise widget.

    Raises
    ------
    peer_ethics.content.ContentError
        The exercise file is missing or invalid.
    """
    from peer_ethics.content.loader import reframe_items
    from peer_ethics.widgets.reframe.view import LanguageReframeView

    return LanguageReframeView(LanguageReframe(list(reframe_items())))
