"""Shared logic of the "who says so" stages (quotes, sources, hedges, claims).

``lexicon`` loads the per-language cue files (``unspin/data/who_says_so/<lang>.toml``),
``text`` finds sentences, paragraphs and the noun phrases that name sources,
``quotemarks`` finds balanced quotations and ``speakers`` classifies and links sources.
"""

from .lexicon import Lexicon, load_lexicon

__all__ = ["Lexicon", "load_lexicon"]
