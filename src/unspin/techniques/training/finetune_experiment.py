"""Experiment: does fine-tuning e5's top layers lift the accurate backend's French CV?

Run (training machine only; needs torch, ``pip install torch==2.13.0``)::

    OMP_NUM_THREADS=1 python -m unspin.techniques.training.finetune_experiment \\
        --data ../shared/data/semeval2023 --variants k2 k1 ...

It rebuilds the accurate backend's rows exactly as ``train_accurate`` does (same articles,
frozen French articles left out of everything, same 5 folds by article), reads the fast
members' out-of-fold probabilities from ``~/.cache/unspin/accurate_fast_oof.npz`` (written
by ``unspin train techniques --backend accurate``, or computed here when absent), caches the
e5 states entering the tuned layers (``e5_states``), then for each fine-tuning variant
trains 5 fold models on the French rows and scores French CV (thresholds of each fold chosen
on the other folds, as ``train_accurate.french_cv``) for the variant alone and combined
with the existing members over a grid of weights. Every figure goes to the log and to
``~/.cache/unspin/finetune_report*.json``; nothing is written into the package.

``--extra-dev-languages ge it po ru`` gives those dev splits e5 features (both e5 members
train on them); ``--extra-train-languages en ge it po ru [--extra-train-rows N]`` adds
those train splits (whole articles drawn at random, about N gold rows split equally between
the languages) to the fine-tuned member's rows only. With extra train languages, every
non-French row trains every fold's model; French CV stays 5-fold by article on French rows.
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

from ..accurate import combine
from ..e5_numpy import E5Numpy
from ..features import EmbeddingCache, Encoder, text_key
from ..lexical import hashed_counts
from .corpus import CorpusArticle
from .e5_states import (
    DEFAULT_STATES_DIR,
    STORED_FIRST_LAYER,
    ParagraphStates,
    load_or_compute_states,
)
from .finetune_e5 import FineTuneConfig, import_torch
from .train_accurate import (
    AccurateConfig,
    Rows,
    _cached_fast_out_of_fold,
    build_rows,
    e5_candidates,
    e5_out_of_fold,
    french_cv,
    load_training_articles,
)
from .train_fast import DEFAULT_CACHE, article_folds, embed_articles, micro_thresholds
from .train_finetuned import (
    combined_with_finetuned,
    finetune_out_of_fold,
    finetuned_weights_grid,
)

log = logging.getLogger(__name__)

VARIANTS: dict[str, FineTuneConfig] = {
    "k1": FineTuneConfig(layers=1),
    "k2": FineTuneConfig(layers=2),
    "k3": FineTuneConfig(layers=3),
    "k2_e6": FineTuneConfig(layers=2, epochs=6),
    "k2_lr1e-4": FineTuneConfig(layers=2, lr=1e-4),
    "k2_h256": FineTuneConfig(layers=2, head_hidden=256),
    "k2_noside": FineTuneConfig(layers=2, side_features=False),
    "k2_s1": FineTuneConfig(layers=2, seed=1),
    "k2_s2": FineTuneConfig(layers=2, seed=2),
    "k1_lr1e-4": FineTuneConfig(layers=1, lr=1e-4),
    "k1_fr3": FineTuneConfig(layers=1, french_weight=3.0),  # with --extra-dev-languages
    "k12_fr3": FineTuneConfig(layers=12, french_weight=3.0),  # every layer
    "k12_fr3_lr1e-4_e6": FineTuneConfig(layers=12, french_weight=3.0, lr=1e-4, epochs=6),
    "k2_fr3": FineTuneConfig(layers=2, french_weight=3.0),
}


def sample_train_articles(articles: Sequence[CorpusArticle], languages: Sequence[str],
                          max_rows: int | None, seed: int = 0) -> list[int]:
    """Indices of train-split articles of ``languages``, whole articles drawn at random.

    Whole articles, because the e5 side features (article mean, neighbours) need every
    paragraph of an article; with ``max_rows``, each language gets an equal share of gold
    rows (articles drawn until its share is reached), so that one large language does not
    crowd out the others.
    """
    rng = np.random.default_rng(seed)
    chosen: list[int] = []
    for language in languages:
        pool = [i for i, a in enumerate(articles)
                if a.language == language and a.split == "train"]
        order = rng.permutation(len(pool))
        budget = None if max_rows is None else max_rows // len(languages)
        rows = 0
        for j in order:
            if budget is not None and rows >= budget:
                break
            chosen.append(pool[int(j)])
            rows += len(articles[pool[int(j)]].techniques)
    return sorted(chosen)


def fast_rows(data: Path) -> tuple[list[CorpusArticle], list[Any], Rows, np.ndarray,
                                   dict[str, np.ndarray]]:
    """The accurate backend's articles (frozen French ones left out), their USE embeddings,
    rows, 5 folds by article and the fast members' out-of-fold probabilities (cached)."""
    config = AccurateConfig()
    articles, frozen = load_training_articles(data, config.with_dev)
    use_emb = embed_articles(list(articles) + frozen, EmbeddingCache(DEFAULT_CACHE),
                             Encoder(threads=1))[: len(articles)]
    rows = build_rows(articles, use_emb, {})
    folds = article_folds(rows.groups)
    oof_path = DEFAULT_STATES_DIR / "accurate_fast_oof.npz"
    oof = _cached_fast_out_of_fold(rows, folds, config, hashed_counts(rows.texts), oof_path)
    return articles, use_emb, rows, folds, oof


