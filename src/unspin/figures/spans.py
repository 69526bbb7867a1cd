"""Find the numbers of a text, in digits or in words, with their values.

Digits follow the language's conventions ("3 000", "3 000" with a no-break space,
"3.000" and "2,5" in French; "3,000" and "2.5" in English) and may carry a scale word
("1,2 million", "2 milliards"). Words are found as runs of the language's number words
and converted by ``text2num``. Vague quantities ("une centaine", "des milliers") are
numbers too, marked approximate.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .lexicon import NumberLexicon

log = logging.getLogger(__name__)

_SPACES = " \u00a0\u202f"


@dataclass
class NumberSpan:
    """A number in the text: ``value`` (None for "des centaines"), how it was written."""

    start: int
    end: int
    value: float | None
    written: bool = False
    approx: bool = False
    minimum: float | None = None  # vague plurals: "des centaines" -> at least 200
    ordinal: bool = False
    grouped: bool = False  # had thousands separators ("2 000"): never a year
    scaled: bool = False  # carried a scale word ("2 millions")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_DIGIT_REGEX: dict[str, re.Pattern[str]] = {}


def _digit_regex(lex: NumberLexicon) -> re.Pattern[str]:
    if lex.lang not in _DIGIT_REGEX:
        _DIGIT_REGEX[lex.lang] = _build_digit_regex(lex)
    return _DIGIT_REGEX[lex.lang]


def _build_digit_regex(lex: NumberLexicon) -> re.Pattern[str]:
    dec = re.escape(lex.decimal)
    groups = [r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+"]
    if lex.dot_groups_thousands:
        groups.append(r"\d{1,3}(?:\.\d{3})+(?![.,]?\d)")
    if lex.decimal != ",":
        groups.append(r"\d{1,3}(?:,\d{3})+(?!,?\d)")
    number = rf"(?:{'|'.join(groups)}|\d+)(?:{dec}\d+)?"
    scales = _alternation(list(lex.scales))
    return re.compile(
        rf"(?<![\w.,/:])(?<![^\W\d_]-)(?<!\s-)(?P<num>{number})"
        rf"(?:[ \u00a0\u202f]?(?P<scale>{scales})\b)?",
        re.IGNORECASE,
    )


def _parse_digits(text: str, lex: NumberLexicon) -> float:
    """The value of a digit string written with ``lex``'s separators."""
    s = text
    for sp in _SPACES:
        s = s.replace(sp, "")
    if lex.decimal == ",":
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    return float(s)


# Letters glued to a number that still leave it a number ("5km", "12%" is not letters).
_GLUED_UNITS = {"km", "kg", "m", "t", "ha", "mm", "cm", "km2", "mw", "md", "mds", "bn", "k"}
_ORDINAL_SUFFIX = re.compile(r"(?:er|re|ère|e|ème|eme|è|ᵉ|ʳᵉ|st|nd|rd|th)\b", re.IGNORECASE)


def digit_numbers(text: str, lex: NumberLexicon) -> list[NumberSpan]:
    """Numbers written in digits, with their scale word when one follows."""
    out = []
    for m in _digit_regex(lex).finditer(text):
        start, end = m.span()
        raw = m.group("num")
        after = text[m.end("num"):m.end("num") + 4]
        if not m.group("scale") and after[:1].isalpha():
            suffix = _ORDINAL_SUFFIX.match(text, m.end("num"))
            if suffix:
                out.append(NumberSpan(start, suffix.end(), float(_parse_digits(raw, lex)), ordinal=True))
                continue
            letters = re.match(r"[^\W\d_]+\d?", text[m.end("num"):])
            if not letters or letters.group().casefold() not in _GLUED_UNITS:
                continue  # "F16", "5G", "4x4": a name, not a quantity
        if len(re.sub(r"\D", "", raw)) >= 7 and raw.isdigit():
            continue  # an identifier, not a quantity
        try:
            value = _parse_digits(raw, lex)
        except ValueError:
            continue
        scaled = False
        if m.group("scale"):
            word = m.group("scale").casefold()
            if word in {"m", "k"} and not text[m.start("scale") - 1].isdigit():
                end = m.end("num")  # "5 m" is metres, not millions
            else:
                value *= lex.scales[word]
                scaled = True
        grouped = any(sp in raw for sp in _SPACES) or (len(raw) > 3 and not raw.isdigit()
                                                       and lex.decimal not in raw)
        out.append(NumberSpan(start, end, value, grouped=grouped, scaled=scaled))
    return out


_WORD = re.compile(r"[^\W\d_]+")
# Scale words that alone are no number ("hundreds", "several hundred", "millions de").
_BARE_SCALES = frozenset({"hundred", "thousand", "million", "millions", "billion", "billions",
                          "milliard", "milliards", "trillion"})


