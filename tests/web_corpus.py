"""A store filled by the project's story corpus, for the web app's API and browser tests.

The stages are the ones that need no spaCy model (segments, language, gazetteer entities,
places, times, figures, who-says-so rules, techniques, genre); stories are clustered with
the package's sentence encoder. Two additions made here, not by the pipeline:

- an ``events`` layer (ACLED-style, as the events stage will write it) on the Erbil rocket
  story, so that the map's event markers are exercised before that stage lands;
- a hostile article: markup, event handlers and a ``javascript:`` URL in its title, text,
  outlet and url fields.
"""

from __future__ import annotations

import json
from pathlib import Path

from unspin.config import load_config
from unspin.model import Annotation, Article
from unspin.pipeline import Pipeline
from unspin.readers import read_paths
from unspin.store import Store
from unspin.store.stories import update_stories

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "stories"
STAGES = ["segments", "language", "entities", "places", "times", "figures", "quotes",
          "sources", "hedges", "claims", "techniques", "technique_spans", "genre"]
PWN = "window.__pwned=1;alert(1)"
HOSTILE_OUTLET = '<img src=x onerror="' + PWN + '">Evil & Co'
HOSTILE = {
    "title": "Erbil <script>" + PWN + "</script> rockets",
    "outlet": HOSTILE_OUTLET,
    "url": "javascript:" + PWN,
    "published": "2026-01-13",
    "language": "en",
    "text": ("Erbil <script>" + PWN + "</script> rockets\n\n"
             "Rockets <img src=x onerror=\"" + PWN + "\"> hit Erbil on Tuesday, "
             "according to <a href=\"javascript:" + PWN + "\">local sources</a>.\n\n"
             "\"><svg onload=\"" + PWN + "\"> </script><!-- a disgraceful cowardly attack.\n"),
}


def hostile_feed(folder: Path) -> Path:
    path = folder / "hostile.jsonl"
    path.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    return path


def _add_events(article: Article) -> None:
    places = article.layer("places")
    if places and "rockets-erbil" in str(article.meta.get("url")):
        first = places[0]
        article.layers["events"] = [Annotation(
            first.start, first.end, "Explosions/Remote violence",
            {"event_type": "Explosions/Remote violence",
             "sub_event_type": "Shelling/artillery/missile attack", "place": 0,
             "actors": []}, "test")]


def build_store(folder: Path) -> Path:
    """The store ``folder/corpus.db``: corpus + hostile article, analysed, with stories."""
    db = folder / "corpus.db"
    pipeline = Pipeline.from_config(load_config(None), STAGES)
    items = read_paths([str(CORPUS / "stories_dev.jsonl"), str(CORPUS / "stories_heldout.jsonl"),
                        str(hostile_feed(folder))], max_bytes=1_000_000, fmt=None)
    articles = [a for a in items if isinstance(a, Article)]
    analysed = list(pipeline.pipe(articles))
    for article in analysed:
        _add_events(article)
    with Store(db) as store:
        store.add(analysed)
        update_stories(store)
    return db
