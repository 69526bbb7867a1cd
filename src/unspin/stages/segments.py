"""The segments stage: the layout of a scraped news page, line by line.

Text scraped from news sites keeps the page furniture around the article: a rubric line
("INTERNATIONAL", "Monde | Afrique"), the headline, a dateline ("Publié le 17/11/2020 à
14h32"), a photo caption and its credit ("© AFP"), "Lire aussi :" links, share buttons and
a trailing "SOURCE : …" line. This stage labels each line (``rubric``, ``title``,
``dateline``, ``byline``, ``caption``, ``credit``, ``paragraph``, ``related``,
``boilerplate``, ``source``) so later stages analyse the body paragraphs only, and fills
``meta.title``, ``meta.section``, ``meta.outlet``, ``meta.author`` and ``meta.published``
when the reader did not.

The cues are per-language data files (``unspin/data/segments/<lang>.toml``); all of them
are used at once, because this stage runs before the language is known. Anything that is
not clearly furniture stays a paragraph: losing body text is worse than keeping a share
button.
"""

from __future__ import annotations

import logging
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..model import Annotation, Article
from ..month_names import month_names
from ..readers.datelines import DateFinder, FoundDate
from ..readers.metadata import normalise_outlet
from ..stage import Stage
from ..stage_options import options_of

log = logging.getLogger(__name__)

LABELS = ("rubric", "title", "dateline", "byline", "caption", "credit", "paragraph",
          "related", "boilerplate", "source")

_TERMINAL = ".;,:"
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
_TIME = re.compile(r"\b\d{1,2}\s*(?:h|:|heures?\b)\s*\d{0,2}\b|\b\d{1,2}\s*(?:am|pm)\b",
                   re.IGNORECASE)
_RUBRIC_SEPARATORS = re.compile(r"\s[|>/•›»]\s|\s[-–—]\s")
_UPPER_START = re.compile(r"^[\W\d_]*[^\W\d_]")
_COPYRIGHT = re.compile(r"^(?:copyright\b|(?:©|\(c\))\s*(?:19|20)\d\d)")
_NAME_PARTICLES = frozenset([
    "de", "du", "des", "d'", "la", "le", "van", "von", "der", "den", "al", "el", "ben", "bin",
    "da", "di", "del", "y", "e", "and", "et", "und", "&",
])
_INNER_SENTENCE_END = re.compile(r"[.!?…]\s+(?=[«\"“]?[A-ZÀ-Ý])")
# A credit line is a short label: "Crédit photo : Mahmud Hams / AFP", "© AFP".
MAX_CREDIT_CHARS = 80
# A headline ending with a period ("Le gouvernement présente son budget.") is told from
# a first body paragraph by its length and by the longer paragraph that follows it.
MAX_PERIOD_TITLE_CHARS = 180
PERIOD_TITLE_BODY_RATIO = 1.25
# Quotes and first-person words mark body text, never a photo caption.
# ("on" and "i" are left out: English "on" and Italian "i" are not first person.)
_SPEECH = re.compile(r"[«»\"“”]|\b(?:je|j'|nous|we|my|our|ich|wir|yo|nosotros|io|noi)\b"
                     r"|\bI\b", re.IGNORECASE)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.replace("’", "'").replace("\u00a0", " ").casefold().split())


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _words(text: str) -> list[str]:
    return text.split()


def _cue_regex(cues: list[str]) -> re.Pattern[str] | None:
    cues = sorted({_norm(c) for c in cues if c.strip()}, key=len, reverse=True)
    if not cues:
        return None
    return re.compile(r"^[\W_]*(?:" + "|".join(re.escape(c) for c in cues) + r")(?!\w)")


@dataclass
class Cues:
    """The cue lists of every language file, merged (the stage runs before language)."""

    lists: dict[str, list[str]] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    month_first_keywords: set[str] = field(default_factory=set)

    def get(self, name: str) -> list[str]:
        return self.lists.get(name, [])


