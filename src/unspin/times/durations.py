"""Normalisers of clock times, durations, frequencies (SET) and PRESENT/PAST/FUTURE_REF
words.
"""

from __future__ import annotations

import datetime as dt
import re

from .discourse import sentences_between
from .expression import (
    Context,
    Timex,
    day_number,
    duration_unit,
    modifier,
    number_text,
    parse_number,
)
from .lexicon import normalise_word
from .recognise import Candidate, previous_word

_SMALL_HOURS_END = 6  # clock hours before this, in a named night, are past its midnight


def _clock(ctx: Context, cand: Candidate, hour: int, minute: int) -> list[Timex]:
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return []
    before = previous_word(ctx.text, cand.start)
    if before in ctx.lexicon.clock_duration_after:  # "pendant 2 h" is a duration
        hours = f"{hour}H" if hour or not minute else ""
        minutes = f"{minute}M" if minute else ""
        return [Timex(cand.start, cand.end, "DURATION", f"PT{hours}{minutes}", modifier(cand, ctx.lexicon))]
    day = ctx.reference.isoformat() if ctx.reference else "XXXX-XX-XX"
    if ctx.reference is not None and ctx.reference == ctx.night_of and hour < _SMALL_HOURS_END:
        # "dans la nuit de jeudi à vendredi … vers 2 h 30": after midnight, on Friday
        return [Timex(cand.start, cand.end, "TIME",
                      f"{ctx.reference + dt.timedelta(days=1)}T{hour:02d}:{minute:02d}",
                      modifier(cand, ctx.lexicon))]
    if ctx.anchor is not None and ctx.reference is not None and ctx.reference != ctx.anchor:
        # A day of an earlier sentence on the other side of the publication than the tense
        # of this one ("Le vol a eu lieu lundi. … Le concert débutera à 22 h") is not this
        # hour's day: the publication day is the better guess.
        elsewhere = sentences_between(ctx.text, ctx.reference_at, cand.start) != 0
        direction = ctx.direction(cand) if elsewhere else 0
        if (direction > 0 and ctx.reference < ctx.anchor) or (direction < 0 and ctx.reference > ctx.anchor):
            day = ctx.anchor.isoformat()
    return [Timex(cand.start, cand.end, "TIME", f"{day}T{hour:02d}:{minute:02d}", modifier(cand, ctx.lexicon))]


def norm_time(ctx: Context, cand: Candidate) -> list[Timex]:
    hour = int(cand.group("hour") or 0)
    minute = int(cand.group("minute") or 0)
    ampm = normalise_word(cand.group("ampm") or "")
    if ampm in ("soir", "pm", "p.m.", "p.m") and hour < 12:
        hour += 12
    if ampm in ("am", "a.m.", "a.m", "matin") and hour == 12:
        hour = 0
    return _clock(ctx, cand, hour, minute)


def norm_named_time(ctx: Context, cand: Candidate) -> list[Timex]:
    hour, minute = (int(p) for p in str(ctx.lexicon.lookup("named_times", cand.group("namedtime"))).split(":"))
    return _clock(ctx, cand, hour, minute)


def norm_duration(ctx: Context, cand: Candidate) -> list[Timex]:
    unit = duration_unit(ctx, cand)
    approximate = ctx.lexicon.lookup("approximate_numbers", cand.group("approxnum"))
    number = float(approximate) if approximate else parse_number(cand.group("num") or "", ctx.lexicon)
    if unit is None or number is None or number <= 0:
        return []
    letter, multiplier, is_time = unit
    if re.search(r"\bet\s+demie?$", cand.match.group("x") or "", re.IGNORECASE):
        number += 0.5
    amount = number * multiplier
    if not is_time and letter == "Y" and multiplier == 1 and amount != int(amount):
        amount, letter = amount * 12, "M"
    if is_time and amount != int(amount) and letter in ("H", "M"):
        amount, letter = amount * 60, "M" if letter == "H" else "S"
    value = f"P{'T' if is_time else ''}{number_text(amount)}{letter}"
    mod = modifier(cand, ctx.lexicon) or ("APPROX" if approximate else None)
    return [Timex(cand.start, cand.end, "DURATION", value, mod)]


