"""The places stage: countries, subdivisions, cities and sites named in the article.

Backend ``gazetteer``: names are matched against a gazetteer built once per process from
packaged GeoNames/ISO 3166 data and curated spellings (see ``unspin.places``), then each is
resolved with the article's context. It needs no spaCy model; when the parse stage left a
``Doc`` with entities, or the entities stage ran, their labels help reject person and
organisation names that look like towns.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from ..model import Annotation, Article
from ..places.gazetteer import CURATED, Gazetteer, load_gazetteer
from ..places.matcher import (
    SMALL_CITY,
    Mention,
    Resolved,
    apply_cues,
    article_countries,
    choose,
    find_mentions,
    inside_longer_name,
    non_overlapping,
)
from ..places.names import WORD, name_key
from ..stage import Stage
from ..stage_options import options_of

log = logging.getLogger(__name__)

_NOT_PLACE_LABELS = {"PER", "PERSON", "ORG"}


class PlacesStage(Stage):
    """Adds the ``places`` layer: one annotation per place mention."""

    name = "places"
    requires = ("layers.entities",)
    uses = ("scratch.doc",)
    assigns = ("layers.places",)
    prunes = ("layers.places",)

    def __init__(self, gazetteer: Gazetteer, default_language: str = "fr") -> None:
        self.gazetteer = gazetteer
        self.default_language = default_language

    def process(self, article: Article) -> None:
        text = article.text
        lang = str(article.meta.get("language") or self.default_language)
        mentions = find_mentions(text, self.gazetteer)
        mentions += _recognised_only(article, mentions, self.gazetteer)
        _mark_recognised(article, mentions)
        mentions = [m for m in mentions
                    if m.candidates and not _named_otherwise(article, m)
                    and (m.recognised or not inside_longer_name(text, m))]
        mentions = non_overlapping(apply_cues(text, lang, self.gazetteer, mentions))
        context = article_countries(text, self.gazetteer, mentions, _entity_countries(article))
        annotations = []
        for mention in mentions:
            resolved = choose(mention, context)
            if resolved is not None:
                annotations.append(_annotation(resolved))
        article.set_layer("places", annotations)


def _annotation(r: Resolved) -> Annotation:
    p = r.place
    attrs: dict[str, Any] = {
        "name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country,
        "admin1": p.admin1, "feature": "site" if r.resolved_to else p.feature,
        "geonameid": p.geonameid,
        "resolved_to": r.resolved_to or ("site" if p.feature == "site" else None),
    }
    if r.note:
        attrs["note"] = r.note
    if p.feature == "site" and p.kind:
        attrs["kind"] = p.kind
    return Annotation(r.start, r.end, attrs["feature"], attrs, "gazetteer")


def _entity_countries(article: Article) -> list[str]:
    """Countries named by the entities layer (states and places it linked)."""
    out = []
    for ann in article.layer("entities"):
        country = ann.attrs.get("country")
        if ann.attrs.get("type") == "city":
            continue  # the registry's one "Tripoli" must not outvote "dans le nord du Liban"
        if isinstance(country, str) and (ann.label == "LOC" or ann.attrs.get("type") == "state"):
            out.append(country)
    return out


_PLACE_LABELS = {"LOC", "GPE"}


def _mark_recognised(article: Article, mentions: list[Mention]) -> None:
    """Flag the mentions that the entity recogniser (or the entities layer) calls places."""
    spans = _place_entity_spans(article)
    doc = article.scratch.get("doc")
    ner_ran = doc is not None and _has_ner(doc)
    for m in mentions:
        m.recognised = any(s <= m.start and m.end <= e for s, e in spans)
        if ner_ran and not m.recognised:
            # With a recogniser at hand, a small uncurated town it does not call a place
            # is a surname or a word far more often than a town.
            m.candidates = [(p, f) for p, f in m.candidates
                            if f & CURATED or p.feature != "city" or p.population >= SMALL_CITY]


def _place_entity_spans(article: Article) -> list[tuple[int, int]]:
    spans = [(a.start, a.end) for a in article.layer("entities") if a.label in _PLACE_LABELS]
    doc = article.scratch.get("doc")
    if doc is not None:
        spans += [(e.start_char, e.end_char) for e in getattr(doc, "ents", ())
                  if e.label_ in _PLACE_LABELS]
    return spans


def _recognised_only(article: Article, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Mentions for place entities the gazetteer did not match, found by any spelling.

    "à Jarablous" is no match of the main index (a small town's alternate spelling), but
    when the recogniser calls it a place, every GeoNames spelling of every city is tried.
    """
    out: list[Mention] = []
    for start, end in _place_entity_spans(article):
        if any(m.start < end and start < m.end for m in mentions + out):
            continue
        words = list(WORD.finditer(article.text, start, end))
        # Drop a leading article or preposition the recogniser kept ("la Ghouta").
        while words and words[0].group()[:1].islower():
            words.pop(0)
        if not words:
            continue
        span_start, span_end = words[0].start(), words[-1].end()
        candidates = gaz.loose_lookup(name_key(article.text[span_start:span_end]))
        if candidates:
            out.append(Mention(span_start, span_end, candidates, recognised=True, loose=True))
    return out


