"""Experiment: does label-wise attention over e5 token states lift the French CV?

Run (training machine only; needs torch)::

    OMP_NUM_THREADS=1 python -m unspin.techniques.training.label_attention_experiment \\
        --data ../shared/data/semeval2023 --variants base nospan

Same rows, folds, frozen French articles and fast members' out-of-fold probabilities as
``finetune_experiment`` (``fast_rows``, ``rows_with_e5_states``: French + the ge/it/po/ru
dev splits get e5 features). Final e5
token states are computed from the cached states entering layer 9 and kept in
``~/.cache/unspin/e5_final_tokens.npz``. Each variant trains 5 fold models; French CV is
scored alone and in the ensemble over a grid of weights. Figures go to the log and
``~/.cache/unspin/label_attention_report.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..e5_numpy import E5Numpy
from ..features import text_key
from ..spans import read_span_articles
from ..taxonomy import TECHNIQUES
from .e5_states import DEFAULT_STATES_DIR
from .finetune_experiment import fast_rows, rows_with_e5_states
from .label_attention import (
    AttentionConfig,
    fit_attention,
    load_final_tokens,
    save_final_tokens,
    token_labels,
    token_word_spans,
)
from .train_accurate import e5_candidates, e5_out_of_fold, french_cv
from .train_fast import sample_weights
from .train_finetuned import combined_with_finetuned, states_entering

log = logging.getLogger(__name__)

VARIANTS: dict[str, AttentionConfig] = {
    "base": AttentionConfig(),
    "nospan": AttentionConfig(span_loss=0.0),
    "span3": AttentionConfig(span_loss=3.0),
    "e25": AttentionConfig(epochs=25),
    "fr1": AttentionConfig(french_weight=1.0),
    "s1": AttentionConfig(seed=1),
    "s2": AttentionConfig(seed=2),
    "p128": AttentionConfig(projection=128),
    "noside": AttentionConfig(side_features=False),
}


def row_token_labels(data: Path, articles: Sequence[Any], rows: Any, e5_rows: np.ndarray,
                     tokens: Sequence[np.ndarray], model: E5Numpy) -> list[np.ndarray | None]:
    """Token span labels for the e5 rows whose article has gold spans (train splits)."""
    index = {t: k for k, t in enumerate(TECHNIQUES)}
    span_articles: dict[tuple[str, str], Any] = {}
    for lang in sorted({str(rows.languages[i]) for i in e5_rows}):
        try:
            for art in read_span_articles(data / lang):
                span_articles[(lang, art.id)] = art
        except FileNotFoundError:
            continue
    out: list[np.ndarray | None] = []
    missing = mismatch = 0
    for j, i in enumerate(e5_rows):
        art = articles[rows.groups[i]]
        gold_art = span_articles.get((art.language, art.id)) if art.split == "train" else None
        if gold_art is None:
            out.append(None)
            missing += 1
            continue
        para = next(p for p in art.paragraphs if p.line == rows.keys[i][1])
        # span offsets count "\r\n" as two characters: find the line in the raw file
        start = _line_start(gold_art.text, para.line)
        if gold_art.text[start : start + len(para.text)] != para.text:
            out.append(None)
            mismatch += 1
            continue
        end = start + len(para.text)
        gold = [(index[t], s - start, e - start) for t, s, e in gold_art.spans
                if t in index and s < end and e > start]
        labels = token_labels(token_word_spans(model.weights.tokenizer, para.text), gold,
                              len(TECHNIQUES), len(tokens[j]))
        if labels is None:
            mismatch += 1
        out.append(labels)
    log.info("token labels: %d rows, %d without gold spans, %d not aligned",
             len(out), missing, mismatch)
    return out


def _line_start(text: str, line: int) -> int:
    """Offset of 1-based line ``line`` of ``text`` (lines split on ``\\n``)."""
    pos = 0
    for _ in range(line - 1):
        pos = text.index("\n", pos) + 1
    return pos


def run(data: Path, variants: Sequence[str], extra_dev_languages: Sequence[str],
        combos: bool) -> dict[str, Any]:
    """The whole experiment (see the module docstring); ``combos`` adds the saved
    fine-tuned member to the ensemble grid."""
    articles, use_emb, rows, folds, oof = fast_rows(data)
    rows, states = rows_with_e5_states(articles, use_emb, extra_dev_languages)
    e5_rows = np.flatnonzero(rows.has_e5)
    model = E5Numpy()
    keys = [text_key(rows.texts[i]) for i in e5_rows]
    cache = DEFAULT_STATES_DIR / "e5_final_tokens.npz"
    final = load_final_tokens(cache) if cache.is_file() else {}
    todo = [k for k in dict.fromkeys(keys) if k not in final]
    if todo:
        t0 = time.time()
        computed = states_entering(states, todo, model.weights.layers_count, model)
        final.update(zip(todo, computed))
        save_final_tokens(cache, list(final), list(final.values()))
        log.info("final token states of %d texts in %.0f s", len(todo), time.time() - t0)
    tokens = [final[k] for k in keys]
    labels = row_token_labels(data, articles, rows, e5_rows, tokens, model)
    members = dict(oof)
    # the frozen e5 member keeps the shipped recipe's French rows (0.401 with the dev rows)
    french_e5 = replace(rows, has_e5=rows.has_e5 & (rows.languages == "fr"))
    members["e5"] = e5_out_of_fold(french_e5, folds, e5_candidates()["mlp256_a3_it60"])
    report: dict[str, Any] = {"rows": len(rows.Y), "e5_rows": len(e5_rows),
                              "rows_with_token_labels": sum(x is not None for x in labels)}
    report["frozen_e5_recipe"] = french_cv(combined_with_finetuned(
        members, rows.has_e5, {"use": 1.0, "lexical": 2.0, "e5": 1.0}), rows, folds)
    log.info("shipped accurate recipe on these rows %s", report["frozen_e5_recipe"])
    ft_path = DEFAULT_STATES_DIR / "ft_oof_k2_fr3_ge_it_po_ru.npz"
    if combos and ft_path.is_file():
        with np.load(ft_path, allow_pickle=False) as saved:
            members["ft"] = saved["ft"]
    report["variants"] = {}
    bag: list[np.ndarray] = []
    for name in variants:
        cfg = VARIANTS[name]
        t0 = time.time()
        path = DEFAULT_STATES_DIR / f"att_oof_{name}.npz"
        if path.is_file():
            with np.load(path, allow_pickle=False) as saved:
                att = saved["att"]
        else:
            att = np.zeros_like(rows.Y)
            for k in range(int(folds.max()) + 1):
                train = np.flatnonzero(folds[e5_rows] != k)
                test = np.flatnonzero(folds[e5_rows] == k)
                fitted = fit_attention([tokens[i] for i in train], [labels[i] for i in train],
                                       rows.e5_X[e5_rows[train]], rows.Y[e5_rows[train]],
                                       sample_weights(rows.languages[e5_rows[train]],
                                                      cfg.french_weight), cfg)
                att[e5_rows[test]] = fitted.probabilities([tokens[i] for i in test],
                                                          rows.e5_X[e5_rows[test]])
                log.info("%s fold %d done (%.0f s)", name, k, time.time() - t0)
            np.savez(path, att=att, folds=folds)
        bag.append(att)
        report["variants"][name] = score_member(att, members, rows, folds, cfg.__dict__)
        report["variants"][name]["seconds"] = round(time.time() - t0)
        (DEFAULT_STATES_DIR / "label_attention_report.json").write_text(
            json.dumps(report, indent=1))
    if len(bag) > 1:
        report["variants"]["bag"] = score_member(np.mean(bag, axis=0), members, rows, folds,
                                                 {"bag": list(variants)})
        (DEFAULT_STATES_DIR / "label_attention_report.json").write_text(
            json.dumps(report, indent=1))
    return report


def score_member(att: np.ndarray, members: dict[str, np.ndarray], rows: Any,
                 folds: np.ndarray, cfg: dict[str, Any]) -> dict[str, Any]:
    """French CV of the member alone and in the ensemble over a grid of weights."""
    alone = french_cv(np.where(rows.has_e5[:, None], att, members["use"]), rows, folds)
    grid = []
    for lex in (1.0, 2.0, 3.0):
        for e5 in (0.0, 1.0):
            for ft in ((0.0, 3.0, 6.0) if "ft" in members else (0.0,)):
                for a in (0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 9.0):
                    w = {"use": 1.0, "lexical": lex, "e5": e5, "ft": ft, "att": a}
                    m = {**members, "att": att}
                    grid.append((french_cv(combined_with_finetuned(m, rows.has_e5, w),
                                           rows, folds), w))
    best = max(grid, key=lambda s: s[0]["micro_f1"])
    no_ft = max((g for g in grid if g[1]["ft"] == 0), key=lambda s: s[0]["micro_f1"])
    log.info("%s alone %s; best %s with %s; best without ft %s with %s", cfg, alone,
             best[0], best[1], no_ft[0], no_ft[1])
    return {"config": cfg, "alone": alone, "best": best[0], "best_weights": best[1],
            "best_without_ft": no_ft[0], "best_without_ft_weights": no_ft[1],
            "grid": [{"weights": w, "cv_fr": s} for s, w in grid]}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--variants", nargs="*", default=["base"], choices=sorted(VARIANTS))
    parser.add_argument("--extra-dev-languages", nargs="*", default=["ge", "it", "po", "ru"])
    parser.add_argument("--combos", action="store_true",
                        help="also combine with the saved fine-tuned member (ft_oof_k2_fr3…)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    run(args.data, args.variants, args.extra_dev_languages, args.combos)


if __name__ == "__main__":
    main()
