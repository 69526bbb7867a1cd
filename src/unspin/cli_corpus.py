"""CLI commands of the corpus view: ``unspin stories``, ``compare``, ``outlets``, ``serve``.

Registered on the main app by :func:`register` (called from ``unspin.cli``). Each command
validates its options, then calls the plain functions of ``unspin.corpus`` and
``unspin.store``; only ``stories --update`` writes to the store.
"""

from __future__ import annotations

import ipaddress
import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from .cli import Console, DbOption, _format_choice, _formats, _safe, friendly_errors


class TableFormat(str, Enum):
    table = "table"
    json = "json"


class Period(str, Enum):
    month = "month"
    week = "week"


FormatOption = Annotated[str, typer.Option(
    "--format", "-f", help="A table for people, or the JSON of the web API.",
    metavar=_formats(TableFormat), callback=_format_choice(TableFormat))]


def _json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _cell(value: Any) -> Text:
    return Text(_safe("–" if value is None or value == "" else str(value)))


def stories(
    db: DbOption,
    update: Annotated[bool, typer.Option(
        "--update", help="First put every article that has no story yet into one "
                         "(incremental: stored stories are kept).")] = False,
    threshold: Annotated[float | None, typer.Option(
        "--threshold", min=0.0, max=1.0, help="With --update: score an article needs to join "
                                              "a story (default 0.40).")] = None,
    window_days: Annotated[int | None, typer.Option(
        "--window-days", min=0, help="With --update: days around a story's dates within which "
                                     "an article may join it (default 3).")] = None,
    min_size: Annotated[int, typer.Option("--min-size", min=1,
                                          help="List only stories of at least this many "
                                               "articles.")] = 1,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1,
                                       help="List at most this many stories.")] = 50,
    fmt: FormatOption = "table",
) -> None:
    """List the stories of the store: articles of several outlets telling the same event.

    Stories are made by --update (articles in French, English and other languages meet
    through a multilingual sentence encoder and shared entities and places).

    Example:

        unspin stories --db news.db --update

        unspin stories --db news.db --min-size 3 --format json
    """
    from .store import Store
    from .store.stories import list_stories, update_stories

    if update:
        with Store(db, create=False) as store:
            placed, created = update_stories(store, threshold=threshold,
                                             window_days=window_days)
        Console(stderr=True).print(Text(f"{placed} articles placed, {created} new stories",
                                        style="dim"))
    with Store(db, read_only=True) as store:
        rows = list_stories(store, min_size=min_size, limit=limit)
    if fmt is TableFormat.json:
        _json([r.to_dict() for r in rows])
        return
    if not rows:
        Console().print(Text("no stories yet: run `unspin stories --update --db "
                             f"{_safe(str(db))}`"))
        return
    table = Table(header_style="bold cyan")
    for column in ("story", "size", "dates", "languages", "outlets", "title"):
        table.add_column(column, overflow="fold")
    for r in rows:
        dates = r.first_published if r.first_published == r.last_published else \
            f"{r.first_published} → {r.last_published}"
        table.add_row(str(r.id), str(r.size), _cell(dates), _cell(", ".join(r.languages)),
                      _cell(", ".join(r.outlets)), _cell(r.title))
    Console().print(table)


def compare(
    story_id: Annotated[int, typer.Argument(metavar="STORY_ID",
                                            help="A story id, as listed by unspin stories.")],
    db: DbOption,
    fmt: FormatOption = "table",
) -> None:
    """Compare how each outlet tells one story: figures, sources, hedges, techniques.

    Figures that outlets give differently are listed first.

    Example:

        unspin compare 3 --db news.db
    """
    from .corpus.compare import compare_stored_story
    from .store import Store

    with Store(db, read_only=True) as store:
        result = compare_stored_story(store, story_id)
    if fmt is TableFormat.json:
        _json(result)
        return
    console = Console()
    console.print(Text(f"story {story_id}: {_safe(str(result['title']))} "
                       f"({result['size']} articles)", style="bold"))
    if result["disagreements"]:
        table = Table(title="figures that differ", header_style="bold red", title_justify="left")
        table.add_column("what")
        for column in result["outlets"]:
            table.add_column(_safe(column["outlet"]), overflow="fold")
        for d in result["disagreements"]:
            table.add_row(_cell(d["what"]), *[
                _cell(", ".join(d["texts"].get(c["outlet"], [])) or None)
                for c in result["outlets"]])
        console.print(table)
    table = Table(header_style="bold cyan")
    table.add_column("")
    for column in result["outlets"]:
        table.add_column(_safe(column["outlet"]), overflow="fold")

    def row(label: str, render: Any) -> None:
        table.add_row(label, *[_cell(render(c)) for c in result["outlets"]])

    row("languages", lambda c: ", ".join(c["languages"]))
    row("lead figure", lambda c: c["lead_figure"]["text"] if c["lead_figure"] else None)
    row("places", lambda c: ", ".join(p["name"] for p in c["places"][:6]))
    row("dates", lambda c: ", ".join(d["value"] for d in c["dates"][:4]))
    row("sources", lambda c: "; ".join(f"{s['source']} ({s['type']})" for s in c["sources"][:4]))
    for key in ("named", "anonymous", "unattributed", "hedged", "asserted"):
        row(f"claims {key}", lambda c, key=key: c["who_says_so"][key])
    row("techniques", lambda c: ", ".join(t["technique"] for t in c["techniques"][:5]))
    row("loaded words", lambda c: ", ".join(w["words"] for w in c["loaded_words"][:5]))
    row("genre", lambda c: ", ".join(c["genre"]))
    row("frames", lambda c: ", ".join(f["frame"] for f in c["frames"][:3]))
    console.print(table)


