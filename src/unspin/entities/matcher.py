"""Finding registry names in a text: one dictionary of token n-grams, built once.

The text is cut into word tokens (``normalise.tokens``); at each token the matcher looks
up the folded n-grams that start there, longest first, and keeps the first alias whose
case rule and context rules accept the surface. A scan is one dict lookup per token (plus
one per candidate length), so it costs little next to a spaCy parse.

Context rules (cues from ``cues.<lang>.toml``):
- a capital after a locative cue ("à Washington") is its city, else the state ("Washington
  a annoncé", form ``capital``, label ORG);
- a demonym after a language cue ("traduit en russe") or glued to a prefix by a hyphen
  ("latino-américain") is not the state;
- a name that is also a given name or surname ("Maurice", "Jordan") is skipped when a
  capitalised word follows it ("Maurice Papon").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from ..folding import fold, strip_accents
from .model import LABEL_OF_FORM, Entity, Name
from .normalise import APOSTROPHES, joined, name_tokens, tokens

CASE_ANY, CASE_CAP, CASE_EXACT = "any", "cap", "exact"
# Aliases of this many tokens or more only need their first capital in the text.
LONG_ALIAS_TOKENS = 3
_MAX_CUE_TOKENS = 4


@dataclass
class Cues:
    """Context words of every language, merged (an article's language may be unknown)."""

    articles: set[str] = field(default_factory=set)
    locative_before: set[tuple[str, ...]] = field(default_factory=set)
    language_before: set[tuple[str, ...]] = field(default_factory=set)
    hyphen_prefixes: set[str] = field(default_factory=set)
    name_like: set[str] = field(default_factory=set)
    honorifics: set[tuple[str, ...]] = field(default_factory=set)
    descriptors: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    place_words: frozenset[str] = frozenset()
    place_nouns_before: set[tuple[str, ...]] = field(default_factory=set)
    place_prepositions: set[tuple[str, ...]] = field(default_factory=set)
    role_nouns: set[tuple[str, ...]] = field(default_factory=set)
    role_determiners: frozenset[str] = frozenset()
    clause_words: frozenset[str] = frozenset()
    role_adverbials: frozenset[str] = frozenset()

    @classmethod
    def shipped(cls) -> Cues:
        """The cues of every ``cues.<lang>.toml`` shipped in the package (read once)."""
        return _shipped_cues()

    @classmethod
    def read_shipped(cls) -> Cues:
        cues = cls()
        root = resources.files("unspin.data.entities")
        for f in sorted(root.iterdir(), key=lambda f: f.name):
            if f.name.startswith("cues.") and f.name.endswith(".toml"):
                cues.add(tomllib.loads(f.read_text(encoding="utf-8")))
        return cues

    def add(self, data: dict[str, list[str]]) -> None:
        def phrases(key: str) -> set[tuple[str, ...]]:
            return {tuple(t.lower() for t in name_tokens(p)) for p in data.get(key, [])}

        self.articles |= {fold(a) for a in data.get("articles", [])}
        self.locative_before |= phrases("locative_before")
        self.language_before |= phrases("language_before")
        self.hyphen_prefixes |= {fold(p) for p in data.get("hyphen_prefixes", [])}
        self.name_like |= {fold(n) for n in data.get("name_like", [])}
        self.honorifics |= phrases("honorifics")
        self.descriptors = self.descriptors | {fold(d) for d in data.get("descriptors", [])}
        self.not_names = self.not_names | {fold(d) for d in data.get("not_names", [])}
        self.connectors = self.connectors | {fold(d) for d in data.get("connectors", [])}
        self.particles = self.particles | {fold(d) for d in data.get("particles", [])}
        self.place_words = self.place_words | {fold(d) for d in data.get("place_words", [])}
        self.place_nouns_before |= phrases("place_nouns_before")
        self.place_prepositions |= phrases("place_prepositions")
        self.role_nouns |= {tuple(fold(t) for t in p) for p in phrases("role_nouns")}
        self.role_determiners = self.role_determiners | {fold(d) for d in data.get("role_determiners", [])}
        # Lower case, accents kept: French "a" (has) is a clause word, "à" is not.
        self.clause_words = self.clause_words | {d.lower() for d in data.get("clause_words", [])}
        self.role_adverbials = self.role_adverbials | {
            d.lower() for d in data.get("role_adverbials", [])}

    def leading_article(self) -> re.Pattern[str]:
        """A pattern for a leading article: "les ", "the ", or an elided "l'"."""
        words = sorted((a for a in self.articles if len(a) > 1), key=len, reverse=True)
        elided = sorted(a for a in self.articles if len(a) == 1)
        # Lower-case words only ("Le Monde" keeps its article); elisions in either case.
        parts = []
        if words:
            parts.append(r"(?:" + "|".join(map(re.escape, words)) + r")\s+")
        if elided:
            letters = "".join(elided) + "".join(elided).upper()
            parts.append(r"[" + letters + r"][" + APOSTROPHES + r"]")
        return re.compile("|".join(parts) if parts else r"(?!)")


@lru_cache(maxsize=1)
def _shipped_cues() -> Cues:
    return Cues.read_shipped()


class Alias(NamedTuple):
    """A name compiled for matching."""

    key: tuple[str, ...]  # folded tokens
    surface: tuple[str, ...]  # accent-stripped tokens, case kept (for CASE_EXACT)
    caps: tuple[bool, ...]  # which tokens must start with a capital (CASE_CAP)
    case: str
    form: str
    lang: str | None
    entity: Entity
    trailing_dot: bool
    register: str | None = None


class Match(NamedTuple):
    """A registry name found in a text."""

    start: int
    end: int
    entity: Entity
    form: str
    label: str
    register: str | None = None


def compile_alias(name: Name, entity: Entity, articles: set[str]) -> Alias | None:
    """The matchable form of ``name``: folded tokens without an optional leading article."""
    toks = name_tokens(name.text)
    # A lower-case leading article is optional ("les États-Unis"); a capitalised one is
    # part of the name ("Le Monde", "Le Caire").
    while len(toks) > 1 and fold(toks[0]) in articles and toks[0][:1].islower():
        toks = toks[1:]
    if not toks or all(t.isdigit() for t in toks):
        return None
    caps = [t[:1].isupper() for t in toks]
    if name.exact:
        case = CASE_EXACT
    elif not any(caps):
        case = CASE_ANY
    else:
        case = CASE_CAP
        if len(toks) >= LONG_ALIAS_TOKENS:
            # Long names are specific: only their first capital is required
            # ("Forces démocratiques Syriennes", "FORCES DÉMOCRATIQUES SYRIENNES").
            first = caps.index(True)
            caps = [j == first for j in range(len(caps))]
    return Alias(
        key=tuple(fold(t) for t in toks),
        surface=tuple(strip_accents(t) for t in toks),
        caps=tuple(caps),
        case=case, form=name.form, lang=name.lang, entity=entity,
        trailing_dot=name.text.endswith(".") and len(toks[-1]) == 1,
        register=name.register,
    )


# What follows the city of a dateline: an optional date ("BAGDAD, 12 mars 2026 (AFP) —",
# "WASHINGTON, March 12 (Reuters) -"), then a colon, the agency's bracket or a dash.
_DATELINE_AFTER = re.compile(
    r"[ \t\u00a0]*(?:,[ \t\u00a0]*(?:\d{1,2}(?:er)?[ \t\u00a0]+[^\W\d_]{3,12}\.?"
    r"(?:[ \t\u00a0]+\d{4})?|[^\W\d_]{3,12}\.?[ \t\u00a0]+\d{1,2}(?:,[ \t\u00a0]*\d{4})?)"
    r"[ \t\u00a0]*)?(?::|\(|\u2013|\u2014|-{1,2}\s)")


def _set_apart(text: str, start: int, end: int) -> bool:
    """A place name set apart from the sentence: "(Kiev)", a dateline "BAGDAD (AFP) –",
    a headline "Bagdad : douze roquettes …"."""
    if text[start - 1:start] == "(" and text[end:end + 1] == ")":
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and bool(_DATELINE_AFTER.match(text, end))


def _in_capitals_line(text: str, pos: int) -> bool:
    """True when the line around ``pos`` is written in capitals (a shouted headline)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)]
    return not any(ch.islower() for ch in line) and len(tokens(line)) >= 3


def _case_agrees(alias: Alias, surfaces: list[str]) -> bool:
    """True when the text's letter case is one the alias accepts."""
    if alias.case == CASE_EXACT:
        return tuple(strip_accents(s) for s in surfaces) == alias.surface
    if alias.case == CASE_CAP:
        return all(s[:1].isupper() for cap, s in zip(alias.caps, surfaces) if cap)
    return True


class Matcher:
    """Every alias of a set of entities, indexed by folded token n-gram."""

    def __init__(self, entities: Iterable[Entity], cues: Cues) -> None:
        self.cues = cues
        self.index: dict[tuple[str, ...], list[Alias]] = {}
        lengths: dict[str, set[int]] = {}
        for entity in entities:
            for name in entity.names:
                alias = compile_alias(name, entity, cues.articles)
                if alias is None:
                    continue
                bucket = self.index.setdefault(alias.key, [])
                if not any(a.entity is entity and a.form == alias.form and a.case == alias.case
                           and a.lang == alias.lang and a.register == alias.register
                           for a in bucket):
                    bucket.append(alias)
                lengths.setdefault(alias.key[0], set()).add(len(alias.key))
        self.lengths = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}

    def __len__(self) -> int:
        return sum(len(b) for b in self.index.values())

    def find(self, text: str, lang: str | None = None) -> list[Match]:
        """Registry names in ``text``, longest first and never overlapping, in text order."""
        spans = tokens(text)
        folded = [fold(text[s:e]) for s, e in spans]
        out: list[Match] = []
        i, n = 0, len(spans)
        while i < n:
            step = 1
            for length in self.lengths.get(folded[i], ()):
                if i + length > n or not self._contiguous(text, spans, i, length):
                    continue
                found = None
                for alias in self.index.get(tuple(folded[i:i + length]), ()):
                    if alias.lang and lang and alias.lang != lang:
                        continue
                    found = self._accept(text, spans, i, alias)
                    if found:
                        break
                if found:
                    out.append(found)
                    step = length
                    break
            i += step
        return out

    @staticmethod
    def _contiguous(text: str, spans: list[tuple[int, int]], i: int, length: int) -> bool:
        return all(joined(text, spans[j][1], spans[j + 1][0]) for j in range(i, i + length - 1))

    def _accept(self, text: str, spans: list[tuple[int, int]], i: int, alias: Alias) -> Match | None:
        length = len(alias.key)
        surfaces = [text[s:e] for s, e in spans[i:i + length]]
        if not _case_agrees(alias, surfaces):
            return None
        if alias.case == CASE_EXACT and len(alias.key) == 1 and len(alias.key[0]) <= 2 \
                and _in_capitals_line(text, spans[i][0]):
            return None  # "UN SOLDAT TUÉ", "WHAT IS NEXT": a word, not "UN" or "IS"
        start, end = spans[i][0], spans[i + length - 1][1]
        if text[start - 1:start] in ("_", "@") or text[end:end + 1] == "_":
            return None  # part of a handle or an identifier ("@Francois_Ruffin")
        if alias.trailing_dot and text[end:end + 1] == ".":
            end += 1
        if alias.form == "demonym" and self._not_a_state(text, spans, i):
            return None
        if length == 1 and alias.key[0] in self.cues.name_like and self._name_follows(text, spans, i):
            return None
        entity, form = alias.entity, alias.form
        if form == "capital" and (self._locative(text, spans, i) or _set_apart(text, start, end)):
            if entity.capital_city is None:
                return None
            return Match(start, end, entity.capital_city, "name", entity.capital_city.label)
        return Match(start, end, entity, form, LABEL_OF_FORM.get(form, entity.label),
                     alias.register)

    def _previous(self, text: str, spans: list[tuple[int, int]], i: int, k: int) -> tuple[str, ...]:
        """The ``k`` tokens before token ``i``, lower-cased, if they run on without punctuation."""
        if i - k < 0:
            return ()
        for j in range(i - k, i):
            gap = text[spans[j][1]:spans[j + 1][0]]
            if gap.strip(" \t\u00a0\u202f" + APOSTROPHES):
                return ()
        return tuple(text[s:e].lower() for s, e in spans[i - k:i])

    def _locative(self, text: str, spans: list[tuple[int, int]], i: int) -> bool:
        return any(self._previous(text, spans, i, k) in self.cues.locative_before
                   for k in range(1, _MAX_CUE_TOKENS + 1))

    def _not_a_state(self, text: str, spans: list[tuple[int, int]], i: int) -> bool:
        if any(self._previous(text, spans, i, k) in self.cues.language_before for k in (1, 2)):
            return True
        if i > 0:
            gap = text[spans[i - 1][1]:spans[i][0]]
            if gap in ("-", "\u2011", "\u2010") and fold(text[slice(*spans[i - 1])]) in self.cues.hyphen_prefixes:
                return True
        return False

    @staticmethod
    def _name_follows(text: str, spans: list[tuple[int, int]], i: int) -> bool:
        if i + 1 >= len(spans):
            return False
        gap = text[spans[i][1]:spans[i + 1][0]]
        return gap == " " and text[spans[i + 1][0]].isupper()
