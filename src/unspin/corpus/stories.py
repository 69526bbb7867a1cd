"""Stories: articles that report the same event, across outlets and languages.

Incremental single-pass clustering (the shape of EMM NewsBrief's): articles are taken in
publication order; each is compared with the stories active within ``window_days`` of its
date and joins the best one whose score reaches ``threshold``, else it founds a new story.
A story keeps the *sum* of its members' unit embeddings and counts of their keys, so a new
article joins in O(active stories) without re-clustering anything.

The score mixes two signals, because each alone fails in a known way:

- the cosine between the article's multilingual sentence embedding (title and lead, USE
  multilingual) and the story's centroid: it crosses languages, but two different floods
  or two rocket attacks read alike;
- the overlap of canonical keys (linked entity ids and place names, which are the same in
  French and English): it tells Erbil from Kharkiv, but alone it would merge every story
  about the same city.

Everything here is pure (no I/O); the store's persistence is in ``unspin.store.stories``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ..model import Article

EMBED_CHARS = 600
DEFAULT_THRESHOLD = 0.40  # middle of the dev plateau 0.30–0.45 (clustering_eval --sweep)
DEFAULT_WINDOW_DAYS = 3
EMBEDDING_WEIGHT = 0.6  # the rest is the key overlap

Embedder = Callable[[Sequence[str]], np.ndarray]


@dataclass
class Story:
    """A story being built: its members' embedding sum, key counts and date span."""

    id: int
    title: str | None
    first_published: str | None
    last_published: str | None
    size: int
    centroid: np.ndarray  # sum of unit vectors (float32)
    keys: dict[str, int] = field(default_factory=dict)

    def unit_centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.centroid))
        return self.centroid / norm if norm else self.centroid


@dataclass(frozen=True)
class Assignment:
    """Where one article went: its story, the score that put it there, its embedding."""

    article_id: str
    story_id: int
    similarity: float
    embedding: np.ndarray


def story_text(article: Article) -> str:
    """Title and lead of ``article``: what the story embedding is made of."""
    title = str(article.meta.get("title") or "")
    paragraphs = [article.text[a.start:a.end] for a in article.layer("segments")
                  if a.label == "paragraph"]
    lead = " ".join(paragraphs[:2]) if paragraphs else article.text
    text = f"{title}. {lead}" if title and not lead.startswith(title) else lead
    return text[:EMBED_CHARS]


def story_keys(article: Article) -> set[str]:
    """Canonical keys of what the article is about: linked entities and named places.

    Place keys use the gazetteer's canonical name, so "Erbil" and "l'aéroport d'Erbil" meet
    in French and English alike; a site also contributes its city when it has one.
    """
    keys: set[str] = set()
    for ann in article.layer("entities"):
        if ann.attrs.get("linked") and ann.attrs.get("id"):
            keys.add(f"e:{ann.attrs['id']}")
    for ann in article.layer("places"):
        name = ann.attrs.get("name")
        if name and ann.label != "country":
            keys.add(f"p:{str(name).casefold()}")
        elif name:
            # A country is weak evidence (many stories per country): kept but not alone.
            keys.add(f"c:{str(name).casefold()}")
    return keys


def _day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _within(story: Story, day: date | None, window_days: int) -> bool:
    if day is None:
        return True
    first, last = _day(story.first_published), _day(story.last_published)
    if first is None or last is None:
        return True
    return (first - day).days <= window_days and (day - last).days <= window_days


def key_overlap(keys: set[str], story: Story) -> float:
    """Share of the article's specific keys (entities, places) that the story has."""
    specific = {k for k in keys if not k.startswith("c:")}
    if not specific:
        # Only countries (or nothing): weak evidence, counted at half weight.
        if not keys:
            return 0.0
        return 0.5 * sum(1 for k in keys if k in story.keys) / len(keys)
    return sum(1 for k in specific if k in story.keys) / len(specific)