def rows_with_e5_states(articles: Sequence[CorpusArticle], use_emb: Sequence[Any],
                        extra_dev_languages: Sequence[str], extra_articles: Sequence[int] = (),
                        states_dir: Path | None = None) -> tuple[Rows, ParagraphStates]:
    """Rows rebuilt with e5 features for French articles, the dev splits of
    ``extra_dev_languages`` and ``extra_articles`` (indices), and their cached e5 states."""
    chosen = sorted({i for i, a in enumerate(articles) if a.language == "fr"
                     or (a.split == "dev" and a.language in extra_dev_languages)}
                    | set(extra_articles))
    texts = [p.text for i in chosen for p in articles[i].paragraphs]
    states = load_or_compute_states(texts, STORED_FIRST_LAYER, states_dir)
    index = states.index()
    e5_emb = {i: states.embeddings[[index[text_key(p.text)] for p in articles[i].paragraphs]]
              for i in chosen}
    return build_rows(articles, use_emb, e5_emb), states


def run(data: Path, variants: Sequence[str], states_dir: Path | None,
        extra_dev_languages: Sequence[str] = (), reuse: bool = False,
        extra_train_languages: Sequence[str] = (),
        extra_train_rows: int | None = None,
        probe_fold: int | None = None) -> dict[str, Any]:
    """The whole experiment (see the module docstring).

    With ``reuse``, a variant whose out-of-fold file exists is read instead of retrained;
    with several variants, their mean (a bag) is scored too. ``extra_train_languages``
    adds those languages' train-split articles (at most about ``extra_train_rows`` gold
    rows) to the fine-tuned member's rows only; then every non-French row trains every
    fold's model (French CV stays 5-fold by article on the French rows).
    """
    articles, use_emb, rows, folds, oof = fast_rows(data)
    extra_train = sample_train_articles(articles, extra_train_languages, extra_train_rows)
    rows, states = rows_with_e5_states(articles, use_emb, extra_dev_languages, extra_train,
                                       states_dir)
    e5_rows = np.flatnonzero(rows.has_e5)
    extra_groups = np.isin(rows.groups, extra_train)
    # the frozen e5 member keeps the rows it had without extra train rows (comparability)
    e5_member_rows = replace(rows, has_e5=rows.has_e5 & ~extra_groups)
    always_train = (rows.has_e5 & (rows.languages != "fr")) if extra_train else None
    log.info("%d rows, %d rows with e5 states (%d from %d extra train articles)",
             len(rows.Y), len(e5_rows), int(extra_groups.sum()), len(extra_train))
    report: dict[str, Any] = {
        "rows": len(rows.Y), "e5_rows": len(e5_rows),
        "extra_dev_languages": list(extra_dev_languages),
        "extra_train_languages": list(extra_train_languages),
        "extra_train_articles": len(extra_train),
        "extra_train_rows": int(extra_groups.sum()),
        "extra_train_rows_by_language": {
            lang: int((extra_groups & (rows.languages == lang)).sum())
            for lang in extra_train_languages}}
    members = dict(oof)
    report["fast"] = french_cv(
        combined_with_finetuned(members, rows.has_e5, {"use": 1.0, "lexical": 2.0}),
        rows, folds)
    members["e5"] = e5_out_of_fold(e5_member_rows, folds, e5_candidates()["mlp256_a3_it60"])
    report["frozen_e5_recipe"] = french_cv(combined_with_finetuned(
        members, rows.has_e5, {"use": 1.0, "lexical": 2.0, "e5": 1.0}), rows, folds)
    log.info("fast %s; shipped accurate recipe %s", report["fast"], report["frozen_e5_recipe"])
    model = E5Numpy()
    report["variants"] = {}
    tag = "_".join(["", *extra_dev_languages])
    if extra_train:
        tag += "_train_" + "_".join(extra_train_languages) + f"_{extra_train_rows or 'all'}"
    bag: list[np.ndarray] = []
    for name in [*variants, "bag"] if len(variants) > 1 and probe_fold is None else variants:
        t0 = time.time()
        path = DEFAULT_STATES_DIR / f"ft_oof_{name}{tag}.npz"
        if probe_fold is not None:
            path = path.with_name(f"probe_fold{probe_fold}_{path.name}")
        if name == "bag":
            ft = np.mean(bag, axis=0)
        elif reuse and path.is_file():
            with np.load(path, allow_pickle=False) as saved:
                ft = saved["ft"]
        else:
            ft = finetune_out_of_fold(rows, folds, states, VARIANTS[name], model,
                                      always_train,
                                      None if probe_fold is None else [probe_fold])
            np.savez(path, ft=ft, folds=folds)
        if probe_fold is not None:
            report["variants"][name] = probe_scores(ft, members, rows, folds, probe_fold)
            log.info("PROBE %s fold %d: %s", name, probe_fold, report["variants"][name])
            (DEFAULT_STATES_DIR / f"finetune_probe{tag}.json").write_text(
                json.dumps(report, indent=1))
            continue
        bag.append(ft)
        cfg: Any = VARIANTS[name].__dict__ if name in VARIANTS else {"bag": list(variants)}
        members["ft"] = ft
        alone = french_cv(np.where(rows.has_e5[:, None], ft, members["use"]), rows, folds)
        scored = [(french_cv(combined_with_finetuned(members, rows.has_e5, w), rows, folds), w)
                  for w in finetuned_weights_grid() if w["ft"] > 0]
        best = max(scored, key=lambda s: s[0]["micro_f1"])
        report["variants"][name] = {
            "config": cfg, "alone": alone, "best": best[0], "best_weights": best[1],
            "grid": [{"weights": w, "cv_fr": s} for s, w in scored],
            "seconds": round(time.time() - t0)}
        log.info("VARIANT %s alone %s best %s with %s", name, alone, best[0], best[1])
        (DEFAULT_STATES_DIR / f"finetune_report{tag}.json").write_text(
            json.dumps(report, indent=1))
    return report


