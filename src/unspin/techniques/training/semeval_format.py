"""Reading and writing the SemEval-2023 Task 3 file formats.

Articles are ``article<ID>.txt`` files; a *paragraph* is a non-blank line and is named by
its 1-based line number (the title is line 1): that rule is the run-time one of
``techniques/paragraphs.py``, which the techniques stage uses too.

Label files are tab-separated:

* subtask 1: ``id<TAB>genre``
* subtask 2: ``id<TAB>frame,frame,...``
* subtask 3: ``id<TAB>line<TAB>technique,technique,...`` (third column may be empty)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ...errors import UnspinError
from ..taxonomy import LANGUAGE_DIRS

ARTICLE_FILE = re.compile(r"^article(.+)\.txt$")


class SemEvalFormatError(UnspinError, ValueError):
    """A SemEval file or folder is missing or malformed (the message says where and how)."""



def read_article_text(path: Path) -> str:
    """Read an article file as UTF-8 (a byte-order mark is dropped, line ends kept)."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    return text


def read_articles(folder: Path) -> dict[str, str]:
    """Read every ``article<ID>.txt`` of ``folder`` into ``{id: text}`` (sorted by id)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SemEvalFormatError(f"articles folder not found: {folder} (give the folder that "
                                 "holds the article<ID>.txt files)")
    found: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        match = ARTICLE_FILE.match(path.name)
        if match and path.is_file():
            found[match.group(1)] = read_article_text(path)
    if not found:
        raise SemEvalFormatError(f"no article<ID>.txt file in {folder}; SemEval article files "
                                 "are named like article123456.txt")
    return found


def _label_lines(path: Path) -> Iterable[tuple[int, list[str]]]:
    path = Path(path)
    if not path.is_file():
        raise SemEvalFormatError(f"label file not found: {path}")
    with path.open(encoding="utf-8-sig") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            yield number, line.split("\t")


def _split_labels(field: str) -> list[str]:
    return [x.strip() for x in field.split(",") if x.strip()]


def read_labels_3(path: Path) -> dict[tuple[str, int], list[str]]:
    """Read a subtask-3 label file into ``{(article id, line): [techniques]}``."""
    out: dict[tuple[str, int], list[str]] = {}
    for number, cols in _label_lines(path):
        if len(cols) not in (2, 3) or not cols[1].strip().isdigit():
            raise SemEvalFormatError(
                f"{path}:{number}: expected 'id<TAB>paragraph<TAB>technique,...' "
                f"with a numeric paragraph, got {cols!r}")
        out[(cols[0].strip(), int(cols[1]))] = _split_labels(cols[2]) if len(cols) == 3 else []
    return out


def read_labels_1(path: Path) -> dict[str, str]:
    """Read a subtask-1 label file into ``{article id: genre}``."""
    out: dict[str, str] = {}
    for number, cols in _label_lines(path):
        if len(cols) != 2 or not cols[1].strip():
            raise SemEvalFormatError(f"{path}:{number}: expected 'id<TAB>genre', got {cols!r}")
        out[cols[0].strip()] = cols[1].strip()
    return out


def read_labels_2(path: Path) -> dict[str, list[str]]:
    """Read a subtask-2 label file into ``{article id: [frames]}``."""
    out: dict[str, list[str]] = {}
    for number, cols in _label_lines(path):
        if len(cols) not in (1, 2):
            raise SemEvalFormatError(f"{path}:{number}: expected 'id<TAB>frame,frame,...', "
                                     f"got {cols!r}")
        out[cols[0].strip()] = _split_labels(cols[1]) if len(cols) == 2 else []
    return out


def format_labels_3(predictions: Mapping[tuple[str, int], Sequence[str]]) -> str:
    """Subtask-3 prediction lines, sorted by article id then line number."""
    rows = sorted(predictions.items(), key=lambda kv: (_id_key(kv[0][0]), kv[0][1]))
    return "".join(f"{aid}\t{line}\t{','.join(labels)}\n" for (aid, line), labels in rows)


def format_labels_1(predictions: Mapping[str, str]) -> str:
    """Subtask-1 prediction lines (``id<TAB>genre``)."""
    return "".join(f"{aid}\t{predictions[aid]}\n" for aid in sorted(predictions, key=_id_key))


def format_labels_2(predictions: Mapping[str, Sequence[str]]) -> str:
    """Subtask-2 prediction lines (``id<TAB>frame,frame``)."""
    return "".join(f"{aid}\t{','.join(predictions[aid])}\n"
                   for aid in sorted(predictions, key=_id_key))


def _id_key(aid: str) -> tuple[int, int | str]:
    return (0, int(aid)) if aid.isdigit() else (1, aid)


def detect_language(folder: Path) -> str | None:
    """The SemEval language code (``en``, ``fr``, ``ge``...) named by a folder or its parents."""
    codes = set(LANGUAGE_DIRS) | set(LANGUAGE_DIRS.values())
    reverse = {iso: code for code, iso in LANGUAGE_DIRS.items()}
    for part in reversed(Path(folder).resolve().parts):
        name = part.lower()
        if name in codes:
            return name if name in LANGUAGE_DIRS else reverse[name]
    return None