def word_numbers(text: str, lex: NumberLexicon) -> list[NumberSpan]:
    """Numbers written in words ("vingt-deux", "trois mille", "twenty-one")."""
    from text_to_num import text2num

    out: list[NumberSpan] = []
    tokens = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(tokens):
        if tokens[i][2] not in lex.number_words:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens):
            gap = text[tokens[j][1]:tokens[j + 1][0]]
            nxt = tokens[j + 1][2]
            if gap in {" ", "-", "\u00a0"} and nxt in lex.number_words:
                j += 1
            elif (gap == " " and nxt in lex.joiners and j + 2 < len(tokens)
                  and text[tokens[j + 1][1]:tokens[j + 2][0]] in {" ", "-"}
                  and tokens[j + 2][2] in lex.number_words):
                j += 2
            else:
                break
        value = _run_value(text, tokens[i:j + 1], lex)
        if value is None and any(t[2] in lex.joiners for t in tokens[i + 1:j]):
            # "entre cinq et huit": two numbers joined, not "vingt et un"; read the first
            # part alone and start again after the joiner.
            j = next(k for k in range(i + 1, j) if tokens[k][2] in lex.joiners) - 1
        words = [t[2] for t in tokens[i:j + 1]]
        start, end = tokens[i][0], tokens[j][1]
        first, i = i, j + 1
        if words[0] in _BARE_SCALES:
            prev = tokens[first - 1] if first > 0 else None
            if prev and prev[2] == "a" and text[prev[1]:start] == " ":
                start = prev[0]  # "a hundred", "a thousand": one hundred
                words = ["one", *words]
            elif all(w in lex.scales or w in _BARE_SCALES for w in words):
                continue  # "millions de", "several hundred": vague, seen elsewhere
        if len(words) == 1 and words[0] in {"un", "une", "one", "zéro", "zero"}:
            continue  # an article or a pronoun far more often than a count
        phrase = " ".join(words) if words[0] == "one" else text[start:end].casefold()
        try:
            value = float(text2num(phrase, lex.lang))
        except (ValueError, KeyError, IndexError):
            log.debug("text2num cannot read %r", phrase)
            continue
        out.append(NumberSpan(start, end, value, written=True,
                              scaled=any(w in lex.scales for w in words)))
    # "a hundred", "a thousand" (English) and "un seul"/"une seule" count 1.
    for phrase in lex.single_one:
        for m in re.finditer(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE):
            out.append(NumberSpan(m.start(), m.end(), 1.0, written=True))
    return out


def _run_value(text: str, run: list[tuple[int, int, str]], lex: NumberLexicon) -> float | None:
    """text2num's value of a run of number words, or None when it cannot read it."""
    from text_to_num import text2num

    try:
        return float(text2num(text[run[0][0]:run[-1][1]].casefold(), lex.lang))
    except (ValueError, KeyError, IndexError):
        return None


def vague_numbers(text: str, lex: NumberLexicon) -> list[NumberSpan]:
    """Vague quantities: "une centaine" (about 100), "des milliers" (at least 2,000)."""
    out = []
    if lex.vague:
        pattern = rf"\b(?:(?:une?|a)\s+)?(?P<w>{_alternation(list(lex.vague))})\b"
        for m in re.finditer(pattern, text, re.IGNORECASE):
            out.append(NumberSpan(m.start(), m.end(), lex.vague[m.group("w").casefold()],
                                  written=True, approx=True))
    if lex.vague_plural:
        words = _alternation(list(lex.vague_plural))
        # "des dizaines de milliers de", "tens of thousands of": one vague count.
        pattern = (r"\b(?:(?:des|plusieurs|quelques|de|several|a\s+few|many)\s+)?"
                   rf"(?P<w>{words})(?:\s+(?:de|d['’]|of)\s+(?P<w2>{words}))?\s+(?:de|d['’]|of)\b")
        for m in re.finditer(pattern, text, re.IGNORECASE):
            base = lex.vague_plural[m.group("w").casefold()]
            end = m.end("w")
            if m.group("w2"):
                base *= lex.vague_plural[m.group("w2").casefold()]
                end = m.end("w2")
            out.append(NumberSpan(m.start(), end, None, written=True, approx=True,
                                  minimum=2 * base))
    return out


def ordinal_words(text: str, lex: NumberLexicon) -> list[NumberSpan]:
    """Ordinals in words ("troisième", "third")."""
    if not lex.ordinals:
        return []
    pattern = rf"\b(?:{_alternation(list(lex.ordinals))})\b"
    return [NumberSpan(m.start(), m.end(), float(lex.ordinals[m.group().casefold()]),
                       written=True, ordinal=True)
            for m in re.finditer(pattern, text, re.IGNORECASE)]


def find_numbers(text: str, lex: NumberLexicon) -> list[NumberSpan]:
    """All numbers of ``text``, longest first where they overlap, in text order."""
    found = (digit_numbers(text, lex) + word_numbers(text, lex) + vague_numbers(text, lex)
             + ordinal_words(text, lex))
    found.sort(key=lambda n: (-(n.end - n.start), n.start))
    kept: list[NumberSpan] = []
    for n in found:
        if all(n.end <= k.start or n.start >= k.end for k in kept):
            kept.append(n)
    return sorted(kept, key=lambda n: n.start)
