"""Scoring the classifier on snippet files in CASE-2021 Task 2's format.

A file has one snippet per line: ``id<TAB>snippet<TAB>sub_type`` (a header line whose
third field is not a known label is skipped). Label names are CASE's or ACLED's
("Air/drone strike", "Organized Crime") mapped to ours; a line with an unknown label or a
wrong number of fields is reported and skipped, the rest is scored.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .classifier import load_event_classifier
from .scoring import weighted_f1
from .taxonomy import acled_labels, label_from_name, labels

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snippet:
    id: str
    text: str
    label: str


def read_snippets(path: Path, problems: list[str] | None = None) -> list[Snippet]:
    """The snippets of one TSV file; bad lines go to ``problems`` (``path:line: reason``)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read snippets ({exc})") from exc
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 3:
            if problems is not None:
                problems.append(f"{path}:{number}: expected id<TAB>snippet<TAB>sub_type")
            continue
        label = label_from_name(fields[-1].strip())
        if label is None:
            if number > 1 and problems is not None:  # line 1 may be a header
                problems.append(f"{path}:{number}: unknown sub-type {fields[-1].strip()!r}")
            continue
        out.append(Snippet(fields[0].strip(), "\t".join(fields[1:-1]).strip(), label))
    return out


def snippet_files(data: Path) -> list[Path]:
    if data.is_dir():
        return sorted(p for p in data.iterdir() if p.suffix in {".tsv", ".txt"})
    if data.is_file():
        return [data]
    raise InputError(str(data), "no such file or folder")


def score_snippets(data: Path, language: str = "en") -> dict[str, Any]:
    """Weighted F1 over all classes and over the 25 ACLED ones, with per-class counts."""
    problems: list[str] = []
    snippets = [s for f in snippet_files(data) for s in read_snippets(f, problems)]
    for problem in problems:
        log.warning("%s", problem)
    if not snippets:
        raise InputError(str(data), "no snippet with a known sub-type")
    classifier = load_event_classifier()
    scores = classifier.classify([s.text for s in snippets], [language] * len(snippets))
    gold = [s.label for s in snippets]
    pred = [s.label for s in scores]
    errors = Counter(f"{g} -> {p}" for g, p in zip(gold, pred) if g != p)
    return {
        "snippets": len(snippets),
        "skipped_lines": len(problems),
        "weighted_f1_all": round(weighted_f1(gold, pred, labels()), 4),
        "weighted_f1_acled25": round(weighted_f1(gold, pred, acled_labels()), 4),
        "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / len(gold), 4),
        "fallback_used": sum(s.fallback for s in scores),
        "top_confusions": dict(errors.most_common(8)),
    }
