"""Features of the event classifier: sentence embedding, cue flags, hashed n-grams.

A sentence is the multilingual USE embedding (512 floats, the encoder shared with the
techniques stages), the cue flags of ``cues.FEATURE_CUES``, and word uni/bigrams plus
character 3–5-grams hashed (CRC-32, stable across processes and platforms) into
``HASH_DIM`` buckets and L2-normalised. Computing them is linear in the sentence length.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from .cues import FEATURE_CUES, cue_lexicon

HASH_DIM = 1 << 15
EMBED_WEIGHT = 1.0
CUE_WEIGHT = 0.5
_WORD_RE = re.compile(r"\w+")
MAX_FEATURE_CHARS = 600  # a "sentence" longer than this is cut for the n-grams


def _bucket(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) & (HASH_DIM - 1)


def hashed_ngrams(text: str) -> dict[int, float]:
    """Hashed word 1–2-grams and character 3–5-grams of ``text``, L2-normalised."""
    # digits vary without changing the event: "12 killed" ~ "15 killed"
    words = ["0" if w.isdigit() else w
             for w in _WORD_RE.findall(text[:MAX_FEATURE_CHARS].lower())]
    keys = ["w:" + w for w in words]
    keys += ["b:" + a + "_" + b for a, b in pairwise(words)]
    for word in words:
        padded = f" {word} "
        for n in (3, 4, 5):
            keys += ["c:" + padded[j:j + n] for j in range(len(padded) - n + 1)]
    counts: dict[int, float] = {}
    for b in map(_bucket, keys):
        counts[b] = counts.get(b, 0.0) + 1.0
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {k: v / norm for k, v in counts.items()}


def cue_rows(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
    """The cue-flag columns of each text (``(n, len(FEATURE_CUES))``)."""
    rows = [cue_lexicon(lang).vector(t) for t, lang in zip(texts, languages)]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(FEATURE_CUES))


def dense_block(embeddings: np.ndarray, cues: np.ndarray) -> np.ndarray:
    """The dense part of the features: weighted embedding and cue flags side by side."""
    return np.hstack([embeddings * EMBED_WEIGHT, cues * CUE_WEIGHT]).astype(np.float32)
