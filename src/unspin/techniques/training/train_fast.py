"""Training the technique, genre and frame classifiers from the SemEval-2023 Task 3 data.

One reproducible command (``unspin train techniques --data ../shared/data/semeval2023``)
runs everything here: it embeds every paragraph (cached outside the repository), runs a
5-fold cross-validation grouped by article over the training articles of all six
languages (French weighted up) to get out-of-fold probabilities, calibrates per-language
decision thresholds on them for micro-F1, fits the final networks on all training articles
and writes plain arrays to ``src/unspin/models``. Dev splits are never trained on, so the
dev scores of the shipped model stay honest.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..classifier import LabelModel, Network
from ..features import (
    EmbeddingCache,
    Encoder,
    article_features,
    document_features,
    embed_paragraphs,
    feature_dim,
)
from ..lexical import LexicalModel, fit_lexical, hashed_counts
from ..taxonomy import FRAMES, GENRES, TECHNIQUES
from .corpus import LANGUAGES, CorpusArticle, load_corpus
from .scoring import multilabel_scores

log = logging.getLogger(__name__)

DEFAULT_CACHE = Path.home() / ".cache" / "unspin" / "use_paragraphs.npz"
FRENCH_WEIGHT = 3.0
N_FOLDS = 5
SEED = 13
THRESHOLD_GRID = np.round(np.arange(0.04, 0.91, 0.02), 2)


@dataclass
class Matrix:
    """Feature rows with their multi-hot labels and bookkeeping."""

    X: np.ndarray
    Y: np.ndarray
    groups: np.ndarray  # article index of each row
    languages: np.ndarray
    keys: list[tuple[str, int]]  # (article id, line) for paragraphs, (article id, 0) else
    texts: list[str] = field(default_factory=list)  # paragraph texts (technique rows)


@dataclass
class TrainConfig:
    """Hyper-parameters of one network of the ensemble."""

    hidden: int = 256
    alpha: float = 3.0
    max_iter: int = 25
    french_weight: float = FRENCH_WEIGHT
    seed: int = SEED  # random initialisation and batch order of the network fit


LEXICAL_C = 1.0
LEXICAL_FRENCH_WEIGHT = 3.0
# The lexical member's probabilities count twice in the average (French CV 0.407 -> 0.414
# with English, German and Italian up too; Polish -0.005).
LEXICAL_WEIGHT = 2.0
# The shipped technique ensemble: a regularised MLP over the embedding features, averaged
# with the lexical member (each alone scored lower in the French cross-validation; adding
# per-label logistic regressions or word n-grams did not help).
# French is not weighted up in the network (weight 3 scored 0.01 lower), only in the
# lexical member, whose character n-grams are language-specific.
# Five networks differing only in their seed are averaged: one network's French CV moves
# between 0.401 and 0.412 with the seed alone, and the bag is steadier on the dev sets.
NETWORK_SEEDS: tuple[int, ...] = (13, 1, 2, 3, 4)
TECHNIQUE_ENSEMBLE: tuple[TrainConfig, ...] = tuple(
    TrainConfig(hidden=256, alpha=3.0, max_iter=25, french_weight=1.0, seed=seed)
    for seed in NETWORK_SEEDS)


def lexical_member_weight(n_networks: int) -> float:
    """Weight of the lexical member relative to ONE network in ``LabelModel.scores``.

    ``LEXICAL_WEIGHT`` is meant against the networks' mean, so that bagging more seeds
    does not dilute the lexical member: (mean of nets + w * lex) / (1 + w).
    """
    return LEXICAL_WEIGHT * max(n_networks, 1)


# ---------------------------------------------------------------- features of the corpus

def embed_articles(articles: Sequence[CorpusArticle], cache: EmbeddingCache,
                   encoder: Encoder) -> list[tuple[np.ndarray, np.ndarray]]:
    """(paragraph embeddings, sentence-max embeddings) of every article, in order."""
    texts = [p.text for a in articles for p in a.paragraphs]
    para, sent_max = embed_paragraphs(texts, lambda batch: cache.embed(batch, encoder))
    out, i = [], 0
    for a in articles:
        n = len(a.paragraphs)
        out.append((para[i : i + n], sent_max[i : i + n]))
        i += n
    return out


def technique_matrix(articles: Sequence[CorpusArticle],
                     embeddings: Sequence[tuple[np.ndarray, np.ndarray]]) -> Matrix:
    """Paragraph rows of the articles with subtask-3 gold (only the gold-listed lines)."""
    index = {t: i for i, t in enumerate(TECHNIQUES)}
    rows, labels, groups, langs, keys, texts = [], [], [], [], [], []
    for g, (art, emb) in enumerate(zip(articles, embeddings)):
        if not art.techniques:
            continue
        feats = article_features(emb[0], [p.text for p in art.paragraphs],
                                 [p.line for p in art.paragraphs], emb[1], art.language)
        by_line = {p.line: i for i, p in enumerate(art.paragraphs)}
        for line, techs in sorted(art.techniques.items()):
            if line not in by_line:
                continue
            rows.append(feats[by_line[line]])
            y = np.zeros(len(TECHNIQUES), np.float32)
            for t in techs:
                if t in index:
                    y[index[t]] = 1.0
            labels.append(y)
            groups.append(g)
            langs.append(art.language)
            keys.append((art.id, line))
            texts.append(art.paragraphs[by_line[line]].text)
    return Matrix(np.asarray(rows, np.float32).reshape(-1, feature_dim()),
                  np.asarray(labels, np.float32).reshape(-1, len(TECHNIQUES)),
                  np.asarray(groups), np.asarray(langs), keys, texts)


def document_matrix(articles: Sequence[CorpusArticle],
                    embeddings: Sequence[tuple[np.ndarray, np.ndarray]], task: str) -> Matrix:
    """Article rows for ``task`` = ``genre`` (one-hot) or ``frames`` (multi-hot)."""
    classes = GENRES if task == "genre" else FRAMES
    index = {c: i for i, c in enumerate(classes)}
    rows, labels, groups, langs, keys = [], [], [], [], []
    for g, (art, emb) in enumerate(zip(articles, embeddings)):
        gold = [art.genre] if task == "genre" and art.genre else (
            art.frames if task == "frames" else None)
        if gold is None or not art.paragraphs:
            continue
        y = np.zeros(len(classes), np.float32)
        for c in gold:
            if c in index:
                y[index[c]] = 1.0
        rows.append(document_features(emb[0]))
        labels.append(y)
        groups.append(g)
        langs.append(art.language)
        keys.append((art.id, 0))
    return Matrix(np.asarray(rows, np.float32), np.asarray(labels, np.float32),
                  np.asarray(groups), np.asarray(langs), keys)


# ---------------------------------------------------------------- fitting

def fit_network(X: np.ndarray, Y: np.ndarray, weights: np.ndarray, config: TrainConfig,
                output: str = "sigmoid") -> Network:
    """Fit a one-hidden-layer network (or a linear model when ``hidden`` is 0)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    mean = X.mean(axis=0)
    scale = X.std(axis=0) + 1e-6
    Z = (X - mean) / scale
    if output == "softmax":
        y = Y.argmax(axis=1)
        clf = LogisticRegression(C=1.0 / (config.alpha * len(X)), max_iter=1000)
        clf.fit(Z, y, sample_weight=weights)
        coef, intercept = clf.coef_, clf.intercept_
        if len(clf.classes_) == 2:  # scikit-learn keeps one row for two classes
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        W = np.zeros((X.shape[1], Y.shape[1]), np.float32)
        b = np.full(Y.shape[1], -30.0, np.float32)  # a class never seen stays improbable
        for j, c in enumerate(clf.classes_):
            W[:, c], b[c] = coef[j], intercept[j]
        return Network(mean, scale, [(W, b)], "softmax")
    if config.hidden <= 0:
        W = np.zeros((X.shape[1], Y.shape[1]), np.float32)
        b = np.zeros(Y.shape[1], np.float32)
        for j in range(Y.shape[1]):
            if Y[:, j].min() == Y[:, j].max():
                b[j] = 30.0 if Y[0, j] else -30.0
                continue
            clf = LogisticRegression(C=1.0 / (config.alpha * len(X)), max_iter=300)
            clf.fit(Z, Y[:, j], sample_weight=weights)
            W[:, j], b[j] = clf.coef_[0], clf.intercept_[0]
        return Network(mean, scale, [(W, b)], "sigmoid")
    mlp = MLPClassifier(hidden_layer_sizes=(config.hidden,), alpha=config.alpha,
                        max_iter=config.max_iter, batch_size=256, learning_rate_init=1e-3,
                        early_stopping=False, random_state=config.seed)
    with warnings.catch_warnings():
        # few epochs on purpose (stopping early regularises): not converging is expected
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(Z, Y.astype(int), sample_weight=weights)
    layers = [(w.astype(np.float32), b.astype(np.float32))
              for w, b in zip(mlp.coefs_, mlp.intercepts_)]
    return Network(mean, scale, layers, "sigmoid")


