"""Benchmark: time the `events` stage adds to the full default pipeline.

Runs the default pipeline (`src/unspin/default.toml`) with and without `events` over the
same articles, alternating article by article and emptying the shared encoder's memo
between runs so that neither run profits from the other, and prints milliseconds per
article per stage, both totals and what `events` adds (target: at most 15%). The events
stage embeds its sentences with the encoder the techniques stage uses; the memo lets
techniques reuse them, so the cost of events is the difference of the totals, not the
stage's own time. One core:

    OMP_NUM_THREADS=1 python benchmarks/bench_events.py [--articles 100]

Texts: the French example articles of `examples/`, repeated with varied numbers so that
no cache helps across articles.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from unspin.model import Article
from unspin.pipeline import Pipeline
from unspin.techniques.features import shared_encoder

ROOT = Path(__file__).resolve().parents[1]


def corpus(n: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("fr_*.txt"))]
    if not texts:
        raise SystemExit("no examples/fr_*.txt found")
    rng = random.Random(7)
    return [texts[i % len(texts)].replace("12", str(rng.randint(2, 99))) + f"\n{i}"
            for i in range(n)]


def run(pipeline: Pipeline, text: str, seconds: dict[str, float]) -> float:
    shared_encoder().forget()
    article = Article.from_text(text, published="2020-11-17")
    total = 0.0
    for stage in pipeline.stages:
        t0 = time.perf_counter()
        stage(article)
        spent = time.perf_counter() - t0
        seconds[stage.name] = seconds.get(stage.name, 0.0) + spent
        total += spent
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()
    texts = corpus(args.articles)
    with_events = Pipeline.from_config()
    if "events" not in with_events.names:
        raise SystemExit("the configured pipeline has no events stage")
    without = Pipeline([s for s in with_events.stages if s.name != "events"])
    for pipeline in (with_events, without):
        run(pipeline, texts[0], {})  # warm every model

    seconds_with: dict[str, float] = {}
    seconds_without: dict[str, float] = {}
    total_with = total_without = 0.0
    for text in texts:
        total_without += run(without, text, seconds_without)
        total_with += run(with_events, text, seconds_with)
    n = len(texts)
    print(f"articles: {n}, mean length {sum(map(len, texts)) // n} characters")
    print(f"  {'stage':<16} {'with events':>12} {'without':>9}  (ms/article)")
    for name, secs in seconds_with.items():
        other = seconds_without.get(name)
        shown = f"{1000 * other / n:9.2f}" if other is not None else f"{'–':>9}"
        print(f"  {name:<16} {1000 * secs / n:12.2f} {shown}")
    print(f"pipeline without events: {1000 * total_without / n:8.2f} ms/article")
    print(f"pipeline with events:    {1000 * total_with / n:8.2f} ms/article")
    added = total_with - total_without
    print(f"events adds {1000 * added / n:.2f} ms/article = {100 * added / total_without:.1f}% "
          f"(target <= 15%)")


if __name__ == "__main__":
    main()
