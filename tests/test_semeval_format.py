"""SemEval-2023 Task 3 formats: the blank-line rule, label files, prediction files, scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.techniques.paragraphs import is_blank, paragraphs
from unspin.techniques.training.scoring import score_subtask1, score_subtask2, score_subtask3
from unspin.techniques.training.semeval_format import (
    SemEvalFormatError,
    detect_language,
    format_labels_1,
    format_labels_2,
    format_labels_3,
    read_articles,
    read_labels_1,
    read_labels_2,
    read_labels_3,
)

ARTICLE = (
    "Le maire promet une ville plus verte\n"
    "\n"
    "Mardi soir, le conseil municipal a voté le budget.\n"
    "\u00a0\u00a0\n"
    " \t\n"
    "« C'est une honte », a lancé l'opposition.\n"
    "\u200b\n"
    "Les travaux commenceront en mars."
)


@pytest.mark.parametrize("line, blank", [
    ("", True), ("   ", True), ("\u00a0", True), ("\u00a0 \t\u00a0", True), ("\u200b", True),
    ("\u202f", True), ("a", False), ("\u00a0x", False), (".", False),
])
def test_blank_line_rule(line: str, blank: bool) -> None:
    assert is_blank(line) is blank


def test_paragraphs_are_non_blank_lines_with_line_numbers_and_spans() -> None:
    paras = paragraphs(ARTICLE)
    assert [p.line for p in paras] == [1, 3, 6, 8]
    for p in paras:
        assert ARTICLE[p.start : p.end] == p.text
    assert paras[2].text.startswith("« C'est")


def test_crlf_line_ends_stay_outside_the_span() -> None:
    paras = paragraphs("Titre\r\n\r\nCorps du texte.\r\n")
    assert [(p.line, p.text) for p in paras] == [(1, "Titre"), (3, "Corps du texte.")]


def test_read_articles_and_errors(tmp_path: Path) -> None:
    with pytest.raises(SemEvalFormatError, match="not found"):
        read_articles(tmp_path / "missing")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SemEvalFormatError, match="no article"):
        read_articles(tmp_path)
    (tmp_path / "article12.txt").write_text("\ufeffTitre\n\nTexte", encoding="utf-8")
    (tmp_path / "article3.txt").write_text("Autre", encoding="utf-8")
    articles = read_articles(tmp_path)
    assert set(articles) == {"12", "3"}
    assert articles["12"].startswith("Titre")


def test_read_labels_3_with_empty_technique_column(tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("7\t1\t\n7\t3\tDoubt,Loaded_Language\n8\t2\n", encoding="utf-8")
    assert read_labels_3(gold) == {("7", 1): [], ("7", 3): ["Doubt", "Loaded_Language"],
                                   ("8", 2): []}


def test_malformed_label_line_names_file_and_line(tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("7\t1\tDoubt\n7\tx\tDoubt\n", encoding="utf-8")
    with pytest.raises(SemEvalFormatError, match=r"gold\.txt:2"):
        read_labels_3(gold)


def test_prediction_files_round_trip(tmp_path: Path) -> None:
    preds3 = {("10", 3): ["Doubt"], ("9", 1): [], ("10", 1): ["Loaded_Language", "Doubt"]}
    text = format_labels_3(preds3)
    assert text.splitlines()[0] == "9\t1\t"
    assert text.splitlines()[1] == "10\t1\tLoaded_Language,Doubt"
    (tmp_path / "p3.txt").write_text(text, encoding="utf-8")
    assert read_labels_3(tmp_path / "p3.txt") == preds3
    (tmp_path / "p1.txt").write_text(format_labels_1({"2": "satire", "1": "opinion"}))
    assert read_labels_1(tmp_path / "p1.txt") == {"1": "opinion", "2": "satire"}
    (tmp_path / "p2.txt").write_text(format_labels_2({"1": ["Economic", "Political"]}))
    assert read_labels_2(tmp_path / "p2.txt") == {"1": ["Economic", "Political"]}


def test_language_from_folder_name(tmp_path: Path) -> None:
    assert detect_language(tmp_path / "fr" / "dev-articles-subtask-3") == "fr"
    assert detect_language(tmp_path / "de" / "articles") == "ge"
    assert detect_language(tmp_path / "articles") is None


def test_subtask3_scores_hand_computed() -> None:
    gold = {("1", 1): ["Doubt"], ("1", 2): ["Doubt", "Loaded_Language"], ("1", 3): []}
    pred = {("1", 1): ["Doubt", "Slogans"], ("1", 2): ["Loaded_Language"],
            ("1", 9): ["Doubt"]}  # a paragraph not in gold is ignored; ("1", 3) missing
    s = score_subtask3(gold, pred)
    # tp = 2 (Doubt@1, Loaded@2), fp = 1 (Slogans@1), fn = 1 (Doubt@2)
    assert s["micro_f1"] == pytest.approx(4 / 6)
    per = s["per_class_f1"]
    assert per["Doubt"] == pytest.approx(2 / 3)
    assert per["Loaded_Language"] == pytest.approx(1.0)
    assert per["Slogans"] == 0.0
    assert s["macro_f1"] == pytest.approx((2 / 3 + 1.0) / 23)


def test_subtask3_empty_predictions_score_zero() -> None:
    assert score_subtask3({("1", 1): ["Doubt"]}, {})["micro_f1"] == 0.0


def test_subtask1_macro_and_subtask2_micro() -> None:
    gold = {"a": "reporting", "b": "reporting", "c": "opinion", "d": "satire"}
    pred = {"a": "reporting", "b": "opinion", "c": "opinion", "d": "reporting"}
    s = score_subtask1(gold, pred)
    # reporting: tp1 fp1 fn1 -> 0.5; opinion: tp1 fp1 -> 2/3; satire: fn1 -> 0
    assert s["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    assert s["micro_f1"] == pytest.approx(0.5)
    s2 = score_subtask2({"a": ["Economic", "Political"]}, {"a": ["Economic", "Morality"]})
    assert s2["micro_f1"] == pytest.approx(0.5)


def test_cli_score_prints_official_metrics(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from unspin.cli_semeval import semeval_app

    (tmp_path / "gold.txt").write_text("1\t1\tDoubt\n1\t3\t\n", encoding="utf-8")
    (tmp_path / "pred.txt").write_text("1\t1\tDoubt,Slogans\n1\t3\t\n", encoding="utf-8")
    result = CliRunner().invoke(semeval_app, ["score", str(tmp_path / "gold.txt"),
                                              str(tmp_path / "pred.txt"), "--subtask", "3"])
    assert result.exit_code == 0, result.output
    assert "micro-F1\t0.6667" in result.output
    (tmp_path / "bad.txt").write_text("1\tone\tDoubt\n", encoding="utf-8")
    result = CliRunner().invoke(semeval_app, ["score", str(tmp_path / "bad.txt"),
                                              str(tmp_path / "pred.txt")])
    assert result.exit_code == 2
    assert "bad.txt:1" in result.output
