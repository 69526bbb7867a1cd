"""Eval gate: the shipped technique model on SemEval-2023 Task 3 dev sets (official micro-F1).

Floors sit about 0.02 below the figures measured with
``unspin eval techniques --data ../shared/data/semeval2023`` (see
docs/model-card-techniques.md); a drop below them means the model or the features broke.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.techniques.classifier import model_available

pytestmark = pytest.mark.evalgate

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2023"
# measured 2026-11-25 (5-seed bag): en 0.247, ge 0.442, it 0.507, po 0.334, ru 0.391
FLOORS = {"en": 0.225, "ge": 0.42, "it": 0.485, "po": 0.31, "ru": 0.37}


@pytest.mark.parametrize("language", sorted(FLOORS))
def test_dev_micro_f1_floor(language: str) -> None:
    if not (DATA / language / "dev-labels-subtask-3.txt").is_file():
        pytest.skip(f"SemEval-2023 dev data absent at {DATA / language}")
    if not model_available("techniques"):
        pytest.skip("techniques model not trained (unspin train techniques)")
    from unspin.evaluation.techniques import evaluate_language

    scores = evaluate_language(DATA, language)
    assert scores["micro_f1"] >= FLOORS[language], scores
