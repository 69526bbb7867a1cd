"""The ``unspin`` command line: analyze, ingest, search, show, export, batch, stages, eval
(and the corpus view's stories, compare, outlets, serve in ``cli_corpus``).

Commands validate their options, then call plain library functions. Errors unspin raises
on purpose (:class:`~unspin.errors.UnspinError`) become one ``error: …`` line on stderr and
an exit code, never a traceback:

- 0: everything worked;
- 1: some input could not be read or analysed (the others were), or a store, model or
  data problem;
- 2: a usage error: a bad option, an unknown stage, an invalid configuration;
- 130: interrupted (Ctrl-C); ``unspin ingest`` resumes where it stopped when re-run.
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console as RichConsole
from rich.table import Table
from rich.text import Text

from . import __version__
from .cli_semeval import semeval_app, train_app
from .cli_web import (
    AllowPrivateOption,
    DelayOption,
    Helpers,
    RetriesOption,
    StoriesOption,
    TimeoutOption,
    WorkersOption,
    fetch_settings,
    place_in_stories,
    print_summary_rows,
    read_urls,
    register_web_commands,
    require_sources,
    run_web_ingest,
    split_sources,
    web_reader,
)
from .errors import (
    ArticleError,
    ConfigError,
    InputError,
    InstallError,
    MissingModelError,
    PipelineError,
    UnspinError,
)
from .model import Article

if TYPE_CHECKING:
    from .config import Config
    from .pipeline import Pipeline

app = typer.Typer(
    name="unspin",
    help="Read news critically: who, where, when, how many, who says so, and how it is told.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals would dump article text into tracebacks
)
app.add_typer(semeval_app, name="semeval")
app.add_typer(train_app, name="train")

F = TypeVar("F", bound=Callable[..., Any])

# Snippet markers for search: control characters never found in article text.
_HL_START, _HL_END = "\x02", "\x03"


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    acled_csv = "acled-csv"
    geojson = "geojson"


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


# -- shared helpers -----------------------------------------------------------------------


class Console(RichConsole):
    """A rich Console whose closed pipe (`unspin … | head`) ends the command with code 0.

    rich's own handler exits with 1, which would read as "an input failed".
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError  # friendly_errors exits 0 and silences stdout


E = TypeVar("E", bound=Enum)


def _format_choice(choices: type[E]) -> Callable[[str], E]:
    """A --format callback: the Enum member, or a usage error listing the formats."""
    def check(value: str) -> E:
        try:
            return choices(str(value).lower())
        except ValueError:
            names = ", ".join(member.value for member in choices)
            raise typer.BadParameter(f"{value!r} is not a format; use one of {names}") from None
    return check


def _formats(choices: type[Enum]) -> str:
    return "|".join(member.value for member in choices)


def _safe(value: str) -> str:
    """``value`` without terminal escape sequences or control characters, on one line."""
    from .report.text import terminal_safe

    return terminal_safe(value)


def _error(message: str) -> None:
    """One ``error: …`` line on stderr (plain text: messages may quote hostile input)."""
    typer.echo(f"error: {_safe(message)}", err=True)


