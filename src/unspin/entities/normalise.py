"""Name normalisation shared by the registry and the matcher: folding, tokens, slugs.

Matching compares *folded* tokens: lower case, no accents, ligatures spelt out, so that
"ÉTATS-UNIS", "Etats-Unis" and "États-Unis" meet. Tokens are runs of letters and digits;
hyphens, apostrophes (' and ’) and dots separate them, which is what makes elisions
("l'EI", "d’Irak") and hyphen variants ("al-Qaïda", "al Qaïda") match the same alias.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# A token is a run of letters or digits (no underscore): never a part of a word.
TOKEN_RE = re.compile(r"[^\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
# Characters that may separate the tokens of one name: spaces, hyphens, apostrophes, dots.
_JOINERS = " \t\u00a0\u202f\u2009-\u2010\u2011\u2012\u2013'\u2019\u02bc`."
APOSTROPHES = "'\u2019\u02bc`"


@lru_cache(maxsize=65536)
def strip_accents(token: str) -> str:
    """``token`` with diacritics removed and ligatures spelt out (case kept)."""
    decomposed = unicodedata.normalize("NFD", token.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """The matching key of a token: accents stripped and case folded."""
    return strip_accents(token).casefold()


def tokens(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the word tokens of ``text``."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def name_tokens(name: str) -> list[str]:
    """The surface tokens of a name, as the matcher will compare them."""
    return TOKEN_RE.findall(name)


def joined(text: str, end: int, start: int) -> bool:
    """True when ``text[end:start]`` (the gap between two tokens) keeps them in one name."""
    gap = text[end:start]
    return len(gap) <= 3 and all(ch in _JOINERS for ch in gap)


def slugify(name: str) -> str:
    """A stable ASCII slug: ``"Christopher Miller"`` → ``"christopher-miller"``."""
    return "-".join(fold(t) for t in name_tokens(name)) or "unnamed"


def collapse_spaces(text: str) -> str:
    """Whitespace runs (including newlines and no-break spaces) turned to one space."""
    return " ".join(text.split())


def iter_word_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Token offsets inside ``text[start:end]``, as article offsets."""
    for m in TOKEN_RE.finditer(text, start, end):
        yield m.span()
