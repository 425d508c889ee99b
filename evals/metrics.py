"""Binary-classification figures for the checker benchmark: ROC-AUC, balanced accuracy,
expected calibration error."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    pairs = sorted(zip(scores, labels, strict=True))
    n_pos = sum(1 for y in labels if y == 1)
    n_neg = len(labels) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    # Rank-sum (Mann-Whitney U) with average ranks for ties.
    rank_sum = 0.0
    i = 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        avg_rank = (i + j) / 2.0 + 1.0
        rank_sum += avg_rank * sum(1 for k in range(i, j + 1) if pairs[k][1] == 1)
        i = j + 1
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def balanced_accuracy(labels: Sequence[int], predicted: Sequence[int]) -> float:
    """Mean of the true-positive and true-negative rates."""
    tp = sum(1 for y, p in zip(labels, predicted, strict=True) if y == 1 and p == 1)
    tn = sum(1 for y, p in zip(labels, predicted, strict=True) if y == 0 and p == 0)
    n_pos = sum(1 for y in labels if y == 1)
    n_neg = len(labels) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    return 0.5 * (tp / n_pos + tn / n_neg)


def at_threshold(scores: Sequence[float], threshold: float) -> list[int]:
    return [1 if s >= threshold else 0 for s in scores]


def best_threshold(labels: Sequence[int], scores: Sequence[float]) -> float:
    """The cut that maximises balanced accuracy on (tuning) data: midpoints between scores."""
    values = sorted(set(scores))
    if len(values) < 2:
        return values[0] if values else 0.5
    cuts = [(a + b) / 2.0 for a, b in pairwise(values)]
    return max(cuts, key=lambda c: (balanced_accuracy(labels, at_threshold(scores, c)), -c))


def expected_calibration_error(
    labels: Sequence[int], probabilities: Sequence[float], bins: int = 10
) -> float:
    """Mean |accuracy - confidence| over equal-width probability bins, weighted by bin size
    (confidence = P(label 1))."""
    if not labels:
        return float("nan")
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        rows = [
            (y, p)
            for y, p in zip(labels, probabilities, strict=True)
            if lo <= p < hi or (b == bins - 1 and p == 1.0)
        ]
        if rows:
            share = sum(y for y, _ in rows) / len(rows)
            conf = sum(p for _, p in rows) / len(rows)
            total += len(rows) * abs(share - conf)
    return total / len(labels)
