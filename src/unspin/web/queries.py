"""Read-only queries of the web app: faceted search, places and events, timeline.

They run on the store's read-only connection and return plain JSON-able values (the API
returns them as they are; the pages render them). Facet filters use ``article_facets``
(techniques, event types; filled by triggers at ingest) and the indexed columns of
``articles`` (outlet, language, published), so that a search stays a few index lookups on
a large store.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import StoreError
from ..store.database import Store, checked_query, shown_query

# Snippet markers: control characters that article text never holds (readers drop them).
MARK_START, MARK_END = "\x02", "\x03"
FACET_SAMPLE = 500  # facet counts are taken over the best matches, not all of them


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
    """SQL conditions on ``articles a`` for the filters (facets through their index)."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, op, value in (("outlet", "=", filters.outlet),
                              ("language", "=", filters.language),
                              ("published", ">=", filters.date_from),
                              ("published", "<", filters.date_to + "~" if filters.date_to
                               else None)):  # '~' sorts after any time part of that day
        if value:
            clauses.append(f"a.{column} {op} ?")
            params.append(value)
    for kind, value in (("technique", filters.technique), ("event_type", filters.event_type)):
        if value:
            clauses.append(f"a.n IN (SELECT n FROM article_facets WHERE kind = '{kind}'"
                           " AND value = ?)")
            params.append(value)
    return clauses, params


def search(store: Store, filters: SearchFilters) -> dict[str, Any]:
    """Hits (best first, or newest first without words), their total and facet counts.

    The ranked list of matches is computed once, capped at ``FACET_SAMPLE``: the page of
    hits and the facet counts are taken from it (facets therefore describe the best 500
    matches), and snippets are made only for the page shown. When more than ``RANK_ALL``
    articles contain the words, only the ``FACET_SAMPLE`` most recently stored of them are
    ranked (bm25 over every match grows with the store; news readers want recent articles
    first anyway), and filters are tested on the ``SCAN_CAP`` newest matches only.
    ``total`` is exact without filters; with filters it counts the matches among those
    looked at, and ``total_capped`` says when it is therefore a lower bound.
    """
    filters = filters.checked()
    words = filters.q.strip()
    clauses, params = _where(filters)
    extra = "".join(f" AND {c}" for c in clauses)
    key = "a.n" if extra or not words else "articles_fts.rowid"
    if words:
        match = checked_query(filters.q)
        # Filters read the covering index (n, outlet, language, published), never the
        # article rows; without filters the FTS index alone answers.
        base = ("FROM articles_fts"
                + (" JOIN articles a INDEXED BY articles_n_outlet_language"
                   " ON a.n = articles_fts.rowid" if extra else "")
                + " WHERE articles_fts MATCH ?" + extra)
        base_params: list[Any] = [match, *params]
        order = " ORDER BY bm25(articles_fts, 4.0, 1.0)"
    else:
        base = "FROM articles a WHERE 1" + extra
        base_params = list(params)
        order = " ORDER BY a.published DESC, a.n DESC"
    try:
        matches = None
        window: int | None = None  # only matches with rowid >= window are looked at
        if words:
            matches = int(store.conn.execute(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                base_params[:1]).fetchone()[0])
        if matches is not None and matches > RANK_ALL:
            # Too many matches to rank them all (bm25 grows with the store): rank the newest
            # stored ones; the FTS index walks its rowids backwards without ranking or
            # reading articles. Filters are tested on the newest SCAN_CAP matches only.
            if extra:
                row = store.conn.execute(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
                    f" ORDER BY rowid DESC LIMIT 1 OFFSET {SCAN_CAP - 1}",
                    base_params[:1]).fetchone()
                window = int(row[0]) if row else None
                scope_sql = base + (" AND articles_fts.rowid >= ?" if window else "")
                scope_params = [*base_params, window] if window else base_params
                newest = store.conn.execute(
                    f"SELECT min(n) FROM (SELECT {key} AS n {scope_sql}"
                    f" ORDER BY articles_fts.rowid DESC LIMIT {FACET_SAMPLE})",
                    scope_params).fetchone()[0]
            else:
                newest = store.conn.execute(
                    "SELECT min(rowid) FROM (SELECT rowid FROM articles_fts WHERE articles_fts"
                    f" MATCH ? ORDER BY rowid DESC LIMIT {FACET_SAMPLE})",
                    base_params[:1]).fetchone()[0]
            ranked = [int(r[0]) for r in store.conn.execute(
                f"SELECT {key} {base} AND articles_fts.rowid >= ?{order} LIMIT {FACET_SAMPLE}",
                [*base_params, newest or 0])]
        else:
            ranked = [int(r[0]) for r in store.conn.execute(
                f"SELECT {key} {base}{order} LIMIT {FACET_SAMPLE}", base_params)]
        if filters.offset + filters.limit <= len(ranked) or len(ranked) < FACET_SAMPLE:
            page = ranked[filters.offset : filters.offset + filters.limit]
        else:  # beyond the ranked sample: ask the index for that page directly
            page = [int(r[0]) for r in store.conn.execute(
                f"SELECT {key} {base}{order} LIMIT ? OFFSET ?",
                [*base_params, filters.limit, filters.offset])]
        rows = _page_rows(store, page, words, base_params[:1])
        if matches is not None and not extra:
            total, capped = matches, False
        elif window is not None:
            total = int(store.conn.execute(
                f"SELECT count(*) {base} AND articles_fts.rowid >= ?",
                [*base_params, window]).fetchone()[0])
            capped = True
        elif len(ranked) < FACET_SAMPLE:
            total, capped = len(ranked), False
        elif not words:
            # Browsing with filters: counting would walk the whole table; say "1,000+".
            total, capped = len(ranked), True
        else:
            count = int(store.conn.execute(
                f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP + 1})",
                base_params).fetchone()[0])
            total, capped = min(count, COUNT_CAP), count > COUNT_CAP
        facets = _facets(store, ranked)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"search query {shown_query(filters.q)} is not valid full-text syntax ({exc}); "
                         f"put words with punctuation in double quotes") from None
    hits = [{"id": r[1], "title": r[2], "outlet": r[3], "published": r[4], "language": r[5],
             "url": r[6], "snippet": r[7]} for r in rows]
    return {"total": total, "total_capped": capped, "hits": hits, "facets": facets,
            "facets_over": len(ranked)}


