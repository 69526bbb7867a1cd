"""Batch scale-out on Dask: shards in, one Parquet file per shard out, failures reported."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from unspin.cli import app
from unspin.distributed import analyze_shards
from unspin.model import Article


def _write_shard(path: Path, n: int, start: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            text = (f"Titre numéro {i}\nLe convoi numéro {i} est arrivé à Gao mardi "
                    f"avec {i + 3} camions, selon des sources locales.")
            fh.write(json.dumps({"text": text, "outlet": "Radio Test"}) + "\n")
        fh.write("not json\n")


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
def test_shards_become_parquet_files_with_every_article(tmp_path: Path, scheduler: str) -> None:
    _write_shard(tmp_path / "a.jsonl", 5, 0)
    _write_shard(tmp_path / "b.jsonl", 7, 100)
    results = analyze_shards([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")],
                             tmp_path / "out", stages=["segments", "language"],
                             scheduler=scheduler, workers=2)
    assert [r.articles for r in results] == [5, 7]
    assert [len(r.errors) for r in results] == [1, 1]
    assert "a.jsonl:6" in results[0].errors[0] and "b.jsonl:8" in results[1].errors[0]
    table = pq.read_table(tmp_path / "out" / "b.jsonl.parquet")
    assert table.num_rows == 7
    row = table.to_pylist()[0]
    article = Article.from_dict(json.loads(row["article_json"]))
    assert article.id == row["id"] and row["language"] == "fr"
    assert article.layer("segments"), "the pipeline's layers travel with the article"


def test_batch_command_reports_failures_and_exits_1(tmp_path: Path) -> None:
    _write_shard(tmp_path / "a.jsonl", 3, 0)
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "*.jsonl"), "--out",
                                      str(tmp_path / "out"), "--scheduler", "synchronous",
                                      "--stages", "segments,language"])
    assert result.exit_code == 1
    assert "3 articles analysed from 1 shards" in result.output
    assert "a.jsonl:4" in result.output
    assert (tmp_path / "out" / "a.jsonl.parquet").exists()


# -- regressions from the foundation review ----------------------------------------------

def test_shards_with_the_same_file_name_do_not_overwrite_each_other(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _write_shard(tmp_path / "a" / "x.jsonl", 3, 0)
    _write_shard(tmp_path / "b" / "x.jsonl", 4, 100)
    results = analyze_shards([str(tmp_path / "a" / "x.jsonl"), str(tmp_path / "b" / "x.jsonl")],
                             tmp_path / "out", stages=["segments", "language"],
                             scheduler="synchronous")
    outputs = [r.output for r in results]
    assert len(set(outputs)) == 2
    assert [pq.read_table(o).num_rows for o in outputs if o] == [3, 4]
    files = sorted((tmp_path / "out").glob("*.parquet"))
    assert sum(pq.read_table(f).num_rows for f in files) == 7


def test_parquet_names_are_unique_and_stable() -> None:
    from unspin.distributed import parquet_names

    assert parquet_names(["s/a.jsonl", "s/b.jsonl"]) == ["a.jsonl.parquet", "b.jsonl.parquet"]
    twins = parquet_names(["a/x.jsonl", "b/x.jsonl"])
    assert len(set(twins)) == 2 and all(n.startswith("x.jsonl-") for n in twins)
    assert parquet_names(["b/x.jsonl", "a/x.jsonl"]) == twins[::-1]
    assert len(set(parquet_names(["a/x.jsonl", "a/x.jsonl"]))) == 2


def test_unmatched_glob_counts_as_a_failed_input(tmp_path: Path) -> None:
    _write_shard(tmp_path / "a.jsonl", 2, 0)
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "a.jsonl"),
                                      str(tmp_path / "nothing*.jsonl"), "--out",
                                      str(tmp_path / "out"), "--scheduler", "synchronous",
                                      "--stages", "segments,language"])
    assert result.exit_code == 1
    assert "no file matches this pattern" in result.output
    assert "2 inputs failed" in result.output  # the bad JSONL line and the empty glob


def test_unreachable_scheduler_is_one_error_line(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    import unspin.distributed

    monkeypatch.setattr(unspin.distributed, "SCHEDULER_TIMEOUT", 1)
    _write_shard(tmp_path / "a.jsonl", 1, 0)
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "a.jsonl"), "--out",
                                      str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:1",
                                      "--stages", "segments,language"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:1")
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.output
