"""The figures stage: the numbers an article reports, with what they count.

Backend ``rules``: numbers in digits and in words (``unspin.figures``) become counts,
ranges, percentages, sums of money, measures and ordinals. Dates, clock times, years,
phone numbers and identifiers are not figures: a ``times`` layer, when present, masks
its dates and times, and the stage's own rules catch the rest. What is counted
(``object``) is the noun after the number, taken from the spaCy parse when there is one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from ..figures.lexicon import NumberLexicon, load_lexicon
from ..figures.spans import NumberSpan, find_numbers
from ..model import Annotation, Article
from ..stage import Stage
from ..stage_options import options_of

log = logging.getLogger(__name__)

_SP = r"[ \u00a0\u202f]"


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", _SP + "+")
                    for w in sorted(words, key=len, reverse=True))


_MASKS: dict[str, list[re.Pattern[str]]] = {}
_UNITS: dict[str, tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]] = {}


def _masked_spans(text: str, lex: NumberLexicon) -> list[tuple[int, int]]:
    """Character ranges that hold dates, clock times, phone numbers or web addresses."""
    if lex.lang not in _MASKS:
        _MASKS[lex.lang] = [re.compile(p, re.IGNORECASE) for p in _mask_patterns(lex)]
    out: list[tuple[int, int]] = []
    for pattern in _MASKS[lex.lang]:
        out.extend(m.span() for m in pattern.finditer(text))
    return out


def _mask_patterns(lex: NumberLexicon) -> list[str]:
    months = _alt(lex.cue_list("months"))
    weekdays = _alt(lex.cue_list("weekdays"))
    return [
        # An e-mail address starts a token and its first @ decides (the match is the same
        # whichever @ a backtracking "\S+@" would pick): trying "\S+@" from every
        # character of a long token is quadratic.
        r"https?://\S+|www\.\S+|(?<!\S)\S(?>[^\s@]*)@\S+\.\w+",
        r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b",
        r"\b\d{1,2}" + _SP + r"?[hH](?:" + _SP + r"?\d{2})?\b",
        r"\b\d{1,2}:\d{2}(?::\d{2})?\b",
        r"\b\d{1,2}" + _SP + r"?(?:a\.m\.|p\.m\.|am|pm)(?!\w)",
        r"(?:\+\d{1,3}" + _SP + r"?)?\b0?\d(?:[ .]\d{2}){4}\b",
        rf"\b\d{{1,2}}(?:er|re|st|nd|rd|th|e)?{_SP}+(?:{months})\b\.?(?:{_SP}+\d{{4}})?",
        rf"\b(?:{months})\.?{_SP}+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?{_SP}+\d{{4}})?",
        rf"\b(?:{weekdays}){_SP}+\d{{1,2}}\b",
        r"\b(?:années|years|the)" + _SP + r"+\d{4}s?\b|\b\d{4}s\b",
        # year spans ("2013-2014", "2021/22") and footnote calls ("(2)")
        r"\b(?:19|20)\d{2}" + _SP + r"?[-–/]" + _SP + r"?(?:19|20)?\d{2}\b",
        r"\(\d{1,2}\)",
        r"\b\d{1,2}/\d{1,2}\b",
        r"\b\d{1,3}-(?:year|month|week|day)s?-old\b",
        # several days of one month ("les 1er et 2 juillet", "du 5 au 11 juin")
        rf"\b\d{{1,2}}(?:er)?(?:{_SP}*(?:et|au|à|and|to|-|–){_SP}*\d{{1,2}}(?:er|st|nd|rd|th)?)+{_SP}+(?:{months})\b",
    ]


def _overlaps(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in ranges)


def _words_before(text: str, pos: int, n: int = 3) -> str:
    """The last ``n`` words before ``pos`` (inside the sentence), folded."""
    chunk = re.split(r"[.!?;:\n]", text[max(0, pos - 60):pos])[-1]
    return " ".join(chunk.casefold().split()[-n:])


def _ends_with(before: str, cues: list[str]) -> str | None:
    for cue in sorted(cues, key=len, reverse=True):
        c = cue.casefold()
        if (before == c or before.endswith((" " + c, "'" + c, "’" + c))
                or (c.endswith(("'", "’")) and before.endswith(c))):
            return cue
    return None


class FiguresStage(Stage):
    """Adds the ``figures`` layer."""

    name = "figures"
    requires = ("layers.times",)
    uses = ("scratch.doc",)
    assigns = ("layers.figures",)
    prunes = ("layers.figures",)

    def __init__(self, default_language: str = "fr") -> None:
        self.default_language = default_language

    def lexicon_for(self, article: Article) -> NumberLexicon:
        lang = str(article.meta.get("language") or self.default_language)
        lex = load_lexicon(lang) or load_lexicon(self.default_language)
        if lex is None:
            raise ValueError(f"no figures data for language {self.default_language!r}; "
                             "add src/unspin/data/figures/<lang>.toml or change default_language")
        return lex

    def process(self, article: Article) -> None:
        text = article.text
        lex = self.lexicon_for(article)
        masked = _masked_spans(text, lex)
        masked += [(a.start, a.end) for a in article.layer("times")
                   if a.label in {"DATE", "TIME", "SET"}]
        numbers = [n for n in find_numbers(text, lex)
                   if not _overlaps((n.start, n.end), masked) and not self._is_year(text, n, lex)]
        doc = article.scratch.get("doc")
        annotations: list[Annotation] = []
        covered = 0  # end of the last figure: a unit's words ("pour cent") are not numbers
        i = 0
        while i < len(numbers):
            n = numbers[i]
            if n.start < covered:
                i += 1
                continue
            pair = self._range_with(text, numbers, i, lex)
            figure = self._figure(text, lex, doc, n, numbers[i + 1] if pair else None, pair)
            i += 2 if pair else 1
            if figure is not None:
                annotations.append(figure)
                covered = figure.end
        article.set_layer("figures", annotations)

    # -- what is not a figure ----------------------------------------------------------
    def _is_year(self, text: str, n: NumberSpan, lex: NumberLexicon) -> bool:
        raw = text[n.start:n.end]
        if n.written or n.ordinal or n.grouped or not raw.isdigit() or len(raw) != 4:
            return False
        if not 1900 <= int(raw) <= 2100:
            return False
        if _ends_with(_words_before(text, n.start, 2), lex.cue_list("year_before")):
            return True
        # "2000 soldats" counts soldiers; "2020 a été" or "en 2020," is a year.
        return _next_word(text, n.end, lex) is None

    # -- ranges ------------------------------------------------------------------------
    def _range_with(self, text: str, numbers: list[NumberSpan], i: int,
                    lex: NumberLexicon) -> tuple[int, int] | None:
        """The span of a range made of numbers ``i`` and ``i + 1``, or None."""
        if i + 1 >= len(numbers):
            return None
        a, b = numbers[i], numbers[i + 1]
        if a.ordinal or b.ordinal or a.value is None or b.value is None:
            return None
        between = text[a.end:b.start]
        unit_between = re.match(rf"{_SP}*(%|{_alt(lex.cue_list('percent_words') or ['pour cent', 'percent'])})",
                                between)
        gap = between[unit_between.end():] if unit_between else between
        gap = gap.strip(" \u00a0\u202f").casefold()
        before = _words_before(text, a.start, 2)
        for opener, joiner in lex.cues.get("range_between", []):
            if gap == joiner.casefold() and _ends_with(before, [opener]):
                window_start = max(0, a.start - len(opener) - 3)
                start = text.casefold().rfind(opener.casefold(), window_start, a.start)
                if start < 0:
                    start = a.start
                return (start, b.end)
        if gap in {w.casefold() for w in lex.cue_list("range_infix")}:
            if gap in {"-", "–"} and between.strip() != between:
                return None  # "3 - 4" with spaces is more often a score or a list
            return (a.start, b.end)
        return None

    # -- one figure --------------------------------------------------------------------
    def _figure(self, text: str, lex: NumberLexicon, doc: Any, a: NumberSpan,
                b: NumberSpan | None, range_span: tuple[int, int] | None) -> Annotation | None:
        last = b or a
        start, end = range_span or (a.start, a.end)
        # "5 millions de dollars" and "une quinzaine de kilomètres" take their unit after "de".
        label, unit, end = _unit_after(text, last.end, lex, end,
                                       scaled=last.scaled or (last.approx and last.written))
        if label is None:
            pre = _unit_before(text, start, lex)
            if pre is not None:
                label, unit, start = pre
        if (label is None and b is None and (a.value or 0) <= 24
                and _starts_with_word(text, last.end, lex.cue_list("not_count_after"))
                and _ends_with(_words_before(text, start, 1), lex.cue_list("clock_before"))):
            return None  # "à 14 heures" is a clock time; "48 heures de trêve" a duration
        before = _words_before(text, start, 3)
        approx = bool(a.approx or (b and b.approx)
                      or _ends_with(before, lex.cue_list("approx_before"))
                      or _starts_with_word(text, end, lex.cue_list("approx_after")))
        if (a.written and b is None and text[a.start].isupper()
                and not _opens_sentence(text, a.start)):
            return None  # "the Ten Commandments", "the First Amendment": part of a name
        attrs: dict[str, Any] = {}
        if a.ordinal:
            if _starts_with_word(text, a.end, ["ministre", "minister", "dame", "lady"]):
                return None  # "Premier ministre" is a title
            attrs["value"] = _number(a.value)
            label = "ordinal"
        elif b is not None:
            label = label or "range"
            first = _shared_scale(text, a, b, lex)
            lo, hi = sorted([first or 0.0, b.value or 0.0])
            attrs.update({"min": _number(lo), "max": _number(hi), "from": _number(first),
                          "to": _number(b.value)})
            if label != "range":
                attrs["range"] = True
        else:
            label = label or "count"
            attrs["value"] = _number(a.value)
            if a.minimum is not None:
                attrs["min"] = _number(a.minimum)
        attrs["unit"] = unit
        attrs["object"] = None if label in {"percent", "money"} else _object_after(text, end, lex, doc)
        if (label == "count" and attrs["object"] is None and b is None and not a.written
                and (a.value == 1 or _is_label_number(text, start, end, lex))):
            return None  # "article 5", "COP 26", "Paris 8": a name or a label
        if label == "count" and a.value == 1 and attrs["object"] is None:
            return None  # "un seul" with nothing counted
        attrs["approx"] = approx
        attrs["written"] = bool(a.written or (b and b.written))
        bound = _ends_with(before, lex.cue_list("at_least"))
        if (bound and bound in lex.cue_list("across_words")
                and str(attrs["object"]).casefold() in lex.cue_list("time_nouns")):
            bound = None  # "35 targets over two days": across them, not more than
        if bound:
            attrs["bound"] = "lower"
        elif _ends_with(before, lex.cue_list("at_most")):
            attrs["bound"] = "upper"
        return Annotation(start, end, label, attrs, "rules")


def _shared_scale(text: str, a: NumberSpan, b: NumberSpan, lex: NumberLexicon) -> float | None:
    """The first bound's value, with the second's scale word when only the second has one:
    "de 2,3 à 2,8 milliards" reads 2.3 billion, not 2.3."""
    if a.value is None or a.scaled or not b.scaled or b.value is None:
        return a.value
    words = text[b.start:b.end].split()
    scale = lex.scales.get(words[-1].casefold()) if words else None
    if scale and a.value * scale <= b.value * 10:
        return a.value * scale
    return a.value


def _opens_sentence(text: str, pos: int) -> bool:
    """True when ``pos`` starts a sentence, a line, a quotation or the text after a
    dateline's dash ("BAGDAD (AFP) — Trois roquettes")."""
    return re.search(r"(?:^|[.!?:;\n«\"“(]\s*|[\s)][—–-]\s+)$",
                     text[max(0, pos - 5):pos]) is not None


