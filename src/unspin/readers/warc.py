"""Web archives: the HTML responses of a WARC file (``.warc`` or ``.warc.gz``) as Articles.

Each ``response`` record with HTTP status 200 and an HTML content type is extracted like
a fetched page (:func:`unspin.fetch.pages.page_article`), keeping the capture URL
(``meta.url``) and capture date (``meta.captured``). Other records (requests, metadata,
images, redirects) are skipped silently; a response that is not an article gives an
InputError naming the file and the URL, and the rest of the archive is still read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Article

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc(path: str | Path) -> bool:
    """True when the file name says it is a web archive."""
    return str(path).lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path, max_bytes: int) -> Iterator[Article | InputError]:
    """Yield an Article per archived HTML page of ``path`` (InputErrors for bad records)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from ..fetch.client import Response
    from ..fetch.errors import FetchError
    from ..fetch.pages import HTML_TYPES, page_article

    where = str(path)
    pages = records = 0
    try:
        with path.open("rb") as stream:
            # warcio reads almost anything as an old ARC record: check the magic first.
            if not stream.read(5).startswith((b"WARC/", b"\x1f\x8b")):
                yield InputError(where, "not a WARC file (it does not start with a WARC "
                                        "record or gzip data)")
                return
            stream.seek(0)
            for record in ArchiveIterator(stream):
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                status = record.http_headers.get_statuscode()
                content_type = (record.http_headers.get_header("Content-Type") or "")
                if status != "200" or content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                    continue
                item = f"{where}: {url}"
                # content_stream() undoes the HTTP transfer and content encodings.
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield InputError(item, f"page over the {max_bytes:,}-byte limit; raise "
                                           "it with --max-bytes")
                    continue
                headers = {k.lower(): v for k, v in record.http_headers.headers}
                headers.pop("content-encoding", None)
                response = Response(url=url, requested_url=url, status=200, headers=headers,
                                    content=body)
                try:
                    article = page_article(response)
                except FetchError as exc:
                    yield InputError(item, exc.reason)
                    continue
                article.meta.pop("fetched_at", None)
                captured = record.rec_headers.get_header("WARC-Date")
                if captured:
                    article.meta["captured"] = captured
                article.meta["input"] = {"path": where, "format": "warc",
                                         "encoding": article.meta["input"]["encoding"],
                                         "record": url}
                pages += 1
                yield article
    except FileNotFoundError:
        yield InputError(where, "no such file or directory")
        return
    except (ArchiveLoadFailed, OSError, EOFError) as exc:
        yield InputError(where, f"not a readable WARC file ({exc})")
        return
    except (AttributeError, ValueError, TypeError, IndexError, KeyError) as exc:
        # warcio raises assorted errors on a corrupted or truncated archive (found by
        # fuzzing): the pages read before it are kept, the rest is reported.
        log.debug("WARC parsing failed in %s", where, exc_info=True)
        yield InputError(where, f"corrupted WARC file after {records} records "
                                f"({type(exc).__name__}); the pages before it were read")
        return
    if records == 0:
        yield InputError(where, "not a readable WARC file (no WARC record in it)")
    elif pages == 0:
        yield InputError(where, "no archived HTML page with status 200 in this WARC file")
