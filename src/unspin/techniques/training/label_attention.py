"""Label-wise attention over e5's token states, supervised by the gold spans (training).

A persuasion technique usually sits in a few words of a paragraph ("ignominieux", a
nickname, one loaded clause); the paragraph's mean embedding dilutes them. This member
reads e5's final token states: each token is projected (one hidden layer), every technique
scores every token, the paragraph's vector for a technique is the attention-weighted mean
of its tokens under that technique's scores, and a per-technique output reads it (beside
the frozen e5 side features: article mean, neighbours, surface cues, language). Where gold
spans exist (the train splits), the token scores are also trained to say which tokens lie
inside a span of the technique: the attention learns where the technique is, not only
whether.

torch is used here for training only; the trained member is plain arrays run by numpy
(``techniques.label_attention``).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..e5_numpy import PASSAGE_PREFIX, Tokenizer
from .finetune_e5 import import_torch

log = logging.getLogger(__name__)

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class AttentionConfig:
    """One recipe of the label-attention member."""

    projection: int = 256
    epochs: int = 15
    lr: float = 2e-3
    weight_decay: float = 0.01
    dropout: float = 0.2
    batch: int = 32
    span_loss: float = 1.0  # weight of the token-level span loss (0: attention unsupervised)
    french_weight: float = 3.0
    seed: int = 13
    side_features: bool = True

    @property
    def name(self) -> str:
        return (f"att_p{self.projection}_e{self.epochs}_lr{self.lr:g}_span{self.span_loss:g}"
                f"_fr{self.french_weight:g}_s{self.seed}")


def token_word_spans(tokenizer: Tokenizer, text: str, max_chars: int = 1500,
                     max_content: int = 510) -> list[tuple[int, int]] | None:
    """Character span (the whole word) of each token of ``first_windows([text])``.

    Bos, the ``passage:`` prefix and eos get ``(-1, -1)``. ``None`` when the word-by-word
    tokenisation differs from the whole text's (then no token labels for that text).
    """
    text = text[:max_chars]
    whole = tokenizer.content_ids(PASSAGE_PREFIX + text)
    prefix = tokenizer.content_ids(PASSAGE_PREFIX.strip())
    spans: list[tuple[int, int]] = [(-1, -1)] * len(prefix)
    ids = list(prefix)
    for m in _WORD.finditer(text):
        piece_ids = tokenizer.content_ids(" " + m.group())
        ids += piece_ids
        spans += [(m.start(), m.end())] * len(piece_ids)
    extra = len(whole) - len(ids)  # a trailing space is a piece of its own
    if whole[: len(ids)] != ids or extra > 1:
        return None
    spans += [(-1, -1)] * extra
    spans = spans[:max_content]
    return [(-1, -1), *spans, (-1, -1)]


def token_labels(spans: Sequence[tuple[int, int]] | None,
                 gold: Sequence[tuple[int, int, int]], n_labels: int,
                 n_tokens: int) -> np.ndarray | None:
    """``(n_tokens, n_labels)`` 0/1: token inside a gold span (label, start, end) of its
    paragraph (offsets relative to the paragraph); a token belongs to a span that covers
    half of its word or more."""
    if spans is None or len(spans) != n_tokens:
        return None
    out = np.zeros((n_tokens, n_labels), np.float32)
    for t, (s, e) in enumerate(spans):
        if s < 0:
            continue
        for label, gs, ge in gold:
            if 2 * (min(e, ge) - max(s, gs)) >= e - s:
                out[t, label] = 1.0
    return out


def build_model(torch: object, hidden: int, side_dim: int, n_labels: int,
                config: AttentionConfig) -> object:
    """The torch module (training only)."""
    nn = torch.nn  # type: ignore[attr-defined]
    F = torch.nn.functional  # type: ignore[attr-defined]

    class LabelAttention(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.proj = nn.Linear(hidden, config.projection)
            self.score = nn.Linear(config.projection, n_labels)
            self.out_w = nn.Parameter(torch.zeros(n_labels, config.projection))  # type: ignore[attr-defined]
            self.out_b = nn.Parameter(torch.zeros(n_labels))  # type: ignore[attr-defined]
            self.side = nn.Linear(side_dim, n_labels) if config.side_features else None
            self.drop = nn.Dropout(config.dropout)
            nn.init.normal_(self.out_w, std=0.02)

        def forward(self, x: object, valid: object, side: object) -> tuple[object, object]:
            h = self.drop(F.gelu(self.proj(x)))
            s = self.score(h)  # (B, T, L): token scores, also the span logits
            masked = s + (1.0 - valid[..., None]) * -1e9  # type: ignore[index]
            a = masked.softmax(dim=1)
            z = torch.einsum("btl,btp->blp", a, h)  # type: ignore[attr-defined]
            logits = (z * self.out_w).sum(-1) + self.out_b
            if self.side is not None:
                logits = logits + self.side(self.drop(side))
            return logits, s

    return LabelAttention()


@dataclass
class AttentionArrays:
    """A trained member as plain arrays (what the package ships; run by numpy)."""

    proj_w: np.ndarray  # (hidden, P)
    proj_b: np.ndarray
    score_w: np.ndarray  # (P, L)
    score_b: np.ndarray
    out_w: np.ndarray  # (L, P)
    out_b: np.ndarray
    side_w: np.ndarray | None  # (side, L)
    side_b: np.ndarray | None
    side_mean: np.ndarray
    side_scale: np.ndarray

    def probabilities(self, tokens: Sequence[np.ndarray], side: np.ndarray) -> np.ndarray:
        """``(n, L)`` probabilities (numpy; ``tokens``: final e5 token states per text)."""
        from math import sqrt

        out = np.zeros((len(tokens), self.out_b.shape[0]), np.float32)
        side_z = (side - self.side_mean) / self.side_scale
        for i, x in enumerate(tokens):
            pre = x.astype(np.float32) @ self.proj_w + self.proj_b
            h = 0.5 * pre * (1.0 + _erf(pre / sqrt(2.0)))
            s = h @ self.score_w + self.score_b
            s = s - s.max(axis=0, keepdims=True)
            a = np.exp(s)
            a /= a.sum(axis=0, keepdims=True)
            z = a.T @ h  # (L, P)
            logit = (z * self.out_w).sum(axis=1) + self.out_b
            if self.side_w is not None:
                logit = logit + side_z[i] @ self.side_w + self.side_b
            out[i] = 1.0 / (1.0 + np.exp(-logit))
        return out


def _erf(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return np.asarray(erf(x), np.float32)


def _padded(torch: Any, tokens: Sequence[np.ndarray], labels: Sequence[np.ndarray | None],
            rows: np.ndarray, n_labels: int) -> tuple[Any, Any, Any, Any]:
    longest = max(len(tokens[i]) for i in rows)
    hidden = tokens[rows[0]].shape[1]
    x = np.zeros((len(rows), longest, hidden), np.float32)
    valid = np.zeros((len(rows), longest), np.float32)
    tl = np.zeros((len(rows), longest, n_labels), np.float32)
    has = np.zeros((len(rows), longest), np.float32)
    for j, i in enumerate(rows):
        n = len(tokens[i])
        x[j, :n] = tokens[i]
        valid[j, :n] = 1.0
        lab = labels[i]
        if lab is not None:
            tl[j, :n] = lab
            has[j, :n] = 1.0
    t = torch.from_numpy  # type: ignore[attr-defined]
    return t(x), t(valid), t(tl), t(has)


def fit_attention(tokens: Sequence[np.ndarray], labels: Sequence[np.ndarray | None],
                  side: np.ndarray, Y: np.ndarray, weights: np.ndarray,
                  config: AttentionConfig) -> AttentionArrays:
    """Train the member; ``labels[i]`` is the token span labels of row i or ``None``."""
    torch = import_torch()
    torch.manual_seed(config.seed)
    F = torch.nn.functional
    rng = np.random.default_rng(config.seed)
    side_mean = side.mean(axis=0)
    side_scale = side.std(axis=0) + 1e-6
    side_t = torch.from_numpy(((side - side_mean) / side_scale).astype(np.float32))
    hidden = tokens[0].shape[1]
    model = build_model(torch, hidden, side.shape[1], Y.shape[1], config)
    opt = torch.optim.AdamW(model.parameters(), lr=config.lr,  # type: ignore[attr-defined]
                            weight_decay=config.weight_decay)
    n_batches = int(np.ceil(len(tokens) / config.batch))
    steps = config.epochs * n_batches
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps))
    Yt = torch.from_numpy(Y.astype(np.float32))
    wt = torch.from_numpy((weights / weights.mean()).astype(np.float32))
    lengths = np.array([len(t) for t in tokens])
    model.train()  # type: ignore[attr-defined]
    for epoch in range(config.epochs):
        t0, total, span_total = time.time(), 0.0, 0.0
        order = np.argsort(lengths + rng.random(len(lengths)) * 8, kind="stable")
        chunks = [order[i : i + config.batch] for i in range(0, len(order), config.batch)]
        rng.shuffle(chunks)  # type: ignore[arg-type]
        for rows in chunks:
            x, valid, tl, has = _padded(torch, tokens, labels, rows, Y.shape[1])
            logits, scores = model(x, valid, side_t[rows])  # type: ignore[operator]
            loss = F.binary_cross_entropy_with_logits(logits, Yt[rows], reduction="none").mean(1)
            loss = (loss * wt[rows]).mean()
            if config.span_loss > 0 and float(has.sum()) > 0:
                tok = F.binary_cross_entropy_with_logits(scores, tl, reduction="none").mean(-1)
                span = (tok * has).sum() / has.sum()
                loss = loss + config.span_loss * span
                span_total += float(span.detach()) * len(rows)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(rows)
        log.info("%s epoch %d: loss %.4f (span %.4f), %.0f s", config.name, epoch,
                 total / len(tokens), span_total / len(tokens), time.time() - t0)
    model.eval()  # type: ignore[attr-defined]
    m = model

    def arr(p: object) -> np.ndarray:
        return p.detach().numpy().astype(np.float32).copy()  # type: ignore[attr-defined]

    return AttentionArrays(
        arr(m.proj.weight).T, arr(m.proj.bias), arr(m.score.weight).T,  # type: ignore[attr-defined]
        arr(m.score.bias), arr(m.out_w), arr(m.out_b),  # type: ignore[attr-defined]
        arr(m.side.weight).T if m.side is not None else None,  # type: ignore[attr-defined]
        arr(m.side.bias) if m.side is not None else None,  # type: ignore[attr-defined]
        side_mean.astype(np.float32), side_scale.astype(np.float32))


def save_final_tokens(path: Path, keys: Sequence[str], tokens: Sequence[np.ndarray]) -> None:
    """Cache final-layer token states (float16) outside the repository."""
    offsets = np.concatenate([[0], np.cumsum([len(t) for t in tokens])]).astype(np.int64)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, keys=np.asarray(list(keys)), offsets=offsets,
             states=np.concatenate(tokens).astype(np.float16))


def load_final_tokens(path: Path) -> dict[str, np.ndarray]:
    """Key -> final token states (float32), from ``save_final_tokens``."""
    with np.load(path, allow_pickle=False) as data:
        keys, offsets, states = data["keys"], data["offsets"], data["states"]
        return {str(k): states[offsets[i] : offsets[i + 1]].astype(np.float32)
                for i, k in enumerate(keys)}
