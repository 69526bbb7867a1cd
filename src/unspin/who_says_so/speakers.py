"""Who a source is: its type (named person, organisation, media, anonymous, document),
its canonical entity id, and the antecedent of a pronoun ("a-t-il ajouté")."""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Annotation, Article
from .lexicon import Lexicon
from .text import APPOSED_NAME_RE, SPACES

log = logging.getLogger(__name__)

SOURCE_TYPES = ("named_person", "named_organisation", "media", "anonymous", "document")
_NAME_PAIR_RE = re.compile(r"(?<![\w-])[A-ZÀ-Ý][\w'’-]+\s+(?:(?:de|al|el|bin|ben|van|von|da)\s+)?"
                           r"[A-ZÀ-Ý][\w'’-]+")
# Just after a sentence start: "Pour elle" or "Le Monde" there are not a first name.
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?…]\s*|\n\s*)$")
_CAPITAL_RE = re.compile(r"(?<![\w'’-])[A-ZÀ-Ý][\w'’-]*")
_AGE_RE = re.compile(r",\s*(?:âgée?s?\s+de\s+|aged\s+)?\d{1,3}\s*(?:ans\b|years?\s+old\b|,)",
                     re.IGNORECASE)
_NAMED_MEMBER_RE = re.compile(r",\s*(?:dont|parmi\s+lesquels|parmi\s+lesquelles|including)\s+",
                              re.IGNORECASE)
_DETERMINER_RE = re.compile(
    r"^(?:le|la|les|l['’]|the|ce|cette|ces|son|sa|ses|leur|leurs|its|his|her|their)\s*",
    re.IGNORECASE)


@lru_cache(maxsize=1)
def shipped_registry() -> Any:
    """The shipped entity registry (countries, capitals, organisations, media), or None
    when it cannot be loaded; used to type a bare name when no entities layer is present."""
    try:
        from ..entities import load_registry
        return load_registry()
    except Exception as exc:  # noqa: BLE001 - the lookup is an optional refinement
        log.warning("entity registry unavailable for source typing (%s)", exc)
        return None


def registry_type(name: str, language: str | None = None) -> str | None:
    """The registry type ("country", "city", "organisation", "media", "person", …) of an
    entity whose name is all of ``name``, or None."""
    registry = shipped_registry()
    if registry is None or not name.strip():
        return None
    for match in registry.find(name, language):
        if match.start == 0 and match.end >= len(name.rstrip()):
            return str(match.entity.type or "") or None
    return None


@dataclass
class Antecedent:
    """A source already found in the article, for resolving later pronouns."""

    start: int
    end: int
    text: str
    source_type: str
    entity_id: str | None


def entity_at(article: Article, start: int, end: int) -> Annotation | None:
    """The entity mention of the ``entities`` layer inside ``[start, end)`` that best names
    the span: a linked one first, then the longest."""
    best: Annotation | None = None
    for ent in article.layer("entities"):
        if ent.start >= end:
            break
        if ent.end <= start or ent.start < start or ent.end > end:
            continue
        def rank(a: Annotation) -> tuple[bool, bool, int]:
            return (a.label == "PER", bool(a.attrs.get("id")), a.end - a.start)

        if best is None or rank(ent) > rank(best):
            best = ent
    return best