def friendly_errors(func: F) -> F:
    """Turn unspin's own errors into one stderr line and an exit code (see module doc)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (ConfigError, PipelineError, InstallError) as exc:
            _error(str(exc))
            raise typer.Exit(2) from None
        except UnspinError as exc:
            _error(str(exc))
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            _error("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader of our output went away (`unspin analyze … | head`): stop quietly,
            # and keep Python from complaining again when it flushes stdout at exit.
            # Exit 0 like `cat`/`grep` under `| head`: the reader got all it wanted.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def _check_published(value: str | None) -> str | None:
    if value is None:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            pass
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+([+-]\d{2}:?\d{2}|Z)?", value):
        try:
            datetime.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise typer.BadParameter(
        f"{value!r} is not a date; write it as YYYY-MM-DD (e.g. 2020-11-17) "
        f"or as an ISO date-time (2020-11-17T14:00)"
    )


def _split_stages(value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise typer.BadParameter("give stage names separated by commas, e.g. segments,language")
    return names


def load_checked_config(config_path: Path | str | None) -> Config:
    """The configuration, with its values checked (see :mod:`unspin.config_checks`)."""
    from .config import load_config
    from .config_checks import validate_config

    return validate_config(load_config(config_path))


def build_pipeline(config_path: Path | None, stages: list[str] | None) -> tuple[Pipeline, Config]:
    """The pipeline of the configuration (or of the stages named), with clear errors."""
    from .pipeline import Pipeline

    config = load_checked_config(config_path)
    try:
        return Pipeline.from_config(config, stages), config
    except ModuleNotFoundError as exc:
        raise MissingModelError(
            f"a stage of the pipeline cannot be loaded ({exc}); reinstall unspin "
            f"(`pip install -e .`) or run fewer stages, e.g. --stages segments,language"
        ) from None


def _read(paths: list[str], max_bytes: int, failures: list[ArticleError],
          on_error: Callable[[ArticleError], None] | None = None,
          published: str | None = None, allow_private: bool = False,
          timeout: float = 20.0) -> Iterator[Article]:
    """Articles read from ``paths`` (files, or http(s) URLs fetched); each unreadable
    input is reported and collected."""
    from itertools import chain

    from .readers import read_paths

    files, urls = split_sources(paths)
    settings = fetch_settings(max_bytes, allow_private=allow_private, timeout=timeout)
    for item in chain(read_paths(files, max_bytes=max_bytes, fmt=None) if files else (),
                      read_urls(urls, settings)):
        if isinstance(item, InputError):
            failures.append(item)
            if on_error is not None:
                on_error(item)
            continue
        if published is not None:
            # The option says what the user knows: it overrides a date found in the input.
            item.meta["published"] = published
            item.meta["published_from"] = "option"
        yield item


@contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    try:
        with open(path, "w", encoding="utf-8") as fh:
            yield fh
    except OSError as exc:
        raise UnspinError(f"cannot write {path} ({exc.strerror}); check the -o path") from None


def _report_console(out: IO[str]) -> Console:
    if out is sys.stdout:
        return Console()
    return Console(file=out, width=100, no_color=True, force_terminal=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"unspin {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, metavar="",
                                          help="Print the version and exit.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", metavar="", help="Log what unspin does on "
                                          "stderr, with the tracebacks of failed analyses.")
                       ] = False,
) -> None:
    """Read news critically: who, where, when, how many, who says so, and how it is told.

    Every finding points at the exact characters of the article that justify it.
    """
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logger = logging.getLogger("unspin")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)


ConfigOption = Annotated[Path | None, typer.Option(
    "--config", "-c", help="TOML file merged over the default configuration.",
    exists=True, dir_okay=False)]
StagesOption = Annotated[str | None, typer.Option(
    "--stages", help="Comma-separated stages to run instead of the configured pipeline, "
                     "e.g. segments,language,parse,times.")]
MaxBytesOption = Annotated[int | None, typer.Option(
    "--max-bytes", min=1, help="Refuse input files larger than this (default: 5000000, "
                               "or input.max_bytes of the configuration).")]


# -- analyze ------------------------------------------------------------------------------


@app.command()
@friendly_errors
def analyze(
    paths: Annotated[list[str], typer.Argument(
        help="Text, HTML, JSONL or WARC files, folders, glob patterns, or http(s) URLs.",
        metavar="PATH")],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="text: a readable report; json: the schema (one object, or a "
                               "list for several articles); jsonl: one object per line; "
                               "html: a self-contained page.", metavar=_formats(OutputFormat),
        callback=_format_choice(OutputFormat))] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of the terminal.",
        dir_okay=False)] = None,
    published: Annotated[str | None, typer.Option(
        "--published", help="Publication date YYYY-MM-DD, the anchor of relative dates "
                            "(overrides a date found in the input).",
        callback=_check_published)] = None,
    config: ConfigOption = None,
    stages: StagesOption = None,
    max_bytes: MaxBytesOption = None,
    allow_private: AllowPrivateOption = False,
    timeout: TimeoutOption = 20.0,
) -> None:
    """Analyse articles and print a report or the JSON of each.

    A bad input gets one line on stderr (error: PATH: reason); the others are still analysed.

    Example:

        unspin analyze article.txt --published 2020-11-17

        unspin analyze feeds/*.jsonl --format jsonl -o analysed.jsonl

        unspin analyze https://www.example.org/2024/03/article.html
    """
    from .store.batches import analyse_stream

    pipeline, cfg = build_pipeline(config, _split_stages(stages))
    failures: list[ArticleError] = []
    report_error = lambda err: _error(str(err))
    articles = _read(paths, max_bytes or cfg.max_bytes, failures, report_error, published,
                     allow_private=allow_private, timeout=timeout)
    analysed = 0
    with _output(output) as out:
        collected: list[Article] = []
        console = _report_console(out) if fmt is OutputFormat.text else None
        for item in analyse_stream(articles, pipeline):
            if isinstance(item, ArticleError):
                failures.append(item)
                report_error(item)
                continue
            analysed += 1
            if console is not None:
                from .report.text import print_report

                print_report(item, console)
            elif fmt is OutputFormat.jsonl:
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            else:
                collected.append(item)
        if fmt is OutputFormat.json:
            data: Any = [a.to_dict() for a in collected]
            if len(data) == 1:
                data = data[0]
            out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        elif fmt is OutputFormat.html:
            out.write(_render_html(collected))
    if analysed == 0 and not failures:
        _error("no article found in the paths given; pass .txt, .html or .jsonl files or folders")
        raise typer.Exit(1)
    if failures:
        raise typer.Exit(1)


def _render_html(articles: list[Article]) -> str:
    try:
        from .report.html import render_html
    except ImportError as exc:
        raise MissingModelError(
            f"the HTML report is not available in this installation ({exc}); "
            f"use --format text or json"
        ) from None
    return render_html(articles)


# -- ingest -------------------------------------------------------------------------------


@app.command()
@friendly_errors
def ingest(
    db: Annotated[Path, typer.Option("--db", help="The SQLite store (created if missing).",
                                      dir_okay=False)],
    paths: Annotated[list[str] | None, typer.Argument(
        help="Text, HTML, JSONL or WARC files, folders, glob patterns, or http(s) URLs of "
             "article pages.", metavar="PATH")] = None,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", help="An RSS, Atom or JSON Feed (URL or file), or an OPML file of feeds; "
                       "repeat for several.")] = None,
    sitemap: Annotated[list[str] | None, typer.Option(
        "--sitemap", help="A sitemap or sitemap index (URL or file); repeat for several.")
                       ] = None,
    config: ConfigOption = None,
    stages: StagesOption = None,
    max_bytes: MaxBytesOption = None,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Articles analysed and stored per transaction.")] = 50,
    allow_private: AllowPrivateOption = False,
    delay: DelayOption = 1.0,
    timeout: TimeoutOption = 20.0,
    workers: WorkersOption = 4,
    retries: RetriesOption = 2,
    stories: StoriesOption = False,
) -> None:
    """Analyse articles and store them in a SQLite store with full-text search.

    Articles already stored are skipped before analysis: nothing is stored twice.

    Re-running the same command after an interruption resumes where it stopped.

    Example:

        unspin ingest corpus/ --db news.db

        unspin ingest feeds/*.jsonl --db news.db --stages segments,language

        unspin ingest --feed https://www.example.org/rss.xml --feed feeds.opml --db news.db

        unspin ingest crawl.warc.gz https://www.example.org/a.html --db news.db

        unspin ingest --feed feeds.opml --db news.db --stories
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .store import Store

    require_sources(paths or [], feed or [], sitemap or [])
    pipeline, cfg = build_pipeline(config, _split_stages(stages))
    files, urls = split_sources(paths or [])
    limit = max_bytes or cfg.max_bytes
    settings = fetch_settings(limit, allow_private=allow_private, delay=delay,
                              timeout=timeout, workers=workers, retries=retries)

    errors = Console(stderr=True)
    with Store(db) as store, Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=errors, disable=not errors.is_terminal, transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=None)

        def on_failure(err: ArticleError) -> None:
            # soft_wrap: one line per failed input, whatever the terminal width.
            progress.console.print(Text(f"error: {_safe(str(err))}"), soft_wrap=True)

        def on_progress(s: Any) -> None:
            progress.update(task, description=(
                f"read {s.read} · stored {s.stored} · already stored {s.already_stored}"
                f" · duplicates {s.duplicates_in_input} · failed {len(s.failed)}"))

        try:
            with web_reader(settings, store) as reader:
                summary = run_web_ingest(store, pipeline, reader, files, urls, feed or [],
                                         sitemap or [], limit, batch_size, on_failure,
                                         on_progress)
        except KeyboardInterrupt:
            _error(f"interrupted; {store.count()} articles are in {db}: run the same command "
                   f"again to resume")
            raise typer.Exit(130) from None
        total = store.count()
        linked = store.duplicates_linked
        story_line = place_in_stories(store) if stories else None
    _print_ingest_summary(summary, db, total)
    web = reader.stats
    if urls or feed or sitemap:
        print_summary_rows(Console(), "from the web", [
            ("feeds read", web.feeds), ("feeds not modified", web.feeds_not_modified),
            ("links", web.links), ("links already stored (not fetched)", web.already_stored),
            ("pages fetched", web.pages_fetched), ("HTTP requests", reader.fetcher.requests)])
    Console().print(Text(f"near-duplicates linked: {linked}", style="dim"))
    if story_line:
        Console().print(Text(story_line))
    if summary.failed:
        raise typer.Exit(1)


def _print_ingest_summary(summary: Any, db: Path, total: int) -> None:
    console = Console()
    table = Table(title=Text(f"ingest into {db}", style="bold"), title_justify="left",
                  show_header=False)
    table.add_column()
    table.add_column(justify="right")
    for label, value in (("read", summary.read), ("analysed", summary.analysed),
                         ("stored", summary.stored), ("already stored", summary.already_stored),
                         ("duplicates in input", summary.duplicates_in_input),
                         ("failed", len(summary.failed)), ("articles in store", total)):
        table.add_row(label, str(value))
    console.print(table)
    if summary.failed:
        # Each failed input already has its "error: PATH: reason" line on stderr; listing
        # them again here would print every failure twice.
        console.print(Text(f"{len(summary.failed)} failed inputs: see the error lines on "
                           f"stderr, also kept in the store's failures table", style="dim"))


# -- search, show, export -----------------------------------------------------------------

DbOption = Annotated[Path, typer.Option("--db", help="An existing store made by unspin ingest.",
                                        dir_okay=False)]


def _highlighted(snippet: str) -> Text:
    text = Text()
    for i, part in enumerate(re.split(f"[{_HL_START}{_HL_END}]", snippet)):
        text.append(_safe(part), style="bold yellow" if i % 2 else "")
    return text


@app.command()
@friendly_errors
def search(
    query: Annotated[str, typer.Argument(help="Words to find (FTS5 syntax: \"exact phrase\", "
                                              "AND, OR, NOT, prefix*).")],
    db: DbOption,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many "
                                                                     "articles.")] = 20,
) -> None:
    """Full-text search of the stored articles (accents and case ignored), best first.

    Words with hyphens or apostrophes (porte-parole, l'armée, covid-19) work as typed.

    Example:

        unspin search "roquettes ambassade" --db news.db

        unspin search '"état-major" OR armée' --db news.db --limit 50
    """
    from .store import Store
    from .store.database import shown_query

    with Store(db, create=False) as store:
        hits = store.search(query, limit=limit, markers=(_HL_START, _HL_END))
        total = store.search_count(query)
    console = Console()
    if not hits:
        console.print(Text(f"no article matches {_safe(shown_query(query))}"))
        return
    table = Table(show_lines=True, header_style="bold cyan")
    table.add_column("id", no_wrap=True)  # an id cut in two cannot be copied for `show`
    for column in ("published", "outlet", "title", "snippet"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        table.add_row(Text(hit.id), Text(_safe(hit.published or "–")),
                      Text(_safe(hit.outlet or "–")), Text(_safe(hit.title or "–")),
                      _highlighted(hit.snippet))
    console.print(table)
    console.print(Text(f"{len(hits)} of {total} matching articles shown", style="dim"))


@app.command()
@friendly_errors
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="An article id, or a unique "
                                                                  "prefix of it.")],
    db: DbOption,
    fmt: Annotated[str, typer.Option("--format", "-f",
                                            help="text report or the JSON.", metavar=_formats(ShowFormat),
        callback=_format_choice(ShowFormat))] = "text",
) -> None:
    """Show one stored article: its report or its JSON.

    ID is the id printed by unspin search, or any unique prefix of it. The text report
    ends with the article's near-duplicates (copies of it, or the story it copies).

    Example:

        unspin show 3f2a9c0d --db news.db --format json
    """
    from .cli_web_commands import print_duplicate_links
    from .store import Store

    with Store(db, create=False) as store:
        article = store.get(article_id)
        links = store.duplicate_links(article.id)
        titles = store.titles([x for link in links for x in (link.article_id, link.duplicate_of)])
    if fmt is ShowFormat.json:
        typer.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    else:
        from .report.text import print_report

        print_report(article, Console())
        if links:
            print_duplicate_links(Console(), links, titles, f"near-duplicates of {article.id}")


@app.command()
@friendly_errors
def export(
    db: DbOption,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="jsonl: the full JSON of each article; csv: one summary row "
                               "per article (columns in docs/cli.md); acled-csv: one row per "
                               "event, ACLED's columns then ours; geojson: one point per "
                               "located event.", metavar=_formats(ExportFormat),
        callback=_format_choice(ExportFormat))] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", dir_okay=False,
                                                help="Write to this file instead of stdout.")
                      ] = None,
) -> None:
    """Export every stored article as JSONL or CSV, or its events as ACLED CSV or GeoJSON.

    The CSVs start with a UTF-8 byte-order mark and defuse spreadsheet formulas.

    Example:

        unspin export --db news.db --format csv -o articles.csv
        unspin export --db news.db --format acled-csv -o events.csv
    """
    from .export import write_acled_csv, write_csv, write_geojson, write_jsonl
    from .store import Store

    writers = {ExportFormat.csv: write_csv, ExportFormat.jsonl: write_jsonl,
               ExportFormat.acled_csv: write_acled_csv, ExportFormat.geojson: write_geojson}
    with Store(db, create=False) as store, _output(output) as out:
        n = writers[ExportFormat(fmt)](store.iter_articles(), out)
    if output is not None:
        what = "articles" if fmt in (ExportFormat.csv, ExportFormat.jsonl) else "events"
        typer.echo(f"{n} {what} written to {output}", err=True)


# -- batch (Dask) -------------------------------------------------------------------------


@app.command()
@friendly_errors
def batch(
    shards: Annotated[list[str], typer.Argument(
        help="Input shards: JSONL, text or HTML files, folders or glob patterns; each one is "
             "a Dask task.", metavar="SHARD")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet shards (one per "
                                                    "input shard).", file_okay=False)],
    workers: Annotated[int, typer.Option("--workers", min=1, help="Local worker processes.")
                       ] = 2,
    scheduler: Annotated[str, typer.Option(
        "--scheduler", help="processes (a local pool), threads, synchronous, or the address "
                            "of a dask.distributed scheduler (tcp://host:8786).")] = "processes",
    config: ConfigOption = None,
    stages: StagesOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Analyse large corpora on Dask: each worker builds the pipeline once, Parquet out.

    Columns of each Parquet file: id, title, outlet, published, language, path, article_json.

    DuckDB, pandas or Spark read the output folder directly.

    Example:

        unspin batch shards/*.jsonl --out analysed/ --workers 2

        unspin batch shards/*.jsonl --out analysed/ --scheduler tcp://10.0.0.5:8786
    """
    from glob import glob

    from .distributed import analyze_shards

    cfg = load_checked_config(config)
    expanded: list[str] = []
    unmatched = 0
    for shard in shards:
        matches = sorted(glob(shard)) if any(c in shard for c in "*?[") else [shard]
        if not matches:
            unmatched += 1
            _error(f"{shard}: no file matches this pattern")
        expanded.extend(matches)
    if not expanded:
        typer.echo(f"0 articles analysed; {unmatched} inputs failed", err=True)
        raise typer.Exit(1)
    results = analyze_shards(expanded, out, config_path=str(config) if config else None,
                             stages=_split_stages(stages), scheduler=scheduler,
                             workers=workers, max_bytes=max_bytes or cfg.max_bytes)
    failed = 0
    for result in results:
        for message in result.errors:
            failed += 1
            _error(message)
    total = sum(r.articles for r in results)
    failed += unmatched  # a pattern that matched nothing is an input that failed
    typer.echo(f"{total} articles analysed from {len(results)} shards into {out}; "
               f"{failed} inputs failed", err=True)
    if failed or unmatched:
        raise typer.Exit(1)


# -- stages, eval -------------------------------------------------------------------------


@app.command()
@friendly_errors
def stages(config: ConfigOption = None) -> None:
    """List the stages, their backends, and what each requires and assigns.

    # is the position in the configured pipeline; the first backend is the default.

    Example:

        unspin stages --config my.toml
    """
    from .stage import BUILTIN_STAGES, backends_of, stage_class, stage_names

    pipeline = load_checked_config(config).stages
    table = Table(header_style="bold cyan", show_lines=True)
    # The names must stay readable at 80 columns: the first three never shrink away, and
    # a long layer name folds inside its cell rather than squeezing the others out.
    table.add_column("#", no_wrap=True, min_width=2)
    table.add_column("stage", no_wrap=True, min_width=15)
    table.add_column("backends", no_wrap=True, min_width=9)
    for column in ("requires", "uses (optional)", "assigns"):
        table.add_column(column, overflow="fold")
    for name in sorted(stage_names(), key=lambda n: (n not in pipeline,
                                                      pipeline.index(n) if n in pipeline else 0,
                                                      n)):
        requires: Text | str = "–"
        uses: Text | str = "–"
        assigns: Text | str = "–"
        if name in BUILTIN_STAGES:
            try:
                cls = stage_class(name)
            except ImportError as exc:
                requires = Text(f"not available ({exc})", style="red")
                cls = None
            if cls is not None:
                requires = "\n".join(cls.requires) or "–"
                uses = "\n".join(cls.uses) or "–"
                # (pruned): findings on page-furniture lines are dropped from that layer
                assigns = "\n".join(f"{a} (pruned)" if a in cls.prunes else a
                                    for a in cls.assigns) or "–"
        position = str(pipeline.index(name) + 1) if name in pipeline else ""
        table.add_row(position, name, ", ".join(backends_of(name)), requires, uses, assigns)
    Console().print(table)
    Console().print(Text("# = position in the configured pipeline; the first backend is the "
                         "default. requires: read and needed, assigned by an earlier stage; "
                         "uses: read when an earlier stage assigns it, else the stage falls "
                         "back on rules; (pruned): findings on page furniture (bylines, "
                         "credits, \"Lire aussi\") are dropped.", style="dim"))


def _flatten(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix, data


@app.command(name="eval")
@friendly_errors
def eval_(
    name: Annotated[str, typer.Argument(help="The evaluation to run (a module of "
                                             "unspin.evaluation).")],
    data: Annotated[Path | None, typer.Option("--data", help="Data to evaluate on (default: "
                                                             "the evaluation's own).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, or json for "
                                                                   "scripts.", metavar=_formats(EvalFormat),
        callback=_format_choice(EvalFormat))] = "table",
) -> None:
    """Run an evaluation and print the figures it measured.

    An unknown name is a usage error that lists the evaluations available.

    Example:

        unspin eval timebank --data ../shared/data/fr-timebank
    """
    from .evaluation import available

    known = available()
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name not in known:
        raise ConfigError(f"unknown evaluation {name!r}; available: "
                          f"{', '.join(known) or '(none installed)'}")
    module = importlib.import_module(f"unspin.evaluation.{name}")
    result = module.evaluate(data)
    if fmt is EvalFormat.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    table = Table(title=Text(f"evaluation {name}", style="bold"), title_justify="left",
                  header_style="bold cyan")
    table.add_column("measure", overflow="fold")
    table.add_column("value", justify="right")
    for key, value in _flatten(result):
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        table.add_row(Text(key), Text(shown))
    Console().print(table)


def _register_corpus_commands() -> None:
    # Imported here: cli_corpus imports the shared helpers above from this module.
    from .cli_corpus import register

    register(app)


register_web_commands(app, Helpers(
    friendly_errors=friendly_errors, error=_error, safe=_safe, build_pipeline=build_pipeline,
    split_stages=_split_stages))


def main() -> None:
    """Entry point of the ``unspin`` script: exit codes 0, 1 (failed inputs), 2 (usage)."""
    try:
        app()
    except UnspinError as exc:  # raised by sub-commands that do not catch their own
        _error(str(exc))
        sys.exit(2 if isinstance(exc, (ConfigError, PipelineError, InstallError)) else 1)


if __name__ == "__main__":
    # `python -m unspin.cli`: run the importable module, where the corpus commands are
    # registered (registering them here would import this file twice, in a cycle).
    from unspin.cli import main as _main

    _main()
else:
    _register_corpus_commands()
