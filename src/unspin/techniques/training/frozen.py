"""The frozen French articles: never trained on, never used to select anything.

``data/techniques/frozen_fr_train.txt`` lists the SHA-256 of the bytes of 32 of the 158
French SemEval-2023 training article files (the 20 % with the smallest hashes). Training
of the techniques backends leaves them out; they are scored once, at the end, so that the
French figure reported beside the cross-validation one was never looked at while tuning.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

FROZEN_LIST = "frozen_fr_train.txt"


@lru_cache(maxsize=1)
def frozen_hashes() -> frozenset[str]:
    """SHA-256 hex digests of the frozen article files."""
    text = (resources.files("unspin.data") / "techniques" / FROZEN_LIST).read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def file_sha256(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def article_path(data: Path, language: str, split: str, article_id: str) -> Path:
    """The file of a SemEval article (subtask-3 folder)."""
    return Path(data) / language / f"{split}-articles-subtask-3" / f"article{article_id}.txt"


def is_frozen(data: Path, language: str, split: str, article_id: str) -> bool:
    """True when this article's file is on the frozen list."""
    path = article_path(data, language, split, article_id)
    return path.is_file() and file_sha256(path) in frozen_hashes()
