"""The event taxonomy: ACLED's 25 sub-event types under six event types, plus five more.

Loaded from ``data/events/taxonomy.toml`` (definitions in French and English, written for
the project). ``case`` names are the labels of CASE-2021 Task 2 files.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class EventKind:
    """One sub-event type: its id, event type, ACLED and CASE names, definitions."""

    id: str
    event_type: str
    acled: str
    case: str
    definition_en: str
    definition_fr: str

    def definition(self, language: str | None) -> str:
        return self.definition_fr if (language or "").startswith("fr") else self.definition_en


def data_text(*parts: str) -> str:
    """A text file of ``unspin/data/events``."""
    return resources.files("unspin").joinpath("data", "events", *parts).read_text(
        encoding="utf-8")


@lru_cache(maxsize=1)
def event_kinds() -> tuple[EventKind, ...]:
    """Every sub-event type, in the data file's order (ACLED's 25 first)."""
    raw = tomllib.loads(data_text("taxonomy.toml"))
    return tuple(EventKind(t["id"], t["event_type"], t.get("acled", ""), t["case"],
                           t["en"], t["fr"]) for t in raw["types"])


def labels() -> list[str]:
    return [k.id for k in event_kinds()]


def acled_labels() -> list[str]:
    """The 25 ACLED sub-event types."""
    return [k.id for k in event_kinds() if k.acled]


def kind_of(label: str) -> EventKind:
    return next(k for k in event_kinds() if k.id == label)


def event_type_of(label: str) -> str:
    return kind_of(label).event_type


def _key(name: str) -> str:
    return re.sub(r"[^a-z]+", "", name.lower())


# CASE-2021 spellings that differ from ours beyond case and punctuation.
_CASE_SYNONYMS = {
    "organisedcrime": "organised_crime",
    "diplomaticevent": "diplomatic", "diplomacy": "diplomatic",
    "attributionofresponsibility": "attribution",
    "manmadedisaster": "man_made_disaster", "naturaldisaster": "natural_disaster",
    "headquartersorbaseestablished": "headquarters_or_base_established",
}


def label_from_name(name: str) -> str | None:
    """Our label for an ACLED or CASE-2021 name ("Air/drone strike" → air_drone_strike);
    None when the name is unknown."""
    key = _key(name)
    for kind in event_kinds():
        if key in {_key(kind.id), _key(kind.acled), _key(kind.case)}:
            return kind.id
    return _CASE_SYNONYMS.get(key)
