"""Small normalisers for the metadata readers and the segments stage find: outlet, date.

Outlet names come shouted from scraped pages ("SOURCE : RADIO NORD INFO"); we store
them in title case but keep short acronyms ("AFP", "RFI") as they are. Dates come as
ISO date-times, ``dd/mm/yyyy`` and the like; we store ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources
from urllib.parse import urlparse

# Short words that are ordinary words, not acronyms, when an outlet name is all capitals.
# Other words of three letters or fewer stay upper case (AFP, RFI, BBC); four-letter words
# are title-cased (NORD, INFO, WIRE) unless they have no vowel or are known acronyms.
COMMON_SHORT_WORDS = frozenset(
    [
        "le", "la", "les", "de", "du", "des", "et", "en", "au", "aux", "un", "une", "sur", "l", "d",
        "the", "of", "and", "in", "on", "a", "an", "for", "to", "at", "by", "der", "die", "das",
        "und", "von", "im", "am", "el", "los", "las", "del", "y", "con", "il", "lo", "di", "da",
        "e", "nord", "sud", "est", "ouest", "info", "infos", "news", "post", "star", "sun", "mail",
        "time", "times", "day", "week", "live", "city", "net", "web", "jour", "soir", "voix",
        "echo", "écho", "mag", "new", "york", "club", "blog", "page", "zeit", "welt"
    ]
)

_SMALL_LOWER = frozenset([
    "le", "la", "les", "de", "du", "des", "et", "en", "au", "aux", "of", "and", "the",
    "der", "die", "das", "und", "von", "el", "del", "y", "di", "da", "e"
])

_URL_RE = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_DOMAIN_RE = re.compile(r"^[\w.-]+\.[a-z]{2,}$", re.IGNORECASE)


# Four-letter acronyms said as words (most four-letter capitals are words: NORD, INFO).
KNOWN_ACRONYMS = frozenset([
    "tass", "sana", "irna", "isna", "nato", "ansa", "wafa", "kcna", "mena", "unef", "afpi",
    "nasa"
])


def _is_acronym(letters: str) -> bool:
    lower = letters.lower()
    if lower in COMMON_SHORT_WORDS:
        return False
    if len(letters) <= 3 or lower in KNOWN_ACRONYMS:
        return True
    return len(letters) == 4 and not re.search(r"[aeiouy]", lower)


def _case_word(word: str, first: bool) -> str:
    letters = re.sub(r"[^\w]", "", word)
    lower = word.lower()
    if not letters:
        return word
    if len(letters) <= 4 and _is_acronym(letters):
        return word  # an acronym: AFP, RFI, BBC, RT, TASS
    if not first and lower in _SMALL_LOWER:
        return lower
    # Title-case each part of "AL-JAZEERA", "L'ORIENT".
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), lower)


# A one-word name in capitals this short is a brand written that way (BFMTV, CNEWS, TF1).
MAX_SHOUTED_BRAND_LETTERS = 6


@lru_cache(maxsize=1)
def known_outlet_names() -> dict[str, str]:
    """Outlet names as the outlets write them, keyed by their casefolded form."""
    path = resources.files("unspin").joinpath("data", "segments", "outlet_names.txt")
    names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return {n.casefold(): n for n in names if n and not n.startswith("#")}


def normalise_outlet(name: str) -> str:
    """Normalise an outlet name: trimmed, title-cased when shouted, acronyms kept.

    "RADIO NORD INFO" → "Radio Nord Info"; "AFP" → "AFP"; "FRANCE 24" → "France 24"
    (a known name, see ``data/segments/outlet_names.txt``); "BFMTV" → "BFMTV" (a short
    one-word brand); "Le Monde" is left alone;
    a URL becomes its domain without ``www.`` ("https://www.xyz.com/a" → "xyz.com").
    """
    name = " ".join(name.split()).strip(" .;:,-–—|")
    url = _URL_RE.search(name)
    if url:
        raw = url.group(0)
        host = urlparse(raw if "://" in raw else "http://" + raw).hostname or raw
        return host.removeprefix("www.")
    if _DOMAIN_RE.match(name):
        return name.lower().removeprefix("www.")
    letters = [ch for ch in name if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        known = known_outlet_names().get(name.casefold())
        if known is not None:
            return known
        words = name.split(" ")
        if len(words) == 1 and len(letters) <= MAX_SHOUTED_BRAND_LETTERS:
            return name
        return " ".join(_case_word(w, i == 0) for i, w in enumerate(words))
    return name


_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\S*)?\s*$")
_DMY_RE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


def valid_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` when the three numbers make a real date between 1900 and 2100."""
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def normalise_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or date-time or ``dd/mm/yyyy``; None otherwise."""
    m = _ISO_RE.match(value)
    if m:
        return valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DMY_RE.match(value)
    if m:
        return valid_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None
