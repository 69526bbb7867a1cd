"""Normalisers of calendar expressions: dates, weekdays, deictic and anaphoric days,
relative weeks/months/years, seasons, decades, centuries, holidays.

Each takes the context and a candidate match and returns the TIMEX3 expressions it
denotes (none when the match turns out not to be a valid date).
"""

from __future__ import annotations

import datetime as dt

from . import calendar as cal
from .discourse import direction_from_neighbours, generic_today, year_in_focus
from .durations import norm_duration
from .expression import (
    Context,
    Timex,
    day_direction,
    day_number,
    duration_unit,
    modifier,
    parse_number,
    with_daypart,
    year_of,
)
from .lexicon import normalise_word
from .recognise import Candidate


def _date(ctx: Context, cand: Candidate, day: int, month: int) -> list[Timex]:
    year = year_of(cand, ctx)
    if year is None:
        if ctx.anchor is None:
            return [Timex(cand.start, cand.end, "DATE", f"XXXX-{month:02d}-{day:02d}", modifier(cand, ctx.lexicon))]
        weekday = ctx.lexicon.lookup("weekdays", cand.group("weekday"))
        direction, strict = day_direction(ctx, cand)
        year = cal.resolve_year_of_day(ctx.anchor, month, day, direction, strict)
        focus = _focus_year(ctx, cand, strict, direction)
        focus_day = cal.valid_date(focus, month, day) if focus is not None else None
        if focus is not None and focus_day is not None and (not weekday or focus_day.isoweekday() == int(weekday)):
            year = focus
            ctx.year_focus = (focus, cand.end)
        elif weekday:
            # "mercredi 17 janvier": the weekday tells the year when the tense cannot.
            year = cal.year_matching_weekday(ctx.anchor, month, day, int(weekday), year)
    if cal.valid_date(year, month, day) is None:
        return []
    return [Timex(cand.start, cand.end, "DATE", f"{year:04d}-{month:02d}-{day:02d}", modifier(cand, ctx.lexicon))]


def _focus_year(ctx: Context, cand: Candidate, strict: bool, direction: int = 0) -> int | None:
    """The year the text is telling about when it is not the anchor's ("En 1998, … le 3
    mars"); None with "dernier"/"prochain", when the text is about its own time, or when
    the tense points the other way ("élu en 95. En juin, il présidera": next June)."""
    if strict or ctx.anchor is None:
        return None
    focus = year_in_focus(ctx.text, cand.start, ctx.year_focus)
    if focus is None or focus == ctx.anchor.year:
        return None
    if (direction > 0 and focus < ctx.anchor.year) or (direction < 0 and focus > ctx.anchor.year):
        return None
    return focus


def norm_date(ctx: Context, cand: Candidate) -> list[Timex]:
    day = day_number(cand.group("day"), ctx.lexicon)
    month = ctx.lexicon.lookup("months", cand.group("month"))
    if day is None or month is None:
        return []
    dated = _date(ctx, cand, day, int(month))
    return [with_daypart(ctx, cand, t.value) for t in dated] if cand.group("daypart") else dated


def norm_night_of_date(ctx: Context, cand: Candidate) -> list[Timex]:
    """"la nuit du 14 au 15 juillet": TIME ``<the 14th>TNI``."""
    return [Timex(t.start, t.end, "TIME", f"{t.value}TNI") for t in norm_date(ctx, cand)]


def norm_numeric_date(ctx: Context, cand: Candidate) -> list[Timex]:
    day, month = int(cand.group("day") or 0), int(cand.group("month_num") or 0)
    if ctx.lexicon.language == "en" and month > 12 >= day:
        day, month = month, day  # US order 11/17/2020
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return []
    return _date(ctx, cand, day, month)


