"""Bytes to text: UTF-8 first, byte-order marks honoured, Western legacy encodings recovered.

Scraped news arrives as UTF-8 most of the time, as Windows-1252/Latin-1 from older French
sites, and now and then as UTF-16 from Windows tools. ``charset-normalizer`` alone guesses
badly on short Western text (it takes French cp1252 for cp1250 or mac_latin2, turning "è"
into "č"), so Windows-1252 is tried before it whenever the result reads as Latin-script
text. Anything that does not decode to text raises :class:`NotText` with a reason a user
can act on.
"""

from __future__ import annotations

import codecs
import logging
import unicodedata

log = logging.getLogger(__name__)

# Checked longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.02
# Share of U+FFFD replacement characters tolerated in otherwise valid UTF-8; on short
# text a handful of stray bytes is always tolerated (one bad byte in a 100-byte line is
# already 1%, and reading the whole text as a legacy encoding garbles every accent).
_MAX_REPLACED_SHARE = 0.01
_ALWAYS_TOLERATED_REPLACEMENTS = 3
# Share of NUL bytes above which bytes that are not UTF-16/32 are binary data: one stray
# NUL in a legacy-encoded article must not reject it (UTF-8 text tolerates it as well).
_MAX_NUL_SHARE = 0.01
# In cp1252-decoded Western text only a few letters are non-ASCII (French ~3%); text in
# another script read as cp1252 is nearly all accented gibberish.
_MAX_NON_ASCII_LETTER_SHARE = 0.3


class NotText(ValueError):
    """The bytes are not text in any encoding we accept; ``str()`` says why."""


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v"
    )
    return controls / len(text)


def _check_text(text: str, encoding: str) -> tuple[str, str]:
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise NotText("binary data, not text (too many control characters)")
    return text, encoding


def _latin_share(text: str) -> float:
    """The share of letters in ``text`` that belong to the Latin script."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for ch in letters if ord(ch) < 128 or "LATIN" in unicodedata.name(ch, ""))
    return latin / len(letters)


def _mostly_utf8(data: bytes) -> str | None:
    """The UTF-8 reading of ``data`` when only a few stray bytes are invalid, else None."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    # Valid multi-byte sequences are the evidence of UTF-8: legacy text almost never
    # forms them by accident, so they must clearly outnumber the invalid bytes.
    valid_non_ascii = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    tolerated = max(_ALWAYS_TOLERATED_REPLACEMENTS, _MAX_REPLACED_SHARE * len(data))
    if valid_non_ascii >= 2 * replaced and replaced <= tolerated:
        return text
    return None


def _as_cp1252(data: bytes) -> str | None:
    """The Windows-1252 reading of ``data`` when it looks like Latin-script text, else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    if non_ascii / len(letters) > _MAX_NON_ASCII_LETTER_SHARE:
        return None
    return text


def decode_bytes(data: bytes, where: str = "") -> tuple[str, str]:
    """Decode ``data`` to text and return ``(text, encoding name)``.

    Order: a byte-order mark wins; then strict UTF-8; then UTF-8 with a handful of stray
    bytes replaced by U+FFFD (a logged warning); bytes with more than 1% NUL are accepted
    only as UTF-16/32; then Windows-1252 when it reads as Latin-script text; then the best guess
    of charset-normalizer. Raises :class:`NotText` when nothing gives text. ``where``
    (a path or ``path:line``) names the input in logged warnings.
    """
    if not data.strip():
        raise NotText("empty file (no text to analyse)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            return _check_text(text.lstrip("\ufeff"), encoding.replace("-sig", ""))
    try:
        return _check_text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass

    from charset_normalizer import from_bytes

    if data.count(b"\x00") > _MAX_NUL_SHARE * len(data):
        best = from_bytes(data).best()
        if best is not None and best.encoding.startswith(("utf_16", "utf_32")):
            return _check_text(str(best), best.encoding.replace("_", "-"))
        raise NotText("binary file (it contains NUL bytes), not text")

    utf8_text = _mostly_utf8(data)
    if utf8_text is not None:
        log.warning("%sinvalid UTF-8 bytes replaced by U+FFFD (%d)",
                    f"{where}: " if where else "", utf8_text.count("\ufffd"))
        return _check_text(utf8_text, "utf-8")
    western = _as_cp1252(data)
    if western is not None:
        return _check_text(western, "cp1252")
    try:
        cp1252_text: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        cp1252_text = None
    best = from_bytes(data).best()
    if best is not None:
        guessed = str(best)
        # A Latin-script guess (cp1250, mac_latin2, iso8859-2…) on short text is nearly
        # always Western text misjudged: French first, so read it as Windows-1252.
        if cp1252_text is not None and _latin_share(guessed) > 0.9:
            return _check_text(cp1252_text, "cp1252")
        return _check_text(guessed, best.encoding.replace("_", "-"))
    if cp1252_text is not None and _latin_share(cp1252_text) > 0.9:
        return _check_text(cp1252_text, "cp1252")
    raise NotText("not text: no known encoding decodes these bytes")
