"""Near-duplicates: syndicated or lightly edited copies of one story, found at ingest.

Each article gets a MinHash signature (128 hash functions) of its word 3-shingles
(case-folded, NFC); the signature is cut into 32 bands of 4 values whose hashes are
indexed in the store (locality-sensitive hashing), so the candidates of a new article are
found with one indexed query instead of a comparison with every article. A candidate
whose estimated Jaccard similarity reaches ``THRESHOLD`` makes the new article a
near-duplicate of it — of the first article of the group, when the candidate is itself a
copy. Copies are linked (``near_duplicates`` table), never dropped: which outlet
republished what is itself a finding.

With 32 bands of 4 rows, a pair at Jaccard 0.5 becomes a candidate with probability
1 - (1 - 0.5⁴)³² ≈ 0.87, at 0.6 ≈ 0.98, at 0.3 ≈ 0.23 (then rejected by the estimate).

MinHash is computed here rather than with datasketch: the signatures are stored, so the
hash functions must never change with a library upgrade (they are derived from fixed
strings below), and the import stays light (datasketch pulls in scipy).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 3
THRESHOLD = 0.5
MIN_SHINGLES = 10  # shorter texts (a caption, a brief) are too short to call copies
MAX_CANDIDATES = 1000  # those sharing the most bands; bounds the work on template-like text
_CHUNK = 4096  # shingles hashed at once (memory: 128 x 4096 x 8 bytes)

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)


def _parameter(name: str, i: int) -> int:
    digest = hashlib.blake2b(f"unspin-minhash-{name}-{i}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") % ((1 << 61) - 2) + 1


# The permutations (a·x + b mod p), fixed forever: stored signatures depend on them.
_A = np.array([_parameter("a", i) for i in range(NUM_PERM)], dtype=np.uint64)[:, None]
_B = np.array([_parameter("b", i) for i in range(NUM_PERM)], dtype=np.uint64)[:, None]

_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class DuplicateLink:
    """``article_id`` is a near-copy of ``duplicate_of`` (estimated Jaccard ``similarity``)."""

    article_id: str
    duplicate_of: str
    similarity: float


def shingles(text: str) -> set[bytes]:
    """The word 3-shingles of ``text`` (case and Unicode normalisation ignored)."""
    words = _WORD_RE.findall(unicodedata.normalize("NFC", text).casefold())
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
            for i in range(max(0, len(words) - SHINGLE_WORDS + 1))}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of ``text`` (128 uint32), or None when it has too few shingles."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    values = np.fromiter((int.from_bytes(hashlib.blake2b(g, digest_size=4).digest(), "little")
                          for g in grams), dtype=np.uint64, count=len(grams))
    result = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64)
    for i in range(0, len(values), _CHUNK):
        chunk = values[None, i : i + _CHUNK]
        # uint64 products wrap around, as in datasketch: still a good hash family.
        hashed = ((_A * chunk + _B) % _MERSENNE) & _MAX_HASH
        np.minimum(result, hashed.min(axis=1), out=result)
    return result.astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (SQLite integers), the band's number included."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity estimated from two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def _blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def _from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")


def link_article(conn: sqlite3.Connection, article_id: str, text: str,
                 found_at: str) -> DuplicateLink | None:
    """Index ``article_id`` and link it to the story it copies, if any (in the caller's
    transaction). Returns the link made, or None."""
    sig = signature(text)
    if sig is None:
        return None
    keys = band_keys(sig)
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        "SELECT m.article_id, m.signature FROM minhashes m JOIN ("
        f" SELECT article_id, count(*) AS shared FROM minhash_bands WHERE band_key IN ({marks})"
        " AND article_id != ? GROUP BY article_id ORDER BY shared DESC LIMIT ?"
        ") c ON c.article_id = m.article_id", (*keys, article_id, MAX_CANDIDATES)).fetchall()
    best: tuple[float, str] | None = None
    if rows:
        matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<u4").reshape(len(rows), -1)
        scores = np.count_nonzero(matrix == sig[None, :], axis=1) / NUM_PERM
        top = int(np.argmax(scores))
        if scores[top] >= THRESHOLD:
            best = (float(scores[top]), str(rows[top][0]))
    conn.execute("INSERT OR REPLACE INTO minhashes (article_id, signature) VALUES (?, ?)",
                 (article_id, _blob(sig)))
    conn.executemany("INSERT INTO minhash_bands (band_key, article_id) VALUES (?, ?)",
                     [(key, article_id) for key in keys])
    if best is None:
        return None
    score, original = best
    row = conn.execute("SELECT duplicate_of FROM near_duplicates WHERE article_id = ?",
                       (original,)).fetchone()
    if row is not None:
        # A copy of a copy: link to the group's first article, so each story is one star.
        original = str(row[0])
        first = conn.execute("SELECT signature FROM minhashes WHERE article_id = ?",
                             (original,)).fetchone()
        if first is not None:
            score = similarity(sig, _from_blob(first[0]))
    conn.execute("INSERT OR REPLACE INTO near_duplicates (article_id, duplicate_of, similarity,"
                 " found_at) VALUES (?, ?, ?, ?)", (article_id, original, round(score, 3),
                                                    found_at))
    return DuplicateLink(article_id, original, round(score, 3))


def links_of(conn: sqlite3.Connection, article_id: str | None = None) -> list[DuplicateLink]:
    """The near-duplicate links of one article (either side), or all of them."""
    if article_id is None:
        rows = conn.execute("SELECT article_id, duplicate_of, similarity FROM near_duplicates"
                            " ORDER BY duplicate_of, article_id")
    else:
        rows = conn.execute("SELECT article_id, duplicate_of, similarity FROM near_duplicates"
                            " WHERE article_id = ? OR duplicate_of = ?"
                            " ORDER BY duplicate_of, article_id", (article_id, article_id))
    return [DuplicateLink(str(a), str(b), float(s)) for a, b, s in rows]