def norm_iso_date(ctx: Context, cand: Candidate) -> list[Timex]:
    year, month, day = int(cand.group("year") or 0), int(cand.group("month_num") or 0), int(cand.group("day") or 0)
    if cal.valid_date(year, month, day) is None:
        return []
    return [Timex(cand.start, cand.end, "DATE", f"{year:04d}-{month:02d}-{day:02d}")]


def norm_day_pair(ctx: Context, cand: Candidate) -> list[Timex]:
    second = norm_date(ctx, cand)
    first_span = cand.span_of("x1")
    day1 = day_number(cand.group("day1"), ctx.lexicon)
    if not second or first_span is None or day1 is None:
        return second
    year, month = second[0].value[:4], second[0].value[5:7]
    first = Timex(first_span[0], first_span[1], "DATE", f"{year}-{month}-{day1:02d}")
    return [first, *second]


def norm_month(ctx: Context, cand: Candidate) -> list[Timex]:
    month = int(ctx.lexicon.lookup("months", cand.group("month")))
    year = year_of(cand, ctx)
    if year is None:
        if ctx.anchor is None:
            return [Timex(cand.start, cand.end, "DATE", f"XXXX-{month:02d}", modifier(cand, ctx.lexicon))]
        direction, strict = day_direction(ctx, cand)
        year = cal.resolve_year_of_month(ctx.anchor, month, direction, strict)
        focus = _focus_year(ctx, cand, strict, direction)
        if focus is not None:
            year = focus
            ctx.year_focus = (focus, cand.end)
    return [Timex(cand.start, cand.end, "DATE", f"{year:04d}-{month:02d}", modifier(cand, ctx.lexicon))]


def norm_weekday(ctx: Context, cand: Candidate) -> list[Timex]:
    weekday = int(ctx.lexicon.lookup("weekdays", cand.group("weekday")))
    if ctx.anchor is None:
        return [with_daypart(ctx, cand, "XXXX-XX-XX")]
    this = bool(cand.group("this"))
    direction, strict = day_direction(ctx, cand)
    if not strict and direction == 0:
        # The tense says nothing: the sentence's other days may ("jeudi, puis le 20 mars").
        direction = direction_from_neighbours(ctx.day_values, ctx.anchor.isoformat(), cand.start,
                                              cand.end, ctx.text)
    if this and direction == 0:
        direction = 1 if weekday > ctx.anchor.isoweekday() else -1
    if direction == 0 and weekday != ctx.anchor.isoweekday():
        # No past in the clause and no other day: in French a notice ("Réunion publique
        # vendredi à 20 h 30") or the present of a programme ("Le festival démarre
        # jeudi"), since news tell past events in compound tenses (see the lexicon).
        direction = ctx.lexicon.undirected_weekday
    # A bare weekday that is the day of publication, in a past or neutral clause, is that
    # day ("mardi soir" in Tuesday's paper); "mardi dernier" is a week earlier.
    same_day = not strict and direction <= 0 and weekday == ctx.anchor.isoweekday()
    day = cal.resolve_weekday(ctx.anchor, weekday, direction, this=this or same_day)
    return [with_daypart(ctx, cand, day.isoformat())]


def norm_weekday_day(ctx: Context, cand: Candidate) -> list[Timex]:
    """"vendredi 13": the nearest Friday the 13th around the anchor (within six weeks)."""
    weekday = int(ctx.lexicon.lookup("weekdays", cand.group("weekday")))
    day = day_number(cand.group("day"), ctx.lexicon)
    if day is None:
        return []
    if ctx.anchor is None:
        return [Timex(cand.start, cand.end, "DATE", f"XXXX-XX-{day:02d}")]
    found = cal.nearest_weekday_day(ctx.anchor, weekday, day, 45, ctx.direction(cand))
    found = found or cal.nearest_weekday_day(ctx.anchor, weekday, day, 45)
    if found is None:
        return norm_weekday(ctx, cand)
    return [Timex(cand.start, cand.end, "DATE", found.isoformat())]


