"""Evaluation of the shipped technique model on the SemEval-2023 Task 3 dev sets.

``unspin eval techniques --data ../shared/data/semeval2023`` predicts the subtask-3 dev
articles of en, ge, it, po and ru with the shipped model (trained on the train splits only)
and scores them with the official micro/macro-F1. French has no dev set here: its figure is
the 5-fold cross-validation grouped by article computed at training time (stored in the
model's metadata, ``cv``), reported alongside.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ..techniques.paragraphs import paragraphs
from ..techniques.predictor import load_predictor
from ..techniques.training.scoring import score_subtask3
from ..techniques.training.semeval_format import read_articles, read_labels_3
from .paths import shared_data

DEV_LANGUAGES: tuple[str, ...] = ("en", "ge", "it", "po", "ru")


def default_data() -> Path:
    """``../shared/data/semeval2023`` (see :mod:`unspin.evaluation.paths`)."""
    return shared_data("semeval2023")


def predict_dev(folder: Path, language: str) -> dict[tuple[str, int], list[str]]:
    """Subtask-3 predictions of every article in ``folder`` (one language)."""
    predictor = load_predictor()
    out: dict[tuple[str, int], list[str]] = {}
    for aid, text in read_articles(folder).items():
        paras = paragraphs(text)
        for pred in predictor.paragraph_techniques([p.text for p in paras],
                                                   [p.line for p in paras], language):
            out[(aid, pred.line)] = pred.labels
    return out


def evaluate_language(data: Path, language: str) -> dict[str, Any]:
    """Official subtask-3 scores of the shipped model on one language's dev set."""
    folder = data / language
    t0 = time.time()
    predicted = predict_dev(folder / "dev-articles-subtask-3", language)
    scores = score_subtask3(read_labels_3(folder / "dev-labels-subtask-3.txt"), predicted)
    return {"micro_f1": round(float(scores["micro_f1"]), 4),
            "macro_f1": round(float(scores["macro_f1"]), 4),
            "paragraphs": int(scores["items"]), "seconds": round(time.time() - t0, 1)}


def evaluate(data: Path | None = None, languages: tuple[str, ...] = DEV_LANGUAGES
             ) -> dict[str, Any]:
    """Dev-set scores per language plus the training-time French cross-validation."""
    data = Path(data) if data else default_data()
    if not data.is_dir():
        raise FileNotFoundError(f"SemEval-2023 data not found at {data}; pass --data "
                                "<path>/semeval2023")
    report: dict[str, Any] = {}
    for lang in languages:
        if (data / lang / "dev-labels-subtask-3.txt").is_file():
            report[f"dev_{lang}"] = evaluate_language(data, lang)
    cv = load_predictor().techniques.meta.get("cv", {})
    if "fr" in cv:
        report["cv_fr"] = {k: cv["fr"][k] for k in ("micro_f1", "macro_f1") if k in cv["fr"]}
    return report
