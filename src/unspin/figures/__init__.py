"""Numbers in text: digits in each language's conventions, number words, vague quantities."""

from .lexicon import NumberLexicon, load_lexicon
from .spans import NumberSpan, find_numbers

__all__ = ["NumberLexicon", "NumberSpan", "find_numbers", "load_lexicon"]
