"""Outlets in the store: the list with counts, and one outlet's articles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from ..errors import StoreError
from ..model import Article
from .database import Store


class OutletRow(NamedTuple):
    """One outlet of the store: how many articles, in which languages, over which dates."""

    outlet: str
    articles: int
    languages: list[str]
    first_published: str | None
    last_published: str | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def list_outlets(store: Store) -> list[OutletRow]:
    """Every outlet with at least one article, the most prolific first."""
    import json

    rows = store.conn.execute(
        "SELECT outlet, count(*), json_group_array(DISTINCT language), min(published),"
        " max(published) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet"
        " ORDER BY count(*) DESC, outlet").fetchall()
    return [OutletRow(o, int(n), sorted(x for x in json.loads(langs) if x),
                      first[:10] if first else None, last[:10] if last else None)
            for o, n, langs, first, last in rows]


def outlet_articles(store: Store, outlet: str, batch_size: int = 200) -> Iterator[Article]:
    """The articles of ``outlet`` in publication order (StoreError for an unknown outlet)."""
    if store.conn.execute("SELECT 1 FROM articles WHERE outlet = ? LIMIT 1",
                          (outlet,)).fetchone() is None:
        raise StoreError(f"no article from outlet {outlet!r} in {store.path}; list the "
                         f"outlets with `unspin outlets --db {store.path}`")
    last = (-1, "")
    while True:
        rows = store.conn.execute(
            "SELECT n, coalesce(published, ''), text, json FROM articles WHERE outlet = ?"
            " AND (coalesce(published, ''), n) > (?, ?) ORDER BY coalesce(published, ''), n"
            " LIMIT ?", (outlet, last[1], last[0], batch_size)).fetchall()
        if not rows:
            return
        for n, published, text, data in rows:
            last = (n, published)
            yield store._article(text, data)
