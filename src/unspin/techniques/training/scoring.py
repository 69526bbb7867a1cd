"""The official metrics of SemEval-2023 Task 3.

* subtask 3: micro- and macro-F1 over all (paragraph, technique) pairs of the paragraphs
  listed in the gold file (a paragraph missing from the predictions counts as predicting
  nothing; predicted paragraphs absent from gold are ignored). Macro-F1 averages the
  per-technique F1 over the 23 techniques, a technique never seen nor predicted scoring 0,
  as the task's scorer (scikit-learn's ``f1_score`` over a fixed label list) does.
* subtask 1: macro-F1 over the three genres (micro-F1, i.e. accuracy, reported too).
* subtask 2: micro-F1 over frames (macro-F1 over the 14 frames reported too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..taxonomy import FRAMES, GENRES, TECHNIQUES


def _f1(tp: int, fp: int, fn: int) -> float:
    denominator = 2 * tp + fp + fn
    return 2 * tp / denominator if denominator else 0.0


def multilabel_scores(gold: Mapping[Any, Sequence[str]],
                      predicted: Mapping[Any, Sequence[str]],
                      classes: Sequence[str]) -> dict[str, Any]:
    """Micro/macro precision-recall-F1 over the items of ``gold`` and a fixed class list."""
    counts = {c: [0, 0, 0] for c in classes}  # tp, fp, fn
    for key, gold_labels in gold.items():
        g = set(gold_labels) & set(classes)
        p = set(predicted.get(key, ())) & set(classes)
        for c in g & p:
            counts[c][0] += 1
        for c in p - g:
            counts[c][1] += 1
        for c in g - p:
            counts[c][2] += 1
    tp = sum(v[0] for v in counts.values())
    fp = sum(v[1] for v in counts.values())
    fn = sum(v[2] for v in counts.values())
    per_class = {c: _f1(*v) for c, v in counts.items()}
    return {
        "micro_f1": _f1(tp, fp, fn),
        "macro_f1": sum(per_class.values()) / len(classes) if classes else 0.0,
        "micro_precision": tp / (tp + fp) if tp + fp else 0.0,
        "micro_recall": tp / (tp + fn) if tp + fn else 0.0,
        "items": float(len(gold)),
        "per_class_f1": per_class,
    }


def score_subtask3(gold: Mapping[tuple[str, int], Sequence[str]],
                   predicted: Mapping[tuple[str, int], Sequence[str]]) -> dict[str, Any]:
    """Subtask 3 scores: ``micro_f1`` (the official ranking metric), ``macro_f1``, ..."""
    return multilabel_scores(gold, predicted, TECHNIQUES)


def score_subtask2(gold: Mapping[str, Sequence[str]],
                   predicted: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """Subtask 2 scores: ``micro_f1`` (official) and ``macro_f1`` over the 14 frames."""
    return multilabel_scores(gold, predicted, FRAMES)


def score_subtask1(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, Any]:
    """Subtask 1 scores: ``macro_f1`` over the three genres (official) and ``micro_f1``."""
    as_sets_gold = {k: [v] for k, v in gold.items()}
    as_sets_pred = {k: [predicted[k]] for k in gold if k in predicted}
    scores = multilabel_scores(as_sets_gold, as_sets_pred, GENRES)
    # Macro over the genres present in gold or predictions, as scikit-learn does for
    # single-label data (a genre absent from both would otherwise count as 0).
    present = {v for v in gold.values()} | {predicted[k] for k in gold if k in predicted}
    per_class = scores["per_class_f1"]
    used = [g for g in GENRES if g in present]
    scores["macro_f1"] = sum(per_class[g] for g in used) / len(used) if used else 0.0
    return scores
