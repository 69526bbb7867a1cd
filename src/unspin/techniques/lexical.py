"""Lexical technique cues: hashed character n-grams, TF-IDF, one logistic regression per label.

Loaded words ("scandale", "traître", "so-called") are what many techniques are made of, and
character n-grams catch them across inflections in every language without a tokenizer.
The feature hashing is scikit-learn's ``HashingVectorizer`` (MurmurHash3, stable across
versions and stateless), so the shipped model is only arrays: the IDF vector and the
int8-quantised weights with one scale per label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

N_FEATURES = 2**18
NGRAMS = (2, 5)


def _vectorizer() -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer="char_wb", ngram_range=NGRAMS, n_features=N_FEATURES,
                             alternate_sign=False, norm=None, lowercase=True)


def hashed_counts(texts: Sequence[str]) -> Any:
    """Sparse ``(n, N_FEATURES)`` n-gram counts of ``texts`` (CSR)."""
    return _vectorizer().transform(list(texts)).tocsr()


def document_frequency_idf(counts: Any) -> np.ndarray:
    """Smoothed IDF, ``ln((1 + n) / (1 + df)) + 1``, from training counts."""
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    return (np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)


def tfidf(counts: Any, idf: np.ndarray) -> Any:
    """Sub-linear TF times IDF, rows L2-normalised (a new CSR matrix)."""
    out = counts.astype(np.float32, copy=True)
    out.data = (1.0 + np.log(out.data)) * idf[out.indices]
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    row_of = np.repeat(np.arange(out.shape[0]), np.diff(out.indptr))
    out.data /= norms[row_of]
    return out


@dataclass
class LexicalModel:
    """IDF + one linear scorer per label over hashed character n-grams."""

    idf: np.ndarray
    weights: np.ndarray  # (N_FEATURES, n_labels) float32 (int8 on disk)
    bias: np.ndarray

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities ``(n, n_labels)`` for ``texts``."""
        if not texts:
            return np.zeros((0, self.weights.shape[1]), np.float32)
        z = np.asarray(tfidf(hashed_counts(texts), self.idf) @ self.weights) + self.bias
        return (1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))).astype(np.float32)

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """Arrays to save: weights quantised to int8 with a scale per label."""
        scale = np.abs(self.weights).max(axis=0) / 127.0
        scale[scale == 0] = 1.0
        q = np.round(self.weights / scale).astype(np.int8)
        return {f"{prefix}idf": self.idf.astype(np.float16), f"{prefix}Wq": q,
                f"{prefix}Wscale": scale.astype(np.float32),
                f"{prefix}b": self.bias.astype(np.float32)}

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> LexicalModel:
        """Rebuild a model saved by ``to_arrays``."""
        weights = arrays[f"{prefix}Wq"].astype(np.float32) * arrays[f"{prefix}Wscale"]
        return cls(arrays[f"{prefix}idf"].astype(np.float32), weights,
                   arrays[f"{prefix}b"].astype(np.float32))


def fit_lexical(texts: Sequence[str], Y: np.ndarray, weights: np.ndarray,
                C: float = 1.0, counts: Any = None) -> LexicalModel:
    """Fit IDF and the per-label logistic regressions (liblinear, sample-weighted)."""
    from sklearn.linear_model import LogisticRegression

    counts = hashed_counts(texts) if counts is None else counts
    idf = document_frequency_idf(counts)
    X = tfidf(counts, idf)
    W = np.zeros((N_FEATURES, Y.shape[1]), np.float32)
    b = np.zeros(Y.shape[1], np.float32)
    for j in range(Y.shape[1]):
        positives = Y[:, j] > 0.5
        if positives.sum() < 2 or positives.all():
            b[j] = -30.0 if positives.sum() < 2 else 30.0
            continue
        clf = LogisticRegression(C=C, solver="liblinear", max_iter=200, random_state=0)
        clf.fit(X, positives.astype(int), sample_weight=weights)
        W[:, j], b[j] = clf.coef_[0], clf.intercept_[0]
    return LexicalModel(idf, W, b)
