"""Benchmark: the web app on a store of 100,000 generated articles.

    OMP_NUM_THREADS=1 python benchmarks/bench_web.py [--articles 100000] [--db FILE]

Builds the store (unless ``--db`` names one already built by this script) from 10,000
generated French and English texts run through the cheap stages (segments, language), each
stored ten times under other outlets, URLs, dates and titles (syndicated copies), with a
synthetic techniques layer on a fifth of them, places on a third and events on a twentieth
(so that the facet and map queries have something to scan); then times, through the app's
HTTP interface in process (FastAPI TestClient: routing, query, JSON or template rendering):

- ``/api/search`` and the search page ``/``: 200 queries mixing frequent and rare words,
  phrases, prefixes, and facet filters (outlet, language, dates, technique, event type);
- the article page ``/articles/{id}`` for 200 random articles.

Prints the median and 95th percentile of each, in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from unspin.config import load_config
from unspin.model import Annotation, Article
from unspin.pipeline import Pipeline
from unspin.store import Store

FR_WORDS = ("le gouvernement a annoncé mardi une nouvelle réforme de la santé selon le ministre "
            "des manifestants se sont rassemblés devant la préfecture pour protester contre la "
            "hausse des prix de l'énergie les syndicats appellent à la grève dans les transports "
            "la police a interpellé plusieurs personnes après des affrontements dans le centre "
            "l'armée affirme avoir repoussé une attaque près de la frontière au cours de la nuit "
            "les secours recherchent toujours des disparus après les inondations de la semaine")
EN_WORDS = ("the government announced on tuesday a new health reform according to the minister "
            "protesters gathered outside parliament to oppose rising energy prices while unions "
            "called for a transport strike police arrested several people after clashes in the "
            "city centre the army said it repelled an attack near the border overnight and "
            "rescuers are still searching for people missing after last week's floods officials")
PLACES = (("Paris", 48.85, 2.35), ("Lyon", 45.76, 4.84), ("Kharkiv", 49.99, 36.23),
          ("Erbil", 36.19, 44.01), ("Gao", 16.27, -0.04), ("Dakar", 14.69, -17.44),
          ("Izmir", 38.42, 27.14), ("Beira", -19.84, 34.84))
TECHNIQUES = ("Loaded_Language", "Name_Calling-Labeling", "Doubt", "Appeal_to_Fear-Prejudice")
EVENTS = ("Battles", "Explosions/Remote violence", "Protests", "Riots")
QUERIES = ("santé", "grève", "government", "floods", "réforme santé", '"health reform"',
           "manifest*", "protesters OR manifestants", "frontière", "energy prices",
           "zorblax", "kwem0042", "qiv1777", "police")


def _words(rng: random.Random, base: list[str], n: int) -> str:
    # Mostly common news words, some rare made-up ones (the long tail of a real corpus).
    out = []
    for _ in range(n):
        if rng.random() < 0.08:
            out.append(f"{rng.choice('kqzv')}{rng.choice('aeiou')}{rng.choice('mnwx')}"
                       f"{rng.randrange(10000):04d}")
        else:
            out.append(rng.choice(base))
    return " ".join(out)


def generate(n: int, seed: int = 7) -> list[Article]:
    """``n`` generated articles (title + three paragraphs), French and English."""
    rng = random.Random(seed)
    fr, en = FR_WORDS.split(), EN_WORDS.split()
    outlets = [f"Outlet {i:02d}" for i in range(40)]
    articles = []
    for i in range(n):
        lang = "fr" if i % 2 else "en"
        base = fr if lang == "fr" else en
        title = _words(rng, base, 8).capitalize()
        body = "\n\n".join(_words(rng, base, rng.randrange(40, 90)).capitalize() + "."
                           for _ in range(3))
        day = f"202{4 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        articles.append(Article.from_text(f"{title}\n\n{body}\n", title=title,
                                          outlet=rng.choice(outlets), published=day,
                                          url=f"https://news{i % 40}.example/{i}"))
    return articles


def _decorate(article: Article, rng: random.Random) -> None:
    """Synthetic findings on some articles, as the full pipeline would leave them."""
    first = next((s for s in article.layer("segments") if s.label == "paragraph"), None)
    if first is None:
        return
    if rng.random() < 0.2:
        article.layers["techniques"] = [Annotation(first.start, first.end, rng.choice(TECHNIQUES),
                                                   {"kind": "paragraph", "confidence": 0.6})]
    if rng.random() < 0.33:
        name, lat, lon = rng.choice(PLACES)
        article.layers["places"] = [Annotation(first.start, first.start + 5, "city",
                                               {"name": name, "lat": lat, "lon": lon})]
        if rng.random() < 0.15:
            article.layers["events"] = [Annotation(first.start, first.start + 5, "event",
                                                   {"event_type": rng.choice(EVENTS),
                                                    "place": 0})]


def build(db: Path, n: int, distinct: int = 10_000) -> None:
    """Analyse ``distinct`` generated texts with the cheap stages, then store ``n`` articles:
    each text under several outlets, URLs, dates and titles (syndicated copies), so that the
    store is built in a few minutes."""
    pipeline = Pipeline.from_config(load_config(), stages=["segments", "language"])
    rng = random.Random(11)
    t0 = time.perf_counter()
    analysed = list(pipeline.pipe(generate(min(n, distinct)), batch_size=500))
    print(f"analysed {len(analysed)} texts in {time.perf_counter() - t0:.0f} s", flush=True)
    fr, en = FR_WORDS.split(), EN_WORDS.split()
    with Store(db) as store:
        batch: list[Article] = []
        for i in range(n):
            source = analysed[i % len(analysed)]
            meta = dict(source.meta)
            base = fr if meta.get("language") == "fr" else en
            meta.update(title=_words(rng, base, 8).capitalize(), outlet=f"Outlet {i % 40:02d}",
                        published=f"202{4 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        url=f"https://news{i % 40}.example/{i}")
            article = Article(text=source.text, meta=meta,
                              layers={k: list(v) for k, v in source.layers.items()})
            _decorate(article, rng)
            batch.append(article)
            if len(batch) == 5000:
                store.add(batch)
                batch = []
        store.add(batch)
        store.conn.execute("PRAGMA optimize")
        count = store.count()
    print(f"built {db}: {count} articles in {time.perf_counter() - t0:.0f} s", flush=True)


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]


def _percentiles(times: list[float], cpu: list[float]) -> str:
    # Wall time depends on what else runs on the machine; the process's CPU time per
    # request does not (much), so both are printed.
    return (f"median {1000 * statistics.median(times):6.1f} ms · p95 {1000 * _p95(times):6.1f} ms"
            f" · max {1000 * max(times):6.1f} ms wall; CPU median "
            f"{1000 * statistics.median(cpu):6.1f} ms · p95 {1000 * _p95(cpu):6.1f} ms"
            f" ({len(times)} requests)")


def measure(db: Path, rounds: int = 200) -> None:
    from fastapi.testclient import TestClient

    from unspin.web.app import create_app

    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    rng = random.Random(3)
    with Store(db, read_only=True) as store:
        total = store.count()
        ids = [r[0] for r in store.conn.execute(
            "SELECT id FROM articles WHERE n IN (" + ",".join(
                str(rng.randrange(1, total + 1)) for _ in range(rounds)) + ")")]
    filters = [{}, {"language": "fr"}, {"outlet": "Outlet 07"},
               {"date_from": "2025-03-01", "date_to": "2025-06-30"},
               {"technique": "Doubt"}, {"event_type": "Protests"}]
    client.get("/api/search", params={"q": "santé"})  # warm the page cache once
    timings: dict[str, tuple[list[float], list[float]]] = {
        name: ([], []) for name in ("/api/search", "search page /", "article page")}

    def timed(name: str, url: str, params: dict[str, str] | None = None) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params=params)
        timings[name][0].append(time.perf_counter() - wall)
        timings[name][1].append(time.process_time() - cpu)
        assert response.status_code == 200, response.text

    for i in range(rounds):
        params = {"q": QUERIES[i % len(QUERIES)], **filters[i % len(filters)]}
        timed("/api/search", "/api/search", params)
        timed("search page /", "/", params)
    for article_id in ids:
        timed("article page", f"/articles/{article_id}")
    print(f"store: {total} articles")
    for name, (wall, cpu) in timings.items():
        print(f"{name:<16} {_percentiles(wall, cpu)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="reuse (or build here) the store")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if not db.exists():
            build(db, args.articles)
        measure(db, args.rounds)


if __name__ == "__main__":
    main()
