"""Shared fixtures: kit paths, and ipywidgets callbacks that raise instead of logging."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

KIT = Path(__file__).resolve().parents[1]
SHARED = KIT.parent / "shared"


@pytest.fixture
def kit() -> Path:
    """The kit checkout (repository root)."""
    return KIT


@pytest.fixture
def raise_callback_errors(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make ``Button.click()`` and other widget callbacks raise their exceptions.

    ipywidgets' ``CallbackDispatcher`` catches an exception raised in a callback and only logs
    it, so a test of a broken callback would pass. This fixture replaces the dispatcher's
    ``__call__`` with one that lets the exception propagate.
    """
    from ipywidgets.widgets.widget import CallbackDispatcher

    def call(self: CallbackDispatcher, *args: object, **kwargs: object) -> object:
        value = None
        for callback in self.callbacks:
            local = callback(*args, **kwargs)
            value = local if local is not None else value
        return value

    monkeypatch.setattr(CallbackDispatcher, "__call__", call)
    yield
