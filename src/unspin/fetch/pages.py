"""A fetched web page to an Article: charset, HTML check, trafilatura extraction, meta."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from ..model import Article, normalise_text
from ..readers.decoding import NotText, decode_bytes
from ..readers.html import NoArticleText, declared_charset, extract_html, looks_like_html
from ..readers.metadata import normalise_date, normalise_outlet
from .client import Response
from .errors import FetchError

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def decode_page(content: bytes, header_charset: str | None, where: str) -> tuple[str, str]:
    """The text of a page and its encoding.

    Bytes that are valid UTF-8 beyond ASCII are UTF-8 whatever the header or the page
    declares (stale declarations are common); then the HTTP header's charset, then the
    page's ``<meta charset>``, then detection.
    """
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text.lstrip("\ufeff"), "utf-8"
    for charset in (header_charset, declared_charset(content)):
        if charset and not charset.startswith("utf-8"):
            try:
                return content.decode(charset).lstrip("\ufeff"), charset
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_bytes(content, where)


def page_article(response: Response, hints: dict[str, Any] | None = None) -> Article:
    """The article of a fetched HTML page; FetchError when it is not an article page.

    ``hints`` are what a feed said of the item (``title``, ``published``, ``author``,
    ``outlet``, ``feed``): they fill what the page's own metadata lacks. ``meta.url`` is
    the URL asked for (the feed's link), so the same link is recognised on the next run.
    """
    url = response.requested_url
    kind_text = response.content_type
    if kind_text and kind_text not in HTML_TYPES:
        raise FetchError(url, f"not HTML (Content-Type {kind_text})")
    try:
        text, encoding = decode_page(response.content, response.charset, url)
    except NotText as exc:
        raise FetchError(url, f"not HTML ({exc})") from None
    if not kind_text and not looks_like_html(text):
        raise FetchError(url, "not HTML (no Content-Type, and the body is not an HTML page)")
    try:
        body, meta = extract_html(text)
    except NoArticleText as exc:
        raise FetchError(url, f"{exc}; is it an article page?") from None
    except Exception as exc:  # a page the third-party parser chokes on must not stop a run
        log.debug("extraction failed for %s", url, exc_info=True)
        raise FetchError(url, f"HTML could not be parsed ({type(exc).__name__})") from None
    hints = hints or {}
    canonical = meta.pop("url", None)
    if canonical and canonical != url:
        meta["canonical_url"] = canonical
    meta["url"] = url
    if response.url != url:
        meta["final_url"] = response.url
    for key in ("title", "author"):
        if not meta.get(key) and hints.get(key):
            meta[key] = hints[key]
    if not meta.get("published") and hints.get("published"):
        published = normalise_date(str(hints["published"]))
        if published:
            meta["published"] = published
            meta["published_from"] = "metadata"
    if not meta.get("outlet"):
        site = hints.get("outlet") or (urlsplit(response.url).hostname or "").removeprefix("www.")
        if site:
            meta["outlet"] = normalise_outlet(str(site))
    if hints.get("feed"):
        meta["feed"] = hints["feed"]
    meta["fetched_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    meta["input"] = {"path": url, "format": "html", "encoding": encoding}
    return Article(text=normalise_text(body), meta=meta)
