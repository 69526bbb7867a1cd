"""The SQLite store: round trip, idempotence, search, migrations, and crash consistency."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from unspin.errors import InputError, StoreError
from unspin.model import Article
from unspin.store import STORE_VERSION, Store, ingest


def make_article(n: int, title: str = "La défense européenne", body: str = "") -> Article:
    text = f"{title} {n}\n\n{body or 'Le ministre a parlé devant les députés.'} Numéro {n}."
    article = Article.from_text(text, title=f"{title} {n}", outlet="Radio Nord Info",
                                published="2020-11-17")
    article.meta["input"] = {"path": f"in/{n}.txt", "format": "text"}
    article.add("segments", 0, len(f"{title} {n}"), "title", source="rules", line=1)
    return article


class CountingPipeline:
    """A pipeline stand-in that counts the articles it analyses."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.seen: list[str] = []
        self.fail_on = fail_on

    def __call__(self, article: Article) -> Article:
        if self.fail_on and self.fail_on in article.text:
            raise RuntimeError("stage bug")
        self.seen.append(article.id)
        article.meta["language"] = "fr"
        return article

    def pipe(self, articles: Iterator[Article], batch_size: int = 32) -> Iterator[Article]:
        for article in articles:
            yield self(article)


def test_round_trip_keeps_text_meta_layers(tmp_path: Path) -> None:
    article = make_article(1)
    with Store(tmp_path / "s.db") as store:
        assert store.add([article]) == 1
        back = store.get(article.id)
    assert back.to_dict() == article.to_dict()
    assert back.span_text(back.layer("segments")[0]) == "La défense européenne 1"


def test_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.add([make_article(1), make_article(1), make_article(2)]) == 2
        assert store.add([make_article(1)]) == 0
        assert store.count() == 2
        assert store.has(make_article(2).id)
        assert not store.has("0" * 16)


