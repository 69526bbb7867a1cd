"""unspin: read news critically.

>>> import unspin
>>> art = unspin.analyze("Selon des sources sécuritaires, douze roquettes auraient visé l'ambassade.",
...                      published="2020-11-17")            # doctest: +SKIP
>>> [(a.label, art.span_text(a)) for a in art.layer("figures")]   # doctest: +SKIP
"""

from __future__ import annotations

import threading
from typing import Any

from .model import SCHEMA_VERSION, Annotation, Article

__all__ = ["SCHEMA_VERSION", "Annotation", "Article", "analyze", "default_pipeline"]
__version__ = "0.1.0"

_default_pipeline = None
_lock = threading.Lock()


def default_pipeline():  # type: ignore[no-untyped-def]
    """The pipeline of the default configuration, built once per process."""
    global _default_pipeline
    with _lock:
        if _default_pipeline is None:
            from .pipeline import Pipeline

            _default_pipeline = Pipeline.from_config()
    return _default_pipeline


def analyze(text: str, published: str | None = None, **meta: Any) -> Article:
    """Analyse one article's text with the default pipeline and return the Article."""
    article = Article.from_text(text, published=published, **meta)
    if published:
        article.meta["published_from"] = "option"
    return default_pipeline()(article)
