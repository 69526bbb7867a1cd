"""The characters a pattern's match can start with, read off the compiled regex.

Recognition tries some sixty patterns at every word start near a trigger word; most cannot
start with the character there ("janvier" cannot start at a "p"). Python's ``re`` skips
such positions by itself only for patterns that begin with a literal or a character set,
and ours begin with a look-behind (the word boundary). :func:`first_chars` walks the
parsed pattern for the set of possible first characters, so that
:func:`recognise.find_candidates` calls a pattern only where it can match: the same
matches, about half the time.

It reads ``re``'s parse tree (``re._parser``, stable since Python 3.11): on anything it does
not know it returns None, and the pattern is then tried everywhere, as before.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser's modules (Python 3.11+)
    from re import _compiler as sre_compile  # type: ignore[attr-defined]
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: no filter
    sre_parse = sre_compile = sre_constants = None


class FirstChars:
    """A test "can a match start with this character?", exact for ``re``'s own case
    folding because the first items are compiled with the pattern's flags."""

    def __init__(self, first: re.Pattern[str]) -> None:
        self._first = first  # matches one character a match can start with
        self._verdicts: dict[str, bool] = {}

    def admits(self, char: str) -> bool:
        verdict = self._verdicts.get(char)
        if verdict is None:
            verdict = self._verdicts[char] = self._first.match(char) is not None
        return verdict


class _Unknown(Exception):
    """A construct whose first character this module does not work out."""


def first_chars(source: str, flags: int) -> FirstChars | None:
    """The possible first characters of a match of ``source``, or None when unknown (the
    pattern can match the empty string, or uses a construct not handled here)."""
    if sre_parse is None:
        return None
    try:
        tree = sre_parse.parse(source, flags)
        items, nullable = _first(tree.data)
        if nullable:
            return None
        state = sre_parse.State()
        state.flags = tree.state.flags
        branches = [sre_parse.SubPattern(state, [item]) for item in items]
        either = sre_parse.SubPattern(state, [(sre_constants.BRANCH, (None, branches))])
        return FirstChars(sre_compile.compile(either, tree.state.flags))
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):
        return None


def _first(data: Any) -> tuple[list[tuple[Any, Any]], bool]:
    """(first items, can match empty) of a sequence of parsed operations."""
    c = sre_constants
    items: list[tuple[Any, Any]] = []
    for op, av in data:
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN):
            items.append((op, av))
            return items, False
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero-width: the next operation gives the first character
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown
            found, nullable = _first(sub.data)
        elif op is c.ATOMIC_GROUP:
            found, nullable = _first(av.data)
        elif op is c.BRANCH:
            found, nullable = [], False
            for branch in av[1]:
                branch_items, branch_nullable = _first(branch.data)
                found += branch_items
                nullable = nullable or branch_nullable
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            found, nullable = _first(sub.data)
            nullable = nullable or low == 0
        else:  # ANY, back-references, conditionals…
            raise _Unknown
        items += found
        if not nullable:
            return items, False
    return items, True
