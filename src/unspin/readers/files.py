"""One file (or standard input) to Articles, by format: plain text, HTML, JSONL, JSON.

Every problem with an input becomes an :class:`InputError` that is yielded, not raised,
so a batch goes on with its other inputs.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError, InstallError
from ..model import Article, normalise_text
from .decoding import NotText, decode_bytes
from .html import NoArticleText, declared_charset, extract_html, looks_like_html
from .jsonl import parse_jsonl_line, read_jsonl
from .warc import is_warc, read_warc

log = logging.getLogger(__name__)

FORMATS = ("text", "html", "jsonl")
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# Files a directory walk picks up. ``.json`` and ``.md`` are read only when named
# explicitly: folders hold too many of them that are not articles (configs, READMEs).
DIRECTORY_SUFFIXES = frozenset({".txt", ".text"}) | HTML_SUFFIXES | JSONL_SUFFIXES

STDIN = "-"


def format_of(path: str) -> str | None:
    """The format a file name implies (``text``, ``html``, ``jsonl``, ``json``) or None."""
    suffix = Path(path).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".json":
        return "json"
    return None


def _too_big(where: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        where,
        f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
        "raise it with --max-bytes or [input] max_bytes",
    )


def _decode(data: bytes, fmt: str, where: str) -> tuple[str, str]:
    if fmt == "html":
        charset = declared_charset(data)
        if charset and not charset.startswith("utf-16"):
            # Bytes that are valid UTF-8 beyond ASCII are UTF-8 whatever the page
            # declares: a stale "iso-8859-1" declaration is common on re-encoded pages.
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                if not text.isascii():
                    return text.lstrip("\ufeff"), "utf-8"
        if charset:
            try:
                return data.decode(charset).lstrip("\ufeff"), charset
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common; fall back to detection
    return decode_bytes(data, where)


def _text_article(text: str, where: str, encoding: str) -> Article:
    article = Article(text=normalise_text(text))
    article.meta["input"] = {"path": where, "format": "text", "encoding": encoding}
    return article


def _html_article(text: str, where: str, encoding: str) -> Article:
    body, meta = extract_html(text)
    meta["input"] = {"path": where, "format": "html", "encoding": encoding}
    return Article(text=normalise_text(body), meta=meta)


def _json_document(text: str, where: str) -> Iterator[Article | InputError]:
    """A ``.json`` file: one record object, an array of them, or JSONL after all."""
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError:
        yield from read_jsonl(io.BytesIO(text.encode("utf-8")), where, sys.maxsize)
        return
    records = document if isinstance(document, list) else [document]
    if not records:
        yield InputError(where, "empty JSON array (no articles)")
    for number, record in enumerate(records, start=1):
        item_where = f"{where}:{number}" if isinstance(document, list) else where
        try:
            fields = parse_jsonl_line(json.dumps(record).encode("utf-8"), item_where)
        except InputError as err:
            yield err
            continue
        body = normalise_text(fields.pop("text"))
        fields["input"] = {"path": where, "format": "jsonl", "line": number}
        yield Article(text=body, meta=fields)


def _sniff(text: str) -> str:
    if looks_like_html(text):
        return "html"
    first = text.lstrip()[:1]
    if first == "{":
        head = text.lstrip().split("\n", 1)[0]
        try:
            if isinstance(json.loads(head), dict):
                return "jsonl"
        except json.JSONDecodeError:
            pass
    return "text"


def read_stream(stream: BinaryIO, where: str, max_bytes: int,
                fmt: str | None) -> Iterator[Article | InputError]:
    """Read articles from an open binary stream named ``where`` (a path or ``-``)."""
    fmt = fmt or format_of(where)
    if fmt == "jsonl":
        yield from read_jsonl(stream, where, max_bytes)
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        # Only standard input gets here: files are checked by size before being opened.
        yield InputError(where, f"input is over the {max_bytes:,}-byte limit; "
                         "raise it with --max-bytes or [input] max_bytes")
        return
    try:
        text, encoding = _decode(data, fmt or "text", where)
    except NotText as exc:
        yield InputError(where, str(exc))
        return
    if not text.strip():
        yield InputError(where, "empty file (only whitespace, no text to analyse)")
        return
    if fmt is None:
        fmt = _sniff(text)
        if fmt == "jsonl":
            yield from read_jsonl(io.BytesIO(data), where, max_bytes)
            return
    if fmt == "json":
        yield from _json_document(text, where)
    elif fmt == "html":
        try:
            yield _html_article(text, where, encoding)
        except NoArticleText as exc:
            yield InputError(where, f"{exc}; is it an article page? save the article "
                             "itself or pass its text as a .txt file")
        except ImportError as exc:
            # A missing module is a broken install, not a bad page: stop and say how to fix it.
            raise InstallError(
                f"unspin's HTML reader needs {exc.name or 'a module'} "
                f"({exc}); reinstall unspin with: python -m pip install -e \".[dev]\" "
                "(or pip install --force-reinstall unspin)") from exc
        except Exception as exc:
            # A page the third-party parser chokes on must not stop a batch.
            log.debug("HTML extraction failed for %s", where, exc_info=True)
            yield InputError(where, f"HTML could not be parsed ({type(exc).__name__}); "
                             "pass the article text as a .txt file instead")
    else:
        yield _text_article(text, where, encoding)


def read_file(path: Path, max_bytes: int, fmt: str | None) -> Iterator[Article | InputError]:
    """Read the articles of one file; size, permission and format problems are yielded."""
    where = str(path)
    if where == STDIN:
        yield from read_stream(sys.stdin.buffer, STDIN, max_bytes, fmt)
        return
    effective = fmt or format_of(where)
    if fmt is None and is_warc(where):
        # An archive holds many pages: max_bytes caps each page, not the file.
        yield from read_warc(path, max_bytes)
        return
    try:
        size = path.stat().st_size
        if effective != "jsonl" and size > max_bytes:
            yield _too_big(where, size, max_bytes)
            return
        with path.open("rb") as stream:
            yield from read_stream(stream, where, max_bytes, fmt)
    except FileNotFoundError:
        yield InputError(where, "no such file or directory")
    except PermissionError:
        yield InputError(where, "permission denied; check the file's read permissions")
    except IsADirectoryError:
        yield InputError(where, "is a directory where a file was expected")
    except OSError as exc:
        yield InputError(where, f"cannot be read ({exc.strerror or exc})")
