"""The techniques stage: SemEval-2023 persuasion techniques of each paragraph.

Each paragraph (a ``title`` or ``paragraph`` segment when the ``segments`` layer is there,
else every non-blank line, as in the shared task) is embedded with the multilingual
Universal Sentence Encoder, put in the context of its neighbours and of the whole article,
and scored by the shipped network; a technique is kept when its probability reaches the
threshold calibrated for the article's language. One annotation per (paragraph,
technique) spans the paragraph: attrs ``kind`` = ``paragraph``, ``paragraph`` (1-based
line number) and ``confidence``. The ``technique_spans`` stage may add span-level
annotations to the same layer afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..model import Annotation, Article
from ..stage import Stage
from ..stage_options import options_of
from ..techniques.paragraphs import is_blank, paragraphs
from ..techniques.predictor import TechniquePrediction, load_predictor
from ..techniques.taxonomy import FAMILY_OF

log = logging.getLogger(__name__)

LAYER = "techniques"
# Segment labels that the shared task annotates (a SemEval paragraph is any non-blank line,
# and the title line is one of them); captions, credits and boilerplate are left out.
PARAGRAPH_SEGMENTS = frozenset({"title", "paragraph"})


@dataclass(frozen=True)
class TextBlock:
    """One paragraph to classify: its span, 1-based line number and text."""

    start: int
    end: int
    line: int
    text: str


def line_number(text: str, offset: int) -> int:
    """1-based line number of character ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1


def paragraph_blocks(article: Article) -> list[TextBlock]:
    """The paragraphs to classify, in text order (see the module docstring)."""
    segments = [s for s in article.layer("segments") if s.label in PARAGRAPH_SEGMENTS]
    if segments:
        blocks = []
        for seg in sorted(segments, key=lambda a: a.start):
            body = article.text[seg.start : seg.end]
            if is_blank(body):
                continue
            line = seg.attrs.get("line")
            blocks.append(TextBlock(seg.start, seg.end,
                                    int(line) if line else line_number(article.text, seg.start),
                                    body))
        return blocks
    return [TextBlock(p.start, p.end, p.line, p.text) for p in paragraphs(article.text)]


SCRATCH_KEY = "paragraph_embeddings"


class ParagraphPredictor(Protocol):
    """What the stage needs of a backend (``Predictor`` or ``AccuratePredictor``)."""

    def embed(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]: ...

    def paragraph_techniques(self, texts: Sequence[str], lines: Sequence[int],
                             language: str | None,
                             embeddings: tuple[np.ndarray, np.ndarray] | None = None,
                             threshold_offset: float = 0.0) -> list[TechniquePrediction]: ...


def cached_embeddings(article: Article, predictor: ParagraphPredictor, blocks: list[TextBlock]
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Embeddings of ``blocks``, computed once per article and shared by techniques/genre."""
    texts = tuple(b.text for b in blocks)
    cached = article.scratch.get(SCRATCH_KEY)
    if cached is not None and cached[0] == texts:
        return cached[1]
    embeddings = predictor.embed(list(texts))
    article.scratch[SCRATCH_KEY] = (texts, embeddings)
    return embeddings


class TechniquesStage(Stage):
    """Paragraph-level persuasion techniques from the shipped model."""

    name = "techniques"
    requires = ()
    # scratch.paragraph_embeddings: the encoded paragraphs, shared with genre.
    uses = ("layers.segments", "scratch.paragraph_embeddings")
    assigns = ("layers.techniques", "scratch.paragraph_embeddings")

    def __init__(self, predictor: ParagraphPredictor, threshold_offset: float = 0.0,
                 language: str | None = None) -> None:
        self.predictor = predictor
        self.threshold_offset = threshold_offset
        self.language = language

    def process(self, article: Article) -> None:
        blocks = paragraph_blocks(article)
        language = self.language or article.meta.get("language")
        predictions = self.predictor.paragraph_techniques(
            [b.text for b in blocks], [b.line for b in blocks],
            str(language) if language else None,
            embeddings=cached_embeddings(article, self.predictor, blocks),
            threshold_offset=self.threshold_offset)
        # keep annotations other stages put in the layer (span-level ones), replace ours
        kept = [a for a in article.layer(LAYER) if a.attrs.get("kind") != "paragraph"]
        new = []
        for block, pred in zip(blocks, predictions):
            for label in pred.labels:
                new.append(Annotation(block.start, block.end, label, {
                    "kind": "paragraph", "paragraph": block.line,
                    "confidence": round(pred.scores[label], 3),
                    "family": FAMILY_OF.get(label)}, "model"))
        article.set_layer(LAYER, kept + new)


@dataclass(frozen=True)
class TechniquesOptions:
    """Options of ``[stages.techniques]`` (defaults in default.toml)."""

    threshold_offset: float  # raise for precision
    language: str | None = None  # the thresholds' language (None: the article's)


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the fast backend (``model``, the default): USE features, networks and character
    n-grams; options: ``threshold_offset`` (raise for precision), ``language``."""
    opts = options_of(TechniquesOptions, options, "techniques")
    predictor = load_predictor()
    predictor.encoder.load()
    return TechniquesStage(predictor, opts.threshold_offset, opts.language)


def make_accurate_stage(options: dict[str, Any]) -> Stage:
    """Build the accurate backend (``[stages.techniques] backend = "accurate"``): the fast
    ensemble plus a multilingual-e5-small member, better and slower; same options."""
    from ..techniques.accurate import load_accurate_predictor

    opts = options_of(TechniquesOptions, options, "techniques")
    predictor = load_accurate_predictor()
    predictor.load()
    return TechniquesStage(predictor, opts.threshold_offset, opts.language)