def probe_scores(ft: np.ndarray, members: dict[str, np.ndarray], rows: Any,
                 folds: np.ndarray, fold: int) -> dict[str, Any]:
    """French micro-F1 on one fold's rows, thresholds chosen on that same fold.

    Optimistic (thresholds fitted on the scored rows), so only comparisons between members
    scored the same way mean anything: a quick probe of a costly variant before its five
    folds are run.
    """
    sel = (folds == fold) & (rows.languages == "fr") & rows.has_e5
    Y = rows.Y[sel]

    def f1(probs: np.ndarray) -> float:
        p = probs[sel]
        pred = p >= micro_thresholds(p, Y)
        tp = float((pred & (Y > 0.5)).sum())
        wrong = float((pred != (Y > 0.5)).sum())
        return round(2 * tp / max(2 * tp + wrong, 1e-9), 4)

    out: dict[str, Any] = {"rows": int(sel.sum()), "alone": f1(ft),
                           "fast_members": f1(combine(
                               {m: members[m] for m in ("use", "lexical")},
                               {"use": 1.0, "lexical": 2.0}))}
    grid = [({"use": 1.0, "lexical": lex, "ft": w},
             f1(combine({"use": members["use"], "lexical": members["lexical"], "ft": ft},
                        {"use": 1.0, "lexical": lex, "ft": w})))
            for lex in (1.0, 2.0, 3.0) for w in (1.0, 2.0, 3.0, 4.0, 6.0, 9.0)]
    best = max(grid, key=lambda g: g[1])
    out["best_with_fast_members"], out["best_weights"] = best[1], best[0]
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--variants", nargs="*", default=["k2"], choices=sorted(VARIANTS))
    parser.add_argument("--states-dir", type=Path, default=None)
    parser.add_argument("--probe-fold", type=int, default=None,
                        help="train and score one fold only (thresholds fitted on it: an "
                             "optimistic figure, to compare variants cheaply)")
    parser.add_argument("--reuse", action="store_true",
                        help="read a variant's out-of-fold probabilities when already saved")
    parser.add_argument("--extra-dev-languages", nargs="*", default=[],
                        help="dev splits of these languages also get e5 features and train "
                             "the e5 members (e.g. ge it po ru)")
    parser.add_argument("--extra-train-languages", nargs="*", default=[],
                        help="train splits of these languages also train the fine-tuned "
                             "member, in every fold (e.g. en ge it po ru)")
    parser.add_argument("--extra-train-rows", type=int, default=None,
                        help="subsample those train splits to about this many gold rows, "
                             "split equally between the languages (whole articles, seed 0)")
    args = parser.parse_args(argv)
    try:
        import_torch()
    except RuntimeError as exc:
        parser.exit(2, f"error: {exc}\n")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    run(args.data, args.variants, args.states_dir, args.extra_dev_languages, args.reuse,
        args.extra_train_languages, args.extra_train_rows, args.probe_fold)


if __name__ == "__main__":
    main()