def norm_night_of(ctx: Context, cand: Candidate) -> list[Timex]:
    [first] = norm_weekday(ctx, cand)
    if first.type == "DATE":
        first.type, first.value = "TIME", f"{first.value}TNI"
        ctx.night_of = dt.date.fromisoformat(first.value[:10])
    return [first]


def norm_deictic(ctx: Context, cand: Candidate) -> list[Timex]:
    offset = int(ctx.lexicon.lookup("deictic_days", cand.group("deictic")))
    if (offset == 0 and cand.group("daypart") is None and cand.group("weekday") is None
            and ctx.lexicon.language == "fr"
            and generic_today(ctx.text, cand.start, cand.end, ctx.lexicon, lambda: ctx.direction(cand),
                              ctx.anchor.year if ctx.anchor else None)):
        return [Timex(cand.start, cand.end, "TIME", "PRESENT_REF")]  # "nowadays"
    if ctx.anchor is None:
        return [with_daypart(ctx, cand, "XXXX-XX-XX")]
    return [with_daypart(ctx, cand, (ctx.anchor + dt.timedelta(days=offset)).isoformat())]


def norm_anaphoric(ctx: Context, cand: Candidate) -> list[Timex]:
    offset = int(ctx.lexicon.lookup("anaphoric_days", cand.group("anaphoric")))
    if ctx.reference is None:
        return [with_daypart(ctx, cand, "XXXX-XX-XX")]
    return [with_daypart(ctx, cand, (ctx.reference + dt.timedelta(days=offset)).isoformat())]


def norm_this_daypart(ctx: Context, cand: Candidate) -> list[Timex]:
    day = ctx.anchor.isoformat() if ctx.anchor else "XXXX-XX-XX"
    return [with_daypart(ctx, cand, day)]


def norm_relative_daypart(ctx: Context, cand: Candidate) -> list[Timex]:
    """"la nuit dernière" (the one before publication), "la nuit prochaine" (the coming
    one: tonight), "le soir suivant" (after the day the text last mentioned)."""
    relation = ctx.lexicon.relation(cand.group("rel"))
    anaphoric = normalise_word(cand.group("rel") or "") in ctx.lexicon.anaphoric_relatives
    base = ctx.reference if anaphoric else ctx.anchor
    if base is None:
        return [with_daypart(ctx, cand, "XXXX-XX-XX")]
    part = ctx.lexicon.lookup("dayparts", cand.group("daypart"))
    if relation > 0 and not anaphoric and part in ("EV", "NI"):
        relation = 0  # the coming evening or night is today's
    return [with_daypart(ctx, cand, (base + dt.timedelta(days=relation)).isoformat())]


def norm_ref_daypart(ctx: Context, cand: Candidate) -> list[Timex]:
    day = ctx.reference.isoformat() if ctx.reference else "XXXX-XX-XX"
    return [with_daypart(ctx, cand, day)]


def norm_relative_unit(ctx: Context, cand: Candidate) -> list[Timex]:
    unit = str(ctx.lexicon.lookup("calendar_units", cand.group("calunit")))
    offset = ctx.lexicon.relation(cand.group("rel"))
    if ctx.anchor is None:
        return [Timex(cand.start, cand.end, "DATE", cal.unknown_unit_value(unit), modifier(cand, ctx.lexicon))]
    anchor = ctx.anchor
    if normalise_word(cand.group("rel") or "") in ctx.lexicon.anaphoric_relatives:
        last = _last_period(ctx, unit)
        if last is not None:
            anchor = last  # "l'année suivante": after the year the text just mentioned
        elif ctx.reference:
            anchor = ctx.reference
    if unit == "WE" and offset == 0 and anchor.isoweekday() < 6:
        # "ce week-end": the coming one, or the one just past when the verb is in the past.
        offset = -1 if ctx.direction(cand) < 0 else 0
    return [Timex(cand.start, cand.end, "DATE", cal.unit_value(anchor, unit, offset), modifier(cand, ctx.lexicon))]


