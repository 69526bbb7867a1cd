"""Finding time expressions: run a lexicon's patterns near trigger words and keep the
longest of overlapping matches (``plausibility`` drops the implausible ones first).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from .lexicon import PATTERN_FLAGS, PATTERN_START, Lexicon, Pattern, normalise_word

_PREVIOUS_WORD = re.compile(r"([\w'-]+)\W*$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«\"»\n]\s*|[-—_]\s+)$")


@dataclass
class Candidate:
    """One pattern match: its extent, the pattern's kind and its groups."""

    start: int
    end: int
    kind: str
    order: int
    match: re.Match[str]

    def extents(self) -> list[tuple[int, int]]:
        """The spans this candidate tags: its extent plus a first member ``x1`` if any."""
        first = self.span_of("x1")
        return [(self.start, self.end)] + ([first] if first else [])

    def group(self, name: str) -> str | None:
        """The text of group ``name`` (None when the pattern has no such group or it is empty)."""
        try:
            return self.match.group(name)
        except IndexError:
            return None

    def span_of(self, name: str) -> tuple[int, int] | None:
        """Offsets of group ``name`` when it matched."""
        try:
            if self.match.group(name) is None:
                return None
            return self.match.span(name)
        except IndexError:
            return None


def prepare_text(text: str) -> str:
    """A same-length copy of ``text`` with ’ → ' and non-breaking spaces → space."""
    return text.translate({0x2019: "'", 0x00A0: " ", 0x202F: " ", 0x2009: " "})


def previous_word(text: str, position: int) -> str:
    """The word just before ``position`` (lower case, '' at the start)."""
    match = _PREVIOUS_WORD.search(text, max(0, position - 40), position)
    return normalise_word(match.group(1)) if match else ""


def at_sentence_start(text: str, position: int) -> bool:
    """True when only punctuation or a line start precedes ``position`` in its sentence."""
    return bool(_SENTENCE_START.search(text[max(0, position - 4):position])) or position == 0


_PATTERN_START = re.compile(PATTERN_START, PATTERN_FLAGS)
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_WINDOW_MARGIN = 80  # characters scanned around a trigger word: longer than any expression


def trigger_windows(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Spans of ``text`` around digits and lexicon words, merged; only they are scanned."""
    windows: list[tuple[int, int]] = []
    for token in _TOKEN.finditer(text):
        word = token.group()
        if not (word[0].isdigit() or word.lower() in lexicon.triggers):
            continue
        start = max(0, token.start() - _WINDOW_MARGIN)
        end = min(len(text), token.end() + _WINDOW_MARGIN)
        while end < len(text) and text[end].isalnum():
            end += 1  # never cut a word: a pattern could end inside it
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def find_candidates(text: str, lexicon: Lexicon) -> list[Candidate]:
    """Every match of every pattern of ``lexicon`` in ``text`` (already prepared): what
    each pattern's ``finditer`` over each trigger window finds, but each pattern is tried
    only at the window's pattern starts whose character it can start with."""
    windows = trigger_windows(text, lexicon)
    if not windows:
        return []
    starts = _starts_by_char(text, windows)
    found: list[Candidate] = []
    for pattern in lexicon.patterns:
        first = pattern.first
        chars = [c for c in starts if first is None or first.admits(c)]
        positions = starts[chars[0]] if len(chars) == 1 else sorted(
            chain.from_iterable(starts[c] for c in chars))
        found.extend(_matches(text, pattern, windows, positions))
    return found


def _starts_by_char(text: str, windows: list[tuple[int, int]]) -> dict[str, list[int]]:
    """The positions inside the windows where a pattern may start, by their character."""
    out: dict[str, list[int]] = {}
    for window_start, window_end in windows:
        for match in _PATTERN_START.finditer(text, window_start, window_end):
            position = match.start()
            if position < window_end:
                out.setdefault(text[position], []).append(position)
    return out


def _matches(text: str, pattern: Pattern, windows: list[tuple[int, int]],
             positions: list[int]) -> Iterator[Candidate]:
    """``pattern.regex.finditer`` over each window, tried only at ``positions`` (sorted):
    the next match after one ends is the first position at or after its end."""
    regex = pattern.regex
    window = 0
    resume = -1
    for position in positions:
        if position < resume:
            continue
        while windows[window][1] <= position:
            window += 1
        match = regex.match(text, position, windows[window][1])
        if match is None:
            continue
        resume = max(match.end(), position + 1)
        try:
            start, end = match.span("x")
        except IndexError:
            start, end = match.span()
        if start < 0 or end <= start:
            continue
        yield Candidate(start, end, pattern.kind, pattern.order, match)


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first (then the longest whole match, then the
    pattern order); returned in text order."""
    chosen: list[Candidate] = []
    # The spans taken so far, disjoint and sorted: one binary search per candidate keeps
    # the selection O(n log n) on texts with many expressions.
    taken_starts: list[int] = []
    taken_ends: list[int] = []

    def overlaps(start: int, end: int) -> bool:
        index = bisect.bisect_right(taken_starts, start)
        return (index > 0 and taken_ends[index - 1] > start) or (
            index < len(taken_starts) and taken_starts[index] < end)

    # Patterns that tag two expressions ("les 6 et 13 avril", "2002/2003") go first.
    ranked = sorted(candidates, key=lambda c: (-len(c.extents()), -sum(e - s for s, e in c.extents()),
                                               -(c.match.end() - c.match.start()),
                                               c.order, c.start))
    for cand in ranked:
        spans = cand.extents()
        if any(overlaps(s, e) for s, e in spans):
            continue
        chosen.append(cand)
        for s, e in spans:
            index = bisect.bisect_right(taken_starts, s)
            taken_starts.insert(index, s)
            taken_ends.insert(index, e)
    return sorted(chosen, key=lambda c: c.start)