def naming_entity(article: Article, start: int, end: int) -> Annotation | None:
    """The entity that names the source ``text[start:end]`` itself, for its canonical id: a
    person anywhere in it, or an entity that starts it (after a determiner) or ends it
    ("le quotidien Al-Akhbar"). "Le Premier ministre irakien" is not Iraq, "un chercheur
    basé à Bamako" is not Bamako."""
    ent = entity_at(article, start, end)
    if ent is None or ent.label == "PER" or ent.attrs.get("type") == "person":
        return ent
    text = article.text
    if ent.end < len(text) and (text[ent.end].isalnum() or text[ent.end] in "-'’") or \
            ent.start > 0 and (text[ent.start - 1].isalnum() or text[ent.start - 1] == "-"):
        return None  # part of a word: "US-led"
    lead = _DETERMINER_RE.sub("", text[start:ent.start].strip(SPACES), count=1)
    if ent.label == "MISC" and (lead.strip() or ent.end < end):
        return None  # a demonym inside the phrase: "Le Premier ministre irakien"
    if not lead.strip():
        return ent
    head_end = text.find(",", start, end)
    head_end = end if head_end < 0 else head_end
    before = re.findall(r"[\w'’-]+", text[start:ent.start])
    after_preposition = bool(before) and before[-1].lower() in {
        "à", "au", "aux", "de", "du", "des", "d'", "in", "of", "from", "at", "near", "en"}
    if ent.end >= head_end - 1 and ent.label != "LOC" and not after_preposition:
        return ent  # an apposed name: "le quotidien libanais Al-Akhbar"
    return None


def _first_position(regex: re.Pattern[str], phrase: str, words: int = 6) -> int | None:
    """Where ``regex`` first matches in ``phrase``, if it starts within its first ``words``
    words (a cue may run past them: "le projet de loi")."""
    normal = " ".join(phrase.split())
    m = regex.search(normal)
    return m.start() if m and m.start() < len(" ".join(normal.split()[:words])) else None


def classify_source(phrase: str, after: str, lex: Lexicon, entity: Annotation | None = None,
                    prefer_person: bool = False) -> str:
    """The type of a source phrase; ``after`` is the text that follows it in the sentence
    (where "ayant requis l'anonymat" or "on condition of anonymity" often stands)."""
    phrase = phrase.strip(SPACES + ",")
    named_member = _NAMED_MEMBER_RE.search(phrase)
    if named_member is not None and re.search(r"[A-ZÀ-Ý]", phrase[named_member.end():]):
        # "plusieurs partis, dont le parti Z": a group named through one of its members is
        # of that member's type, not an anonymous group.
        return classify_source(phrase[named_member.end():], after, lex, None, prefer_person)
    ent_type = str(entity.attrs.get("type") or "") if entity is not None else ""
    head = phrase.split(",")[0]
    media_name = lex.media_name_re.search(head)
    media_head_at = _first_position(lex.media_head_re, phrase, 3)
    # "un document consulté par l'AFP": the document heads the phrase, the outlet is its
    # reader.
    document_at = _first_position(lex.document_head_re, phrase, 3)
    if document_at is not None and media_name is not None and document_at < media_name.start():
        return "document"
    named_outlet = ent_type == "media" or media_name is not None or (
        media_head_at is not None and bool(_NAME_PAIR_RE.search(head[1:]) or
                                           _CAPITAL_RE.search(head[1:])))
    # Anonymity after the phrase ("…, proche du Hezbollah", "ayant requis l'anonymat") does
    # not make a named outlet anonymous; in the phrase itself it always does.
    if lex.anonymity_re.search(phrase) or (lex.anonymity_re.search(after[:70])
                                           and not named_outlet):
        return "anonymous"
    # A media name counts when it heads the phrase, not in an aside ("The report, which was
    # seen by Reuters").
    if ent_type == "media" or media_name is not None:
        return "media"
    if media_head_at is not None and (not lex.indefinite_re.match(phrase)
                                      or _first_position(lex.media_collective_re, phrase, 4)
                                      is not None):
        return "media"
    if re.match(r"(?:notre|nos|our)\b", phrase, re.IGNORECASE):
        return "media"
    if _first_position(lex.document_head_re, phrase, 3) is not None:
        return "document"
    bare = _DETERMINER_RE.sub("", phrase, count=1)
    has_name = bool(_NAME_PAIR_RE.search(bare[1:] if lex.indefinite_re.match(phrase) else bare))
    if lex.indefinite_re.match(phrase) and not has_name:
        return "anonymous"
    title_at = _first_position(lex.person_title_re, phrase)
    org_at = _first_position(lex.organisation_re, phrase)
    anon_at = _first_position(lex.anonymous_head_re, phrase, 4)
    if anon_at is not None and not has_name:
        return "anonymous"
    if org_at is not None and org_at <= len(phrase) - len(bare) + 1 and title_at is None:
        return "named_organisation"  # "la milice Liwa al-Fath": the head is a body
    if entity is not None and (entity.label == "PER" or ent_type == "person"):
        return "named_person"
    if _AGE_RE.search(phrase):
        return "named_person"  # "Fatoumata, 34 ans, réfugiée au Tchad": an age is a person's
    if prefer_person and entity is not None and entity.label == "LOC" and not ent_type and \
            len(bare.split()) == 1:
        return "named_person"  # a speaker's unknown first name the NER took for a place
    if title_at is not None and (has_name or org_at is None or title_at <= org_at):
        return "named_person"
    if APPOSED_NAME_RE.search(phrase) and not lex.organisation_re.match(bare):
        return "named_person"  # "l'édile de Kherson, Igor Kolykhaïev": the apposed name
    if entity is not None and entity.label in {"ORG", "LOC", "GPE"}:
        return "named_organisation"
    if org_at is not None:
        return "named_organisation"
    capitals = _CAPITAL_RE.findall(bare)
    if capitals and re.fullmatch(r"[A-ZÀ-Ý]{2,6}", bare.split()[0] if bare.split() else ""):
        return "named_organisation"  # an acronym: "IDF", "ONU", "UNRWA"
    # "les scientifiques", "the analysts": a vague group, not a named source.
    if not capitals and re.match(r"(?:les|the)\s+\S+[sx]\b", phrase, re.IGNORECASE):
        return "anonymous"
    if entity is None and capitals and len(bare.split()) <= 3:
        # No entities layer: a known country, city or organisation acts as an institution
        # ("Israël a affirmé", "Tehran dismissed"), a known outlet is media.
        known = registry_type(bare, lex.language)
        if known == "media":
            return "media"
        if known == "person":
            return "named_person"
        if known is not None:
            return "named_organisation"
    if has_name or (capitals and (prefer_person or len(phrase.split()) == 1)):
        return "named_person"
    return "named_organisation"


