"""Bounded decompression: a small gzip "bomb" must not expand into gigabytes in memory."""

from __future__ import annotations

import zlib


class TooLarge(ValueError):
    """The decompressed data would exceed the cap."""


class BoundedDecoder:
    """Decode a ``Content-Encoding`` (identity, gzip, deflate) chunk by chunk, capped.

    ``zlib``'s ``max_length`` stops each step at the bytes still allowed, so the memory
    used never exceeds the cap whatever the compression ratio.
    """

    def __init__(self, encoding: str, cap: int) -> None:
        encoding = encoding.strip().lower()
        self.cap = cap
        self.size = 0
        self._raw_deflate = False
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()
            self._raw_deflate = True  # servers send zlib-wrapped or raw deflate alike
        else:
            raise ValueError(f"unsupported Content-Encoding {encoding!r}")
        self._first = True

    def feed(self, chunk: bytes) -> bytes:
        """The decoded bytes of ``chunk``; TooLarge once the total passes the cap."""
        if self._zlib is None:
            out = chunk
        else:
            try:
                out = self._zlib.decompress(chunk, self.cap - self.size + 1)
            except zlib.error:
                if not (self._raw_deflate and self._first):
                    raise
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._zlib.decompress(chunk, self.cap - self.size + 1)
            self._first = False
        self.size += len(out)
        if self.size > self.cap:
            raise TooLarge(f"over {self.cap:,} bytes once decompressed")
        return out


def gunzip_capped(data: bytes, cap: int) -> bytes:
    """``data`` gunzipped (a ``.xml.gz`` sitemap), refusing more than ``cap`` bytes out."""
    return BoundedDecoder("gzip", cap).feed(data)
