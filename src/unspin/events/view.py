"""Event records as flat rows for the reports and the exports.

The ``events`` layer stores indices into other layers; readers want names: this module
resolves them once (place name and coordinates, date value, actor names and categories,
counts) so the terminal report, the HTML report, the ACLED CSV and the GeoJSON agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Annotation, Article
from .taxonomy import kind_of


@dataclass(frozen=True)
class EventRow:
    """One event record, resolved for display (every text comes from the article or the
    taxonomy; renderers escape it)."""

    index: int
    start: int
    end: int
    sentence: str
    event_type: str
    sub_event_type: str
    acled_name: str
    definition: str
    actor1: str
    actor1_category: str
    actor1_id: str
    actor2: str
    actor2_category: str
    actor2_id: str
    target: str
    claimed_by: str
    place: str
    country: str
    admin1: str
    lat: float | None
    lon: float | None
    place_precision: str
    date: str
    date_precision: str
    fatalities: int | None
    injured: int | None
    arrested: int | None
    sources: str
    certainty: str
    perpetrator_certainty: str
    modality: str
    confidence: float | None


def _actor(value: Any) -> tuple[str, str, str]:
    if not isinstance(value, dict):
        return "", "", ""
    name = str(value.get("name") or value.get("text") or "")
    return name, str(value.get("category") or ""), str(value.get("id") or "")


def _index(layer: list[Annotation], value: Any) -> Annotation | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(layer):
        return layer[value]
    return None


def event_rows(article: Article) -> list[EventRow]:
    """The resolved rows of the article's ``events`` layer, in text order."""
    language = str(article.meta.get("language") or "fr")
    places, sources = article.layer("places"), article.layer("sources")
    rows = []
    for i, ann in enumerate(article.layer("events")):
        at = ann.attrs
        label = str(at.get("sub_event_type") or ann.label)
        try:
            kind = kind_of(label)
            acled_name, definition = kind.acled or kind.case, kind.definition(language)
        except StopIteration:
            acled_name, definition = label, ""
        a1, a1_cat, a1_id = _actor(at.get("actor1"))
        a2, a2_cat, a2_id = _actor(at.get("actor2"))
        claimed, _, _ = _actor(at.get("claimed_by"))
        target = at.get("target")
        place = _index(places, at.get("place"))
        pa = place.attrs if place else {}
        names = [str(s.attrs.get("source") or article.span_text(s))
                 for j in at.get("sources") or [] if (s := _index(sources, j)) is not None]
        rows.append(EventRow(
            index=i, start=ann.start, end=ann.end, sentence=article.span_text(ann),
            event_type=str(at.get("event_type") or ""), sub_event_type=label,
            acled_name=acled_name, definition=definition,
            actor1=a1, actor1_category=a1_cat, actor1_id=a1_id,
            actor2=a2, actor2_category=a2_cat, actor2_id=a2_id,
            target=str(target.get("text") or "") if isinstance(target, dict) else "",
            claimed_by=claimed,
            place=str(pa.get("name") or (article.span_text(place) if place else "")),
            country=str(pa.get("country") or ""), admin1=str(pa.get("admin1") or ""),
            lat=pa.get("lat") if isinstance(pa.get("lat"), (int, float)) else None,
            lon=pa.get("lon") if isinstance(pa.get("lon"), (int, float)) else None,
            place_precision=str(at.get("place_precision") or ""),
            date=str(at.get("date_value") or ""), date_precision=str(at.get("date_precision") or ""),
            fatalities=at.get("fatalities_total"), injured=at.get("injured_total"),
            arrested=at.get("arrested_total"), sources="; ".join(names),
            certainty=str(at.get("certainty") or ""),
            perpetrator_certainty=str(at.get("perpetrator_certainty") or ""),
            modality=str(at.get("modality") or ""),
            confidence=at.get("confidence") if isinstance(at.get("confidence"), float) else None,
        ))
    return rows
