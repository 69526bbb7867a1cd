"""Shared fixtures: fast stages and a reader for CLI tests, and the article JSON validator.

``fast_pipeline_parts`` makes sure ``read_paths`` and the light stages ``segments`` and
``language`` are importable: the real ones when present, otherwise small stand-ins (so
that the store and CLI tests do not depend on the order in which modules land).
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import unspin.readers
from unspin import stage as stage_registry
from unspin.errors import InputError
from unspin.model import Article
from unspin.stage import Stage

REPO = Path(__file__).resolve().parents[1]
SCHEMA_PATH = REPO / "docs" / "article.schema.json"

_FRENCH = re.compile(r"\b(le|la|les|des|une|est|dans|selon|et|du)\b", re.IGNORECASE)


class _StubSegments(Stage):
    name = "segments"
    assigns = ("layers.segments", "meta.title")

    def process(self, article: Article) -> None:
        anns = []
        index = 0
        offset = 0
        for number, line in enumerate(article.text.split("\n"), start=1):
            if line.strip():
                if not anns:
                    article.meta.setdefault("title", line.strip())
                    anns.append((offset, offset + len(line), "title", {"line": number}))
                else:
                    index += 1
                    anns.append((offset, offset + len(line), "paragraph",
                                 {"line": number, "index": index}))
            offset += len(line) + 1
        article.layers["segments"] = []
        for start, end, label, attrs in anns:
            article.add("segments", start, end, label, backend="rules", **attrs)


class _StubLanguage(Stage):
    name = "language"
    requires = ("layers.segments",)
    assigns = ("meta.language", "meta.language_confidence")

    def process(self, article: Article) -> None:
        article.meta["language"] = "fr" if len(_FRENCH.findall(article.text)) >= 2 else "en"
        article.meta["language_confidence"] = 0.9


def _stub_read_paths(paths: Any, max_bytes: int = 5_000_000,
                     fmt: str | None = None) -> Iterator[Article | InputError]:
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if not file.exists():
                yield InputError(str(file), "no such file; check the path")
                continue
            data = file.read_bytes()
            if len(data) > max_bytes:
                yield InputError(str(file), f"larger than {max_bytes} bytes")
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                yield InputError(str(file), "not UTF-8 text")
                continue
            if file.suffix == ".jsonl":
                for number, line in enumerate(text.splitlines(), start=1):
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                        art = Article.from_text(obj["text"])
                    except (ValueError, KeyError, TypeError):
                        yield InputError(f"{file}:{number}", "not a JSON object with a text")
                        continue
                    art.meta["input"] = {"path": str(file), "format": "jsonl", "line": number}
                    yield art
            else:
                if not text.strip():
                    yield InputError(str(file), "empty file")
                    continue
                art = Article.from_text(text)
                art.meta["input"] = {"path": str(file), "format": "text"}
                yield art


def _importable(module: str, attr: str) -> bool:
    try:
        return hasattr(importlib.import_module(module), attr)
    except ImportError:
        return False


@pytest.fixture
def fast_pipeline_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """``read_paths`` and the stages ``segments`` and ``language``: real, or stand-ins."""
    if not _importable("unspin.readers", "read_paths"):
        monkeypatch.setattr(unspin.readers, "read_paths", _stub_read_paths, raising=False)
    for name, stub in (("segments", _StubSegments), ("language", _StubLanguage)):
        backend = stage_registry.backends_of(name)[0]
        if not _importable(f"unspin.stages.{name}", "make_stage"):
            monkeypatch.setitem(stage_registry._REGISTERED, name,
                                {backend: lambda options, cls=stub: cls()})


# -- the article JSON validator -----------------------------------------------------------

_TYPES: dict[str, Any] = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
}


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def _mini_validate(value: Any, schema: Any, root: dict[str, Any], where: str) -> list[str]:
    """A small draft 2020-12 validator for the keywords docs/article.schema.json uses."""
    if schema is True:
        return []
    if schema is False:
        return [f"{where}: not allowed"]
    errors: list[str] = []
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        errors += _mini_validate(value, target, root, where)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, n) for n in names):
            return errors + [f"{where}: {value!r:.60} is not of type {schema['type']}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{where}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{where}: {value} > {schema['maximum']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{where}: missing {key!r}")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += _mini_validate(item, props[key], root, f"{where}.{key}")
            elif "additionalProperties" in schema:
                errors += _mini_validate(item, schema["additionalProperties"], root,
                                         f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += _mini_validate(item, schema["items"], root, f"{where}[{i}]")
    for sub in schema.get("allOf", []):
        errors += _mini_validate(value, sub, root, where)
    if "anyOf" in schema and all(_mini_validate(value, s, root, where) for s in schema["anyOf"]):
        errors.append(f"{where}: matches none of anyOf")
    return errors


@pytest.fixture(scope="session")
def article_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def schema_errors(article_schema: dict[str, Any]) -> Any:
    """``schema_errors(obj) -> list[str]``: why ``obj`` is not a valid article JSON.

    Uses the ``jsonschema`` package when installed, else the small validator above.
    """
    try:
        import jsonschema
    except ImportError:
        return lambda obj: _mini_validate(obj, article_schema, article_schema, "$")
    validator = jsonschema.Draft202012Validator(article_schema)
    return lambda obj: [f"{'.'.join(map(str, e.path))}: {e.message}"
                        for e in validator.iter_errors(obj)]
