"""The SQLite store: analysed articles, full-text search, and resumable batch ingest.

>>> from unspin.store import Store
>>> with Store("news.db") as store:                       # doctest: +SKIP
...     store.add(articles)
...     hits = store.search("ambassade", limit=10)
"""

from __future__ import annotations

from .batches import IngestSummary, analyse_stream, describe_input, ingest
from .database import STORE_VERSION, FailureRecord, SearchHit, Store
from .duplicates import DuplicateLink

__all__ = ["STORE_VERSION", "DuplicateLink", "FailureRecord", "IngestSummary", "SearchHit",
           "Store", "analyse_stream", "describe_input", "ingest"]
