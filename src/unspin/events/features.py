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

import numpy as np

from .cues import FEATURE_CUES, cue_lexicon

HASH_DIM = 1 << 15
EMBED_WEIGHT = 1.0
CUE_WEIGHT = 0.5
_WORD_RE = re.compile(r"\w+")
MAX_FEATURE_CHARS = 2_000  # a "sentence" longer than this is cut for the n-grams


def _bucket(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) & (HASH_DIM - 1)


def hashed_ngrams(text: str) -> dict[int, float]:
    """Hashed word 1–2-grams and character 3–5-grams of ``text``, L2-normalised."""
    words = _WORD_RE.findall(text[:MAX_FEATURE_CHARS].lower())
    counts: dict[int, float] = {}
    for i, word in enumerate(words):
        # digits vary without changing the event: "12 killed" ~ "15 killed"
        word = "0" if word.isdigit() else word
        keys = ["w:" + word]
        if i:
            prev = "0" if words[i - 1].isdigit() else words[i - 1]
            keys.append("b:" + prev + "_" + word)
        padded = f" {word} "
        for n in (3, 4, 5):
            keys.extend("c:" + padded[j:j + n] for j in range(max(0, len(padded) - n + 1)))
        for key in keys:
            b = _bucket(key)
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
