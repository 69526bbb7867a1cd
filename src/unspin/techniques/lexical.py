"""Lexical technique cues: hashed character n-grams, TF-IDF, one logistic regression per label.

Loaded words ("scandale", "traître", "so-called") are what many techniques are made of, and
character n-grams catch them across inflections in every language without a tokenizer.
The feature hashing is scikit-learn's ``HashingVectorizer``'s (MurmurHash3, stable across
versions and stateless), redone here in numpy so that analysing needs no scikit-learn; the
shipped model is only arrays: the IDF vector and the int8-quantised weights with one scale
per label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

N_FEATURES = 2**18
NGRAMS = (2, 5)


def hashed_counts(texts: Sequence[str]) -> Any:
    """Sparse ``(n, N_FEATURES)`` n-gram counts of ``texts`` (CSR, sorted indices): what
    scikit-learn's ``HashingVectorizer(analyzer="char_wb", ngram_range=NGRAMS,
    n_features=N_FEATURES, alternate_sign=False, norm=None)`` gives, computed here in numpy
    so that analysing an article does not import scikit-learn (a second of start-up).

    Its n-grams: in each word of the lower-cased text padded with a space on each side,
    every run of n characters for n = 2..5, a word of n characters giving itself once
    and no longer n-grams. Each is hashed from its UTF-8 bytes.
    """
    from scipy.sparse import csr_matrix

    words = [_WHITE_SPACES.sub(" ", text.lower()).split() for text in texts]
    padded = [f" {w} " for group in words for w in group]
    row_of_word = np.repeat(np.arange(len(texts)), [len(group) for group in words])
    lengths = np.array([len(w) for w in padded], dtype=np.int64)
    word_starts = np.zeros(len(padded), dtype=np.int64)
    np.cumsum(lengths[:-1], out=word_starts[1:])
    joined = "".join(padded)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    data = np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    # byte offset of each character (and of the end) in the UTF-8 text
    widths = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)
    byte_at = np.zeros(len(points) + 1, dtype=np.int64)
    np.cumsum(widths, out=byte_at[1:])
    keys = []
    low, high = NGRAMS
    for n in range(low, high + 1):
        long_enough = lengths >= n
        per_word = lengths[long_enough] - n + 1
        if not per_word.size:
            continue
        firsts = np.repeat(word_starts[long_enough], per_word)
        firsts += np.arange(per_word.sum()) - np.repeat(np.cumsum(per_word) - per_word, per_word)
        rows = np.repeat(row_of_word[long_enough], per_word)
        begin, size = byte_at[firsts], byte_at[firsts + n] - byte_at[firsts]
        for length in np.unique(size):
            pick = size == length
            block = data[begin[pick][:, None] + np.arange(length)]
            keys.append(rows[pick] * N_FEATURES + _column_of(murmurhash3_32(block)))
    flat = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    # one count per (row, column): sorted keys give the CSR order directly
    unique, counts = np.unique(flat, return_counts=True)
    indptr = np.searchsorted(unique // N_FEATURES, np.arange(len(texts) + 1))
    return csr_matrix((counts.astype(np.float64), (unique % N_FEATURES).astype(np.int32),
                       indptr), shape=(len(texts), N_FEATURES))


_WHITE_SPACES = re.compile(r"\s\s+")


def _column_of(hashes: np.ndarray) -> np.ndarray:
    """scikit-learn's column of a signed 32-bit hash: ``abs(h) % N_FEATURES``, with its
    special case for -2**31 (whose absolute value does not fit)."""
    signed = hashes.view(np.int32).astype(np.int64)
    columns = np.abs(signed) % N_FEATURES
    columns[signed == -(2**31)] = (2**31 - 1 - (N_FEATURES - 1)) % N_FEATURES
    return columns


_C1, _C2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def murmurhash3_32(keys: np.ndarray, seed: int = 0) -> np.ndarray:
    """MurmurHash3 (x86, 32 bits) of each row of ``keys`` (``(k, length)`` uint8, one key
    of ``length`` bytes per row), as uint32."""
    count, length = keys.shape
    h = np.full(count, seed, dtype=np.uint32)
    blocks = length // 4
    with np.errstate(over="ignore"):
        if blocks:
            words = np.ascontiguousarray(keys[:, : 4 * blocks]).view("<u4")
            for b in range(blocks):
                k = words[:, b].astype(np.uint32) * _C1
                k = _rotl(k, 15) * _C2
                h ^= k
                h = _rotl(h, 13) * np.uint32(5) + np.uint32(0xE6546B64)
        tail = length & 3
        if tail:
            k = np.zeros(count, dtype=np.uint32)
            for t in range(tail - 1, -1, -1):
                k ^= keys[:, 4 * blocks + t].astype(np.uint32) << np.uint32(8 * t)
            k = _rotl(k * _C1, 15) * _C2
            h ^= k
        h ^= np.uint32(length)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h


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
