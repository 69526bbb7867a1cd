"""Eval gate: the accurate techniques backend on French (issue 13).

Two figures, both from ``unspin train techniques --backend accurate`` (see
docs/model-card-techniques.md):

* the French 5-fold CV by article stored in the model's metadata (selection was made on
  it, so it is slightly optimistic);
* the frozen French articles (``src/unspin/data/techniques/frozen_fr_train.txt``), never
  trained on nor used to select anything: predicted again here with the shipped model and
  scored with the official micro-F1.

Floors sit about 0.02 below the measured figures; a drop below them means the model, the
features or the encoders broke.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.techniques.classifier import model_available

pytestmark = [pytest.mark.evalgate, pytest.mark.slow]

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2023"
# measured 2026-12-05: French CV micro-F1 0.419, frozen French 0.413
CV_FLOOR = 0.40
FROZEN_FLOOR = 0.39

needs_model = pytest.mark.skipif(
    not model_available("techniques_accurate"),
    reason="accurate techniques model not trained (unspin train techniques --backend accurate)")


@needs_model
def test_french_cv_of_the_shipped_model_reaches_the_floor() -> None:
    from unspin.techniques.accurate import AccurateModel

    cv = AccurateModel.load().meta["cv_accurate"]["fr"]
    assert cv["micro_f1"] >= CV_FLOOR, cv


@needs_model
def test_frozen_french_articles_reach_the_floor() -> None:
    if not (DATA / "fr" / "train-labels-subtask-3.txt").is_file():
        pytest.skip(f"SemEval-2023 French data absent at {DATA / 'fr'}")
    from unspin.techniques.accurate import load_accurate_predictor
    from unspin.techniques.taxonomy import TECHNIQUES
    from unspin.techniques.training.corpus import load_split
    from unspin.techniques.training.frozen import is_frozen
    from unspin.techniques.training.scoring import multilabel_scores

    frozen = [a for a in load_split(DATA, "fr", "train")
              if a.techniques and is_frozen(DATA, "fr", "train", a.id)]
    assert len(frozen) == 32
    predictor = load_accurate_predictor()
    gold, predicted = {}, {}
    for art in frozen:
        texts = [p.text for p in art.paragraphs]
        lines = [p.line for p in art.paragraphs]
        for pred in predictor.paragraph_techniques(texts, lines, "fr"):
            if pred.line in art.techniques:
                gold[(art.id, pred.line)] = art.techniques[pred.line]
                predicted[(art.id, pred.line)] = pred.labels
    scores = multilabel_scores(gold, predicted, TECHNIQUES)
    assert np.isfinite(scores["micro_f1"])
    assert scores["micro_f1"] >= FROZEN_FLOOR, scores
