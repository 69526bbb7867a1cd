"""Balanced quotation marks: where each direct quotation starts and ends.

Handles « » (with the French inner spaces), “ ”, „ “, ‹ › and straight double quotes;
quotes nested inside another (‘ ’ or “ ” inside « ») stay part of the outer quotation.
A French quotation may run over several paragraphs: a paragraph that opens with « (or »)
continues the quotation left open by the previous one. When a mark has no partner the
quotation is declined rather than guessed, as textacy does.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .text import SPACES, strip_span

log = logging.getLogger(__name__)

PAIRS = {"«": "»", "“": "”", "„": "“", "‹": "›"}
# Characters allowed between a line start and a continuation mark.
_CONTINUATION_RE = re.compile(r"\n[ \t\u00a0\u202f]*([«»“])")


@dataclass(frozen=True)
class QuoteMarks:
    """One quotation: the marks' offsets and the content between them (blanks stripped)."""

    open_at: int
    close_at: int
    start: int
    end: int
    mark: str


def _find_close(text: str, open_at: int, opening: str, closing: str) -> int | None:
    """Offset of the mark closing the one at ``open_at``, or None when unbalanced."""
    depth = 1
    i = open_at + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            m = _CONTINUATION_RE.match(text, i)
            if not m:
                return None
            # A continuation paragraph reopens the same quotation; skip its mark.
            i = m.end()
            continue
        if ch == closing and opening != closing:
            depth -= 1
            if depth == 0:
                return i
        elif ch == opening and opening != closing:
            depth += 1
        i += 1
    return None


def _straight_quotes(text: str, line_start: int, line_end: int) -> list[QuoteMarks]:
    line = text[line_start:line_end]
    positions = [line_start + m.start() for m in re.finditer('"', line)]
    if len(positions) % 2:
        log.debug("odd number of straight quotes in line at %d: declined", line_start)
        return []
    out = []
    for a, b in zip(positions[::2], positions[1::2]):
        s, e = strip_span(text, a + 1, b, SPACES)
        if s < e:
            out.append(QuoteMarks(a, b, s, e, '"'))
    return out


def find_quotations(text: str) -> list[QuoteMarks]:
    """All balanced, non-nested quotations of ``text``, in order."""
    out: list[QuoteMarks] = []
    straight_by_line: dict[int, dict[int, QuoteMarks]] = {}
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in PAIRS:
            closing = PAIRS[ch]
            close_at = _find_close(text, i, ch, closing)
            if ch == "„" and close_at is None:
                close_at = _find_close(text, i, ch, "”")
            if close_at is None:
                log.debug("unbalanced %r at %d: declined", ch, i)
                i += 1
                continue
            s, e = strip_span(text, i + 1, close_at, SPACES)
            if s < e:
                out.append(QuoteMarks(i, close_at, s, e, ch))
            i = close_at + 1
            continue
        if ch == '"':
            line_start = text.rfind("\n", 0, i) + 1
            if line_start not in straight_by_line:
                line_end = text.find("\n", i)
                line_end = n if line_end < 0 else line_end
                straight_by_line[line_start] = {
                    q.open_at: q for q in _straight_quotes(text, line_start, line_end)}
            quote = straight_by_line[line_start].get(i)
            if quote is not None:
                out.append(quote)
                i = quote.close_at + 1
                continue
        i += 1
    return out
