"""Feeds, OPML lists, sitemaps and URLs to a stream of Articles (and FetchErrors).

:class:`WebReader` yields what ``unspin.store.ingest`` consumes, so web sources get the
same batching, idempotence and failure records as files. With a store, links already
stored (or recorded as failed pages) are not fetched again, and a feed is asked with its
last ETag / Last-Modified; the new feed state is kept in :attr:`WebReader.feed_states` and
saved by the caller only once the run's articles are stored (:meth:`save_feed_states`), so
an interrupted run reads the feed again in full next time instead of missing items.
"""

from __future__ import annotations

import logging
import threading
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..model import Article
from .client import Fetcher
from .decompress import TooLarge, gunzip_capped
from .errors import FetchError
from .feeds import FeedItem, looks_like_opml, parse_feed, parse_opml, parse_sitemap
from .pages import page_article

log = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


class WebStore(Protocol):
    """What the reader asks of the store (``unspin.store.Store`` is one)."""

    def known_urls(self, urls: Iterable[str]) -> set[str]: ...

    def failed_urls(self, kind: str = "page") -> set[str]: ...

    def feed_state(self, url: str) -> tuple[str | None, str | None]: ...

    def save_feed_state(self, url: str, title: str | None, etag: str | None,
                        last_modified: str | None) -> None: ...


@dataclass
class FeedState:
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None


@dataclass
class WebStats:
    """What a run did on the web (the CLI prints it; ``watch`` logs it per round)."""

    feeds: int = 0
    feeds_not_modified: int = 0
    links: int = 0
    already_stored: int = 0   # links not fetched: stored, or failed before
    pages_fetched: int = 0
    failed: int = 0


@dataclass
class _Link:
    url: str
    hints: dict[str, Any] = field(default_factory=dict)
    named: bool = False  # given by the user, not found in a feed or sitemap


def is_url(value: str) -> bool:
    """True for an http(s) URL (anything else given on the command line is a path)."""
    return value.lower().startswith(("http://", "https://"))


