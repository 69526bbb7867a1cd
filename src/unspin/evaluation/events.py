"""Evaluation of the events stage.

Run: ``unspin eval events [--data PATH]``.

- With ``--data`` (a TSV file or a folder of them, CASE-2021 Task 2's format
  ``id<TAB>snippet<TAB>sub_type``): weighted F1 of the sub-type over all classes and over
  the 25 ACLED ones (``unspin.events.snippets``).
- Without: (1) the realistic English snippets written for the project before training
  (``data/events/eval/realistic_en.tsv``, never tuned on); (2) the frozen held-out
  templates of the training corpus; (3) the French gold paragraphs
  (``tests/gold/events_fr.jsonl``) run through the whole pipeline and scored field by
  field.

Gold format (one paragraph per line, written for the project)::

    {"id": "fr-ev-01", "published": "2024-03-12", "text": "…",
     "events": [{"sub_event_type": "attack", "actor1": "<words>" | null,
                 "actor2": "<words>" | null, "place": "<place words>" | null,
                 "date": "2024-03-10" | null, "fatalities": 7 | null,
                 "certainty": "reported", "modality": "actual"}]}

Scoring: predicted and gold records are paired one to one, same sub-type first, then same
event family (violence, demonstrations, each other type alone), in text order.
Detection P/R/F1 counts the pairs; each field's accuracy is over the pairs: sub-type
equal; actor1 / actor2 / place right when the gold words and the prediction (its text or
canonical name) contain one another, accents and case aside, null matching null; date
right when the predicted value starts with the gold one; fatalities equal (null = null);
certainty and modality equal.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any

from ..events.corpus import generate
from ..events.records import family
from ..events.scoring import weighted_f1
from ..events.snippets import score_snippets
from ..events.taxonomy import acled_labels, labels
from ..model import Article
from .paths import gold

log = logging.getLogger(__name__)
FIELDS = ("sub_event_type", "actor1", "actor2", "place", "date", "fatalities", "certainty",
          "modality")
PIPELINE_STAGES = ["segments", "language", "parse", "entities", "places", "times", "figures",
                   "quotes", "sources", "hedges", "claims", "events"]


def default_gold_path() -> Path:
    """``tests/gold/events_fr.jsonl`` (see :mod:`unspin.evaluation.paths`)."""
    return gold("events_fr.jsonl")


def realistic_path() -> Path:
    return Path(str(resources.files("unspin").joinpath("data", "events", "eval",
                                                       "realistic_en.tsv")))


def _fold(value: Any) -> str:
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("’", "'").split())


def _words_match(gold: Any, candidates: list[str]) -> bool:
    if gold is None:
        return not any(candidates)
    g = _fold(gold)
    return any(c and (g in _fold(c) or _fold(c) in g) for c in candidates)


def predicted_fields(article: Article, ann: Any) -> dict[str, Any]:
    """The scored fields of one predicted record, resolved to words."""
    at = ann.attrs
    places = article.layer("places")

    def actor(value: Any) -> list[str]:
        return [str(value.get("text") or ""), str(value.get("name") or "")] \
            if isinstance(value, dict) else []

    place = at.get("place")
    place_words: list[str] = []
    if isinstance(place, int) and 0 <= place < len(places):
        p = places[place]
        place_words = [article.span_text(p), str(p.attrs.get("name") or "")]
    return {"sub_event_type": ann.label, "actor1": actor(at.get("actor1")),
            "actor2": actor(at.get("actor2")) + actor({"text": (at.get("target") or {})
                                                       .get("text")}),
            "place": place_words, "date": at.get("date_value") if at.get("date") is not None
            else None, "fatalities": at.get("fatalities_total"),
            "certainty": at.get("certainty"), "modality": at.get("modality")}


def _pair(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
          ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    used: set[int] = set()
    for rule in ("label", "family"):
        for g in gold:
            if any(g is p[0] for p in pairs):
                continue
            for j, p in enumerate(predicted):
                if j in used:
                    continue
                same = p["sub_event_type"] == g["sub_event_type"] if rule == "label" else \
                    family(p["sub_event_type"]) == family(g["sub_event_type"])
                if same:
                    pairs.append((g, p))
                    used.add(j)
                    break
    return pairs


def field_right(name: str, g: dict[str, Any], p: dict[str, Any]) -> bool:
    if name in ("actor1", "actor2", "place"):
        return _words_match(g.get(name), p[name])
    if name == "date":
        return (g.get("date") is None and p["date"] is None) or (
            g.get("date") is not None and str(p["date"] or "").startswith(str(g["date"])))
    return g.get(name) == p[name]


class _Tally:
    """Counts of one part of the gold."""

    def __init__(self) -> None:
        self.paragraphs = self.gold = self.predicted = self.paired = 0
        self.right = dict.fromkeys(FIELDS, 0)

    def scores(self) -> dict[str, Any]:
        precision = self.paired / self.predicted if self.predicted else 0.0
        recall = self.paired / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out: dict[str, Any] = {"paragraphs": self.paragraphs, "gold_events": self.gold,
                               "predicted_events": self.predicted, "paired": self.paired,
                               "detection_precision": round(precision, 4),
                               "detection_recall": round(recall, 4),
                               "detection_f1": round(f1, 4)}
        for name in FIELDS:
            out[f"{name}_accuracy"] = round(self.right[name] / self.paired, 4) \
                if self.paired else 0.0
        return out


def score_gold(path: Path) -> dict[str, Any]:
    """Detection and field accuracies of the pipeline on the French gold paragraphs, for
    the ``dev`` part, the frozen ``heldout`` part and all."""
    from ..pipeline import Pipeline

    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    pipeline = Pipeline.from_config(stages=PIPELINE_STAGES)
    parts = {"dev": _Tally(), "heldout": _Tally(), "all": _Tally()}
    for item in items:
        article = pipeline(Article.from_text(item["text"], published=item.get("published"),
                                             language="fr"))
        predicted = [predicted_fields(article, a) for a in article.layer("events")]
        gold = list(item.get("events") or [])
        pairs = _pair(gold, predicted)
        for tally in (parts[str(item.get("split") or "dev")], parts["all"]):
            tally.paragraphs += 1
            tally.gold += len(gold)
            tally.predicted += len(predicted)
            tally.paired += len(pairs)
            for g, p in pairs:
                for name in FIELDS:
                    tally.right[name] += field_right(name, g, p)
    return {name: tally.scores() for name, tally in parts.items()}


def score_heldout() -> dict[str, Any]:
    """The shipped model on the frozen held-out templates of the training corpus."""
    from ..events.classifier import load_event_classifier

    held = [e for e in generate() if e.heldout]
    scores = load_event_classifier().classify([e.text for e in held],
                                              [e.language for e in held])
    gold, pred = [e.label for e in held], [s.label for s in scores]
    return {"sentences": len(held),
            "weighted_f1_all": round(weighted_f1(gold, pred, labels()), 4),
            "weighted_f1_acled25": round(weighted_f1(gold, pred, acled_labels()), 4)}


def evaluate(data: Path | None = None) -> dict[str, Any]:
    """The figures of the module docstring."""
    if data is not None:
        return {"snippets": score_snippets(Path(data))}
    result: dict[str, Any] = {"realistic_en": score_snippets(realistic_path()),
                              "heldout_templates": score_heldout()}
    gold = default_gold_path()
    if gold.is_file():
        result["gold_fr"] = score_gold(gold)
    else:
        log.warning("%s not found: the French gold is not scored", gold)
    return result
