"""Turning recognised expressions into TIMEX3 type, value and mod.

Expressions are normalised in text order so that a time ("à 14 h 30") or an anaphoric
day ("la veille") takes the date the text last mentioned; deictic words ("hier",
"mardi", "la semaine dernière") are anchored on the publication date. Without a
publication date, relative values keep X placeholders (``XXXX-XX-XX``, ``XXXX-WXX``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from . import dates, durations
from .discourse import introduced_by
from .expression import Context, Timex
from .recognise import Candidate

__all__ = ["NORMALISERS", "Context", "Timex", "normalise_all"]

_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}(?=T|$)")

NORMALISERS: dict[str, Callable[[Context, Candidate], list[Timex]]] = {
    "iso_date": dates.norm_iso_date,
    "holiday": dates.norm_holiday,
    "numeric_date": dates.norm_numeric_date,
    "date": dates.norm_date,
    "day_pair": dates.norm_day_pair,
    "month": dates.norm_month,
    "weekday": dates.norm_weekday,
    "weekday_set": durations.norm_weekday_set,
    "night_of": dates.norm_night_of,
    "night_of_date": dates.norm_night_of_date,
    "weekday_day": dates.norm_weekday_day,
    "deictic": dates.norm_deictic,
    "anaphoric": dates.norm_anaphoric,
    "this_daypart": dates.norm_this_daypart,
    "ref_daypart": dates.norm_ref_daypart,
    "relative_daypart": dates.norm_relative_daypart,
    "relative_unit": dates.norm_relative_unit,
    "year": dates.norm_year,
    "year_range": dates.norm_year_range,
    "decade": dates.norm_decade,
    "year_part": dates.norm_year_part,
    "century": dates.norm_century,
    "season": dates.norm_season,
    "time": durations.norm_time,
    "named_time": durations.norm_named_time,
    "duration": durations.norm_duration,
    "duration_noun": durations.norm_duration_noun,
    "ago": dates.norm_ago,
    "dawn": dates.norm_dawn,
    "same_unit": dates.norm_same_unit,
    "new_year": dates.norm_new_year,
    "later": dates.norm_later,
    "bare_day": dates.norm_bare_day,
    "vague_duration": durations.norm_vague_duration,
    "recent_duration": durations.norm_recent_duration,
    "set": durations.norm_set,
    "frequency": durations.norm_frequency,
    "reference": durations.norm_reference,
}


_TIME_KINDS = ("time", "named_time")
# What may separate a clock time from the day it belongs to: "vers 0 h 40, jeudi", "at 3 a.m. on Feb. 12".
_TIME_TO_DAY_GAP = re.compile(r"^[\s,]*(?:on|le)?[\s,]*$", re.IGNORECASE)
_DAY_KINDS = ("deictic", "weekday", "weekday_day", "date", "anaphoric", "bare_day")
# Expressions whose direction may come from the sentence's other days, and the kinds of
# those days (anchored without looking at the sentence's other expressions).
_UNDIRECTED_KINDS = ("weekday", "weekday_day", "night_of", "time", "named_time")
_NEIGHBOUR_KINDS = ("date", "deictic", "iso_date", "numeric_date", "relative_unit")
_NEIGHBOURS_PEEKED = 3
_DAYS_KEPT = 12  # enough for one sentence; keeps the look-up constant per expression
# Expressions anchored on the publication date: after them the text is back to its own
# time, no longer in the year it was telling about.
_ANCHORED_KINDS = ("deictic", "weekday", "relative_unit", "this_daypart")
# Expressions that carry the text's year on to the year they denote.
_RETELLING_KINDS = ("same_unit", "later")
# Words before a year that do not put the text in that year ("depuis 1995": up to now).
_SPAN_STARTS = frozenset({"depuis", "dès", "jusqu'en", "avant", "après", "since", "until", "before", "after"})


def _peek(ctx: Context, cand: Candidate) -> list[Timex]:
    """Normalise ``cand`` without changing ``ctx`` (to learn a day mentioned ahead)."""
    return NORMALISERS[cand.kind](replace(ctx, day_values=[]), cand)


def _remember(ctx: Context, cand: Candidate, timex: Timex) -> None:
    """Update the running reference day, last value and year in focus after ``timex``."""
    if timex.type not in ("DATE", "TIME") or not timex.value[:1].isdigit():
        return
    ctx.last_value = timex.value
    if re.match(r"\d{4}-\d{2}-\d{2}T\d", timex.value):
        ctx.last_time = timex.value
    day = _DAY_VALUE.match(timex.value)
    if day:
        ctx.reference = dt.date.fromisoformat(day.group())
        ctx.reference_at = timex.end
        ctx.day_values.append((timex.start, day.group()))
    year = cand.group("year")
    if (year and cand.kind != "year_range" and timex.value[:4].isdigit()
            and not introduced_by(ctx.text, cand.start, _SPAN_STARTS)):
        ctx.year_focus = (int(timex.value[:4]), timex.end)
    elif cand.kind in _RETELLING_KINDS and timex.value.isdigit():
        # "Cette année-là", "Deux ans plus tard": the text goes on in that year
        ctx.year_focus = (int(timex.value[:4]), timex.end)
    elif cand.kind in _ANCHORED_KINDS:
        ctx.year_focus = None


def normalise_all(candidates: list[Candidate], ctx: Context) -> list[Timex]:
    """Normalise candidates in text order, tracking the last day mentioned for anaphora.

    A clock time directly followed by its day ("vers 0 h 40, jeudi") takes that day; a
    weekday or a time whose tense says nothing looks at the next few days of its sentence.
    """
    out: list[Timex] = []
    for index, cand in enumerate(candidates):
        normaliser = NORMALISERS.get(cand.kind)
        if normaliser is None:
            continue
        if cand.kind in _TIME_KINDS and index + 1 < len(candidates):
            following = candidates[index + 1]
            gap = ctx.text[cand.end:following.start]
            if following.kind in _DAY_KINDS and _TIME_TO_DAY_GAP.match(gap):
                for timex in _peek(ctx, following):
                    day = _DAY_VALUE.match(timex.value)
                    if day:
                        ctx.reference = dt.date.fromisoformat(day.group())
                        ctx.reference_at = cand.start
        if cand.kind in _UNDIRECTED_KINDS:
            for following in candidates[index + 1:index + 1 + _NEIGHBOURS_PEEKED]:
                if following.kind in _NEIGHBOUR_KINDS:
                    ctx.day_values.extend((t.start, t.value[:10]) for t in _peek(ctx, following)
                                          if _DAY_VALUE.match(t.value))
        for timex in normaliser(ctx, cand):
            timex.kind = cand.kind
            out.append(timex)
            _remember(ctx, cand, timex)
        del ctx.day_values[:-_DAYS_KEPT]
    return out
