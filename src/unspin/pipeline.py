"""A pipeline: stages run in order, checked when built so that each gets what it requires."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from .config import Config, load_config
from .errors import PipelineError, StageError, UnspinError
from .model import Article
from .stage import BUILTIN_STAGES, Stage, make_stage, stage_class

log = logging.getLogger(__name__)

# What readers may already provide: stages may use these, never require them.
PROVIDED_BY_READERS = ("text", "meta.url", "meta.published", "meta.title", "meta.outlet")

# Page furniture: lines of a scraped page that are not the article's own words. Findings
# of the fact and attribution stages that fall on these lines are dropped (a share button
# is not an actor, a "Lire aussi" headline is not a claim of this article). Which layers
# are pruned is declared by the stages that assign them (``Stage.prunes``).
FURNITURE = frozenset({"rubric", "dateline", "byline", "credit", "related", "boilerplate",
                       "source"})


def furniture_ranges(article: Article) -> list[tuple[int, int]]:
    """The character ranges of the furniture lines found by the ``segments`` stage."""
    return [(a.start, a.end) for a in article.layer("segments") if a.label in FURNITURE]


def drop_findings_on_furniture(article: Article, layers: Iterable[str]) -> None:
    """Remove the annotations of ``layers`` that lie on furniture lines."""
    ranges = furniture_ranges(article)
    if not ranges:
        return
    for name in layers:
        if name not in article.layers:
            continue
        article.layers[name] = [
            a for a in article.layers[name]
            if not any(start <= a.start and a.end <= end for start, end in ranges)
        ]


def pruned_layers(stage: Stage) -> list[str]:
    """The layers ``stage`` declares as content layers, pruned of findings on furniture."""
    return [p.split(".", 1)[1] for p in stage.prunes if p.startswith("layers.")]


def _assigner(item: str, stages: list[Stage]) -> str | None:
    """The name of a stage that assigns ``item``: one of ``stages``, else a built-in one."""
    for stage in stages:
        if item in stage.assigns:
            return stage.name
    for name in BUILTIN_STAGES:
        try:
            cls = stage_class(name)
        except ImportError:  # an optional backend not installed: it assigns nothing here
            continue
        if cls is not None and item in cls.assigns:
            return name
    return None


def check_order(stages: list[Stage]) -> None:
    """Raise PipelineError when a stage reads what no earlier stage assigns.

    What a stage ``requires`` must be assigned by an earlier stage; what it ``uses``
    (optional) may be missing, but not assigned by a later stage. The message names the
    stage to add or move.
    """
    available = set(PROVIDED_BY_READERS)
    for position, stage in enumerate(stages):
        later = stages[position + 1:]
        for item in stage.requires:
            if item in available:
                continue
            provider = _assigner(item, later)
            if provider is None:
                raise PipelineError(
                    f"stage {stage.name!r} requires {item}, which no known stage assigns; "
                    f"remove {stage.name!r} from [pipeline] stages")
            where = "move" if any(s.name == provider for s in later) else "add"
            raise PipelineError(
                f"stage {stage.name!r} requires {item}, assigned by stage {provider!r}: "
                f"{where} {provider!r} before {stage.name!r} in [pipeline] stages "
                f"(or --stages)")
        for item in stage.uses:
            if item in available or item in stage.assigns:
                continue  # (a cache the stage fills itself when it is missing)
            provider = next((s.name for s in later if item in s.assigns), None)
            if provider is not None:
                raise PipelineError(
                    f"stage {stage.name!r} reads {item}, assigned by stage {provider!r} "
                    f"which runs after it: move {provider!r} before {stage.name!r} in "
                    f"[pipeline] stages (or --stages)")
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
            try:
                stage(article)
            except UnspinError:
                raise
            except Exception as exc:
                raise _crash(stage, article, exc) from exc
            drop_findings_on_furniture(article, pruned_layers(stage))
        article.scratch.clear()
        return article

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]:
        stream: Iterable[Article] = articles
        for stage in self.stages:
            stream = _pruned(_guarded(stage, stage.pipe(stream, batch_size=batch_size)),
                             pruned_layers(stage))
        for article in stream:
            article.scratch.clear()
            yield article

    def describe(self) -> list[dict[str, Any]]:
        return [
            {"stage": s.name, "backend": s.backend, "requires": list(s.requires),
             "uses": list(s.uses), "assigns": list(s.assigns), "prunes": list(s.prunes)}
            for s in self.stages
        ]


def _crash(stage: Stage, article: Article | None, exc: Exception) -> StageError:
    # Where the article came from is known to the caller (batches.describe_input).
    where = f"article {article.id}" if article is not None else "a batch of articles"
    log.debug("stage %s crashed on %s", stage.name, where, exc_info=exc)
    return StageError(stage.name, where, f"{type(exc).__name__}: {exc}; please report this "
                                          f"with the input file")


def _guarded(stage: Stage, stream: Iterator[Article]) -> Iterator[Article]:
    """``stream`` with an unexpected exception of ``stage`` turned into a StageError.

    Errors of earlier stages pass through unchanged (they surface here because this
    stage pulls its articles from them).
    """
    while True:
        try:
            article = next(stream)
        except StopIteration:
            return
        except UnspinError:
            raise
        except Exception as exc:
            raise _crash(stage, None, exc) from exc
        yield article


def _pruned(stream: Iterable[Article], layers: list[str]) -> Iterator[Article]:
    # Pruning right after each stage keeps the indices later stages store (claims point
    # into entities, places, times, figures) consistent.
    for article in stream:
        drop_findings_on_furniture(article, layers)
        yield article
