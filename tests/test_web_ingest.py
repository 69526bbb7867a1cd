"""`unspin ingest --feed/--sitemap/URL`, `analyze URL`, `failures`, `duplicates`, `watch`.

The issue's "Done when" scenario is test_two_feeds_with_near_copies_then_nothing_new: two
feeds of 50 articles each, 10 of them lightly edited copies across the two, served from
127.0.0.1; the store gets 100 articles and 10 near-duplicate links, and a second run
fetches no article page.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsserver import (
    NewsServer,
    Story,
    article_page,
    atom_feed,
    make_story,
    near_copy,
    opml,
    rss_feed,
    sitemap,
)
from unspin.cli import app
from unspin.fetch import safety
from unspin.store import Store

REPO = Path(__file__).resolve().parents[1]
FAST = ["--stages", "segments,language", "--delay", "0", "--retries", "0"]


@pytest.fixture
def server() -> Iterator[NewsServer]:
    with NewsServer() as srv:
        yield srv


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error: ")]


def serve_two_feeds(server: NewsServer) -> tuple[list[Story], list[Story]]:
    """Feed A (RSS, 50 French stories) and feed B (Atom: 10 near-copies of A's stories,
    20 French and 20 English stories of its own)."""
    courrier = [make_story(i) for i in range(50)]
    copies = [near_copy(courrier[i * 5], 900 + i) for i in range(10)]
    radio = copies + [make_story(2000 + i, "en" if i % 2 else "fr") for i in range(40)]
    a_items = [(f"/articles/courrier/{s.slug}.html", s) for s in courrier]
    b_items = [(f"/articles/radio/{s.slug}.html", s) for s in radio]
    for path, story in a_items:
        server.add(path, article_page(story, "Le Courrier du Nord"))
    for path, story in b_items:
        server.add(path, article_page(story, "Radio Littoral"))
    server.add("/rss.xml", rss_feed("Le Courrier du Nord", server.base, a_items),
               "application/rss+xml; charset=utf-8", etag='"courrier-1"')
    server.add("/atom.xml", atom_feed("Radio Littoral", server.base, b_items),
               "application/atom+xml", etag='"radio-1"')
    server.add("/robots.txt", "User-agent: *\nDisallow: /admin/\n", "text/plain")
    return courrier, radio


def test_two_feeds_with_near_copies_then_nothing_new(server: NewsServer, tmp_path: Path) -> None:
    courrier, radio = serve_two_feeds(server)
    db = tmp_path / "news.db"
    feeds = ["--feed", server.base + "/rss.xml", "--feed", server.base + "/atom.xml"]
    first = run("ingest", *feeds, "--db", str(db), "--allow-private", *FAST)
    assert first.exit_code == 0, first.output
    assert server.page_hits() == 100
    with Store(db, create=False) as store:
        assert store.count() == 100
        links = store.duplicate_links()
        by_url = {a.meta["url"]: a for a in store.iter_articles()}
    assert len(links) == 10
    # Each copy is linked to the story it copies, never to another one.
    expected = {by_url[f"{server.base}/articles/radio/{c.slug}.html"].id:
                by_url[f"{server.base}/articles/courrier/{courrier[i * 5].slug}.html"].id
                for i, c in enumerate(radio[:10])}
    assert {link.article_id: link.duplicate_of for link in links} == expected
    assert all(0.5 <= link.similarity < 1.0 for link in links)
    assert "near-duplicates linked: 10" in first.output
    copy = by_url[f"{server.base}/articles/radio/{radio[0].slug}.html"]
    assert copy.meta["outlet"] == "Radio Littoral"
    assert copy.meta["feed"] == server.base + "/atom.xml"

    second = run("ingest", *feeds, "--db", str(db), "--allow-private", *FAST)
    assert second.exit_code == 0, second.output
    assert server.page_hits() == 100  # no article page fetched again
    assert server.hits["/rss.xml"] == 2 and server.hits["/robots.txt"] == 2
    with Store(db, create=False) as store:
        assert store.count() == 100 and len(store.duplicate_links()) == 10

    # Without an ETag (a feed that changed), the links already stored are still skipped.
    server.routes["/rss.xml"].etag = '"courrier-2"'
    third = run("ingest", *feeds, "--db", str(db), "--allow-private", *FAST)
    assert third.exit_code == 0 and server.page_hits() == 100
    assert server.hits["/rss.xml"] == 3

    listed = run("duplicates", "--db", str(db))
    assert listed.exit_code == 0 and "10 copies of 10 stories" in listed.output
    shown = run("show", copy.id, "--db", str(db))
    assert shown.exit_code == 0
    assert "near-duplicates of" in shown.output and expected[copy.id] in shown.output


def test_redirect_to_loopback_is_refused_by_the_cli(server: NewsServer, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # news.example passes for a public site (but is served here); its page redirects to
    # 127.0.0.1, which is refused without --allow-private.
    real_resolve = safety.resolve

    def resolve(url: str, allow_private: bool, kind: str = "page") -> Any:
        if "//news.example" in url:
            local = real_resolve(url.replace("news.example", "127.0.0.1"), True, kind)
            return safety.Target(url, local.scheme, "news.example", local.port, local.address)
        return real_resolve(url, allow_private, kind)

    monkeypatch.setattr("unspin.fetch.client.resolve", resolve)
    server.add("/articles/real.html", article_page(make_story(77), "Le Courrier du Nord"))
    server.redirect("/short/x1", server.base + "/articles/real.html")
    url = f"http://news.example:{server.port}/short/x1"
    db = tmp_path / "news.db"
    result = run("ingest", url, "--db", str(db), *FAST)
    assert result.exit_code == 1
    assert error_lines(result.output) == [(
        f"error: {url}: redirected to {server.base}/articles/real.html, refused address: "
        f"127.0.0.1 is a loopback address; pass --allow-private to fetch from private "
        f"networks")]
    assert server.hits["/articles/real.html"] == 0
    direct = run("analyze", server.base + "/articles/real.html", *FAST[:2])
    assert direct.exit_code == 1
    assert "127.0.0.1 is a loopback address" in direct.output
    allowed = run("ingest", url, "--db", str(db), "--allow-private", *FAST)
    assert allowed.exit_code == 0, allowed.output
    with Store(db, create=False) as store:
        assert store.count() == 1
        article = next(store.iter_articles())
    assert article.meta["url"] == url
    assert article.meta["final_url"] == server.base + "/articles/real.html"


def test_bad_sources_get_one_line_each_and_the_run_goes_on(server: NewsServer,
                                                           tmp_path: Path) -> None:
    good = make_story(60)
    server.add("/articles/good.html", article_page(good, "Le Courrier du Nord"))
    server.add("/articles/missing.html", "gone", status=404)
    server.add("/articles/error.html", "boom", status=500)
    server.add("/files/report.pdf", b"%PDF-1.4", "application/pdf")
    server.add("/articles/huge.html", b"<p>" + b"x" * 200_000)
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    server.add("/private/memo.html", article_page(make_story(61), "Le Courrier du Nord"))
    urls = [server.base + p for p in ("/articles/missing.html", "/articles/error.html",
                                      "/files/report.pdf", "/articles/huge.html",
                                      "/private/memo.html", "/articles/good.html")]
    db = tmp_path / "news.db"
    result = run("ingest", *urls, "--db", str(db), "--allow-private", "--max-bytes", "100000",
                 *FAST)
    assert result.exit_code == 1
    reasons = {line.split(": ", 2)[1]: line.split(": ", 2)[2]
               for line in error_lines(result.output)}
    assert reasons == {
        urls[0]: "HTTP 404 Not Found",
        urls[1]: "HTTP 500 Internal Server Error (after 1 attempts)",
        urls[2]: "not HTML (Content-Type application/pdf)",
        urls[3]: "too large: 200,003 bytes, over the 100,000-byte limit (--max-bytes)",
        urls[4]: "disallowed by robots.txt",
    }
    with Store(db, create=False) as store:
        assert store.count() == 1
        records = {r.input: r for r in store.failure_records()}
    assert set(records) == set(urls[:5])
    assert {r.kind for r in records.values()} == {"page"}
    assert all(r.url == r.input and r.attempts == 1 for r in records.values())

    listed = run("failures", "--db", str(db))
    assert listed.exit_code == 0
    assert "5 failures" in listed.output and "HTTP 404" in listed.output

    # The server is fixed: the 404 page now exists; --retry stores it and forgets it.
    fixed = make_story(62)
    server.add("/articles/missing.html", article_page(fixed, "Le Courrier du Nord"))
    retried = run("failures", "--db", str(db), "--retry", "--allow-private",
                  "--max-bytes", "100000", *FAST)
    assert retried.exit_code == 1  # four still fail
    assert "1 articles stored, 4 still failing" in retried.output
    with Store(db, create=False) as store:
        assert store.count() == 2
        records = {r.input: r for r in store.failure_records()}
    assert urls[0] not in records
    assert records[urls[1]].attempts == 2


def test_a_failed_feed_is_recorded_and_retried(server: NewsServer, tmp_path: Path) -> None:
    story = make_story(63)
    db = tmp_path / "news.db"
    server.add("/rss.xml", "maintenance", "text/plain", status=503)
    result = run("ingest", "--feed", server.base + "/rss.xml", "--db", str(db),
                 "--allow-private", *FAST)
    assert result.exit_code == 1
    with Store(db, create=False) as store:
        [record] = store.failure_records()
    assert record.kind == "feed" and record.url == server.base + "/rss.xml"
    server.add("/articles/s.html", article_page(story, "Le Courrier du Nord"))
    server.add("/rss.xml", rss_feed("Le Courrier du Nord", server.base,
                                    [("/articles/s.html", story)]), "application/rss+xml")
    retried = run("failures", "--db", str(db), "--retry", "--allow-private", *FAST)
    assert retried.exit_code == 0, retried.output
    with Store(db, create=False) as store:
        assert store.count() == 1 and store.failure_records() == []


def test_sitemap_and_opml_ingest(server: NewsServer, tmp_path: Path) -> None:
    courrier, _ = serve_two_feeds(server)
    server.add("/sitemap.xml", sitemap([f"{server.base}/articles/courrier/{s.slug}.html"
                                        for s in courrier[:5]]), "application/xml")
    db = tmp_path / "news.db"
    result = run("ingest", "--sitemap", server.base + "/sitemap.xml", "--db", str(db),
                 "--allow-private", *FAST)
    assert result.exit_code == 0, result.output
    assert server.page_hits() == 5
    feeds = tmp_path / "feeds.opml"
    feeds.write_text(opml([("Courrier", server.base + "/rss.xml"),
                           ("Radio", server.base + "/atom.xml")]), encoding="utf-8")
    result = run("ingest", "--feed", str(feeds), "--db", str(db), "--allow-private", *FAST)
    assert result.exit_code == 0, result.output
    assert server.page_hits() == 100  # the 5 pages of the sitemap were not fetched again
    with Store(db, create=False) as store:
        assert store.count() == 100


def test_analyze_url_gives_valid_article_json(server: NewsServer, schema_errors: Any) -> None:
    story = make_story(64)
    server.add("/articles/a.html", article_page(story, "Le Courrier du Nord"))
    server.redirect("/a", "/articles/a.html")
    result = run("analyze", server.base + "/a", "--allow-private",
                 "--format", "json", "--stages", "segments,language")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert schema_errors(data) == []
    assert data["text"] == story.text
    assert data["meta"]["url"] == server.base + "/a"
    assert data["meta"]["final_url"] == server.base + "/articles/a.html"
    assert data["meta"]["outlet"] == "Le Courrier du Nord"


def test_ingest_needs_something_to_ingest(tmp_path: Path) -> None:
    result = run("ingest", "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert "nothing to ingest" in result.output


# -- watch -------------------------------------------------------------------------------------


def _read_lines(stream: Any, lines: list[str]) -> None:
    for line in stream:  # appended one by one: the test reads them as they come
        lines.append(line)  # noqa: PERF402


def _wait_for(lines: list[str], text: str, seconds: float = 60.0, after: int = 0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for line in list(lines)[after:]:
            if text in line:
                return line
        time.sleep(0.05)
    raise AssertionError(f"no line with {text!r} in {lines}")


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_watch_polls_until_a_signal_then_stops_cleanly(server: NewsServer, tmp_path: Path,
                                                        stop_signal: int) -> None:
    stories = [make_story(300 + i) for i in range(6)]
    items = [(f"/articles/w/{s.slug}.html", s) for s in stories]
    for path, story in items:
        server.add(path, article_page(story, "Le Courrier du Nord"))
    server.add("/rss.xml", rss_feed("Le Courrier du Nord", server.base, items[:5]),
               "application/rss+xml", etag='"v1"')
    feeds = tmp_path / "feeds.opml"
    feeds.write_text(opml([("Courrier", server.base + "/rss.xml")]), encoding="utf-8")
    db = tmp_path / "news.db"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    process = subprocess.Popen(
        [sys.executable, "-m", "unspin.cli", "watch", "--feeds", str(feeds), "--db", str(db),
         "--every", "0.5s", "--allow-private", *FAST],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: list[str] = []
    reader = threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True)
    reader.start()
    try:
        first = _wait_for(lines, "round 1:")
        assert "1 feeds (0 not modified), 5 new articles" in first
        second = _wait_for(lines, "round 2:")
        assert "1 feeds (1 not modified), 0 new articles" in second
        # A new item appears in the feed: the next round fetches only that page.
        server.add("/rss.xml", rss_feed("Le Courrier du Nord", server.base, items),
                   "application/rss+xml", etag='"v2"')
        new = _wait_for(lines, ", 1 new articles", after=len(lines))
        assert "5 links already stored" in new
        process.send_signal(stop_signal)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    stderr = process.stderr.read() if process.stderr else ""
    assert code == 0, stderr
    assert "stopped after" in stderr
    assert server.page_hits() == 6
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 6


def test_watch_interval_syntax() -> None:
    from unspin.cli_web import parse_interval

    assert parse_interval("15m") == 900 and parse_interval("90s") == 90
    assert parse_interval("1h") == 3600 and parse_interval("2h30m") == 9000
    assert parse_interval("45") == 45
    for bad in ("soon", "15x", "0s", "m15"):
        with pytest.raises(Exception, match="interval"):
            parse_interval(bad)


def test_ingest_and_watch_can_place_new_articles_in_stories(
        server: NewsServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    import unspin.corpus.stories as stories_module
    from unspin.store.stories import list_stories

    # one direction per story number: no story joins another, whatever the encoder thinks
    monkeypatch.setattr(stories_module, "default_embedder", lambda: lambda texts: np.eye(
        64, dtype=np.float32)[[sum(map(ord, t)) % 64 for t in texts]])
    stories = [make_story(400 + i) for i in range(4)]
    items = [(f"/articles/s/{s.slug}.html", s) for s in stories]
    for path, story in items:
        server.add(path, article_page(story, "Le Courrier du Nord"))
    server.add("/rss.xml", rss_feed("Le Courrier du Nord", server.base, items[:3]),
               "application/rss+xml")
    db = tmp_path / "news.db"
    result = run("ingest", "--feed", server.base + "/rss.xml", "--db", str(db),
                 "--allow-private", "--stories", *FAST)
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("3 articles placed in stories (3 new stories)")
    with Store(db, read_only=True) as store:
        assert sum(s.size for s in list_stories(store)) == 3
    # a new item: watch --stories places it in the round that stores it, and only then
    server.add("/rss.xml", rss_feed("Le Courrier du Nord", server.base, items),
               "application/rss+xml")
    result = run("watch", server.base + "/rss.xml", "--db", str(db), "--rounds", "2",
                 "--every", "0.1s", "--allow-private", "--stories", *FAST)
    assert result.exit_code == 0, result.output
    rounds = [line for line in result.stdout.splitlines() if " round " in line]
    assert "1 new articles" in rounds[0]
    assert rounds[0].endswith(", 1 article placed in stories (1 new story)")
    assert "0 new articles" in rounds[1] and "placed in stories" not in rounds[1]
    with Store(db, read_only=True) as store:
        assert sum(s.size for s in list_stories(store)) == 4
