"""Evaluation of "who says so": quotes, sources, hedges and claims against hand-made gold.

Run: ``unspin eval who_says_so`` or ``python -m unspin.evaluation.who_says_so [FILE]``.

Gold format (``tests/gold/who_says_so.jsonl``, one paragraph per line, written by hand for
this project — no third-party text)::

    {"id": "fr-02", "language": "fr", "split": "dev" | "heldout" | "blind", "text": "…",
     "quotes":  [{"text": "<quoted words>", "speaker": "<speaker text>" | null}],
     "sources": [{"text": "<source phrase>", "type": "named_person" | "named_organisation"
                  | "media" | "anonymous" | "document"}],
     "hedges":  [{"text": "<cue>", "label": "hedge" | "certainty"}],
     "claims":  [{"text": "<sentence>", "attribution": "named" | "anonymous" |
                  "unattributed", "hedged": bool, "certainty_marker": bool}]}

Spans are anchored by text, not offsets, so the file stays editable: ``text`` is found in
the paragraph (its ``occurrence``-th match, 0 by default), or inside the first match of
``within`` when given (``{"text": "il", "within": "a-t-il ajouté"}``). Gold quotes are
direct quotations only (1–3 word scare quotes are not listed); a pronoun speaker's gold
speaker is the named antecedent.

Scoring: predicted and gold spans are paired one-to-one by largest overlap (claims need an
overlap of at least half the longer span; hedges must also agree on the label). Precision,
recall and F1 per layer; then, over the paired items, speaker accuracy (quotes: equal, or
one contained in the other, case-insensitively; both null counts as right), type accuracy
(sources), and attribution / hedged / certainty accuracy (claims). Figures are given for
the ``dev`` part (used while writing the rules), the ``heldout`` part (written with the dev
part, checked only at the end), the ``blind`` part (written after the rules, never used to
tune them), the ``independent`` part (42 paragraphs in other styles — wire, state media,
press review, communiqués, rumours, interviews — by a second annotator: 30 written before
reading the rules, whose first-run figures are the honest estimate, and 12 written after a
first round of fixes, ids ``fr-l``/``en-l``) and per language.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..intervals import overlap_length
from ..model import Annotation, Article
from ..stage import Stage, make_stage
from .paths import gold

log = logging.getLogger(__name__)

LAYERS = ("quotes", "sources", "hedges", "claims")
Span = tuple[int, int]


def default_gold_path() -> Path:
    """``tests/gold/who_says_so.jsonl`` (see :mod:`unspin.evaluation.paths`)."""
    return gold("who_says_so.jsonl")


def default_frozen_path() -> Path:
    """The list of frozen paragraphs (SHA-256 of their text) beside the default gold."""
    return default_gold_path().with_name("who_says_so_frozen.txt")


def paragraph_hash(text: str) -> str:
    """The SHA-256 of a paragraph's text, which names it in the frozen list."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_frozen(path: Path) -> set[str]:
    """The hashes listed in ``path`` (``#`` comments and blank lines skipped); empty when
    the file is absent, so a gold file given on its own is scored without a frozen part."""
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip() and not line.startswith("#")}


def anchor(text: str, item: dict[str, Any]) -> Span:
    """The offsets of a gold item's ``text`` in the paragraph (see the module docstring)."""
    needle = str(item["text"])
    base = 0
    haystack = text
    if item.get("within"):
        base = text.find(item["within"])
        if base < 0:
            raise ValueError(f"gold anchor {item['within']!r} not found in {text[:60]!r}…")
        haystack = item["within"]
    pos = -1
    for _ in range(int(item.get("occurrence", 0)) + 1):
        pos = haystack.find(needle, pos + 1)
        if pos < 0:
            raise ValueError(f"gold span {needle!r} not found in {text[:60]!r}…; fix the "
                             "gold line (text must be an exact substring)")
    return base + pos, base + pos + len(needle)


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The gold paragraphs of ``path`` (JSON lines)."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: gold file not found; pass the path of "
                                "who_says_so.jsonl (it lives in the repository's tests/gold)")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def build_stages() -> tuple[Stage, list[Stage]]:
    """The parse stage (French model, blank English) and the stages under evaluation;
    ``entities`` is included when its module is importable."""
    parse = make_stage("parse", {"models": {"fr": "fr_core_news_md"}})
    stages: list[Stage] = []
    try:
        stages.append(make_stage("entities"))
    except Exception as exc:  # noqa: BLE001 - optional: evaluate without entity linking
        log.info("entities stage unavailable (%s); evaluating without it", exc)
    stages += [make_stage(name) for name in LAYERS]
    return parse, stages


