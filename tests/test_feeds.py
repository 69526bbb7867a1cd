"""Feeds, OPML and sitemaps parsed from bytes (no network), and read through WebReader."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsserver import (
    NewsServer,
    article_page,
    atom_feed,
    json_feed,
    make_story,
    opml,
    rss_feed,
    sitemap,
)
from unspin.fetch.client import Fetcher, FetchSettings
from unspin.fetch.errors import FetchError
from unspin.fetch.feeds import looks_like_opml, parse_feed, parse_opml, parse_sitemap
from unspin.fetch.sources import WebReader
from unspin.model import Article

BASE = "https://www.courrier-du-nord.example"
STORIES = [("/articles/a.html", make_story(1)), ("/articles/b.html", make_story(2))]


@pytest.mark.parametrize("maker, content_type", [
    (rss_feed, "application/rss+xml"), (atom_feed, "application/atom+xml"),
    (json_feed, "application/feed+json"),
])
def test_the_three_feed_formats_give_the_same_items(maker: Any, content_type: str) -> None:
    feed = parse_feed(maker("Le Courrier du Nord", BASE, STORIES).encode("utf-8"),
                      BASE + "/feed", content_type)
    assert feed.title == "Le Courrier du Nord"
    assert [item.link for item in feed.items] == [BASE + path for path, _ in STORIES]
    assert [item.title for item in feed.items] == [story.title for _, story in STORIES]
    assert feed.items[0].published.startswith(STORIES[0][1].published.date().isoformat())


def test_relative_and_non_http_links_in_a_feed() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title>Relative</title><link>/2024/03/relative.html</link></item>
    <item><title>Script</title><link>javascript:alert(1)</link></item>
    <item><title>Mail</title><link>mailto:redaction@example.org</link></item>
    <item><title>Tracked</title>
      <link>/a.html?id=7&amp;utm_source=rss&amp;utm_medium=feed&amp;xtor=RSS-3#comments</link>
    </item>
    </channel></rss>"""
    feed = parse_feed(rss, BASE + "/rss.xml")
    assert [item.link for item in feed.items] == [BASE + "/2024/03/relative.html",
                                                  BASE + "/a.html?id=7"]


