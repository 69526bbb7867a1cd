"""Fuzzing the web inputs: feeds, OPML and sitemaps as parsed from bytes, and WARC files.

Invariant: a clean FetchError (one line, naming the URL) or a parsed result, never another
exception; every link a feed yields is http(s).
"""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import pytest

from unspin.errors import InputError
from unspin.fetch.errors import FetchError
from unspin.fetch.feeds import parse_feed, parse_opml, parse_sitemap
from unspin.model import Article
from unspin.readers.warc import read_warc

from .hostile import hostile_feed, hostile_inputs
from .invariants import time_limit

SAMPLE = int(os.environ.get("UNSPIN_FUZZ_INPUTS", "400"))
URL = "http://feeds.example.org/fuzz"


def test_generated_feeds_opml_and_sitemaps_parse_or_fail_cleanly() -> None:
    rng = random.Random(3)
    for _ in range(SAMPLE):
        data = hostile_feed(rng)
        for parse in (parse_feed, parse_opml, parse_sitemap):
            try:
                with time_limit(30):
                    result = parse(data, URL)
            except FetchError as exc:
                assert str(exc).startswith(URL) and "\n" not in str(exc)
                continue
            if parse is parse_feed:
                for item in result.items:  # type: ignore[union-attr]
                    assert item.link.startswith(("http://", "https://")), item.link


def test_generated_warc_files_give_articles_or_one_line_errors(tmp_path: Path) -> None:
    warcio = pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(4)
    for n, item in enumerate(hostile_inputs(SAMPLE // 8, seed=9, kinds=("html", "text"))):
        path = tmp_path / f"fuzz{n}.warc.gz"
        with path.open("wb") as out:
            writer = WARCWriter(out, gzip=True)
            for _ in range(rng.randint(1, 3)):
                headers = StatusAndHeaders(rng.choice(["200 OK", "404 Not Found", "200"]), [
                    ("Content-Type", rng.choice(["text/html; charset=utf-8", "text/html",
                                                 "application/pdf", "text/html; charset=x"]))],
                    protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    rng.choice(["http://example.org/a", "javascript:x", ""]), "response",
                    payload=io.BytesIO(item.data), http_headers=headers)
                writer.write_record(record)
        if rng.random() < 0.3:  # a truncated or corrupted archive
            data = bytearray(path.read_bytes())
            del data[rng.randrange(len(data)):]
            path.write_bytes(bytes(data))
        with time_limit(30):
            results = list(read_warc(path, 5_000_000))
        for result in results:
            assert isinstance(result, (Article, InputError))
            if isinstance(result, InputError):
                assert "\n" not in str(result).strip()
    assert warcio


@pytest.mark.parametrize("link", ["http://[::1", "http://[!::1]/", "http://[zz]/"])
def test_malformed_links_found_by_fuzzing_are_skipped(link: str) -> None:
    sitemap = f"<urlset><url><loc>{link}</loc></url></urlset>".encode()
    assert parse_sitemap(sitemap, URL) == ([], [])
    opml = f"<opml><body><outline xmlUrl='{link}'/><outline xmlUrl='http://ok.org/f'/></body></opml>"
    assert parse_opml(opml.encode(), URL) == ["http://ok.org/f"]
