"""The events stage: ACLED-style event records with actors, place, date, counts, sources.

Each sentence of a body paragraph (the ``segments`` layer's ``paragraph`` segments; all
sentences without it) that holds an event trigger from the cue lexicon is classified by
the shipped model (``unspin.events.classifier``) into the 30 types of
``data/events/taxonomy.toml``; sentences under ``min_confidence`` are dropped. Sentences
telling the same event are merged into one record (``unspin.events.records``), and the
record's slots are filled from the other layers (``unspin.events.slots``).

Layer ``events``: one annotation per record, spanning the sentence that tells it; label =
``sub_event_type``. Attrs: ``event_type``, ``sub_event_type``, ``scores`` (top three),
``confidence``, ``fallback``, ``trigger`` / ``sentences`` (offsets), ``actor1``,
``actor2``, ``target``, ``claimed_by``, ``place`` / ``date`` (indices into ``places`` /
``times``) with ``place_precision`` / ``date_value``, ``fatalities`` / ``injured`` /
``arrested`` (indices into ``figures``) with their totals, ``sources`` / ``quotes``,
``certainty``, ``perpetrator_certainty`` and ``modality`` (docs/schema.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..events import slots
from ..events.classifier import EventClassifier, load_event_classifier
from ..events.cues import cue_lexicon
from ..events.records import (
    EventRecord,
    EventSentence,
    apply_cue_precedence,
    certainty,
    family,
    group_records,
    is_toll,
    modality,
    perpetrator_certainty,
    require_arrest,
    require_demonstrators,
    scores_attr,
)
from ..events.taxonomy import event_type_of
from ..model import Annotation, Article
from ..sentences import sentence_spans
from ..stage import Stage
from ..stage_options import options_of

log = logging.getLogger(__name__)
LAYER = "events"


@dataclass(frozen=True)
class EventsOptions:
    """Options of ``[stages.events]`` (defaults in default.toml)."""

    min_confidence: float = field(metadata={"min": 0, "max": 1})
    fallback: bool
    default_language: str
    max_sentences: int = field(metadata={"min": 1})


def _paragraphs(article: Article) -> list[tuple[int, int]]:
    return sorted((s.start, s.end) for s in article.layer("segments") if s.label == "paragraph")


def _paragraph_index(span: tuple[int, int], paragraphs: list[tuple[int, int]]) -> int:
    for i, (start, end) in enumerate(paragraphs):
        if start <= span[0] < end:
            return i
    return -1


class EventsStage(Stage):
    """Event records from sentences with an event trigger."""

    name = "events"
    requires = ("layers.segments", "layers.sentences", "layers.entities", "layers.places",
                "layers.times", "layers.figures", "layers.quotes", "layers.sources",
                "layers.hedges")
    assigns = ("layers.events",)
    prunes = ("layers.events",)

    def __init__(self, classifier: EventClassifier, options: EventsOptions) -> None:
        self.classifier = classifier
        self.options = options

    def candidate_sentences(self, article: Article) -> list[tuple[tuple[int, int], int,
                                                                   tuple[int, int]]]:
        """(sentence span, paragraph index, trigger span) of body sentences with a trigger."""
        lex = cue_lexicon(self.language(article))
        paragraphs = _paragraphs(article)
        out = []
        for span in sentence_spans(article):
            para = _paragraph_index(span, paragraphs)
            if paragraphs and para < 0:
                continue
            sentence = article.text[span[0]:span[1]]
            if sentence.rstrip("»”\" ").endswith("?"):
                continue
            trigger = lex.first("trigger", sentence)
            if trigger is None:
                continue
            out.append((span, para, (span[0] + trigger.start, span[0] + trigger.end)))
            if len(out) >= self.options.max_sentences:
                log.info("article %s: only the first %d event sentences are classified",
                         article.id, self.options.max_sentences)
                break
        return out

    def language(self, article: Article) -> str:
        return str(article.meta.get("language") or self.options.default_language)

    def process(self, article: Article) -> None:
        language = self.language(article)
        lex = cue_lexicon(language)
        candidates = self.candidate_sentences(article)
        # stripped sentences, as the techniques stage splits them: the shared encoder's
        # memo then embeds each sentence once for both stages
        texts = [article.text[s:e].strip() for (s, e), _, _ in candidates]
        scored = self.classifier.classify(texts, [language] * len(texts),
                                          fallback=self.options.fallback) if texts else []
        paragraphs = _paragraphs(article)
        sentences: list[EventSentence] = []
        for (span, para, trigger), text, result in zip(candidates, texts, scored):
            s = EventSentence(span, para, result.label, result.confidence, result.top3,
                              result.fallback, trigger)
            if result.confidence < self.options.min_confidence:
                # An unsure sentence right after a violent one in the same paragraph that
                # counts victims continues it ("…, blessant trois civils").
                previous = sentences[-1] if sentences else None
                if previous is None or previous.paragraph != para or \
                        family(previous.label) != "violence" or not (
                        lex.has("fatality", text) or lex.has("injury", text)):
                    continue
                s.label = previous.label
            else:
                context = article.text[slice(*paragraphs[para])] if para >= 0 else text
                s.label = require_demonstrators(s, context, lex)
                s.label = apply_cue_precedence(s, text, lex)
                kept = require_arrest(s, text, lex)
                if kept is None:
                    continue
                s.label = kept
            previous = sentences[-1] if sentences else None
            if previous is not None and previous.paragraph == para and is_toll(text, lex):
                s.label = previous.label  # the toll of the event just told: same record
            elif previous is not None and modality(text, False, lex) == "hypothetical":
                continue  # "similar strikes may have taken place": talk about events
            sentences.append(s)
        records = group_records(sentences, article.text)
        index = slots.LayerIndex(article)
        article.set_layer(LAYER, [self.annotate(index, r, language) for r in records])

    def annotate(self, index: slots.LayerIndex, record: EventRecord, language: str
                 ) -> Annotation:
        """The annotation of one record, with every slot filled."""
        lex = cue_lexicon(language)
        article = index.article
        text = article.text
        spans = [s.span for s in record.sentences]
        first = record.first
        first_text = text[first.span[0]:first.span[1]]
        mentions = slots.actor_mentions(index, first.span, lex, first.trigger[0])
        target = slots.target_of(index, first.span, first.trigger[1], lex)
        actor1, actor2, agent = slots.choose_actors(mentions, first.trigger[0], text, lex,
                                                    target)
        claimed_by = None
        for claim in record.claims:
            if lex.has("unclaimed", text[claim.span[0]:claim.span[1]]):
                continue
            found = [m for m in slots.actor_mentions(index, claim.span, lex)
                     if m["category"] not in {"civilians", "state_forces"}]
            if found:
                claimed_by = found[0]
                break
        if claimed_by is not None and not agent:
            # "Huit roquettes ont été tirées sur l'ambassade des États-Unis" + "revendiquée
            # par X": X acted; the side named in the sentence was on the receiving end
            actor2 = actor2 or actor1
            actor1 = claimed_by
        place, place_precision = slots.best_place(index, spans)
        # a date of a sentence merged in from another paragraph may be another event's
        # ("Depuis octobre 2019, une trentaine d'attaques…"): only the first paragraph's
        date, date_value = slots.best_date(
            index, [s.span for s in record.sentences if s.paragraph == first.paragraph])
        published = str(article.meta.get("published") or "")
        future = published != "" and any(
            slots.calendar_day(str(t.attrs.get("value") or "")) > published[:10]
            for _, t in index.within("times", first.span) if str(t.attrs.get("type")) == "DATE")
        hedged = any(h.label == "hedge" for _, h in index.within("hedges", first.span))
        sources, quotes = slots.record_sources(article, spans + [c.span for c in record.claims])
        counted = slots.counts(index, spans, lex)
        label = record.label
        attrs: dict[str, Any] = {
            "event_type": event_type_of(label),
            "sub_event_type": label,
            "scores": scores_attr(first.top3),
            "confidence": first.confidence,
            "fallback": first.fallback,
            "trigger": {"start": first.trigger[0], "end": first.trigger[1],
                        "text": text[first.trigger[0]:first.trigger[1]]},
            "sentences": [[s, e] for s, e in spans],
            "actor1": actor1, "actor2": actor2,
            "target": target,
            "claimed_by": claimed_by,
            "place": place, "place_precision": place_precision,
            "date": date, "date_value": date_value or (published[:10] or None),
            "date_precision": "sentence" if date is not None else
            ("published" if published else None),
            "fatalities": counted["fatalities"], "injured": counted["injured"],
            "arrested": counted["arrested"],
            "fatalities_total": slots.total(article, counted["fatalities"]),
            "injured_total": slots.total(article, counted["injured"]),
            "arrested_total": slots.total(article, counted["arrested"]),
            "sources": sources, "quotes": quotes,
            "certainty": certainty(first_text, hedged, False, lex),
            "perpetrator_certainty": perpetrator_certainty(record.claims, text, lex),
            "modality": modality(first_text, future, lex),
            "claim_sentences": [[c.span[0], c.span[1]] for c in record.claims],
        }
        return Annotation(first.span[0], first.span[1], label, attrs, "model")


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the stage with the shipped model and the shared sentence encoder."""
    settings = options_of(EventsOptions, options, "events")
    classifier = load_event_classifier()
    classifier.encoder.load()
    return EventsStage(classifier, settings)
