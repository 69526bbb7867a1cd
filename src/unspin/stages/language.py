"""The language stage: the article's language and each body paragraph's, with py3langid.

The article language is measured on the body paragraphs when the ``segments`` layer
exists (rubrics, credits and share buttons would only add noise), else on the whole text.
Paragraphs get their own ``language`` attr; a paragraph too short to judge, or judged
another language without confidence, takes the article's language, because a short
French paragraph is far more often misread than a real switch of language.

A text too short or too ambiguous to judge ("OK", a name) gets no ``meta.language``: only
``meta.language_confidence`` with the low probability of the best guess, and the stages
after it use their default language. py3langid ships its model inside the package, so
this works offline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError, MissingModelError
from ..model import Article
from ..stage import Stage
from ..stage_options import options_of

log = logging.getLogger(__name__)

_IDENTIFIERS: dict[tuple[str, ...], Any] = {}

# Below this probability the best guess is noise ("OK" → Serbian at 0.014, "Alerte" →
# Danish at 0.02); real sentences score above 0.9.
MIN_CONFIDENCE = 0.5
# Fewer letters than this are never judged.
MIN_LETTERS = 3


def load_identifier(languages: tuple[str, ...] = ()) -> Any:
    """A py3langid identifier with normalised probabilities, loaded once per language set."""
    if languages not in _IDENTIFIERS:
        try:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier
        except ImportError:
            raise MissingModelError(
                "py3langid is not installed; install it with `pip install py3langid`"
            ) from None
        # py3langid 0.4 loads with from_model_file, earlier releases with from_pickled_model.
        load = (getattr(LanguageIdentifier, "from_model_file", None)
                or LanguageIdentifier.from_pickled_model)
        identifier = load(MODEL_FILE, norm_probs=True)
        if languages:
            try:
                identifier.set_languages(list(languages))
            except ValueError as exc:
                raise ConfigError(
                    f"[stages.language] languages: {exc}; use ISO 639-1 codes such as fr, en"
                ) from None
        _IDENTIFIERS[languages] = identifier
    return _IDENTIFIERS[languages]


class LanguageStage(Stage):
    """Sets meta.language / meta.language_confidence and paragraph ``language`` attrs."""

    name = "language"
    requires = ()
    uses = ("layers.segments",)
    assigns = ("meta.language", "meta.language_confidence")

    def __init__(self, languages: tuple[str, ...] = (), min_paragraph_chars: int = 40,
                 switch_confidence: float = 0.9, min_confidence: float = MIN_CONFIDENCE,
                 min_letters: int = MIN_LETTERS) -> None:
        self.identifier = load_identifier(languages)
        self.min_paragraph_chars = min_paragraph_chars
        self.switch_confidence = switch_confidence
        self.min_confidence = min_confidence
        self.min_letters = min_letters

    def classify(self, text: str) -> tuple[str, float]:
        """``(ISO 639-1 code, probability)`` of ``text``."""
        lang, confidence = self.identifier.classify(text)
        return str(lang), round(float(confidence), 4)

    def process(self, article: Article) -> None:
        text = article.text
        paragraphs = [a for a in article.layer("segments") if a.label == "paragraph"]
        body = "\n".join(text[a.start:a.end] for a in paragraphs) if paragraphs else text
        if not any(ch.isalpha() for ch in body):
            return  # nothing to judge (digits, punctuation); leave the language unset
        given = article.meta.get("language")
        if isinstance(given, str) and given:
            article_lang = given
        else:
            guess, confidence = self.classify(body)
            article.meta["language_confidence"] = confidence
            letters = sum(1 for ch in body if ch.isalpha())
            if confidence < self.min_confidence or letters < self.min_letters:
                # Too little to judge: no language rather than a wrong one; later stages
                # use their default language.
                log.info("language of %s not set: best guess %s at %.3f is below %.2f",
                         article.id, guess, confidence, self.min_confidence)
                return
            article_lang = guess
            article.meta["language"] = article_lang
        for annotation in paragraphs:
            annotation.attrs["language"] = self._paragraph_language(
                text[annotation.start:annotation.end], article_lang)

    def _paragraph_language(self, paragraph: str, article_lang: str) -> str:
        if len(paragraph.strip()) < self.min_paragraph_chars:
            return article_lang
        lang, confidence = self.classify(paragraph)
        if lang != article_lang and confidence < self.switch_confidence:
            return article_lang
        return lang


@dataclass(frozen=True)
class LanguageOptions:
    """Options of ``[stages.language]`` (defaults in default.toml)."""

    languages: list[str]  # restrict the candidates (empty: all)
    min_paragraph_chars: int = field(metadata={"min": 0})
    switch_confidence: float = field(metadata={"min": 0, "max": 1})
    min_confidence: float = field(metadata={"min": 0, "max": 1})
    min_letters: int = field(metadata={"min": 0})


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the language stage; options ``languages`` (restrict the candidates),
    ``min_paragraph_chars``, ``switch_confidence``, ``min_confidence``, ``min_letters``."""
    opts = options_of(LanguageOptions, options, "language")
    return LanguageStage(
        languages=tuple(sorted(opts.languages)),
        min_paragraph_chars=opts.min_paragraph_chars,
        switch_confidence=opts.switch_confidence,
        min_confidence=opts.min_confidence,
        min_letters=opts.min_letters,
    )
