"""Agreement between the reflection scorer and human labels (for tests and benchmarks).

Quadratic weighted kappa comes from scikit-learn (``cohen_kappa_score(weights="quadratic")``),
installed with the ``test`` extra; the kit itself does not need it to grade.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from peer_ethics.content import rubric
from peer_ethics.grading.reflection import score_reflection

__all__ = ["CAPPED_KINDS", "Agreement", "measure"]

#: Kinds of answer that must never earn more than 1 point unless flagged for review.
CAPPED_KINDS = frozenset({"keyword-salad", "negated", "off-topic", "copied-prompt"})


@dataclass(frozen=True)
class Agreement:
    """Scorer-versus-human agreement on a labelled set.

    Attributes
    ----------
    n : int
        Responses.
    qwk : float
        Quadratic weighted kappa over all responses (scores 0..4).
    qwk_unflagged : float
        The same over responses not flagged for review.
    criterion_accuracy : float
        Share of (response, criterion) verdicts equal to the human label.
    flag_rate : float
        Share of responses flagged for review.
    cap_violations : list of str
        ids of capped-kind responses that earned more than 1 point without a flag.
    """

    n: int
    qwk: float
    qwk_unflagged: float
    criterion_accuracy: float
    flag_rate: float
    cap_violations: list[str]


def measure(items: Iterable[Mapping[str, Any]]) -> Agreement:
    """Score labelled items (``rubric, id, kind, text, labels, score``) and compare.

    Labels are ``{criterion_id: 0 or 1}`` and ``score`` their sum, as in
    ``../shared/reflections/sample.yaml``.
    """
    from sklearn.metrics import cohen_kappa_score

    human, machine, human_sure, machine_sure = [], [], [], []
    right = total = flagged = 0
    violations = []
    labels = list(range(5))
    for item in items:
        verdict = score_reflection(item["text"], rubric(item["rubric"]))
        human.append(item["score"])
        machine.append(verdict.score)
        if verdict.needs_review:
            flagged += 1
        else:
            human_sure.append(item["score"])
            machine_sure.append(verdict.score)
        for cid, label in item["labels"].items():
            right += int(verdict.criteria[cid].met) == label
            total += 1
        if item.get("kind") in CAPPED_KINDS and verdict.score > 1 and not verdict.needs_review:
            violations.append(str(item["id"]))
    kappa = lambda a, b: float(cohen_kappa_score(a, b, weights="quadratic", labels=labels))  # noqa: E731
    return Agreement(len(human), kappa(human, machine), kappa(human_sure, machine_sure),
                     right / total, flagged / len(human), violations)
