"""The web app's pages and JSON API (FastAPI TestClient) over a store of the story corpus."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from unspin.errors import StoreError
from unspin.web.app import CSP, create_app
from unspin.web.render import safe_href, snippet_html
from web_corpus import HOSTILE_OUTLET, build_store

pytestmark = pytest.mark.slow  # the techniques model and the sentence encoder load


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), base_url="http://127.0.0.1")


def _story_with_three_outlets(client: TestClient) -> dict[str, Any]:
    stories = client.get("/api/stories", params={"min_size": 3}).json()
    return next(s for s in stories if len(s["outlets"]) >= 3 and set(s["languages"]) ==
                {"en", "fr"})


@pytest.mark.parametrize("url", ["http://a.example/x", "https://b.example/"])
def test_safe_href_keeps_web_links(url: str) -> None:
    assert safe_href(url) == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x",
                                 "//evil.example/", "/local", "java\nscript:x", "http:///x",
                                 None, 42, "vbscript:x"])
def test_safe_href_refuses_everything_else(url: object) -> None:
    assert safe_href(url) is None


def test_snippet_markup_is_escaped() -> None:
    html = snippet_html("a <b>\x02x<i>\x03 c", "\x02", "\x03")
    assert str(html) == "a &lt;b&gt;<mark>x&lt;i&gt;</mark> c"


def test_every_page_answers_with_the_csp(client: TestClient, db: Path) -> None:
    story = _story_with_three_outlets(client)
    article = client.get("/api/search", params={"q": "Erbil"}).json()["hits"][0]["id"]
    for url in ("/", "/?q=Erbil", "/stories", f"/stories/{story['id']}", "/outlets",
                f"/outlets/{quote(story['outlets'][0], safe='')}", "/map",
                f"/map?story={story['id']}", f"/articles/{article}", "/openapi.json",
                "/static/world.svg", "/static/app.js", "/assets/report.js"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        if response.headers["content-type"].startswith("text/html"):
            body = response.text
            # Scripts only from our own origin, and no inline handler from our templates.
            assert re.findall(r"<script(?![^>]*\bsrc=\"/)(?![^>]*application/json)", body) == []
            assert "cdn" not in body.lower() and "https://fonts" not in body


def test_unknown_host_is_refused(db: Path) -> None:
    other = TestClient(create_app(db), base_url="http://rebound.example")
    assert other.get("/").status_code == 400


def test_search_api_with_facets(client: TestClient) -> None:
    result = client.get("/api/search", params={"q": "Erbil"}).json()
    assert result["total"] >= 4
    assert any("[Erbil]" in h["snippet"] for h in result["hits"])
    outlets = {f["value"] for f in result["facets"]["outlet"]}
    assert {"Le Courrier du Matin", "The Daily Ledger"} <= outlets
    english = client.get("/api/search", params={"q": "Erbil", "language": "en"}).json()
    assert english["total"] < result["total"]
    assert {h["language"] for h in english["hits"]} == {"en"}
    dated = client.get("/api/search", params={"q": "Erbil", "date_from": "2026-01-14",
                                               "date_to": "2026-01-14"}).json()
    assert {h["published"] for h in dated["hits"]} == {"2026-01-14"}
    events = client.get("/api/search", params={"event_type": "Explosions/Remote violence"}).json()
    assert events["total"] >= 1 and all("rockets-erbil" in h["url"] for h in events["hits"])
    technique = result["facets"]["technique"][0]["value"]
    by_technique = client.get("/api/search", params={"q": "Erbil", "technique": technique})
    assert by_technique.json()["total"] == result["facets"]["technique"][0]["count"]
    assert client.get("/api/search", params={"q": '"unterminated'}).status_code == 400
    assert client.get("/api/search", params={"date_from": "yesterday"}).status_code == 400


def test_article_api_is_the_cli_json(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": "Erbil"}).json()["hits"][0]
    article = client.get(f"/api/articles/{hit['id']}").json()
    assert article["schema"] == 1 and article["id"] == hit["id"]
    assert "segments" in article["layers"]
    assert client.get("/api/articles/ffffffffffffffff").status_code == 404


def test_story_comparison_shows_differing_figures(client: TestClient) -> None:
    story = _story_with_three_outlets(client)
    compared = client.get(f"/api/stories/{story['id']}").json()
    assert len(compared["outlets"]) >= 3
    assert compared["disagreements"], "the corpus gives each outlet its own figures"
    page = client.get(f"/stories/{story['id']}").text
    assert 'class="differs"' in page
    for outlet in compared["outlets"]:
        assert outlet["outlet"].replace("'", "&#39;") in page
    assert client.get("/api/stories/999999").status_code == 404
    assert client.get("/stories/999999").status_code == 404


def test_outlet_profile_api_and_page(client: TestClient) -> None:
    outlets = client.get("/api/outlets").json()
    names = {o["outlet"] for o in outlets}
    assert {"Radio Nord Info", "L'Éclaireur", "Global Wire Today"} <= names
    profile = client.get("/api/outlets/" + quote("L'Éclaireur", safe="")).json()
    assert profile["totals"]["articles"] == next(o["articles"] for o in outlets
                                                  if o["outlet"] == "L'Éclaireur")
    assert len(profile["periods"]) >= 2
    weekly = client.get("/api/outlets/Radio%20Nord%20Info", params={"period": "week"}).json()
    assert all("-W" in p["period"] for p in weekly["periods"])
    page = client.get("/outlets/" + quote("L'Éclaireur", safe="")).text
    assert page.count('<svg class="plot"') == 3
    assert client.get("/api/outlets/Nobody").status_code == 404


def test_map_and_timeline(client: TestClient) -> None:
    points = client.get("/api/map").json()
    names = {p["name"] for p in points["places"]}
    assert {"Erbil International Airport", "Kharkiv"} & names
    assert points["events"] and points["events"][0]["event_type"] == "Explosions/Remote violence"
    days = client.get("/api/timeline").json()
    assert sum(d["articles"] for d in days) >= 93
    assert sum(d["events"] for d in days) >= 1
    page = client.get("/map").text
    assert 'class="place"' in page and 'class="event"' in page


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/articles/{article_id}", "/api/stories",
            "/api/stories/{story_id}", "/api/outlets", "/api/map"} <= set(paths)
    assert client.get("/docs").status_code == 404  # its page would load a CDN


def test_hostile_article_is_escaped(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "disgraceful"}).json()["hits"]
    assert len(hits) == 1
    page = client.get(f"/articles/{hits[0]['id']}").text
    for raw in ("<script>window", "<img src=x", "<svg onload", 'href="javascript:'):
        assert raw not in page
    assert "&lt;script&gt;" in page
    search = client.get("/", params={"q": "disgraceful"}).text
    assert "<img src=x" not in search and 'href="javascript:' not in search
    outlets = client.get("/outlets").text
    assert HOSTILE_OUTLET not in outlets and "&lt;img src=x onerror=" in outlets


def test_server_leaves_the_store_unchanged(client: TestClient, db: Path) -> None:
    import hashlib

    from unspin.store import Store

    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for url in ("/", "/?q=Erbil&technique=Loaded_Language", "/stories", "/outlets", "/map",
                "/api/stories/1", "/api/search?q=Kharkiv"):
        assert client.get(url).status_code == 200
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    with Store(db, read_only=True) as store, pytest.raises(Exception, match="readonly"):
        store.conn.execute("DELETE FROM stories")


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        create_app(tmp_path / "nope.db")


def test_timeline_is_a_calendar_and_bars_sit_side_by_side() -> None:
    from unspin.web.queries import calendar_series
    from unspin.web.render import bar_chart

    days = [{"day": "2026-03-01", "articles": 2, "events": 1},
            {"day": "2026-03-04", "articles": 1, "events": 0}, {"day": "n/a", "articles": 5,
                                                                "events": 0}]
    filled = calendar_series(days)
    assert [d["day"] for d in filled] == ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"]
    assert [d["articles"] for d in filled] == [2, 0, 0, 1]
    long = calendar_series([{"day": "2024-01-05", "articles": 1, "events": 0},
                            {"day": "2026-02-01", "articles": 3, "events": 2}])
    assert long[0]["day"] == "2024-01" and long[-1] == {"day": "2026-02", "articles": 3,
                                                        "events": 2}
    assert len(long) == 26
    svg = str(bar_chart(["2026-03-01"], {"articles": [2], "events": [1]}, "t", stacked=False))
    xs = [float(part.split('"')[0]) for part in svg.split('class="bar" x="')[1:]]
    assert len(xs) == 2 and xs[0] != xs[1]  # the events bar does not cover the articles bar


def test_chart_legends_wrap_inside_the_chart() -> None:
    import re

    from unspin.web.render import bar_chart, line_chart

    names = ["Attack on reputation", "Justification", "Simplification", "Distraction",
             "Call to action", "Manipulative wording"]
    for chart in (bar_chart(["2026-01", "2026-02"], {n: [1, 2] for n in names}, "t"),
                  line_chart(["2026-01", "2026-02"], {n: [0.1, 0.2] for n in names}, "t")):
        svg = str(chart)
        width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
        assert height > 160  # grown for the extra legend rows
        for x, name in re.findall(r'<text class="legend" x="(\d+)" y="\d+">([^<]+)<', svg):
            assert float(x) + 6.2 * len(name) <= width, name  # nothing cut on the right
        assert all(name in svg for name in names)
