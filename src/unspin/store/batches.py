"""Analyse a stream of read articles, and ingest it into a store in resumable batches.

Both functions take what ``unspin.readers.read_paths`` yields (Articles, and InputErrors
for inputs that could not be read), so a bad file never stops a batch: it is reported and
the other articles go on. A stage that crashes on one article gives a StageError ("internal
error in stage X on INPUT"), reported the same way but never as a bad input.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import ArticleError, InputError, StageError, UnspinError
from ..model import Article
from .database import Store

log = logging.getLogger(__name__)


class ArticlePipeline(Protocol):
    """What ingest needs of a pipeline (``unspin.pipeline.Pipeline`` is one)."""

    def __call__(self, article: Article) -> Article: ...

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]: ...


def describe_input(article: Article) -> str:
    """Where an article came from, as ``path`` or ``path:line`` (its id when unknown)."""
    where = article.meta.get("input")
    if isinstance(where, dict) and where.get("path"):
        line = where.get("line")
        return f"{where['path']}:{line}" if line else str(where["path"])
    return f"article {article.id}"


def _analyse_one(pipeline: ArticlePipeline, text: str, meta: dict[str, Any],
                 article_id: str) -> Article | ArticleError:
    article = Article(text=text, meta=dict(meta), id=article_id)
    try:
        return pipeline(article)
    except StageError as exc:
        return exc.at(describe_input(article))
    except InputError as exc:
        return exc
    except UnspinError:
        raise  # configuration and missing-model errors concern every article: stop
    except Exception as exc:
        # A pipeline that does not name its stages (a plug-in's): still a bug, not the input.
        log.debug("analysis of %s failed", describe_input(article), exc_info=True)
        return StageError("", describe_input(article), f"{type(exc).__name__}: {exc}; "
                                                        f"please report this with the input file")


def _analyse_batch(pipeline: ArticlePipeline, batch: list[Article],
                   batch_size: int) -> list[Article | ArticleError]:
    # Snapshot the inputs: if the batched run fails half-way, each article is re-run
    # alone from a clean copy, so only the article that breaks a stage is lost.
    originals = [(a.text, dict(a.meta), a.id) for a in batch]
    try:
        return list(pipeline.pipe(batch, batch_size=batch_size))
    except UnspinError as exc:
        if not isinstance(exc, ArticleError):
            raise
    except Exception:  # fall back to one at a time below
        log.debug("a batch failed outside any stage", exc_info=True)
    log.info("a batch of %d articles failed; analysing them one by one", len(batch))
    return [_analyse_one(pipeline, text, meta, aid) for text, meta, aid in originals]


def analyse_stream(items: Iterable[Article | ArticleError], pipeline: ArticlePipeline,
                   batch_size: int = 32) -> Iterator[Article | ArticleError]:
    """Run ``pipeline`` over the articles of ``items`` in batches; pass errors through.

    An article on which a stage crashes comes out as a StageError naming the stage and
    its input, and the others are still analysed.
    """
    batch: list[Article] = []
    for item in items:
        if isinstance(item, ArticleError):
            yield item
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _analyse_batch(pipeline, batch, batch_size)
            batch = []
    if batch:
        yield from _analyse_batch(pipeline, batch, batch_size)


@dataclass
class IngestSummary:
    """What an ingest run did: counts, and the inputs that failed with their reasons."""

    read: int = 0
    already_stored: int = 0
    duplicates_in_input: int = 0  # the same article read twice in this run
    analysed: int = 0
    stored: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


ProgressCallback = Callable[[IngestSummary], None]


def ingest(items: Iterable[Article | ArticleError], store: Store, pipeline: ArticlePipeline,
           batch_size: int = 50, on_progress: ProgressCallback | None = None,
           on_failure: Callable[[ArticleError], None] | None = None) -> IngestSummary:
    """Analyse and store the articles of ``items``, one transaction per batch.

    Articles whose id is already in the store (or seen earlier in this run) are skipped
    *before* the pipeline runs, so re-running an interrupted ingest only analyses what is
    missing. Failed inputs are counted, recorded in the store, listed in the summary, and
    passed to ``on_failure`` as they happen.
    """
    summary = IngestSummary()
    seen: set[str] = set()
    chunk: list[Article] = []

    def report() -> None:
        if on_progress is not None:
            on_progress(summary)

    def fail(err: ArticleError) -> None:
        summary.failed.append((err.where, err.reason))
        # A FetchError (unspin.fetch) says which kind of source failed, so that
        # `unspin failures --retry` can fetch it again the same way.
        store.record_failure(err.where, err.reason, kind=getattr(err, "kind", "file"),
                             url=getattr(err, "url", None), feed=getattr(err, "feed", None))
        if on_failure is not None:
            on_failure(err)
        report()

    def flush() -> None:
        known = store.known_ids(a.id for a in chunk)
        todo = [a for a in chunk if a.id not in known]
        summary.already_stored += len(chunk) - len(todo)
        chunk.clear()
        done: list[Article] = []
        for result in analyse_stream(todo, pipeline, batch_size=batch_size):
            if isinstance(result, ArticleError):
                fail(result)
            else:
                done.append(result)
        summary.analysed += len(done)
        summary.stored += store.add(done)
        for article in done:
            store.clear_failure(describe_input(article))
        report()

    for item in items:
        if isinstance(item, ArticleError):
            fail(item)
            continue
        summary.read += 1
        if item.id in seen:
            summary.duplicates_in_input += 1  # the same article twice in this run
            continue
        seen.add(item.id)
        chunk.append(item)
        if len(chunk) >= batch_size:
            flush()
    if chunk:
        flush()
    report()
    return summary
