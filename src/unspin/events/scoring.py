"""Weighted F1 over a set of classes (the CASE-2021 Task 2 measure)."""

from __future__ import annotations

from collections.abc import Sequence


def weighted_f1(gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> float:
    """F1 of each class in ``classes`` weighted by its gold support; items whose gold label
    is outside ``classes`` do not weigh, but their predictions still count against the
    precision of the class predicted (scikit-learn's ``f1_score(labels=…, average=
    "weighted")``)."""
    wanted = set(classes)
    pairs = [(g, p) for g, p in zip(gold, predicted) if g in wanted]
    total = len(pairs)
    if not total:
        return 0.0
    score = 0.0
    for label in wanted:
        support = sum(1 for g, _ in pairs if g == label)
        if not support:
            continue
        tp = sum(1 for g, p in pairs if g == label and p == label)
        # precision over every item predicted as this class, whatever its gold class
        predicted_n = sum(1 for p in predicted if p == label)
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        score += f1 * support / total
    return score
