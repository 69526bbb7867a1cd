"""HTML pages to Articles with trafilatura: the body text, one paragraph a line, and metadata.

The article text is trafilatura's extracted body, paragraphs on their own lines. The
headline goes to ``meta.title`` only: when the extracted text repeats it as its first line
that line is dropped, so the title is never counted twice. Scripts, styles and markup
never reach the text (trafilatura drops them), which keeps later reports safe to render.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from .metadata import normalise_date, normalise_outlet

log = logging.getLogger(__name__)

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


MIN_ARTICLE_WORDS = 5


class NoArticleText(ValueError):
    """trafilatura found no article text in the page."""


# "Par Jean Martin", "By Jane Doe": the byline word is not part of the author's name.
_BYLINE_PREFIX = re.compile(r"^(?:par|by|von|por|di|da|от|автор:?)\s+(?=[^\W\d_])",
                            re.IGNORECASE)


_TITLE_TAG_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# "Headline | Radio Nord Info", "Headline - Le Journal du Nord": the page names its site.
_TITLE_SUFFIX_RE = re.compile(r"^(?P<head>.+?)\s+[|–—-]\s+(?P<site>[^|–—]{2,40})$")


def _site_from_title_tag(html: str, headline: str) -> str:
    """The site name after the headline in ``<title>``, or "" when there is none."""
    m = _TITLE_TAG_RE.search(html[:20000])
    if not m or not headline:
        return ""
    import html as html_lib

    raw = " ".join(html_lib.unescape(m.group(1)).split())
    suffix = _TITLE_SUFFIX_RE.match(raw)
    if not suffix or not _same_line(suffix.group("head"), headline):
        return ""
    site = suffix.group("site").strip()
    return site if len(site.split()) <= 5 else ""


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its top, if any."""
    m = _META_CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document (used for files of unknown type)."""
    head = text.lstrip()[:1024].lower()
    return head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<") and ("<body" in head or "<head" in head or "<p>" in head)
    )


def _same_line(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def extract_html(html: str) -> tuple[str, dict[str, Any]]:
    """Return ``(body text, meta)`` for one HTML page; raise NoArticleText when empty.

    ``meta`` may hold ``title``, ``author``, ``url``, ``site_name``, ``outlet``
    (normalised site name), ``published`` (``YYYY-MM-DD``, with ``published_from`` =
    ``metadata``) and ``section`` (the first category).
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False,
    )
    if doc is None:
        raise NoArticleText("no article text found in this HTML page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    lines = [line.strip() for line in str(data.get("text") or "").split("\n")]
    lines = [line for line in lines if line]
    title = (data.get("title") or "").strip()
    if title and lines and _same_line(lines[0], title):
        lines = lines[1:]
    # trafilatura falls back to any text it finds; a menu or a cookie banner of a few
    # words is not an article.
    if sum(len(line.split()) for line in lines) < MIN_ARTICLE_WORDS:
        raise NoArticleText("no article text found in this HTML page")
    meta: dict[str, Any] = {}
    if title:
        meta["title"] = title
    for key in ("author", "url"):
        value = (data.get(key) or "").strip()
        if key == "author":
            value = _BYLINE_PREFIX.sub("", value)
        if value:
            meta[key] = value
    site = (data.get("sitename") or "").strip() or _site_from_title_tag(html, title)
    if site:
        meta["site_name"] = site
        meta["outlet"] = normalise_outlet(site)
    published = normalise_date(str(data.get("date") or ""))
    if published:
        meta["published"] = published
        meta["published_from"] = "metadata"
    categories = [c.strip() for c in data.get("categories") or [] if c and c.strip()]
    if categories:
        meta["section"] = categories[0]
    return "\n".join(lines), meta
