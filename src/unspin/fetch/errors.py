"""The error a fetch raises: an InputError that knows its URL and what kind of source failed."""

from __future__ import annotations

from ..errors import InputError

# The kinds of source recorded in the store's failures table (``unspin failures``).
KINDS = ("page", "feed", "sitemap", "opml", "warc", "file")


class FetchError(InputError):
    """A URL that could not be fetched or read: ``str(err)`` is ``URL: reason``.

    ``kind`` says what the URL was meant to be (a page, a feed, a sitemap…), so that
    ``unspin failures --retry`` fetches it again the same way; ``retryable`` is True for
    failures that back-off may cure (timeouts, connection errors, HTTP 5xx).
    """

    def __init__(self, url: str, reason: str, kind: str = "page",
                 retryable: bool = False, feed: str | None = None) -> None:
        super().__init__(url, reason)
        self.url = url
        self.kind = kind
        self.retryable = retryable
        self.feed = feed
