"""The shipped event classifier: a linear softmax model in plain arrays (no pickle).

``models/events.npz`` holds the dense weights (embedding + cue columns), the hashed
n-gram weights, the bias and the embeddings of the type definitions (for the
nearest-definition fallback); ``models/events.json`` the labels, the fallback threshold
and the training report (the model card's figures). Loading uses
``np.load(allow_pickle=False)``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import MissingModelError
from ..techniques.features import Encoder, shared_encoder
from .features import cue_rows, dense_block, hashed_ngrams

MODEL_NAME = "events"
# The encoder's cost grows with the length; an event is told in a sentence's first words,
# so longer "sentences" (lists, run-ons) are cut for the embedding.
MAX_ENCODED_CHARS = 300


@dataclass
class EventScores:
    """The classifier's answer for one sentence."""

    label: str
    confidence: float
    top3: list[tuple[str, float]]
    fallback: bool  # True when the nearest definition decided (low confidence)


@dataclass
class EventModel:
    """Linear softmax weights over the features of ``features.py``."""

    labels: list[str]
    dense_weights: np.ndarray   # (512 + n_cues, n_labels)
    hashed_weights: np.ndarray  # (HASH_DIM, n_labels)
    bias: np.ndarray            # (n_labels,)
    definition_embeddings: np.ndarray  # (n_labels, 512): mean of the fr/en definitions
    fallback_threshold: float
    report: dict[str, Any]

    def probabilities(self, embeddings: np.ndarray, texts: Sequence[str],
                      languages: Sequence[str | None]) -> np.ndarray:
        """Class probabilities of each text (``(n, n_labels)``)."""
        if not len(texts):
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        logits = dense_block(embeddings, cue_rows(texts, languages)) @ self.dense_weights
        for i, text in enumerate(texts):
            grams = hashed_ngrams(text)
            if grams:
                idx = np.fromiter(grams.keys(), dtype=np.int64)
                val = np.fromiter(grams.values(), dtype=np.float32)
                logits[i] += val @ self.hashed_weights[idx]
        logits += self.bias
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)

    def classify(self, embeddings: np.ndarray, texts: Sequence[str],
                 languages: Sequence[str | None], fallback: bool = True) -> list[EventScores]:
        """The best label of each text, its top three, and whether the fallback decided."""
        probs = self.probabilities(embeddings, texts, languages)
        out = []
        for i, row in enumerate(probs):
            order = np.argsort(-row)[:3]
            top3 = [(self.labels[j], round(float(row[j]), 3)) for j in order]
            best, confidence, used = top3[0][0], float(row[order[0]]), False
            if fallback and confidence < self.fallback_threshold:
                # Unsure: take the type whose definition is nearest, among the top three.
                sims = self.definition_embeddings[order] @ embeddings[i]
                pick = int(order[int(np.argmax(sims))])
                used = self.labels[pick] != best
                best = self.labels[pick]
                confidence = float(row[pick])
            out.append(EventScores(best, round(confidence, 3), top3, used))
        return out

    def save(self, folder: Path) -> None:
        np.savez_compressed(folder / f"{MODEL_NAME}.npz",
                            dense_weights=self.dense_weights.astype(np.float32),
                            hashed_weights=self.hashed_weights.astype(np.float16),
                            bias=self.bias.astype(np.float32),
                            definition_embeddings=self.definition_embeddings.astype(np.float32))
        meta = {"labels": self.labels, "fallback_threshold": self.fallback_threshold,
                "report": self.report}
        (folder / f"{MODEL_NAME}.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load_from(cls, npz: Any, meta: dict[str, Any]) -> EventModel:
        with np.load(npz, allow_pickle=False) as arrays:
            return cls(list(meta["labels"]), arrays["dense_weights"].astype(np.float32),
                       arrays["hashed_weights"].astype(np.float32),
                       arrays["bias"].astype(np.float32),
                       arrays["definition_embeddings"].astype(np.float32),
                       float(meta["fallback_threshold"]), dict(meta.get("report") or {}))


class EventClassifier:
    """The shipped model with the shared sentence encoder."""

    def __init__(self, model: EventModel, encoder: Encoder | None = None) -> None:
        self.model = model
        self.encoder = encoder or shared_encoder()

    def classify(self, texts: Sequence[str], languages: Sequence[str | None],
                 embeddings: np.ndarray | None = None,
                 fallback: bool = True) -> list[EventScores]:
        emb = self.encoder.encode([t[:MAX_ENCODED_CHARS] for t in texts]) \
            if embeddings is None else embeddings
        return self.model.classify(emb, texts, languages, fallback=fallback)


@lru_cache(maxsize=1)
def load_event_classifier() -> EventClassifier:
    """The shipped event classifier (cached per process)."""
    folder = resources.files("unspin.models")
    npz, meta = folder.joinpath(f"{MODEL_NAME}.npz"), folder.joinpath(f"{MODEL_NAME}.json")
    if not (npz.is_file() and meta.is_file()):
        raise MissingModelError(
            "the events model is not in the package (src/unspin/models/events.npz); "
            "train it with `unspin train events`")
    with npz.open("rb") as handle:
        model = EventModel.load_from(handle, json.loads(meta.read_text(encoding="utf-8")))
    return EventClassifier(model)
