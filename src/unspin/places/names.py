"""How place names are compared: folded keys that ignore case, accents and separators.

"Deir ez-Zour", "Deir Ez Zour" and "DEIR EZ-ZOUR" share the key ``deir ez zour``; the
text is cut into word tokens by the same regex everywhere, so a key built from a
gazetteer name and a key built from n consecutive text tokens compare equal exactly
when the words do.
"""

from __future__ import annotations

import re

from ..folding import fold

# Letters and digits; apostrophes, hyphens and spaces separate words.
WORD = re.compile(r"[^\W_]+")

# Arabic definite articles written before transliterated names ("al-Raqqa", "Ar Raqqah").
ARABIC_ARTICLES = frozenset({"al", "el", "ar", "as", "ash", "ad", "an", "at", "az", "ez", "es"})


def name_key(name: str) -> str:
    """The lookup key of a name: its folded word tokens joined by single spaces."""
    if name.isascii():  # fast path: nothing to strip
        return " ".join(WORD.findall(name.lower()))
    return " ".join(fold(w) for w in WORD.findall(name))


def key_without_article(key: str) -> str | None:
    """The key without a leading Arabic article ("ar raqqah" -> "raqqah"), or None."""
    head, _, rest = key.partition(" ")
    if rest and head in ARABIC_ARTICLES:
        return rest
    return None


def starts_capitalised(word: str) -> bool:
    """True when ``word`` starts with a capital or with a letter of a script without case."""
    first = word[:1]
    return bool(first) and (first.isupper() or (first.isalpha() and not first.islower()))


def is_acronym(name: str) -> bool:
    """True for short all-capital names ("US", "RDC", "U.S."): they must match exactly."""
    letters = 0
    for c in name:  # stops at the first small letter or the fifth letter
        if c.isalpha():
            letters += 1
            if letters > 4 or not c.isupper():
                return False
    return letters > 0
