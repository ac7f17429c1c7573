"""Formative check, pure model: answer a quick question, get immediate, explanatory feedback.

Not graded: formative checks are practice (widget state is not kept by nbgrader).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from peer_ethics.content.models import CheckSection

__all__ = ["CheckResult", "FormativeCheck"]


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one attempt.

    Attributes
    ----------
    correct : bool
        The chosen options are exactly the correct ones.
    feedback : list of str
        One explanation per chosen option, in option order, then a note on any correct option
        that was not chosen.
    """

    correct: bool
    feedback: list[str]

    def text(self) -> str:
        """The verdict and the explanations as plain text (no verdict repeated when the first
        explanation already gives one, such as "Yes. ...")."""
        head = "Right." if self.correct else "Not quite."
        first = self.feedback[0].split(".")[0].strip().lower() if self.feedback else ""
        if first in {"yes", "right", "correct", "exactly", "no", "not quite", "not really"}:
            return " ".join(self.feedback)
        return " ".join([head, *self.feedback])


class FormativeCheck:
    """One formative check question.

    Parameters
    ----------
    section : CheckSection
        The question, options and feedback from the module YAML.
    """

    def __init__(self, section: CheckSection) -> None:
        self.section = section
        self.attempts = 0

    @property
    def options(self) -> list[str]:
        """Option texts in order."""
        return [o.text for o in self.section.options]

    def answer(self, chosen: Iterable[int]) -> CheckResult:
        """Judge the options chosen (0-based indices).

        Raises
        ------
        ValueError
            No option chosen, an index out of range, or several chosen on a single-answer check.
        """
        picked = sorted(set(chosen))
        if not picked:
            raise ValueError("choose an option first")
        if any(i < 0 or i >= len(self.section.options) for i in picked):
            raise ValueError(f"options are numbered 0 to {len(self.section.options) - 1}")
        if len(picked) > 1 and not self.section.multiple:
            raise ValueError("this question has one answer: choose one option")
        self.attempts += 1
        options = self.section.options
        right = {i for i, o in enumerate(options) if o.correct}
        feedback = [options[i].feedback for i in picked]
        missed = right - set(picked)
        if missed and self.section.multiple:
            feedback.append(f"{len(missed)} more correct option{'s' if len(missed) > 1 else ''} "
                            "not chosen yet.")
        return CheckResult(set(picked) == right, feedback)
