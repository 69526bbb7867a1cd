"""Hand-written span cues: words that signal a technique, per language.

The learnt lexicons (``spans_<lang>.json``) come from a few hundred articles per language;
the cue files ``models/spans/cues_<lang>.toml`` add the textbook markers that any reader
would point at (``prétendu`` for Doubt, ``jamais`` for Exaggeration, ``régime de`` for
Name_Calling…), so a technique still gets its words when the corpus was thin.
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache
from importlib import resources

log = logging.getLogger(__name__)


@cache
def load_cues(language: str) -> dict[str, dict[str, float]]:
    """``{technique: {cue: weight}}`` for ``language`` (empty when no cue file ships)."""
    res = resources.files("unspin.models.spans").joinpath(f"cues_{language}.toml")
    if not res.is_file():
        return {}
    data = tomllib.loads(res.read_text(encoding="utf-8"))
    out: dict[str, dict[str, float]] = {}
    for technique, table in data.items():
        weight = float(table.get("weight", 1.5))
        out[technique] = {str(cue): weight for cue in table.get("cues", [])}
    return out
