"""CLI for the web: options shared by analyze/ingest, and `watch`, `failures`, `duplicates`.

``unspin.cli`` calls :func:`register_web_commands` with its helpers (error handling,
pipeline building), so this module never imports it back.
"""

from __future__ import annotations

import logging
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import ArticleError, ConfigError, InputError

if TYPE_CHECKING:
    from .fetch.client import FetchSettings
    from .fetch.sources import WebReader
    from .model import Article
    from .store import IngestSummary, Store

log = logging.getLogger(__name__)

AllowPrivateOption = Annotated[bool, typer.Option(
    "--allow-private", help="Fetch from private, loopback and link-local addresses too "
                            "(refused by default, after DNS and on every redirect).")]
DelayOption = Annotated[float, typer.Option(
    "--delay", min=0, help="Seconds between two requests to one host (more when robots.txt "
                           "asks for a Crawl-delay).")]
TimeoutOption = Annotated[float, typer.Option(
    "--timeout", min=0.1, help="Seconds to wait for a connection or for the next bytes.")]
WorkersOption = Annotated[int, typer.Option(
    "--workers", min=1, help="Pages fetched at once (one at a time per host).")]
RetriesOption = Annotated[int, typer.Option(
    "--retries", min=0, help="Extra attempts after a timeout or an HTTP 5xx, with back-off.")]

StoriesOption = Annotated[bool, typer.Option(
    "--stories", help="Then put the new articles into stories, as `unspin stories --update` "
                      "does (articles of several outlets telling the same event).")]


def place_in_stories(store: Store) -> str:
    """Run the incremental story update on ``store`` (every article without a story is
    placed); the words that report it: "3 articles placed in stories (1 new story)"."""
    from .store.stories import update_stories

    placed, created = update_stories(store)
    return (f"{placed} article{'s' * (placed != 1)} placed in stories "
            f"({created} new stor{'ies' if created != 1 else 'y'})")


def fetch_settings(max_bytes: int, allow_private: bool = False, delay: float = 1.0,
                   timeout: float = 20.0, workers: int = 4, retries: int = 2) -> FetchSettings:
    """The fetcher's settings from the CLI options."""
    from .fetch.client import FetchSettings

    return FetchSettings(max_bytes=max_bytes, allow_private=allow_private, delay=delay,
                         timeout=timeout, workers=workers, retries=retries)


def split_sources(paths: list[str]) -> tuple[list[str], list[str]]:
    """``(files, urls)``: arguments that are http(s) URLs are fetched, the others read."""
    from .fetch.sources import is_url

    return [p for p in paths if not is_url(p)], [p for p in paths if is_url(p)]


@contextmanager
def web_reader(settings: FetchSettings, store: Any = None,
               stop: threading.Event | None = None,
               retry_failed: bool = False) -> Iterator[WebReader]:
    """A WebReader over a fresh Fetcher, closed at the end."""
    from .fetch.client import Fetcher
    from .fetch.sources import WebReader

    with Fetcher(settings) as fetcher:
        yield WebReader(fetcher, store, stop=stop, max_file_bytes=settings.max_bytes,
                        retry_failed=retry_failed)


def read_urls(urls: list[str], settings: FetchSettings) -> Iterator[Article | InputError]:
    """The articles of ``urls`` fetched one by one (``unspin analyze URL``)."""
    if not urls:
        return
    with web_reader(settings) as reader:
        yield from reader.read(urls=urls)


def parse_interval(value: str) -> float:
    """Seconds in "15m", "90s", "1h", "2h30m" or a bare number of seconds."""
    text = value.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        seconds = float(text)
    else:
        parts = re.findall(r"(\d+(?:\.\d+)?)\s*([hms])", text)
        if not parts or re.sub(r"\s", "", text) != "".join(n + u for n, u in parts):
            raise typer.BadParameter(f"{value!r} is not an interval; write e.g. 15m, 90s, 1h")
        seconds = sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)
    if seconds <= 0:
        raise typer.BadParameter("the interval must be longer than 0 seconds")
    return seconds


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C and SIGTERM set ``stop`` instead of killing the process mid-write."""
    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@dataclass
class Helpers:
    """What the commands here need from ``unspin.cli``."""

    friendly_errors: Callable[[Any], Any]
    error: Callable[[str], None]
    safe: Callable[[str], str]
    build_pipeline: Callable[[Path | None, list[str] | None], tuple[Any, Any]]
    split_stages: Callable[[str | None], list[str] | None]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def register_web_commands(app: typer.Typer, helpers: Helpers) -> None:
    """Add ``watch``, ``failures`` and ``duplicates`` to ``app``."""
    from .cli_web_commands import define_commands

    define_commands(app, helpers)


def run_web_ingest(store: Store, pipeline: Any, reader: WebReader, files: list[str],
                   urls: list[str], feeds: list[str], sitemaps: list[str], max_bytes: int,
                   batch_size: int, on_failure: Callable[[ArticleError], None],
                   on_progress: Callable[[Any], None] | None = None) -> IngestSummary:
    """Ingest files and web sources in one run; feed states are saved once stored."""
    from .readers import read_paths
    from .store import ingest as ingest_articles

    items = chain(read_paths(files, max_bytes=max_bytes) if files else iter(()),
                  reader.read(urls=urls, feeds=feeds, sitemaps=sitemaps))
    summary = ingest_articles(items, store, pipeline, batch_size=batch_size,
                              on_progress=on_progress, on_failure=on_failure)
    if not reader.stop.is_set():
        reader.save_feed_states()
    return summary


def print_summary_rows(console: Console, title: str, rows: list[tuple[str, Any]]) -> None:
    table = Table(title=Text(title, style="bold"), title_justify="left", show_header=False)
    table.add_column()
    table.add_column(justify="right")
    for label, value in rows:
        table.add_row(label, str(value))
    console.print(table)


def require_sources(paths: list[str], feeds: list[str], sitemaps: list[str]) -> None:
    if not (paths or feeds or sitemaps):
        raise ConfigError("nothing to ingest: give files, folders, URLs, --feed or --sitemap")


def stderr_console() -> Console:
    return Console(stderr=True, file=sys.stderr)