def _last_period(ctx: Context, unit: str) -> dt.date | None:
    """The first day of the year ("Y") or month ("M") the text last mentioned, or None."""
    last = ctx.last_value or ""
    if unit == "Y" and last[:4].isdigit():
        return dt.date(int(last[:4]), 1, 1)
    if unit == "M" and last[:4].isdigit() and last[4:5] == "-" and last[5:7].isdigit() and 1 <= int(last[5:7]) <= 12:
        return dt.date(int(last[:4]), int(last[5:7]), 1)
    return None


def norm_year(ctx: Context, cand: Candidate) -> list[Timex]:
    year = year_of(cand, ctx)
    return [Timex(cand.start, cand.end, "DATE", f"{year:04d}", modifier(cand, ctx.lexicon))] if year else []


def norm_year_range(ctx: Context, cand: Candidate) -> list[Timex]:
    first_span = cand.span_of("x1")
    second = norm_year(ctx, cand)
    year1 = int(cand.group("year1") or 0)
    year2 = int(cand.group("year") or 0)
    if first_span is None or not year1 < year2 <= year1 + 30:
        return []
    return [Timex(first_span[0], first_span[1], "DATE", f"{year1:04d}"), *second]


def norm_year_part(ctx: Context, cand: Candidate) -> list[Timex]:
    """"le premier trimestre 2003" → 2003-Q1, "le second semestre" → 2003-H2."""
    number = int(ctx.lexicon.lookup("ordinals", cand.group("ordinal")) or 0)
    semester = normalise_word(cand.group("part") or "") in ("semestre", "half")
    if not number or number > (2 if semester else 4):
        return []
    year = year_of(cand, ctx) or (ctx.anchor.year if ctx.anchor else None)
    prefix = f"{year:04d}" if year else "XXXX"
    return [Timex(cand.start, cand.end, "DATE", f"{prefix}-{'H' if semester else 'Q'}{number}")]


def norm_decade(ctx: Context, cand: Candidate) -> list[Timex]:
    digits = cand.group("decade") or ""
    if len(digits) == 2:
        year = 1900 + int(digits) if int(digits) >= 20 or not ctx.anchor else 2000 + int(digits)
    elif len(digits) == 4:
        year = int(digits)
    else:
        return []
    if year % 10:
        return []
    return [Timex(cand.start, cand.end, "DATE", f"{year // 10:03d}X", modifier(cand, ctx.lexicon))]


def norm_century(ctx: Context, cand: Candidate) -> list[Timex]:
    text = cand.group("century") or ""
    number = int(text) if text.isdigit() else cal.roman_to_int(text)
    if not number or number > 30:
        return []
    return [Timex(cand.start, cand.end, "DATE", f"{number - 1:02d}XX", modifier(cand, ctx.lexicon))]


# First and last month of the seasons that lie within one calendar year (winter spans
# two and keeps the plain year arithmetic).
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}


def norm_season(ctx: Context, cand: Candidate) -> list[Timex]:
    season = str(ctx.lexicon.lookup("seasons", cand.group("season")))
    year = year_of(cand, ctx)
    prefix = normalise_word(ctx.text[cand.start:cand.span_of("season")[0]])  # type: ignore[index]
    relation = ctx.lexicon.relation(cand.group("rel"))
    if year is None and ctx.anchor is not None and (relation or prefix.split(" ")[-1] in ctx.lexicon.this):
        year = ctx.anchor.year + relation
        months = _SEASON_MONTHS.get(season)
        if months and relation > 0 and months[0] > ctx.anchor.month:
            year = ctx.anchor.year  # "le printemps prochain" said in February: this spring
        elif months and relation < 0 and months[1] < ctx.anchor.month:
            year = ctx.anchor.year  # "l'été dernier" said in November: this year's summer
    value = f"{year:04d}-{season}" if year else f"XXXX-{season}"
    return [Timex(cand.start, cand.end, "DATE", value, modifier(cand, ctx.lexicon))]


