"""Benchmark: ingest 1,000 generated articles into a fresh store, re-ingest, search.

    python benchmarks/bench_ingest.py [--stages segments,language | --stages all] [--articles 1000]

Prints wall-clock seconds for each step (the articles are those of
tests/test_ingest_scale.py, generated, French and English).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_ingest_scale import generate
from unspin.config import load_config
from unspin.pipeline import Pipeline
from unspin.readers import read_paths
from unspin.store import Store, ingest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", default="segments,language")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--query", default="santé")
    args = parser.parse_args()
    records, _ = generate()
    records = (records * (args.articles // len(records) + 1))[: args.articles]
    stages = None if args.stages == "all" else args.stages.split(",")
    pipeline = Pipeline.from_config(load_config(), stages=stages)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                        encoding="utf-8")
        with Store(Path(tmp) / "news.db") as store:
            t0 = time.perf_counter()
            first = ingest(read_paths([feed]), store, pipeline)
            t1 = time.perf_counter()
            again = ingest(read_paths([feed]), store, pipeline)
            t2 = time.perf_counter()
            hits = store.search(args.query, limit=20)
            t3 = time.perf_counter()
    print(f"stages: {args.stages}; articles in feed: {len(records)}")
    print(f"ingest:    {t1 - t0:6.2f} s  stored {first.stored}")
    print(f"re-ingest: {t2 - t1:6.2f} s  stored {again.stored}, already stored {again.already_stored}")
    print(f"search:    {1000 * (t3 - t2):6.1f} ms  ({len(hits)} hits shown)")


if __name__ == "__main__":
    main()