def _has_ner(doc: Any) -> bool:
    try:
        return bool(doc.has_annotation("ENT_IOB"))
    except (AttributeError, ValueError):
        return False


_GENITIVE_BEFORE = re.compile(r"(?:\b(?:de|du|of)\s+|\bd['’])$", re.IGNORECASE)


def _named_otherwise(article: Article, mention: Mention) -> bool:
    """True when another layer or the parse says the span is a person or an organisation.

    Curated names are kept inside organisation names only when they are not the whole
    name ("l'université de Mossoul" keeps Mossoul; an ORG "Mossoul" alone is dropped).
    """
    curated = any(flags & CURATED for _, flags in mention.candidates)
    for a in article.layer("entities"):
        form = a.attrs.get("form")
        if (a.attrs.get("linked") and a.start <= mention.start and mention.end <= a.end
                and (a.end - a.start) > (mention.end - mention.start)):
            # Part of a longer known name: "al-Cham" in "Hayat Tahrir al-Cham", "Amérique"
            # in "Amérique latine".
            return True
        if (form == "capital" and (a.start, a.end) == (mention.start, mention.end)
                and not _GENITIVE_BEFORE.search(article.text, max(0, a.start - 4), a.start)):
            # "Washington a annoncé": the government acting, not the city. After "de"
            # ("les milices de Tripoli") the city stays a place.
            return True
        if form == "nickname" and a.start <= mention.start and mention.end <= a.end \
                and (a.end - a.start) > (mention.end - mention.start):
            return True  # "le régime de Kiev" names the state's government
    spans = [(a.start, a.end, a.label) for a in article.layer("entities")]
    doc = article.scratch.get("doc")
    if doc is not None and not spans:
        spans = [(e.start_char, e.end_char, e.label_) for e in getattr(doc, "ents", ())]
    for start, end, label in spans:
        if label not in _NOT_PLACE_LABELS:
            continue
        if (start, end) == (mention.start, mention.end) and not curated:
            return True
        if label in {"PER", "PERSON"} and start <= mention.start and mention.end <= end \
                and (end - start) > (mention.end - mention.start):
            return True  # "Jordan" in "Michael Jordan"
    return bool(doc is not None and not curated and _sentence_initial_common_word(doc, mention))


def _sentence_initial_common_word(doc: Any, mention: Mention) -> bool:
    """A capitalised first word of a sentence that the tagger does not call a proper noun."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    token = span[0]
    if token.ent_type_ in {"LOC", "GPE"}:
        return False  # the recogniser reads it as a place: trust that over the tag
    return bool(token.is_sent_start and token.pos_ and token.pos_ not in {"PROPN", "NOUN", "X", ""})


@dataclass(frozen=True)
class PlacesOptions:
    """Options of ``[stages.places]`` (defaults in default.toml)."""

    extra_files: list[str]  # user TOML gazetteer files
    default_language: str


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the places stage; ``extra_files`` lists user TOML gazetteer files."""
    opts = options_of(PlacesOptions, options, "places")
    gazetteer = load_gazetteer(opts.extra_files)
    return PlacesStage(gazetteer, default_language=opts.default_language)
