"""Hostile full-text queries get a clean one-line message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli import app
from unspin.errors import StoreError
from unspin.model import Article
from unspin.store import Store

HOSTILE = ['"unbalanced', "NEAR(", "NEAR(a b, 5", "title:", "text:*", "foo:bar", "*", '"*"',
           "AND", "OR OR", "(", ")", "((((", "a AND", "NOT", "^", "-", "'", "{a b}:c",
           "title:*", "x" * 10_000, "« »", "\x00", "\u202e", "a" * 999 + " OR",
           " ".join(["w*"] * 400), "\"" * 501, "NEAR(" * 200]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("q") / "q.db"
    with Store(path) as store:
        store.add([Article.from_text("Le porte-parole de l'armée a parlé à Niamey mardi.",
                                     title="Une déclaration")])
    return path


@pytest.mark.parametrize("query", HOSTILE)
def test_store_search_raises_only_store_errors(store_path: Path, query: str) -> None:
    with Store(store_path, create=False) as store:
        try:
            hits = store.search(query)
            count = store.search_count(query)
        except StoreError as exc:
            message = str(exc)
            assert "\n" not in message and len(message) < 600
        else:
            assert len(hits) <= count or count >= 0


@pytest.mark.parametrize("query", HOSTILE)
def test_cli_search_gives_one_line_and_no_traceback(store_path: Path, query: str) -> None:
    result = CliRunner().invoke(app, ["search", query, "--db", str(store_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and len(errors[0]) < 600


def test_a_very_long_query_is_refused_with_the_limit(store_path: Path) -> None:
    with Store(store_path, create=False) as store, pytest.raises(StoreError, match="limit"):
        store.search("x" * 10_000)


@pytest.fixture(scope="module")
def web_client(store_path: Path):  # type: ignore[no-untyped-def]
    testclient = pytest.importorskip("fastapi.testclient", reason="fastapi is not installed")
    from unspin.store import Store as _Store
    from unspin.web.app import create_app

    with _Store(store_path) as store:  # bring the store to the current version
        store.count()
    return testclient.TestClient(create_app(store_path), base_url="http://127.0.0.1:8000",
                                 raise_server_exceptions=False)


@pytest.mark.parametrize("query", HOSTILE)
def test_api_and_search_page_answer_hostile_queries_cleanly(web_client, query: str) -> None:
    api = web_client.get("/api/search", params={"q": query})
    assert api.status_code in (200, 400, 422), api.text[:300]
    assert "Traceback" not in api.text
    if api.status_code == 400:
        assert len(api.json()["detail"]) < 600
    page = web_client.get("/", params={"q": query})
    assert page.status_code in (200, 400), page.text[:300]
    assert "Traceback" not in page.text
    assert "<script>alert" not in page.text