def _is_label_number(text: str, start: int, end: int, lex: NumberLexicon) -> bool:
    """A bare number right after a label word or a capitalised name ("n° 65", "COP 26")."""
    before = text[max(0, start - 30):start]
    # "Steinle, 32, was shot": an age in apposition, not a count.
    if re.search(r"[^\W\d_], $", before) and text[end:end + 1] in {",", ".", ")"}:
        return True
    m = re.search(r"([^\W\d_][\w.°]*)[ \u00a0\u202f]*$", before)
    if not m:
        return False
    word = m.group(1)
    if word.casefold() in {w.casefold() for w in lex.cue_list("label_before")}:
        return True
    # A capitalised word that does not open its sentence names the number's owner.
    return word[:1].isupper() and not _opens_sentence(before, m.start())


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


def _unit_after(text: str, pos: int, lex: NumberLexicon, end: int,
                scaled: bool) -> tuple[str | None, str | None, int]:
    """The unit right after ``pos`` ("%", "km", "de dollars"): label, unit, new end."""
    if lex.lang not in _UNITS:
        _UNITS[lex.lang] = _unit_patterns(lex)
    plain, linked, folded = _UNITS[lex.lang]
    rest = text[pos:pos + 40]
    m = (linked if scaled else plain).match(rest)
    if not m:
        return None, None, end
    surface = m.group("unit")
    label, unit = lex.units.get(surface) or lex.units[folded[surface.casefold()]]
    if label == "measure" and surface in {"m", "t"} and scaled:
        return None, None, end  # "5 millions" then "m": a scale, not metres
    return label, unit, pos + m.end()


