"""Prediction with the shipped models: paragraph techniques, article genre and frames.

The models are loaded once (``load_predictor``) and reused; prediction works on plain
paragraph lists so that both the pipeline stages and the SemEval command use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..errors import MissingModelError
from .classifier import LabelModel, model_available
from .features import (
    Encoder,
    article_features,
    document_features,
    embed_paragraphs,
    shared_encoder,
)
from .taxonomy import LANGUAGE_DIRS

# ISO 639-1 -> SemEval folder code (de -> ge, pl -> po); SemEval codes map to themselves.
SEMEVAL_CODE: dict[str, str] = {iso: code for code, iso in LANGUAGE_DIRS.items()} | {
    code: code for code in LANGUAGE_DIRS}


def semeval_language(language: str | None) -> str | None:
    """The SemEval code of an ISO 639-1 (or SemEval) language code; None when unknown."""
    if not language:
        return None
    return SEMEVAL_CODE.get(language.lower().split("-")[0])


@dataclass
class TechniquePrediction:
    """Techniques of one paragraph: chosen labels and every label's probability."""

    line: int
    labels: list[str]
    scores: dict[str, float]


@dataclass
class DocumentPrediction:
    """Genre (single label) and frames (multi-label) of one article."""

    genre: str
    genre_confidence: float
    genre_scores: dict[str, float]
    frames: list[tuple[str, float]]


class Predictor:
    """The encoder and the three shipped models, loaded once."""

    def __init__(self, techniques: LabelModel, genre: LabelModel | None,
                 frames: LabelModel | None, encoder: Encoder | None = None) -> None:
        self.techniques = techniques
        self.genre = genre
        self.frames = frames
        self.encoder = encoder or shared_encoder()

    def embed(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Paragraph embeddings and sentence-max embeddings (each ``(n, 512)``)."""
        both = getattr(self.encoder, "paragraphs_and_sentence_max", None)
        return both(texts) if both is not None else embed_paragraphs(texts, self.encoder.encode)

    def paragraph_techniques(self, texts: Sequence[str], lines: Sequence[int],
                             language: str | None,
                             embeddings: tuple[np.ndarray, np.ndarray] | None = None,
                             threshold_offset: float = 0.0) -> list[TechniquePrediction]:
        """Techniques of each paragraph of one article (paragraphs given in text order)."""
        if not texts:
            return []
        emb = self.embed(texts) if embeddings is None else embeddings
        code = semeval_language(language)
        probs = self.techniques.scores(article_features(emb[0], texts, lines, emb[1], code),
                                       texts)
        th = self.techniques.thresholds_for(code) + threshold_offset
        labels = self.techniques.labels
        out = []
        for line, row in zip(lines, probs):
            chosen = [labels[j] for j in np.flatnonzero(row >= th)]
            out.append(TechniquePrediction(int(line), chosen,
                                           {lab: float(p) for lab, p in zip(labels, row)}))
        return out

    def document(self, texts: Sequence[str], language: str | None,
                 embeddings: tuple[np.ndarray, np.ndarray] | None = None
                 ) -> DocumentPrediction | None:
        """Genre and frames of one article from its paragraphs (title first)."""
        if self.genre is None or self.frames is None or not len(texts):
            return None
        emb = self.embed(texts) if embeddings is None else embeddings
        row = document_features(emb[0])[None, :]
        g = self.genre.scores(row)[0]
        best = int(np.argmax(g))
        f = self.frames.scores(row)[0]
        th = self.frames.thresholds_for(semeval_language(language))
        frames = [(self.frames.labels[j], float(f[j])) for j in np.argsort(-f) if f[j] >= th[j]]
        return DocumentPrediction(self.genre.labels[best], float(g[best]),
                                  {lab: round(float(p), 4) for lab, p in
                                   zip(self.genre.labels, g)}, frames)


@lru_cache(maxsize=1)
def load_predictor() -> Predictor:
    """The shipped predictor (cached per process)."""
    if not model_available("techniques"):
        raise MissingModelError(
            "the techniques model is not in the package (src/unspin/models/techniques.npz); "
            "train it with `unspin train techniques --data ../shared/data/semeval2023`")
    genre = LabelModel.load("genre") if model_available("genre") else None
    frames = LabelModel.load("frames") if model_available("frames") else None
    return Predictor(LabelModel.load("techniques"), genre, frames)