def attribution_of(source_type: str) -> str:
    """Claim attribution (``named`` or ``anonymous``) for a source type."""
    return "anonymous" if source_type == "anonymous" else "named"


def title_phrases(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Person-like noun phrases ("la ministre de la Défense, Claire Morel", "Prime Minister
    Ana Costa") in a stretch of text, used as pronoun antecedents when no earlier source
    is known."""
    out: list[tuple[int, int]] = []
    for m in lex.person_title_re.finditer(text, start, end):
        if out and m.start() < out[-1][1]:
            continue
        before = text[max(start, m.start() - 30):m.start()]
        det = re.search(r"(?:\b(?:le|la|l['’]|the|un|une|a|an)\s+(?:[\w-]+\s+){0,2})$", before,
                        re.IGNORECASE)
        s = m.start() - (len(det.group(0)) if det else 0)
        tail = _TITLE_TAIL_RE.match(text, m.end(), end)
        out.append((s, tail.end() if tail else m.end()))
    return out


# What may follow a title: capitalised names, "de la Défense", "of the army", and an
# apposition ", Claire Morel".
_TITLE_TAIL_RE = re.compile(
    r"(?:\s+(?:de|du|des|d['’]|of|for)(?:\s+(?:la|le|les|l['’]|the))?\s*[\w'’-]+"
    r"(?:\s+[a-zà-ÿ][\w'’-]+(?=\s*,))?"
    r"|\s+[A-ZÀ-Ý][\w'’-]+)*(?:,\s+[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)+)?")


def _has_name(text: str) -> bool:
    return bool(_NAME_PAIR_RE.search(text[1:]))


_PLURAL_PRONOUNS = {"ils", "elles", "eux", "they", "them"}
_PLURAL_PHRASE_RE = re.compile(
    r"^(?:les|des|plusieurs|certains|certaines|de\s+nombreux|de\s+nombreuses|deux|trois|"
    r"some|several|many|two|three)\b|^(?:the\s+)?[a-zà-ÿ-]+[sx]$", re.IGNORECASE)


def _agreeing(pronoun: str, candidates: list[Antecedent]) -> Antecedent | None:
    """The nearest candidate whose number agrees with ``pronoun`` ("ils" → "des témoins")."""
    if not pronoun:
        return None
    plural = pronoun.lower() in _PLURAL_PRONOUNS
    agreeing = [a for a in candidates
                if bool(_PLURAL_PHRASE_RE.search(a.text.split(",")[0].strip())) == plural]
    return max(agreeing, key=lambda a: a.end) if agreeing else None


def resolve_pronoun(position: int, antecedents: list[Antecedent], article: Article,
                    lex: Lexicon, window: int = 1200, pronoun: str = "") -> Antecedent | None:
    """The named source before ``position`` that a pronoun most likely stands for.

    The nearest earlier source (or PER entity) wins; without one, the person-like phrases
    of the preceding text ("la ministre de la Défense, Claire Morel"), those with a proper
    name first; None when there is nothing.
    """
    text = article.text
    lo = max(0, position - window)
    # ``antecedents`` is kept sorted by end (bisect.insort with key=end): only the window
    # before the pronoun is read, so that thousands of pronouns stay linear.
    first = bisect.bisect_left(antecedents, lo, key=lambda a: a.end)
    last = bisect.bisect_right(antecedents, position, key=lambda a: a.end)
    earlier: list[Antecedent] = [a for a in antecedents[first:last]
                                 if a.source_type != "document" and a.start >= lo]
    entities = article.layer("entities")
    from_entity = bisect.bisect_left(entities, lo, key=lambda e: e.start)
    to_entity = bisect.bisect_left(entities, position, key=lambda e: e.start)
    people = [Antecedent(e.start, e.end, text[e.start:e.end], "named_person", e.attrs.get("id"))
              for e in entities[from_entity:to_entity]
              if e.end <= position and (e.label == "PER" or e.attrs.get("type") == "person")]
    if earlier:
        agreeing = _agreeing(pronoun, earlier + people)
        if agreeing is not None or pronoun.lower() in _PLURAL_PRONOUNS:
            return agreeing or max(earlier + people, key=lambda a: a.end)
    titles = [Antecedent(s, e, text[s:e], "named_person", None)
              for s, e in title_phrases(text, lo, position, lex)]
    candidates = people + titles
    if not candidates and not article.layer("entities"):
        # No entities layer: a first name and surname in the text stand for a person.
        candidates = [Antecedent(m.start(), m.end(), m.group(0), "named_person", None)
                      for m in _NAME_PAIR_RE.finditer(text, lo, position)
                      if not _SENTENCE_START_RE.search(text, max(lo, m.start() - 3), m.start())]
    if earlier and not candidates:
        return max(earlier, key=lambda a: a.end)
    if not candidates:
        return None
    # A person entity is a name whatever its first word ("Fouad Hussein a reçu
    # l'ambassadeur. « … », a-t-il déclaré": the minister, not the nearer bare title).
    named = {id(a) for a in people}
    return max(candidates, key=lambda a: (id(a) in named or _has_name(a.text), a.end))


def named_organisation_before(position: int, antecedents: list[Antecedent], article: Article,
                              lex: Lexicon, window: int = 1200) -> Antecedent | None:
    """The nearest earlier source before ``position`` that names an organisation ("Amnesty
    International", "le Front de libération de l'Ogaden"), for a definite description that
    points back at it ("l'organisation", "le mouvement"); None when there is none."""
    last = bisect.bisect_right(antecedents, position, key=lambda a: a.end)
    for ante in reversed(antecedents[:last]):
        if ante.end < position - window:
            break
        if ante.start < position - window:
            continue
        bare = _DETERMINER_RE.sub("", ante.text.split(",")[0], count=1)
        if not _CAPITAL_RE.search(bare) or lex.anaphoric_head_re.match(ante.text):
            continue
        if classify_source(ante.text, "", lex, entity_at(article, ante.start, ante.end)) == \
                "named_organisation":
            return ante
    return None