def norm_holiday(ctx: Context, cand: Candidate) -> list[Timex]:
    rule = str(ctx.lexicon.lookup("holidays", cand.group("holiday")) or "")
    if not rule:
        return []
    year = year_of(cand, ctx)
    mod = modifier(cand, ctx.lexicon)

    def day_in(y: int) -> dt.date:
        if rule.startswith("easter"):
            return cal.easter_sunday(y) + dt.timedelta(days=int(rule[6:] or 0))
        return dt.date(y, int(rule[:2]), int(rule[3:5]))

    if year is None and ctx.anchor is None:
        if rule.startswith("easter"):
            return [Timex(cand.start, cand.end, "DATE", "XXXX-XX-XX", mod)]
        return [Timex(cand.start, cand.end, "DATE", f"XXXX-{rule}", mod)]
    if year is None:
        assert ctx.anchor is not None
        direction, strict = day_direction(ctx, cand)
        year = cal.resolve_year(ctx.anchor, day_in, direction, strict)
    return [Timex(cand.start, cand.end, "DATE", day_in(year).isoformat(), mod)]


def _shifted(day: dt.date, letter: str, amount: int) -> str:
    """The value of ``day`` moved by ``amount`` units ``letter``, at that unit's precision."""
    if letter == "Y":
        return f"{day.year + amount:04d}"
    if letter == "M":
        year, month = cal.shift_months(day.year, day.month, amount)
        return f"{year:04d}-{month:02d}"
    if letter == "W":
        return cal.week_value(day + dt.timedelta(weeks=amount))
    return (day + dt.timedelta(days=amount)).isoformat()


def _counted(cand: Candidate, ctx: Context) -> tuple[str, int, bool] | None:
    """(unit letter, whole count, is a time unit) of "trois semaines", or None."""
    unit = duration_unit(ctx, cand)
    number = parse_number(cand.group("num") or "", ctx.lexicon)
    if unit is None or number is None or number != int(number):
        return None
    letter, multiplier, is_time = unit
    return letter, int(number * multiplier), is_time


def norm_ago(ctx: Context, cand: Candidate) -> list[Timex]:
    """"three years ago" → the year three years before the anchor (at the unit's precision)."""
    counted = _counted(cand, ctx)
    if counted is None:
        return []
    letter, amount, is_time = counted
    mod = modifier(cand, ctx.lexicon)
    if ctx.anchor is None or is_time:
        return [Timex(cand.start, cand.end, "DATE", "PAST_REF", mod)]
    return [Timex(cand.start, cand.end, "DATE", _shifted(ctx.anchor, letter, -amount), mod)]


def norm_later(ctx: Context, cand: Candidate) -> list[Timex]:
    """"deux jours plus tard" → the day the text last mentioned plus two days; "une semaine
    auparavant" → its week minus one. Counts of hours or minutes stay durations."""
    counted = _counted(cand, ctx)
    if counted is None:
        return []
    letter, amount, is_time = counted
    base = ctx.reference
    period = _last_period(ctx, "M" if letter == "M" else "Y") if letter in ("Y", "M") else None
    if period is not None:
        base = period  # "En 1995, … Deux ans plus tard": from the year last told, not the day
    if is_time or base is None:
        return norm_duration(ctx, cand)
    later = normalise_word(cand.group("later") or "")
    sign = -1 if later in ("plus tôt", "auparavant", "avant") else 1
    return [Timex(cand.start, cand.end, "DATE", _shifted(base, letter, sign * amount),
                  modifier(cand, ctx.lexicon))]