_COUNTED_AFTER = re.compile(r"\s*(?:de|d['’]|of)\s*(?P<noun>[^\W\d_]+)", re.IGNORECASE)


def norm_duration_noun(ctx: Context, cand: Candidate) -> list[Timex]:
    value = ctx.lexicon.lookup("duration_nouns", cand.group("durnoun"))
    counted = _COUNTED_AFTER.match(ctx.text, cand.end)
    if (counted and ctx.lexicon.lookup("approximate_numbers", cand.group("durnoun")) is not None
            and ctx.lexicon.lookup("calendar_units", counted.group("noun")) is None
            and ctx.lexicon.lookup("units", counted.group("noun")) is None):
        return []  # "une quinzaine de kilomètres" counts kilometres, not a fortnight
    return [Timex(cand.start, cand.end, "DURATION", str(value), modifier(cand, ctx.lexicon))] if value else []


def norm_vague_duration(ctx: Context, cand: Candidate) -> list[Timex]:
    unit = duration_unit(ctx, cand)
    if unit is None:
        return []
    letter, multiplier, is_time = unit
    letter = {10.0: "DE", 100.0: "CE"}.get(multiplier, letter) if letter == "Y" else letter
    return [Timex(cand.start, cand.end, "DURATION", f"P{'T' if is_time else ''}X{letter}")]


def norm_recent_duration(ctx: Context, cand: Candidate) -> list[Timex]:
    unit = duration_unit(ctx, cand)
    if unit is None:
        return []
    letter, multiplier, is_time = unit
    written = cand.group("num")
    number = parse_number(written, ctx.lexicon) if written else None
    amount = number_text(number * multiplier) if number else "X"
    return [Timex(cand.start, cand.end, "DURATION", f"P{'T' if is_time else ''}{amount}{letter}")]


def norm_weekday_set(ctx: Context, cand: Candidate) -> list[Timex]:
    weekday = int(ctx.lexicon.lookup("weekdays", cand.group("weekday")))
    return [Timex(cand.start, cand.end, "SET", f"XXXX-WXX-{weekday}")]


def norm_set(ctx: Context, cand: Candidate) -> list[Timex]:
    month = ctx.lexicon.lookup("months", cand.group("month"))
    if month:  # "chaque 8-Mai": that day of every year
        day = day_number(cand.group("day"), ctx.lexicon)
        return [Timex(cand.start, cand.end, "SET", f"XXXX-{int(month):02d}-{day:02d}")] if day else []
    season = ctx.lexicon.lookup("seasons", cand.group("season"))
    part = ctx.lexicon.lookup("dayparts", cand.group("daypart"))
    calendar_unit = ctx.lexicon.lookup("calendar_units", cand.group("calunit"))
    if season or part or calendar_unit:
        value = (f"XXXX-{season}" if season else f"XXXX-XX-XXT{part}" if part
                 else "XXXX-WXX-WE" if calendar_unit == "WE" else f"P1{calendar_unit}")
        return [Timex(cand.start, cand.end, "SET", value)]
    unit = duration_unit(ctx, cand)
    if unit is None:
        return []
    letter, multiplier, is_time = unit
    written = cand.group("num")
    number = parse_number(written, ctx.lexicon) if written else 1.0
    if number is None:
        return []
    value = f"P{'T' if is_time else ''}{number_text(number * multiplier)}{letter}"
    return [Timex(cand.start, cand.end, "SET", value)]


def norm_frequency(ctx: Context, cand: Candidate) -> list[Timex]:
    value = ctx.lexicon.lookup("frequency_words", cand.group("freqword"))
    return [Timex(cand.start, cand.end, "SET", str(value))] if value else []


def norm_reference(ctx: Context, cand: Candidate) -> list[Timex]:
    value = ctx.lexicon.lookup("references", cand.group("reference"))
    return [Timex(cand.start, cand.end, "TIME", str(value))] if value else []