def _unit_patterns(lex: NumberLexicon) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Two regexes for the units after a number (with and without "de"/"of" before them)."""
    forms = []
    for surface in sorted(lex.units, key=len, reverse=True):
        body = re.escape(surface) if surface.isupper() else f"(?i:{re.escape(surface)})"
        forms.append(body + (r"(?![^\W\d_])" if surface[-1].isalnum() else ""))
    units = f"(?P<unit>{'|'.join(forms)})"
    sp = r"[ \u00a0\u202f]*"
    plain = re.compile(sp + units)
    linked = re.compile(sp + rf"(?:(?i:de|d['’]|of){sp})?" + units)
    folded = {s.casefold(): s for s in lex.units}
    return plain, linked, folded


def _unit_before(text: str, start: int, lex: NumberLexicon) -> tuple[str, str, int] | None:
    """A currency sign before the number ("$5", "US$ 5", "€300")."""
    window = text[max(0, start - 5):start]
    m = re.search(r"(?:(?:US|C|A)?([$€£])|\b(USD|EUR|GBP))[ \u00a0\u202f]?$", window)
    if not m:
        return None
    sign = m.group(1) or m.group(2)
    label, unit = lex.units.get(sign, ("money", sign))
    if m.group(0).startswith("C$"):
        unit = "CAD"
    elif m.group(0).startswith("A$"):
        unit = "AUD"
    return label, unit, start - (len(window) - m.start())


def _starts_with_word(text: str, pos: int, words: list[str]) -> bool:
    rest = text[pos:pos + 30].lstrip(" \u00a0\u202f").casefold()
    return any(rest.startswith(w.casefold()) and not rest[len(w):len(w) + 1].isalpha()
               for w in words)


_WORD_AFTER = re.compile(r"[ \u00a0\u202f]*(?:(?P<elided>[dl]['’])|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*))")


def _next_word(text: str, pos: int, lex: NumberLexicon) -> str | None:
    """The noun a number counts, by rule: the next word, past "de" and a few adjectives.

    Languages whose adjectives come before the noun (``object_rule = "plural_in_run"``,
    English) take the first plural-looking word of the run of content words instead
    ("two unidentified sources" -> "sources").
    """
    skip = {w.casefold() for w in lex.cue_list("skip_before_object")}
    not_object = {w.casefold() for w in lex.cue_list("not_object")}
    run: list[str] = []
    for _ in range(5):
        m = _WORD_AFTER.match(text, pos)
        if not m:
            break
        pos = m.end()
        if m.group("elided"):
            if m.group("elided")[0] in "lL":
                break  # "5 000 l'an dernier": a new noun phrase
            continue
        word = m.group("word")
        folded = word.casefold()
        if folded in skip and not run:
            continue
        acronym = word.isupper() and len(word) > 1
        in_run = lex.cues.get("object_rule") == "plural_in_run"
        if (folded in not_object or folded in lex.number_words or folded in lex.scales
                or len(word) < 2 or (word[0].isupper() and not (acronym and run is not None
                                                               and lex.cues.get("object_rule"))
                                     and not (in_run and word[1:].islower()))):
            break
        run.append(word)
        if lex.cues.get("object_rule") != "plural_in_run" or len(run) == 3:
            break
    words = [w for w in run if not (w.isupper() and len(w) > 1)]
    if not words:
        return None
    if lex.cues.get("object_rule") == "plural_in_run":
        for w in words:
            if w[0].isupper():
                if w.endswith(_PLURAL_DEMONYM_ENDINGS):
                    return w  # "three Americans", "two Iraqis"
                continue  # "14 Iraqi soldiers", "two Hamas commanders": a qualifier
            if w.endswith("s") and not w.endswith(("ss", "us", "is")):
                return w
        for w in words:
            if not w.casefold().endswith(_ADJECTIVE_ENDINGS) and not w[0].isupper():
                return w  # "two unidentified women" -> "women"
        return None  # "10 Downing Street": a name, not a count of things
    return words[0]


# Capitalised plurals that are people counted: "Americans", "Iraqis", "Kurds", "Arabs".
_PLURAL_DEMONYM_ENDINGS = ("ans", "qis", "lis", "nis", "ds", "ks", "bs", "ts")


_DEFINITE = {"l'", "l’", "le", "la", "les", "the"}

_ADJECTIVE_ENDINGS = ("ed", "ent", "ant", "ive", "al", "ous", "ic", "ary", "ful", "less", "able",
                      "ible", "ish")


def _object_after(text: str, pos: int, lex: NumberLexicon, doc: Any) -> str | None:
    """What is counted: the head noun after the number (from the parse when available)."""
    if doc is not None and doc.has_annotation("POS"):
        span = doc.char_span(pos, min(len(text), pos + 80), alignment_mode="expand")
        if span is not None:
            plural_adjective = None
            for token in span[:5]:
                if token.idx < pos:
                    continue
                if token.pos_ in {"NOUN"}:
                    return token.text
                if token.lower_ in _DEFINITE:
                    break  # "5 000 l'an dernier": a new noun phrase, not what is counted
                if (token.pos_ == "ADJ" and plural_adjective is None
                        and "Plur" in token.morph.get("Number")):
                    plural_adjective = token.text  # "200 militaires" tagged ADJ
                if token.pos_ in {"ADJ", "DET", "NUM", "SPACE"} or token.lower_ in {"de", "d'", "d’", "of"}:
                    continue
                break
            return plural_adjective
    return _next_word(text, pos, lex)


@dataclass(frozen=True)
class FiguresOptions:
    """Options of ``[stages.figures]`` (defaults in default.toml)."""

    default_language: str


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the rule-based figures stage (option ``default_language``)."""
    opts = options_of(FiguresOptions, options, "figures")
    return FiguresStage(default_language=opts.default_language)
