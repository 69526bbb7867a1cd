"""Readers turn files, folders, globs and feeds into Articles.

``read_paths`` is the one entry point for inputs on disk: it yields Articles and, for each
input that cannot be read, an ``InputError`` instead of raising, so batches go on.
``read_text`` wraps a string already in memory.

Formats, by extension (``fmt`` overrides; unknown extensions are sniffed):

- text (``.txt``, ``.text``, ``.md``): the decoded file, only ``\r\n`` → ``\n`` and a
  leading BOM dropped.
- HTML (``.html``, ``.htm``, ``.xhtml``): trafilatura's body text, one paragraph a line;
  the headline goes to ``meta.title`` only; author, url, site name (and normalised
  outlet), date and first category (section) from the page metadata.
- JSONL (``.jsonl``, ``.ndjson``): one ``{"text": …}`` object a line with optional
  ``title``, ``outlet``, ``url``, ``author``, ``published``, ``language``, ``section``,
  ``site_name`` (``id`` and other fields are ignored; the id comes from the text).
- JSON (``.json``, named explicitly only): one such object or an array of them.

Folders are walked recursively for ``.txt``, ``.text``, HTML and JSONL files (not ``.md``
or ``.json``, which folders hold for other purposes). Encodings: BOM, then UTF-8, then
Windows-1252 for Western text, then charset-normalizer's guess. ``meta["input"]`` is
``{"path", "format": "text"|"html"|"jsonl", "encoding" (files), "line" (JSONL)}``.
"""

from __future__ import annotations

from typing import Any

from ..model import Article
from .datelines import parse_date
from .decoding import NotText, decode_bytes
from .metadata import normalise_date, normalise_outlet
from .paths import directory_files, read_paths

__all__ = [
    "NotText", "decode_bytes", "directory_files", "normalise_date", "normalise_outlet",
    "parse_date", "read_paths", "read_text",
]


def read_text(text: str, **meta: Any) -> Article:
    """An Article from a string: ``\\r\\n`` → ``\\n``, a leading BOM dropped, meta kept.

    ``meta`` values that are None are left out; ``meta["input"]`` defaults to
    ``{"path": "<text>", "format": "text"}``.
    """
    article = Article.from_text(text, **meta)
    article.meta.setdefault("input", {"path": "<text>", "format": "text"})
    return article
