"""Stories kept in the store, so that clustering is incremental across runs.

``update_stories(store)`` loads the stories active in the recent window, clusters only the
articles that have no story yet, and writes the touched stories and the new memberships in
one transaction. Readers (``unspin stories``, ``unspin compare``, the web app) use the
query functions below on any store, including one opened read-only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, NamedTuple

import numpy as np

from ..corpus.stories import Embedder, Story, StoryClusterer, cluster
from ..errors import StoreError
from ..model import Article
from .database import Store, _now

log = logging.getLogger(__name__)


class StoryRow(NamedTuple):
    """One stored story: the summary that ``unspin stories`` lists."""

    id: int
    title: str | None
    first_published: str | None
    last_published: str | None
    size: int
    outlets: list[str]
    languages: list[str]

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def _vector(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32).copy()


def _load_active(store: Store, since: str | None, clusterer: StoryClusterer) -> None:
    row = store.conn.execute("SELECT max(id) FROM stories").fetchone()
    clusterer.next_id = int(row[0] or 0) + 1
    sql = ("SELECT id, title, first_published, last_published, size, centroid, keys "
           "FROM stories")
    params: tuple[Any, ...] = ()
    if since is not None:
        sql += " WHERE last_published IS NULL OR last_published >= ?"
        params = (since,)
    for sid, title, first, last, size, centroid, keys in store.conn.execute(sql, params):
        clusterer.stories[sid] = Story(sid, title, first, last, size, _vector(centroid),
                                       json.loads(keys))


def _unassigned(store: Store) -> list[tuple[int, str | None]]:
    """(n, published) of the articles without a story, in publication order."""
    return [(int(n), published) for n, published in store.conn.execute(
        "SELECT a.n, a.published FROM articles a LEFT JOIN story_articles s"
        " ON s.article_id = a.id WHERE s.article_id IS NULL ORDER BY a.published, a.n")]


def _load(store: Store, numbers: list[int]) -> list[Article]:
    marks = ",".join(str(n) for n in numbers)  # integers read from the store
    rows = {n: (text, data) for n, text, data in store.conn.execute(
        f"SELECT n, text, json FROM articles WHERE n IN ({marks})")}
    return [store._article(*rows[n]) for n in numbers]


def update_stories(store: Store, embed: Embedder | None = None,
                   threshold: float | None = None, window_days: int | None = None,
                   on_progress: Callable[[int], None] | None = None,
                   chunk: int = 1000) -> tuple[int, int]:
    """Put every article without a story into one; return (articles placed, new stories).

    Articles are read, embedded and written ``chunk`` at a time (one transaction each), so
    memory stays bounded and an interrupted update keeps what it wrote.
    """
    if store.read_only:
        raise StoreError(f"{store.path}: opened read-only; stories are written by "
                         f"`unspin stories --update --db {store.path}`")
    pending = _unassigned(store)
    if not pending:
        return 0, 0
    if embed is None:
        from ..corpus.stories import default_embedder

        embed = default_embedder()
    clusterer = StoryClusterer()
    if threshold is not None:
        clusterer.threshold = threshold
    if window_days is not None:
        clusterer.window_days = window_days
    first_day = next((str(p)[:10] for _, p in pending if p), None)
    since = None
    if first_day:
        try:
            since = (date.fromisoformat(first_day)
                     - timedelta(days=clusterer.window_days)).isoformat()
        except ValueError:
            since = None
    _load_active(store, since, clusterer)
    before = clusterer.next_id
    placed = 0
    for start in range(0, len(pending), chunk):
        articles = _load(store, [n for n, _ in pending[start : start + chunk]])
        _, assignments = cluster(articles, embed, clusterer)
        _write(store, clusterer, assignments)
        clusterer.touched.clear()
        clusterer.retired.clear()
        placed += len(assignments)
        if on_progress is not None:
            on_progress(placed)
    return placed, clusterer.next_id - before


def _write(store: Store, clusterer: StoryClusterer, assignments: list[Any]) -> None:
    now = _now()
    with store._transaction():
        for sid in clusterer.touched:
            s = clusterer.story(sid)
            store.conn.execute(
                "INSERT INTO stories (id, title, first_published, last_published, size,"
                " centroid, keys, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET first_published=excluded.first_published,"
                " last_published=excluded.last_published, size=excluded.size,"
                " centroid=excluded.centroid, keys=excluded.keys, updated_at=excluded.updated_at",
                (s.id, s.title, s.first_published, s.last_published, s.size,
                 s.centroid.astype(np.float32).tobytes(), json.dumps(s.keys), now))
        store.conn.executemany(
            "INSERT OR REPLACE INTO story_articles (article_id, story_id, similarity, embedding)"
            " VALUES (?, ?, ?, ?)",
            [(a.article_id, a.story_id, a.similarity, a.embedding.astype(np.float32).tobytes())
             for a in assignments])


def stored_assignments(store: Store) -> dict[str, int]:
    """Article id → story id, for every article placed in a story."""
    return {r[0]: int(r[1]) for r in
            store.conn.execute("SELECT article_id, story_id FROM story_articles")}


def list_stories(store: Store, min_size: int = 1, limit: int | None = None,
                 outlet: str | None = None) -> list[StoryRow]:
    """Stories, the largest and most recent first, with their outlets and languages."""
    sql = ("SELECT s.id, s.title, s.first_published, s.last_published, s.size,"
           " json_group_array(DISTINCT a.outlet), json_group_array(DISTINCT a.language)"
           " FROM stories s JOIN story_articles sa ON sa.story_id = s.id"
           " JOIN articles a ON a.id = sa.article_id WHERE s.size >= ?")
    params: list[Any] = [min_size]
    if outlet is not None:
        sql += " AND s.id IN (SELECT sa2.story_id FROM story_articles sa2 JOIN articles a2" \
               " ON a2.id = sa2.article_id WHERE a2.outlet = ?)"
        params.append(outlet)
    sql += " GROUP BY s.id ORDER BY s.size DESC, s.last_published DESC, s.id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    rows = []
    for sid, title, first, last, size, outlets, languages in store.conn.execute(sql, params):
        rows.append(StoryRow(int(sid), title, first, last, int(size),
                             sorted(o for o in json.loads(outlets) if o),
                             sorted(lang for lang in json.loads(languages) if lang)))
    return rows


def story_articles(store: Store, story_id: int) -> list[Article]:
    """The articles of one story, in publication order (StoreError when it does not exist)."""
    rows = store.conn.execute(
        "SELECT a.text, a.json FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
        " WHERE sa.story_id = ? ORDER BY a.published, a.outlet, a.n", (int(story_id),)).fetchall()
    if not rows:
        raise StoreError(f"no story {story_id} in {store.path}; list them with "
                         f"`unspin stories --db {store.path}`")
    return [store._article(text, data) for text, data in rows]


def story_title(store: Store, story_id: int) -> str | None:
    """The title a story is listed under (its first article's), or None."""
    row = store.conn.execute("SELECT title FROM stories WHERE id = ?", (int(story_id),)).fetchone()
    return row[0] if row and row[0] else None


def story_of(store: Store, article_id: str) -> int | None:
    """The story id of an article, or None when it has none yet."""
    row = store.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                             (article_id,)).fetchone()
    return None if row is None else int(row[0])
