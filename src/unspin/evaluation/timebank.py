"""Evaluate the `times` stage on FR-TimeBank (ISO-TimeML ``.tml`` files).

Each file's TEXT element becomes the plain text (tags removed, offsets computed in it),
its TIMEX3 tags the gold; the DCT is the anchor (``meta.published``) and its own TIMEX
(functionInDocument=CREATION_TIME) is not scored.

Scores (TempEval-3 style):

* extent strict: system and gold spans identical; extent relaxed: they overlap, each
  expression matched at most once (gold and system taken in text order, a gold expression
  is paired with the overlapping system expression that overlaps it most);
* type accuracy and value accuracy: over the relaxed-matched pairs;
* value precision = matched pairs with the same value / system expressions, value
  recall = the same count / gold expressions, value F1 their harmonic mean.

The files are split for honest measurement by the SHA-256 of their bytes: the hashes
listed in ``unspin/data/times/timebank_frozen.txt`` (17 of the 54 files, frozen before the
rules were tuned for issue 8) form the ``frozen`` part, never read while tuning: their
per-file errors are not listed. The others form the ``tuning`` part. ``evaluate``
reports both and ``all``.

Run: ``python -m unspin.evaluation.timebank /work/shared/data/fr-timebank``
"""

from __future__ import annotations

import hashlib
import logging
import sys
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..intervals import overlap_length
from ..times import find_timexes
from .paths import shared_data

log = logging.getLogger(__name__)

DEFAULT_DATA = shared_data("fr-timebank")


@dataclass
class GoldTimex:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None


@dataclass
class TimeBankDocument:
    """One TML file: plain text, creation date and gold TIMEX3s (without the DCT)."""

    name: str
    text: str
    dct: str | None
    timexes: list[GoldTimex] = field(default_factory=list)
    sha256: str = ""


def read_tml(path: Path) -> TimeBankDocument:
    """Parse one ISO-TimeML file into plain text with gold TIMEX3 offsets."""
    root = ElementTree.parse(path).getroot()
    dct_tag = root.find("DCT/TIMEX3")
    dct = dct_tag.get("value") if dct_tag is not None else None
    text_element = root.find("TEXT")
    if text_element is None:
        raise ValueError(f"{path} has no TEXT element; is it an ISO-TimeML file?")
    pieces: list[str] = []
    length = 0
    gold: list[GoldTimex] = []

    def walk(element: ElementTree.Element) -> None:
        nonlocal length
        start = length
        if element.text:
            pieces.append(element.text)
            length += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)
        if element.tag == "TIMEX3" and element.get("functionInDocument") != "CREATION_TIME":
            gold.append(GoldTimex(start, length, element.get("type", ""), element.get("value", ""),
                                  element.get("mod")))

    walk(text_element)
    gold.sort(key=lambda g: g.start)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return TimeBankDocument(path.stem, "".join(pieces), dct, gold, digest)


def frozen_hashes() -> frozenset[str]:
    """SHA-256 digests of the FR-TimeBank files frozen before tuning (the ``frozen`` part)."""
    listing = resources.files("unspin").joinpath("data/times/timebank_frozen.txt").read_text("utf-8")
    lines = (line.strip() for line in listing.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _overlap(a: Any, b: Any) -> int:
    return overlap_length((a.start, a.end), (b.start, b.end))


def match_relaxed(gold: list[Any], system: list[Any]) -> list[tuple[Any, Any]]:
    """One-to-one pairs of overlapping gold and system expressions (most overlap first)."""
    pairs = sorted(
        ((g, s) for g in gold for s in system if _overlap(g, s) > 0),
        key=lambda gs: (-(gs[0].value == gs[1].value), -_overlap(*gs)),
    )
    used_gold: set[int] = set()
    used_system: set[int] = set()
    matched = []
    for g, s in pairs:
        if id(g) in used_gold or id(s) in used_system:
            continue
        used_gold.add(id(g))
        used_system.add(id(s))
        matched.append((g, s))
    return matched


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self) -> dict[str, float | int]:
        def prf(correct: int) -> tuple[float, float, float]:
            p = correct / self.system if self.system else 0.0
            r = correct / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = prf(self.strict)
        rp, rr, rf = prf(self.relaxed)
        vp, vr, vf = prf(self.value_ok)
        return {
            "gold": self.gold, "system": self.system,
            "strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "type_accuracy": self.type_ok / self.relaxed if self.relaxed else 0.0,
            "value_accuracy": self.value_ok / self.relaxed if self.relaxed else 0.0,
            "value_p": vp, "value_r": vr, "value_f1": vf,
        }


