"""Calendar arithmetic for anchoring relative expressions (TIMEX3 value strings).

Direction is an int: -1 (past: "dernier", past tense), +1 (future: "prochain", future
tense) or 0 (unknown: take the nearest candidate).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_anchor(value: object) -> dt.date | None:
    """The date of a ``meta.published`` value (``YYYY-MM-DD`` or ISO date-time), or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def day_value(day: dt.date) -> str:
    """``YYYY-MM-DD``."""
    return day.isoformat()


def week_value(day: dt.date) -> str:
    """The ISO week of ``day``: ``YYYY-Www``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (31 February)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_weekday(anchor: dt.date, weekday: int, direction: int, this: bool = False) -> dt.date:
    """The date of ISO ``weekday`` (1 = Monday) nearest ``anchor`` in ``direction``.

    ``this`` ("ce mardi") means the anchor itself when it is that weekday. Unknown
    direction means the past: news mostly report what happened.
    """
    delta = weekday - anchor.isoweekday()
    if this and delta == 0:
        return anchor
    if direction > 0:
        return anchor + dt.timedelta(days=delta if delta > 0 else delta + 7)
    return anchor + dt.timedelta(days=delta if delta < 0 else delta - 7)


def resolve_year(anchor: dt.date, date_in: Callable[[int], dt.date | None], direction: int,
                 strict: bool = False, max_days: int = 320) -> int:
    """The year ``y`` for which ``date_in(y)`` ("le 17 novembre", "Noël") is meant on ``anchor``.

    Past/future direction picks the latest date not after / earliest not before the
    anchor; otherwise the nearest of last, this and next year (so "11 septembre" written
    in February is last September). A direction from the tense (not ``strict``, unlike
    "dernier"/"prochain") is ignored when it would move the date more than ``max_days``
    away: a date a year off in the tense's direction is less likely than a misread tense.
    """
    candidates = [(y, date_in(y)) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    dated = [(y, d) for y, d in candidates if d is not None]
    if not dated:
        return anchor.year
    nearest = min(dated, key=lambda yd: (abs((yd[1] - anchor).days), yd[0] != anchor.year))
    if direction < 0:
        past = [(y, d) for y, d in dated if d <= anchor]
        chosen = max(past) if past else nearest
    elif direction > 0:
        future = [(y, d) for y, d in dated if d >= anchor]
        chosen = min(future) if future else nearest
    else:
        return nearest[0]
    if not strict and abs((chosen[1] - anchor).days) > max_days:
        return nearest[0]
    return chosen[0]


def resolve_year_of_day(anchor: dt.date, month: int, day: int, direction: int,
                        strict: bool = False) -> int:
    """The year of "le 17 novembre" written on ``anchor`` (see :func:`resolve_year`)."""
    return resolve_year(anchor, lambda y: valid_date(y, month, day), direction, strict)


def year_matching_weekday(anchor: dt.date, month: int, day: int, weekday: int, default: int) -> int:
    """The year near the anchor in which ``day``/``month`` falls on ISO ``weekday``.

    ``default`` when it already fits, or when no year within one of the anchor's fits.
    """
    fitting = [y for y in (anchor.year - 1, anchor.year, anchor.year + 1)
               if (d := valid_date(y, month, day)) is not None and d.isoweekday() == weekday]
    if default in fitting or not fitting:
        return default
    return min(fitting, key=lambda y: abs(y - default))


def nearest_weekday_day(anchor: dt.date, weekday: int, day: int, window_days: int,
                        direction: int = 0) -> dt.date | None:
    """The date nearest ``anchor`` (within ``window_days``, on the ``direction`` side when
    it is not 0) that is ISO ``weekday`` and the ``day`` of its month ("vendredi 13")."""
    sides = (-1,) if direction < 0 else (1,) if direction > 0 else (-1, 1)
    for distance in range(window_days + 1):
        for side in sides:
            candidate = anchor + dt.timedelta(days=side * distance)
            if candidate.day == day and candidate.isoweekday() == weekday:
                return candidate
    return None


def resolve_year_of_month(anchor: dt.date, month: int, direction: int, strict: bool = False,
                          max_months: int = 10) -> int:
    """The year of "en novembre" / "novembre dernier" written on ``anchor``.

    ``strict`` (from "dernier"/"prochain") excludes the anchor's own month; a direction
    from the tense (not strict) is ignored beyond ``max_months`` (see :func:`resolve_year`).
    """
    here = anchor.year * 12 + anchor.month
    options = [anchor.year - 1, anchor.year, anchor.year + 1]
    nearest = min(options, key=lambda y: (abs(y * 12 + month - here), y != anchor.year))
    if direction < 0:
        past = [y for y in options if y * 12 + month < here or (not strict and y * 12 + month == here)]
        chosen = max(past) if past else anchor.year
    elif direction > 0:
        future = [y for y in options if y * 12 + month > here or (not strict and y * 12 + month == here)]
        chosen = min(future) if future else anchor.year
    else:
        return nearest
    if not strict and abs(chosen * 12 + month - here) > max_months:
        return nearest
    return chosen


def expand_two_digit_year(short: int, anchor: dt.date | None) -> int:
    """"98" → 1998 and "03" → 2003: the year of that form nearest the anchor (or 2000)."""
    base = anchor.year if anchor else 2000
    year = base - base % 100 + short
    if year > base + 20:
        year -= 100
    elif year < base - 80:
        year += 100
    return year


def unit_value(anchor: dt.date, unit: str, offset: int) -> str:
    """The TIMEX3 value of the calendar ``unit`` containing ``anchor``, moved by ``offset``.

    ``unit`` is ``W`` (week), ``WE`` (weekend), ``M``, ``Q``, ``Y``, ``DE`` (decade) or
    ``CE`` (century).
    """
    if unit in ("W", "WE"):
        day = anchor + dt.timedelta(weeks=offset)
        return week_value(day) + ("-WE" if unit == "WE" else "")
    if unit == "M":
        year, month = shift_months(anchor.year, anchor.month, offset)
        return f"{year:04d}-{month:02d}"
    if unit == "Q":
        year, month = shift_months(anchor.year, anchor.month, 3 * offset)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if unit == "DE":
        return f"{(anchor.year // 10 + offset):03d}X"
    if unit == "CE":
        return f"{(anchor.year // 100 + offset):02d}XX"
    return f"{anchor.year + offset:04d}"


def unknown_unit_value(unit: str) -> str:
    """The placeholder value of a relative calendar unit when there is no anchor."""
    return {"W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX",
            "DE": "XXXX", "CE": "XXXX"}.get(unit, "XXXX")


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of ``year`` (Gregorian calendar, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def roman_to_int(text: str) -> int | None:
    """The value of a Roman numeral (``XIX`` → 19), or None if it is not one."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    previous = 0
    for char in reversed(text.upper()):
        if char not in values:
            return None
        value = values[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total or None
