"""Does promoting strong cues to paragraph techniques hurt the official SemEval metric?

The ``technique_spans`` stage reports Loaded_Language / Name_Calling-Labeling in a
paragraph the paragraph model did not flag when a hand-written strong cue fires there
(:mod:`unspin.techniques.loaded_language_cues`). This evaluation takes the shipped paragraph model's
predictions on a SemEval folder, adds the same promotions, and scores both with the official
subtask-3 micro-F1:

* dev sets of en, ge, it, po, ru (no strong-cue file for ge/it/po/ru: they measure that the
  promotion is a no-op there);
* the French *train* set (no French dev set exists). The cue lists were written by hand,
  not tuned on it, and its first-run figure is the one reported. Caveat: the paragraph model
  was trained on these articles, so it already predicts nearly every gold technique there
  and a promotion can only add false positives: its before/after says little. The
  model-independent ``cue_precision`` (share of paragraphs with a strong cue that have the
  technique in gold) is the fairer French figure, and the stage's promotion confidence.

A promotion raises micro-F1 when its precision exceeds half the current micro-F1.

Nickname entities (``form = "nickname"``) need the entities stage and are not used here:
the figure covers the word cues only.

Run: ``python -m unspin.evaluation.loaded_language_promotion [--data DIR] [--cache DIR]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..techniques.loaded_language_cues import STRONG_TECHNIQUES, find_strong_cues, load_strong_cues
from ..techniques.paragraphs import paragraphs
from ..techniques.taxonomy import LANGUAGE_DIRS
from ..techniques.training.scoring import score_subtask3
from ..techniques.training.semeval_format import read_articles, read_labels_3
from .paths import shared_data

log = logging.getLogger(__name__)

# (SemEval language code, split): French has no dev set, so its train set stands in.
SETS: tuple[tuple[str, str], ...] = (("en", "dev"), ("ge", "dev"), ("it", "dev"),
                                     ("po", "dev"), ("ru", "dev"), ("fr", "train"))
# A paragraph gets the technique when one strong cue of at least this weight fires.
PROMOTE_WEIGHT = 0.8

Predictions = dict[tuple[str, int], list[str]]
Texts = dict[tuple[str, int], str]


def default_data() -> Path:
    """``../shared/data/semeval2023`` (see :mod:`unspin.evaluation.paths`)."""
    return shared_data("semeval2023")


def cue_techniques(text: str, language: str, min_weight: float = PROMOTE_WEIGHT
                   ) -> dict[str, float]:
    """``{technique: best cue weight}`` of the strong cues of at least ``min_weight``."""
    cues = load_strong_cues(language)
    if cues is None:
        return {}
    out: dict[str, float] = {}
    for hit in find_strong_cues(text, 0, len(text), cues, STRONG_TECHNIQUES):
        if hit.weight >= min_weight:
            out[hit.technique] = max(out.get(hit.technique, 0.0), hit.weight)
    return out


def promote(predicted: Mapping[tuple[str, int], list[str]], texts: Texts, language: str,
            min_weight: float = PROMOTE_WEIGHT) -> tuple[Predictions, list[tuple]]:
    """Predictions plus the strong-cue promotions; also the list of ``(key, technique)``
    added. ``language`` is an ISO code (``fr``, ``en``)."""
    out: Predictions = {k: list(v) for k, v in predicted.items()}
    added = []
    for key, text in texts.items():
        labels = out.setdefault(key, [])
        for technique in cue_techniques(text, language, min_weight):
            if technique not in labels:
                labels.append(technique)
                added.append((key, technique))
    return out, added


def base_predictions(folder: Path, language: str, cache: Path | None = None
                     ) -> tuple[Predictions, Texts]:
    """The shipped paragraph model's predictions on ``folder`` and the paragraph texts.

    ``cache`` (a directory) keeps them between runs: predicting a folder takes minutes.
    """
    cache_file = cache / f"{language}-{folder.name}.pkl" if cache else None
    if cache_file and cache_file.is_file():
        with cache_file.open("rb") as fh:
            return pickle.load(fh)
    from ..techniques.predictor import load_predictor

    predictor = load_predictor()
    predicted: Predictions = {}
    texts: Texts = {}
    for aid, text in read_articles(folder).items():
        paras = paragraphs(text)
        for para in paras:
            texts[(aid, para.line)] = para.text
        for pred in predictor.paragraph_techniques([p.text for p in paras],
                                                   [p.line for p in paras], language):
            predicted[(aid, pred.line)] = pred.labels
    if cache_file:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        with cache_file.open("wb") as fh:
            pickle.dump((predicted, texts), fh)
    return predicted, texts


def evaluate_set(data: Path, code: str, split: str, cache: Path | None = None,
                 min_weight: float = PROMOTE_WEIGHT) -> dict[str, Any]:
    """Before/after micro-F1 of one language folder and the promotions' precision."""
    folder = data / code
    gold = read_labels_3(folder / f"{split}-labels-subtask-3.txt")
    predicted, texts = base_predictions(folder / f"{split}-articles-subtask-3", code, cache)
    iso = LANGUAGE_DIRS[code]
    after, added = promote(predicted, texts, iso, min_weight)
    before_scores, after_scores = score_subtask3(gold, predicted), score_subtask3(gold, after)
    by_technique: dict[str, dict[str, int]] = {}
    for key, technique in added:
        if key not in gold:
            continue
        counts = by_technique.setdefault(technique, {"promoted": 0, "correct": 0})
        counts["promoted"] += 1
        counts["correct"] += technique in gold[key]
    # Model-independent: how often a paragraph with a strong cue has the technique in gold
    # (the calibrated confidence of a promotion; not biased by an in-sample paragraph model).
    fired: dict[str, list[int]] = {}
    for key, text in texts.items():
        if key not in gold:
            continue
        for technique in cue_techniques(text, iso, min_weight):
            tally = fired.setdefault(technique, [0, 0])
            tally[0] += 1
            tally[1] += technique in gold[key]
    cue_precision = {t: {"fired": n, "in_gold": ok, "precision": round(ok / n, 3)}
                     for t, (n, ok) in fired.items()}
    return {"split": split,
            "micro_f1_before": round(before_scores["micro_f1"], 4),
            "micro_f1_after": round(after_scores["micro_f1"], 4),
            "macro_f1_before": round(before_scores["macro_f1"], 4),
            "macro_f1_after": round(after_scores["macro_f1"], 4),
            "promotions": by_technique, "cue_precision": cue_precision,
            "paragraphs": int(before_scores["items"])}


def evaluate(data: Path | None = None, sets: tuple[tuple[str, str], ...] = SETS,
             cache: Path | None = None, min_weight: float = PROMOTE_WEIGHT) -> dict[str, Any]:
    """Before/after scores of every available set (see the module docstring)."""
    data = Path(data) if data else default_data()
    if not data.is_dir():
        raise FileNotFoundError(f"SemEval-2023 data not found at {data}; pass --data "
                                "<path>/semeval2023")
    report = {}
    for code, split in sets:
        if (data / code / f"{split}-labels-subtask-3.txt").is_file():
            report[f"{split}_{code}"] = evaluate_set(data, code, split, cache, min_weight)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None,
                        help="directory to keep the paragraph model's predictions in")
    parser.add_argument("--min-weight", type=float, default=PROMOTE_WEIGHT)
    parser.add_argument("--languages", default=",".join(c for c, _ in SETS))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    wanted = set(args.languages.split(","))
    report = evaluate(args.data, tuple(s for s in SETS if s[0] in wanted), args.cache,
                      args.min_weight)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
