"""Benchmark: `unspin batch` on Dask, 1 worker process against 2, on the same 200 articles.

    python benchmarks/bench_dask.py [--data DIR] [--articles 200] [--shards 8]

The articles (real news: the SemEval-2023 French and English articles, one per file, in
name order) are written to ``--shards`` JSONL shards; each run analyses all of them with
the full default pipeline (``distributed.analyze_shards``, the code of ``unspin batch``)
into Parquet. Prints the wall-clock seconds of each run and the speed-up. Each worker
process loads the models once, so start-up is part of both figures. The speed-up cannot
exceed the number of idle cores: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "semeval2023"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--shards", type=int, default=8)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from unspin.distributed import analyze_shards

    files = [p for lang in ("fr", "en")
             for p in sorted((args.data / lang / "train-articles-subtask-3").glob("*.txt"))]
    files = files[: args.articles]
    if len(files) < args.articles:
        raise SystemExit(f"{args.data}: only {len(files)} articles found")
    with tempfile.TemporaryDirectory() as tmp:
        shards = []
        for k in range(args.shards):
            shard = Path(tmp) / f"shard{k:02d}.jsonl"
            with shard.open("w", encoding="utf-8") as out:
                for path in files[k :: args.shards]:
                    record = {"text": path.read_text(encoding="utf-8"), "url": path.name}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            shards.append(str(shard))
        seconds = {}
        for workers in (1, 2):
            start = time.perf_counter()
            results = analyze_shards(shards, Path(tmp) / f"out{workers}", workers=workers)
            seconds[workers] = time.perf_counter() - start
            analysed = sum(r.articles for r in results)
            print(f"{workers} worker(s): {seconds[workers]:7.1f} s wall, {analysed} articles",
                  flush=True)
    print(f"speed-up of 2 workers over 1: {seconds[1] / seconds[2]:.2f}x")


if __name__ == "__main__":
    main()
