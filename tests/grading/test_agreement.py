"""Reflection scorer agreement with careful human labels, against the issue's targets.

The dev set was used to shape the rubric indicators; the holdout set was scored once after
that, so it is the honest estimate. Both hold fictional answers labelled by the rubric.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from peer_ethics.grading.agreement import measure

DATA = Path(__file__).parent / "data"


def _load(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["reflections_dev.yaml", "reflections_holdout.yaml"])
def test_scorer_meets_the_agreement_targets(name: str) -> None:
    """QWK >= 0.75 (all) and >= 0.85 (unflagged), criterion accuracy >= 0.85, <= 25% flagged."""
    result = measure(_load(name))
    assert result.qwk >= 0.75
    assert result.qwk_unflagged >= 0.85
    assert result.criterion_accuracy >= 0.85
    assert result.flag_rate <= 0.25


@pytest.mark.parametrize("name", ["reflections_dev.yaml", "reflections_holdout.yaml"])
def test_stuffed_negated_off_topic_or_copied_answers_never_earn_more_than_one(name: str) -> None:
    """No keyword-stuffed, negated, off-topic or copied answer gets 2+ points unflagged."""
    assert measure(_load(name)).cap_violations == []


def test_agreement_is_measured_exactly_on_a_tiny_set() -> None:
    """Perfect agreement on two answers gives kappa 1 and accuracy 1."""
    items = [
        {"rubric": "boundaries-gift", "id": "a", "kind": "strong", "score": 4,
         "labels": {"names-issue": 1, "respects-peer": 1, "concrete-action": 1,
                    "policy-or-supervision": 1},
         "text": "I would thank Dana warmly for the card she made. I would explain that I can't "
                 "accept the gift card, because money could blur the line between our helping "
                 "relationship and a friendship. I'd keep the handmade card if our gift policy "
                 "allows it and tell my supervisor."},
        {"rubric": "boundaries-gift", "id": "b", "kind": "weak", "score": 1,
         "labels": {"names-issue": 0, "respects-peer": 1, "concrete-action": 0,
                    "policy-or-supervision": 0},
         "text": "I would thank Dana so much and give her a big hug, then I would keep the gift "
                 "card because she wants me to have it and it would be rude to refuse."},
    ]
    result = measure(items)
    assert (result.n, result.qwk, result.criterion_accuracy, result.flag_rate) == (2, 1.0, 1.0, 0.0)
