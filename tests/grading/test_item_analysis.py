"""Item analysis statistics: exact values on a small synthetic cohort."""

from __future__ import annotations

import math

import numpy as np
import pytest

from peer_ethics.grading.item_analysis import cronbach_alpha, item_statistics

# Four learners, three 1-point items: a perfect Guttman pattern.
SCORES = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float)


def test_difficulty_is_the_proportion_of_points_earned() -> None:
    """Items answered by 3, 2 and 1 of 4 learners have difficulty 0.75, 0.5, 0.25."""
    difficulty, _ = item_statistics(SCORES, np.ones(3))
    assert difficulty.tolist() == [0.75, 0.5, 0.25]


def test_discrimination_is_the_corrected_item_total_correlation() -> None:
    """Hand-computed Pearson r of each item with the total of the other items."""
    _, discrimination = item_statistics(SCORES, np.ones(3))
    assert discrimination == pytest.approx([0.75 / math.sqrt(0.75 * 2.75), 1 / math.sqrt(2),
                                            0.75 / math.sqrt(0.75 * 2.75)])


def test_cronbach_alpha_matches_the_formula() -> None:
    """k/(k-1) * (1 - sum of item variances / total variance) = 1.5 * (1 - 0.8333/1.6667)."""
    assert cronbach_alpha(SCORES) == pytest.approx(0.75)


def test_undefined_statistics_are_nan_not_errors() -> None:
    """An item everyone got right has no discrimination; one item has no alpha."""
    scores = np.array([[1, 1], [1, 0], [1, 1]], dtype=float)
    difficulty, discrimination = item_statistics(scores, np.ones(2))
    assert difficulty.tolist() == [1.0, pytest.approx(2 / 3)]
    assert math.isnan(discrimination[0]) and math.isnan(discrimination[1])
    assert math.isnan(cronbach_alpha(scores[:, :1]))


def test_partial_credit_items_use_their_points() -> None:
    """A 4-point item scored 4, 2, 0 has difficulty 0.5."""
    scores = np.array([[4, 1], [2, 1], [0, 0]], dtype=float)
    difficulty, _ = item_statistics(scores, np.array([4.0, 1.0]))
    assert difficulty.tolist() == [0.5, pytest.approx(2 / 3)]
