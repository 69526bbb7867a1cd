"""Benchmark: ingest from feeds served on 127.0.0.1 (fetch, extract, analyse, store).

    python benchmarks/bench_fetch.py [--articles 200] [--workers 4] [--stages segments,language]

Serves one RSS feed of generated article pages (tests/newsserver.py) from a local server,
ingests it with no per-host delay, then ingests it again (a 304 answer: nothing fetched).
Prints wall-clock seconds and pages per second; the real limit on the web is the
politeness delay (1 s per host by default), not this figure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from newsserver import NewsServer, article_page, make_story, rss_feed
from unspin.config import load_config
from unspin.fetch.client import Fetcher, FetchSettings
from unspin.fetch.sources import WebReader
from unspin.pipeline import Pipeline
from unspin.store import Store, ingest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--stages", default="segments,language")
    args = parser.parse_args()
    stages = None if args.stages == "all" else args.stages.split(",")
    pipeline = Pipeline.from_config(load_config(), stages=stages)
    settings = FetchSettings(allow_private=True, delay=0.0, workers=args.workers)
    with NewsServer() as server, tempfile.TemporaryDirectory() as tmp:
        items = []
        for i in range(args.articles):
            story = make_story(i, "en" if i % 3 == 0 else "fr")
            path = f"/articles/{story.slug}.html"
            server.add(path, article_page(story, "Le Courrier du Nord"))
            items.append((path, story))
        server.add("/rss.xml", rss_feed("Le Courrier du Nord", server.base, items),
                   "application/rss+xml", etag='"1"')
        feed = server.base + "/rss.xml"
        with Store(Path(tmp) / "news.db") as store:
            timings = []
            for _ in range(2):
                start = time.perf_counter()
                with Fetcher(settings) as fetcher:
                    reader = WebReader(fetcher, store)
                    summary = ingest(reader.read(feeds=[feed]), store, pipeline)
                    reader.save_feed_states()
                timings.append((time.perf_counter() - start, summary.stored))
    (first, stored), (again, stored_again) = timings
    print(f"stages: {args.stages}; workers: {args.workers}; pages: {args.articles}")
    print(f"first run: {first:.1f} s, {stored} stored, {stored / first:.1f} pages/s")
    print(f"second run: {again:.2f} s, {stored_again} stored, "
          f"{server.page_hits()} article pages requested in all")


if __name__ == "__main__":
    main()
