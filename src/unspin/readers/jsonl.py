"""JSONL feeds: one article per line, ``text`` plus optional metadata fields.

Each line is read on its own, so a feed of any length streams and one bad line (not JSON,
no ``text``, empty text, too long) yields an :class:`InputError` naming ``path:line``
while the other lines still give articles. A line may also be one of unspin's own output
objects: metadata under its ``meta`` key is used too.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import Article, normalise_text
from .datelines import parse_date
from .decoding import NotText, decode_bytes

log = logging.getLogger(__name__)

# Fields copied from a record into meta; anything else (including ``id``) is ignored,
# because the id is always derived from the text.
META_FIELDS = ("title", "outlet", "url", "author", "published", "language", "section",
               "site_name")


def _record_meta(record: dict[str, Any], where: str) -> dict[str, Any]:
    sources = [record]
    if isinstance(record.get("meta"), dict):
        sources.insert(0, record["meta"])  # top-level fields win over a nested meta
    meta: dict[str, Any] = {}
    for source in sources:
        for key in META_FIELDS:
            value = source.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if isinstance(value, str) and value.strip():
                meta[key] = value.strip()
    if "published" in meta:
        # Keep full ISO date-times as they are; turn other forms into YYYY-MM-DD.
        raw = meta.pop("published")
        day = parse_date(raw)
        if day is not None:
            meta["published"] = raw if raw[:10] == day else day
            meta["published_from"] = "metadata"
        else:
            log.warning("%s: published date %r not understood; ignored", where, raw)
    if "language" in meta:
        # "FR", "fr-FR", "fr_CA" → "fr" (ISO 639-1, like the language stage).
        code = re.split(r"[-_]", meta.pop("language").lower())[0]
        if re.fullmatch(r"[a-z]{2,3}", code):
            meta["language"] = code
        else:
            log.warning("%s: language %r is not an ISO 639 code; ignored", where, code)
    return meta


def parse_jsonl_line(raw: bytes, where: str) -> dict[str, Any]:
    """The metadata and ``text`` of one JSONL line; raise InputError when unusable."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            line, _ = decode_bytes(raw, where)
        except NotText as exc:
            raise InputError(where, f"line is not text ({exc})") from None
    try:
        # A BOM may open the first line; the line break is not part of the record (inside
        # a cut string it would be reported as a control character).
        record = json.loads(line.lstrip("\ufeff").rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        # json's messages may end in "at" ("Invalid control character at"): drop it so
        # the column is not announced twice; a cut line reads "unterminated string".
        message = re.sub(r"\s+(starting\s+)?at$", "", exc.msg)
        if message.startswith("Unterminated string"):
            message = "unterminated string (is the line cut short?)"
        raise InputError(where, f"not valid JSON ({message} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise InputError(where, "expected a JSON object with a \"text\" field")
    text = record.get("text")
    if text is None:
        raise InputError(where, "no \"text\" field; each line needs {\"text\": \"...\"}")
    if not isinstance(text, str):
        raise InputError(where, "the \"text\" field must be a string")
    if not text.strip():
        raise InputError(where, "the \"text\" field is empty")
    meta = _record_meta(record, where)
    meta["text"] = text
    return meta


def read_jsonl(stream: BinaryIO, path: str, max_bytes: int) -> Iterator[Article | InputError]:
    """Yield one Article per usable line of ``stream`` and an InputError per bad line.

    ``max_bytes`` limits each line (one article), not the whole feed.
    """
    seen_line = False
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        seen_line = True
        where = f"{path}:{number}"
        if len(raw) > max_bytes:
            yield InputError(
                where,
                f"line is {len(raw):,} bytes, over the {max_bytes:,}-byte limit; "
                "raise it with --max-bytes or [input] max_bytes",
            )
            continue
        try:
            fields = parse_jsonl_line(raw, where)
        except InputError as err:
            yield err
            continue
        text = normalise_text(fields.pop("text"))
        fields["input"] = {"path": path, "format": "jsonl", "line": number}
        yield Article(text=text, meta=fields)
    if not seen_line:
        yield InputError(path, "empty file (no JSONL lines)")
