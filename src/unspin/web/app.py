"""The web app: server-rendered pages and a JSON API over one store, read-only.

``create_app(db)`` builds a FastAPI application. Design choices, and why:

- **Read-only**: every request reads through a SQLite connection opened with ``mode=ro``
  (one per worker thread), so no bug or request can change the store; stories are written
  by ``unspin stories --update``.
- **Hostile article data**: Jinja2 autoescaping everywhere, links only for http(s) URLs,
  and a strict Content-Security-Policy on every response (``script-src 'self'``, no inline
  script or handler, nothing loaded from another origin): even markup that escaped the
  escaping could not run or fetch anything.
- **Offline**: CSS, JS and the basemap (Natural Earth outlines) are files of the package;
  no CDN, font or tile. FastAPI's interactive docs load from a CDN, so they are disabled;
  the OpenAPI document is at ``/openapi.json``.
- **Host check**: only the host names the server was started for are answered, so a web
  page elsewhere cannot reach the local server through DNS rebinding.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..corpus.compare import compare_stored_story
from ..corpus.outlets import PERIODS, profile_outlet
from ..errors import StoreError
from ..report.html import render_article
from ..store.database import Store
from ..store.outlets import list_outlets, outlet_articles
from ..store.stories import list_stories, story_of
from ..techniques.explanations import family_name, technique_name
from ..techniques.taxonomy import FAMILIES
from . import queries
from .render import bar_chart, line_chart, path_part, safe_href, snippet_html, world_map

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
Text = Annotated[str | None, Query()]


class _Stores:
    """One read-only Store per thread (sqlite3 connections are not shared across threads)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.local = threading.local()
        Store(db, read_only=True).close()  # fail now, with the store's own message

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = Store(self.db, read_only=True)
            self.local.store = store
        return store


class _FacetMenus:
    """The search form's menus (every outlet, language, technique, event type), read at
    most once a minute: listing distinct values walks whole indexes on a large store."""

    TTL_SECONDS = 60.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values: dict[str, list[str]] | None = None
        self.read_at = 0.0

    def get(self, store: Store) -> dict[str, list[str]]:
        with self.lock:
            if self.values is None or time.monotonic() - self.read_at > self.TTL_SECONDS:
                self.values = queries.facet_values(store)
                self.read_at = time.monotonic()
            return self.values


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True  # also for templates whose name does not end in .html
    env.globals.update(safe_href=safe_href, path_part=path_part, version=__version__,
                       technique_name=technique_name, family_name=family_name)
    return templates


