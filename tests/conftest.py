"""Shared fixtures: the article JSON validator (jsonschema, draft 2020-12)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SCHEMA_PATH = REPO / "docs" / "article.schema.json"

# The evaluations' default data paths are relative to the working directory (an installed
# unspin has no repository around it); the tests point them at this checkout's.
os.environ.setdefault("UNSPIN_SHARED_DATA", str(REPO.parent / "shared" / "data"))
os.environ.setdefault("UNSPIN_GOLD", str(REPO / "tests" / "gold"))

# -- the article JSON validator -----------------------------------------------------------

@pytest.fixture(scope="session")
def article_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def schema_errors(article_schema: dict[str, Any]) -> Any:
    """``schema_errors(obj) -> list[str]``: why ``obj`` is not a valid article JSON."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(article_schema)
    return lambda obj: [f"{'.'.join(map(str, e.path))}: {e.message}"
                        for e in validator.iter_errors(obj)]


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by playwright (its own browser downloads are not used);
    skipped with a reason when either is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--disable-background-networking"])
        yield b
        b.close()
