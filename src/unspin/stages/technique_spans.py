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

Strong cues are different: hand-written expressions that are loaded or labels on their own
(``models/spans/strong_cues_<lang>.toml``: "forces d'occupation", "agression lâche",
"junte", "thugs"…) and entities whose registry name has a pejorative register (layer
``entities``, ``register = "pejorative"``: "les Ricains", "le Grand Satan"; a neutral
nickname such as "l'Hexagone" is not one). For Loaded_Language and Name_Calling-Labeling:

* a paragraph the model did not flag but holding a strong cue (weight >= ``promote_weight``)
  gets the paragraph-level technique (``via = "cues"``, a confidence calibrated on SemEval,
  see ``unspin.evaluation.loaded_language_promotion``) and the span on the cue's words — only for the
  ``promote`` languages, where the measured micro-F1 did not drop;
* in a flagged paragraph, strong-cue words are highlighted (a learnt span overlapping one
  gives way to it);
* a learnt span made only of plain news words and function words ("roquettes",
  "victime", "des tirs"…, the ``neutral`` lists) is dropped. Trimming those words off the
  edges of longer spans was measured too and lowered token-F1 (gold spans include them).
"""

from __future__ import annotations

import json
import logging
from bisect import bisect_right
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..model import Annotation, Article
from ..stage import Stage
from ..stage_options import options_of
from ..techniques.explanations import explain, family_of
from ..techniques.loaded_language_cues import (
    STRONG_TECHNIQUES,
    CueHit,
    StrongCues,
    combine_spans,
    find_strong_cues,
    load_strong_cues,
    nickname_hits,
)
from ..techniques.span_words import load_word_scorer
from ..techniques.spans import (
    SpanHit,
    SpanModel,
    find_spans,
    repeated_word_boosts,
    spans_for,
    word_scored_tokens,
)
from ..techniques.technique_markers import load_cues

log = logging.getLogger(__name__)

_MODELS: dict[str, SpanModel | None] = {}

# The entities-layer register that makes a mention Name_Calling-Labeling evidence: the
# registry marks slurs and polemical labels ("les Ricains", "le Grand Satan"); neutral or
# familiar nicknames ("l'Hexagone", "l'Oncle Sam") label no one.
PEJORATIVE_REGISTER = "pejorative"


def is_name_calling(entity: Annotation) -> bool:
    """True for an entity mention whose registry name has a pejorative register."""
    return entity.attrs.get("register") == PEJORATIVE_REGISTER
# In a flagged paragraph holding a strong cue, learnt spans weaker than this are dropped.
# Measured on the held-out SemEval spans (`python -m unspin.techniques.training.evaluate_spans --languages
# fr,en --strong-cues off,drop,cues_drop,cues_keep_drop`): dropping the weak ones (0.8) cost
# Name_Calling token-F1 (fr 0.295 -> 0.291, en 0.320 -> 0.318) for no Loaded_Language gain,
# so learnt spans are kept unless they overlap a strong cue.
KEEP_LEARNT_STRENGTH = 0.0
# Confidence of a promoted paragraph technique: the share of promotions that were right,
# measured out of sample on the English dev set (4 of 11; `python -m
# unspin.evaluation.loaded_language_promotion`). The French train set cannot measure it (the paragraph
# model was trained there); its model-independent cue precision (LL 0.81, NC 0.69, en 0.55 /
# 0.53) is an upper bound, since promotions only fire where the model saw nothing.
PROMOTION_CONFIDENCE: dict[str, dict[str, float]] = {}
DEFAULT_PROMOTION_CONFIDENCE = 0.36


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
    uses = ("layers.segments", "layers.entities")
    assigns = ("layers.techniques",)

    def __init__(self, default_language: str = "fr", lexicon_only: tuple[str, ...] = (),
                 lexicon_only_strength: float = 0.9, preload: tuple[str, ...] = ("fr",),
                 word_model: bool = True, strong_cues: bool = True,
                 promote: tuple[str, ...] = ("fr", "en"), promote_weight: float = 0.8) -> None:
        self.default_language = default_language
        self.strong_cues = strong_cues
        self.promote = tuple(promote)
        self.promote_weight = promote_weight
        # The embedding word scorer finds the open-vocabulary words of short techniques
        # (Loaded_Language, Name_Calling…) that the n-gram lexicons never saw.
        self.word_scorer = load_word_scorer() if word_model else None
        self.lexicon_only = tuple(lexicon_only)
        self.lexicon_only_strength = lexicon_only_strength
        for lang in preload:
            load_span_model(lang)

    def process(self, article: Article) -> None:
        language = str(article.meta.get("language") or self.default_language)
        cues = load_strong_cues(language) if self.strong_cues else None
        if "techniques" not in article.layers and not self.lexicon_only and cues is None:
            return  # nothing to explain (and no empty layer to add)
        kept = [a for a in article.layer("techniques")
                if a.attrs.get("kind") != "span" and a.attrs.get("via") != "cues"]
        model = load_span_model(language)
        if model is None and cues is None:
            article.set_layer("techniques", kept)
            return
        cue_hits = self._cue_hits(article, cues) if cues is not None else {}
        promoted = self._promotions(article, kept, cue_hits, language)
        if "techniques" not in article.layers and not promoted and not self.lexicon_only:
            return  # nothing flagged, nothing promoted: no empty layer to add
        kept += promoted
        paragraph_level = [a for a in kept if a.attrs.get("kind", "paragraph") == "paragraph"]
        repeated = repeated_word_boosts(article.text)
        spans: list[Annotation] = []
        if model is not None and self.word_scorer is not None:
            self._embed_words_at_once(article.text, paragraph_level, model, language)
        for par in paragraph_level:
            confidence = float(par.attrs.get("confidence", 1.0))
            learnt: list[SpanHit] = []
            # A promoted technique shows its cue words only: the learnt lexicons and word
            # scorer place a technique the model found, they do not vouch for it.
            if model is not None and par.attrs.get("via") != "cues":
                learnt = spans_for(article.text, par.start, par.end, par.label, model,
                                   repeated, self.word_scorer, skip_names=language != "de")
            for hit, from_cue in combine_spans(article.text, par.label, learnt,
                                               cue_hits.get(par.start, ()), cues,
                                               KEEP_LEARNT_STRENGTH):
                spans.append(self._span(article, par.label, hit.start, hit.end,
                                        par.attrs.get("paragraph"),
                                        confidence * (0.5 + 0.5 * hit.strength),
                                        hit.evidence, language,
                                        via="cues" if from_cue else None))
        if self.lexicon_only and model is not None:
            spans.extend(self._lexicon_only_spans(article, paragraph_level, model, language))
        article.set_layer("techniques", kept + _readable(article, spans))

    def _embed_words_at_once(self, text: str, paragraph_level: list[Annotation],
                             model: SpanModel, language: str) -> None:
        """Embed the words the word scorer will score in this article in one encoder call
        (its cache then answers ``spans_for``): one batch of a few thousand tokens runs
        about twice as fast as a small batch per paragraph and technique."""
        assert self.word_scorer is not None
        words = {t.norm for par in paragraph_level if par.attrs.get("via") != "cues"
                 for t in word_scored_tokens(text, par.start, par.end, par.label, model,
                                             self.word_scorer, skip_names=language != "de")}
        self.word_scorer.embed(sorted(words))

    def _cue_hits(self, article: Article, cues: StrongCues) -> dict[int, list[CueHit]]:
        """Strong-cue and nickname hits of every paragraph, by paragraph start."""
        from .techniques import paragraph_blocks

        nicknames = [(e.start, e.end, str(e.attrs.get("name") or ""))
                     for e in article.layer("entities") if is_name_calling(e)]
        out: dict[int, list[CueHit]] = {}
        for block in paragraph_blocks(article):
            hits = find_strong_cues(article.text, block.start, block.end, cues)
            hits += nickname_hits(article.text, nicknames, block.start, block.end)
            if hits:
                out[block.start] = hits
        return out

    def _promotions(self, article: Article, paragraph_level: list[Annotation],
                    cue_hits: dict[int, list[CueHit]], language: str) -> list[Annotation]:
        """Paragraph annotations for strong evidence the paragraph model did not flag."""
        if language not in self.promote or not cue_hits:
            return []
        from .techniques import paragraph_blocks

        flagged = {(a.start, a.label) for a in paragraph_level}
        calibrated = PROMOTION_CONFIDENCE.get(language, {})
        out = []
        for block in paragraph_blocks(article):
            for technique in STRONG_TECHNIQUES:
                weights = [h.weight for h in cue_hits.get(block.start, ())
                           if h.technique == technique]
                if (block.start, technique) in flagged or not weights \
                        or max(weights) < self.promote_weight:
                    continue
                out.append(Annotation(block.start, block.end, technique, {
                    "kind": "paragraph", "paragraph": block.line,
                    "confidence": calibrated.get(technique, DEFAULT_PROMOTION_CONFIDENCE),
                    "family": family_of(technique), "via": "cues"}, "model"))
        return out

    def _lexicon_only_spans(self, article: Article, paragraph_level: list[Annotation],
                            model: SpanModel, language: str) -> list[Annotation]:
        """Strong-evidence spans of chosen techniques in paragraphs not flagged with them."""
        from ..techniques.paragraphs import paragraphs

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
              lexicon_only: bool = False, via: str | None = None) -> Annotation:
        attrs: dict[str, Any] = {
            "kind": "span", "paragraph": paragraph, "confidence": round(confidence, 3),
            "explanation": explain(technique, language), "family": family_of(technique),
            "evidence": list(evidence),
        }
        if lexicon_only:
            attrs["lexicon_only"] = True
        if via:
            attrs["via"] = via
        return Annotation(start, end, technique, attrs, "model")


@dataclass(frozen=True)
class TechniqueSpansOptions:
    """Options of ``[stages.technique_spans]`` (defaults in default.toml)."""

    default_language: str
    lexicon_only: tuple[str, ...]
    lexicon_only_strength: float = field(metadata={"min": 0, "max": 1})
    word_model: bool  # use the embedding word scorer
    strong_cues: bool
    promote: tuple[str, ...]  # languages whose strong cues may add paragraph techniques
    promote_weight: float = field(metadata={"min": 0, "max": 1})


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    """True when ``[start, end)`` starts or ends inside a word ("parole" of "porte-parole")."""
    def joined(i: int, j: int) -> bool:  # characters at i and j belong to one word
        if not (0 <= i < len(text) and 0 <= j < len(text)):
            return False
        a, b = text[i], text[j]
        return (a.isalnum() or a in "-'’") and (b.isalnum() or b in "-'’") and (
            a.isalnum() or b.isalnum())
    return joined(start - 1, start) or joined(end - 1, end)


def _readable(article: Article, spans: list[Annotation]) -> list[Annotation]:
    """The learnt spans a reader can trust to point at words: none that cuts a word, and
    none inside a name (a person, place or organisation is not loaded language), except
    names the registry marks as pejorative and spans found by the hand-written cues."""
    names = sorted((e.start, e.end) for e in article.layer("entities")
                   if not is_name_calling(e))
    starts = [n[0] for n in names]
    out = []
    for span in spans:
        if span.attrs.get("via") == "cues":
            out.append(span)
            continue
        if _cuts_a_word(article.text, span.start, span.end):
            continue
        i = bisect_right(starts, span.start) - 1
        if i >= 0 and names[i][0] <= span.start and span.end <= names[i][1]:
            continue
        out.append(span)
    return out


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the stage; options: ``default_language``, ``lexicon_only``,
    ``lexicon_only_strength``, ``word_model`` (use the embedding word scorer, default on),
    ``strong_cues`` (default on), ``promote`` (languages whose strong cues may add
    paragraph techniques, default fr and en), ``promote_weight`` (default 0.8)."""
    opts = options_of(TechniqueSpansOptions, options, "technique_spans")
    return TechniqueSpansStage(
        default_language=opts.default_language,
        lexicon_only=opts.lexicon_only,
        lexicon_only_strength=opts.lexicon_only_strength,
        word_model=opts.word_model,
        strong_cues=opts.strong_cues,
        promote=opts.promote,
        promote_weight=opts.promote_weight,
    )