@pytest.mark.parametrize("data, reason", [
    (b"<html><body><p>Bienvenue</p></body></html>", "not a feed"),
    (b'{"title": "no version"}', "not a feed (JSON without a jsonfeed.org version)"),
    (b"{broken json", "not a feed (invalid JSON"),
])
def test_things_that_are_not_feeds(data: bytes, reason: str) -> None:
    with pytest.raises(FetchError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_feed(data, BASE + "/feed")


def test_opml_lists_feed_urls_once_each() -> None:
    data = opml([("Courrier", BASE + "/rss.xml"), ("Radio", "https://radio.example/atom.xml"),
                 ("Again", BASE + "/rss.xml")]).encode("utf-8")
    assert looks_like_opml(data)
    assert parse_opml(data, "feeds.opml") == [BASE + "/rss.xml", "https://radio.example/atom.xml"]
    with pytest.raises(FetchError, match="lists no feed"):
        parse_opml(b'<opml version="2.0"><body><outline text="x"/></body></opml>', "e.opml")


def test_xml_entity_bombs_are_refused() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
    <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
    <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
    <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
    <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
    <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
    <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
    <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
    <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
    ]><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url>
    </urlset>"""
    with pytest.raises(FetchError, match="not a valid sitemap"):
        parse_sitemap(bomb, "bomb.xml")


def test_sitemap_and_sitemap_index() -> None:
    pages, children = parse_sitemap(sitemap([BASE + "/a.html", BASE + "/b.html"]).encode(),
                                    BASE + "/sitemap.xml")
    assert pages == [BASE + "/a.html", BASE + "/b.html"] and children == []
    index = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
             b'sitemap/0.9"><sitemap><loc>/news-1.xml.gz</loc></sitemap></sitemapindex>')
    assert parse_sitemap(index, BASE + "/sitemap.xml") == ([], [BASE + "/news-1.xml.gz"])
    with pytest.raises(FetchError, match=r"not a sitemap \(root element <html>\)"):
        parse_sitemap(b"<html><body/></html>", "x")


# -- through the reader, from the local server ---------------------------------------------


@pytest.fixture
def server() -> Iterator[NewsServer]:
    with NewsServer() as srv:
        yield srv


def _reader() -> WebReader:
    return WebReader(Fetcher(FetchSettings(allow_private=True, delay=0.0, backoff=0.0,
                                           timeout=2.0)))


def test_json_feed_items_are_fetched_with_the_feed_metadata(server: NewsServer) -> None:
    stories = [make_story(20), make_story(21, "en")]
    items = [(f"/articles/{s.slug}.html", s) for s in stories]
    for path, story in items:
        page = article_page(story, "Radio Littoral").replace(
            '<meta property="article:published_time"', '<meta name="x"')
        server.add(path, page)
    server.add("/feed.json", json_feed("Radio Littoral", server.base, items),
               "application/feed+json")
    articles = list(_reader().read(feeds=[server.base + "/feed.json"]))
    assert all(isinstance(a, Article) for a in articles)
    assert [a.meta["url"] for a in articles if isinstance(a, Article)] == [
        server.base + p for p, _ in items]
    first = articles[0]
    assert isinstance(first, Article)
    assert first.meta["feed"] == server.base + "/feed.json"
    # The page has no date: the feed's date_published fills it.
    assert first.meta["published"] == stories[0].published.date().isoformat()


def test_sitemap_index_with_a_gzipped_child(server: NewsServer) -> None:
    story = make_story(30)
    server.add("/articles/s.html", article_page(story, "Le Courrier du Nord"))
    server.add("/news.xml.gz", gzip.compress(sitemap([server.base + "/articles/s.html"]).encode()),
               "application/gzip")
    server.add("/sitemap.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.'
               'org/schemas/sitemap/0.9"><sitemap><loc>/news.xml.gz</loc></sitemap>'
               "</sitemapindex>", "application/xml")
    articles = list(_reader().read(sitemaps=[server.base + "/sitemap.xml"]))
    assert len(articles) == 1 and isinstance(articles[0], Article)
    assert articles[0].text == story.text
    assert articles[0].meta["url"] == server.base + "/articles/s.html"


def test_bad_feeds_are_errors_and_the_others_go_on(server: NewsServer, tmp_path: Path) -> None:
    story = make_story(40)
    server.add("/articles/ok.html", article_page(story, "Le Courrier du Nord"))
    server.add("/rss.xml", rss_feed("Le Courrier du Nord", server.base,
                                    [("/articles/ok.html", story)]), "application/rss+xml")
    server.add("/broken-feed", "<html><body>Maintenance</body></html>")
    local_feed = tmp_path / "feed.xml"
    local_feed.write_text(rss_feed("Fichier", server.base, [("/articles/ok.html", story)]))
    results = list(_reader().read(feeds=[server.base + "/missing.xml", server.base +
                                         "/broken-feed", str(tmp_path / "nope.xml"),
                                         server.base + "/rss.xml", str(local_feed)]))
    errors = [r for r in results if isinstance(r, FetchError)]
    articles = [r for r in results if isinstance(r, Article)]
    assert [e.reason[:22] for e in errors] == [
        "HTTP 404 Not Found", "not a feed: no RSS, At", "no such file, and not "]
    assert str(errors[0]) == f"{server.base}/missing.xml: HTTP 404 Not Found"
    assert {e.kind for e in errors} == {"feed"}
    assert len(articles) == 1  # the same link in two feeds is fetched once
    assert server.hits["/articles/ok.html"] == 1


def test_feeds_are_requested_together_then_read_in_order(server: NewsServer) -> None:
    # Each feed answers only once the other one has been asked too: read one after the
    # other, the first would wait for the second until the barrier breaks (HTTP 500).
    import threading

    barrier = threading.Barrier(2, timeout=5)
    stories = [make_story(60), make_story(61)]
    for n, story in enumerate(stories):
        server.add(f"/articles/{n}.html", article_page(story, f"Journal {n}"))
        body = rss_feed(f"Journal {n}", server.base, [(f"/articles/{n}.html", story)]).encode()

        def answer(handler: Any, body: bytes = body) -> None:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                handler._send(500, {"Content-Type": "text/plain"}, b"alone")
                return
            handler._send(200, {"Content-Type": "application/rss+xml"}, body)

        server.handle(f"/feed{n}.xml", answer)
    reader = WebReader(Fetcher(FetchSettings(allow_private=True, delay=0.0, backoff=0.0,
                                             timeout=8.0, per_host=2, retries=0)))
    results = list(reader.read(feeds=[server.base + "/feed0.xml", server.base + "/feed1.xml"]))
    assert [r.meta["url"] for r in results if isinstance(r, Article)] == [
        server.base + "/articles/0.html", server.base + "/articles/1.html"]
    assert not [r for r in results if isinstance(r, FetchError)]
