"""The times stage: time expressions normalised to TIMEX3 (layer ``times``).

Rules and per-language lexicons (``unspin/data/times/<lang>.toml``) find dates, times,
durations and sets; relative expressions are anchored on ``meta.published``. When a spaCy
``Doc`` with morphology is in ``article.scratch["doc"]`` its verb tenses decide whether a
bare weekday is last or next week's; otherwise cue words do. Without a publication date,
relative values keep X placeholders (``XXXX-XX-XX``) and ``anchor`` is null.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ..model import Annotation, Article
from ..stage import Stage
from ..stage_options import options_of
from ..times import find_timexes, load_lexicon, parse_anchor

log = logging.getLogger(__name__)


class TimesStage(Stage):
    name = "times"
    requires = ()
    uses = ("scratch.doc",)
    assigns = ("layers.times",)
    prunes = ("layers.times",)

    def __init__(self, default_language: str = "fr", languages: list[str] | None = None) -> None:
        self.default_language = default_language
        # Load (and compile) the lexicons once, at construction.
        for lang in languages or ["fr", "en"]:
            if load_lexicon(lang) is None:
                log.warning("no time lexicon for language %r; add unspin/data/times/%s.toml", lang, lang)

    def process(self, article: Article) -> None:
        language = str(article.meta.get("language") or self.default_language)
        if load_lexicon(language) is None:
            log.info("no time lexicon for %r: layer `times` left empty", language)
            article.set_layer("times", [])
            return
        anchor = parse_anchor(article.meta.get("published"))
        doc = article.scratch.get("doc")
        if doc is not None and len(doc.text) != len(article.text):
            doc = None  # a Doc of another text would give wrong offsets
        annotations = []
        for timex in find_timexes(article.text, language, anchor, doc):
            attrs: dict[str, Any] = {
                "type": timex.type,
                "value": timex.value,
                "anchor": anchor.isoformat() if anchor else None,
            }
            if timex.mod:
                attrs["mod"] = timex.mod
            annotations.append(Annotation(timex.start, timex.end, timex.type, attrs, "rules"))
        article.set_layer("times", annotations)


@dataclass(frozen=True)
class TimesOptions:
    """Options of ``[stages.times]`` (defaults in default.toml)."""

    default_language: str
    languages: list[str] | None = None  # lexicons loaded when built (None: fr, en)


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the `times` stage (options: ``default_language``, ``languages`` to preload)."""
    opts = options_of(TimesOptions, options, "times")
    return TimesStage(default_language=opts.default_language, languages=opts.languages)
