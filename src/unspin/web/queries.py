"""Read-only queries of the web app: faceted search, places and events, timeline.

They run on the store's read-only connection and return plain JSON-able values (the API
returns them as they are; the pages render them). Facet filters use ``article_facets``
(techniques, event types; filled by triggers at ingest) and the indexed columns of
``articles`` (outlet, language, published), so that a search stays a few index lookups on
a large store.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import StoreError
from ..store.database import Store, fts_query

# Snippet markers: control characters that article text never holds (readers drop them).
MARK_START, MARK_END = "\x02", "\x03"
FACET_SAMPLE = 2000  # facet counts are taken over the best matches, not all of them


@dataclass(frozen=True)
class SearchFilters:
    """What the search form and ``/api/search`` accept."""

    q: str = ""
    outlet: str | None = None
    language: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    technique: str | None = None
    event_type: str | None = None
    limit: int = 20
    offset: int = 0

    def checked(self) -> SearchFilters:
        """The same filters with dates validated (StoreError names the bad one)."""
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise StoreError(f"{name} {value!r} is not a date; write YYYY-MM-DD") from None
        return self


def _where(filters: SearchFilters) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.outlet:
        clauses.append("a.outlet = ?")
        params.append(filters.outlet)
    if filters.language:
        clauses.append("a.language = ?")
        params.append(filters.language)
    if filters.date_from:
        clauses.append("a.published >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append("a.published < ?")
        params.append(filters.date_to + "~")  # '~' sorts after any time part of that day
    for kind, value in (("technique", filters.technique), ("event_type", filters.event_type)):
        if value:
            clauses.append(f"a.n IN (SELECT n FROM article_facets WHERE kind = '{kind}'"
                           " AND value = ?)")
            params.append(value)
    return clauses, params


def search(store: Store, filters: SearchFilters) -> dict[str, Any]:
    """Hits (best first, or newest first without words), their total and facet counts."""
    filters = filters.checked()
    clauses, params = _where(filters)
    if filters.q.strip():
        match = fts_query(filters.q)
        base = ("FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid"
                " WHERE articles_fts MATCH ?" + "".join(f" AND {c}" for c in clauses))
        base_params: list[Any] = [match, *params]
        select = (f"SELECT a.id, a.title, a.outlet, a.published, a.language, a.url,"
                  f" snippet(articles_fts, -1, '{MARK_START}', '{MARK_END}', '…', 24) {base}"
                  " ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ? OFFSET ?")
        sample = f"SELECT a.n {base} ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT {FACET_SAMPLE}"
    else:
        base = "FROM articles a" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        base_params = list(params)
        select = (f"SELECT a.id, a.title, a.outlet, a.published, a.language, a.url,"
                  f" substr(a.text, 1, 200) {base} ORDER BY a.published DESC, a.n DESC"
                  " LIMIT ? OFFSET ?")
        sample = f"SELECT a.n {base} ORDER BY a.published DESC, a.n DESC LIMIT {FACET_SAMPLE}"
    try:
        rows = store.conn.execute(select, [*base_params, filters.limit,
                                           filters.offset]).fetchall()
        total = int(store.conn.execute(f"SELECT count(*) {base}", base_params).fetchone()[0])
        facets = _facets(store, sample, base_params)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"search query {filters.q!r} is not valid full-text syntax ({exc}); "
                         f"put words with punctuation in double quotes") from None
    hits = [{"id": r[0], "title": r[1], "outlet": r[2], "published": r[3], "language": r[4],
             "url": r[5], "snippet": r[6]} for r in rows]
    return {"total": total, "hits": hits, "facets": facets, "facets_over": min(total,
                                                                                FACET_SAMPLE)}


def _facets(store: Store, sample: str, params: list[Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for name, column in (("outlet", "outlet"), ("language", "language")):
        rows = store.conn.execute(
            f"SELECT x.{column}, count(*) FROM articles x WHERE x.n IN ({sample})"
            f" AND x.{column} IS NOT NULL GROUP BY x.{column} ORDER BY count(*) DESC LIMIT 30",
            params).fetchall()
        out[name] = [{"value": v, "count": int(c)} for v, c in rows]
    for kind in ("technique", "event_type"):
        rows = store.conn.execute(
            f"SELECT value, count(*) FROM article_facets WHERE kind = '{kind}' AND n IN"
            f" ({sample}) GROUP BY value ORDER BY count(*) DESC LIMIT 30", params).fetchall()
        out[kind] = [{"value": v, "count": int(c)} for v, c in rows]
    return out


def facet_values(store: Store) -> dict[str, list[str]]:
    """Every value of every facet (for the search form's menus)."""
    return {
        "outlet": [r[0] for r in store.conn.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet"
            " LIMIT 500")],
        "language": [r[0] for r in store.conn.execute(
            "SELECT DISTINCT language FROM articles WHERE language IS NOT NULL ORDER BY 1")],
        "technique": [r[0] for r in store.conn.execute(
            "SELECT DISTINCT value FROM article_facets WHERE kind = 'technique' ORDER BY 1")],
        "event_type": [r[0] for r in store.conn.execute(
            "SELECT DISTINCT value FROM article_facets WHERE kind = 'event_type' ORDER BY 1")],
    }


