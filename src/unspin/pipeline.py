"""A pipeline: stages run in order, checked when built so that each gets what it requires."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from .config import Config, load_config
from .errors import PipelineError
from .model import Article
from .stage import Stage, make_stage

log = logging.getLogger(__name__)

# What readers may already provide: stages may use these, never require them.
PROVIDED_BY_READERS = ("text", "meta.url", "meta.published", "meta.title", "meta.outlet")

# Page furniture: lines of a scraped page that are not the article's own words. Findings
# of the fact and attribution stages that fall on these lines are dropped (a share button
# is not an actor, a "Lire aussi" headline is not a claim of this article).
FURNITURE = frozenset({"rubric", "dateline", "byline", "credit", "related", "boilerplate",
                       "source"})
# Layers that report on the article's content, pruned of findings on furniture lines.
CONTENT_LAYERS = frozenset({"entities", "places", "times", "figures", "quotes", "sources",
                            "hedges", "claims"})


def furniture_ranges(article: Article) -> list[tuple[int, int]]:
    """The character ranges of the furniture lines found by the ``segments`` stage."""
    return [(a.start, a.end) for a in article.layer("segments") if a.label in FURNITURE]


def drop_findings_on_furniture(article: Article, layers: Iterable[str]) -> None:
    """Remove annotations of ``layers`` (content layers only) that lie on furniture lines."""
    ranges = furniture_ranges(article)
    if not ranges:
        return
    for name in layers:
        if name not in CONTENT_LAYERS or name not in article.layers:
            continue
        article.layers[name] = [
            a for a in article.layers[name]
            if not any(start <= a.start and a.end <= end for start, end in ranges)
        ]


def check_order(stages: list[Stage]) -> None:
    """Raise PipelineError when a stage requires what no earlier stage assigns."""
    available = set(PROVIDED_BY_READERS)
    for stage in stages:
        missing = [r for r in stage.requires if r not in available]
        if missing:
            providers = ", ".join(missing)
            raise PipelineError(
                f"stage {stage.name!r} requires {providers}, which no earlier stage assigns; "
                f"put the stage that assigns it before {stage.name!r} in [pipeline] stages"
            )
        available.update(stage.assigns)


class Pipeline:
    """Stages run in order over articles; build one per process and reuse it."""

    def __init__(self, stages: list[Stage], config: Config | None = None) -> None:
        check_order(stages)
        self.stages = stages
        self.config = config

    @classmethod
    def from_config(cls, config: Config | None = None, stages: list[str] | None = None) -> Pipeline:
        """Build the stages named in ``config`` (or the ``stages`` given) with their options."""
        config = config or load_config()
        names = stages if stages is not None else config.stages
        built = [make_stage(name, config.stage_options(name)) for name in names]
        return cls(built, config)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, article: Article) -> Article:
        for stage in self.stages:
            stage(article)
            drop_findings_on_furniture(article, _assigned_layers(stage))
        article.scratch.clear()
        return article

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]:
        stream: Iterable[Article] = articles
        for stage in self.stages:
            stream = _pruned(stage.pipe(stream, batch_size=batch_size), _assigned_layers(stage))
        for article in stream:
            article.scratch.clear()
            yield article

    def describe(self) -> list[dict[str, Any]]:
        return [
            {"stage": s.name, "backend": s.backend, "requires": list(s.requires),
             "assigns": list(s.assigns)}
            for s in self.stages
        ]


def _assigned_layers(stage: Stage) -> list[str]:
    return [a.split(".", 1)[1] for a in stage.assigns if a.startswith("layers.")]


def _pruned(stream: Iterable[Article], layers: list[str]) -> Iterator[Article]:
    # Pruning right after each stage keeps the indices later stages store (claims point
    # into entities, places, times, figures) consistent.
    for article in stream:
        drop_findings_on_furniture(article, layers)
        yield article
