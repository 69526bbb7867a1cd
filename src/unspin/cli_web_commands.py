"""The commands `unspin watch`, `unspin failures` and `unspin duplicates`."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .cli_web import (
    AllowPrivateOption,
    DelayOption,
    Helpers,
    RetriesOption,
    StoriesOption,
    TimeoutOption,
    WorkersOption,
    _now,
    fetch_settings,
    parse_interval,
    place_in_stories,
    run_web_ingest,
    stop_on_signals,
    web_reader,
)
from .errors import ArticleError, ConfigError

if TYPE_CHECKING:
    from .store import DuplicateLink

log = logging.getLogger(__name__)

DbOption = Annotated[Path, typer.Option("--db", help="The SQLite store.", dir_okay=False)]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", "-c", help="TOML file merged over the default configuration.",
    exists=True, dir_okay=False)]
StagesOption = Annotated[str | None, typer.Option(
    "--stages", help="Comma-separated stages to run instead of the configured pipeline.")]
MaxBytesOption = Annotated[int | None, typer.Option(
    "--max-bytes", min=1, help="Refuse responses and files larger than this (default: "
                               "input.max_bytes of the configuration).")]


def _short(value: str | None, width: int = 60) -> str:
    value = value or "–"
    return value if len(value) <= width else value[: width - 1] + "…"


def print_duplicate_links(console: Console, links: list[DuplicateLink],
                          titles: dict[str, tuple[str | None, str | None]], title: str) -> None:
    """A table of near-duplicate links: the copy, the original, their similarity."""
    from .report.text import terminal_safe

    table = Table(title=Text(title, style="bold"), title_justify="left",
                  header_style="bold cyan")
    for column in ("copy", "copy of", "similarity", "outlets", "title of the copy"):
        table.add_column(column, overflow="fold", no_wrap=column in ("copy", "copy of"))
    for link in links:
        copy_title, copy_outlet = titles.get(link.article_id, (None, None))
        _, orig_outlet = titles.get(link.duplicate_of, (None, None))
        outlets = f"{_short(copy_outlet, 24)} ← {_short(orig_outlet, 24)}"
        table.add_row(link.article_id, link.duplicate_of, f"{link.similarity:.2f}",
                      Text(terminal_safe(outlets)), Text(terminal_safe(_short(copy_title))))
    console.print(table)


def define_commands(app: typer.Typer, helpers: Helpers) -> None:
    """Define the commands on ``app`` (called once by unspin.cli)."""

    @app.command()
    @helpers.friendly_errors
    def watch(
        db: DbOption,
        feeds: Annotated[list[str] | None, typer.Argument(
            help="Feed URLs or files (RSS, Atom, JSON Feed), or OPML files.",
            metavar="FEED")] = None,
        feeds_option: Annotated[list[str] | None, typer.Option(
            "--feeds", help="An OPML file (or URL) of feeds, or one feed; repeat for "
                            "several.")] = None,
        every: Annotated[str, typer.Option(
            "--every", help="Time between two rounds: 15m, 90s, 1h, 2h30m.")] = "15m",
        rounds: Annotated[int | None, typer.Option(
            "--rounds", min=1, help="Stop after this many rounds (default: run until "
                                    "Ctrl-C or SIGTERM).")] = None,
        config: ConfigOption = None,
        stages: StagesOption = None,
        max_bytes: MaxBytesOption = None,
        batch_size: Annotated[int, typer.Option(
            "--batch-size", min=1, help="Articles analysed and stored per transaction.")] = 20,
        allow_private: AllowPrivateOption = False,
        delay: DelayOption = 1.0,
        timeout: TimeoutOption = 20.0,
        workers: WorkersOption = 4,
        retries: RetriesOption = 2,
        stories: StoriesOption = False,
    ) -> None:
        """Poll feeds until stopped, storing new articles; one log line per round.

        Ctrl-C or SIGTERM stops cleanly: the articles already fetched are stored (each
        batch in one transaction), nothing is half-written, the exit code is 0.

        Example:

            unspin watch --feeds feeds.opml --db news.db --every 15m

            unspin watch --feeds feeds.opml --db news.db --stories
        """
        from .store import Store

        refs = list(feeds or []) + list(feeds_option or [])
        if not refs:
            raise ConfigError("no feed to watch: give feed URLs or files, or --feeds FILE.opml")
        interval = parse_interval(every)
        pipeline, cfg = helpers.build_pipeline(config, helpers.split_stages(stages))
        settings = fetch_settings(max_bytes or cfg.max_bytes, allow_private=allow_private,
                                  delay=delay, timeout=timeout, workers=workers,
                                  retries=retries)
        stop = threading.Event()
        failed_rounds = 0
        done = 0

        def on_failure(err: ArticleError) -> None:
            helpers.error(str(err))

        with Store(db) as store, stop_on_signals(stop):
            while not stop.is_set():
                done += 1
                before = store.duplicates_linked
                with web_reader(settings, store, stop) as reader:
                    summary = run_web_ingest(store, pipeline, reader, [], [], refs, [],
                                             settings.max_bytes, batch_size, on_failure)
                web = reader.stats
                failed_rounds += bool(summary.failed)
                placed = (f", {place_in_stories(store)}"
                          if stories and summary.stored else "")
                typer.echo(
                    f"{_now()} round {done}: {web.feeds} feeds ({web.feeds_not_modified} "
                    f"not modified), {summary.stored} new articles, "
                    f"{store.duplicates_linked - before} near-duplicates, "
                    f"{web.already_stored} links already stored, {len(summary.failed)} failed"
                    f"{placed}{', stopping' if stop.is_set() else ''}")
                if rounds is not None and done >= rounds:
                    break
                stop.wait(interval)
        if stop.is_set():
            typer.echo(f"stopped after {done} rounds; {db} is complete", err=True)
            return
        if failed_rounds:
            raise typer.Exit(1)

    @app.command()
    @helpers.friendly_errors
    def failures(
        db: DbOption,
        retry: Annotated[bool, typer.Option(
            "--retry", help="Fetch or read the failed inputs again; those that now work are "
                            "stored and leave the list.")] = False,
        kind: Annotated[str | None, typer.Option(
            "--kind", help="Only failures of this kind: page, feed, sitemap, opml, warc, "
                           "file.")] = None,
        config: ConfigOption = None,
        stages: StagesOption = None,
        max_bytes: MaxBytesOption = None,
        allow_private: AllowPrivateOption = False,
        delay: DelayOption = 1.0,
        timeout: TimeoutOption = 20.0,
        workers: WorkersOption = 4,
        retries: RetriesOption = 2,
    ) -> None:
        """List the inputs that failed (files, pages, feeds, sitemaps), or retry them.

        Example:

            unspin failures --db news.db

            unspin failures --db news.db --retry --kind page
        """
        from .fetch.errors import KINDS
        from .store import Store

        if kind is not None and kind not in KINDS:
            raise typer.BadParameter(f"{kind!r} is not a kind; use one of {', '.join(KINDS)}")
        console = Console()
        with Store(db, create=False) as store:
            records = [r for r in store.failure_records() if kind is None or r.kind == kind]
            if not retry:
                if not records:
                    console.print(Text("no failure recorded"))
                    return
                table = Table(header_style="bold cyan", show_lines=False)
                for column in ("when", "kind", "attempts", "input", "reason"):
                    table.add_column(column, overflow="fold")
                for r in records:
                    table.add_row(r.recorded_at, r.kind, str(r.attempts),
                                  Text(helpers.safe(r.input)), Text(helpers.safe(r.reason)))
                console.print(table)
                console.print(Text(f"{len(records)} failures; retry them with --retry",
                                   style="dim"))
                return
            if not records:
                console.print(Text("no failure to retry"))
                return
            pipeline, cfg = helpers.build_pipeline(config, helpers.split_stages(stages))
            settings = fetch_settings(max_bytes or cfg.max_bytes, allow_private=allow_private,
                                      delay=delay, timeout=timeout, workers=workers,
                                      retries=retries)
            by_kind: dict[str, list[str]] = {}
            for r in records:
                source = r.url or r.input
                if r.kind in ("file", "warc"):
                    source = r.input.split(": ", 1)[0]
                    # "path:line" of a JSONL line: the file again (stored lines are skipped)
                    head, _, line = source.rpartition(":")
                    source = head if head and line.isdigit() else source
                by_kind.setdefault(r.kind, []).append(source)
            with web_reader(settings, store, retry_failed=True) as reader:
                summary = run_web_ingest(
                    store, pipeline, reader, list(dict.fromkeys(by_kind.get("file", []) +
                                                               by_kind.get("warc", []))),
                    by_kind.get("page", []), by_kind.get("feed", []) + by_kind.get("opml", []),
                    by_kind.get("sitemap", []), settings.max_bytes, 20,
                    lambda err: helpers.error(str(err)))
            still = {where for where, _ in summary.failed}
            for r in records:
                if r.input not in still and r.kind != "page":
                    # Feeds, sitemaps and files that now read: their articles were stored.
                    store.clear_failure(r.input)
            left = len([r for r in store.failure_records()
                        if kind is None or r.kind == kind])
        console.print(Text(f"retried {len(records)} failures: {summary.stored} articles stored,"
                           f" {left} still failing"))
        if summary.failed:
            raise typer.Exit(1)

    @app.command()
    @helpers.friendly_errors
    def duplicates(db: DbOption) -> None:
        """List the near-duplicate links: lightly edited or syndicated copies of a story.

        Copies are found at ingest (MinHash over word 3-shingles, Jaccard ≥ 0.5) and
        linked to the first stored article of the story, never dropped.

        Example:

            unspin duplicates --db news.db
        """
        from .store import Store

        with Store(db, create=False) as store:
            links = store.duplicate_links()
            titles = store.titles([x for link in links
                                   for x in (link.article_id, link.duplicate_of)])
        console = Console()
        if not links:
            console.print(Text("no near-duplicate found"))
            return
        print_duplicate_links(console, links, titles, f"near-duplicates in {db}")
        stories = len({link.duplicate_of for link in links})
        console.print(Text(f"{len(links)} copies of {stories} stories", style="dim"))

    _ = (watch, failures, duplicates)  # registered on app by the decorators