def load_cues(languages: list[str] | None = None) -> Cues:
    """Merge ``common.toml`` and the language files (all, or those in ``languages``)."""
    cues = Cues()
    folder = resources.files("unspin").joinpath("data", "segments")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        lang = entry.name.removesuffix(".toml")
        if languages is not None and lang != "common" and lang not in languages:
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        for key, value in data.items():
            if isinstance(value, list):
                cues.lists.setdefault(key, []).extend(str(v) for v in value)
        if lang != "common":
            cues.months.update(month_names(lang))
        if data.get("date_order") == "mdy":
            cues.month_first_keywords.update(
                _norm(k) for k in data.get("published", []) + data.get("updated", []))
    return cues


@dataclass
class Unit:
    """One segment candidate: a non-blank line (or a hard-wrapped block of lines).

    ``text`` is the line in Unicode NFC form, for cue matching only (decomposed accents
    must match the cue lists); ``start`` and ``end`` index the article text unchanged.
    """

    start: int
    end: int
    line: int
    text: str
    label: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    blank_after: bool = False

    @property
    def norm(self) -> str:
        return _norm(self.text)


def _is_wrapped_block(lines: list[str]) -> bool:
    """True for a paragraph hard-wrapped at a fixed width (e-mail or typewriter style)."""
    if len(lines) < 3:
        return False
    body = lines[:-1]
    if max(len(x) for x in lines) > 100 or min(len(x) for x in body) < 35:
        return False
    open_ended = sum(1 for x in body if x.rstrip()[-1:] not in ".!?»\"”:")
    return open_ended * 2 >= len(body)


def split_units(text: str) -> list[Unit]:
    """The non-blank lines of ``text`` as units; hard-wrapped blocks become one unit."""
    blocks: list[list[tuple[int, int, int]]] = [[]]
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = offset + lead
            blocks[-1].append((start, start + len(stripped), number))
        elif blocks[-1]:
            blocks.append([])
        offset += len(line) + 1
    units: list[Unit] = []
    for block in blocks:
        if not block:
            continue
        if _is_wrapped_block([text[s:e] for s, e, _ in block]):
            start, end, number = block[0][0], block[-1][1], block[0][2]
            units.append(Unit(start, end, number, _nfc(text[start:end])))
        else:
            units.extend(Unit(s, e, n, _nfc(text[s:e])) for s, e, n in block)
        units[-1].blank_after = True
    return units


