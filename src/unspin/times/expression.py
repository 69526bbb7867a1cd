"""A normalised time expression and what normalisers share: the context (text, lexicon,
anchor, the day last mentioned) and helpers reading a match's groups.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from . import calendar as cal
from .lexicon import Lexicon, normalise_word
from .recognise import Candidate, previous_word
from .tense import tense_direction

try:  # text2num reads compound number words ("dix-huit", "twenty-five")
    from text_to_num import text2num as _text2num
except ImportError:  # pragma: no cover - declared dependency, but degrade gracefully
    _text2num = None


@dataclass
class Timex:
    """One normalised time expression."""

    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    kind: str = ""


@dataclass
class Context:
    """What normalisers need besides the match: the text, anchor and running reference."""

    text: str
    lexicon: Lexicon
    anchor: dt.date | None
    doc: Any
    reference: dt.date | None  # the last day the text mentioned (starts at the anchor)
    reference_at: int = -1  # where the expression that set ``reference`` ends (-1: the anchor)
    last_value: str | None = None  # the value of the last dated expression ("1998", "1998-03")
    last_time: str | None = None  # the value of the last clock time ("1998-03-02T15:30")
    # The last year written out in the text and where it ends: "En 1998, … en janvier".
    year_focus: tuple[int, int] | None = None
    # The evening day of the last "nuit de jeudi à vendredi": its small hours are the next day's.
    night_of: dt.date | None = None
    # (position, YYYY-MM-DD) of the days anchored so far and of those peeked at ahead.
    day_values: list[tuple[int, str]] = field(default_factory=list)

    def direction(self, cand: Candidate) -> int:
        return tense_direction(self.text, cand.start, cand.end, self.lexicon, self.doc)


def parse_number(text: str, lexicon: Lexicon) -> float | None:
    """The number written ``text`` ("18", "30,4", "dix-huit", "une"), or None."""
    cleaned = text.strip().replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        pass
    key = normalise_word(text)
    if key in lexicon.numbers:
        return float(lexicon.numbers[key])
    if _text2num is not None:
        try:
            return float(_text2num(key, lexicon.language or "fr"))
        except (ValueError, TypeError, KeyError):
            return None
    return None


def number_text(value: float) -> str:
    """``2.0`` → ``"2"``, ``1.5`` → ``"1.5"``."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def modifier(cand: Candidate, lexicon: Lexicon) -> str | None:
    """The TIMEX3 mod of the match's modifier words ("fin" → ``END``), or None."""
    mod = lexicon.lookup("modifiers", cand.group("mod"))
    if mod and normalise_word(cand.group("mod") or "") in lexicon.across_modifiers:
        start = cand.span_of("mod")
        before = previous_word(cand.match.string, start[0]) if start else ""
        if before not in lexicon.more_than_after:
            return None  # "over two days" after a verb: across them, not more than
    return str(mod) if mod else None


def day_direction(ctx: Context, cand: Candidate) -> tuple[int, bool]:
    """Direction from "dernier"/"prochain" (strict) or else from the tense (not strict)."""
    relation = ctx.lexicon.relation(cand.group("rel"))
    if relation:
        return relation, True
    return ctx.direction(cand), False


def year_of(cand: Candidate, ctx: Context) -> int | None:
    """The year written in the match ("1998", "98", "'98"), or None."""
    text = cand.group("year")
    if not text:
        return None
    digits = text.strip("'’")
    if len(digits) == 2:
        return cal.expand_two_digit_year(int(digits), ctx.anchor)
    return int(digits)


def day_number(text: str | None, lexicon: Lexicon) -> int | None:
    """The day of month of "1er", "17", "premier", or None."""
    if not text:
        return None
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())
    return 1 if normalise_word(text) in ("premier", "first") else None


def with_daypart(ctx: Context, cand: Candidate, day_value: str) -> Timex:
    """A DATE for the day, or a TIME ``<day>TMO`` when the match names a part of the day."""
    part = ctx.lexicon.lookup("dayparts", cand.group("daypart"))
    if part:
        return Timex(cand.start, cand.end, "TIME", f"{day_value}T{part}", modifier(cand, ctx.lexicon))
    return Timex(cand.start, cand.end, "DATE", day_value, modifier(cand, ctx.lexicon))


def duration_unit(ctx: Context, cand: Candidate) -> tuple[str, float, bool] | None:
    """(TIMEX3 unit letter, multiplier, is a time unit) of the match's unit word."""
    spec = ctx.lexicon.lookup("units", cand.group("unit"))
    if not spec:
        return None
    letter, multiplier, is_time = spec
    return str(letter), float(multiplier), bool(is_time)