def score_document(doc: TimeBankDocument, errors: list[str] | None = None, nlp: Any = None) -> Counts:
    """Run the recogniser on one document and count matches against its gold.

    ``nlp`` (a spaCy pipeline) gives the recogniser a parse, as the `parse` stage would.
    """
    system = find_timexes(doc.text, "fr", doc.dct, nlp(doc.text) if nlp is not None else None)
    counts = Counts(gold=len(doc.timexes), system=len(system))
    gold_spans = {(g.start, g.end) for g in doc.timexes}
    counts.strict = sum((s.start, s.end) in gold_spans for s in system)
    matched = match_relaxed(doc.timexes, system)
    counts.relaxed = len(matched)
    counts.type_ok = sum(g.type == s.type for g, s in matched)
    counts.value_ok = sum(g.value == s.value for g, s in matched)
    if errors is not None:
        matched_gold = {id(g) for g, _ in matched}
        matched_system = {id(s) for _, s in matched}
        for g, s in matched:
            if g.value != s.value:
                errors.append(f"{doc.name} VALUE gold {doc.text[g.start:g.end]!r} {g.value} | "
                              f"sys {doc.text[s.start:s.end]!r} {s.value} ({s.kind})")
        for g in doc.timexes:
            if id(g) not in matched_gold:
                errors.append(f"{doc.name} MISSED {doc.text[g.start:g.end]!r} {g.type} {g.value}")
        for s in system:
            if id(s) not in matched_system:
                context = doc.text[max(0, s.start - 30):s.end + 20].replace("\n", " ")
                errors.append(f"{doc.name} SPURIOUS {doc.text[s.start:s.end]!r} {s.type} {s.value} "
                              f"({s.kind}) …{context}…")
    return counts


def load_corpus(data: Path) -> list[TimeBankDocument]:
    """All ``.tml`` files of ``data`` sorted by name."""
    files = sorted(data.glob("*.tml"))
    if not files:
        raise FileNotFoundError(
            f"no .tml files in {data}; pass the folder of FR-TimeBank's ISO-TimeML files"
        )
    return [read_tml(p) for p in files]


def evaluate(data: Path | None = None, errors: list[str] | None = None,
             spacy_model: str | None = None) -> dict[str, Any]:
    """Scores on the tuning files, the frozen files (by hash) and all files.

    ``errors`` collects the per-expression errors of the tuning files only: the frozen
    files' errors are never shown, so that they stay unseen.

    With ``spacy_model`` (e.g. ``fr_core_news_md``) the texts are parsed first, so verb
    tenses come from the morphology instead of cue words.
    """
    documents = load_corpus(Path(data) if data else DEFAULT_DATA)
    nlp = None
    if spacy_model:
        from ..stages.parse import load_spacy

        nlp = load_spacy(spacy_model)
    frozen = frozen_hashes()
    parts = {"tuning": Counts(), "frozen": Counts(), "all": Counts()}
    files = {"tuning": 0, "frozen": 0}
    for doc in documents:
        part = "frozen" if doc.sha256 in frozen else "tuning"
        counts = score_document(doc, errors if part == "tuning" else None, nlp)
        parts[part].add(counts)
        parts["all"].add(counts)
        files[part] += 1
    result: dict[str, Any] = {name: counts.scores() for name, counts in parts.items()}
    result["documents"] = len(documents)
    result["frozen_documents"] = files["frozen"]
    result["spacy_model"] = spacy_model
    return result


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of the scores of each part."""
    rows = [("part", "gold", "sys", "strict F1", "relaxed P", "relaxed R", "relaxed F1", "type acc",
             "value acc", "value P", "value R", "value F1")]
    for part in ("tuning", "frozen", "all"):
        s = result[part]
        rows.append((part, str(s["gold"]), str(s["system"]), f"{s['strict_f1']:.3f}", f"{s['relaxed_p']:.3f}",
                     f"{s['relaxed_r']:.3f}", f"{s['relaxed_f1']:.3f}", f"{s['type_accuracy']:.3f}",
                     f"{s['value_accuracy']:.3f}", f"{s['value_p']:.3f}", f"{s['value_r']:.3f}",
                     f"{s['value_f1']:.3f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m unspin.evaluation.timebank [DIR] [--errors] [--parse]``.

    ``--errors`` lists every wrong value, missed and spurious expression; ``--parse`` runs
    spaCy's fr_core_news_md first (tenses from morphology).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    flags = {a for a in args if a.startswith("--")}
    unknown = flags - {"--errors", "--parse"}
    if unknown:
        print(f"unknown option(s) {', '.join(sorted(unknown))}; use --errors and/or --parse", file=sys.stderr)
        return 2
    args = [a for a in args if not a.startswith("--")]
    errors: list[str] | None = [] if "--errors" in flags else None
    model = "fr_core_news_md" if "--parse" in flags else None
    started = time.perf_counter()
    result = evaluate(Path(args[0]) if args else None, errors, model)
    elapsed_ms = 1000 * (time.perf_counter() - started) / max(1, result["documents"])
    parsed = f", parsed with {model}" if model else ""
    print(f"FR-TimeBank, {result['documents']} documents ({result['frozen_documents']} frozen by hash){parsed}; "
          f"{elapsed_ms:.1f} ms per document")
    print(format_table(result))
    if errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
