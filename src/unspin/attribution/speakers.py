"""Who a source is: its type (named person, organisation, media, anonymous, document),
its canonical entity id, and the antecedent of a pronoun ("a-t-il ajouté")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Annotation, Article
from .lexicon import Lexicon
from .text import SPACES

SOURCE_TYPES = ("named_person", "named_organisation", "media", "anonymous", "document")
_NAME_PAIR_RE = re.compile(r"(?<![\w-])[A-ZÀ-Ý][\w'’-]+\s+(?:(?:de|al|el|bin|ben|van|von|da)\s+)?"
                           r"[A-ZÀ-Ý][\w'’-]+")
_CAPITAL_RE = re.compile(r"(?<![\w'’-])[A-ZÀ-Ý][\w'’-]*")
_DETERMINER_RE = re.compile(
    r"^(?:le|la|les|l['’]|the|ce|cette|ces|son|sa|ses|leur|leurs|its|his|her|their)\s*",
    re.IGNORECASE)


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


def _first_position(regex: re.Pattern[str], phrase: str, words: int = 6) -> int | None:
    head = " ".join(phrase.split()[:words])
    m = regex.search(head)
    return m.start() if m else None


def classify_source(phrase: str, after: str, lex: Lexicon, entity: Annotation | None = None,
                    prefer_person: bool = False) -> str:
    """The type of a source phrase; ``after`` is the text that follows it in the sentence
    (where "ayant requis l'anonymat" or "on condition of anonymity" often stands)."""
    phrase = phrase.strip(SPACES + ",")
    if lex.anonymity_re.search(phrase) or lex.anonymity_re.search(after[:70]):
        return "anonymous"
    ent_type = str(entity.attrs.get("type") or "") if entity is not None else ""
    # A media name counts when it heads the phrase, not in an aside ("The report, which was
    # seen by Reuters").
    if ent_type == "media" or lex.media_name_re.search(phrase.split(",")[0]):
        return "media"
    if _first_position(lex.media_head_re, phrase, 3) is not None and not lex.indefinite_re.match(
            phrase):
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
    if entity is not None and (entity.label == "PER" or ent_type == "person"):
        return "named_person"
    if title_at is not None and (has_name or org_at is None or title_at <= org_at):
        return "named_person"
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
    earlier: list[Antecedent] = [a for a in antecedents if a.end <= position
                                 and a.source_type != "document" and a.start >= lo]
    people = [Antecedent(e.start, e.end, text[e.start:e.end], "named_person", e.attrs.get("id"))
              for e in article.layer("entities")
              if lo <= e.start and e.end <= position
              and (e.label == "PER" or e.attrs.get("type") == "person")]
    if earlier:
        agreeing = _agreeing(pronoun, earlier + people)
        if agreeing is not None or pronoun.lower() in _PLURAL_PRONOUNS:
            return agreeing or max(earlier + people, key=lambda a: a.end)
    titles = [Antecedent(s, e, text[s:e], "named_person", None)
              for s, e in title_phrases(text, lo, position, lex)]
    candidates = people + titles
    if earlier and not candidates:
        return max(earlier, key=lambda a: a.end)
    if not candidates:
        return None
    return max(candidates, key=lambda a: (_has_name(a.text), a.end))
