"""Dates written in article text: "17/11/2020", "3 mars 2021", "Nov. 17, 2020", "2020-11-17".

Used by the segments stage to read datelines ("Publié le 17/11/2020 à 14h32",
"BAGDAD, 17 novembre 2020 (AFP) –") and by readers to normalise dates in metadata.
Month names come from the per-language cue files, so the patterns know every language
those files cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..month_names import calendar_languages, month_names
from .metadata import normalise_date, valid_date


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: its ISO value and the span of the characters that wrote it."""

    value: str
    start: int
    end: int


class DateFinder:
    """Finds calendar dates (day, month and year all present) in text.

    ``months`` maps lower-case month names and abbreviations to 1–12. Numeric dates are
    read day first unless ``month_first`` is asked for (US English "11/17/2020"); a first
    number above 12 always means day first and a second above 12 month first.
    """

    def __init__(self, months: dict[str, int]) -> None:
        self.months = {k.lower(): v for k, v in months.items()}
        names = "|".join(re.escape(m) for m in sorted(self.months, key=len, reverse=True))
        day = r"(?P<d>[0-3]?\d)(?:er|st|nd|rd|th|º|°)?\.?"
        year = r"(?P<y>(?:19|20)\d\d)"
        month = rf"(?P<m>{names})\.?"
        self._patterns = [
            re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b"),
            re.compile(r"\b(?P<a>[0-3]?\d)[/.\-](?P<b>[01]?\d)[/.\-](?P<y>(?:19|20)\d\d|\d\d)\b"),
            re.compile(rf"\b{day}\s+(?:de\s+)?{month}(?:\s+de|\s+del|,)?\s+{year}\b",
                       re.IGNORECASE),
            re.compile(rf"\b{month}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{year}\b",
                       re.IGNORECASE),
        ]

    def _value(self, m: re.Match[str], month_first: bool) -> str | None:
        groups = m.groupdict()
        year = int(groups["y"])
        if year < 100:
            year += 2000
        if groups.get("a") is not None:
            first, second = int(groups["a"]), int(groups["b"])
            if first > 12 or (second <= 12 and not month_first):
                return valid_date(year, second, first)
            return valid_date(year, first, second)
        month_text = groups["m"]
        month = int(month_text) if month_text.isdigit() else self.months.get(month_text.lower())
        if month is None:
            return None
        return valid_date(year, month, int(groups["d"]))

    def find_all(self, text: str, month_first: bool = False) -> list[FoundDate]:
        """Every date in ``text``, in order of position (overlaps resolved, first wins)."""
        found: list[FoundDate] = []
        for pattern in self._patterns:
            for m in pattern.finditer(text):
                value = self._value(m, month_first)
                if value and not any(f.start < m.end() and m.start() < f.end for f in found):
                    found.append(FoundDate(value, m.start(), m.end()))
        return sorted(found, key=lambda f: f.start)

    def first(self, text: str, month_first: bool = False) -> FoundDate | None:
        """The first date in ``text`` or None."""
        dates = self.find_all(text, month_first)
        return dates[0] if dates else None


@lru_cache(maxsize=1)
def all_month_names() -> dict[str, int]:
    """Month names of every language of ``unspin/data/calendar`` (loaded once)."""
    months: dict[str, int] = {}
    for language in calendar_languages():
        months.update(month_names(language))
    return months


@lru_cache(maxsize=1)
def _finder() -> DateFinder:
    return DateFinder(all_month_names())


def parse_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from a date written any way we know ("17 novembre 2020",
    "Nov 17, 2020", "17/11/2020", ISO); None when ``value`` holds no full date."""
    iso = normalise_date(value)
    if iso is not None:
        return iso
    found = _finder().first(value)
    return found.value if found else None