class WebReader:
    """Read web sources through one :class:`Fetcher`, optionally skipping what a store has.

    ``stop`` (a threading.Event) ends the stream at the next article: ``unspin watch``
    sets it on Ctrl-C or SIGTERM so the articles already read are still stored.
    ``retry_failed`` fetches links recorded as failed pages too (``unspin failures --retry``).
    """

    def __init__(self, fetcher: Fetcher, store: WebStore | None = None,
                 stop: threading.Event | None = None, max_file_bytes: int = 5_000_000,
                 retry_failed: bool = False) -> None:
        self.fetcher = fetcher
        self.store = store
        self.stop = stop or threading.Event()
        self.max_file_bytes = max_file_bytes
        self.retry_failed = retry_failed
        self.stats = WebStats()
        self.feed_states: list[FeedState] = []
        # feed URL -> its response (or the error) when requested ahead by ``_prefetch``
        self._fetched: dict[str, Any] = {}

    # -- entry point ---------------------------------------------------------------------

    def read(self, urls: Iterable[str] = (), feeds: Iterable[str] = (),
             sitemaps: Iterable[str] = ()) -> Iterator[Article | FetchError]:
        """Articles of the pages ``urls``, of the items of ``feeds`` (URLs, feed files or
        OPML files) and of the pages listed by ``sitemaps``; a FetchError per bad source."""
        links: list[_Link] = [_Link(u, named=True) for u in urls]
        errors: list[FetchError] = []
        feeds = list(feeds)
        self._prefetch(feeds)
        for ref in feeds:
            if self.stop.is_set():
                break
            links += self._feed_links(ref, errors)
        for ref in sitemaps:
            if self.stop.is_set():
                break
            links += self._sitemap_links(ref, errors, depth=0)
        yield from errors
        yield from self._pages(self._new_links(links))

    def save_feed_states(self) -> None:
        """Remember the feeds read in full (call after their articles are stored)."""
        if self.store is not None:
            for state in self.feed_states:
                self.store.save_feed_state(state.url, state.title, state.etag,
                                           state.last_modified)
        self.feed_states.clear()

    # -- feeds ---------------------------------------------------------------------------

    def _read_local(self, ref: str, kind: str) -> bytes:
        path = Path(ref).expanduser()
        try:
            size = path.stat().st_size
            if size > self.max_file_bytes:
                raise FetchError(ref, f"file is {size:,} bytes, over the "
                                      f"{self.max_file_bytes:,}-byte limit", kind)
            return path.read_bytes()
        except FileNotFoundError:
            raise FetchError(ref, "no such file, and not an http(s) URL", kind) from None
        except OSError as exc:
            raise FetchError(ref, f"cannot be read ({exc.strerror or exc})", kind) from None

    def _feed_links(self, ref: str, errors: list[FetchError],
                    from_opml: bool = False) -> list[_Link]:
        try:
            if is_url(ref):
                data, content_type = self._fetch_feed(ref)
                if data is None:
                    return []
            else:
                data, content_type = self._read_local(ref, "feed"), ""
            if looks_like_opml(data):
                if from_opml:
                    raise FetchError(ref, "an OPML file inside an OPML file is not followed",
                                     "opml")
                links: list[_Link] = []
                listed = parse_opml(data, ref)
                self._prefetch(listed)
                for feed_url in listed:
                    if self.stop.is_set():
                        break
                    links += self._feed_links(feed_url, errors, from_opml=True)
                return links
            feed = parse_feed(data, ref, content_type)
        except FetchError as exc:
            exc.kind = "opml" if exc.kind == "opml" else "feed"
            errors.append(exc)
            self.stats.failed += 1
            return []
        self.stats.feeds += 1
        if is_url(ref) and self.feed_states and self.feed_states[-1].url == ref:
            self.feed_states[-1].title = feed.title or None
        return [_Link(item.link, self._hints(item, feed.title, ref)) for item in feed.items]

    def _prefetch(self, refs: list[str]) -> None:
        """Request the feeds at ``refs`` (URLs) all at once, ``workers`` at a time, before
        they are read in order: a round of many outlets' feeds takes about as long as the
        slowest, not their sum (each host is still asked politely: one request at a time,
        ``delay`` apart)."""
        urls = [r for r in dict.fromkeys(refs) if is_url(r) and r not in self._fetched]
        workers = min(max(1, self.fetcher.settings.workers), len(urls))
        if workers < 2:
            return
        # the store answers in this thread only (SQLite); the requests run in the pool
        headers = {url: self._conditional_headers(url) for url in urls}
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="unspin-feeds") as pool:
            futures = {url: pool.submit(self._request_feed, url, headers[url]) for url in urls}
        for url, future in futures.items():
            error = future.exception()
            self._fetched[url] = error if error is not None else future.result()

    def _conditional_headers(self, url: str) -> dict[str, str]:
        etag, modified = self.store.feed_state(url) if self.store is not None else (None, None)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return headers

    def _request_feed(self, url: str, headers: dict[str, str]) -> Any:
        return self.fetcher.get(url, kind="feed", headers=headers, accept=FEED_ACCEPT)

    def _fetch_feed(self, url: str) -> tuple[bytes | None, str]:
        fetched = self._fetched.pop(url, None)
        if isinstance(fetched, BaseException):
            raise fetched
        response = fetched if fetched is not None else self._request_feed(
            url, self._conditional_headers(url))
        if response.status == 304:
            self.stats.feeds += 1
            self.stats.feeds_not_modified += 1
            return None, ""
        self.feed_states.append(FeedState(url, None, response.headers.get("etag"),
                                          response.headers.get("last-modified")))
        return response.content, response.content_type

    @staticmethod
    def _hints(item: FeedItem, feed_title: str, feed_ref: str) -> dict[str, Any]:
        hints: dict[str, Any] = {"feed": feed_ref}
        for key, value in (("title", item.title), ("published", item.published),
                           ("author", item.author), ("outlet", feed_title)):
            if value:
                hints[key] = value
        return hints

    # -- sitemaps ------------------------------------------------------------------------

    def _sitemap_links(self, ref: str, errors: list[FetchError], depth: int) -> list[_Link]:
        try:
            if is_url(ref):
                data = self.fetcher.get(ref, kind="sitemap",
                                        accept="application/xml, text/xml;q=0.9").content
            else:
                data = self._read_local(ref, "sitemap")
            if data[:2] == b"\x1f\x8b":  # sitemap.xml.gz served as a file, not an encoding
                try:
                    data = gunzip_capped(data, self.fetcher.settings.max_bytes)
                except TooLarge as exc:
                    raise FetchError(ref, f"too large: {exc}", "sitemap") from None
                except (OSError, EOFError, zlib.error) as exc:
                    raise FetchError(ref, f"corrupt gzip file ({exc})", "sitemap") from None
            pages, children = parse_sitemap(data, ref)
        except FetchError as exc:
            exc.kind = "sitemap"
            errors.append(exc)
            self.stats.failed += 1
            return []
        links = [_Link(page, {"sitemap": ref}) for page in pages]
        for child in children:
            if depth + 1 > MAX_SITEMAP_DEPTH:
                errors.append(FetchError(child, f"sitemap index nested more than "
                                                f"{MAX_SITEMAP_DEPTH} levels deep", "sitemap"))
                self.stats.failed += 1
                break
            if self.stop.is_set():
                break
            links += self._sitemap_links(child, errors, depth + 1)
        return links

    # -- pages ---------------------------------------------------------------------------

    def _new_links(self, links: list[_Link]) -> list[_Link]:
        """``links`` without repeats, without those the store has (or failed on before)."""
        unique: dict[str, _Link] = {}
        for link in links:
            unique.setdefault(link.url, link)
        self.stats.links += len(unique)
        if self.store is None:
            return list(unique.values())
        skip = self.store.known_urls(unique)
        if not self.retry_failed:
            # A link from a feed or sitemap that failed before waits for `failures
            # --retry`; a URL the user names is always tried again.
            skip |= {url for url in self.store.failed_urls("page") & set(unique)
                     if not unique[url].named}
        self.stats.already_stored += len(skip)
        return [link for url, link in unique.items() if url not in skip]

    def _fetch_page(self, link: _Link) -> Article | FetchError:
        try:
            response = self.fetcher.get(link.url, kind="page", accept=PAGE_ACCEPT)
            return page_article(response, link.hints)
        except FetchError as exc:
            exc.feed = link.hints.get("feed")
            return exc

    def _pages(self, links: list[_Link]) -> Iterator[Article | FetchError]:
        """Fetch pages on a few threads (per-host limits are the fetcher's), in order."""
        workers = max(1, self.fetcher.settings.workers)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="unspin-fetch") as pool:
            pending: deque[Future[Article | FetchError]] = deque()
            todo = iter(links)
            try:
                while True:
                    while len(pending) < 2 * workers and not self.stop.is_set():
                        link = next(todo, None)
                        if link is None:
                            break
                        pending.append(pool.submit(self._fetch_page, link))
                    if not pending:
                        return
                    result = pending.popleft().result()
                    if isinstance(result, FetchError):
                        self.stats.failed += 1
                    else:
                        self.stats.pages_fetched += 1
                    yield result
            finally:
                for future in pending:
                    future.cancel()