def score(embedding: np.ndarray, keys: set[str], story: Story) -> float:
    """The article–story score in [0, 1]-ish: weighted cosine plus key overlap."""
    cosine = float(np.dot(embedding, story.unit_centroid()))
    return EMBEDDING_WEIGHT * cosine + (1.0 - EMBEDDING_WEIGHT) * key_overlap(keys, story)


@dataclass
class StoryClusterer:
    """Incremental clustering state: the stories and the next free story id."""

    stories: dict[int, Story] = field(default_factory=dict)
    threshold: float = DEFAULT_THRESHOLD
    window_days: int = DEFAULT_WINDOW_DAYS
    next_id: int = 1
    touched: set[int] = field(default_factory=set)
    # Stories that fell out of the window: no article can join them any more (articles come
    # in publication order), so they are not scanned; kept until their changes are written.
    retired: dict[int, Story] = field(default_factory=dict)
    _pruned_through: date | None = None

    def story(self, story_id: int) -> Story:
        """An active or retired story by id."""
        return self.stories.get(story_id) or self.retired[story_id]

    def _prune(self, day: date) -> None:
        if self._pruned_through is not None and day <= self._pruned_through:
            return
        self._pruned_through = day
        for sid in [sid for sid, st in self.stories.items()
                    if (last := _day(st.last_published)) is not None
                    and (day - last).days > self.window_days]:
            self.retired[sid] = self.stories.pop(sid)

    def add(self, article: Article, embedding: np.ndarray) -> Assignment:
        """Put ``article`` (with its unit ``embedding``) into a story and return where.

        Linear in the stories active within the window: older ones are retired as the
        publication dates advance.
        """
        published = _text(article.meta.get("published"))
        day = _day(published)
        if day is not None:
            self._prune(day)
        keys = story_keys(article)
        best: Story | None = None
        best_score = -math.inf
        for story in self.stories.values():
            if not _within(story, day, self.window_days):
                continue
            value = score(embedding, keys, story)
            if value > best_score:
                best, best_score = story, value
        if best is None or best_score < self.threshold:
            best = Story(self.next_id, _text(article.meta.get("title")), published, published,
                         0, np.zeros_like(embedding))
            self.stories[best.id] = best
            self.next_id += 1
            best_score = 1.0
        self._join(best, embedding, keys, published)
        self.touched.add(best.id)
        return Assignment(article.id, best.id, round(best_score, 4), embedding)

    @staticmethod
    def _join(story: Story, embedding: np.ndarray, keys: set[str], published: str | None) -> None:
        story.centroid = story.centroid + embedding
        story.size += 1
        for key in keys:
            story.keys[key] = story.keys.get(key, 0) + 1
        if published:
            if not story.first_published or published[:10] < story.first_published[:10]:
                story.first_published = published[:10]
            if not story.last_published or published[:10] > story.last_published[:10]:
                story.last_published = published[:10]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def publication_order(articles: Iterable[Article]) -> list[Article]:
    """Articles sorted by publication date (undated last), ties in the given order."""
    listed = list(articles)
    return sorted(listed, key=lambda a: (_text(a.meta.get("published")) or "9999")[:10])


def embed_articles(articles: Sequence[Article], embed: Embedder) -> np.ndarray:
    """Unit embeddings of the articles' story texts, one row per article."""
    if not articles:
        return np.zeros((0, 512), dtype=np.float32)
    vectors = np.asarray(embed([story_text(a) for a in articles]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def cluster(articles: Iterable[Article], embed: Embedder,
            clusterer: StoryClusterer | None = None) -> tuple[StoryClusterer, list[Assignment]]:
    """Cluster ``articles`` (taken in publication order) into ``clusterer``'s stories."""
    clusterer = clusterer or StoryClusterer()
    ordered = publication_order(articles)
    vectors = embed_articles(ordered, embed)
    assignments = [clusterer.add(a, v) for a, v in zip(ordered, vectors)]
    return clusterer, assignments


def default_embedder() -> Embedder:
    """The package's multilingual sentence encoder (USE multilingual, loaded once)."""
    from ..techniques.features import shared_encoder

    encoder = shared_encoder()
    return encoder.encode
