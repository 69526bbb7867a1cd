"""Time expressions (TIMEX3): recognition, normalisation and anchoring, driven by
per-language lexicons in ``unspin/data/times/<lang>.toml``.

>>> [(t.type, t.value) for t in find_timexes("Il est arrivé hier soir.", "fr", "2020-11-17")]
[('TIME', '2020-11-16TEV')]
"""

from __future__ import annotations

from typing import Any

from .calendar import parse_anchor
from .lexicon import Lexicon, available_languages, load_lexicon
from .normalise import Context, Timex, normalise_all
from .plausibility import plausible
from .recognise import find_candidates, prepare_text, select

__all__ = ["Lexicon", "Timex", "available_languages", "find_timexes", "load_lexicon", "parse_anchor"]


def find_timexes(text: str, language: str = "fr", published: object = None, doc: Any = None,
                 lexicon: Lexicon | None = None) -> list[Timex]:
    """The TIMEX3 expressions of ``text``, anchored on ``published`` (date, ISO string or None).

    ``doc`` is an optional spaCy ``Doc`` of ``text`` whose morphology tells the tense
    (used to decide whether "mardi" is last or next Tuesday). Languages without a
    lexicon yield nothing.
    """
    lexicon = lexicon or load_lexicon(language)
    if lexicon is None:
        return []
    prepared = prepare_text(text)
    candidates = [c for c in find_candidates(prepared, lexicon) if plausible(prepared, c, lexicon)]
    anchor = parse_anchor(published)
    context = Context(text=prepared, lexicon=lexicon, anchor=anchor, doc=doc, reference=anchor)
    return normalise_all(select(candidates), context)