def pair(gold: list[Span], pred: list[Span], accept: Callable[[int, int], bool]
         ) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), largest overlaps first."""
    candidates = sorted(((overlap_length(g, p), gi, pi) for gi, g in enumerate(gold)
                         for pi, p in enumerate(pred) if overlap_length(g, p) > 0 and accept(gi, pi)),
                        reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _same_speaker(gold: str | None, pred: str | None) -> bool:
    if not gold or not pred:
        return not gold and not pred
    g, p = gold.lower().strip(), pred.lower().strip()
    return g in p or p in g


class Tally:
    """Counts for one layer over a set of paragraphs."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.checks: dict[str, list[int]] = {}

    def check(self, name: str, ok: bool) -> None:
        self.checks.setdefault(name, [0, 0])
        self.checks[name][0] += int(ok)
        self.checks[name][1] += 1

    def result(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out: dict[str, Any] = {"precision": round(p, 3), "recall": round(r, 3),
                               "f1": round(f, 3), "tp": self.tp, "fp": self.fp, "fn": self.fn}
        for name, (ok, n) in self.checks.items():
            out[name] = round(ok / n, 3) if n else 0.0
        return out


def _acceptor(layer: str, gold_items: list[dict[str, Any]], gold: list[Span],
              preds: list[Annotation]) -> Callable[[int, int], bool]:
    """Which (gold, predicted) pairs may match: hedges must agree on the label, claims must
    overlap by at least half of the longer span."""
    if layer == "hedges":
        return lambda gi, pi: bool(gold_items[gi]["label"] == preds[pi].label)
    if layer == "claims":
        def claim_ok(gi: int, pi: int) -> bool:
            g, p = gold[gi], (preds[pi].start, preds[pi].end)
            return overlap_length(g, p) >= 0.5 * max(g[1] - g[0], p[1] - p[0])
        return claim_ok
    return lambda gi, pi: True


def score_paragraph(record: dict[str, Any], article: Article, tallies: dict[str, Tally]
                    ) -> None:
    """Add one paragraph's matches to ``tallies`` (one per layer)."""
    text = article.text
    predicted: dict[str, list[Annotation]] = {
        "quotes": [q for q in article.layer("quotes") if q.attrs.get("kind") == "direct"],
        "sources": article.layer("sources"),
        "hedges": article.layer("hedges"),
        "claims": article.layer("claims"),
    }
    for layer in LAYERS:
        gold_items = record.get(layer, [])
        gold = [anchor(text, g) for g in gold_items]
        preds = predicted[layer]
        spans = [(a.start, a.end) for a in preds]
        accept = _acceptor(layer, gold_items, gold, preds)
        pairs = pair(gold, spans, accept)
        t = tallies[layer]
        t.tp += len(pairs)
        t.fp += len(spans) - len(pairs)
        t.fn += len(gold) - len(pairs)
        for gi, pi in pairs:
            g, p = gold_items[gi], preds[pi]
            if layer == "quotes":
                t.check("speaker_accuracy", _same_speaker(g.get("speaker"),
                                                          p.attrs.get("speaker")))
            elif layer == "sources":
                t.check("type_accuracy", g["type"] == p.label)
            elif layer == "claims":
                t.check("attribution_accuracy", g["attribution"] == p.attrs["attribution"])
                t.check("hedged_accuracy", bool(g["hedged"]) == bool(p.attrs["hedged"]))
                t.check("certainty_accuracy",
                        bool(g["certainty_marker"]) == bool(p.attrs["certainty_marker"]))


def evaluate(data: Path | None = None) -> dict[str, Any]:
    """P/R/F1 per layer on the gold file ``data`` (default: the repository's gold), for the
    dev and held-out parts and per language."""
    gold_path = Path(data) if data is not None else default_gold_path()
    records = load_gold(gold_path)
    frozen = load_frozen(gold_path.with_name(default_frozen_path().name))
    parse, stages = build_stages()
    groups: dict[str, dict[str, Tally]] = {}

    def tallies_for(*names: str) -> Iterable[dict[str, Tally]]:
        for name in names:
            yield groups.setdefault(name, {layer: Tally() for layer in LAYERS})

    for record in records:
        article = Article.from_text(record["text"], language=record["language"])
        parse(article)
        for stage in stages:
            stage(article)
        groups_of_record = [record.get("split", "dev"), record["language"], "all"]
        if paragraph_hash(record["text"]) in frozen:
            groups_of_record.append("frozen")
        for tallies in tallies_for(*groups_of_record):
            score_paragraph(record, article, tallies)
    return {
        "paragraphs": len(records),
        **{name: {layer: t.result() for layer, t in tallies.items()}
           for name, tallies in groups.items()},
    }


def _format(results: dict[str, Any]) -> str:
    lines = [f"paragraphs: {results['paragraphs']}"]
    known = ("dev", "heldout", "blind", "independent", "independent2", "frozen")
    extra_splits = sorted(g for g in results if g not in (*known, "fr", "en", "all",
                                                         "paragraphs"))
    for group in (*known, *extra_splits, "fr", "en", "all"):
        if group not in results:
            continue
        lines.append(f"[{group}]")
        for layer, r in results[group].items():
            extra = ", ".join(f"{k}={v}" for k, v in r.items()
                              if k.endswith("_accuracy"))
            lines.append(f"  {layer:8s} P={r['precision']:.3f} R={r['recall']:.3f} "
                         f"F1={r['f1']:.3f} (tp={r['tp']} fp={r['fp']} fn={r['fn']}) {extra}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the figures; ``argv`` may hold a gold file path and ``--json``."""
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    paths = [a for a in args if not a.startswith("--")]
    results = evaluate(Path(paths[0]) if paths else None)
    print(json.dumps(results, indent=2) if as_json else _format(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