def sample_weights(languages: np.ndarray, french_weight: float) -> np.ndarray:
    """French rows count ``french_weight`` times (French is the project's first language)."""
    return np.where(languages == "fr", french_weight, 1.0).astype(np.float64)


def article_folds(groups: np.ndarray, n_folds: int = N_FOLDS, seed: int = SEED) -> np.ndarray:
    """Fold number of each row, whole articles kept together (reproducible shuffle)."""
    unique = np.unique(groups)
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {int(g): int(i % n_folds) for i, g in zip(range(len(unique)), unique[order])}
    return np.array([fold_of[int(g)] for g in groups])


def fit_ensemble(X: np.ndarray, Y: np.ndarray, weights: np.ndarray,
                 configs: Sequence[TrainConfig], output: str = "sigmoid") -> list[Network]:
    """One network per config, all on the same data."""
    return [fit_network(X, Y, weights, c, output) for c in configs]


def ensemble_scores(networks: Sequence[Network], X: np.ndarray) -> np.ndarray:
    """Mean probabilities of the networks (as ``LabelModel.scores``)."""
    return sum(net.scores(X) for net in networks) / len(networks)  # type: ignore[return-value]


Scorer = Callable[[np.ndarray], np.ndarray]  # row indices -> probabilities


def out_of_fold(matrix: Matrix, fit: Callable[[np.ndarray], Scorer],
                folds: np.ndarray) -> np.ndarray:
    """Out-of-fold probabilities of every row (each fold predicted by a model not seeing it).

    ``fit(train_rows)`` trains on those row indices and returns a scorer of row indices.
    """
    probs = np.zeros_like(matrix.Y)
    for k in np.unique(folds):
        t0 = time.time()
        scorer = fit(np.flatnonzero(folds != k))
        test = np.flatnonzero(folds == k)
        probs[test] = scorer(test)
        log.info("fold %d done in %.0f s", k, time.time() - t0)
    return probs


