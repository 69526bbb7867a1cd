"""The entities stage: named entities, linked to the canonical registry.

Two backends:

- ``spacy``: the NER of the parse stage's Doc (``article.scratch["doc"]``) merged with the
  registry matcher, so that entities the NER misses but the registry knows are found
  ("Daech", "l'Oncle Sam", "les forces américaines"), and NER labels the registry knows
  better are corrected ("Hezbollah" tagged LOC → ORG, ``ner_label`` keeps "LOC"). Without
  a Doc, or with a blank Doc (no NER), it does what the gazetteer backend does.
- ``gazetteer``: the registry matcher alone, plus people introduced by a title
  ("M. Miller", "General Christopher Miller").

Both then give people introduced by a role their role ("le porte-parole de l'armée, le
colonel Martin": attr ``role``; :mod:`unspin.entities.roles`) and merge the mentions of
one person within the article ("Christopher Miller" … "Miller": one id
``unspin:person:christopher-miller``, ``via`` = "coref"; "le chef d'état-major, Durand" …
"Durand": one id ``unspin:person:durand``, with the role on every mention). The layer's
attrs are documented in ``docs/schema.md`` (section ``entities``).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from ..entities import Match, Registry, load_registry
from ..entities.matcher import Cues
from ..entities.mention import Mention
from ..entities.normalise import tokens
from ..entities.people import (
    apply_roles,
    drop_title,
    link_people,
    only_initials,
    surface_name,
    titled_people,
)
from ..entities.roles import find_role_introductions
from ..folding import fold
from ..model import Article
from ..stage import Stage
from ..stage_options import options_of

log = logging.getLogger(__name__)

# NER labels of spaCy's models (WikiNER and OntoNotes schemes) in the layer's label set;
# numeric OntoNotes labels (DATE, MONEY, CARDINAL …) belong to other stages and are dropped.
NER_LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC",
              "FAC": "LOC", "NORP": "MISC", "MISC": "MISC", "EVENT": "MISC",
              "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC"}


def trim_span(text: str, start: int, end: int, article: re.Pattern[str]) -> tuple[int, int]:
    """A NER span without a leading article ("l'", "les ") or surrounding punctuation,
    cut at a line break (a name never runs over two lines)."""
    newline = text.find("\n", start, end)
    if newline > start and text[start:newline].strip():
        end = newline
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    m = article.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    return start, end


def ner_spans(doc: Any, text: str, cues: Cues | None = None) -> list[tuple[int, int, str]]:
    """The Doc's entities as trimmed ``(start, end, label)`` in the PER/ORG/LOC/MISC set."""
    article = (cues or Cues.shipped()).leading_article()
    out = []
    for ent in doc.ents:
        label = NER_LABELS.get(ent.label_)
        if len(ent) == 1 and ent[0].is_stop:
            continue  # "Nul ne peut ignorer …" opening a sentence: a function word, no name
        start, end = trim_span(text, ent.start_char, ent.end_char, article)
        if label and start < end:
            out.append((start, end, label))
    return out


def has_ner(doc: Any) -> bool:
    """True when the Doc went through an entity recogniser (not a blank pipeline)."""
    try:
        return bool(doc.has_annotation("ENT_IOB"))
    except AttributeError:
        return False


class EntitiesStage(Stage):
    """Entity mentions: NER (when a Doc has it) merged with the registry, plus person coref."""

    name = "entities"
    requires = ()
    uses = ("layers.segments", "scratch.doc")
    assigns = ("layers.entities",)
    prunes = ("layers.entities",)

    def __init__(self, registry: Registry, use_ner: bool = True) -> None:
        self.registry = registry
        self.use_ner = use_ner
        self.cues: Cues = registry.cues

    def process(self, article: Article) -> None:
        text = article.text
        lang = article.meta.get("language")
        matches = self.registry.find(text, str(lang) if lang else None)
        doc = article.scratch.get("doc") if self.use_ner else None
        if doc is not None and has_ner(doc) and len(doc.text) == len(text):
            ner = [(*drop_title(text, s, e, self.cues), label) if label == "PER" else (s, e, label)
                   for s, e, label in ner_spans(doc, text, self.cues)
                   if label == "PER" or not _is_role_phrase(text, s, e, self.cues)]
            mentions = merge_ner(text, ner, matches, self.cues)
        else:
            mentions = [Mention.from_match(m) for m in matches]
            mentions += titled_people(text, mentions, self.cues)
        furniture = _furniture_ranges(article)
        mentions = [m for m in mentions if not _page_furniture(text, m, furniture, self.cues)]
        intros = [r for r in find_role_introductions(text, self.cues)
                  if not _inside(furniture, r.start, r.end)]
        apply_roles(text, mentions, intros)
        person_words = {w for m in mentions if m.label == "PER" and " " in text[m.start:m.end]
                        for w in text[m.start:m.end].split()}
        for m in mentions:
            if m.label != "PER" or m.id is not None:
                continue
            surface = text[m.start:m.end]
            if (_after_cue(text, m.start, self.cues.place_nouns_before)  # "la ville d'Albou Kamal"
                    or (" " not in surface and surface not in person_words
                        and _after_cue(text, m.start, self.cues.place_prepositions))):
                m.label, m.ner_label, m.type = "LOC", "PER", None
        link_people(text, mentions, self.cues)
        article.set_layer("entities", [m.annotation() for m in mentions])


