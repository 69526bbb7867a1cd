"""A pipeline: stages run in order, checked when built so that each gets what it requires."""

from __future__ import annotations

import logging
from typing import Any, Iterable, Iterator

from .config import Config, load_config
from .errors import PipelineError
from .model import Article
from .stage import Stage, make_stage

log = logging.getLogger(__name__)

# What readers may already provide: stages may use these, never require them.
PROVIDED_BY_READERS = ("text", "meta.url", "meta.published", "meta.title", "meta.outlet")


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
        article.scratch.clear()
        return article

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]:
        stream: Iterable[Article] = articles
        for stage in self.stages:
            stream = stage.pipe(stream, batch_size=batch_size)
        for article in stream:
            article.scratch.clear()
            yield article

    def describe(self) -> list[dict[str, Any]]:
        return [
            {"stage": s.name, "backend": s.backend, "requires": list(s.requires),
             "assigns": list(s.assigns)}
            for s in self.stages
        ]
