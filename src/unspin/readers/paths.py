"""Paths, folders and glob patterns to a stream of Articles (and InputErrors).

Folders are walked recursively in sorted order, skipping hidden entries, and give their
``.txt``/``.text``, ``.html``/``.htm``/``.xhtml`` and ``.jsonl``/``.ndjson``
files. A glob pattern (``*``, ``?``, ``[``; ``**`` recurses) is expanded, sorted. Named
files are read whatever their extension (the format is then sniffed).
"""

from __future__ import annotations

import glob
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .files import DIRECTORY_SUFFIXES, FORMATS, STDIN, read_file

log = logging.getLogger(__name__)

_GLOB_CHARS = frozenset("*?[")


def directory_files(folder: Path) -> list[Path]:
    """The article files under ``folder``, recursively, sorted, hidden entries skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in DIRECTORY_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found)


def _read_directory(folder: Path, max_bytes: int,
                    fmt: str | None) -> Iterator[Article | InputError]:
    files = directory_files(folder)
    if not files:
        suffixes = ", ".join(sorted(DIRECTORY_SUFFIXES))
        yield InputError(str(folder), f"no article files in this directory (looked for {suffixes})")
        return
    articles = 0
    for path in files:
        for item in read_file(path, max_bytes, fmt):
            articles += isinstance(item, Article)
            yield item
    if not articles:
        yield InputError(str(folder), f"no readable articles in this directory "
                         f"({len(files)} files, each refused above)")


def _read_one(raw: str, max_bytes: int, fmt: str | None) -> Iterator[Article | InputError]:
    if raw == STDIN:
        yield from read_file(Path(STDIN), max_bytes, fmt)
        return
    path = Path(raw).expanduser()
    if path.is_dir():
        if not os.access(path, os.R_OK | os.X_OK):
            yield InputError(raw, "permission denied; check the directory's permissions")
            return
        yield from _read_directory(path, max_bytes, fmt)
        return
    if not path.exists() and _GLOB_CHARS & set(raw):
        matches = sorted(glob.glob(os.path.expanduser(raw), recursive=True))
        if not matches:
            yield InputError(raw, "no file matches this pattern")
            return
        for match in matches:
            yield from _read_one(match, max_bytes, fmt)
        return
    yield from read_file(path, max_bytes, fmt)


def read_paths(paths: Iterable[str | Path], max_bytes: int = 5_000_000,
               fmt: str | None = None) -> Iterator[Article | InputError]:
    """Yield an Article for each article in ``paths`` and an InputError for each bad input.

    ``paths`` are files, folders (walked recursively for .txt, .text, .html, .htm, .xhtml, .jsonl
    and .ndjson files), glob patterns or ``-`` (standard
    input). ``fmt`` forces ``text``, ``html`` or ``jsonl`` instead of going by extension.
    ``max_bytes`` caps each file (each line for JSONL). Nothing is raised for bad inputs:
    each gives an ``InputError`` whose ``where`` is the path (``path:line`` in JSONL) and
    the batch goes on. Every article's ``meta["input"]`` says where it came from.
    """
    if fmt is not None and fmt not in FORMATS:
        yield InputError(f"format {fmt!r}",
                         f"unknown input format; use one of {', '.join(FORMATS)}")
        return
    for raw in paths:
        yield from _read_one(str(raw), max_bytes, fmt)