COUNT_CAP = 10_000
RANK_ALL = 500  # above this many matches, only the newest are ranked
SCAN_CAP = 2_000  # with filters and more matches than this, only the newest are filtered


def _page_rows(store: Store, page: list[int], words: str, match: list[Any]) -> list[Any]:
    if not page:
        return []
    if words:
        # One lookup per hit: FTS5 answers "MATCH and rowid = ?" directly, where an IN list
        # would make it walk every match.
        sql = ("SELECT a.n, a.id, a.title, a.outlet, a.published, a.language, a.url,"
               f" snippet(articles_fts, -1, '{MARK_START}', '{MARK_END}', '…', 24)"
               " FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid"
               " WHERE articles_fts MATCH ? AND articles_fts.rowid = ?")
        found = [row for n in page for row in store.conn.execute(sql, [*match, n])]
    else:
        marks = ",".join(str(n) for n in page)  # integers read from the store
        found = store.conn.execute(
            "SELECT a.n, a.id, a.title, a.outlet, a.published, a.language, a.url,"
            f" substr(a.text, 1, 200) FROM articles a WHERE a.n IN ({marks})").fetchall()
    by_n = {row[0]: row for row in found}
    return [by_n[n] for n in page if n in by_n]


def _facets(store: Store, ranked: list[int]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"outlet": [], "language": [], "technique": [],
                                            "event_type": []}
    if not ranked:
        return out
    marks = ",".join(str(n) for n in ranked)  # integers read from the store
    # One pass over the covering index (n, outlet, language, published): no row is read.
    outlets: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for outlet, language in store.conn.execute(
            f"SELECT outlet, language FROM articles INDEXED BY articles_n_outlet_language"
            f" WHERE n IN ({marks})"):
        if outlet is not None:
            outlets[outlet] += 1
        if language is not None:
            languages[language] += 1
    out["outlet"] = [{"value": v, "count": c} for v, c in outlets.most_common(30)]
    out["language"] = [{"value": v, "count": c} for v, c in languages.most_common(30)]
    rows = store.conn.execute(
        f"SELECT kind, value, count(*) FROM article_facets INDEXED BY article_facets_n"
        f" WHERE n IN ({marks}) GROUP BY kind, value ORDER BY count(*) DESC").fetchall()
    for kind, value, count in rows:
        if len(out[kind]) < 30:
            out[kind].append({"value": value, "count": int(count)})
    return out


def facet_values(store: Store) -> dict[str, list[str]]:
    """Every value of every facet (for the search form's menus)."""
    return {
        "outlet": [r[0] for r in store.conn.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet"
            " LIMIT 500")],
        "language": [r[0] for r in store.conn.execute(
            "SELECT DISTINCT language FROM articles INDEXED BY articles_n_outlet_language"
            " WHERE language IS NOT NULL ORDER BY 1")],
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


def calendar_series(days: list[dict[str, Any]], max_days: int = 400) -> list[dict[str, Any]]:
    """``timeline`` rows on a true time axis: every day from the first to the last (the
    days without articles at zero), or every month when that span is longer than
    ``max_days``; rows without a valid ISO date are left out."""
    from datetime import date, timedelta

    counts: dict[str, list[int]] = {}
    for d in days:
        try:
            date.fromisoformat(str(d["day"]))
        except ValueError:
            continue
        counts[str(d["day"])] = [int(d["articles"]), int(d["events"])]
    if not counts:
        return []
    first, last = date.fromisoformat(min(counts)), date.fromisoformat(max(counts))
    if (last - first).days <= max_days:
        keys = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
        by_key = counts
    else:
        by_key = {}
        for day, (n, e) in counts.items():
            month = by_key.setdefault(day[:7], [0, 0])
            month[0] += n
            month[1] += e
        keys, y, m = [], first.year, first.month
        while (y, m) <= (last.year, last.month):
            keys.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return [{"day": k, "articles": by_key.get(k, [0, 0])[0], "events": by_key.get(k, [0, 0])[1]}
            for k in keys]