def _after_cue(text: str, start: int, cues: set[tuple[str, ...]]) -> bool:
    """True when one of the cue phrases ("ville de", "town of") stands right before ``start``."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text[max(0, start - 30):start])]
    return any(tuple(words[-len(p):]) == p for p in cues if len(words) >= len(p))


# Segments around the article whose words the NER misreads as names ("© AFP /
# Illustration", "Partagez sur Facebook", "SOURCE : RADIO NORD INFO").
_FURNITURE_SEGMENTS = {"credit", "boilerplate", "source"}


def _is_role_phrase(text: str, start: int, end: int, cues: Cues) -> bool:
    """True for a NER span that opens with a role noun in lower case ("ministre de la
    Sécurité du Burkina Faso" tagged ORG): a person's role, not an organisation's name."""
    if not text[start:start + 1].islower():
        return False  # names and organisations open with a capital
    words = tokens(text[start:end])
    if not words:
        return False
    first = fold(text[start + words[0][0]:start + words[0][1]])
    return any(p[0] == first for p in cues.role_nouns)


def _furniture_ranges(article: Article) -> list[tuple[int, int]]:
    """The credit, boilerplate and source lines of the article, sorted (they never overlap)."""
    return sorted((seg.start, seg.end) for seg in article.layer("segments")
                  if seg.label in _FURNITURE_SEGMENTS)


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` lies inside one of the sorted, disjoint ``ranges``."""
    k = bisect_right(ranges, (start, float("inf"))) - 1  # the last range starting at or before
    return k >= 0 and ranges[k][0] <= start and end <= ranges[k][1]


def _page_furniture(text: str, mention: Mention, furniture: list[tuple[int, int]],
                    cues: Cues) -> bool:
    """True for an unlinked NER mention that is page furniture, not a name: a cue word
    ("Lire", "Illustration") or any unlinked span in a credit, boilerplate or source line.
    Registry names there ("AFP") stay."""
    if mention.id is not None:
        return False
    if fold(text[mention.start:mention.end]) in cues.not_names:
        return True
    return _inside(furniture, mention.start, mention.end)


def merge_ner(text: str, ner: list[tuple[int, int, str]], matches: list[Match],
              cues: Cues | None = None) -> list[Mention]:
    """NER spans and registry matches merged into one list of mentions.

    A registry match that covers a NER span links it (and corrects its label); a NER span
    made only of registry names and connectors gives way to them; a NER span with other
    words ("Ministère russe de la Défense", "George Washington") wins over the registry
    names inside it, and takes their country.
    """
    cues = cues or Cues.shipped()
    reg = [Mention.from_match(m) for m in matches]
    dropped: set[int] = set()
    out: list[Mention] = []
    for start, end, label in ner:
        if label != "PER":
            person = _titled_person(text, start, end, reg, cues)
            if person is not None:
                # "Premier ministre irakien Mohammed Chia al-Soudani" tagged MISC: the
                # person after the title; the demonym stays a registry mention.
                start, end, label = *person, "PER"
        if label == "PER":
            end = _cut_origin(text, start, end, reg, cues.connectors)
        overlapping = [i for i, r in enumerate(reg) if r.start < end and r.end > start]
        if not overlapping:
            out.append(Mention(start, end, label, name=surface_name(text, start, end),
                               type="person" if label == "PER" else None))
            continue
        covering = [i for i in overlapping if reg[i].start <= start and reg[i].end >= end]
        inside = [i for i in overlapping if reg[i].start >= start and reg[i].end <= end]
        if covering:
            for i in covering:
                if reg[i].label != label and reg[i].ner_label is None:
                    reg[i].ner_label = label  # "groupe Wagner": the NER said PER for "Wagner"
            continue
        if len(inside) < len(overlapping) or not _other_words(text, start, end, [reg[i] for i in inside],
                                                          cues):
            continue  # the registry names explain the span (or cross it): they stay
        if label == "MISC" and _common_words(text, start, end, [reg[i] for i in inside], cues):
            continue  # "Frappes américaines en Irak": a phrase around names, not a name
        dropped.update(inside)
        people = [reg[i] for i in inside if reg[i].type == "person"]
        if label == "PER" and len(people) == 1 and only_initials(text, start, end, people[0]):
            p = people[0]  # "E. Macron": the initial agrees with the known person's name
            out.append(Mention(start, end, "PER", p.id, p.name, p.type, p.country, None, True,
                               "registry", p.form, "spacy"))
            continue
        countries = {reg[i].country for i in inside if reg[i].country}
        out.append(Mention(start, end, label, name=surface_name(text, start, end),
                           type="person" if label == "PER" else None,
                           country=countries.pop() if len(countries) == 1 and label != "PER" else None))
    out += [r for i, r in enumerate(reg) if i not in dropped]
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def _titled_person(text: str, start: int, end: int, reg: list[Mention],
                   cues: Cues) -> tuple[int, int] | None:
    """The person's name in a span that opens with a title ("Premier ministre irakien
    Mohammed Chia al-Soudani"), past the registry words after the title; or None."""
    name_start, _ = drop_title(text, start, end, cues)
    if name_start == start:
        return None
    words = [(s + name_start, e + name_start) for s, e in tokens(text[name_start:end])]
    while words and any(r.start <= words[0][0] and words[0][1] <= r.end for r in reg):
        words.pop(0)  # "irakien" between the title and the name
    if not words or not text[words[0][0]].isupper():
        return None
    if any(any(r.start <= s and e <= r.end for r in reg) for s, e in words):
        return None  # a registry name inside: not one person's name
    if not all(text[s].isupper() or fold(text[s:e]) in cues.particles for s, e in words):
        return None
    return words[0][0], end


def _cut_origin(text: str, start: int, end: int, reg: list[Mention],
                connectors: frozenset[str]) -> int:
    """The end of a person span without a trailing origin ("Joko Widodo d'Indonésie")."""
    for r in reg:
        if r.end == end and r.start > start and r.type != "person":
            before = [(s + start, e + start) for s, e in tokens(text[start:r.start])]
            if len(before) >= 2 and fold(text[slice(*before[-1])]) in connectors:
                return before[-2][1]
    return end


def _other_words(text: str, start: int, end: int, inside: list[Mention], cues: Cues) -> bool:
    """True when the span has words that are neither registry names nor connectors
    nor descriptors ("agence IRNA", "le groupe Wagner")."""
    for s, e in tokens(text[start:end]):
        s, e = s + start, e + start
        if any(m.start <= s and e <= m.end for m in inside):
            continue
        word = fold(text[s:e])
        if word not in cues.connectors and word not in cues.descriptors:
            return True
    return False


def _common_words(text: str, start: int, end: int, inside: list[Mention], cues: Cues) -> bool:
    """True when a span has lower-case words besides its registry names and connectors
    (after its first word): a descriptive phrase ("Frappes américaines en Irak"), unlike a
    name ("Guerre d'Irak", "Printemps arabe" keep their capitals or have one word)."""
    for s, e in tokens(text[start:end])[1:]:
        s, e = s + start, e + start
        if any(m.start <= s and e <= m.end for m in inside):
            continue
        word = text[s:e]
        if word[:1].islower() and fold(word) not in cues.connectors:
            return True
    return False


@dataclass(frozen=True)
class EntitiesOptions:
    """Options of ``[stages.entities]`` (defaults in default.toml)."""

    registry_files: list[str]  # extra registry files (TOML or CSV) over the shipped one


def _registry(options: dict[str, Any]) -> Registry:
    options = dict(options)
    if isinstance(options.get("registry_files"), str):  # one file given without a list
        options["registry_files"] = [options["registry_files"]]
    return load_registry(options_of(EntitiesOptions, options, "entities").registry_files)


def make_stage(options: dict[str, Any]) -> Stage:
    """The ``spacy`` backend: NER from the parse stage's Doc, merged with the registry."""
    return EntitiesStage(_registry(options), use_ner=True)


def make_gazetteer_stage(options: dict[str, Any]) -> Stage:
    """The ``gazetteer`` backend: the registry matcher alone (no spaCy needed)."""
    return EntitiesStage(_registry(options), use_ner=False)
