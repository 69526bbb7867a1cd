"""The entity registry: canonical entities (states, organisations, armed groups, media,
people, regions) and every name news writers use for them, with a fast matcher.

The shipped registry is built from pycountry plus the data files in
``unspin/data/registry``; users add their own TOML or CSV files (``registry_files``).
Registries are built once per process and cached::

    from unspin.entities import load_registry
    registry = load_registry()
    [(m.entity.id, m.form) for m in registry.find("Les Américains et l'Oncle Sam")]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from .load import read_user_file, shipped_entities
from .matcher import Cues, Match, Matcher
from .model import Entity, Name

__all__ = ["Cues", "Entity", "Match", "Matcher", "Name", "Registry", "load_registry"]

log = logging.getLogger(__name__)


class Registry:
    """Entities by id, and the matcher that finds their names in texts."""

    def __init__(self, entities: Iterable[Entity], cues: Cues | None = None) -> None:
        self.cues = cues or Cues.shipped()
        self.entities: dict[str, Entity] = {}
        for entity in entities:
            self.add(entity)
        self.matcher = Matcher(self.entities.values(), self.cues)

    def add(self, entity: Entity) -> None:
        """Add ``entity``, or merge its names into the entity that has its id."""
        known = self.entities.get(entity.id)
        if known is not None:
            known.merge(entity)
        elif not entity.name:
            raise ConfigError(f"entity {entity.id!r} is not in the registry; give it a 'name'")
        else:
            self.entities[entity.id] = entity

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def find(self, text: str, lang: str | None = None) -> list[Match]:
        """Registry names in ``text`` (see ``Matcher.find``)."""
        return self.matcher.find(text, lang)

    def __len__(self) -> int:
        return len(self.entities)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Entity, ...]:
    return tuple(shipped_entities())


@lru_cache(maxsize=8)
def _load(user_files: tuple[tuple[str, float], ...]) -> Registry:
    shipped = {e.id: e for e in _shipped()}
    user: dict[str, Entity] = {}
    for path, _mtime in user_files:
        for entity in read_user_file(path):
            if entity.id in user:
                user[entity.id].merge(entity)
            elif entity.id in shipped:
                base = _copy(shipped[entity.id])
                base.merge(entity)
                user[entity.id] = base
            elif entity.name:
                user[entity.id] = entity
            else:
                raise ConfigError(f"{path}: entity {entity.id!r} is not in the registry; "
                                  "give it a 'name' to add it")
    # User entities come first: for a name that two entities share, theirs wins.
    ordered = list(user.values()) + [_copy(e) for i, e in shipped.items() if i not in user]
    return Registry(ordered)


def _copy(entity: Entity) -> Entity:
    return Entity(entity.id, entity.name, entity.type, entity.label, entity.country,
                  list(entity.names), entity.capital_city)


def load_registry(registry_files: Sequence[str | Path] = ()) -> Registry:
    """The shipped registry with the user's TOML/CSV files merged in, cached per process."""
    keyed = []
    for path in registry_files:
        p = Path(path).expanduser()
        try:
            keyed.append((str(p.resolve()), p.stat().st_mtime))
        except FileNotFoundError:
            raise ConfigError(f"{p}: registry file not found; fix [stages.entities] "
                              "registry_files") from None
    return _load(tuple(keyed))
