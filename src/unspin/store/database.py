"""One SQLite file holding analysed articles, with an FTS5 full-text index.

Design choices, and why:

- WAL journal: one writer (``unspin ingest``) never blocks readers (``search``, the web app).
- Versioned migrations keyed on ``PRAGMA user_version``: a file written by a newer unspin
  is refused with a clear error instead of being silently misread.
- The text is stored once, in ``articles.text``; the rest of the Article JSON (meta and
  layers, without the per-span ``text`` copies) is in ``articles.json``. The FTS5 table is
  an *external-content* index over ``title`` and ``text``, kept in sync by triggers, so the
  text is not duplicated and ``snippet()`` still works.
- ``unicode61 remove_diacritics 2`` so that "defense" finds "défense" and "etats" "États".
- Every :meth:`Store.add` call is one transaction: a process killed mid-batch leaves the
  file as it was before the batch, and ``INSERT OR IGNORE`` on the id makes re-adding the
  same article a no-op (ingest is idempotent and resumes where it stopped).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from ..errors import StoreError
from ..model import Article
from .duplicates import DuplicateLink, link_article, links_of

log = logging.getLogger(__name__)

# Each entry upgrades the file from version i to i + 1; never edit a released entry,
# append a new one (e.g. ``ALTER TABLE``) instead.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        n INTEGER PRIMARY KEY,            -- stable rowid for the FTS5 external content
        id TEXT NOT NULL UNIQUE,          -- Article.id (16 hex digits)
        title TEXT,
        outlet TEXT,
        published TEXT,
        language TEXT,
        url TEXT,
        input_path TEXT,
        ingested_at TEXT NOT NULL,
        text TEXT NOT NULL,
        json TEXT NOT NULL                -- the Article JSON without "text"
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='n',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.n, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.n, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.n, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.n, new.title, new.text);
    END;
    CREATE TABLE failures (
        input TEXT PRIMARY KEY,           -- path or path:line
        reason TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    """,
    # Stories (unspin.corpus.stories) and search facets (web app). Self-contained: the
    # facets of articles stored before this step are filled from their JSON here, and
    # triggers keep them in sync afterwards.
    """
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        first_published TEXT,
        last_published TEXT,
        size INTEGER NOT NULL,
        centroid BLOB NOT NULL,           -- float32 sum of the members' unit embeddings
        keys TEXT NOT NULL,               -- JSON {entity/place key: member count}
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_last_published ON stories(last_published);
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY,      -- articles.id
        story_id INTEGER NOT NULL,
        similarity REAL NOT NULL,         -- score against the story when it joined (1 = founder)
        embedding BLOB NOT NULL           -- float32 unit vector of title + lead
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE article_facets (
        n INTEGER NOT NULL,               -- articles.n
        kind TEXT NOT NULL,               -- technique | event_type
        value TEXT NOT NULL,
        PRIMARY KEY (kind, value, n)
    ) WITHOUT ROWID;
    CREATE INDEX article_facets_n ON article_facets(n);
    -- Covering index: search filters and facet counts over a list of matches read no
    -- article row (the rows hold the whole text and JSON).
    CREATE INDEX articles_n_outlet_language ON articles(n, outlet, language, published);
    INSERT OR IGNORE INTO article_facets (n, kind, value)
        SELECT a.n, 'technique', json_extract(j.value, '$.label')
        FROM articles a, json_each(a.json, '$.layers.techniques') j
        WHERE json_extract(j.value, '$.label') IS NOT NULL;
    INSERT OR IGNORE INTO article_facets (n, kind, value)
        SELECT a.n, 'event_type', json_extract(j.value, '$.attrs.event_type')
        FROM articles a, json_each(a.json, '$.layers.events') j
        WHERE json_extract(j.value, '$.attrs.event_type') IS NOT NULL;
    CREATE TRIGGER article_facets_ai AFTER INSERT ON articles BEGIN
        INSERT OR IGNORE INTO article_facets (n, kind, value)
            SELECT new.n, 'technique', json_extract(j.value, '$.label')
            FROM json_each(new.json, '$.layers.techniques') j
            WHERE json_extract(j.value, '$.label') IS NOT NULL;
        INSERT OR IGNORE INTO article_facets (n, kind, value)
            SELECT new.n, 'event_type', json_extract(j.value, '$.attrs.event_type')
            FROM json_each(new.json, '$.layers.events') j
            WHERE json_extract(j.value, '$.attrs.event_type') IS NOT NULL;
    END;
    CREATE TRIGGER article_facets_ad AFTER DELETE ON articles BEGIN
        DELETE FROM article_facets WHERE n = old.n;
        DELETE FROM story_articles WHERE article_id = old.id;
    END;
    CREATE TRIGGER article_facets_au AFTER UPDATE OF json ON articles BEGIN
        DELETE FROM article_facets WHERE n = old.n;
        INSERT OR IGNORE INTO article_facets (n, kind, value)
            SELECT new.n, 'technique', json_extract(j.value, '$.label')
            FROM json_each(new.json, '$.layers.techniques') j
            WHERE json_extract(j.value, '$.label') IS NOT NULL;
        INSERT OR IGNORE INTO article_facets (n, kind, value)
            SELECT new.n, 'event_type', json_extract(j.value, '$.attrs.event_type')
            FROM json_each(new.json, '$.layers.events') j
            WHERE json_extract(j.value, '$.attrs.event_type') IS NOT NULL;
    END;
    """,
    # Web ingest (issue 11): failures say what kind of source failed and how often;
    # feeds remember their ETag / Last-Modified; near-duplicates are linked via MinHash
    # signatures and their LSH band keys (see store/duplicates.py).
    """
    ALTER TABLE failures ADD COLUMN kind TEXT NOT NULL DEFAULT 'file';
    ALTER TABLE failures ADD COLUMN url TEXT;
    ALTER TABLE failures ADD COLUMN feed TEXT;
    ALTER TABLE failures ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX articles_url ON articles(url);
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        checked_at TEXT NOT NULL
    );
    CREATE TABLE minhashes (
        article_id TEXT PRIMARY KEY,
        signature BLOB NOT NULL           -- 128 little-endian uint32 MinHash values
    );
    CREATE TABLE minhash_bands (
        band_key INTEGER NOT NULL,        -- hash of one band of 4 signature values
        article_id TEXT NOT NULL
    );
    CREATE INDEX minhash_bands_key ON minhash_bands(band_key);
    CREATE TABLE near_duplicates (
        article_id TEXT PRIMARY KEY,      -- the later copy
        duplicate_of TEXT NOT NULL,       -- the first stored article of the story
        similarity REAL NOT NULL,         -- estimated Jaccard of word 3-shingles
        found_at TEXT NOT NULL
    );
    CREATE INDEX near_duplicates_of ON near_duplicates(duplicate_of);
    """,
)