def outlets(
    db: DbOption,
    name: Annotated[str | None, typer.Argument(
        metavar="[OUTLET]", help="Profile this outlet (exact name as listed).")] = None,
    period: Annotated[str, typer.Option(
        "--period", help="Profile periods: month or week.", metavar=_formats(Period),
        callback=_format_choice(Period))] = "month",
    fmt: FormatOption = "table",
) -> None:
    """List the outlets of the store, or profile one outlet period by period.

    Example:

        unspin outlets --db news.db

        unspin outlets "Radio Nord Info" --db news.db --period week --format json
    """
    from .corpus.outlets import profile_outlet
    from .store import Store
    from .store.outlets import list_outlets, outlet_articles

    with Store(db, read_only=True) as store:
        if name is None:
            rows = list_outlets(store)
            profile = None
        else:
            profile = profile_outlet(name, outlet_articles(store, name),
                                     period=Period(period).value)
    console = Console()
    if profile is None:
        if fmt is TableFormat.json:
            _json([r.to_dict() for r in rows])
            return
        table = Table(header_style="bold cyan")
        for column in ("outlet", "articles", "languages", "from", "to"):
            table.add_column(column, overflow="fold")
        for r in rows:
            table.add_row(_cell(r.outlet), str(r.articles), _cell(", ".join(r.languages)),
                          _cell(r.first_published), _cell(r.last_published))
        console.print(table)
        return
    if fmt is TableFormat.json:
        _json(profile)
        return
    console.print(Text(f"{_safe(profile['outlet'])}: {profile['totals']['articles']} articles",
                       style="bold"))
    table = Table(header_style="bold cyan")
    for column in ("period", "articles", "unsourced", "anonymous sources", "hedged",
                   "techniques /1000 words"):
        table.add_column(column, overflow="fold")
    for p in profile["periods"]:
        rates = ", ".join(f"{k} {v}" for k, v in p["techniques_per_1000_words"].items() if v)
        table.add_row(p["period"], str(p["articles"]), _cell(p["unsourced_share"]),
                      _cell(p["anonymous_source_share"]), _cell(p["hedged_share"]),
                      _cell(rates))
    console.print(table)
    console.print(Text("loaded words: " + _safe(", ".join(
        w["words"] for w in profile["loaded_words"]) or "–")))
    console.print(Text("genre: " + _safe(", ".join(
        f"{g} {n}" for g, n in profile["genre_mix"].items()) or "–")))
    console.print(Text("entities: " + _safe("; ".join(
        f"{e['name']} ({e['mentions']}: " + ", ".join(f["form"] for f in e["forms"][:3]) + ")"
        for e in profile["entities"][:8]) or "–")))


def _check_host(host: str) -> str:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if host != "localhost":
            raise typer.BadParameter(f"{host!r} is not an IP address; use 127.0.0.1 "
                                     f"(default) or the address of one interface") from None
    return host


def serve(
    db: DbOption,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; anything but "
                                                     "127.0.0.1 exposes the store.",
                                      callback=_check_host)] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535,
                                      help="TCP port to listen on.")] = 8000,
) -> None:
    """Serve the web app (search, articles, stories, outlets, map) over a store, read-only.

    Everything is served by unspin itself: no CDN, font or map tile, it works offline.

    Example:

        unspin serve --db news.db --port 8000
    """
    import uvicorn

    from .web.app import create_app

    application = create_app(Path(db))
    if host not in ("127.0.0.1", "localhost", "::1"):
        Console(stderr=True).print(Text(f"warning: listening on {host}: anyone who can reach "
                                        f"it can read the store", style="yellow"))
    shown = f"[{host}]" if ":" in host else host
    Console(stderr=True).print(Text(f"serving {db} read-only on http://{shown}:{port}/ "
                                    f"(Ctrl-C to stop)"))
    uvicorn.run(application, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add the corpus commands to the ``unspin`` app."""
    for command in (stories, compare, outlets, serve):
        app.command()(friendly_errors(command))
