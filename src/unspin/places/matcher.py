"""Find place names in a text and choose, for each, the place it most likely means.

Matching is greedy and longest-first over word tokens, through the gazetteer's name keys.
A match becomes a *mention* with candidate places; the article's context (the countries
it names, directly, through demonyms or through other layers) and population then pick
one. Cue phrases ("le quartier de X à Y", "la province de X", "the X air base") turn a
mention into a site or a subdivision, and a site that is not in the gazetteer is located
at its city, saying so.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..folding import fold
from .gazetteer import ACRONYM, CASELESS, CURATED, PRIMARY, Gazetteer, Place
from .names import ARABIC_ARTICLES, WORD, name_key, starts_capitalised

# Characters allowed between two words of one name.
_JOINERS = frozenset({" ", "-", "'", "’", "\u00a0", "\u202f", "‐", "–"})

_FEATURE_BONUS = {"country": 10.0, "site": 8.0, "city": 0.0, "admin1": -1.0}
_CONTEXT_BONUS = 1.5
_CURATED_BONUS = 1.0
_PRIMARY_BONUS = 0.3
_ADMIN1_PRIOR = 5.0  # subdivisions carry no population: score them like a 100,000 town

_CAP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĽŁŃŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽḨḤṢṬẒ"
_CONNECT = r"(?:al|el|ar|as|ash|ad|an|at|az|ez|es|ibn|bin|ben|abou|abu|de|du|des|la|le)"
# A capitalised name of up to four words, optionally after a hyphenated Arabic article.
NAME = (rf"(?:\b(?:{_CONNECT})[-‐])?\b[{_CAP}][^\W\d_]*(?:['’-][^\W\d_]+)*"
        rf"(?:[ -](?:{_CONNECT}[- ])?[{_CAP}][^\W\d_]*(?:['’-][^\W\d_]+)*){{0,3}}")


@dataclass
class Mention:
    """A span that names a place, the candidate places and what forced a reading."""

    start: int
    end: int
    candidates: list[tuple[Place, int]]
    forced: str | None = None  # "site" or "admin1" when a cue phrase says so
    site: Place | None = None  # a known site named by a cue phrase
    site_name: str | None = None  # an unknown site's words ("quartier de Zayouna")
    city_hint: list[tuple[Place, int]] = field(default_factory=list)
    recognised: bool = False  # the NER calls this span a place
    loose: bool = False  # found only by trying every GeoNames spelling of a NER place


@dataclass(frozen=True)
class Resolved:
    """The place chosen for a span, with how it was reached."""

    start: int
    end: int
    place: Place
    resolved_to: str | None = None
    note: str | None = None


@lru_cache(maxsize=8)
def language_cues(lang: str) -> dict[str, Any]:
    """The cue file of ``lang`` (``data/places/<lang>.toml``), empty when there is none."""
    path = resources.files("unspin").joinpath("data", "places", f"{lang}.toml")
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def alt(words: list[str]) -> str:
    """A regex alternation of ``words``, longest first, any run of spaces between words."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+")
                    for w in sorted(words, key=len, reverse=True))


def first(words: list[str]) -> tuple[str, ...]:
    """The first word of each cue, folded: what a text must contain for the cue to match."""
    return tuple(w.split()[0].casefold() for w in words)


@lru_cache(maxsize=8)
def cue_patterns(lang: str) -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    """Compiled cue patterns of ``lang``: (regex, what it forces, its cue words folded)."""
    cues = language_cues(lang)
    if not cues:
        return []
    links = cues.get("name_links", [])
    link = rf"(?:(?:{alt(links)})\s*)?" if links else ""
    city = rf"(?:\s*,?\s+(?:{alt(cues.get('city_links', []))})\s+(?P<city>{NAME}))?"
    adjectives = r"(?:\s+[a-zàâçéèêëîïôûùüÿœ]{3,}){0,2}"
    out: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = []
    for cue in cues.get("site_cues", {}):
        out.append((re.compile(rf"\b(?P<cue>{alt([cue])}){adjectives}\s+{link}(?P<name>{NAME}){city}"),
                    "site", first([cue])))
    for cue in cues.get("site_cues_after", {}):
        out.append((re.compile(rf"(?P<name>{NAME})\s+(?P<cue>{alt([cue])})\b{city}"), "site",
                    first([cue])))
    if cues.get("admin1_cues"):
        out.append((re.compile(rf"\b(?P<cue>{alt(cues['admin1_cues'])})\s+{link}(?P<name>{NAME})"),
                    "admin1", first(cues["admin1_cues"])))
    if cues.get("admin1_cues_after"):
        out.append((re.compile(rf"(?P<name>{NAME})\s+(?P<cue>{alt(cues['admin1_cues_after'])})\b"),
                    "admin1", first(cues["admin1_cues_after"])))
    return out