def test_replace_updates_the_stored_article_and_its_index(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        first = make_article(1)
        store.add([first])
        changed = make_article(1)
        changed.meta["title"] = "Un titre corrigé"
        assert store.add([changed], replace=True) == 0
        assert store.get(first.id).meta["title"] == "Un titre corrigé"
        assert [h.id for h in store.search("corrigé")] == [first.id]
        assert store.count() == 1


def test_search_ignores_accents_and_highlights(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add([make_article(1), make_article(2, title="Économie", body="Les prix montent.")])
        hits = store.search("defense")
        assert [h.title for h in hits] == ["La défense européenne 1"]
        assert "[défense]" in hits[0].snippet
        assert hits[0].outlet == "Radio Nord Info" and hits[0].published == "2020-11-17"
        assert [h.title for h in store.search("economie")] == ["Économie 2"]
        assert store.search_count("ministre") == 1
        assert store.search("introuvable") == []


@pytest.mark.parametrize("query", ['l\'armée "', "AND", "défense)"])
def test_bad_search_syntax_says_how_to_quote(tmp_path: Path, query: str) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add([make_article(1)])
        with pytest.raises(StoreError, match="double quotes"):
            store.search(query)


def test_id_prefix_is_resolved_when_unique(tmp_path: Path) -> None:
    articles = [make_article(n) for n in range(40)]
    with Store(tmp_path / "s.db") as store:
        store.add(articles)
        target = articles[7]
        assert store.get(target.id[:10]).id == target.id
        with pytest.raises(StoreError, match="several articles"):
            store.resolve(_shared_prefix(articles))
        with pytest.raises(StoreError, match="not an article id"):
            store.get("zz-top")
        with pytest.raises(StoreError, match="no stored article"):
            store.get(next(p for p in ("f" * 16, "0" * 16) if not store.has(p)))


def _shared_prefix(articles: list[Article]) -> str:
    firsts = [a.id[0] for a in articles]
    return max(set(firsts), key=firsts.count)  # 40 ids: some first digit repeats


def test_iter_articles_reads_everything_in_order(tmp_path: Path) -> None:
    articles = [make_article(n) for n in range(25)]
    with Store(tmp_path / "s.db") as store:
        store.add(articles)
        assert [a.id for a in store.iter_articles(batch_size=7)] == [a.id for a in articles]


def test_wal_mode_and_version(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db"):
        pass
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == STORE_VERSION


def test_newer_store_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db"):
        pass
    conn = sqlite3.connect(tmp_path / "s.db")
    conn.execute(f"PRAGMA user_version = {STORE_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer unspin"):
        Store(tmp_path / "s.db")


def test_not_a_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello, not sqlite at all " * 100)
    with pytest.raises(StoreError, match="cannot be opened"):
        Store(tmp_path / "notes.txt")
    other = sqlite3.connect(tmp_path / "other.db")
    other.execute("CREATE TABLE t (x)")
    other.close()
    with pytest.raises(StoreError, match="not an unspin store"):
        Store(tmp_path / "other.db")
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_exception_mid_batch_rolls_back_the_whole_batch(tmp_path: Path) -> None:
    good = [make_article(n) for n in range(3)]

    def articles_then_crash() -> Iterator[Article]:
        yield from good
        raise RuntimeError("killed")

    with Store(tmp_path / "s.db") as store:
        store.add([make_article(99)])
        with pytest.raises(RuntimeError):
            store.add(articles_then_crash())
        assert store.count() == 1  # nothing of the failed batch is half-stored


def test_ingest_skips_known_articles_before_analysis(tmp_path: Path) -> None:
    articles = [make_article(n) for n in range(12)]
    with Store(tmp_path / "s.db") as store:
        store.add(articles[:5])
        pipeline = CountingPipeline()
        summary = ingest(iter(articles + articles[:2]), store, pipeline, batch_size=4)
        assert sorted(pipeline.seen) == sorted(a.id for a in articles[5:])
        assert (summary.read, summary.already_stored, summary.duplicates_in_input,
                summary.analysed, summary.stored) == (14, 5, 2, 7, 7)
        assert store.count() == 12 and summary.ok


def test_ingest_reports_bad_inputs_and_stage_failures_and_goes_on(tmp_path: Path) -> None:
    items: list[Article | InputError] = [
        make_article(1), InputError("in/bad.bin", "not text"),
        make_article(2, body="BOOM here"), make_article(3),
    ]
    with Store(tmp_path / "s.db") as store:
        summary = ingest(iter(items), store, CountingPipeline(fail_on="BOOM"), batch_size=10)
        assert store.count() == 2
        assert [w for w, _ in summary.failed] == ["in/bad.bin", "in/2.txt"]
        # a crash is unspin's bug, never reported as a bad input
        assert summary.failed[1][1].startswith("internal error in the pipeline: "
                                               "RuntimeError: stage bug")
        assert dict(store.failures())["in/bad.bin"] == "not text"


def test_killed_process_leaves_consistent_store_and_rerun_completes(tmp_path: Path) -> None:
    """A process killed (SIGKILL) during ingest: the file opens, counts whole batches, and a
    second run stores the rest."""
    db = tmp_path / "s.db"
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import make_article, CountingPipeline
        from unspin.store import Store, ingest

        class KillAfter(CountingPipeline):
            def __call__(self, article):
                if len(self.seen) == 25:  # in the middle of the 3rd batch of 10
                    os.kill(os.getpid(), signal.SIGKILL)
                return super().__call__(article)

        with Store({str(db)!r}) as store:
            ingest((make_article(n) for n in range(60)), store, KillAfter(), batch_size=10)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120,
                          check=False)
    assert proc.returncode == -9, proc.stderr.decode()
    with Store(db) as store:
        assert store.count() == 20  # two whole batches, nothing of the third
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(store.search("ministre", limit=100)) == 20
        pipeline = CountingPipeline()
        summary = ingest((make_article(n) for n in range(60)), store, pipeline, batch_size=10)
        assert summary.already_stored == 20 and summary.stored == 40
        assert len(pipeline.seen) == 40
        assert store.count() == 60


def test_readers_are_not_blocked_by_an_open_write(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as writer, Store(db) as reader:
        writer.add([make_article(1)])
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute("DELETE FROM articles")
        # WAL: the reader sees the last committed state while the write is under way
        assert reader.count() == 1
        assert len(reader.search("ministre")) == 1
        writer.conn.execute("ROLLBACK")


def test_a_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as first, Store(db) as second:
        second.conn.execute("PRAGMA busy_timeout=50")
        first.conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="another process"):
            second.add([make_article(1)])
        first.conn.execute("ROLLBACK")
        assert second.add([make_article(1)]) == 1
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "s.db")


def test_title_matches_rank_first(tmp_path: Path) -> None:
    filler = "Les élus ont débattu longuement des priorités de la commune. " * 3
    in_body = make_article(1, title="Conseil municipal", body=filler + "Le budget a été voté.")
    in_title = make_article(2, title="Le budget de la ville", body=filler)
    with Store(tmp_path / "s.db") as store:
        store.add([in_body, in_title])
        assert [h.id for h in store.search("budget")] == [in_title.id, in_body.id]


def test_a_failed_migration_leaves_the_file_untouched(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin.store import database

    broken = (database.MIGRATIONS[0] + "\nCREATE TABLE articles (x);\n",)
    monkeypatch.setattr(database, "MIGRATIONS", broken)
    with pytest.raises(StoreError, match="cannot be opened"):
        Store(tmp_path / "s.db")
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    conn.close()
    monkeypatch.undo()
    with Store(tmp_path / "s.db") as store:  # a fixed unspin then migrates it
        assert store.add([make_article(1)]) == 1


# -- regressions from the foundation review ----------------------------------------------

@pytest.mark.parametrize("query, title", [
    ("porte-parole", "Le porte-parole du gouvernement"),
    ("l'armée", "Le chef de l'armée"),
    ("covid-19", "La vague de covid-19"),
    ("Jean-Luc", "Jean-Luc Mélenchon en campagne"),
    ("12,5", "Une hausse de 12,5 %"),
    ("title:armée", "Le chef de l'armée"),
])
def test_words_with_punctuation_are_searched_as_typed(tmp_path: Path, query: str,
                                                      title: str) -> None:
    titles = ["Le porte-parole du gouvernement", "Le chef de l'armée", "La vague de covid-19",
              "Jean-Luc Mélenchon en campagne", "Une hausse de 12,5 %"]
    with Store(tmp_path / "s.db") as store:
        store.add([make_article(n, title=t) for n, t in enumerate(titles)])
        assert [h.title for h in store.search(query)] == [f"{title} {titles.index(title)}"]
        assert store.search_count(query) == 1


def test_explicit_fts_syntax_still_works(tmp_path: Path) -> None:
    from unspin.store.database import fts_query

    assert fts_query('"zone verte" AND armée NOT roq* OR (a b)') == (
        '"zone verte" AND armée NOT roq* OR ( a b )')
    assert fts_query("jean-l*") == '"jean-l"*'
    with Store(tmp_path / "s.db") as store:
        store.add([make_article(1, title="Le porte-parole"), make_article(2, title="La porte")])
        assert len(store.search('"porte-parole" OR porte')) == 2
        assert len(store.search("port*")) == 2
        assert len(store.search("porte NOT parole")) == 1


def test_reading_an_empty_file_does_not_make_it_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="not an unspin store"):
        Store(path, create=False)
    assert path.read_bytes() == b""
