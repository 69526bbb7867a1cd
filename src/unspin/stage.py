"""The stage contract and the registry that maps stage and backend names to factories.

A stage says *what* is extracted (its name, what it ``requires`` and what it ``assigns``);
a backend says *how*. Both are chosen by name in configuration. Names in ``requires``,
``uses`` and ``assigns`` are ``layers.<name>``, ``meta.<key>`` or ``scratch.<key>`` (an
in-memory helper shared between stages, e.g. ``scratch.doc``, the spaCy Doc of ``parse``);
``meta.published`` and other inputs that readers may provide are never required, only used
when present.

The declarations are the contract the pipeline checks when it is built:

- ``requires``: every layer or scratch item the stage reads and cannot do without; a
  pipeline without a stage that assigns it earlier is refused;
- ``uses``: what the stage reads when it is there and does without otherwise (it then falls
  back on rules, e.g. line paragraphs without ``layers.segments``); the stage that assigns
  it may be left out, but when it is in the pipeline it must run earlier;
- ``prunes``: the layers of ``assigns`` that report on the article's content, whose
  findings on page-furniture lines (bylines, credits, "Lire aussi") the pipeline drops.

Stages never do I/O: no files, no database, no network. Models they need are loaded once
per process by the factory and reused across articles.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

from .errors import ConfigError
from .model import Article


class Stage:
    """Base class of pipeline stages: subclasses set the class attributes and ``process``."""

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    uses: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    prunes: ClassVar[tuple[str, ...]] = ()
    backend: str = "rules"

    def process(self, article: Article) -> None:
        """Add this stage's layers and metadata to ``article`` in place."""
        raise NotImplementedError

    def __call__(self, article: Article) -> Article:
        self.process(article)
        return article

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]:
        """Process a stream of articles; stages with batched models override this."""
        for article in articles:
            yield self(article)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}:{self.backend}>"


StageFactory = Callable[[dict[str, Any]], Stage]

# Built-in stages, imported lazily so that `import unspin` stays light:
# name -> {backend -> "module:factory"}. The first backend listed is the default.
BUILTIN_STAGES: dict[str, dict[str, str]] = {
    "segments": {"rules": "unspin.stages.segments:make_stage"},
    "language": {"langid": "unspin.stages.language:make_stage"},
    "parse": {"spacy": "unspin.stages.parse:make_stage"},
    "entities": {
        "spacy": "unspin.stages.entities:make_stage",
        "gazetteer": "unspin.stages.entities:make_gazetteer_stage",
    },
    "places": {"gazetteer": "unspin.stages.places:make_stage"},
    "times": {"rules": "unspin.stages.times:make_stage"},
    "figures": {"rules": "unspin.stages.figures:make_stage"},
    "quotes": {"rules": "unspin.stages.quotes:make_stage"},
    "sources": {"rules": "unspin.stages.sources:make_stage"},
    "hedges": {"rules": "unspin.stages.hedges:make_stage"},
    "claims": {"rules": "unspin.stages.claims:make_stage"},
    "events": {"model": "unspin.stages.events:make_stage"},
    "techniques": {"model": "unspin.stages.techniques:make_stage"},
    "technique_spans": {"model": "unspin.stages.technique_spans:make_stage"},
    "genre": {"model": "unspin.stages.genre:make_stage"},
}

_REGISTERED: dict[str, dict[str, StageFactory]] = {}


def register_stage(name: str, backend: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under ``name``/``backend`` (for plug-ins and tests)."""

    def decorator(factory: StageFactory) -> StageFactory:
        _REGISTERED.setdefault(name, {})[backend] = factory
        return factory

    return decorator


def stage_names() -> list[str]:
    return sorted(set(BUILTIN_STAGES) | set(_REGISTERED))


def backends_of(name: str) -> list[str]:
    return list(BUILTIN_STAGES.get(name, {})) + [
        b for b in _REGISTERED.get(name, {}) if b not in BUILTIN_STAGES.get(name, {})
    ]


def stage_class(name: str, backend: str | None = None) -> type[Stage] | None:
    """The class of built-in stage ``name`` (its default backend's), or None.

    Used to read a stage's declarations without building it (no model is loaded).
    """
    targets = BUILTIN_STAGES.get(name, {})
    target = targets.get(backend or "") or next(iter(targets.values()), None)
    if target is None:
        return None
    module = importlib.import_module(target.partition(":")[0])
    for obj in vars(module).values():
        if isinstance(obj, type) and issubclass(obj, Stage) and obj is not Stage \
                and getattr(obj, "name", "") == name:
            return obj
    return None


def make_stage(name: str, options: dict[str, Any] | None = None) -> Stage:
    """Build stage ``name`` with the backend named in ``options['backend']`` (or the default)."""
    options = dict(options or {})
    backends = backends_of(name)
    if not backends:
        raise ConfigError(
            f"unknown stage {name!r}; known stages: {', '.join(stage_names())}"
        )
    backend = options.pop("backend", None) or backends[0]
    if backend in _REGISTERED.get(name, {}):
        factory = _REGISTERED[name][backend]
    elif backend in BUILTIN_STAGES.get(name, {}):
        module_name, _, attr = BUILTIN_STAGES[name][backend].partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
    else:
        raise ConfigError(
            f"stage {name!r} has no backend {backend!r}; choose one of: {', '.join(backends)}"
        )
    stage = factory(options)
    stage.backend = backend
    return stage