def find_mentions(text: str, gaz: Gazetteer) -> list[Mention]:
    """Every longest gazetteer match in ``text`` that passes the case checks."""
    tokens = [(m.start(), m.end()) for m in WORD.finditer(text)]
    folded = [fold(text[s:e]) for s, e in tokens]
    lowercase_words = {f for (s, e), f in zip(tokens, folded) if text[s].islower()}
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        best: tuple[int, str] | None = None
        key = folded[i]
        j = i
        while True:
            if key in gaz.names:
                best = (j, key)
            if key not in gaz.prefixes or j + 1 >= len(tokens):
                break
            if text[tokens[j][1]:tokens[j + 1][0]] not in _JOINERS:
                break
            j += 1
            key = f"{key} {folded[j]}"
        if best is None:
            i += 1
            continue
        j, key = best
        start, end = tokens[i][0], tokens[j][1]
        if end < len(text) and text[end] == "." and text[start:end].count(".") and key.count(" "):
            end += 1  # "U.S." keeps its final period
        candidates = _case_filter(text, start, end, key, gaz.lookup(key), lowercase_words)
        if candidates:
            out.append(Mention(start, end, candidates))
            i = j + 1
        else:
            i += 1
    return out


# Uncurated cities smaller than this need their country named in the article (or the
# recogniser to call the span a place): small towns share names with people and words.
SMALL_CITY = 100_000


def _case_filter(text: str, start: int, end: int, key: str, entries: list[tuple[Place, int]],
                 lowercase_words: set[str]) -> list[tuple[Place, int]]:
    span = text[start:end]
    words = WORD.findall(span)
    # "al-Raqqa": the article may be lowercase, the name after it may not.
    head = words[1] if len(words) > 1 and fold(words[0]) in ARABIC_ARTICLES else words[0]
    capitalised = starts_capitalised(head)
    common_word = " " not in key and key in lowercase_words
    # "DACA", "NICC": a short all-capital word is an acronym unless the name is one.
    shouting = span.isupper() and sum(c.isalpha() for c in span) <= 5
    # An uncurated name of several words wants each long word capitalised: "La marque"
    # at a sentence start is not the town of La Marque.
    all_capitalised = all(starts_capitalised(w) for w in words
                          if len(w) >= 4 and fold(w) not in ARABIC_ARTICLES)
    kept = []
    for place, flags in entries:
        if not flags & CURATED and not all_capitalised:
            continue
        if flags & ACRONYM:
            if span.replace(".", "").isupper():
                kept.append((place, flags))
        elif flags & CASELESS or capitalised and not shouting and not (common_word and not flags & CURATED):
            kept.append((place, flags))
    return kept


@lru_cache(maxsize=1)
def _name_context_words() -> tuple[frozenset[str], frozenset[str]]:
    """Function words and place-type words of every language with a cue file."""
    function: set[str] = set()
    types: set[str] = set()
    for lang in ("fr", "en"):
        cues = language_cues(lang)
        function |= {fold(w) for w in cues.get("function_words", [])}
        types |= {fold(w) for w in cues.get("type_words_after", [])}
    return frozenset(function), frozenset(types)


_NEXT_CAPITALISED = re.compile(rf"[ \u00a0]([{_CAP}][^\W\d_]*)")
_PREV_CAPITALISED = re.compile(rf"(?:^|(?<=[^\w’'-]))([{_CAP}][^\W\d_]*)[ \u00a0]$")


def inside_longer_name(text: str, mention: Mention) -> bool:
    """True when the match is one word of a longer proper name ("Vladimir Poutine",
    "Graham Allen", "Washington Post"): a capitalised word right before or after it
    that is neither a function word ("À Mossoul") nor a place-type word ("Kharkiv Oblast").
    """
    function, types = _name_context_words()
    after = _NEXT_CAPITALISED.match(text, mention.end)
    if after and fold(after.group(1)) not in types and fold(after.group(1)) not in function:
        return True
    before = _PREV_CAPITALISED.search(text[max(0, mention.start - 40):mention.start])
    return bool(before and fold(before.group(1)) not in function)


