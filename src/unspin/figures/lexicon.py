"""Per-language number vocabulary and cues, read from ``unspin/data/figures/<lang>.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..month_names import month_names


@dataclass(frozen=True)
class NumberLexicon:
    """What one language's figures are written with."""

    lang: str
    number_words: frozenset[str]
    joiners: frozenset[str]
    single_one: tuple[str, ...]
    scales: dict[str, float]
    decimal: str
    dot_groups_thousands: bool
    vague: dict[str, float]
    vague_plural: dict[str, float]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, str]]  # surface form -> (label, unit)
    cues: dict[str, Any]

    def cue_list(self, name: str) -> list[str]:
        return list(self.cues.get(name, []))


def available_languages() -> list[str]:
    """Languages with a figures data file."""
    root = resources.files("unspin").joinpath("data", "figures")
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml"))


@lru_cache(maxsize=16)
def load_lexicon(lang: str) -> NumberLexicon | None:
    """The lexicon of ``lang``, or None when unspin has no figures data for it."""
    path = resources.files("unspin").joinpath("data", "figures", f"{lang}.toml")
    if not path.is_file():
        return None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    options = data.get("options", {})
    return NumberLexicon(
        lang=lang,
        number_words=frozenset(w.casefold() for w in data.get("number_words", [])),
        joiners=frozenset(w.casefold() for w in data.get("number_joiners", [])),
        single_one=tuple(data.get("single_one", [])),
        scales={k.casefold(): float(v) for k, v in data.get("scales", {}).items()},
        decimal=str(options.get("decimal", ".")),
        dot_groups_thousands=bool(options.get("dot_groups_thousands", False)),
        vague={k.casefold(): float(v) for k, v in data.get("vague", {}).items()},
        vague_plural={k.casefold(): float(v) for k, v in data.get("vague_plural", {}).items()},
        ordinals={k.casefold(): int(v) for k, v in data.get("ordinals", {}).items()},
        units={k: (v[0], v[1]) for k, v in data.get("units", {}).items()},
        cues={**data.get("cues", {}), "months": list(month_names(lang))},
    )
