"""docs/cli.md documents every command and option of the ``unspin`` CLI (sqlite-utils style).

Each command ``unspin a b`` needs a heading ``## unspin a b`` (any level) in docs/cli.md, and
each of its options must be named in that section.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from unspin.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _commands(group: Any, prefix: str = "unspin") -> list[tuple[str, Any]]:
    # Duck-typed: typer ships its own copy of click, so no isinstance(…, click.Group).
    found = [(prefix, group)]
    if hasattr(group, "commands"):
        for name, command in sorted(group.commands.items()):
            found += _commands(command, f"{prefix} {name}")
    return found


COMMANDS = _commands(typer.main.get_command(app))


def _sections() -> dict[str, str]:
    """Section text by heading: '## unspin analyze' → the text up to the next heading."""
    sections: dict[str, str] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#+\s+`?(unspin[\w -]*?)`?\s*$", line)
        if heading:
            current = heading.group(1).strip()
            sections[current] = ""
        elif current is not None:
            sections[current] += line + "\n"
    return sections


SECTIONS = _sections()


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_command_is_documented(name: str) -> None:
    assert name in SECTIONS, f"docs/cli.md has no '## {name}' section"


@pytest.mark.parametrize("name, option", [
    (name, opt)
    for name, command in COMMANDS
    for param in command.params if getattr(param, "param_type_name", "") == "option"
    for opt in param.opts if opt.startswith("--") and opt != "--help"
])
def test_option_is_documented(name: str, option: str) -> None:
    section = SECTIONS.get(name, "")
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", section), (
        f"option {option} of '{name}' is not documented in its section of docs/cli.md")


def test_docs_name_no_command_that_does_not_exist() -> None:
    names = {name for name, _ in COMMANDS}
    assert set(SECTIONS) <= names, f"documented but absent: {set(SECTIONS) - names}"
