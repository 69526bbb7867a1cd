"""Typed stage options: one dataclass per stage, its defaults in ``default.toml``.

A stage module declares its options as a frozen dataclass whose fields say the type of
each option; the values every stage starts from are the ``[stages.NAME]`` table of
``unspin/default.toml`` (the one place defaults live). A field whose default is ``None``
("not set": TOML has no null) is the only kind that may be missing from that table.
:func:`options_of` merges the options given over those defaults and checks them: an
unknown key or a value of the wrong type is one ConfigError naming ``[stages.NAME] key``.

Bounds are given in a field's metadata: ``field(metadata={"min": 0, "max": 1})``.
"""

from __future__ import annotations

import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass
from functools import cache
from typing import Any, TypeVar

from .config import default_config_text
from .errors import ConfigError

T = TypeVar("T")


@cache
def _all_defaults() -> dict[str, dict[str, Any]]:
    return dict(tomllib.loads(default_config_text()).get("stages", {}))


def stage_defaults(stage: str) -> dict[str, Any]:
    """The ``[stages.NAME]`` table of ``default.toml`` (its ``backend`` key left out)."""
    table = dict(_all_defaults().get(stage, {}))
    table.pop("backend", None)
    return table


def options_of(cls: type[T], options: Mapping[str, Any], stage: str) -> T:
    """``cls`` (a dataclass) built from ``options`` merged over the stage's defaults."""
    assert is_dataclass(cls)
    section = f"[stages.{stage}]"
    given = {k: v for k, v in options.items() if k != "backend"}
    merged = {**stage_defaults(stage), **given}
    known = [f.name for f in fields(cls)]
    unknown = sorted(set(merged) - set(known))
    if unknown:
        listed = ", ".join(known) if known else "none"
        raise ConfigError(f"{section} {unknown[0]}: unknown option; the options of "
                          f"{section} are: {listed}")
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in merged:
            if f.default is MISSING and f.default_factory is MISSING:
                # a packaging bug, not a user's: default.toml must give every default
                raise ConfigError(f"{section} {f.name}: no default in unspin/default.toml")
            continue
        values[f.name] = _checked(merged[f.name], hints[f.name], f"{section} {f.name}",
                                  f.metadata)
    return cls(**values)


def _kind(tp: Any) -> str:
    """``tp`` in words, for messages."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_kind(a) for a in args if a is not type(None))
    if origin in (list, tuple):
        return f"a list of {_kind(args[0]).removeprefix('a ')}s"
    if origin is dict:
        return "a table of strings"
    return {bool: "true or false", int: "a whole number", float: "a number",
            str: "a string"}.get(tp, getattr(tp, "__name__", str(tp)))


def _checked(value: Any, tp: Any, label: str, bounds: Mapping[str, Any]) -> Any:
    wrong = ConfigError(f"{label} = {value!r}: expected {_kind(tp)}; fix the configuration "
                        f"file")
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _checked(value, inner[0], label, bounds)
        raise wrong
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            raise wrong
        items = [_checked(v, args[0], label, {}) for v in value]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise wrong
        return dict(value)
    if tp is bool:
        if not isinstance(value, bool):
            raise wrong
        return value
    if tp in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                tp is int and isinstance(value, float)):
            raise wrong
        low, high = bounds.get("min"), bounds.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            span = (f"between {low:g} and {high:g}" if low is not None and high is not None
                    else f"of at least {low:g}" if low is not None else f"of at most {high:g}")
            raise ConfigError(f"{label} = {value!r}: expected {_kind(tp)} {span}; fix the "
                              f"configuration file")
        return tp(value)
    if tp is str:
        if not isinstance(value, str):
            raise wrong
        return value
    raise TypeError(f"{label}: option type {tp!r} is not supported")  # a stage's bug
