"""The technique_spans stage: the words that carry each paragraph-level technique.

For every paragraph-level annotation of layer ``techniques`` (``kind = "paragraph"``, made
by the ``techniques`` stage) this stage adds span-level annotations to the same layer
(``kind = "span"``) covering the words that show the technique, with the technique's
family, a one-sentence explanation in the article's language and a confidence (the
paragraph's confidence scaled by the strength of the lexical evidence).

A paragraph prediction with no lexical evidence at all gets no span: the paragraph badge
still shows the technique. A whole paragraph is never highlighted.

Lexicon-only spans (a technique highlighted in a paragraph the paragraph model did not
flag) are off by default: the lexicons learnt *where* a technique sits in paragraphs known
to contain it, not *whether* a paragraph uses it. On the held-out 20 % of the SemEval
articles a strong lexicon hit (strength >= 0.9) is right about the paragraph for
Loaded_Language 77 % of the time in French (17 paragraphs) but 47 % in English, and for
Name_Calling-Labeling only 38 % / 29 %: too often wrong to show as a highlight without a
matching paragraph badge. Turn them on for chosen
techniques with ``lexicon_only = ["Loaded_Language", ...]`` and ``lexicon_only_strength``.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from typing import Any

from ..model import Annotation, Article
from ..persuasion.explanations import explain, family_of
from ..persuasion.span_cues import load_cues
from ..persuasion.span_words import load_word_scorer
from ..persuasion.spans import SpanModel, find_spans, repeated_word_boosts, spans_for
from ..stage import Stage

log = logging.getLogger(__name__)

_MODELS: dict[str, SpanModel | None] = {}


def load_span_model(language: str) -> SpanModel | None:
    """The shipped span model of ``language`` with its hand cues (None when none ships)."""
    if language not in _MODELS:
        res = resources.files("unspin.models.spans").joinpath(f"spans_{language}.json")
        model: SpanModel | None = None
        if res.is_file():
            model = SpanModel.from_json(json.loads(res.read_text(encoding="utf-8")))
            model.merge_cues(load_cues(language))
        else:
            log.info("no span model for language %r; technique spans skipped", language)
        _MODELS[language] = model
    return _MODELS[language]


class TechniqueSpansStage(Stage):
    name = "technique_spans"
    requires = ("layers.techniques",)
    assigns = ("layers.techniques",)

    def __init__(self, default_language: str = "fr", lexicon_only: tuple[str, ...] = (),
                 lexicon_only_strength: float = 0.9, preload: tuple[str, ...] = ("fr",),
                 word_model: bool = True) -> None:
        self.default_language = default_language
        # The embedding word scorer finds the open-vocabulary words of short techniques
        # (Loaded_Language, Name_Calling…) that the n-gram lexicons never saw.
        self.word_scorer = load_word_scorer() if word_model else None
        self.lexicon_only = tuple(lexicon_only)
        self.lexicon_only_strength = lexicon_only_strength
        for lang in preload:
            load_span_model(lang)

    def process(self, article: Article) -> None:
        if "techniques" not in article.layers and not self.lexicon_only:
            return  # nothing to explain (and no empty layer to add)
        language = str(article.meta.get("language") or self.default_language)
        kept = [a for a in article.layer("techniques") if a.attrs.get("kind") != "span"]
        paragraph_level = [a for a in kept if a.attrs.get("kind", "paragraph") == "paragraph"]
        model = load_span_model(language)
        if model is None:
            article.set_layer("techniques", kept)
            return
        repeated = repeated_word_boosts(article.text)
        spans: list[Annotation] = []
        for par in paragraph_level:
            confidence = float(par.attrs.get("confidence", 1.0))
            for hit in spans_for(article.text, par.start, par.end, par.label, model, repeated,
                                  self.word_scorer, skip_names=language != "de"):
                spans.append(self._span(article, par.label, hit.start, hit.end,
                                        par.attrs.get("paragraph"),
                                        confidence * (0.5 + 0.5 * hit.strength),
                                        hit.evidence, language))
        if self.lexicon_only:
            spans.extend(self._lexicon_only_spans(article, paragraph_level, model, language))
        article.set_layer("techniques", kept + spans)

    def _lexicon_only_spans(self, article: Article, paragraph_level: list[Annotation],
                            model: SpanModel, language: str) -> list[Annotation]:
        """Strong-evidence spans of chosen techniques in paragraphs not flagged with them."""
        from ..persuasion.semeval_format import paragraphs

        flagged = {(a.start, a.label) for a in paragraph_level}
        out = []
        for par in paragraphs(article.text):
            for technique in self.lexicon_only:
                lexicon = model.techniques.get(technique)
                if lexicon is None or (par.start, technique) in flagged:
                    continue
                for hit in find_spans(article.text, par.start, par.end, lexicon):
                    if hit.strength >= self.lexicon_only_strength:
                        out.append(self._span(article, technique, hit.start, hit.end, par.line,
                                              0.5 * hit.strength, hit.evidence, language,
                                              lexicon_only=True))
        return out

    def _span(self, article: Article, technique: str, start: int, end: int,
              paragraph: Any, confidence: float, evidence: tuple[str, ...], language: str,
              lexicon_only: bool = False) -> Annotation:
        attrs: dict[str, Any] = {
            "kind": "span", "paragraph": paragraph, "confidence": round(confidence, 3),
            "explanation": explain(technique, language), "family": family_of(technique),
            "evidence": list(evidence),
        }
        if lexicon_only:
            attrs["lexicon_only"] = True
        return Annotation(start, end, technique, attrs, "model")


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the stage; options: ``default_language``, ``lexicon_only``,
    ``lexicon_only_strength``, ``word_model`` (use the embedding word scorer, default on)."""
    return TechniqueSpansStage(
        default_language=options.get("default_language", "fr"),
        lexicon_only=tuple(options.get("lexicon_only", ())),
        lexicon_only_strength=float(options.get("lexicon_only_strength", 0.9)),
        word_model=bool(options.get("word_model", True)),
    )
