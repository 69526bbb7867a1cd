"""Feeds (RSS 2.0, Atom, JSON Feed), OPML lists of feeds, and sitemaps, parsed from bytes.

Parsing never touches the network: the caller fetches (or reads a file) and passes the
bytes. RSS and Atom go through feedparser (which copes with the many broken feeds in the
wild); JSON Feed is plain JSON. OPML and sitemaps are read with ElementTree, whose expat
parser refuses entity-expansion bombs; their sizes are capped by the fetcher.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from .errors import FetchError

MAX_ITEMS = 10_000  # per feed or sitemap: a runaway generator is not followed further


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: the link to fetch, and what the feed says of it."""

    link: str
    id: str = ""
    title: str = ""
    published: str = ""
    author: str = ""


@dataclass
class ParsedFeed:
    """A feed's title and items, in the feed's order."""

    title: str = ""
    items: list[FeedItem] = field(default_factory=list)


# Query parameters that only say where a click came from: the same article is linked with
# different values from a feed, a newsletter or a social network.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "xtor")


def clean_link(url: str) -> str:
    """``url`` without its fragment and click-tracking parameters (utm_*, fbclid, xtor…),
    so that one article linked several ways is fetched and stored once."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _http_link(base: str, link: Any) -> str | None:
    """``link`` made absolute and cleaned, or None unless it is a well-formed http(s) URL."""
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base, link.strip())
        if urlsplit(absolute).scheme not in ("http", "https"):
            return None
        return clean_link(absolute)
    except ValueError:  # "http://[::1", "http://x:port": found by fuzzing; not a link
        return None


def _iso(struct: Any) -> str:
    if not struct:
        return ""
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", struct)
    except (TypeError, ValueError):
        return ""


def _json_feed(data: bytes, url: str) -> ParsedFeed:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(url, f"not a feed (invalid JSON: {exc})", "feed") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
            "https://jsonfeed.org/version/"):
        raise FetchError(url, "not a feed (JSON without a jsonfeed.org version)", "feed")
    feed = ParsedFeed(title=str(document.get("title") or ""))
    for entry in document.get("items") or []:
        if not isinstance(entry, dict):
            continue
        link = _http_link(url, entry.get("url") or entry.get("external_url"))
        if link is None:
            continue
        authors = entry.get("authors") or ([entry["author"]] if entry.get("author") else [])
        author = ", ".join(str(a.get("name")) for a in authors
                           if isinstance(a, dict) and a.get("name"))
        feed.items.append(FeedItem(link=link, id=str(entry.get("id") or link),
                                   title=str(entry.get("title") or ""),
                                   published=str(entry.get("date_published") or ""),
                                   author=author))
        if len(feed.items) >= MAX_ITEMS:
            break
    return feed


def parse_feed(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The items of an RSS 2.0, Atom or JSON Feed document; FetchError when it is none."""
    head = data.lstrip()[:1]
    if head == b"{" or "json" in content_type:
        return _json_feed(data, url)
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": url})
    version = getattr(parsed, "version", "")
    if not version and not parsed.entries:
        problem = getattr(parsed, "bozo_exception", None)
        detail = f" ({problem})" if problem else ""
        raise FetchError(url, f"not a feed: no RSS, Atom or JSON Feed found{detail}", "feed")
    feed = ParsedFeed(title=str(parsed.feed.get("title") or ""))
    for entry in parsed.entries[:MAX_ITEMS]:
        link = _http_link(url, entry.get("link"))
        if link is None:
            continue
        feed.items.append(FeedItem(
            link=link, id=str(entry.get("id") or link), title=str(entry.get("title") or ""),
            published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            author=str(entry.get("author") or "")))
    return feed


def _xml_root(data: bytes, url: str, kind: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise FetchError(url, f"not a valid {kind} (XML error: {exc})", kind) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def looks_like_opml(data: bytes) -> bool:
    """True when ``data`` is an OPML document (a list of feeds), by its root element."""
    head = data.lstrip()[:2048].lower()
    return b"<opml" in head


def parse_opml(data: bytes, url: str) -> list[str]:
    """The feed URLs (``xmlUrl``) of an OPML outline, in order, without repeats."""
    root = _xml_root(data, url, "opml")
    if _local(root.tag) != "opml":
        raise FetchError(url, "not an OPML file (no <opml> root element)", "opml")
    found: list[str] = []
    for outline in root.iter():
        if _local(outline.tag) != "outline":
            continue
        link = _http_link(url, outline.get("xmlUrl") or outline.get("xmlurl"))
        if link is not None and link not in found:
            found.append(link)
    if not found:
        raise FetchError(url, "the OPML file lists no feed (no outline with an xmlUrl)", "opml")
    return found


def parse_sitemap(data: bytes, url: str) -> tuple[list[str], list[str]]:
    """``(page URLs, child sitemap URLs)`` of a sitemap or sitemap index."""
    root = _xml_root(data, url, "sitemap")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise FetchError(url, f"not a sitemap (root element <{kind}>)", "sitemap")
    locations: list[str] = []
    for element in root.iter():
        if _local(element.tag) == "loc" and element.text:
            link = _http_link(url, element.text)
            if link is not None:
                locations.append(link)
                if len(locations) >= MAX_ITEMS:
                    break
    return (locations, []) if kind == "urlset" else ([], locations)
