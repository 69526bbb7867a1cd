"""Faceted search of the web app on a small hand-made store (no model loaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.errors import StoreError
from unspin.model import Annotation, Article
from unspin.store import Store
from unspin.web import queries


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    articles = []
    for i in range(30):
        text = f"Titre {i}\n\nLes roquettes tombent sur la ville numéro {i}.\n"
        art = Article.from_text(text, title=f"Titre {i}", outlet=f"O{i % 3}",
                                language="fr" if i % 2 else "en",
                                published=f"2026-01-{1 + i:02d}", url=f"https://x.example/{i}")
        if i % 5 == 0:
            art.layers["techniques"] = [Annotation(0, 5, "Doubt", {"kind": "paragraph"})]
        if i % 10 == 0:
            art.layers["places"] = [Annotation(0, 5, "city", {"name": "Erbil", "lat": 36.19,
                                                              "lon": 44.01})]
            art.layers["events"] = [Annotation(0, 5, "Protests", {"event_type": "Protests",
                                                                  "place": 0})]
        articles.append(art)
    db = tmp_path / "s.db"
    with Store(db) as writer:
        writer.add(articles)
    reader = Store(db, read_only=True)
    yield reader
    reader.close()


def test_words_and_facets(store: Store) -> None:
    result = queries.search(store, queries.SearchFilters(q="roquettes", limit=5))
    assert result["total"] == 30 and len(result["hits"]) == 5
    assert {f["value"] for f in result["facets"]["outlet"]} == {"O0", "O1", "O2"}
    assert result["facets"]["technique"] == [{"value": "Doubt", "count": 6}]
    assert result["facets"]["event_type"] == [{"value": "Protests", "count": 3}]
    assert "\x02roquettes\x03" in result["hits"][0]["snippet"]


@pytest.mark.parametrize("filters, expected", [
    ({"outlet": "O1"}, 10), ({"language": "fr"}, 15), ({"technique": "Doubt"}, 6),
    ({"event_type": "Protests"}, 3), ({"date_from": "2026-01-10", "date_to": "2026-01-12"}, 3),
    ({"technique": "Doubt", "language": "en"}, 3), ({"technique": "Doubt", "outlet": "O1"}, 2),
])
def test_filters(store: Store, filters: dict[str, str], expected: int) -> None:
    for q in ("roquettes", ""):
        result = queries.search(store, queries.SearchFilters(q=q, limit=50, **filters))
        assert result["total"] == expected == len(result["hits"]), (q, filters)


def test_many_matches_rank_the_newest(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "RANK_ALL", 4)
    monkeypatch.setattr(queries, "FACET_SAMPLE", 8)
    monkeypatch.setattr(queries, "SCAN_CAP", 12)
    result = queries.search(store, queries.SearchFilters(q="roquettes", limit=8))
    assert result["total"] == 30 and not result["total_capped"]
    numbers = sorted(int(h["title"].split()[1]) for h in result["hits"])
    assert numbers == list(range(22, 30))  # the 8 most recently stored
    filtered = queries.search(store, queries.SearchFilters(q="roquettes", outlet="O0", limit=8))
    assert filtered["total_capped"] and filtered["total"] == 4  # 18, 21, 24, 27 in the last 12
    assert sorted(int(h["title"].split()[1]) for h in filtered["hits"]) == [18, 21, 24, 27]


def test_bad_input_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="full-text syntax"):
        queries.search(store, queries.SearchFilters(q='"open'))
    with pytest.raises(StoreError, match="date_from"):
        queries.search(store, queries.SearchFilters(date_from="17/01/2026"))


def test_map_points_and_timeline(store: Store) -> None:
    points = queries.map_points(store)
    assert points["places"] == [{"name": "Erbil", "lat": 36.19, "lon": 44.01, "articles": 3}]
    assert points["events"][0]["event_type"] == "Protests" and points["events"][0]["count"] == 3
    days = queries.timeline(store)
    assert len(days) == 30 and sum(d["events"] for d in days) == 3


def test_serve_refuses_a_missing_store_and_a_bad_host(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from unspin.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no such store" in result.output
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db"), "--host", "a b"])
    assert result.exit_code == 2 and "not an IP address" in result.output
