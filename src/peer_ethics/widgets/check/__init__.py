"""Formative checks: a quick question with immediate feedback, inside a learner notebook.

Usage in a notebook cell::

    from peer_ethics.widgets.check import formative_check
    formative_check("boundaries", "crossing-or-violation-check")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_ethics.widgets.check.model import CheckResult, FormativeCheck

if TYPE_CHECKING:
    from peer_ethics.widgets.check.view import FormativeCheckView

__all__ = ["CheckResult", "FormativeCheck", "formative_check"]


def formative_check(module: str, check_id: str) -> FormativeCheckView:
    """Return the widget for check ``check_id`` of module ``module``.

    Raises
    ------
    KeyError
        The module has no such check (the message lists its checks).
    """
    from peer_ethics.content import module as load_module
    from peer_ethics.content.models import CheckSection
    from peer_ethics.widgets.check.view import FormativeCheckView

    checks = {s.id: s for s in load_module(module).sections if isinstance(s, CheckSection)}
    if check_id not in checks:
        raise KeyError(f"module {module!r} has no check {check_id!r}; it has: {', '.join(checks)}")
    return FormativeCheckView(FormativeCheck(checks[check_id]))
