"""The shipped classifiers: plain numpy arrays + JSON metadata, no pickles.

A model file pair ``<name>.npz`` + ``<name>.json`` in ``unspin/models`` holds one or more
small feed-forward networks (zero or one hidden layer) over standardised features, whose
probabilities are averaged (an ensemble):

    z = (x - mean) / scale
    h = relu(z @ W1 + b1)          (only when the network has a hidden layer)
    p = sigmoid(h @ W2 + b2)       (multi-label) or softmax(...) (single label)

Decision thresholds are per label and per language (row ``"*"`` for other languages).
Loading uses ``np.load(allow_pickle=False)``, so a model file cannot run code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .lexical import LexicalModel

MODEL_PACKAGE = "unspin.models"


@dataclass
class Network:
    """Weights of a zero- or one-hidden-layer network over standardised features."""

    mean: np.ndarray
    scale: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray]]
    output: str = "sigmoid"  # or "softmax"

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Class probabilities for each feature row (``(n, n_labels)`` float32)."""
        h = (np.asarray(features, dtype=np.float32) - self.mean) / self.scale
        for i, (weights, bias) in enumerate(self.layers):
            h = h @ weights + bias
            if i < len(self.layers) - 1:
                np.maximum(h, 0.0, out=h)
        if self.output == "softmax":
            h = h - h.max(axis=1, keepdims=True)
            e = np.exp(h)
            return e / e.sum(axis=1, keepdims=True)
        return 1.0 / (1.0 + np.exp(-np.clip(h, -40.0, 40.0)))

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The arrays to save (float16 weights keep the package small)."""
        out = {f"{prefix}mean": self.mean.astype(np.float32),
               f"{prefix}scale": self.scale.astype(np.float32)}
        for i, (w, b) in enumerate(self.layers):
            out[f"{prefix}W{i}"] = w.astype(np.float16)
            out[f"{prefix}b{i}"] = b.astype(np.float32)
        return out

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str, output: str) -> Network:
        """Rebuild a network saved by ``to_arrays``."""
        layers = []
        i = 0
        while f"{prefix}W{i}" in arrays:
            layers.append((np.asarray(arrays[f"{prefix}W{i}"], dtype=np.float32),
                           np.asarray(arrays[f"{prefix}b{i}"], dtype=np.float32)))
            i += 1
        return cls(np.asarray(arrays[f"{prefix}mean"], np.float32),
                   np.asarray(arrays[f"{prefix}scale"], np.float32), layers, output)


@dataclass
class LabelModel:
    """A trained classifier with its labels, thresholds and training metadata."""

    name: str
    labels: list[str]
    networks: list[Network]
    thresholds: dict[str, np.ndarray] = field(default_factory=dict)  # language -> (n_labels,)
    meta: dict[str, Any] = field(default_factory=dict)
    lexical: LexicalModel | None = None
    lexical_weight: float = 1.0  # the lexical member counts as this many networks

    def scores(self, features: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        """Mean probabilities of the ensemble's members (``(n, n_labels)``).

        The lexical member, when the model has one, scores ``texts`` (required then).
        """
        total = self.networks[0].scores(features)
        for net in self.networks[1:]:
            total = total + net.scores(features)
        members = float(len(self.networks))
        if self.lexical is not None:
            if texts is None:
                raise ValueError(f"model {self.name!r} has a lexical member: pass the texts")
            total = total + self.lexical_weight * self.lexical.scores(texts)
            members += self.lexical_weight
        return total / members

    def thresholds_for(self, language: str | None) -> np.ndarray:
        """Per-label thresholds for ``language`` (the all-language row when unknown)."""
        if language and language in self.thresholds:
            return self.thresholds[language]
        return self.thresholds.get("*", np.full(len(self.labels), 0.5, dtype=np.float32))

    def save(self, folder: Path) -> None:
        """Write ``<name>.npz`` and ``<name>.json`` into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for i, net in enumerate(self.networks):
            arrays.update(net.to_arrays(f"net{i}_"))
        if self.lexical is not None:
            arrays.update(self.lexical.to_arrays("lex_"))
        langs = sorted(self.thresholds)
        arrays["thresholds"] = np.stack([self.thresholds[lang] for lang in langs]).astype(
            np.float32) if langs else np.zeros((0, len(self.labels)), np.float32)
        np.savez_compressed(folder / f"{self.name}.npz", **arrays)  # type: ignore[arg-type]
        meta = dict(self.meta)
        meta.update(name=self.name, labels=self.labels, threshold_languages=langs,
                    outputs=[net.output for net in self.networks],
                    lexical=self.lexical is not None, lexical_weight=self.lexical_weight)
        (folder / f"{self.name}.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False)
                                                  + "\n", encoding="utf-8")

    @classmethod
    def load(cls, name: str, folder: Path | None = None) -> LabelModel:
        """Load model ``name`` from ``folder`` or, by default, from the installed package."""
        if folder is None:
            base = resources.files(MODEL_PACKAGE)
            json_bytes = (base / f"{name}.json").read_bytes()
            npz_file = base / f"{name}.npz"
            with resources.as_file(npz_file) as path:
                return cls._from(json.loads(json_bytes), path)
        return cls._from(json.loads((folder / f"{name}.json").read_text(encoding="utf-8")),
                         folder / f"{name}.npz")

    @classmethod
    def _from(cls, meta: dict[str, Any], npz_path: Path) -> LabelModel:
        with np.load(npz_path, allow_pickle=False) as arrays:
            data = {k: arrays[k] for k in arrays.files}
        networks = [Network.from_arrays(data, f"net{i}_", output)
                    for i, output in enumerate(meta["outputs"])]
        langs = meta.get("threshold_languages", [])
        thresholds = {lang: data["thresholds"][i].astype(np.float32)
                      for i, lang in enumerate(langs)}
        lexical = LexicalModel.from_arrays(data, "lex_") if meta.get("lexical") else None
        return cls(meta["name"], list(meta["labels"]), networks, thresholds, meta, lexical,
                   float(meta.get("lexical_weight", 1.0)))


def model_available(name: str) -> bool:
    """True when the package ships model ``name``."""
    try:
        base = resources.files(MODEL_PACKAGE)
        return (base / f"{name}.npz").is_file() and (base / f"{name}.json").is_file()
    except (ModuleNotFoundError, FileNotFoundError):
        return False