class SegmentsStage(Stage):
    """Labels layout segments and fills title, section, outlet, author and dateline date."""

    name = "segments"
    requires = ()
    assigns = ("layers.segments", "meta.title", "meta.section", "meta.outlet",
               "meta.author", "meta.published")

    def __init__(self, cues: Cues | None = None, max_title_chars: int = 250) -> None:
        self.cues = cues or load_cues()
        self.max_title_chars = max_title_chars
        self.dates = DateFinder(self.cues.months)
        c = self.cues
        self._related = _cue_regex(c.get("related"))
        self._boilerplate = _cue_regex(c.get("boilerplate"))
        self._boilerplate_phrases = [_norm(x) for x in c.get("boilerplate") if " " in x.strip()]
        self._credit = _cue_regex(c.get("credit"))
        self._credit_strong = _cue_regex(c.get("credit_strong"))
        self._credit_openers = _cue_regex(c.get("credit_openers"))
        self._caption_markers = {_norm(x) for x in c.get("caption_markers")}
        self._caption = _cue_regex(c.get("caption_markers"))
        self._byline_re = _cue_regex(c.get("byline"))
        self._date_keywords = _cue_regex(c.get("published") + c.get("updated"))
        self._updated = {_norm(x) for x in c.get("updated")}
        self._share = {_norm(x) for x in c.get("share_words")}
        self._agencies = {_norm(x) for x in c.get("agencies")}
        self._date_words = {_norm(x) for x in c.get("date_words") + c.get("weekdays")}
        sources = "|".join(re.escape(_norm(x)) for x in c.get("source"))
        self._source = re.compile(
            rf"^[(\[]?\s*(?:{sources})\s*[:：\-–—]\s*(?P<name>.+?)[)\]]?\s*$", re.IGNORECASE)
        withs = "|".join(re.escape(_norm(x)) for x in c.get("source_with"))
        # "(Avec AFP)", "Avec AFP et Reuters": capitalised names only, the cue in any case.
        name = r"[A-ZÀ-Ý][\w.&'-]*(?:\s+[A-ZÀ-Ý][\w.&'-]*){0,2}"
        self._source_with = re.compile(
            rf"^[(\[]?\s*(?i:{withs})\s+{name}(?:\s*(?:,|et|and|y|und)\s*{name}){{0,3}}"
            rf"\s*[)\]]?\.?$") if withs else None
        agencies = "|".join(re.escape(a) for a in sorted(self._agencies, key=len, reverse=True))
        # A caption that ends with its credit: "… à Bagdad. © AFP", "… (Photo : Reuters)".
        self._trailing_credit = re.compile(
            # "©" opens a word: the "©" of mojibake ("prÃ©sident") is never a credit.
            rf"(?:(?<![^\s.,;:(\[])©\s*[^©]{{1,60}}"
            rf"|\((?:photo|crédit|credit|foto|image|illustration)s?\b[^()]{{0,60}}\)|[.,;:—–-]\s*\((?:{agencies})\)|\b(?:photo|foto)\s*:?\s*"
            rf"(?:{agencies})"
            # "… le 3 janvier 2024. Photo Sergei Supinsky/AFP": a photographer and agency.
            rf"|[.,;]\s*(?:photo|foto)s?\s*:?\s*(?-i:[A-ZÀ-Ý][\w.'-]*)"
            rf"(?:\s+(?-i:[A-ZÀ-Ý])[\w.'-]*){{0,3}}\s*/\s*(?:{agencies}))\s*\.?$",
            re.IGNORECASE)

    # -- per-line cues -------------------------------------------------------------

    def _source_name(self, unit: Unit) -> str | None | bool:
        """The outlet named by a "SOURCE: …" line, None for "Avec AFP", False otherwise."""
        if len(unit.text) > 150:
            return False
        m = self._source.match(unit.text)
        if m:
            return normalise_outlet(m.group("name"))
        if self._source_with and self._source_with.match(unit.text):
            return None
        return False

    def _is_share_bar(self, norm: str) -> bool:
        tokens = [t for t in re.split(r"[^\w-]+", norm) if t]
        return 0 < len(tokens) <= 12 and all(t in self._share for t in tokens)

    def _is_boilerplate(self, unit: Unit) -> bool:
        norm, words = unit.norm, len(_words(unit.text))
        if self._is_share_bar(norm) or not any(ch.isalnum() for ch in norm):
            return True  # share buttons, or a rule line such as "———"
        if _COPYRIGHT.match(norm) and len(norm) <= 200:
            return True
        if words <= 10 and any(p in norm for p in self._boilerplate_phrases):
            return True
        m = self._boilerplate.match(norm) if self._boilerplate else None
        if not m:
            return False
        if self._all_sentences_boilerplate(norm):
            return True
        single_word = " " not in m.group(0).strip()
        rest = norm[m.end():].lstrip()
        if single_word:
            return words <= 4 or rest.startswith(":")
        return words <= 15

    def _all_sentences_boilerplate(self, norm: str) -> bool:
        """"Partagez cet article sur Facebook. Abonnez-vous à notre newsletter.": two or
        more short sentences that each open with a boilerplate cue (body text never does)."""
        sentences = [x for x in re.split(r"(?<=[.!?])\s+", norm) if x.strip()]
        if len(sentences) < 2 or len(_words(norm)) > 30 or not self._boilerplate:
            return False
        return all(self._boilerplate.match(x) and len(_words(x)) <= 15 for x in sentences)

    def _is_agency_credit(self, norm: str) -> bool:
        pieces = re.split(r"[/,;|]|\s-\s|\bet\b|\band\b", norm.strip("©() ."))
        parts = [p.strip() for p in pieces if p.strip()]
        if not parts or len(norm) > 80:
            return False
        return parts[-1] in self._agencies and all(len(p.split()) <= 4 for p in parts)

    def _is_credit(self, unit: Unit) -> bool:
        """A short line that says who made the picture or where it comes from."""
        text = unit.text
        if len(text) > MAX_CREDIT_CHARS:
            return False
        # "(Photo AFP)", "(Crédit : Karim Benali)": a credit in brackets is still one.
        inner = text.strip()
        if inner[:1] in "([" and inner[-1:] in ")]":
            inner = inner[1:-1].strip()
        return bool(inner) and self._is_credit_text(inner)

    def _is_credit_text(self, text: str) -> bool:
        norm = _norm(text)
        if norm.startswith(("©", "(c) ")):
            return True
        if norm.rstrip(" .") in self._caption_markers:
            # A bare "Image d'illustration" / "File photo" line tells where the picture
            # comes from; it describes nothing.
            return True
        strong = self._credit_strong.match(norm) if self._credit_strong else None
        if strong:  # "Source des photos : …", "Crédit photo Karim Benali"
            rest = norm[strong.end():].strip()
            return (not rest or rest[:1] in ":/-–—©" or self._is_name(self._rest_of(text, rest))
                    or self._opens_credit(rest))
        m = self._credit.match(norm) if self._credit else None
        if m is None and self._caption:
            m = self._caption.match(norm)  # "Image d'illustration : AFP"
        if m:
            rest = norm[m.end():].lstrip()
            if rest in self._agencies or rest.startswith("©"):
                return True
            if rest.startswith((":", "/")):
                # "Photo : Reuters", "Crédit photo : Jean Martin / AFP", "Photos : DR" name
                # someone; "Photo : la police sur place." and "Photos : les plus beaux
                # moments…" describe the picture (caption or body), they are not credits.
                after = re.split(r"[:/]", text, maxsplit=1)[-1].strip()
                return bool(after) and len(after.split()) <= 8 and (
                    after[:1].isupper() or after[:1].isdigit() or after.startswith("©")
                    or _norm(after) in self._agencies
                    or self._opens_credit(after))
            if rest and self._is_name(self._rest_of(text, rest)):
                return True  # "Photo Karim Benali", "Photo Karim Benali/AFP"
        return self._is_agency_credit(norm)

    @staticmethod
    def _rest_of(text: str, rest_norm: str) -> str:
        """The last words of ``text`` (case kept) that ``rest_norm``, the normalised text
        after a cue, holds; punctuation glued to the cue ("Crédit:") is left out."""
        count = len(rest_norm.lstrip(" :/-–—").split())
        return " ".join(text.split()[-count:]) if count else ""

    def _opens_credit(self, text: str) -> bool:
        """"ministère de la Défense", "DR", "réseaux sociaux": who made a picture, not a
        description of it (which would be a sentence)."""
        return (self._credit_openers is not None and not text.rstrip().endswith(".")
                and self._credit_openers.match(_norm(text)) is not None)

    def _is_name(self, text: str) -> bool:
        """A photographer's name, possibly with an agency: capitalised words only ("Karim
        Benali", "Karim Benali / AFP"), never a sentence."""
        name, _, agency = text.partition("/")
        words = name.split()
        if not 1 <= len(words) <= 5 or text.rstrip().endswith("."):
            return False
        if agency.strip() and _norm(agency) not in self._agencies:
            return False
        return words[0][:1].isupper() and all(
            w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words)

    def _is_caption_cue(self, unit: Unit) -> bool:
        norm = unit.norm
        inner = norm.strip("()[] .")
        if (self._caption and self._caption.match(inner)
                and (len(norm) <= 80 or norm.startswith("("))):
            return True
        text = unit.text
        m = self._trailing_credit.search(text)
        return m is not None and m.start() >= 20 and len(text) <= 300

    def _related_kind(self, unit: Unit) -> str | None:
        """"link" for "Lire aussi : …", "header" for a bare "LIRE AUSSI", else None."""
        if len(unit.text) > 300 or not self._related:
            return None
        m = self._related.match(unit.norm)
        if not m:
            return None
        rest = unit.norm[m.end():].strip()
        if not rest:
            return "header"
        if m.group(0).endswith(":"):
            return "link"
        if rest[0] in ":-–—>»|":
            return "link" if rest.strip(":-–—>»| ") else "header"
        # "À lire aussi Irak : la coalition se retire" (no colon): a link title, which never
        # ends like a sentence or an introduction.
        cue_words = len(m.group(0).split())
        if cue_words >= 2 and unit.text.rstrip()[-1:] not in ".:;," and len(unit.text) <= 200:
            return "link"
        return None

    def _dateline(self, unit: Unit, near_edges: bool) -> tuple[FoundDate, str] | None:
        """``(date, kind)`` when the line is a dateline; kind is published/updated/bare."""
        text = unit.text
        if len(text) > 150:
            return None
        keyworded = self._keyword_dateline(text)
        if keyworded is not None:
            return keyworded
        if len(text) > 80 or not near_edges:
            return None
        found = self.dates.first(text)
        if not found:
            return None
        return (found, "bare") if not self._leftover_words(text, found) else None

    def _leftover_words(self, text: str, found: FoundDate) -> list[str]:
        """Words of a date line besides the date, times, weekdays and small date words."""
        rest = _TIME.sub(" ", text[:found.start] + " " + text[found.end:])
        words = [w for w in re.findall(r"[^\W\d_]+", _norm(rest)) if w not in self._date_words]
        return words[1:]  # one stray word ("Updated", "Rome") is still a date line

    def _keyword_dateline(self, text: str) -> tuple[FoundDate, str] | None:
        """"Publié le 17/11/2020 à 14h32", also after a byline ("Par X | Publié le …")."""
        if not self._date_keywords:
            return None
        lowered = text.replace("’", "'").lower()
        if len(lowered) != len(text):
            return None  # offsets would not line up; such lines are rare enough
        if text.endswith(".") and len(text) > 60:
            return None  # a body sentence that mentions a publication date
        starts = [0] + [m.end() for m in re.finditer(r"[|•·–—\-,]\s*", lowered)]
        for start in starts:
            m = self._date_keywords.match(lowered[start:])
            if not m:
                continue
            keyword = m.group(0).strip(" :")
            month_first = any(keyword.startswith(k.rstrip(":"))
                              for k in self.cues.month_first_keywords)
            after = start + m.end()
            found = self.dates.first(text[after:after + 60], month_first)
            if found is None:
                continue
            found = FoundDate(found.value, found.start + after, found.end + after)
            tail = _TIME.sub(" ", text[found.end:])
            tail_words = [w for w in re.findall(r"[^\W\d_]+", _norm(tail))
                          if w not in self._date_words]
            if len(tail_words) > 6:
                return None  # a sentence goes on after the date: body text
            updated = any(keyword.startswith(u.rstrip(":")) for u in self._updated)
            return found, "updated" if updated else "published"
        return None

    def _byline(self, unit: Unit) -> str | None:
        """The author's name when the line is a byline ("Par Claire Devaux")."""
        text = unit.text
        if len(text) > 100 or len(_words(text)) > 14 or text.endswith(".") or not self._byline_re:
            return None
        lowered = text.replace("’", "'").lower()
        m = self._byline_re.match(lowered) if len(lowered) == len(text) else None
        if not m:
            return None
        rest = text[m.end():].strip(" :")
        name = re.split(r"\s*(?:[,|(–—]|\s-\s)", rest)[0].strip()
        tokens = name.split()
        # A name, not a headline: "Di Maio attacca Salvini" and "Von der Leyen warnt" fail.
        if not 1 <= len(tokens) <= 6 or not tokens[0][:1].isupper():
            return None
        if not all(t[:1].isupper() or t.lower() in _NAME_PARTICLES for t in tokens):
            return None
        return name

    # -- layout --------------------------------------------------------------------

    def _title_like(self, unit: Unit, following: Unit | None = None) -> bool:
        """A headline: short, one or two sentences, not ending like a body sentence.

        A final period usually means body text ("must not lose the first paragraph"), but
        a short single sentence followed by a clearly longer paragraph (``following``) is
        a headline too: "Le gouvernement présente son budget." A final colon is allowed
        when a blank line follows.
        """
        text = unit.text
        if text.endswith(".") and not text.endswith(("...", "…")):
            return self._period_title_like(unit, following)
        if len(text) > self.max_title_chars or len(_words(text)) > 35:
            return False
        if not _UPPER_START.match(text) or text.lstrip("«\"“'(¿¡-–— ")[:1].islower():
            return False
        if len(_INNER_SENTENCE_END.findall(text)) > (2 if len(text) <= 100 else 1):
            return False
        last = text[-1]
        if last in ".;," and not text.endswith(("...", "…")):
            return False
        return last != ":" or unit.blank_after

    def _period_title_like(self, unit: Unit, following: Unit | None) -> bool:
        text = unit.text
        if (following is None or len(text) > min(MAX_PERIOD_TITLE_CHARS, self.max_title_chars)
                or len(_words(text)) > 30 or len(_words(text)) < 3):
            return False
        if not _UPPER_START.match(text) or text.lstrip("«\"“'(¿¡-–— ")[:1].islower():
            return False
        if _INNER_SENTENCE_END.search(text) or text.count(".") > 1 + text.count("..."):
            return False  # two sentences: a lede, not a headline
        return (self._paragraph_like(following)
                and len(following.text) >= PERIOD_TITLE_BODY_RATIO * len(text))

    def _rubric_like(self, unit: Unit, strong: bool = False) -> bool:
        text = unit.text
        words = _words(text)
        # Rubrics are labels, not phrases: no sentence punctuation anywhere.
        if len(text) > 50 or len(words) > 6 or re.search(r"[.,;:!?«»\"“”]", text):
            return False
        letters = [ch for ch in text if ch.isalpha()]
        if not letters:
            return False
        shouted = all(ch.isupper() for ch in letters) and len(words) <= 3
        separated = bool(_RUBRIC_SEPARATORS.search(text))
        if strong:
            return shouted or separated
        capitalised = len(words) <= 3 and all(w[:1].isupper() for w in words if len(w) > 3)
        return shouted or separated or capitalised

    @staticmethod
    def _paragraph_like(unit: Unit) -> bool:
        return len(unit.text) >= 160 or (len(_words(unit.text)) >= 8
                                          and unit.text.rstrip()[-1:] in ".!?»\"”…")

    def label_units(self, units: list[Unit], known_title: str | None = None) -> None:
        """Label every unit in place (cues first, then the header, then captions)."""
        self._label_cues(units)
        self._unlabel_mid_body_sources(units)
        self._label_header(units, known_title)
        self._label_captions(units)
        index = 0
        for unit in units:
            if unit.label is None:
                unit.label = "paragraph"
            if unit.label == "paragraph":
                index += 1
                unit.attrs["index"] = index

    def _label_cues(self, units: list[Unit]) -> None:
        previous_related_header = False
        for position, unit in enumerate(units):
            near_edges = position < 8 or position >= len(units) - 3
            # The first line is never a "read also" link; "WATCH: …" there is a headline.
            related = self._related_kind(unit) if position else None
            outlet = self._source_name(unit)
            if (previous_related_header and len(unit.text) <= 200 and unit.text[-1] != "."
                    and len(_words(unit.text)) >= 2 and unit.text[:1].isupper()):
                unit.label = "related"  # the linked headline under a bare "LIRE AUSSI"
            elif outlet is not False:
                unit.label = "source"
                if outlet:
                    unit.attrs["outlet"] = outlet
            elif related:
                unit.label = "related"
            elif self._is_boilerplate(unit):
                unit.label = "boilerplate"
            elif (dateline := self._dateline(unit, near_edges)) is not None:
                found, kind = dateline
                unit.label = "dateline"
                unit.attrs.update(date=found.value, kind=kind)
                if near_edges and (author := self._byline(unit)):
                    unit.attrs["author"] = author  # "Par Claire Devaux | Publié le …"
            # Bylines before credits: "By John Smith | Reuters" names a writer.
            elif near_edges and (author := self._byline(unit)):
                unit.label = "byline"
                unit.attrs["author"] = author
            elif self._is_credit(unit):
                unit.label = "credit"
            elif self._is_caption_cue(unit):
                unit.label = "caption"
            previous_related_header = related == "header"

    def _unlabel_mid_body_sources(self, units: list[Unit]) -> None:
        """A "Source : …" line with body paragraphs after it cites data ("Source :
        ministère de l'Intérieur"); only the trailing source lines name the outlet."""
        body_after = False
        for unit in reversed(units):
            if unit.label == "source" and body_after:
                unit.label = None
                unit.attrs.pop("outlet", None)
            elif unit.label is None and self._paragraph_like(unit):
                body_after = True

    def _label_header(self, units: list[Unit], known_title: str | None) -> None:
        free = [u for u in units if u.label is None]
        if not free:
            return
        if known_title is not None:
            wanted = _norm(known_title)
            for unit in free[:8]:
                if unit.norm == wanted:
                    unit.label = "title"
                    before = [u for u in free if u.start < unit.start]
                    if before and self._rubric_like(before[0]):
                        before[0].label = "rubric"
                    return
            if len(free) > 1 and self._rubric_like(free[0], strong=True) and free[0] is units[0]:
                free[0].label = "rubric"
            return
        first = free[0]
        second = free[1] if len(free) > 1 else None
        if second is None:
            return  # a single block of text is body, never a headline
        third = free[2] if len(free) > 2 else None
        rubric = self._rubric_like(first, strong=True) or (
            self._rubric_like(first) and not first.blank_after)
        if rubric and third is not None and self._title_like(second, third):
            first.label, second.label = "rubric", "title"
        elif (self._rubric_like(first) and not self._title_like(second, third) and (
                len(_words(first.text)) == 1 or _RUBRIC_SEPARATORS.search(first.text))):
            # "INTERNATIONAL" or "Monde" over a body paragraph: a rubric without headline
            # (one-word headlines are far rarer than one-word rubrics).
            first.label = "rubric"
        elif self._title_like(first, second):
            first.label = "title"
            if third is not None and self._rubric_like(second, strong=True):
                second.label = "rubric"  # some sites print the rubric under the headline

    def _label_captions(self, units: list[Unit]) -> None:
        first_body = next((k for k, u in enumerate(units)
                           if u.label is None and self._paragraph_like(u)), len(units))
        # Where the last body-like and the last unlabelled units are, so that "is there body
        # text after this credit?" costs nothing (a page of 20,000 credits stays linear).
        last_body = max((k for k, u in enumerate(units)
                         if u.label is None and self._paragraph_like(u)), default=-1)
        last_free = max((k for k, u in enumerate(units) if u.label is None), default=-1)
        for i, unit in enumerate(units):
            if unit.label != "credit":
                continue
            before = units[i - 1] if i > 0 else None
            # In the header a caption may be long; once the body has begun only a short
            # line is taken, and only when the body goes on after the credit: a credit
            # that closes the article ("© AFP") follows the last paragraph, not a photo.
            in_header = i - 1 <= first_body
            body_after = last_body > i
            if (before is not None and before.label is None
                    and (in_header or body_after)
                    and len(before.text) <= (200 if in_header else 100)
                    and len(_words(before.text)) >= 4
                    and not _SPEECH.search(before.text)):
                before.label = "caption"
                continue
            if before is not None and before.label == "caption":
                continue
            # "© Sputnik" right under the headline is usually followed by the body itself;
            # only a short one-sentence line there, with body after it, is a caption.
            after = units[i + 1] if i + 1 < len(units) else None
            later_body = last_free >= i + 2
            if (after is not None and after.label is None and in_header
                    and len(after.text) <= 100 and len(_SENTENCE_END.findall(after.text)) <= 1
                    and not _SPEECH.search(after.text) and later_body):
                after.label = "caption"

    # -- datelines in paragraphs ---------------------------------------------------

    def _agency_dateline(self, unit: Unit) -> FoundDate | None:
        """The date of "BAGDAD, 17 novembre 2020 (AFP) –" at the start of a paragraph."""
        head = unit.text[:160]
        found = self.dates.first(head)
        if found is None:
            return None
        prefix, after = head[:found.start], head[found.end:]
        place = re.match(r"^([^\W\d_][^,\n]{0,60}),\s*(?:[^\W\d_]+\.?,?\s+)?$", prefix)
        tail = re.match(r"^\s*(\([^)]{1,40}\))?\s*[-–—:]", after)
        if not place or not tail:
            return None
        letters = [ch for ch in place.group(1) if ch.isalpha()]
        if tail.group(1) or all(ch.isupper() for ch in letters):
            return found
        # "Damas, 16 mars 2026 —" with no agency: a capitalised place of a few words
        # followed by a dash (not a colon, which also ends "Lundi, 3 mars 2021 : …" lists)
        words = place.group(1).split()
        if (place.group(1)[0].isupper() and len(words) <= 4
                and re.match(r"^\s*[-–—]", after)):
            return found
        return None

    def published_date(self, units: list[Unit]) -> str | None:
        """The article's date from its datelines: "published" first, then agency, bare, updated."""
        datelines = [u for u in units if u.label == "dateline"]
        for kind in ("published",):
            for unit in datelines:
                if unit.attrs.get("kind") == kind:
                    return str(unit.attrs["date"])
        for unit in [u for u in units if u.label == "paragraph"][:2]:
            found = self._agency_dateline(unit)
            if found:
                return found.value
        for kind in ("bare", "updated"):
            for unit in datelines:
                if unit.attrs.get("kind") == kind:
                    return str(unit.attrs["date"])
        return None

    # -- stage ---------------------------------------------------------------------

    def process(self, article: Article) -> None:
        meta = article.meta
        units = split_units(article.text)
        known_title = meta.get("title") if isinstance(meta.get("title"), str) else None
        self.label_units(units, known_title)
        for unit in units:
            if unit.label == "title" and "title" not in meta:
                meta["title"] = unit.text
            elif unit.label == "rubric" and "section" not in meta:
                meta["section"] = unit.text
            elif unit.attrs.get("author") and "author" not in meta:
                meta["author"] = unit.attrs["author"]
        # The last source line names the outlet ("SOURCE : FRANCE 24" closes the page).
        outlets = [u.attrs["outlet"] for u in units
                   if u.label == "source" and u.attrs.get("outlet")]
        if outlets and "outlet" not in meta:
            meta["outlet"] = outlets[-1]
        if "published" not in meta:
            published = self.published_date(units)
            if published:
                meta["published"] = published
                meta["published_from"] = "dateline"
        article.set_layer("segments", [a for u in units for a in self._annotations(u)])

    def _annotations(self, unit: Unit) -> list[Annotation]:
        """The unit's segment; a caption that ends with its credit ("… le 3 mars. © Karim
        Benali", "… (Photo AFP)") gives a caption and a credit, so that the photographer
        is not read as a person of the article."""
        attrs = {"line": unit.line, **unit.attrs}
        label = unit.label or "paragraph"
        m = self._trailing_credit.search(unit.text) if label == "caption" else None
        if m is None or len(unit.text) != unit.end - unit.start:
            return [Annotation(unit.start, unit.end, label, attrs, "rules")]
        credit = m.start()
        while credit < len(unit.text) and unit.text[credit] in " .,;:—–-":
            credit += 1
        caption = len(unit.text[:m.start()].rstrip())
        if caption == 0 or credit >= len(unit.text):
            return [Annotation(unit.start, unit.end, label, attrs, "rules")]
        if unit.text[m.start():credit].strip(" ") == ".":
            caption = m.start() + 1  # the caption's sentence keeps its period
        return [Annotation(unit.start, unit.start + caption, "caption", attrs, "rules"),
                Annotation(unit.start + credit, unit.end, "credit", {"line": unit.line}, "rules")]


def body_paragraphs(article: Article) -> list[Annotation]:
    """The body paragraphs of ``article``: its ``paragraph`` segments, or, when the stage
    has not run, one annotation per non-blank line (same spans the stage would use)."""
    if "segments" in article.layers:
        return [a for a in article.layer("segments") if a.label == "paragraph"]
    return [Annotation(u.start, u.end, "paragraph", {"line": u.line}, "rules")
            for u in split_units(article.text)]


@dataclass(frozen=True)
class SegmentsOptions:
    """Options of ``[stages.segments]`` (defaults in default.toml)."""

    max_title_chars: int = field(metadata={"min": 1})
    languages: list[str] | None = None  # the cue files read (None: every language)


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the segments stage; option ``languages`` limits the cue files read."""
    opts = options_of(SegmentsOptions, options, "segments")
    return SegmentsStage(cues=load_cues(opts.languages or None),
                         max_title_chars=opts.max_title_chars)
