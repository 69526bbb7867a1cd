"""Names and one-sentence explanations of the techniques and families, per language.

Read from the shipped ``data/techniques/explanations.toml``; a language without its own
table falls back to English, and a missing entry to the English one.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from .taxonomy import FAMILIES, FAMILY_OF, TECHNIQUES

FALLBACK_LANGUAGE = "en"


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    res = resources.files("unspin.data").joinpath("techniques/explanations.toml")
    data = tomllib.loads(res.read_text(encoding="utf-8"))
    for lang, table in data.items():
        for part, keys in (("techniques", TECHNIQUES), ("names", TECHNIQUES),
                           ("families", tuple(FAMILIES))):
            unknown = set(table.get(part, {})) - set(keys)
            if unknown:
                raise ValueError(f"explanations.toml [{lang}.{part}] has unknown keys "
                                 f"{sorted(unknown)}; use the taxonomy's spellings")
    return data


def languages() -> list[str]:
    """The languages that have their own explanations."""
    return sorted(_tables())


def _lookup(part: str, key: str, language: str | None) -> str:
    tables = _tables()
    for lang in (language or FALLBACK_LANGUAGE, FALLBACK_LANGUAGE):
        value = tables.get(lang, {}).get(part, {}).get(key)
        if value:
            return str(value)
    return key.replace("_", " ")


def explain(technique: str, language: str | None = None) -> str:
    """One sentence explaining ``technique``, in ``language`` when available."""
    return _lookup("techniques", technique, language)


def technique_name(technique: str, language: str | None = None) -> str:
    """The reader-facing name of ``technique`` in ``language``."""
    return _lookup("names", technique, language)


def family_name(family: str, language: str | None = None) -> str:
    """The reader-facing name of a family (``attack_on_reputation`` …) in ``language``."""
    return _lookup("families", family, language)


def family_of(technique: str) -> str:
    """The family a technique belongs to (``manipulative_wording`` for Loaded_Language)."""
    return FAMILY_OF.get(technique, "manipulative_wording")