def create_app(db: Path, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The web app over the store ``db`` (StoreError when it is not a readable store)."""
    stores = _Stores(Path(db))
    menus = _FacetMenus()
    templates = _templates()
    app = FastAPI(title="unspin", version=__version__, docs_url=None, redoc_url=None,
                  description="Read-only JSON API over an unspin store: the same JSON as the "
                              "CLI (`unspin show --format json`, `stories`, `compare`, "
                              "`outlets`).")
    app.add_middleware(TrustedHostMiddleware,
                       allowed_hosts=list(allowed_hosts or LOCAL_HOSTS))

    @app.middleware("http")
    async def security_headers(request: Request,
                               call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        return response

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    report_assets = resources.files("unspin.report").joinpath("assets")

    @app.get("/assets/report.{kind}", include_in_schema=False)
    def report_asset(kind: str) -> Response:
        if kind not in ("css", "js"):
            return Response(status_code=404)
        body = report_assets.joinpath(f"report.{kind}").read_text(encoding="utf-8")
        media = "text/css" if kind == "css" else "text/javascript"
        return Response(body, media_type=media, headers={"Cache-Control": "max-age=3600"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def not_found(request: Request, error: StoreError, api: bool) -> Response:
        # The store's path on the server is nobody else's business.
        message = str(error).replace(str(stores.db), "the store")
        if api:
            return JSONResponse({"detail": message}, status_code=404)
        return page(request, "error.html", status=404, message=message)

    # -- JSON API ----------------------------------------------------------------------

    def _filters(q: str, outlet: str | None, language: str | None, date_from: str | None,
                 date_to: str | None, technique: str | None, event_type: str | None,
                 limit: int, offset: int) -> queries.SearchFilters:
        return queries.SearchFilters(q, outlet or None, language or None, date_from or None,
                                     date_to or None, technique or None, event_type or None,
                                     limit, offset)

    @app.get("/api/search", tags=["api"], summary="Full-text search with facets")
    def api_search(request: Request, q: str = "", outlet: Text = None, language: Text = None,
                   date_from: Text = None, date_to: Text = None, technique: Text = None,
                   event_type: Text = None, limit: Annotated[int, Query(ge=1, le=200)] = 20,
                   offset: Annotated[int, Query(ge=0)] = 0) -> Any:
        try:
            result = queries.search(stores.get(), _filters(
                q, outlet, language, date_from, date_to, technique, event_type, limit, offset))
        except StoreError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=400)
        for hit in result["hits"]:
            hit["snippet"] = (hit["snippet"] or "").replace(queries.MARK_START, "[").replace(
                queries.MARK_END, "]")
        return result

    @app.get("/api/articles/{article_id}", tags=["api"],
             summary="One article: the JSON of `unspin show --format json`")
    def api_article(request: Request, article_id: str) -> Any:
        try:
            return stores.get().get(article_id).to_dict()
        except StoreError as exc:
            return not_found(request, exc, api=True)

    @app.get("/api/stories", tags=["api"], summary="Stories (`unspin stories --format json`)")
    def api_stories(min_size: Annotated[int, Query(ge=1)] = 1,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                    outlet: Text = None) -> Any:
        return [r.to_dict() for r in list_stories(stores.get(), min_size, limit, outlet or None)]

    @app.get("/api/stories/{story_id}", tags=["api"],
             summary="One story compared (`unspin compare --format json`)")
    def api_story(request: Request, story_id: int) -> Any:
        try:
            return compare_stored_story(stores.get(), story_id)
        except StoreError as exc:
            return not_found(request, exc, api=True)

    @app.get("/api/outlets", tags=["api"], summary="Outlets (`unspin outlets --format json`)")
    def api_outlets() -> Any:
        return [r.to_dict() for r in list_outlets(stores.get())]

    @app.get("/api/outlets/{name:path}", tags=["api"],
             summary="One outlet's profile (`unspin outlets NAME --format json`)")
    def api_outlet(request: Request, name: str,
                   period: Annotated[str, Query(pattern="^(month|week)$")] = "month") -> Any:
        try:
            return profile_outlet(name, outlet_articles(stores.get(), name), period)
        except StoreError as exc:
            return not_found(request, exc, api=True)

    @app.get("/api/map", tags=["api"], summary="Places and events, with counts")
    def api_map(story: int | None = None, outlet: Text = None, date_from: Text = None,
                date_to: Text = None) -> Any:
        return queries.map_points(stores.get(), story, outlet or None, date_from or None,
                                  date_to or None)

    @app.get("/api/timeline", tags=["api"], summary="Articles and events per day")
    def api_timeline(story: int | None = None, outlet: Text = None, date_from: Text = None,
                     date_to: Text = None) -> Any:
        return queries.timeline(stores.get(), story, outlet or None, date_from or None,
                                date_to or None)

    # -- pages -------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", outlet: str = "", language: str = "",
                    date_from: str = "", date_to: str = "", technique: str = "",
                    event_type: str = "", offset: int = 0) -> Response:
        store = stores.get()
        filters = _filters(q, outlet, language, date_from, date_to, technique, event_type,
                           20, max(0, offset))
        error = None
        result: dict[str, Any] = {"total": 0, "hits": [], "facets": {}}
        try:
            result = queries.search(store, filters)
        except StoreError as exc:
            error = str(exc)
        for hit in result["hits"]:
            hit["snippet_html"] = snippet_html(hit["snippet"] or "", queries.MARK_START,
                                               queries.MARK_END)
        return page(request, "search.html", filters=filters, result=result, error=error,
                    choices=menus.get(store), title="Search")

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> Response:
        store = stores.get()
        try:
            article = store.get(article_id)
        except StoreError as exc:
            return not_found(request, exc, api=False)
        places = [{"name": a.attrs.get("name") or article.span_text(a), "lat": a.attrs.get("lat"),
                   "lon": a.attrs.get("lon"), "articles": 1} for a in article.layer("places")]
        located = article.layer("places")
        events = []
        for event in article.layers.get("events") or []:
            index = event.attrs.get("place")
            if isinstance(index, int) and 0 <= index < len(located):
                p = located[index].attrs
                events.append({"event_type": event.attrs.get("event_type"),
                               "sub_event_type": event.attrs.get("sub_event_type"),
                               "place": p.get("name"), "lat": p.get("lat"), "lon": p.get("lon"),
                               "count": 1})
        return page(request, "article.html", article=article, title=article.meta.get("title"),
                    report=render_article(article), story=story_of(store, article.id),
                    map=world_map(places, events, "places and events of the article")
                    if places or events else None)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, min_size: int = 2) -> Response:
        rows = list_stories(stores.get(), max(1, min_size), 200)
        return page(request, "stories.html", stories=rows, min_size=min_size, title="Stories")

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: int) -> Response:
        store = stores.get()
        try:
            result = compare_stored_story(store, story_id)
        except StoreError as exc:
            return not_found(request, exc, api=False)
        points = queries.map_points(store, story=story_id)
        differing = {(d["what"], o) for d in result["disagreements"] for o in d["values"]}
        return page(request, "story.html", story=result, differing=differing,
                    title=result["title"], map=world_map(points["places"], points["events"],
                                                         "places and events of the story"))

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(request: Request) -> Response:
        return page(request, "outlets.html", outlets=list_outlets(stores.get()), title="Outlets")

    @app.get("/outlets/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(request: Request, name: str, period: str = "month") -> Response:
        period = period if period in PERIODS else "month"
        try:
            profile = profile_outlet(name, outlet_articles(stores.get(), name), period)
        except StoreError as exc:
            return not_found(request, exc, api=False)
        labels = [p["period"] for p in profile["periods"]]
        plots = {
            "articles": bar_chart(labels, {"articles": [p["articles"] for p in
                                                        profile["periods"]]},
                                  "articles per period"),
            "shares": line_chart(labels, {
                "unsourced claims": [p["unsourced_share"] for p in profile["periods"]],
                "anonymous sources": [p["anonymous_source_share"] for p in profile["periods"]],
                "hedged claims": [p["hedged_share"] for p in profile["periods"]]},
                "shares of unsourced claims, anonymous sources and hedged claims"),
            "techniques": bar_chart(labels, {
                family_name(f, "en"): [p["techniques_per_1000_words"][f]
                                       for p in profile["periods"]] for f in FAMILIES},
                "techniques per 1,000 words by family"),
        }
        return page(request, "outlet.html", profile=profile, plots=plots, title=name,
                    period=period)

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, story: int | None = None, outlet: str = "",
                 date_from: str = "", date_to: str = "") -> Response:
        store = stores.get()
        points = queries.map_points(store, story, outlet or None, date_from or None,
                                    date_to or None)
        days = queries.calendar_series(
            queries.timeline(store, story, outlet or None, date_from or None, date_to or None))
        unit = "month" if days and len(days[0]["day"]) == 7 else "day"
        series: dict[str, list[float]] = {"articles": [d["articles"] for d in days]}
        if any(d["events"] for d in days):
            series["events"] = [d["events"] for d in days]
        return page(request, "map.html", points=points, title="Map and timeline",
                    map=world_map(points["places"], points["events"]),
                    timeline=bar_chart([d["day"] for d in days], series,
                                       f"articles and events per {unit}", stacked=False),
                    timeline_unit=unit,
                    outlet=outlet, story=story, date_from=date_from, date_to=date_to,
                    outlets=[o.outlet for o in list_outlets(store)])

    return app
