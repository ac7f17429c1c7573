"""Redact the case note: remove what identifies a peer, keep what the purpose needs.

Usage in a notebook cell::

    from peer_ethics.widgets.redaction import redact_case_note
    redact_case_note()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.redaction.model import CaseNoteRedaction, RedactionResult

if TYPE_CHECKING:
    from peer_ethics.widgets.redaction.view import CaseNoteRedactionView

__all__ = ["CaseNoteRedaction", "RedactionResult", "redact_case_note"]


def redact_case_note() -> CaseNoteRedactionView:
    """Load ``data/exercises/redaction.yaml`` and return the redaction widget.

    Raises
    ------
    peer_ethics.content.ContentError
        The exercise file is missing or invalid, or cites a source missing from the bibliography.
    """
    from peer_ethics.content.loader import redaction_content
    from peer_ethics.widgets.redaction.view import CaseNoteRedactionView

    return CaseNoteRedactionView(CaseNoteRedaction(redaction_content()))