def norm_bare_day(ctx: Context, cand: Candidate) -> list[Timex]:
    """"jusqu'au 20", "le 12 au matin": that day of the month the text is in (the month of
    the day it last mentioned, else the publication's, moved a month when the tense says
    the day is on the other side of the publication)."""
    day = day_number(cand.group("day"), ctx.lexicon)
    if day is None:
        return []
    base = ctx.reference
    if base is None:
        return [with_daypart(ctx, cand, f"XXXX-XX-{day:02d}")]
    year, month = base.year, base.month
    direction = ctx.direction(cand) if ctx.reference_at < 0 else 0
    if direction > 0 and day < base.day:
        year, month = cal.shift_months(year, month, 1)
    elif direction < 0 and day > base.day:
        year, month = cal.shift_months(year, month, -1)
    if cal.valid_date(year, month, day) is None:
        return []
    return [with_daypart(ctx, cand, f"{year:04d}-{month:02d}-{day:02d}")]


def norm_dawn(ctx: Context, cand: Candidate) -> list[Timex]:
    """"à l'aube de l'an 2000": the present when written before that year (the start of
    that year otherwise); "à l'aube du troisième millénaire" is the present."""
    year = year_of(cand, ctx)
    if year is not None and (ctx.anchor is None or year <= ctx.anchor.year):
        return [Timex(cand.start, cand.end, "DATE", f"{year:04d}", "START")]
    return [Timex(cand.start, cand.end, "TIME", "PRESENT_REF")]


_SAME_DAYPARTS = {"soir": "EV", "soirée": "EV", "matin": "MO", "matinée": "MO", "nuit": "NI"}


def norm_same_unit(ctx: Context, cand: Candidate) -> list[Timex]:
    """"le même jour", "cette année-là", "ce soir-là": the day, month, year or week the
    text last mentioned (the publication's when it mentioned none)."""
    unit = normalise_word(cand.group("sameunit") or cand.group("sameunit2") or "")
    day = ctx.reference
    last = ctx.last_value or (day.isoformat() if day else None)
    if unit in _SAME_DAYPARTS:
        prefix = day.isoformat() if day else "XXXX-XX-XX"
        return [Timex(cand.start, cand.end, "TIME", f"{prefix}T{_SAME_DAYPARTS[unit]}")]
    if unit in ("moment", "heure"):  # "à ce moment-là": the time or day last mentioned
        if ctx.last_time and day is not None and ctx.last_time.startswith(day.isoformat()):
            return [Timex(cand.start, cand.end, "TIME", ctx.last_time)]
        return [Timex(cand.start, cand.end, "DATE", day.isoformat() if day else "XXXX-XX-XX")]
    if unit in ("époque", "période"):
        # "l'année dernière à la même époque": that year, at the publication's time of year.
        if last and len(last) == 4 and last.isdigit() and ctx.anchor is not None:
            return [Timex(cand.start, cand.end, "DATE", f"{last}-{ctx.anchor.month:02d}")]
        unit = "mois"
    if unit == "jour":
        value = day.isoformat() if day else "XXXX-XX-XX"
    elif unit == "semaine":
        value = cal.week_value(day) if day else "XXXX-WXX"
    elif unit == "week-end":
        value = cal.week_value(day) + "-WE" if day else "XXXX-WXX-WE"
    elif unit == "mois":
        value = last[:7] if last and len(last) >= 7 and last[4] == "-" and last[5:7].isdigit() else "XXXX-XX"
    else:  # année
        value = last[:4] if last and last[:4].isdigit() else "XXXX"
    return [Timex(cand.start, cand.end, "DATE", value)]


def norm_new_year(ctx: Context, cand: Candidate) -> list[Timex]:
    """"la nouvelle année": the publication's year in its first quarter, else the next one."""
    if ctx.anchor is None:
        return [Timex(cand.start, cand.end, "DATE", "XXXX")]
    year = ctx.anchor.year if ctx.anchor.month <= 3 else ctx.anchor.year + 1
    return [Timex(cand.start, cand.end, "DATE", f"{year:04d}")]
