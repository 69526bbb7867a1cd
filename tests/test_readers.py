"""Readers: formats, encodings, folders, globs, and one clear InputError per bad input."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from unspin.errors import InputError
from unspin.model import Article
from unspin.readers import decode_bytes, normalise_date, normalise_outlet, read_paths, read_text
from unspin.readers.decoding import NotText

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
FEED = Path(__file__).parent / "data" / "feed.jsonl"

FRENCH = "Les forces américaines ont quitté la base à Bagdad, a déclaré le porte-parole « hier ».\n"


def read_all(*paths: str | Path, **kwargs: object) -> tuple[list[Article], list[InputError]]:
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in read_paths(list(paths), **kwargs):  # type: ignore[arg-type]
        (articles if isinstance(item, Article) else errors).append(item)  # type: ignore[arg-type]
    return articles, errors


def one_error(*paths: str | Path, **kwargs: object) -> InputError:
    articles, errors = read_all(*paths, **kwargs)
    assert not articles
    assert len(errors) == 1, errors
    assert "\n" not in str(errors[0])
    return errors[0]


# -- plain text and encodings ------------------------------------------------------

def test_text_file_keeps_text_except_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Titre\r\n\r\n  Corps du texte.  \r\nFin\n")
    (article,), errors = read_all(path)
    assert not errors
    assert article.text == "Titre\n\n  Corps du texte.  \nFin\n"
    assert article.meta["input"] == {"path": str(path), "format": "text", "encoding": "utf-8"}


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8-sig", "utf-16", "utf-16-le"])
def test_encodings_decode_french(tmp_path: Path, encoding: str) -> None:
    text = FRENCH if encoding != "cp1252" else FRENCH + "L’œuvre coûte 5 €.\n"
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode(encoding))
    (article,), errors = read_all(path)
    assert not errors
    assert article.text == text  # BOM dropped, accents intact


def test_short_cp1252_french_is_not_read_as_central_european() -> None:
    # charset-normalizer alone picks cp1250 here and turns "è" into "č".
    text, encoding = decode_bytes("Très élevé, déjà là.".encode("cp1252"))
    assert text == "Très élevé, déjà là."
    assert encoding == "cp1252"


def test_cyrillic_cp1251_is_not_forced_into_cp1252() -> None:
    original = "Солдаты покинули базу вчера вечером, заявил представитель министерства."
    text, _ = decode_bytes(original.encode("cp1251"))
    assert text == original


def test_utf8_with_a_stray_byte_keeps_utf8(tmp_path: Path) -> None:
    data = FRENCH.encode("utf-8") + b"\xff" + "Suite après.\n".encode()
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    (article,), errors = read_all(path)
    assert not errors
    assert "américaines" in article.text and "\ufffd" in article.text


# -- bad inputs: each one clear one-line InputError --------------------------------

def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert "empty" in one_error(tmp_path / "empty.txt").reason


def test_whitespace_only_file(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\r\n  \n")
    assert "empty" in one_error(tmp_path / "blank.txt").reason


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    err = one_error(tmp_path / "img.txt")
    assert "binary" in err.reason and err.where == str(tmp_path / "img.txt")


def test_random_bytes_are_not_text(tmp_path: Path) -> None:
    # Bytes without NUL that no encoding reads as text (control characters throughout).
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 32)) * 40)
    err = one_error(tmp_path / "noise.txt")
    assert "not text" in err.reason or "binary" in err.reason


def test_not_text_raised_by_decoder() -> None:
    with pytest.raises(NotText):
        decode_bytes(b"\x00\x01\x02\x03" * 100)


def test_file_over_size_limit_names_size_limit_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000, encoding="utf-8")
    err = one_error(path, max_bytes=1000)
    assert "2,000" in err.reason and "1,000" in err.reason
    assert "--max-bytes" in err.reason and "[input] max_bytes" in err.reason


def test_missing_path(tmp_path: Path) -> None:
    err = one_error(tmp_path / "nope.txt")
    assert "no such file" in err.reason


def test_unreadable_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(FRENCH, encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Tests run as root in CI, where chmod 000 does not stop reading.
    monkeypatch.setattr(Path, "open", refuse)
    err = one_error(path)
    assert "permission denied" in err.reason


def test_glob_matching_nothing(tmp_path: Path) -> None:
    err = one_error(str(tmp_path / "*.nothing"))
    assert "no file matches" in err.reason


def test_directory_without_article_files(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    err = one_error(tmp_path)
    assert "no article files" in err.reason


def test_directory_with_no_readable_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    articles, errors = read_all(tmp_path)
    assert not articles
    assert [e.where for e in errors] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                         str(tmp_path)]
    assert "no readable articles" in errors[-1].reason


def test_bad_inputs_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    articles, errors = read_all(tmp_path / "empty.txt", tmp_path / "missing.txt",
                                tmp_path / "good.txt")
    assert len(articles) == 1 and len(errors) == 2


def test_unknown_format_option() -> None:
    articles, errors = read_all(EXAMPLES, fmt="pdf")
    assert not articles and "unknown input format" in errors[0].reason


# -- JSONL -------------------------------------------------------------------------

def test_jsonl_good_and_bad_lines() -> None:
    articles, errors = read_all(FEED)
    assert len(articles) == 2
    first, second = articles
    assert first.text.startswith("Des roquettes") and "\n" in first.text
    assert first.meta["title"] == "Roquettes sur Bagdad"
    assert first.meta["outlet"] == "Radio Nord Info"
    assert first.meta["language"] == "fr"
    assert first.meta["section"] == "Monde"
    assert first.meta["published"] == "2020-11-17T14:32:00+01:00"
    assert first.meta["published_from"] == "metadata"
    assert first.meta["input"] == {"path": str(FEED), "format": "jsonl", "line": 1}
    assert first.id != "ignored-1"
    assert second.meta["published"] == "2020-11-19"
    assert second.meta["author"] == "Jane Roe"
    assert second.meta["input"]["line"] == 6
    where = {e.where: e.reason for e in errors}
    assert set(where) == {f"{FEED}:{n}" for n in (2, 3, 5, 7, 8)}
    assert "not valid JSON" in where[f"{FEED}:2"]
    assert "no \"text\" field" in where[f"{FEED}:3"]
    assert "empty" in where[f"{FEED}:5"]
    assert "JSON object" in where[f"{FEED}:7"]
    assert "must be a string" in where[f"{FEED}:8"]


def test_jsonl_line_over_limit(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "ok"}) + "\n",
                    encoding="utf-8")
    articles, errors = read_all(path, max_bytes=100)
    assert [a.text for a in articles] == ["ok"]
    assert errors[0].where == f"{path}:1" and "--max-bytes" in errors[0].reason


def test_empty_jsonl(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text("\n\n", encoding="utf-8")
    assert "empty" in one_error(tmp_path / "feed.jsonl").reason


def test_json_document_array(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text(json.dumps([{"text": "Un."}, {"title": "x"}]), encoding="utf-8")
    articles, errors = read_all(path)
    assert [a.text for a in articles] == ["Un."]
    assert errors[0].where == f"{path}:2"


def test_unspin_output_object_meta_is_used(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    record = {"schema": 1, "id": "x", "text": "Texte.", "meta": {"title": "T", "outlet": "O"}}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,), _ = read_all(path)
    assert article.meta["title"] == "T" and article.meta["outlet"] == "O"


# -- HTML --------------------------------------------------------------------------

def test_html_example_metadata_and_clean_text() -> None:
    (article,), errors = read_all(EXAMPLES / "fr_drones_frontiere.html")
    assert not errors
    meta = article.meta
    assert meta["title"] == ("Des drones survolent la frontière syrienne, "
                             "l'armée irakienne en alerte")
    assert meta["outlet"] == "Radio Nord Info" and meta["site_name"] == "RADIO NORD INFO"
    assert meta["published"] == "2020-11-21" and meta["published_from"] == "metadata"
    assert meta["author"] == "Julien Marchal"
    assert meta["section"] == "International"
    assert meta["url"].startswith("https://radionordinfo.example/")
    assert meta["input"]["format"] == "html"
    lines = article.text.split("\n")
    assert len(lines) == 4  # one paragraph a line
    assert not lines[0].startswith("Des drones survolent")  # title not duplicated
    for bad in ("<script", "alert(", "onerror", "<img", "trackingId"):
        assert bad not in article.text


def test_html_without_article_text(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text(
        "<html><head><title>Rien</title></head><body><nav>Menu</nav></body></html>",
        encoding="utf-8")
    err = one_error(tmp_path / "empty.html")
    assert "no article text" in err.reason


def test_html_in_cp1252_declared_charset(tmp_path: Path) -> None:
    body = "<p>" + FRENCH.strip() + " " + FRENCH.strip() + "</p>"
    page = (f'<html><head><meta charset="windows-1252"><title>T</title></head>'
            f"<body><article>{body}{body}</article></body></html>")
    (tmp_path / "p.htm").write_bytes(page.encode("cp1252"))
    (article,), _ = read_all(tmp_path / "p.htm")
    assert "américaines" in article.text


def test_html_is_sniffed_for_unknown_extension(tmp_path: Path) -> None:
    page = ("<!DOCTYPE html><html><body><article><p>" + FRENCH * 3
            + "</p></article></body></html>")
    (tmp_path / "page.dat").write_text(page, encoding="utf-8")
    (article,), _ = read_all(tmp_path / "page.dat")
    assert article.meta["input"]["format"] == "html" and "<p>" not in article.text


# -- folders and globs ---------------------------------------------------------------

def test_directory_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Deux.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("Un.", encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text("Caché.", encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text('{"text": "Trois."}\n', encoding="utf-8")
    articles, errors = read_all(tmp_path)
    assert not errors
    assert [a.text for a in articles] == ["Deux.", "Trois.", "Un."]


def test_glob_expansion(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.html"):
        (tmp_path / name).write_text("Texte.", encoding="utf-8")
    articles, errors = read_all(str(tmp_path / "*.txt"))
    assert not errors
    assert [Path(a.meta["input"]["path"]).name for a in articles] == ["a.txt", "b.txt"]


def test_examples_folder_reads_every_example() -> None:
    articles, errors = read_all(EXAMPLES)
    assert not errors
    assert len(articles) == len([p for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".html"}])
    assert len(articles) >= 4


def test_forced_format(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("<p>Bonjour</p>", encoding="utf-8")
    (article,), _ = read_all(tmp_path / "page.txt", fmt="text")
    assert article.text == "<p>Bonjour</p>"


# -- helpers -----------------------------------------------------------------------

def test_read_text() -> None:
    article = read_text("\ufeffLigne\r\n", title="T", url=None)
    assert article.text == "Ligne\n"
    assert article.meta == {"title": "T", "input": {"path": "<text>", "format": "text"}}


@pytest.mark.parametrize("raw, expected", [
    ("SOURCE RADIO NORD INFO", "Source Radio Nord Info"),
    ("RADIO NORD INFO", "Radio Nord Info"),
    ("AFP", "AFP"),
    ("RFI", "RFI"),
    ("LE FIGARO", "Le Figaro"),
    ("FRANCE 24", "France 24"),
    ("Le Monde", "Le Monde"),
    ("https://www.xyz.com/article/1", "xyz.com"),
    ("xyz.com", "xyz.com"),
    ("NORTHERN WIRE SERVICE", "Northern Wire Service"),
    ("BFMTV", "BFMTV"),
    ("CNEWS", "CNews"),
    ("L'EXPRESS", "L'Express"),
])
def test_normalise_outlet(raw: str, expected: str) -> None:
    assert normalise_outlet(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("2020-11-17", "2020-11-17"), ("2020-11-17T14:32:00Z", "2020-11-17"),
    ("17/11/2020", "2020-11-17"), ("31/02/2020", None), ("hier", None),
])
def test_normalise_date(raw: str, expected: str | None) -> None:
    assert normalise_date(raw) == expected


def test_utf16_bom_constant_order() -> None:
    # The UTF-32-LE BOM begins with the UTF-16-LE one; it must not be read as UTF-16.
    text, encoding = decode_bytes(codecs.BOM_UTF32_LE + "Bonjour".encode("utf-32-le"))
    assert text == "Bonjour" and encoding == "utf-32"


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(FRENCH.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    (article,), _ = read_all("-")
    assert article.text == FRENCH and article.meta["input"]["path"] == "-"


def test_relative_path_stays_relative() -> None:
    cwd = os.getcwd()
    try:
        os.chdir(EXAMPLES)
        (article,), _ = read_all("fr_sahel_convoi.txt")
        assert article.meta["input"]["path"] == "fr_sahel_convoi.txt"
    finally:
        os.chdir(cwd)


def test_jsonl_published_written_in_words(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [{"text": "Un.", "published": "17 novembre 2020"},
             {"text": "Deux.", "published": "la semaine dernière"}]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    first, second = read_all(path)[0]
    assert first.meta["published"] == "2020-11-17"
    assert "published" not in second.meta


def test_jsonl_is_sniffed_for_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "feed.data"
    path.write_text('{"text": "Un."}\nnot json\n', encoding="utf-8")
    articles, errors = read_all(path)
    assert [a.text for a in articles] == ["Un."]
    assert articles[0].meta["input"]["format"] == "jsonl" and errors[0].where == f"{path}:2"


def test_random_bytes_without_nul_are_never_text() -> None:
    import random

    rng = random.Random(7)
    for _ in range(20):
        data = bytes(rng.randrange(1, 256) for _ in range(1500))
        with pytest.raises(NotText):
            decode_bytes(data)


def test_jsonl_with_bom_and_regional_language(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b'{"text": "Un.\\r\\nDeux.", "language": "fr-FR"}\n')
    (article,), errors = read_all(path)
    assert not errors
    assert article.text == "Un.\nDeux." and article.meta["language"] == "fr"


def test_jsonl_language_that_is_not_a_code_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Un.", "language": "French"}\n', encoding="utf-8")
    (article,), _ = read_all(path)
    assert "language" not in article.meta


def test_html_parser_failure_is_an_input_error(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin.readers import files

    def explode(text: str) -> None:
        raise RecursionError("nested too deep")

    monkeypatch.setattr(files, "extract_html", explode)
    (tmp_path / "p.html").write_text("<html><body><p>Texte.</p></body></html>",
                                     encoding="utf-8")
    err = one_error(tmp_path / "p.html")
    assert "could not be parsed" in err.reason


# -- regressions from the foundation review ----------------------------------------------

SENTENCE = "Le président a déclaré mardi que la situation était très grave pour la région."


@pytest.mark.parametrize("bad", [b"\x81", b"\xff", b"\xc3"])
def test_one_invalid_byte_in_short_utf8_keeps_utf8(bad: bytes) -> None:
    data = SENTENCE.encode("utf-8").replace(b"grave", b"grave " + bad)
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    assert "président" in text and "région" in text and text.count("\ufffd") == 1


def test_one_invalid_byte_in_a_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    line = json.dumps({"text": SENTENCE}, ensure_ascii=False).encode("utf-8")
    path.write_bytes(line.replace(b"mardi", b"\xff mardi") + b"\n")
    (article,), errors = read_all(path)
    assert not errors and "président" in article.text and "\ufffd" in article.text


def test_cp1252_still_decodes_as_cp1252() -> None:
    text, encoding = decode_bytes(SENTENCE.encode("cp1252"))
    assert (text, encoding) == (SENTENCE, "cp1252")


def test_one_nul_byte_in_cp1252_file_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes((SENTENCE * 5).encode("cp1252").replace(b"mardi", b"mar\x00di", 1))
    (article,), errors = read_all(path)
    assert not errors and article.meta["input"]["encoding"] == "cp1252"
    assert "président" in article.text


def test_html_wrong_declared_charset_loses_to_valid_utf8(tmp_path: Path) -> None:
    body = "".join(f"<p>{SENTENCE} Paragraphe {i}, la présidente répond.</p>" for i in range(4))
    page = (f'<html><head><meta charset="iso-8859-1"><title>Le présent</title></head>'
            f"<body><article>{body}</article></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("utf-8"))
    (article,), errors = read_all(path)
    assert not errors and article.meta["input"]["encoding"] == "utf-8"
    assert "présidente" in article.text and "Ã" not in article.text


def test_html_author_loses_byline_word(tmp_path: Path) -> None:
    body = "".join(f"<p>{SENTENCE} Paragraphe {i}.</p>" for i in range(4))
    page = ('<html><head><meta charset="utf-8"><title>T</title>'
            '<meta name="author" content="Par Jean Martin"></head>'
            f"<body><article>{body}</article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (article,), _ = read_all(path)
    assert article.meta["author"] == "Jean Martin"


def test_jsonl_error_messages_read_well(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"text": "a\tb"}\n{"text": "cut\n')
    _, errors = read_all(path)
    reasons = [e.reason for e in errors]
    assert "at at" not in reasons[0] and "control character at column" in reasons[0]
    assert "unterminated string" in reasons[1]


def test_jsonl_warnings_name_the_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Un.", "published": "bientôt", "language": "french"}\n',
                    encoding="utf-8")
    read_all(path)
    assert f"{path}:1: published date" in caplog.text
    assert f"{path}:1: language" in caplog.text


def test_html_site_name_from_title_tag_suffix(tmp_path: Path) -> None:
    body = "".join(f"<p>{SENTENCE} Paragraphe {i}.</p>" for i in range(4))
    page = ('<html><head><meta charset="utf-8">'
            "<title>Crue dans le Sud : trois morts | Radio Nord Info</title></head>"
            f"<body><article><h1>Crue dans le Sud : trois morts</h1>{body}</article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (article,), _ = read_all(path)
    assert article.meta["title"] == "Crue dans le Sud : trois morts"
    assert article.meta["outlet"] == "Radio Nord Info"
