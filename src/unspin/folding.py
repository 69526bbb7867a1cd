"""Accent and case folding: the one definition every matcher uses.

Scraped text often loses its accents ("Evidemment", "Menaka") and writes ligatures out
("coeur"), so names and cue words are compared on folded keys: accents stripped,
ligatures spelt out, case folded.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def strip_accents(text: str) -> str:
    """``text`` with diacritics removed and ligatures spelt out (case kept)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The matching key of a word: accents stripped, ligatures spelt out, case folded
    ("Ménaka" → "menaka", "Œuvre" → "oeuvre")."""
    return strip_accents(word).casefold()
