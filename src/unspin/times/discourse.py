"""What the text around an expression says about its time: the year the text is talking
about, whether "aujourd'hui" means this day or "nowadays", and the direction told by the
other time expressions of the sentence.

Every helper scans a bounded window around the expression, so a long text costs time in
proportion to its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .lexicon import Lexicon, normalise_word
from .recognise import previous_word

# A sentence end: a full stop, ! or ? before a capital or quotation, or a line break.
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÀ-Ý«\"“_])|\n")
_WINDOW = 400  # characters scanned for the sentence and the one before it


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)`` (clipped to :data:`_WINDOW` characters each side)."""
    low = max(0, start - _WINDOW)
    # The search runs one character past ``start`` so that the look-ahead of a sentence
    # end right before the expression ("usines. Aujourd'hui") sees its capital.
    ends = (m.end() for m in _SENTENCE_END.finditer(text, low, min(len(text), start + 1)) if m.end() <= start)
    left = max(ends, default=low)
    right_match = _SENTENCE_END.search(text, end, min(len(text), end + _WINDOW))
    right = right_match.start() if right_match else min(len(text), end + _WINDOW)
    return left, right


def sentences_between(text: str, start: int, end: int) -> int | None:
    """How many sentence ends lie in ``text[start:end]``; None when a line break (a new
    paragraph) or more than :data:`_WINDOW` characters separate the two positions."""
    if end - start > _WINDOW:
        return None
    count = 0
    for match in _SENTENCE_END.finditer(text, start, min(len(text), end + 1)):
        if match.end() > end:
            break
        if match.group() == "\n":
            return None
        count += 1
    return count


def year_in_focus(text: str, position: int, focus: tuple[int, int] | None, explicit: bool = True) -> int | None:
    """The year the text is talking about at ``position``: the last year written out
    (``focus`` = (year, where it ended)) when it is in the same sentence or the one before,
    in the same paragraph. "En 1998, … En janvier, …" is January 1998."""
    if focus is None or not explicit:
        return None
    year, where = focus
    between = sentences_between(text, where, position)
    return year if between is not None and between <= 1 else None


_PAST_ERA = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b|\bannées\s+\d|\bil\s+y\s+a\s+\S+\s+(?:ans|siècles?|décennies)\b",
                       re.IGNORECASE)


def _told_past_era(text: str, position: int, lexicon: Lexicon, anchor_year: int | None) -> bool:
    """True when the text just before ``position`` talks about a bygone time (a year two or
    more before the anchor, a decade, "il y a dix ans", "autrefois")."""
    window = text[max(0, position - 300):position]
    words = {normalise_word(w) for w in re.findall(r"[\w']+", window)}
    if any(lexicon.tables["references"].get(w) == "PAST_REF" for w in words):
        return True
    for match in _PAST_ERA.finditer(window):
        digits = match.group()
        if not digits.isdigit() or anchor_year is None or int(digits) <= anchor_year - 2:
            return True
    return False


def generic_today(text: str, start: int, end: int, lexicon: Lexicon, direction_of: Callable[[], int],
                  anchor_year: int | None = None) -> bool:
    """True when "aujourd'hui" means "nowadays" (TimeML PRESENT_REF), not this day.

    Generic: "d'aujourd'hui", "encore aujourd'hui", "aujourd'hui encore"; or "Aujourd'hui,"
    opening a sentence that is not about the future and names no other day or hour, when
    its clause is in the present or when the text just told a bygone time ("En 1960, …
    Aujourd'hui, la ville a changé"). "Aujourd'hui, le ministre a annoncé…" stays a day.
    ``direction_of`` gives the tense direction of the clause (asked only when needed).
    """
    before = text[max(0, start - 12):start].lower().replace("’", "'")
    after = text[end:end + 12].lower()
    if re.search(r"(?:\bd'|\bde\s+|\bencore\s+)$", before) or re.match(r"\s+encore\b", after):
        return True
    sentence_start, sentence_end = sentence_bounds(text, start, end)
    opens = not text[sentence_start:start].strip(" \t«\"“-—_")
    if not (opens and re.match(r"\s*,", text[end:end + 3])):
        return False
    rest = text[end:sentence_end]
    # Another day or hour in the sentence ("Aujourd'hui, à 15 h, …") makes it this day.
    if re.search(r"\d\s*h\b|\d+\s*heures?\b|\b(?:matin|soir|après-midi|midi)\b", rest, re.IGNORECASE):
        return False
    if any(normalise_word(word) in lexicon.tables["weekdays"] for word in re.findall(r"\w+", rest)):
        return False
    direction = direction_of()
    return direction == 0 or (direction < 0 and _told_past_era(text, start, lexicon, anchor_year))


def direction_from_neighbours(day_values: list[tuple[int, str]], anchor_iso: str, start: int, end: int,
                              text: str) -> int:
    """+1 or -1 when the other dated expressions of the sentence all lie after or all
    before the anchor ("jeudi, puis le 20 mars" written on 14 March), else 0.

    ``day_values`` are (position, ``YYYY-MM-DD`` value) of expressions already anchored.
    """
    sentence_start, sentence_end = sentence_bounds(text, start, end)
    signs = {(value > anchor_iso) - (value < anchor_iso)
             for position, value in day_values
             if sentence_start <= position < sentence_end and not start <= position < end}
    signs.discard(0)
    return signs.pop() if len(signs) == 1 else 0


def introduced_by(text: str, start: int, words: frozenset[str]) -> bool:
    """True when the word before ``start`` is one of ``words``."""
    return previous_word(text, start) in words