STORE_VERSION = len(MIGRATIONS)
# How long a writer waits for another one (two ingests on one store, a loaded machine).
BUSY_TIMEOUT_SECONDS = 30.0

_HEX = re.compile(r"^[0-9a-f]{1,16}$")


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script`` (trigger bodies keep their inner semicolons)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


class FailureRecord(NamedTuple):
    """A recorded failure: what failed (path or URL), why, its kind, when, how often."""

    input: str
    reason: str
    kind: str
    url: str | None
    feed: str | None
    recorded_at: str
    attempts: int


class SearchHit(NamedTuple):
    """One full-text match: the article's id and main meta, and a highlighted snippet."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _input_path(article: Article) -> str | None:
    where = article.meta.get("input")
    if isinstance(where, dict) and where.get("path") is not None:
        return str(where["path"])
    return None


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


# A query token: a double-quoted phrase (maybe unterminated), a parenthesis, or a bare word.
_QUERY_TOKEN_RE = re.compile(r'"(?:[^"]|"")*"?|[()]|[^\s()"]+')
_FTS_OPERATORS = frozenset({"AND", "OR", "NOT"})
_FTS_COLUMNS = ("title", "text")
_SAFE_BARE_WORD_RE = re.compile(r"(?:\w+\*?|NEAR)", re.UNICODE)


MAX_QUERY_CHARS = 1000


def shown_query(query: str, limit: int = 80) -> str:
    """``query`` quoted for a message, cut to ``limit`` characters (queries are hostile)."""
    return repr(query if len(query) <= limit else query[:limit] + "…")


def checked_query(query: str) -> str:
    """The FTS5 form of ``query``; a StoreError when it is empty or too long."""
    if not query.strip():
        raise StoreError("the search query is empty; give one or more words")
    if len(query) > MAX_QUERY_CHARS:
        raise StoreError(f"search query {shown_query(query)} is {len(query):,} characters "
                         f"long, over the {MAX_QUERY_CHARS:,}-character limit; search for "
                         f"fewer words")
    return fts_query(query)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts_query(query: str) -> str:
    """``query`` with every bare word that FTS5 would read as syntax put in quotes.

    In FTS5 a hyphen, apostrophe, colon, period or comma inside a bare word is syntax
    (``porte-parole`` means column ``porte`` … ``parole``), so such words become quoted
    phrases: ``"porte-parole"``, ``"l'armée"``, ``"12,5"``. Explicit syntax is kept:
    "exact phrases", AND, OR, NOT, NEAR, parentheses, ``prefix*`` and ``title:word``.
    """
    out: list[str] = []
    for token in _QUERY_TOKEN_RE.findall(query):
        if token.startswith('"') or token in "()" or token in _FTS_OPERATORS:
            out.append(token)
            continue
        column, colon, rest = token.partition(":")
        if colon and column in _FTS_COLUMNS and rest:
            out.append(f"{column}:" + (rest if _SAFE_BARE_WORD_RE.fullmatch(rest)
                                       else _quoted(rest)))
        elif _SAFE_BARE_WORD_RE.fullmatch(token):
            out.append(token)
        elif token.endswith("*") and len(token) > 1:
            out.append(_quoted(token[:-1]) + "*")  # "jean-l"* is a phrase prefix query
        else:
            out.append(_quoted(token))
    return " ".join(out)


class Store:
    """An unspin SQLite store; use it as a context manager so the file is closed.

    ``create=False`` refuses to create a missing file (read-only commands use it so that a
    typo in ``--db`` is reported instead of creating an empty store).
    """

    def __init__(self, path: str | Path, create: bool = True, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only:
            create = False
        if not create and not self.path.exists():
            raise StoreError(
                f"{self.path}: no such store; create it with `unspin ingest FILES --db {self.path}`"
            )
        if not self.path.parent.is_dir():
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist; "
                             f"create it first or choose another --db path")
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder; --db needs a file name such as news.db")
        if not create and self.path.is_file() and self.path.stat().st_size == 0:
            # SQLite would happily write a schema into an empty file; a reading command
            # must not change a file that is not a store.
            raise StoreError(f"{self.path}: empty file, not an unspin store; create a store "
                             f"with `unspin ingest FILES --db {self.path}`")
        self.duplicates_linked = 0  # near-duplicate links made through this Store object
        if read_only:
            self._open_read_only()
            return
        try:
            # Autocommit mode: transactions are opened explicitly in add() and migrate().
            # The busy timeout is set by connect(), before the first statement: switching a
            # new file to WAL while another `unspin ingest` creates it must wait, not fail.
            self.conn = sqlite3.connect(str(self.path), isolation_level=None,
                                        timeout=BUSY_TIMEOUT_SECONDS)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if hasattr(self, "conn"):
                self.conn.close()
            raise StoreError(
                f"{self.path}: cannot be opened as an unspin store ({exc}); "
                f"pass the path of a store made by `unspin ingest`, or a new file name"
            ) from None

    # -- lifecycle ---------------------------------------------------------------------

    def _open_read_only(self) -> None:
        """Open with SQLite's ``mode=ro``: this connection can never write (the web app).

        A store of an older version is not migrated (that would be a write): the error says
        which command upgrades it.
        """
        uri = self.path.resolve().as_uri().replace("file://", "file:", 1) + "?mode=ro"
        try:
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                        check_same_thread=False)
            self.conn.execute("PRAGMA busy_timeout=10000")
            version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            if hasattr(self, "conn"):
                self.conn.close()
            raise StoreError(f"{self.path}: cannot be opened read-only as an unspin store "
                             f"({exc})") from None
        if version != STORE_VERSION:
            self.conn.close()
            newer = version > STORE_VERSION
            raise StoreError(
                f"{self.path}: store version {version}, this unspin reads version "
                f"{STORE_VERSION}; " + ("upgrade unspin" if newer else
                                        f"upgrade the file with `unspin stories --update "
                                        f"--db {self.path}`"))

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > STORE_VERSION:
            self.conn.close()
            raise StoreError(
                f"{self.path}: store version {version} was written by a newer unspin "
                f"(this one reads up to version {STORE_VERSION}); upgrade unspin "
                f"(`pip install -U unspin`) or use another --db file"
            )
        if version == 0 and self._has_foreign_tables():
            self.conn.close()
            raise StoreError(
                f"{self.path}: is a SQLite database but not an unspin store; "
                f"pass a new file name to --db"
            )
        for target in range(version + 1, STORE_VERSION + 1):
            # One transaction per step, under the write lock; the version is read again
            # inside it because another process may have migrated the file meanwhile.
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if int(self.conn.execute("PRAGMA user_version").fetchone()[0]) >= target:
                    self.conn.execute("COMMIT")
                    continue
                log.info("migrating %s to store version %d", self.path, target)
                for statement in _statements(MIGRATIONS[target - 1]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {target}")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _has_foreign_tables(self) -> bool:
        rows = self.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
        return bool(rows[0])

    def close(self) -> None:
        """Close the connection (the context manager does it for you)."""
        self.conn.close()

    def __enter__(self) -> Store:  # noqa: PYI034 - Store is not subclassed
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------

    def add(self, articles: Iterable[Article], replace: bool = False) -> int:
        """Store ``articles`` in one transaction and return how many were new.

        An article whose id is already stored is skipped (``replace=False``, the default:
        ingest is idempotent) or overwritten (``replace=True``: re-analysed articles).
        """
        rows = [self._row(a) for a in articles]
        if not rows:
            return 0
        verb = "INSERT OR IGNORE" if not replace else "INSERT"
        upsert = "" if not replace else (
            " ON CONFLICT(id) DO UPDATE SET title=excluded.title, outlet=excluded.outlet,"
            " published=excluded.published, language=excluded.language, url=excluded.url,"
            " input_path=excluded.input_path, ingested_at=excluded.ingested_at,"
            " text=excluded.text, json=excluded.json"
        )
        sql = (f"{verb} INTO articles (id, title, outlet, published, language, url, input_path,"
               f" ingested_at, text, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?){upsert}")
        with self._transaction():
            # Counted from the ids (not count(*), which scans the table at every batch).
            new_ids = {row[0] for row in rows} - self.known_ids(row[0] for row in rows)
            for row in rows:
                self.conn.execute(sql, row)
            # In the same transaction: an article is never stored without its index entry.
            found_at = _now()
            indexed: set[str] = set()
            for row in rows:
                if row[0] in new_ids and row[0] not in indexed:
                    indexed.add(row[0])
                    if link_article(self.conn, row[0], row[8], found_at) is not None:
                        self.duplicates_linked += 1
        return len(new_ids)

    def _row(self, article: Article) -> tuple[Any, ...]:
        data = article.to_dict(with_text=False)
        data.pop("text")
        meta = article.meta
        return (
            article.id, _text_or_none(meta.get("title")), _text_or_none(meta.get("outlet")),
            _text_or_none(meta.get("published")), _text_or_none(meta.get("language")),
            _text_or_none(meta.get("url")), _input_path(article), _now(), article.text,
            json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        )

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock now, so a second writer waits (busy_timeout)
        # instead of failing half-way through the batch.
        with self._writing():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(
                    f"{self.path}: the store is being written by another process (another "
                    f"`unspin ingest`?); wait for it to finish, or use another --db file"
                ) from None
            raise StoreError(f"{self.path}: cannot write to the store ({exc}); check the free "
                             f"disk space and the file's permissions") from None

    def record_failure(self, where: str, reason: str, kind: str = "file",
                       url: str | None = None, feed: str | None = None) -> None:
        """Remember an input that could not be read or analysed, counting the attempts.

        ``kind`` (file, page, feed, sitemap, opml, warc) and ``url`` let
        ``unspin failures --retry`` fetch it again the same way.
        """
        with self._writing():
            self.conn.execute(
                "INSERT INTO failures (input, reason, recorded_at, kind, url, feed, attempts)"
                " VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT(input) DO UPDATE SET"
                " reason=excluded.reason, recorded_at=excluded.recorded_at,"
                " kind=excluded.kind, url=excluded.url,"
                " feed=coalesce(excluded.feed, failures.feed), attempts=failures.attempts + 1",
                (where, reason, _now(), kind, url, feed),
            )

    def clear_failure(self, where: str) -> None:
        """Forget a failure recorded earlier (the input has now been stored)."""
        with self._writing():
            self.conn.execute("DELETE FROM failures WHERE input = ?", (where,))

    def failures(self) -> list[tuple[str, str]]:
        """The failed inputs recorded so far, as ``(input, reason)`` pairs."""
        return [(r[0], r[1]) for r in
                self.conn.execute("SELECT input, reason FROM failures ORDER BY input")]

    def failure_records(self) -> list[FailureRecord]:
        """The failed inputs with their kind, URL, feed, time and number of attempts."""
        return [FailureRecord(*row) for row in self.conn.execute(
            "SELECT input, reason, kind, url, feed, recorded_at, attempts FROM failures"
            " ORDER BY recorded_at, input")]

    # -- web ingest: known URLs, feed state, near-duplicates ------------------------------

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The subset of ``urls`` already stored as an article's ``meta.url``."""
        return self._stored_values("url", urls)

    def failed_urls(self, kind: str = "page") -> set[str]:
        """The URLs of the recorded failures of this kind (not refetched by each round)."""
        return {r[0] for r in self.conn.execute(
            "SELECT url FROM failures WHERE kind = ? AND url IS NOT NULL", (kind,))}

    def feed_state(self, url: str) -> tuple[str | None, str | None]:
        """The ``(ETag, Last-Modified)`` of the feed's last complete read, for a
        conditional GET."""
        row = self.conn.execute("SELECT etag, last_modified FROM feeds WHERE url = ?",
                                (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_feed_state(self, url: str, title: str | None, etag: str | None,
                        last_modified: str | None) -> None:
        """Remember a feed read completely (its items stored or recorded as failures)."""
        with self._writing():
            self.conn.execute(
                "INSERT INTO feeds (url, title, etag, last_modified, checked_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
                " title=coalesce(excluded.title, feeds.title), etag=excluded.etag,"
                " last_modified=excluded.last_modified, checked_at=excluded.checked_at",
                (url, title, etag, last_modified, _now()))

    def duplicate_links(self, article_id: str | None = None) -> list[DuplicateLink]:
        """Near-duplicate links of one article (as copy or as original), or all of them."""
        return links_of(self.conn, article_id)

    def titles(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """``id -> (title, outlet)`` of the stored articles among ``ids``."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, tuple[str | None, str | None]] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT id, title, outlet FROM articles WHERE id IN ({marks})", chunk):
                found[row[0]] = (row[1], row[2])
        return found

    # -- reading -----------------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        """True when an article with this id is stored."""
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored (one query per 500 ids)."""
        return self._stored_values("id", ids)

    def _stored_values(self, column: str, values: Iterable[str]) -> set[str]:
        """The subset of ``values`` found in ``articles.<column>`` (an indexed column)."""
        assert column in ("id", "url")  # never a name from outside
        wanted = list(dict.fromkeys(values))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.conn.execute(
                f"SELECT {column} FROM articles WHERE {column} IN ({marks})", chunk))
        return found

    def count(self) -> int:
        """How many articles are stored."""
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def get(self, article_id: str) -> Article:
        """The stored article ``article_id`` (a unique id prefix is accepted too)."""
        full_id = self.resolve(article_id)
        row = self.conn.execute("SELECT text, json FROM articles WHERE id = ?",
                                (full_id,)).fetchone()
        return self._article(row[0], row[1])

    def resolve(self, prefix: str) -> str:
        """The full id of the one stored article whose id starts with ``prefix``."""
        prefix = prefix.strip().lower()
        if not _HEX.match(prefix):
            raise StoreError(
                f"{prefix!r} is not an article id; ids are 16 hex digits "
                f"(a unique prefix is enough), as printed by `unspin search`"
            )
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 3",
            (prefix, prefix + "g"),  # 'g' sorts after every hex digit
        ).fetchall()
        if not rows:
            raise StoreError(f"no stored article has an id starting with {prefix!r}; "
                             f"find ids with `unspin search QUERY --db {self.path}`")
        if len(rows) > 1:
            shown = ", ".join(r[0] for r in rows[:2])
            raise StoreError(f"id prefix {prefix!r} matches several articles ({shown}, …); "
                             f"give more digits")
        return str(rows[0][0])

    def iter_articles(self, batch_size: int = 200) -> Iterator[Article]:
        """Every stored article in storage order, read in batches (constant memory)."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT n, text, json FROM articles WHERE n > ? ORDER BY n LIMIT ?",
                (last, batch_size),
            ).fetchall()
            if not rows:
                return
            for n, text, data in rows:
                last = n
                yield self._article(text, data)

    @staticmethod
    def _article(text: str, data: str) -> Article:
        obj = json.loads(data)
        obj["text"] = text
        return Article.from_dict(obj)

    def search(self, query: str, limit: int = 20,
               markers: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        """Full-text search (FTS5 syntax) over titles and texts, best matches first.

        Each hit's snippet wraps the matched words in ``markers``. Accents and case are
        ignored ("defense" finds "Défense"). Words with punctuation (porte-parole, l'armée,
        12,5) are searched as phrases (see :func:`fts_query`). A query that is not valid FTS5 raises a
        StoreError that says how to quote it.
        """
        match = checked_query(query)
        sql = (
            "SELECT a.id, a.title, a.outlet, a.published,"
            " snippet(articles_fts, -1, ?, ?, '…', 16)"
            " FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid"
            # A match in the title weighs 4 times one in the text.
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?"
        )
        try:
            rows = self.conn.execute(sql, (markers[0], markers[1], match,
                                           int(limit))).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"search query {shown_query(query)} is not valid full-text syntax ({exc}); put words "
                f"with punctuation in double quotes, e.g. '\"Jean-Luc\" OR \"l'armée\"', "
                f"and write the operators AND, OR, NOT in capitals"
            ) from None
        return [SearchHit(*row) for row in rows]

    def search_count(self, query: str) -> int:
        """How many articles match ``query`` (same syntax as :meth:`search`)."""
        match = checked_query(query)
        try:
            row = self.conn.execute(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)
            ).fetchone()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search query {shown_query(query)} is not valid full-text syntax ({exc}); "
                             f"put words with punctuation in double quotes") from None
        return int(row[0])