def apply_cues(text: str, lang: str, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """Add the mentions that cue phrases make (sites, subdivisions) to ``mentions``."""
    langs = [lang] if language_cues(lang) else ["fr", "en"]
    out = list(mentions)
    folded = text.casefold()
    for code in langs:
        for pattern, forced, cue_words in cue_patterns(code):
            if not any(w in folded for w in cue_words):
                continue  # most texts name no base, no airport: skip the costly regex
            for m in pattern.finditer(text):
                out.extend(_cue_mention(text, m, forced, gaz))
    return out


# Admin1 cues that, before a city's name, mean the area around the city, not its province.
_AREA_CUES = frozenset({"région", "region", "area"})


def _cue_mention(text: str, m: re.Match[str], forced: str, gaz: Gazetteer) -> list[Mention]:
    name_start, name_end = m.span("name")
    name_key_ = name_key(m.group("name"))
    if forced == "admin1":
        entries = [(p, f) for p, f in gaz.lookup(name_key_) if p.feature == "admin1"]
        if not entries and m.group("cue").casefold() in _AREA_CUES:
            return []  # "la région d'al-Qaïm" is the area around the city: the city stays
        if not entries:
            # "la province de Kirkouk": the subdivision of the city of that name.
            entries = [(sub, f) for p, f in gaz.lookup(name_key_) if p.feature == "city"
                       for sub in gaz.admin1_of(p)]
        return [Mention(name_start, name_end, entries, forced="admin1")] if entries else []
    start, end = min(m.start("cue"), name_start), max(m.end("cue"), name_end)
    phrase = text[start:end]
    for key in (name_key(phrase), name_key_):
        sites = [p for p, _ in gaz.lookup(key) if p.feature == "site"]
        if sites:
            return [Mention(start, end, [], forced="site", site=sites[0])]
    hint: list[tuple[Place, int]] = []
    if m.groupdict().get("city"):
        hint = [(p, f) for p, f in gaz.lookup(name_key(m.group("city"))) if p.feature == "city"]
    if not hint:
        hint = [(p, f) for p, f in gaz.lookup(name_key_) if p.feature == "city"]
    # Without a city, the mention still stands, unresolved: it keeps a part of the site's
    # name ("Jadida" in "le quartier d'Al-Jadida") from being read as a city elsewhere.
    return [Mention(start, end, [], forced="site", site_name=phrase, city_hint=hint)]


def article_countries(text: str, gaz: Gazetteer, mentions: Iterable[Mention],
                      extra: Iterable[str] = ()) -> set[str]:
    """Countries the article names: country mentions, demonyms, unambiguous places, ``extra``."""
    found = {c for c in extra if c}
    for mention in mentions:
        if mention.loose:
            continue  # a loose spelling match cannot vouch for its own country
        countries = {p.country for p, _ in mention.candidates}
        if any(p.feature == "country" for p, _ in mention.candidates) or len(countries) == 1:
            found |= {c for c in countries if c}
        if mention.site is not None and mention.site.country:
            found.add(mention.site.country)
    for word in WORD.findall(text):
        code = gaz.demonyms.get(fold(word))
        if code:
            found.add(code)
    return found


def score(place: Place, flags: int, context: set[str]) -> float:
    """How likely ``place`` is the one meant: population prior plus context and curation."""
    prior = math.log10(place.population + 10) if place.feature == "city" else _ADMIN1_PRIOR
    return (prior + _FEATURE_BONUS.get(place.feature, 0.0)
            + (_CONTEXT_BONUS if place.country in context else 0.0)
            + (_CURATED_BONUS if flags & CURATED else 0.0)
            + (_PRIMARY_BONUS if flags & PRIMARY else 0.0))


def choose(mention: Mention, context: set[str]) -> Resolved | None:
    """The reading of ``mention`` that best fits ``context``, or None when none is allowed."""
    if mention.site is not None:
        return Resolved(mention.start, mention.end, mention.site, "site")
    if mention.site_name is not None:
        hints = [pf for pf in mention.city_hint if not context or pf[0].country in context]
        if not hints:
            return None  # a district named like a city abroad ("le quartier de Jadida" in an
            # article about Iraq) is placed only at a city of a country the article names
        city = max(hints, key=lambda pf: score(pf[0], pf[1], context))[0]
        note = f"site '{mention.site_name}' not in gazetteer; located at its city {city.name}"
        return Resolved(mention.start, mention.end, city, "city", note)
    allowed = []
    for place, flags in mention.candidates:
        if (place.feature == "city" and not flags & CURATED and place.population < SMALL_CITY
                and place.country not in context and not mention.recognised):
            continue
        if mention.loose and not flags & CURATED and context and place.country not in context:
            continue  # "la Badiya" (Syria's desert) is not Oman's Badīyah: a loose spelling
            # match must fall in a country the article names
        if mention.forced == "admin1" and place.feature != "admin1":
            continue
        if (place.feature == "admin1" and mention.forced != "admin1" and not flags & CURATED
                and not (place.toplevel and place.country in context)):
            continue  # bare subdivision names are too often something else
        allowed.append((place, flags))
    if not allowed:
        return None
    place, _ = max(allowed, key=lambda pf: score(pf[0], pf[1], context))
    return Resolved(mention.start, mention.end, place)


def non_overlapping(mentions: list[Mention]) -> list[Mention]:
    """Keep cue-made mentions first, then the longest, dropping what overlaps them."""
    ranked = sorted(mentions, key=lambda m: (m.forced is None, -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
