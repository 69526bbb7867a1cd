"""Month names per language, read from ``unspin/data/calendar/<lang>.toml``.

One source for every feature that recognises a month: the times lexicon, the figures
masks, the segments stage's dates and the dateline reader. A file holds full names
(with spelling variants) and abbreviations written without their full stop; each user
says which forms it wants.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def _calendar(language: str) -> dict[str, dict[str, int]]:
    res = resources.files("unspin").joinpath("data", "calendar", f"{language}.toml")
    if not res.is_file():
        return {"months": {}, "abbreviations": {}}
    data = tomllib.loads(res.read_text(encoding="utf-8"))
    return {table: {str(k).lower(): int(v) for k, v in data.get(table, {}).items()}
            for table in ("months", "abbreviations")}


def calendar_languages() -> list[str]:
    """Languages that have a month-name file."""
    folder = resources.files("unspin").joinpath("data", "calendar")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def full_month_names(language: str) -> dict[str, int]:
    """``{name: month number}`` of the full names and spelling variants ("fevrier")."""
    return dict(_calendar(language)["months"])


def month_abbreviations(language: str) -> dict[str, int]:
    """``{abbreviation: month number}``, abbreviations without their full stop ("févr")."""
    return dict(_calendar(language)["abbreviations"])


def month_names(language: str) -> dict[str, int]:
    """Full names and bare abbreviations of ``language`` (empty when it has no file)."""
    return {**full_month_names(language), **month_abbreviations(language)}
