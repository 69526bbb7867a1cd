"""Near-duplicates: MinHash signatures, LSH bands in the store, links to the first copy."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

from newsserver import make_story, near_copy
from unspin.model import Article
from unspin.store import Store
from unspin.store.database import MIGRATIONS, _statements
from unspin.store.duplicates import THRESHOLD, shingles, signature, similarity


def _article(text: str, outlet: str) -> Article:
    return Article(text=text, meta={"outlet": outlet, "title": text.split(".")[0]})


def test_shingles_ignore_case_accents_form_and_punctuation() -> None:
    text = "Le Préfet a annoncé, mardi, la fermeture du pont."
    decomposed = unicodedata.normalize("NFD", text.upper())
    assert shingles(text) == shingles(decomposed.replace(",", ""))
    assert b"le pr\xc3\xa9fet a" in shingles(text)


def test_short_texts_get_no_signature() -> None:
    assert signature("Brève : le pont est fermé.") is None
    assert signature(make_story(1).text) is not None


def test_lightly_edited_copies_are_similar_and_other_stories_are_not() -> None:
    stories = [make_story(i) for i in range(30)]
    signatures = [signature(s.text) for s in stories]
    for i in range(10):
        copy = signature(near_copy(stories[i], 100 + i).text)
        assert copy is not None and signatures[i] is not None
        assert similarity(copy, signatures[i]) >= THRESHOLD
    others = [similarity(a, b) for n, a in enumerate(signatures) for b in signatures[n + 1:]
              if a is not None and b is not None]
    assert max(others) < THRESHOLD


def test_store_links_each_copy_to_the_first_article_of_its_story(tmp_path: Path) -> None:
    original = make_story(7)
    copy = near_copy(original, 70)
    copy_of_copy = near_copy(copy, 71)
    other = make_story(8)
    with Store(tmp_path / "news.db") as store:
        first = _article(original.text, "Le Courrier du Nord")
        assert store.add([first, _article(other.text, "Le Courrier du Nord")]) == 2
        second = _article(copy.text, "Radio Littoral")
        third = _article(copy_of_copy.text, "L'Écho de la Côte")
        assert store.add([second, third]) == 2
        # The same articles again: nothing new, no new link.
        assert store.add([second, third]) == 0
        links = store.duplicate_links()
        assert {(link.article_id, link.duplicate_of) for link in links} == {
            (second.id, first.id), (third.id, first.id)}
        assert store.duplicates_linked == 2
        assert [link.article_id for link in store.duplicate_links(first.id)] == sorted(
            [second.id, third.id])
        assert store.duplicate_links(_article(other.text, "Le Courrier du Nord").id) == []


def test_the_same_story_from_another_outlet_is_a_linked_copy(tmp_path: Path) -> None:
    story = make_story(9)
    with Store(tmp_path / "news.db") as store:
        store.add([_article(story.text, "Le Courrier du Nord")])
        store.add([_article(story.text, "Radio Littoral")])  # wire copy, word for word
        [link] = store.duplicate_links()
        assert link.similarity == 1.0
        assert store.count() == 2  # linked, not dropped


def test_a_store_of_the_first_version_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO failures (input, reason, recorded_at) VALUES "
                 "('a.txt', 'empty file', '2024-01-01T00:00:00+00:00')")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Store(path) as store:
        [record] = store.failure_records()
        assert (record.input, record.kind, record.attempts, record.url) == (
            "a.txt", "file", 1, None)
        store.record_failure("a.txt", "still empty")
        assert store.failure_records()[0].attempts == 2
        assert store.add([_article(make_story(3).text, "X")]) == 1
