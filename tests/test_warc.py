"""Web archives: a WARC written here with warcio, read back as articles."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsserver import article_page, make_story
from unspin.cli import app
from unspin.errors import InputError
from unspin.model import Article
from unspin.readers import read_paths
from unspin.store import Store

CAPTURED = "2024-03-12T09:41:07Z"


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str = "text/html",
              status: str = "200 OK", encoding: str | None = None) -> None:
    headers = [("Content-Type", content_type)]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=BytesIO(body),
                                       http_headers=http,
                                       warc_headers_dict={"WARC-Date": CAPTURED})
    writer.write_record(record)


def write_archive(path: Path, compress: bool) -> list[tuple[str, str]]:
    """An archive with two article pages (one gzip-encoded), a 404, an image, a request."""
    stories = [make_story(500), make_story(501, "en")]
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        _response(writer, "https://www.courrier-du-nord.example/a.html",
                  article_page(stories[0], "Le Courrier du Nord").encode("utf-8"))
        _response(writer, "https://radio.example/b.html",
                  gzip.compress(article_page(stories[1], "Radio Littoral").encode("utf-8")),
                  "text/html; charset=utf-8", encoding="gzip")
        _response(writer, "https://radio.example/gone.html", b"<p>Not found</p>",
                  status="404 Not Found")
        _response(writer, "https://radio.example/logo.png", b"\x89PNG\r\n", "image/png")
        request = writer.create_warc_record(
            "https://radio.example/b.html", "request", payload=BytesIO(b""),
            http_headers=StatusAndHeaders("GET /b.html HTTP/1.1", [("Host", "radio.example")],
                                          is_http_request=True))
        writer.write_record(request)
    return [("https://www.courrier-du-nord.example/a.html", stories[0].text),
            ("https://radio.example/b.html", stories[1].text)]


@pytest.mark.parametrize("name, compress", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_responses_of_a_warc_become_articles(tmp_path: Path, name: str,
                                                  compress: bool) -> None:
    path = tmp_path / name
    expected = write_archive(path, compress)
    items = list(read_paths([path]))
    assert all(isinstance(item, Article) for item in items), items
    articles = [item for item in items if isinstance(item, Article)]
    assert [(a.meta["url"], a.text) for a in articles] == expected
    assert all(a.meta["captured"] == CAPTURED for a in articles)
    assert articles[0].meta["outlet"] == "Le Courrier du Nord"
    assert articles[0].meta["input"]["format"] == "warc"


def test_bad_warc_files(tmp_path: Path) -> None:
    not_warc = tmp_path / "notes.warc"
    not_warc.write_text("this is not an archive\n")
    images = tmp_path / "images.warc.gz"
    with images.open("wb") as out:
        _response(WARCWriter(out, gzip=True), "https://radio.example/logo.png", b"\x89PNG",
                  "image/png")
    [error] = list(read_paths([not_warc]))
    assert isinstance(error, InputError) and "not a WARC file" in str(error)
    [error] = list(read_paths([images]))
    assert isinstance(error, InputError)
    assert str(error) == f"{images}: no archived HTML page with status 200 in this WARC file"


def test_ingest_a_warc_into_the_store(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_archive(path, True)
    db = tmp_path / "news.db"
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db), "--stages",
                                      "segments,language"])
    assert result.exit_code == 0, result.output
    with Store(db, create=False) as store:
        urls = sorted(a.meta["url"] for a in store.iter_articles())
    assert urls == ["https://radio.example/b.html", "https://www.courrier-du-nord.example/a.html"]
