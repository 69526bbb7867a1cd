"""Export analysed articles as JSONL (the full schema) or CSV (one summary row per article).

The CSV columns are fixed (:data:`CSV_COLUMNS`, documented in ``docs/cli.md``) so that
files exported at different times line up: the main meta, then one count per layer, then
the who-says-so shares and the genre. The CSV is made for spreadsheets: it starts with a
UTF-8 byte-order mark (so Excel reads accents) and text cells that a spreadsheet would run
as a formula get a leading apostrophe (OWASP's advice against CSV injection).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from .model import Article

META_COLUMNS = ("id", "title", "outlet", "published", "language", "section", "url",
                "input_path", "characters")
COUNTED_LAYERS = ("segments", "sentences", "entities", "places", "times", "figures", "quotes",
                  "sources", "hedges", "claims", "techniques")
SHARE_COLUMNS = ("unattributed_share", "anonymous_share", "hedged_share")
CSV_COLUMNS: tuple[str, ...] = (
    META_COLUMNS
    + ("paragraphs",)
    + tuple(f"n_{layer}" for layer in COUNTED_LAYERS)
    + SHARE_COLUMNS
    + ("genre", "genre_confidence", "frames")
)


def article_json_line(article: Article) -> str:
    """The article as one line of JSON (schema v1, with span texts)."""
    return json.dumps(article.to_dict(), ensure_ascii=False)


def write_jsonl(articles: Iterable[Article], out: IO[str]) -> int:
    """Write one JSON object per line; return how many articles were written."""
    n = 0
    for article in articles:
        out.write(article_json_line(article) + "\n")
        n += 1
    return n


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def article_row(article: Article) -> dict[str, Any]:
    """The CSV row of ``article``: main meta, counts per layer (empty when the stage did not
    run), who-says-so shares, genre and frames (``;``-separated)."""
    meta = article.meta
    where = _dict(meta.get("input"))
    row: dict[str, Any] = {
        "id": article.id, "title": meta.get("title"), "outlet": meta.get("outlet"),
        "published": meta.get("published"), "language": meta.get("language"),
        "section": meta.get("section"), "url": meta.get("url"),
        "input_path": where.get("path"), "characters": len(article.text),
    }
    if "segments" in article.layers:
        row["paragraphs"] = sum(1 for a in article.layer("segments") if a.label == "paragraph")
    for layer in COUNTED_LAYERS:
        if layer in article.layers:
            row[f"n_{layer}"] = len(article.layer(layer))
    shares = _dict(meta.get("who_says_so"))
    for key in SHARE_COLUMNS:
        row[key] = shares.get(key)
    genre = _dict(meta.get("genre"))
    row["genre"] = genre.get("label")
    row["genre_confidence"] = genre.get("confidence")
    frames = meta.get("frames")
    if isinstance(frames, list):
        row["frames"] = ";".join(str(f.get("label")) for f in frames if isinstance(f, dict))
    return {column: row.get(column) for column in CSV_COLUMNS}


# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet would evaluate.

    Titles and outlets come from scraped pages: "=HYPERLINK(…)" must stay text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(articles: Iterable[Article], out: IO[str]) -> int:
    """Write a byte-order mark, a header and one row per article; return the row count.

    Text cells are passed through :func:`defuse_formula`.
    """
    out.write("\ufeff")  # UTF-8 BOM: without it Excel reads the file as Windows-1252
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for article in articles:
        row = article_row(article)
        writer.writerow({key: defuse_formula(value) for key, value in row.items()})
        n += 1
    return n
