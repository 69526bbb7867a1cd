"""Checks of configuration values, so that a bad value is one clear error, not a traceback.

``config.load_config`` reads and merges the TOML; :func:`validate_config` then checks what
every command relies on (known top-level sections, ``[input] max_bytes``, stage options
whose type the default configuration shows), and stages read their own numeric options
with :func:`number_option`, which names the key and the type expected when a value is
wrong.
"""

from __future__ import annotations

import tomllib
from typing import Any, TypeVar

from .config import Config, default_config_text
from .errors import ConfigError

N = TypeVar("N", int, float)

# Keys of [input] and what they must be.
INPUT_KEYS = {"max_bytes": "a positive whole number of bytes, e.g. 5_000_000"}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def number_option(options: dict[str, Any], key: str, default: N, section: str,
                  minimum: float | None = None, maximum: float | None = None) -> N:
    """The number ``options[key]`` (``default`` when absent), of the type of ``default``.

    Raises ConfigError naming ``[section] key`` when the value is not a number of that
    type or lies outside ``minimum``..``maximum``.
    """
    value = options.get(key, default)
    kind = "a whole number" if isinstance(default, int) else "a number"
    bounds = ""
    if minimum is not None and maximum is not None:
        bounds = f" between {minimum:g} and {maximum:g}"
    elif minimum is not None:
        bounds = f" of at least {minimum:g}"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(default, int) and isinstance(value, float)):
        raise ConfigError(f"[{section}] {key} = {value!r}: expected {kind}{bounds}, "
                          f"e.g. {key} = {default!r}; fix the configuration file")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ConfigError(f"[{section}] {key} = {value!r}: expected {kind}{bounds}; "
                          f"fix the configuration file")
    return type(default)(value)  # type: ignore[return-value]


def validate_config(config: Config) -> Config:
    """Raise ConfigError for a value every command would trip on; return ``config``.

    - a top-level section that unspin does not know (``[inptu]``): typos must not be
      silently ignored;
    - an unknown key of ``[input]`` or ``[pipeline]``, or ``max_bytes`` that is not a
      positive integer; a ``[stages.NAME]`` table for a stage that does not exist;
    - a ``[stages.NAME]`` option whose default (in ``default.toml``) has another type.
    """
    defaults = tomllib.loads(default_config_text())
    data = config.data
    unknown = sorted(set(data) - set(defaults))
    if unknown:
        raise ConfigError(
            f"unknown configuration section [{unknown[0]}]; the sections are "
            f"{', '.join(f'[{s}]' for s in defaults)}; check its spelling")
    stages_table = data.get("stages", {})
    for name, table in (("input", data.get("input", {})), ("stages", stages_table)):
        if not isinstance(table, dict):
            raise ConfigError(f"[{name}] must be a table of settings, not {_type_name(table)}")
    pipeline_table = data.get("pipeline", {})
    if isinstance(pipeline_table, dict):
        known_pipeline = list(defaults.get("pipeline", {}))
        for key in pipeline_table:
            if key not in known_pipeline:
                raise ConfigError(f"[pipeline] {key}: unknown setting; the settings of "
                                  f"[pipeline] are {', '.join(known_pipeline)}")
    from .stage import stage_names

    for stage in stages_table:
        if stage not in stage_names():
            raise ConfigError(f"[stages.{stage}]: unknown stage; the stages are "
                              f"{', '.join(stage_names())}; check its spelling")
    input_table = data.get("input", {})
    for key in input_table:
        if key not in INPUT_KEYS:
            raise ConfigError(f"[input] {key}: unknown setting; the settings of [input] are "
                              f"{', '.join(INPUT_KEYS)}")
    if "max_bytes" in input_table:
        number_option(input_table, "max_bytes", 5_000_000, "input", minimum=1)
    for stage, options in stages_table.items():
        if not isinstance(options, dict):
            raise ConfigError(f"[stages.{stage}] must be a table of options, "
                              f"not {_type_name(options)}")
        known = defaults.get("stages", {}).get(stage, {})
        for key, value in options.items():
            if key in known and not _same_kind(known[key], value):
                raise ConfigError(
                    f"[stages.{stage}] {key} = {value!r}: expected {_type_name(known[key])} "
                    f"(like the default {key} = {known[key]!r}); fix the configuration file")
    return config