def _scope(story: int | None, outlet: str | None, date_from: str | None,
           date_to: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if story is not None:
        clauses.append("a.id IN (SELECT article_id FROM story_articles WHERE story_id = ?)")
        params.append(int(story))
    if outlet:
        clauses.append("a.outlet = ?")
        params.append(outlet)
    if date_from:
        clauses.append("a.published >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("a.published < ?")
        params.append(date_to + "~")
    return (" AND ".join(clauses) or "1"), params


def map_points(store: Store, story: int | None = None, outlet: str | None = None,
               date_from: str | None = None, date_to: str | None = None,
               limit_articles: int = 5000) -> dict[str, list[dict[str, Any]]]:
    """Located places (with how many articles name them) and events, over the newest
    ``limit_articles`` articles of the scope."""
    where, params = _scope(story, outlet, date_from, date_to)
    scope = (f"SELECT a.n, a.json FROM articles a WHERE {where}"
             f" ORDER BY a.published DESC, a.n DESC LIMIT {int(limit_articles)}")
    places = store.conn.execute(
        "SELECT json_extract(j.value, '$.attrs.name') AS name,"
        " round(json_extract(j.value, '$.attrs.lat'), 3) AS lat,"
        " round(json_extract(j.value, '$.attrs.lon'), 3) AS lon,"
        " count(DISTINCT s.n) FROM (" + scope + ") s, json_each(s.json, '$.layers.places') j"
        " WHERE json_type(j.value, '$.attrs.lat') IN ('real', 'integer')"
        " AND json_type(j.value, '$.attrs.lon') IN ('real', 'integer')"
        " GROUP BY name, lat, lon ORDER BY 4 DESC LIMIT 500", params).fetchall()
    events = store.conn.execute(
        "SELECT json_extract(j.value, '$.attrs.event_type'),"
        " json_extract(j.value, '$.attrs.sub_event_type'),"
        " json_extract(s.json, '$.layers.places[' || json_extract(j.value, '$.attrs.place')"
        "   || '].attrs.name'),"
        " json_extract(s.json, '$.layers.places[' || json_extract(j.value, '$.attrs.place')"
        "   || '].attrs.lat'),"
        " json_extract(s.json, '$.layers.places[' || json_extract(j.value, '$.attrs.place')"
        "   || '].attrs.lon'), count(*)"
        " FROM (" + scope + ") s, json_each(s.json, '$.layers.events') j"
        " WHERE json_type(j.value, '$.attrs.place') = 'integer'"
        " GROUP BY 1, 2, 3, 4, 5 ORDER BY 6 DESC LIMIT 500", params).fetchall()
    return {
        "places": [{"name": n, "lat": lat, "lon": lon, "articles": int(c)}
                   for n, lat, lon, c in places],
        "events": [{"event_type": t, "sub_event_type": st, "place": n, "lat": lat, "lon": lon,
                    "count": int(c)} for t, st, n, lat, lon, c in events
                   if isinstance(lat, (int, float)) and isinstance(lon, (int, float))],
    }


def timeline(store: Store, story: int | None = None, outlet: str | None = None,
             date_from: str | None = None, date_to: str | None = None) -> list[dict[str, Any]]:
    """Articles (and events) per publication day in the scope, oldest first."""
    where, params = _scope(story, outlet, date_from, date_to)
    rows = store.conn.execute(
        "SELECT substr(a.published, 1, 10) AS day, count(*),"
        " sum(coalesce(json_array_length(a.json, '$.layers.events'), 0))"
        f" FROM articles a WHERE {where} AND a.published IS NOT NULL"
        " GROUP BY day ORDER BY day LIMIT 2000", params).fetchall()
    return [{"day": d, "articles": int(n), "events": int(e or 0)} for d, n, e in rows]
