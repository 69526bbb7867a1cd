"""The parse stage: a spaCy parse of the whole text, shared by the stages after it.

The spaCy ``Doc`` is kept in ``article.scratch["doc"]`` (never serialised); its character
offsets are the article's offsets, because the whole ``text`` is parsed as it is. The
layer ``sentences`` records the sentence spans. A language with no model configured gets
``spacy.blank(lang)`` plus a rule-based sentencizer, so every later stage still finds a
``Doc`` (without NER, tags or morphology).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import MissingModelError
from ..model import Annotation, Article
from ..stage import Stage
from ..stage_options import options_of

log = logging.getLogger(__name__)

_MODELS: dict[str, Any] = {}
# Components of the shipped pipelines whose output no stage reads (no stage looks at
# ``token.lemma_``): not loaded, so the parse does less work.
UNREAD_COMPONENTS = ("lemmatizer",)


def load_spacy(name: str) -> Any:
    """Load the installed spaCy package ``name`` once per process (without the components
    in ``UNREAD_COMPONENTS``)."""
    if name not in _MODELS:
        import spacy

        try:
            _MODELS[name] = spacy.load(name, exclude=list(UNREAD_COMPONENTS))
        except OSError:
            raise MissingModelError(
                f"spaCy model {name!r} is not installed; install it with "
                f"`pip install {name.replace('_', '-')}` or change [stages.parse] models"
            ) from None
    return _MODELS[name]


def blank_pipeline(lang: str) -> Any:
    key = f"blank:{lang}"
    if key not in _MODELS:
        import spacy

        try:
            nlp = spacy.blank(lang)
        except Exception:  # noqa: BLE001 - spaCy raises ImportError/KeyError for unknown codes
            nlp = spacy.blank("xx")
        nlp.add_pipe("sentencizer")
        _MODELS[key] = nlp
    return _MODELS[key]


class ParseStage(Stage):
    name = "parse"
    requires = ()
    assigns = ("layers.sentences", "scratch.doc")

    def __init__(self, models: dict[str, str] | None = None, default_language: str = "fr",
                 max_chars: int = 2_000_000) -> None:
        self.models = dict(models or {})
        self.default_language = default_language
        self.max_chars = max_chars

    def nlp_for(self, lang: str) -> Any:
        name = self.models.get(lang)
        if name:
            return load_spacy(name)
        return blank_pipeline(lang)

    def language_of(self, article: Article) -> str:
        return str(article.meta.get("language") or self.default_language)

    def _set(self, article: Article, doc: Any) -> None:
        article.scratch["doc"] = doc
        article.set_layer(
            "sentences",
            [Annotation(s.start_char, s.end_char, "sentence", {}, "spacy") for s in doc.sents
             if s.text.strip()],
        )

    def process(self, article: Article) -> None:
        nlp = self.nlp_for(self.language_of(article))
        nlp.max_length = max(nlp.max_length, len(article.text) + 1)
        self._set(article, nlp(article.text))

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]:
        # Group consecutive articles by language so spaCy can batch them.
        batch: list[Article] = []
        for article in articles:
            if batch and self.language_of(batch[0]) != self.language_of(article):
                yield from self._flush(batch, batch_size)
                batch = []
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._flush(batch, batch_size)
                batch = []
        if batch:
            yield from self._flush(batch, batch_size)

    def _flush(self, batch: list[Article], batch_size: int) -> Iterator[Article]:
        nlp = self.nlp_for(self.language_of(batch[0]))
        nlp.max_length = max(nlp.max_length, max(len(a.text) for a in batch) + 1)
        for article, doc in zip(batch, nlp.pipe((a.text for a in batch), batch_size=batch_size)):
            self._set(article, doc)
            yield article


@dataclass(frozen=True)
class ParseOptions:
    """Options of ``[stages.parse]`` (defaults in default.toml)."""

    models: dict[str, str]  # spaCy package per language
    default_language: str


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the parse stage (options ``models``, ``default_language``)."""
    opts = options_of(ParseOptions, options, "parse")
    return ParseStage(models=opts.models, default_language=opts.default_language)
