"""Training of the event classifier on the corpus written for the project.

``train_events`` generates the corpus (``corpus.generate``), embeds it with the shared
encoder, picks the regularisation and the fallback threshold on a development split made
of whole templates (index 3 of every five, so that the choice rewards phrasings the model
has not seen), refits on every training template, scores the frozen held-out templates
once, and writes ``models/events.{npz,json}``. It runs on one core in about a minute.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from ..techniques.features import shared_encoder
from .classifier import EventModel
from .corpus import HELDOUT_EVERY, Example, generate, heldout_fingerprint
from .features import HASH_DIM, cue_rows, dense_block, hashed_ngrams
from .scoring import weighted_f1
from .taxonomy import acled_labels, event_kinds, labels

log = logging.getLogger(__name__)
DEV_INDEX = 3
C_GRID = (1.0, 4.0, 16.0)
THRESHOLD_GRID = (0.0, 0.2, 0.3, 0.4, 0.5)


def design_matrix(embeddings: np.ndarray, texts: Sequence[str],
                  languages: Sequence[str | None]) -> sparse.csr_matrix:
    """Dense block and hashed n-grams side by side, as one sparse matrix."""
    rows, cols, vals = [], [], []
    for i, text in enumerate(texts):
        for k, v in hashed_ngrams(text).items():
            rows.append(i)
            cols.append(k)
            vals.append(v)
    hashed = sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), HASH_DIM),
                               dtype=np.float32)
    dense = sparse.csr_matrix(dense_block(embeddings, cue_rows(texts, languages)))
    return sparse.hstack([dense, hashed], format="csr")


def _fit(x: sparse.csr_matrix, y: np.ndarray, c: float, n_labels: int,
         dense_dim: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    clf = LogisticRegression(C=c, max_iter=300, tol=1e-3)
    clf.fit(x, y)
    # Expand to every label (a class absent from y keeps zero weights and a low bias).
    coef = np.zeros((n_labels, x.shape[1]), dtype=np.float32)
    bias = np.full(n_labels, -20.0, dtype=np.float32)
    coef[clf.classes_] = clf.coef_
    bias[clf.classes_] = clf.intercept_
    return coef[:, :dense_dim].T.copy(), coef[:, dense_dim:].T.copy(), bias


def _template_index(example: Example) -> int:
    return int(example.template.rsplit(":", 1)[1])


def _scores(model: EventModel, emb: np.ndarray, items: list[Example], names: list[str],
            fallback: bool = True) -> dict[str, Any]:
    pred = [s.label for s in model.classify(emb, [e.text for e in items],
                                            [e.language for e in items], fallback)]
    gold = [e.label for e in items]
    out: dict[str, Any] = {"n": len(items),
                           "weighted_f1": round(weighted_f1(gold, pred, names), 4),
                           "weighted_f1_acled": round(weighted_f1(gold, pred, acled_labels()), 4)}
    for lang in ("en", "fr"):
        idx = [i for i, e in enumerate(items) if e.language == lang]
        out[f"weighted_f1_{lang}"] = round(weighted_f1([gold[i] for i in idx],
                                                       [pred[i] for i in idx], names), 4)
    return out


def train_events(out: Path) -> dict[str, Any]:
    """Train, evaluate on the held-out templates, write ``out/events.{npz,json}``."""
    started = time.time()
    names = labels()
    index = {name: i for i, name in enumerate(names)}
    corpus = generate()
    encoder = shared_encoder()
    log.info("embedding %d corpus sentences", len(corpus))
    emb = encoder.encode([e.text for e in corpus])
    kinds = event_kinds()
    defs = encoder.encode([k.definition_en for k in kinds] + [k.definition_fr for k in kinds])
    definitions = defs[: len(kinds)] + defs[len(kinds):]
    definitions /= np.linalg.norm(definitions, axis=1, keepdims=True)

    train = [i for i, e in enumerate(corpus) if not e.heldout]
    fit = [i for i in train if _template_index(corpus[i]) % HELDOUT_EVERY != DEV_INDEX]
    dev = [i for i in train if _template_index(corpus[i]) % HELDOUT_EVERY == DEV_INDEX]
    held = [i for i, e in enumerate(corpus) if e.heldout]
    x = design_matrix(emb, [e.text for e in corpus], [e.language for e in corpus])
    y = np.array([index[e.label] for e in corpus])
    dense_dim = 512 + cue_rows(["."], ["en"]).shape[1]

    def model_from(rows: list[int], c: float, threshold: float) -> EventModel:
        w_dense, w_hash, bias = _fit(x[rows], y[rows], c, len(names), dense_dim)
        return EventModel(names, w_dense, w_hash, bias, definitions, threshold, {})

    tuning: list[dict[str, Any]] = []
    best: tuple[float, float, float] = (-1.0, C_GRID[0], 0.0)
    dev_items = [corpus[i] for i in dev]
    for c in C_GRID:
        candidate = model_from(fit, c, 0.0)
        for threshold in THRESHOLD_GRID:
            candidate.fallback_threshold = threshold
            f1 = _scores(candidate, emb[dev], dev_items, names)["weighted_f1"]
            tuning.append({"C": c, "fallback_threshold": threshold, "dev_weighted_f1": f1})
            log.info("C=%s threshold=%s dev weighted F1 %.4f", c, threshold, f1)
            if f1 > best[0]:
                best = (f1, c, threshold)
    _, c, threshold = best
    model = model_from(train, c, threshold)
    held_items = [corpus[i] for i in held]
    report = {
        "corpus": {"sentences": len(corpus), "train": len(train), "heldout": len(held),
                   "heldout_fingerprint": heldout_fingerprint()},
        "chosen": {"C": c, "fallback_threshold": threshold},
        "tuning": tuning,
        "heldout": _scores(model, emb[held], held_items, names),
        "heldout_without_fallback": _scores(model, emb[held], held_items, names, False),
        "seconds": round(time.time() - started, 1),
    }
    model.report = report
    out.mkdir(parents=True, exist_ok=True)
    model.save(out)
    return report
