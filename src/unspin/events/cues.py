"""Cue lexicons of the events stage (``data/events/cues.toml``), compiled once.

Each list is matched at word starts on the lowercased text with one alternation of
escaped literals, so matching is linear in the text (no backtracking on repeats).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .taxonomy import data_text

# The cue lists that are model features, in a fixed order (the model's columns).
FEATURE_CUES = (
    "weapon_air", "weapon_artillery", "weapon_ied", "weapon_suicide", "weapon_grenade",
    "weapon_chemical", "weapon_firearm", "territory_regain", "territory_seize",
    "territory_handover", "police_response", "lethal_force", "protest", "riot", "death",
    "claimed", "denied", "planned",
)
WEAPON_CUES = tuple(c for c in FEATURE_CUES if c.startswith("weapon_"))


@dataclass(frozen=True)
class CueMatch:
    """One cue found in a text: which list, where (offsets into that text)."""

    cue: str
    start: int
    end: int


class CueLexicon:
    """The compiled cue lists of one language."""

    def __init__(self, lists: dict[str, list[str]]) -> None:
        self.patterns: dict[str, re.Pattern[str]] = {}
        for name, items in lists.items():
            stems = sorted({s.lower() for s in items if s.strip()}, key=len, reverse=True)
            self.patterns[name] = re.compile(
                r"(?<![\w])(?:" + "|".join(re.escape(s) for s in stems) + ")")

    def find(self, name: str, text: str) -> list[CueMatch]:
        pattern = self.patterns.get(name)
        if pattern is None:
            return []
        return [CueMatch(name, m.start(), m.end()) for m in pattern.finditer(text.lower())]

    def first(self, name: str, text: str) -> CueMatch | None:
        pattern = self.patterns.get(name)
        m = pattern.search(text.lower()) if pattern is not None else None
        return CueMatch(name, m.start(), m.end()) if m else None

    def has(self, name: str, text: str) -> bool:
        return self.first(name, text) is not None

    def vector(self, text: str) -> list[float]:
        """1.0 per feature cue list present in ``text`` (the model's cue columns)."""
        low = text.lower()
        return [1.0 if self.patterns[c].search(low) else 0.0 for c in FEATURE_CUES]


@lru_cache(maxsize=4)
def cue_lexicon(language: str | None) -> CueLexicon:
    """The lexicon of ``language`` (French for "fr…", English otherwise)."""
    raw = tomllib.loads(data_text("cues.toml"))
    code = "fr" if (language or "").startswith("fr") else "en"
    return CueLexicon(raw[code])
