"""Cached e5 hidden states for fine-tuning e5's top layers (training only).

Fine-tuning the top ``k`` layers of multilingual-e5-small only needs, for each paragraph,
the token states entering layer ``12 - k``: the bottom layers are frozen, so they are run
once (numpy, ``e5_numpy``) and kept on disk outside the repository
(``~/.cache/unspin/e5_states_L<first>.npz``). The same pass also runs the shipped top layers
to give the frozen e5 paragraph embedding, which the existing e5 member and the article
context features use.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..e5_numpy import E5Numpy
from ..features import text_key

log = logging.getLogger(__name__)

DEFAULT_STATES_DIR = Path.home() / ".cache" / "unspin"
STORED_FIRST_LAYER = 9  # states entering layer 9 are cached: 1 to 3 tuned layers


@dataclass
class ParagraphStates:
    """Token states entering layer ``first`` for each text, concatenated."""

    first: int
    keys: list[str]
    offsets: np.ndarray  # (n + 1,) token offsets into ``states``
    states: np.ndarray  # (tokens, 384) float16
    embeddings: np.ndarray  # (n, 384) float32: the shipped model's passage embeddings

    def index(self) -> dict[str, int]:
        """Text key -> row."""
        return {k: i for i, k in enumerate(self.keys)}

    def tokens(self, row: int) -> np.ndarray:
        """Token states of one text, float32."""
        return self.states[self.offsets[row] : self.offsets[row + 1]].astype(np.float32)


def compute_states(texts: Sequence[str], first: int, model: E5Numpy | None = None,
                   batch: int = 16) -> ParagraphStates:
    """States entering layer ``first`` and frozen embeddings of ``texts`` (deduplicated)."""
    model = model or E5Numpy()
    unique = list(dict.fromkeys(texts))
    parts: list[np.ndarray] = []
    lengths: list[int] = []
    embeddings = np.zeros((len(unique), model.weights.hidden), np.float32)
    t0 = time.time()
    for b in range(0, len(unique), batch):
        chunk = unique[b : b + batch]
        win = model.first_windows(chunk)
        x = model.run_layers(model.embed_tokens(win), win, 0, first)
        for start, end in win.segments:
            parts.append(x[start:end].astype(np.float16))
            lengths.append(end - start)
        top = model.run_layers(x, win, first, model.weights.layers_count)
        embeddings[b : b + len(chunk)] = model.pool(top, win, len(chunk))
        if (b // batch) % 20 == 19:
            log.info("e5 states: %d/%d texts, %.0f s", b + len(chunk), len(unique),
                     time.time() - t0)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return ParagraphStates(first, [text_key(t) for t in unique], offsets,
                           np.concatenate(parts), embeddings)


def input_states(texts: Sequence[str], model: E5Numpy | None = None) -> list[np.ndarray]:
    """Token states entering layer 0 (embeddings, normalised) of each text's first window:
    what fine-tuning every layer starts from (cheap: no layer runs, nothing cached)."""
    model = model or E5Numpy()
    out = []
    for text in texts:
        win = model.first_windows([text])
        out.append(model.embed_tokens(win))
    return out


def load_or_compute_states(texts: Sequence[str], first: int, folder: Path | None
                           ) -> ParagraphStates:
    """``compute_states`` kept in ``folder`` (outside the repository); only new texts run."""
    path = (folder or DEFAULT_STATES_DIR) / f"e5_states_L{first}.npz"
    old: ParagraphStates | None = None
    if path.is_file():
        with np.load(path, allow_pickle=False) as data:
            old = ParagraphStates(first, [str(k) for k in data["keys"]], data["offsets"],
                                  data["states"], data["embeddings"])
    known = set(old.keys) if old else set()
    missing = [t for t in dict.fromkeys(texts) if text_key(t) not in known]
    if not missing and old is not None:
        return old
    log.info("e5 states: %d new texts (entering layer %d)", len(missing), first)
    new = compute_states(missing, first)
    if old is not None:
        new = ParagraphStates(first, old.keys + new.keys,
                              np.concatenate([old.offsets, old.offsets[-1] + new.offsets[1:]]),
                              np.concatenate([old.states, new.states]),
                              np.concatenate([old.embeddings, new.embeddings]))
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, keys=np.asarray(new.keys), offsets=new.offsets, states=new.states,
             embeddings=new.embeddings)
    return new
