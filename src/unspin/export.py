"""Export analysed articles as JSONL (the full schema) or CSV (one summary row per article).

The CSV columns are fixed (:data:`CSV_COLUMNS`, documented in ``docs/cli.md``) so that
files exported at different times line up: the main meta, then one count per layer, then
the who-says-so shares and the genre. The CSV is made for spreadsheets: it starts with a
UTF-8 byte-order mark (so Excel reads accents) and text cells that a spreadsheet would run
as a formula get a leading apostrophe (OWASP's advice against CSV injection).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from datetime import date
from typing import IO, Any

from .model import Article

META_COLUMNS = ("id", "title", "outlet", "published", "language", "section", "url",
                "input_path", "characters")
COUNTED_LAYERS = ("segments", "sentences", "entities", "places", "times", "figures", "quotes",
                  "sources", "hedges", "claims", "techniques")
SHARE_COLUMNS = ("unattributed_share", "anonymous_share", "hedged_share")
CSV_COLUMNS: tuple[str, ...] = (
    META_COLUMNS
    + ("paragraphs",)
    + tuple(f"n_{layer}" for layer in COUNTED_LAYERS)
    + SHARE_COLUMNS
    + ("genre", "genre_confidence", "frames")
)


def article_json_line(article: Article) -> str:
    """The article as one line of JSON (schema v1, with span texts)."""
    return json.dumps(article.to_dict(), ensure_ascii=False)


def write_jsonl(articles: Iterable[Article], out: IO[str]) -> int:
    """Write one JSON object per line; return how many articles were written."""
    n = 0
    for article in articles:
        out.write(article_json_line(article) + "\n")
        n += 1
    return n


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def article_row(article: Article) -> dict[str, Any]:
    """The CSV row of ``article``: main meta, counts per layer (empty when the stage did not
    run), who-says-so shares, genre and frames (``;``-separated)."""
    meta = article.meta
    where = _dict(meta.get("input"))
    row: dict[str, Any] = {
        "id": article.id, "title": meta.get("title"), "outlet": meta.get("outlet"),
        "published": meta.get("published"), "language": meta.get("language"),
        "section": meta.get("section"), "url": meta.get("url"),
        "input_path": where.get("path"), "characters": len(article.text),
    }
    if "segments" in article.layers:
        row["paragraphs"] = sum(1 for a in article.layer("segments") if a.label == "paragraph")
    for layer in COUNTED_LAYERS:
        if layer in article.layers:
            row[f"n_{layer}"] = len(article.layer(layer))
    shares = _dict(meta.get("who_says_so"))
    for key in SHARE_COLUMNS:
        row[key] = shares.get(key)
    genre = _dict(meta.get("genre"))
    row["genre"] = genre.get("label")
    row["genre_confidence"] = genre.get("confidence")
    frames = meta.get("frames")
    if isinstance(frames, list):
        row["frames"] = ";".join(str(f.get("label")) for f in frames if isinstance(f, dict))
    return {column: row.get(column) for column in CSV_COLUMNS}


# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet would evaluate.

    Titles and outlets come from scraped pages: "=HYPERLINK(…)" must stay text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(articles: Iterable[Article], out: IO[str]) -> int:
    """Write a byte-order mark, a header and one row per article; return the row count.

    Text cells are passed through :func:`defuse_formula`.
    """
    out.write("\ufeff")  # UTF-8 BOM: without it Excel reads the file as Windows-1252
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for article in articles:
        row = article_row(article)
        writer.writerow({key: defuse_formula(value) for key, value in row.items()})
        n += 1
    return n


# --- events: ACLED-style CSV and GeoJSON -------------------------------------------------

# ACLED's export columns, in ACLED's order, then ours (evidence offsets, certainty, …).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)
EXTRA_EVENT_COLUMNS: tuple[str, ...] = (
    "article_id", "evidence_start", "evidence_end", "certainty", "perpetrator_certainty",
    "modality", "confidence", "injured", "arrested", "claimed_by", "target",
    "unspin_sub_event_type", "article_title", "article_url",
)
EVENT_CSV_COLUMNS = ACLED_COLUMNS + EXTRA_EVENT_COLUMNS
ACLED_EVENT_TYPES = {
    "battles": ("Battles", "Political violence"),
    "explosions_remote_violence": ("Explosions/Remote violence", "Political violence"),
    "violence_against_civilians": ("Violence against civilians", "Political violence"),
    "protests": ("Protests", "Demonstrations"),
    "riots": ("Riots", "Demonstrations"),
    "strategic_developments": ("Strategic developments", "Strategic developments"),
}
# ACLED's interaction codes of actor categories.
INTER_CODES = {"state_forces": 1, "rebels": 2, "political_militia": 3, "identity_militia": 4,
               "rioters": 5, "protesters": 6, "civilians": 7, "external_other": 8}
GEO_PRECISION = {"local": 1, "region": 2, "country": 3}


def _country(alpha2: str) -> tuple[str, int | None]:
    import pycountry

    found = pycountry.countries.get(alpha_2=alpha2.upper()) if len(alpha2) == 2 else None
    if found is None:
        return "", None
    return str(found.name), int(found.numeric)


_DAY_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WEEK_RE = re.compile(r"(\d{4})-W(\d{2})")
_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
_YEAR_RE = re.compile(r"(\d{4})")


def acled_date(value: str, precision: str, published: str) -> tuple[str, int | None]:
    """ACLED's ``event_date`` (YYYY-MM-DD or "") and ``time_precision`` of a TIMEX value.

    ACLED codes 1 when the day is known, 2 for a week or a few days, 3 when only the month
    is: a week is dated by its Thursday (the middle of an ISO week), a month by its 15th.
    A year alone is too coarse for ACLED's scale, and a reference to "now" (PRESENT_REF)
    stands for the publication date, known to a few days; anything else stays empty
    rather than put a non-date in a date column.
    """
    value = value.strip()
    if precision == "published" or value == "PRESENT_REF":
        day = _DAY_RE.fullmatch(published[:10]) if published else None
        if precision == "published" and _DAY_RE.fullmatch(value[:10]):
            day = _DAY_RE.fullmatch(value[:10])
        return (day.group(0), 2) if day else ("", None)
    if m := _DAY_RE.match(value):
        try:
            return date.fromisoformat(m.group(0)).isoformat(), 1
        except ValueError:
            return "", None
    if m := _WEEK_RE.fullmatch(value):
        try:
            return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 4).isoformat(), 2
        except ValueError:
            return "", None
    if (m := _MONTH_RE.fullmatch(value)) and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{m.group(2)}-15", 3
    if _YEAR_RE.fullmatch(value):
        return "", 3
    return "", None


def event_records(article: Article) -> list[dict[str, Any]]:
    """One dict per event of ``article``, keyed by :data:`EVENT_CSV_COLUMNS`."""
    from .events.view import event_rows

    out = []
    for r in event_rows(article):
        acled_type, disorder = ACLED_EVENT_TYPES.get(r.event_type, (r.event_type, ""))
        inter1 = INTER_CODES.get(r.actor1_category)
        inter2 = INTER_CODES.get(r.actor2_category)
        interaction = "".join(str(c) for c in sorted(c for c in (inter1, inter2) if c)) or None
        country, iso = _country(r.country)
        event_date, time_precision = acled_date(r.date, r.date_precision,
                                                str(article.meta.get("published") or ""))
        row: dict[str, Any] = {
            "event_id_cnty": f"{article.id}-{r.index + 1}", "event_date": event_date,
            "year": int(r.date[:4]) if r.date[:4].isdigit() else
            (int(event_date[:4]) if event_date else None),
            "time_precision": time_precision,
            "disorder_type": disorder, "event_type": acled_type,
            "sub_event_type": r.acled_name, "actor1": r.actor1, "assoc_actor_1": "",
            "inter1": inter1, "actor2": r.actor2, "assoc_actor_2": "", "inter2": inter2,
            "interaction": interaction,
            "civilian_targeting": "Civilian targeting" if r.actor2_category == "civilians"
            else "",
            "iso": iso, "region": "", "country": country, "admin1": r.admin1, "admin2": "",
            "admin3": "", "location": r.place, "latitude": r.lat, "longitude": r.lon,
            "geo_precision": GEO_PRECISION.get(r.place_precision), "source": r.sources,
            "source_scale": "", "notes": r.sentence, "fatalities": r.fatalities, "tags": "",
            "timestamp": None,
            "article_id": article.id, "evidence_start": r.start, "evidence_end": r.end,
            "certainty": r.certainty, "perpetrator_certainty": r.perpetrator_certainty,
            "modality": r.modality, "confidence": r.confidence, "injured": r.injured,
            "arrested": r.arrested, "claimed_by": r.claimed_by, "target": r.target,
            "unspin_sub_event_type": r.sub_event_type,
            "article_title": article.meta.get("title"), "article_url": article.meta.get("url"),
        }
        out.append(row)
    return out


def write_acled_csv(articles: Iterable[Article], out: IO[str]) -> int:
    """One row per event, ACLED's columns then ours; return the number of events.

    Like :func:`write_csv`: a byte-order mark first, and formulas defused.
    """
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(EVENT_CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for article in articles:
        for row in event_records(article):
            writer.writerow({key: defuse_formula(value) for key, value in row.items()})
            n += 1
    return n


def write_geojson(articles: Iterable[Article], out: IO[str]) -> int:
    """A GeoJSON FeatureCollection: one Point per event that has a place with coordinates
    (``[longitude, latitude]``, RFC 7946), the CSV's columns as properties. Returns the
    number of features."""
    features = []
    for article in articles:
        for row in event_records(article):
            lat, lon = row["latitude"], row["longitude"]
            if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
                continue
            features.append({"type": "Feature",
                             "geometry": {"type": "Point", "coordinates": [lon, lat]},
                             "properties": row})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)
