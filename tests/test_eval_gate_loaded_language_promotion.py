"""Eval gate: strong-cue promotions must not lower the official SemEval micro-F1.

``python -m unspin.evaluation.loaded_language_promotion`` measured on the English dev set a micro-F1 of
0.2509 before and 0.2530 after the promotions (4 of 11 right), and a model-independent cue
precision of 0.55 (Loaded_Language) / 0.53 (Name_Calling-Labeling). The gate checks that the
promotions do not lower micro-F1 and that a paragraph with a strong cue has the technique in
gold at least 40 % of the time (so a promoted badge is right more often than not wrong by
much); it does not pin the paragraph model's own figure (its gate does).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.techniques.classifier import model_available

pytestmark = pytest.mark.evalgate

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2023"
CUE_PRECISION_FLOOR = 0.4


def test_english_dev_promotions_do_not_lower_micro_f1() -> None:
    if not (DATA / "en" / "dev-labels-subtask-3.txt").is_file():
        pytest.skip(f"SemEval-2023 dev data absent at {DATA / 'en'}")
    if not model_available("techniques"):
        pytest.skip("techniques model not trained (unspin train techniques)")
    from unspin.evaluation.loaded_language_promotion import evaluate_set

    report = evaluate_set(DATA, "en", "dev")
    assert report["micro_f1_after"] >= report["micro_f1_before"], report
    for technique, entry in report["cue_precision"].items():
        assert entry["precision"] >= CUE_PRECISION_FLOOR, (technique, entry)
