"""Span-level evaluation: token-overlap F1 of the predicted technique spans.

No dev split of the SemEval data has span labels, so the evaluation holds out a fixed 20 %
of the training articles of each language (:func:`spans.is_held_out`), trains on the rest
and scores the held-out articles. The paragraph-level techniques are taken from the gold
(an *oracle* paragraph model), so the figure measures only where the words are found.

Score: micro precision/recall/F1 over (token, technique) pairs in the gold paragraphs; the
whole-paragraph baseline (highlight every token of the paragraph) is reported beside it.

``strong_cues`` applies the stage's handling of Loaded_Language / Name_Calling-Labeling
(:func:`loaded_language_cues.combine_spans`); a mode is ``off`` or names its parts: ``drop`` (drop
learnt spans of neutral words only) or ``trim`` (also cut neutral edge words), ``cues``
(spans on the strong cues, weak learnt spans next to them dropped), ``keep`` (… but kept).
``python -m unspin.techniques.training.evaluate_spans --languages fr,en --strong-cues off,drop,cues_drop``.
"""

from __future__ import annotations

import logging
import tempfile
from collections import defaultdict
from pathlib import Path

from ...evaluation.paths import shared_data
from ..loaded_language_cues import combine_spans, find_strong_cues, load_strong_cues
from ..span_words import WordScorer
from ..spans import (
    SpanModel,
    _line_spans,
    _TrainArticle,
    gold_token_labels,
    is_held_out,
    read_span_articles,
    repeated_word_boosts,
    spans_for,
    tokenize,
    train_spans,
)
from ..taxonomy import LANGUAGE_DIRS
from ..technique_markers import load_cues

log = logging.getLogger(__name__)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def evaluate_spans(data_dir: Path, languages: tuple[str, ...] = tuple(LANGUAGE_DIRS),
                   use_cues: bool = True, word_model: bool = True,
                   strong_cues: str | tuple[str, ...] = "off") -> dict:
    """Train on 80 % of the articles, score spans on the other 20 %, per language.

    Returns ``{language: {"model": prf, "paragraph_baseline": prf, "by_technique": {…}}}``
    plus an ``"all"`` entry (micro over languages). ``strong_cues`` may be a tuple of modes:
    each mode other than the first is scored too, as ``"model_<mode>"`` and
    ``"by_technique_<mode>"``.
    """
    modes = (strong_cues,) if isinstance(strong_cues, str) else tuple(strong_cues)
    import json

    data_dir = Path(data_dir)
    results: dict[str, dict] = {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    with tempfile.TemporaryDirectory() as tmp:
        train_spans(data_dir, Path(tmp), held_out=True, word_model=word_model)
        scorer = None
        if word_model:
            import numpy as np

            from ..span_words import WORD_MODEL_FILE

            saved = np.load(Path(tmp) / WORD_MODEL_FILE)
            scorer = WordScorer([str(t) for t in saved["techniques"]], saved["coef"],
                                saved["intercept"])
        for code in languages:
            iso = LANGUAGE_DIRS[code]
            model_path = Path(tmp) / f"spans_{iso}.json"
            if not model_path.is_file():
                continue
            model = SpanModel.from_json(json.loads(model_path.read_text(encoding="utf-8")))
            if use_cues:
                model.merge_cues(load_cues(iso))
            results[iso] = {}
            articles = [a for a in read_span_articles(data_dir / code) if is_held_out(a.id)]
            for n, mode in enumerate(modes):
                suffix = "" if n == 0 else f"_{mode}"
                counts = {"model": [0, 0, 0], "paragraph_baseline": [0, 0, 0]}
                by_tech: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
                for art in articles:
                    _score_article(art, model, counts, by_tech, scorer, iso != "de", mode, iso)
                if n:
                    counts = {f"model{suffix}": counts["model"]}
                for name, c in counts.items():
                    results[iso][name] = _prf(*c)
                    for k in range(3):
                        totals[name][k] += c[k]
                results[iso][f"by_technique{suffix}"] = {t: _prf(*c)
                                                         for t, c in sorted(by_tech.items())}
    results["all"] = {name: _prf(*c) for name, c in totals.items()}
    return results


def _score_article(art: _TrainArticle, model: SpanModel, counts: dict[str, list[int]],
                   by_tech: dict[str, list[int]], scorer: WordScorer | None = None,
                   skip_names: bool = True, strong_cues: str = "off",
                   language: str = "") -> None:
    cues = load_strong_cues(language) if strong_cues != "off" else None
    tokens = tokenize(art.text)
    labels = gold_token_labels(art, tokens)
    repeated = repeated_word_boosts(art.text)
    for start, end in _line_spans(art.text):
        idx = [k for k, t in enumerate(tokens) if t.start >= start and t.end <= end]
        techniques = set().union(*(labels[k] for k in idx)) if idx else set()
        for technique in techniques:
            gold = {k for k in idx if technique in labels[k]}
            predicted: set[int] = set()
            hits = spans_for(art.text, start, end, technique, model, repeated, scorer,
                             skip_names)
            if cues is not None:
                strong = find_strong_cues(art.text, start, end, cues, (technique,))
                hits = [h for h, _ in combine_spans(
                    art.text, technique, hits, strong, cues,
                    keep_learnt_strength=0.0 if "keep" in strong_cues else 0.8,
                    neutral="trim" if "trim" in strong_cues else
                    "drop" if "drop" in strong_cues else "off",
                    use_strong="cues" in strong_cues)]
            for hit in hits:
                predicted |= {k for k in idx if tokens[k].start >= hit.start
                              and tokens[k].end <= hit.end}
            for name, pred in (("model", predicted), ("paragraph_baseline", set(idx))):
                tp, fp, fn = len(gold & pred), len(pred - gold), len(gold - pred)
                c = counts[name]
                c[0] += tp; c[1] += fp; c[2] += fn
                if name == "model":
                    b = by_tech[technique]
                    b[0] += tp; b[1] += fp; b[2] += fn


def main() -> None:
    """``python -m unspin.techniques.training.evaluate_spans [--data DIR] [--languages fr,en]
    [--strong-cues off,neutral,all]``: print the held-out span scores as JSON."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Held-out span-level scores.")
    parser.add_argument("--data", type=Path,
                        default=shared_data("semeval2023"))
    parser.add_argument("--languages", default=",".join(LANGUAGE_DIRS),
                        help="SemEval folder codes (en, fr, ge, it, po, ru)")
    parser.add_argument("--strong-cues", default="off",
                        help="comma-separated modes among off, neutral, all")
    parser.add_argument("--no-word-model", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    report = evaluate_spans(args.data, tuple(args.languages.split(",")),
                            word_model=not args.no_word_model,
                            strong_cues=tuple(args.strong_cues.split(",")))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
