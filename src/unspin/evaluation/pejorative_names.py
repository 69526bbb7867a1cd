"""Are registry names marked pejorative Name_Calling-Labeling in SemEval's gold?

The registry marks some names of states and peoples as pejorative ("les Ricains", "le
Grand Satan", "the Zionist entity"); the ``technique_spans`` stage turns each mention into a
Name_Calling-Labeling span and, in French and English, into a paragraph technique. This
evaluation finds those names with the registry matcher (no parse, no paragraph model) in
every gold-labelled paragraph of SemEval-2023 task 3 and reports, per set, how many
paragraphs hold one and how many of those have Name_Calling-Labeling in gold (the cue's
precision), and the same for the neutral nicknames ("l'Oncle Sam", "l'Hexagone"), which
should be lower.

Each set is split by the sha256 of the article file: the articles listed in
``tests/gold/semeval_pejorative_frozen.txt`` (half, by hash) were frozen before any name was
re-marked and are reported apart (row ``frozen``) from the rest (row ``tuning``).

Run: ``python -m unspin.evaluation.pejorative_names [--data DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from ..entities import load_registry
from ..techniques.paragraphs import paragraphs
from ..techniques.training.semeval_format import read_labels_3
from .paths import gold

log = logging.getLogger(__name__)

SETS: tuple[tuple[str, str, str], ...] = (("fr", "fr", "train"), ("en", "en", "train"),
                                          ("en", "en", "dev"))
TECHNIQUE = "Name_Calling-Labeling"
FROZEN_LIST = gold("semeval_pejorative_frozen.txt")


def frozen_hashes(path: Path = FROZEN_LIST) -> set[str]:
    """The sha256 of the frozen articles (empty when the list is absent)."""
    if not path.is_file():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def evaluate_set(data: Path, code: str, language: str, split: str,
                 frozen: set[str]) -> dict[str, dict[str, int]]:
    """``{part: {pejorative, pejorative_in_gold, neutral, neutral_in_gold}}`` of one set."""
    registry = load_registry()
    gold = read_labels_3(data / code / f"{split}-labels-subtask-3.txt")
    out: dict[str, dict[str, int]] = {}
    for path in sorted((data / code / f"{split}-articles-subtask-3").glob("article*.txt")):
        raw = path.read_bytes()
        part = "frozen" if hashlib.sha256(raw).hexdigest() in frozen else "tuning"
        counts = out.setdefault(part, {"pejorative": 0, "pejorative_in_gold": 0,
                                       "neutral": 0, "neutral_in_gold": 0})
        article_id = path.stem.removeprefix("article")
        for para in paragraphs(raw.decode("utf-8", errors="replace")):
            labels = gold.get((article_id, para.line))
            if labels is None:
                continue
            matches = registry.find(para.text, language)
            if any(m.register == "pejorative" for m in matches):
                counts["pejorative"] += 1
                counts["pejorative_in_gold"] += TECHNIQUE in labels
            if any(m.form == "nickname" and m.register is None for m in matches):
                counts["neutral"] += 1
                counts["neutral_in_gold"] += TECHNIQUE in labels
    return out


def main(argv: list[str] | None = None) -> None:
    from .loaded_language_promotion import default_data

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=default_data())
    args = parser.parse_args(argv)
    frozen = frozen_hashes()
    report: dict[str, Any] = {}
    for code, language, split in SETS:
        folder = args.data / code / f"{split}-articles-subtask-3"
        if not folder.is_dir():
            log.warning("%s absent: skipped", folder)
            continue
        report[f"{code}-{split}"] = evaluate_set(args.data, code, language, split, frozen)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