# ---------------------------------------------------------------- thresholds

def _counts(probs: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """tp, fp, fn per (threshold of the grid, label)."""
    pred = probs[None, :, :] >= THRESHOLD_GRID[:, None, None]
    gold = Y[None, :, :] > 0.5
    tp = (pred & gold).sum(axis=1).astype(np.float64)
    fp = (pred & ~gold).sum(axis=1).astype(np.float64)
    fn = (~pred & gold).sum(axis=1).astype(np.float64)
    return tp, fp, fn


def micro_thresholds(probs: np.ndarray, Y: np.ndarray,
                     prior: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                     prior_weight: float = 0.0, passes: int = 3) -> np.ndarray:
    """Per-label thresholds maximising micro-F1 by coordinate ascent over a grid.

    ``prior`` (counts from a larger pool, e.g. all languages) is blended in with
    ``prior_weight`` so that labels rare in a small language do not get noisy thresholds.
    """
    tp, fp, fn = _counts(probs, Y)
    if prior is not None and prior_weight > 0:
        tp, fp, fn = (tp + prior_weight * prior[0], fp + prior_weight * prior[1],
                      fn + prior_weight * prior[2])
    n_labels = Y.shape[1]
    # start from the best single global threshold
    totals = [(2 * tp[g].sum()) / max(2 * tp[g].sum() + fp[g].sum() + fn[g].sum(), 1e-9)
              for g in range(len(THRESHOLD_GRID))]
    choice = np.full(n_labels, int(np.argmax(totals)))
    for _ in range(passes):
        for j in range(n_labels):
            cur_tp = tp[choice, np.arange(n_labels)].sum() - tp[choice[j], j]
            cur_fp = fp[choice, np.arange(n_labels)].sum() - fp[choice[j], j]
            cur_fn = fn[choice, np.arange(n_labels)].sum() - fn[choice[j], j]
            f1 = 2 * (cur_tp + tp[:, j]) / np.maximum(
                2 * (cur_tp + tp[:, j]) + cur_fp + fp[:, j] + cur_fn + fn[:, j], 1e-9)
            choice[j] = int(np.argmax(f1))
    return THRESHOLD_GRID[choice].astype(np.float32)


def language_thresholds(probs: np.ndarray, matrix: Matrix,
                        prior_share: float = 0.3) -> dict[str, np.ndarray]:
    """Thresholds per language (blended with all-language counts) and for ``"*"``."""
    out = {"*": micro_thresholds(probs, matrix.Y)}
    pooled = _counts(probs, matrix.Y)
    for lang in np.unique(matrix.languages):
        rows = matrix.languages == lang
        share = prior_share * rows.sum() / len(rows)
        out[str(lang)] = micro_thresholds(probs[rows], matrix.Y[rows], pooled, share)
    return out


def apply_thresholds(probs: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Boolean decisions (``probs >= thresholds``)."""
    return probs >= thresholds[None, :]


def decisions_to_labels(decisions: np.ndarray, classes: Sequence[str]) -> list[list[str]]:
    """Label lists from a boolean decision matrix."""
    return [[classes[int(j)] for j in np.flatnonzero(row)] for row in decisions]


def cross_validated_scores(probs: np.ndarray, matrix: Matrix, folds: np.ndarray,
                           language: str, classes: Sequence[str]) -> dict[str, Any]:
    """Scores of ``language`` rows where each fold's thresholds come from the other folds."""
    rows = matrix.languages == language
    predicted: dict[Any, list[str]] = {}
    gold: dict[Any, list[str]] = {}
    pooled_rows = folds >= 0
    for k in np.unique(folds[rows]):
        calib = rows & (folds != k)
        others = pooled_rows & (folds != k)
        pooled = _counts(probs[others], matrix.Y[others])
        share = 0.3 * calib.sum() / max(others.sum(), 1)
        th = micro_thresholds(probs[calib], matrix.Y[calib], pooled, share)
        test = np.flatnonzero(rows & (folds == k))
        labels = decisions_to_labels(apply_thresholds(probs[test], th), classes)
        for i, lab in zip(test, labels):
            predicted[matrix.keys[i]] = lab
            gold[matrix.keys[i]] = [classes[int(j)]
                                    for j in np.flatnonzero(matrix.Y[i] > 0.5)]
    return multilabel_scores(gold, predicted, classes)


# ---------------------------------------------------------------- the whole run

def train_all(data: Path, out_dir: Path, cache_path: Path | None = DEFAULT_CACHE,
              configs: Sequence[TrainConfig] = TECHNIQUE_ENSEMBLE,
              tasks: Sequence[str] = ("techniques", "genre", "frames")) -> dict[str, Any]:
    """Train and save the requested models; returns the cross-validation report."""
    articles = load_corpus(data, LANGUAGES, ("train",))
    if not articles:
        raise FileNotFoundError(f"no SemEval-2023 training data under {data} (expected "
                                "<data>/<lang>/train-labels-subtask-3.txt)")
    cache = EmbeddingCache(cache_path)
    embeddings = embed_articles(articles, cache, Encoder(threads=1))
    report: dict[str, Any] = {}
    if "techniques" in tasks:
        report["techniques"] = _train_techniques(articles, embeddings, out_dir, configs)
    for task in ("genre", "frames"):
        if task in tasks:
            report[task] = _train_document(articles, embeddings, out_dir, task)
    return report


def _train_techniques(articles: Sequence[CorpusArticle],
                      embeddings: Sequence[tuple[np.ndarray, np.ndarray]],
                      out_dir: Path, configs: Sequence[TrainConfig],
                      lexical_c: float | None = LEXICAL_C) -> dict[str, Any]:
    matrix = technique_matrix(articles, embeddings)
    lexical_weights = sample_weights(matrix.languages, LEXICAL_FRENCH_WEIGHT)
    folds = article_folds(matrix.groups)
    counts = hashed_counts(matrix.texts) if lexical_c else None
    log.info("techniques: %d paragraphs, %d features", *matrix.X.shape)

    def fit_members(rows: np.ndarray) -> tuple[list[Network], LexicalModel | None]:
        nets = [fit_network(matrix.X[rows], matrix.Y[rows],
                            sample_weights(matrix.languages[rows], c.french_weight), c)
                for c in configs]
        lex = (fit_lexical([], matrix.Y[rows], lexical_weights[rows], lexical_c, counts[rows])
               if lexical_c and counts is not None else None)
        return nets, lex

    def fit(rows: np.ndarray) -> Scorer:
        nets, lex = fit_members(rows)
        model = LabelModel("techniques", list(TECHNIQUES), nets, {}, {}, lex,
                           lexical_member_weight(len(nets)))
        return lambda test: model.scores(matrix.X[test], [matrix.texts[i] for i in test])

    probs = out_of_fold(matrix, fit, folds)
    cv = {lang: cross_validated_scores(probs, matrix, folds, lang, TECHNIQUES)
          for lang in sorted(set(matrix.languages))}
    for lang, s in cv.items():
        log.info("CV %s: micro-F1 %.3f macro-F1 %.3f", lang, s["micro_f1"], s["macro_f1"])
    thresholds = language_thresholds(probs, matrix)
    networks, lexical = fit_members(np.arange(len(matrix.X)))
    cv_report: dict[str, Any] = {
        lang: {k: round(float(v), 4) for k, v in s.items() if k != "per_class_f1"}
        for lang, s in cv.items()}
    meta = {
        "task": "SemEval-2023 Task 3 subtask 3 (paragraph techniques)",
        "features": "USE-multilingual-v3: paragraph | max over sentences | article mean | "
                    "neighbours; surface cues; language one-hot; + hashed char 2-5-grams "
                    "TF-IDF (lexical member)",
        "encoder_max_chars": 1500,
        # "weight" of the lexical member is relative to the networks' mean
        "ensemble": [{"hidden": c.hidden, "alpha": c.alpha, "max_iter": c.max_iter,
                      "seed": c.seed} for c in configs]
        + ([{"lexical_C": lexical_c, "weight": LEXICAL_WEIGHT}] if lexical_c else []),
        "french_weight": [c.french_weight for c in configs] + [LEXICAL_FRENCH_WEIGHT],
        "folds": N_FOLDS, "seed": SEED,
        "train_paragraphs": len(matrix.X),
        "cv": {lang: {k: round(float(v), 4) for k, v in s.items() if k != "per_class_f1"}
               for lang, s in cv.items()},
    }
    LabelModel("techniques", list(TECHNIQUES), networks, thresholds, meta, lexical,
               lexical_member_weight(len(networks))).save(out_dir)
    return cv_report


def _train_document(articles: Sequence[CorpusArticle],
                    embeddings: Sequence[tuple[np.ndarray, np.ndarray]],
                    out_dir: Path, task: str) -> dict[str, Any]:
    classes = GENRES if task == "genre" else FRAMES
    matrix = document_matrix(articles, embeddings, task)
    weights = sample_weights(matrix.languages, FRENCH_WEIGHT)
    folds = article_folds(matrix.groups)
    output = "softmax" if task == "genre" else "sigmoid"
    config = TrainConfig(hidden=0, alpha=0.05)

    def fit_rows(rows: np.ndarray) -> list[Network]:
        return [fit_network(matrix.X[rows], matrix.Y[rows], weights[rows], config, output)]

    def fit(rows: np.ndarray) -> Scorer:
        nets = fit_rows(rows)
        return lambda test: ensemble_scores(nets, matrix.X[test])

    probs = out_of_fold(matrix, fit, folds)
    report: dict[str, Any] = {}
    for lang in sorted(set(matrix.languages)):
        rows = matrix.languages == lang
        if task == "genre":
            pred = probs[rows].argmax(axis=1)
            gold = matrix.Y[rows].argmax(axis=1)
            from .scoring import score_subtask1

            s = score_subtask1({str(i): classes[g] for i, g in enumerate(gold)},
                               {str(i): classes[p] for i, p in enumerate(pred)})
        else:
            s = cross_validated_scores(probs, matrix, folds, lang, classes)
        report[lang] = {k: round(float(v), 4) for k, v in s.items() if k != "per_class_f1"}
        log.info("CV %s %s: micro-F1 %.3f macro-F1 %.3f", task, lang, s["micro_f1"],
                 s["macro_f1"])
    thresholds = language_thresholds(probs, matrix) if task == "frames" else {}
    networks = fit_rows(np.arange(len(matrix.X)))
    meta = {"task": f"SemEval-2023 Task 3 subtask {1 if task == 'genre' else 2} ({task})",
            "features": "USE-multilingual-v3 mean of paragraphs | title", "folds": N_FOLDS,
            "french_weight": FRENCH_WEIGHT, "train_articles": len(matrix.X), "cv": report}
    LabelModel(task, list(classes), networks, thresholds, meta).save(out_dir)
    return report
