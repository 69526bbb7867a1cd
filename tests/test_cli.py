"""The command line: outputs, exit codes, one-line errors, and the store commands."""

from __future__ import annotations

import csv
import importlib
import io
import json
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli import app, main
from unspin.export import CSV_COLUMNS

FAST = ["--stages", "segments,language"]

ARTICLE_FR = """Des roquettes visent la zone verte de Bagdad

Selon des sources sécuritaires, douze roquettes ont été tirées mardi soir vers la zone verte.
Le ministère de la défense a dénoncé une attaque « lâche » et promis une enquête.
"""

ARTICLE_EN = """Flooding forces thousands from their homes

Heavy rain over the weekend pushed the river above its banks, officials said on Monday.
About 3,000 residents were moved to shelters, according to the regional authority.
"""

HOSTILE = """Un titre [bold red]piégé[/bold red] et [link=http://example.invalid]un lien[/link]

Le texte contient des balises [blink]qui ne doivent pas être interprétées[/blink] par le terminal.
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "bagdad.txt").write_text(ARTICLE_FR, encoding="utf-8")
    (folder / "flood.txt").write_text(ARTICLE_EN, encoding="utf-8")
    return folder


def test_analyze_text_report(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(app, ["analyze", str(corpus / "bagdad.txt"), *FAST])
    assert result.exit_code == 0, result.output
    assert "Des roquettes visent la zone verte de Bagdad" in result.stdout
    assert "characters" in result.stdout and "paragraph" in result.stdout


def test_analyze_json_one_object_valid_against_schema(runner: CliRunner, corpus: Path,
                                                      schema_errors) -> None:
    result = runner.invoke(app, ["analyze", str(corpus / "bagdad.txt"), "--format", "json",
                                 "--published", "2020-11-17", *FAST])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert schema_errors(data) == []
    assert data["meta"]["published"] == "2020-11-17"
    assert data["meta"]["published_from"] == "option"
    assert data["meta"]["language"] == "fr"
    assert data["meta"]["input"]["path"].endswith("bagdad.txt")
    for ann in data["layers"]["segments"]:
        assert data["text"][ann["start"]:ann["end"]] == ann["text"]


def test_analyze_json_several_is_a_list_and_jsonl_one_per_line(runner: CliRunner, corpus: Path,
                                                               schema_errors) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "-f", "json", *FAST])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    assert all(schema_errors(obj) == [] for obj in data)
    result = runner.invoke(app, ["analyze", str(corpus), "-f", "jsonl", *FAST])
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert {json.loads(line)["meta"]["language"] for line in lines} == {"fr", "en"}


def test_analyze_writes_output_file(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(corpus), "-f", "jsonl", "-o", str(out), *FAST])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    report = tmp_path / "report.txt"
    runner.invoke(app, ["analyze", str(corpus / "flood.txt"), "-o", str(report), *FAST])
    assert "Flooding forces thousands" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", ["17/11/2020", "2020-13-01", "hier"])
def test_bad_published_date_is_a_usage_error(runner: CliRunner, corpus: Path, bad: str) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "--published", bad, *FAST])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_bad_input_is_reported_and_others_still_analysed(runner: CliRunner, corpus: Path) -> None:
    missing = corpus / "missing.txt"
    result = runner.invoke(app, ["analyze", str(missing), str(corpus / "bagdad.txt"),
                                 "-f", "jsonl", *FAST])
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"error: {missing}")
    assert "Traceback" not in result.output


def test_article_markup_is_shown_literally(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), *FAST])
    assert result.exit_code == 0, result.output
    assert "[bold red]piégé[/bold red]" in result.stdout
    assert "[link=http://example.invalid]" in result.stdout


def test_unknown_stage_and_bad_config_are_usage_errors(runner: CliRunner, corpus: Path,
                                                       tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "--stages", "segments,nonsense"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown stage 'nonsense'")
    bad = tmp_path / "bad.toml"
    bad.write_text("[pipeline\nstages = 3", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(corpus), "--config", str(bad)])
    assert result.exit_code == 2
    assert "not valid TOML" in result.stderr and "Traceback" not in result.output


def test_html_format_uses_the_html_report(runner: CliRunner, corpus: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        importlib.import_module("unspin.report.html")
    except ImportError:
        fake = types.ModuleType("unspin.report.html")
        fake.render_html = lambda articles: f"<html>{len(articles)} articles</html>"  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "unspin.report.html", fake)
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["analyze", str(corpus), "-f", "html", "-o", str(out), *FAST])
    assert result.exit_code == 0, result.output
    assert "<html" in out.read_text(encoding="utf-8").lower()


def test_ingest_search_show_export(runner: CliRunner, corpus: Path, tmp_path: Path,
                                   schema_errors) -> None:
    db = tmp_path / "news.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), *FAST])
    assert result.exit_code == 0, result.output
    assert "stored" in result.stdout and "2" in result.stdout
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), *FAST])
    assert again.exit_code == 0
    assert _summary_value(again.stdout, "stored") == 0
    assert _summary_value(again.stdout, "already stored") == 2

    found = runner.invoke(app, ["search", "defense", "--db", str(db)])
    assert found.exit_code == 0, found.output
    assert "Bagdad" in found.stdout and "Flooding" not in found.stdout
    assert "1 of 1 matching" in found.stdout

    article_id = json.loads(runner.invoke(app, ["analyze", str(corpus / "bagdad.txt"), "-f",
                                                "json", *FAST]).stdout)["id"]
    shown = runner.invoke(app, ["show", article_id[:8], "--db", str(db), "-f", "json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["id"] == article_id and schema_errors(data) == []
    text = runner.invoke(app, ["show", article_id, "--db", str(db)])
    assert "Des roquettes visent" in text.stdout

    jsonl = runner.invoke(app, ["export", "--db", str(db)])
    assert [json.loads(line)["id"] for line in jsonl.stdout.splitlines()].count(article_id) == 1
    out = tmp_path / "a.csv"
    exported = runner.invoke(app, ["export", "--db", str(db), "-f", "csv", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2 and tuple(rows[0]) == CSV_COLUMNS
    assert {r["language"] for r in rows} == {"fr", "en"}
    assert all(int(r["n_segments"]) >= 2 for r in rows)


def _summary_value(output: str, label: str) -> int:
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip("│|┃ ").split("│")]
        if len(cells) == 2 and cells[0] == label:
            return int(cells[1])
    raise AssertionError(f"no {label!r} in summary:\n{output}")


def test_ingest_with_bad_input_stores_the_rest_and_exits_1(runner: CliRunner, corpus: Path,
                                                           tmp_path: Path) -> None:
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "news.db"
    result = runner.invoke(app, ["ingest", str(corpus), str(tmp_path / "missing.txt"),
                                 "--db", str(db), *FAST])
    assert result.exit_code == 1
    assert _summary_value(result.stdout, "stored") == 2, result.stdout + result.stderr
    errors = result.stderr.splitlines()
    assert all(line.startswith("error: ") for line in errors)  # one line per failed input
    assert any("empty.txt: " in line for line in errors)
    assert any("missing.txt: " in line for line in errors)
    assert _summary_value(result.stdout, "failed") == len(errors) == 2
    assert "failed inputs: see the error lines" in result.stdout
    assert "empty.txt" not in result.stdout, "each failure is printed once (stderr)"


def test_store_errors_are_one_line(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["search", "x", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1
    assert missing.stderr.strip().count("\n") == 0 and "no such store" in missing.stderr
    db = tmp_path / "news.db"
    runner.invoke(app, ["ingest", str(corpus), "--db", str(db), *FAST])
    bad = runner.invoke(app, ["search", 'l\'armée "', "--db", str(db)])
    assert bad.exit_code == 1 and "double quotes" in bad.stderr
    unknown = runner.invoke(app, ["show", "abcdef0123456789", "--db", str(db)])
    assert unknown.exit_code == 1 and "no stored article" in unknown.stderr


def test_stages_lists_the_registry(runner: CliRunner) -> None:
    result = runner.invoke(app, ["stages"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    for name in ("segments", "language", "parse", "techniques"):
        assert name in result.stdout
    assert "layers.sentences" in result.stdout  # parse's assigns, read from its class


def test_eval_dispatches_to_the_module(runner: CliRunner,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.evaluation

    fake = types.ModuleType("unspin.evaluation.fake_topic")
    fake.evaluate = lambda data: {"f1": 0.75, "per_label": {"PER": 0.8}, "data": str(data)}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "unspin.evaluation.fake_topic", fake)
    monkeypatch.setattr(unspin.evaluation, "available", lambda: ["fake_topic"])
    result = runner.invoke(app, ["eval", "fake_topic", "--data", "somewhere"])
    assert result.exit_code == 0, result.output
    assert "per_label.PER" in result.stdout and "0.7500" in result.stdout
    as_json = runner.invoke(app, ["eval", "fake_topic", "-f", "json"])
    assert json.loads(as_json.stdout)["f1"] == 0.75
    unknown = runner.invoke(app, ["eval", "nope"])
    assert unknown.exit_code == 2
    assert "unknown evaluation 'nope'; available: fake_topic" in unknown.stderr


@pytest.mark.parametrize("command", ["analyze", "ingest", "search", "show", "export", "stages",
                                     "eval"])
def test_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and f"unspin {command}" in result.stdout


def test_main_exit_codes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for argv, code in (
        (["unspin", "analyze"], 2),  # missing argument
        (["unspin", "search", "x", "--db", str(tmp_path / "none.db")], 1),
        (["unspin", "--version"], 0),
    ):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as exit_info:
            main()
        assert (exit_info.value.code or 0) == code, argv


@pytest.mark.slow
def test_analyze_with_the_full_default_pipeline(runner: CliRunner, corpus: Path,
                                                schema_errors) -> None:
    from unspin.errors import MissingModelError
    from unspin.pipeline import Pipeline

    try:
        Pipeline.from_config()  # fails fast, with the reason, when a model is missing
    except (ImportError, MissingModelError) as exc:
        pytest.skip(f"the default pipeline cannot be built yet ({exc})")
    result = runner.invoke(app, ["analyze", str(corpus), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all(schema_errors(obj) == [] for obj in data)
    text = runner.invoke(app, ["analyze", str(corpus / "bagdad.txt")])
    assert text.exit_code == 0 and "Who" in text.stdout


def test_text_report_shows_every_layer(runner: CliRunner, tmp_path: Path) -> None:
    from test_model import annotated_article
    from unspin.store import Store

    article = annotated_article()
    with Store(tmp_path / "news.db") as store:
        store.add([article])
    result = runner.invoke(app, ["show", article.id, "--db", str(tmp_path / "news.db")],
                           env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    for expected in (
        "Radio Nord Info", "2020-11-17 (from option)", "fr (0.99)", "INTERNATIONAL",
        "Who", "Mustafa al-Kadhimi", "Q5260406", "person",          # entities
        "Where", "Baghdad", "33.3406, 44.4009",                      # places
        "When", "mardi", "DATE",                                     # times
        "How many", "douze roquettes", "roquettes",                  # figures
        "C'est une attaque lâche", "a déclaré",                      # quotes
        "des sources sécuritaires", "selon",                         # sources
        "auraient", "conditional",                                   # hedges
        "Claims:", "anonymous 1 (50%)", "hedged 1 (50%)",                  # who_says_so
        "Genre: reporting (0.81)", "Security_and_defense (0.70)",    # genre, frames
        "techniques per paragraph", "Loaded_Language", "0.62",       # techniques
        "technique spans", "attaque lâche", "juge l'attaque",
    ):
        assert expected in out, expected


def test_stage_module_missing_is_a_clear_error(runner: CliRunner, corpus: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin.stage import BUILTIN_STAGES

    monkeypatch.setitem(BUILTIN_STAGES, "ghost", {"rules": "unspin.stages.ghost:make_stage"})
    result = runner.invoke(app, ["analyze", str(corpus), "--stages", "segments,ghost"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: a stage of the pipeline cannot be loaded")
    assert "--stages" in result.stderr and "Traceback" not in result.output


def test_an_article_that_breaks_a_stage_is_reported_and_the_rest_stored(
        runner: CliRunner, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin import stage as registry
    from unspin.model import Article
    from unspin.stage import Stage

    class Boom(Stage):
        name = "boom"

        def process(self, article: Article) -> None:
            if "Bagdad" in article.text:
                raise ValueError("cannot handle this one")

    monkeypatch.setitem(registry._REGISTERED, "boom", {"test": lambda options: Boom()})
    db = tmp_path / "news.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db),
                                 "--stages", "segments,boom"])
    assert result.exit_code == 1
    assert _summary_value(result.stdout, "stored") == 1
    [line] = result.stderr.splitlines()
    # a crash inside a stage is unspin's bug: said so, with the stage and the input
    assert line.startswith(f"error: internal error in stage 'boom' on {corpus / 'bagdad.txt'}:"
                           f" ValueError: cannot handle this one")
    analysed = runner.invoke(app, ["analyze", str(corpus), "-f", "jsonl",
                                   "--stages", "segments,boom"])
    assert analysed.exit_code == 1 and len(analysed.stdout.splitlines()) == 1


# -- regressions from the foundation review ----------------------------------------------

ESCAPES = ("\x1b[31m", "\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "\x07")


def _no_escapes(output: str) -> None:
    for sequence in ESCAPES:
        assert sequence not in output, repr(sequence)
    assert "\x1b" not in output and "pwned" not in output


def test_terminal_escapes_in_articles_never_reach_the_terminal(runner: CliRunner,
                                                               tmp_path: Path) -> None:
    record = {"text": "Titre \x1b[31mrouge\x1b[0m\n\nLe ministre a parlé mardi devant les "
                      "députés réunis à Paris, selon un communiqué.\x1b[2J",
              "title": "Titre \x1b]0;pwned\x07 \x1b[31mrouge", "outlet": "Evil\x9b31m News",
              "author": "A\x1b[2Jttacker"}
    feed = tmp_path / "inject.jsonl"
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = runner.invoke(app, ["analyze", str(feed), *FAST])
    assert report.exit_code == 0, report.output
    _no_escapes(report.stdout)
    assert "Titre" in report.stdout and "rouge" in report.stdout and "Evil" in report.stdout
    db = tmp_path / "news.db"
    runner.invoke(app, ["ingest", str(feed), "--db", str(db), *FAST])
    found = runner.invoke(app, ["search", "ministre", "--db", str(db)])
    assert found.exit_code == 0 and "Evil" in found.stdout
    _no_escapes(found.stdout)
    article_id = json.loads(runner.invoke(app, ["export", "--db", str(db)]).stdout)["id"]
    shown = runner.invoke(app, ["show", article_id, "--db", str(db)])
    _no_escapes(shown.stdout)


def test_error_lines_quoting_hostile_names_are_clean(runner: CliRunner, tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b]0;pwned\x07.txt"
    result = runner.invoke(app, ["analyze", str(name), *FAST])
    assert result.exit_code == 1 and "no such file" in result.stderr
    _no_escapes(result.stderr)


def test_terminal_safe_keeps_text_and_drops_sequences() -> None:
    from unspin.report.text import terminal_safe

    assert terminal_safe("a\x1b[1;31mb\x1b[0mc") == "abc"
    assert terminal_safe("x\x1b]8;;http://evil\x1b\\lien\x1b]8;;\x1b\\y") == "xlieny"
    assert terminal_safe("un\ttab\net\rretour") == "un tab et retour"
    assert terminal_safe("ligne\nsuivante", multiline=True) == "ligne\nsuivante"
    assert terminal_safe("nul\x00 et \u202eRTL") == "nul\ufffd et \ufffdRTL"
    assert terminal_safe("[bold]é à ç[/bold] « »") == "[bold]é à ç[/bold] « »"


def test_csv_export_defuses_formulas(runner: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"text": "Corps de l'article sur la Défense.",
                                "title": "=HYPERLINK(\"http://evil\",\"x\")",
                                "outlet": "+Evil", "section": "@SUM(A1)"}) + "\n",
                    encoding="utf-8")
    db = tmp_path / "news.db"
    runner.invoke(app, ["ingest", str(feed), "--db", str(db), *FAST])
    out = tmp_path / "a.csv"
    assert runner.invoke(app, ["export", "--db", str(db), "-f", "csv", "-o", str(out)]
                         ).exit_code == 0
    (row,) = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert row["title"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert row["outlet"] == "'+Evil" and row["section"] == "'@SUM(A1)"


@pytest.mark.parametrize("toml, key", [
    ('[input]\nmax_bytes = "lots"\n', "max_bytes"),
    ("[input]\nmax_bytes = -5\n", "max_bytes"),
    ("[input]\nmax_byte = 5\n", "max_byte"),
    ("[inptu]\nmax_bytes = 100\n", "[inptu]"),
    ('[pipeline]\nstagez = ["segments"]\n', "stagez"),
    ("[stages.timez]\nfoo = 1\n", "[stages.timez]"),
    ('[stages.language]\nswitch_confidence = "x"\n', "switch_confidence"),
    ('[stages.segments]\nmax_title_chars = "x"\n', "max_title_chars"),
    ('[stages.entities]\nregistry_files = "one.toml"\n', "registry_files"),
])
def test_bad_config_values_are_one_line_usage_errors(runner: CliRunner, corpus: Path,
                                                     tmp_path: Path, toml: str, key: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(toml, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(corpus), "--config", str(bad), *FAST])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and key in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.output


def test_validate_config_accepts_the_defaults() -> None:
    from unspin.config import load_config
    from unspin.config_checks import validate_config

    assert validate_config(load_config()).max_bytes == 5_000_000


def test_ingest_counts_duplicates_in_input(runner: CliRunner, corpus: Path,
                                           tmp_path: Path) -> None:
    (corpus / "copy.txt").write_text(ARTICLE_FR, encoding="utf-8")
    db = tmp_path / "news.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), *FAST])
    assert _summary_value(result.stdout, "stored") == 2
    assert _summary_value(result.stdout, "duplicates in input") == 1
    assert _summary_value(result.stdout, "already stored") == 0


def test_search_and_show_refuse_an_empty_file(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    for args in (["search", "x"], ["show", "abc"]):
        result = runner.invoke(app, [*args, "--db", str(empty)])
        assert result.exit_code == 1 and "not an unspin store" in result.stderr
    assert empty.read_bytes() == b""


def test_search_with_hyphenated_word(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Le porte-parole s'exprime\n\nLe porte-parole du gouvernement a parlé "
                    "mardi devant la presse.\n", encoding="utf-8")
    db = tmp_path / "news.db"
    runner.invoke(app, ["ingest", str(path), "--db", str(db), *FAST])
    result = runner.invoke(app, ["search", "porte-parole", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 of 1 matching" in result.stdout


def test_bad_format_is_a_clear_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "x.db"), "-f", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not a format; use one of" in " ".join(result.output.replace("│", "").split())
    assert "Value error" not in result.output


def test_help_does_not_show_bool_on_our_flags(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "100"})
    verbose = next(line for line in result.stdout.splitlines() if "--verbose" in line)
    assert "<bool>" not in verbose
    eval_help = runner.invoke(app, ["eval", "--help"], env={"COLUMNS": "100"}).stdout
    assert "unspin eval timebank --data" in eval_help


def test_closed_pipe_exits_0(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from unspin import cli

    monkeypatch.setattr(cli.os, "dup2", lambda *args: None)  # keep pytest's stdout intact
    monkeypatch.setattr(cli.os, "open", lambda *args: 0)

    @cli.friendly_errors
    def writer() -> None:
        raise BrokenPipeError

    with pytest.raises(typer.Exit) as exit_info:
        writer()
    assert exit_info.value.exit_code == 0


def test_rich_closed_pipe_becomes_exit_0() -> None:
    from unspin.cli import Console

    with pytest.raises(BrokenPipeError):
        Console().on_broken_pipe()  # rich's default would exit with 1


def test_stages_missing_what_they_read_name_the_stage_to_add(runner: CliRunner,
                                                               corpus: Path) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "--stages", "hedges,quotes"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: stage 'hedges' requires layers.quotes, assigned by stage 'quotes': move "
        "'quotes' before 'hedges' in [pipeline] stages (or --stages)")
