"""Balanced quotation marks: where each direct quotation starts and ends.

Handles « » (with the French inner spaces), “ ”, „ “, ‹ › and straight double quotes;
quotes nested inside another (‘ ’ or “ ” inside « ») stay part of the outer quotation.
A French quotation may run over several paragraphs: a paragraph that opens with « (or »)
continues the quotation left open by the previous one; in English a paragraph whose
straight quotation is left open continues in the next paragraph when that one opens with
a straight quote (the wire convention). When a mark has no partner the
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
_CONTINUATION_RE = re.compile(r"(?:\n[ \t\u00a0\u202f]*)+([«»“])")


@dataclass(frozen=True)
class QuoteMarks:
    """One quotation: the marks' offsets and the content between them (blanks stripped)."""

    open_at: int
    close_at: int
    start: int
    end: int
    mark: str


def _closing_partners(text: str, opening: str, closing: str) -> dict[int, int | None]:
    """``_find_close(text, i, opening, closing)`` for every ``i`` holding ``opening``, in
    one pass (calling it per mark is quadratic: 50,000 unbalanced « each scan to the end).

    The scan of ``_find_close`` from any mark walks the same characters (a continuation
    mark is skipped by every scan), so it is the first later closing mark where the running
    balance of marks falls below its level when it opened: marks waiting for a level are
    resolved together when the balance falls to it, and a paragraph break that ends the
    quotation leaves the marks still waiting unbalanced.
    """
    partners: dict[int, int | None] = {}
    waiting: dict[int, list[int]] = {}
    level = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            m = _CONTINUATION_RE.match(text, i)
            if not m:
                for marks in waiting.values():
                    partners.update(dict.fromkeys(marks))
                waiting.clear()
                level = 0
                i += 1
                continue
            # A skipped continuation mark, when asked about, opens at the current balance.
            if text[m.end() - 1] == opening:
                waiting.setdefault(level - 1, []).append(m.end() - 1)
            i = m.end()
            continue
        if ch == closing:
            level -= 1
            for mark in waiting.pop(level, ()):
                partners[mark] = i
        elif ch == opening:
            waiting.setdefault(level, []).append(i)
            level += 1
        i += 1
    for marks in waiting.values():
        partners.update(dict.fromkeys(marks))
    return partners


def _straight_quotes(text: str, line_start: int, line_end: int) -> list[QuoteMarks]:
    line = text[line_start:line_end]
    positions = [line_start + m.start() for m in re.finditer('"', line)]
    if len(positions) % 2:
        log.debug("odd number of straight quotes in line at %d: declined", line_start)
        return []
    return _straight_quotes_at(text, positions)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _straight_quotations(text: str) -> dict[int, QuoteMarks]:
    """Straight-quote quotations by opening offset: balanced pairs within a line, and
    quotations running over paragraphs ('"First paragraph.' then '"Second one."')."""
    out: dict[int, QuoteMarks] = {}
    lines = [(a, b) for a, b in _lines(text) if text[a:b].strip()]
    i = 0
    while i < len(lines):
        a, b = lines[i]
        positions = [a + m.start() for m in re.finditer('"', text[a:b])]
        if len(positions) % 2 == 0:
            for q in _straight_quotes(text, a, b):
                out[q.open_at] = q
            i += 1
            continue
        # An odd count: the last mark may open a quotation that goes on in the next
        # paragraphs, each reopened by a mark at its start, until one closes it.
        open_at = positions[-1]
        for q in _straight_quotes_at(text, positions[:-1]):
            out[q.open_at] = q
        j = i + 1
        closed: int | None = None
        while j < len(lines):
            la, lb = lines[j]
            line = text[la:lb]
            if not line.lstrip(SPACES).startswith('"'):
                break
            marks = [la + m.start() for m in re.finditer('"', line)]
            if len(marks) % 2 == 0:
                closed = marks[1]
                for q in _straight_quotes_at(text, marks[2:]):
                    out[q.open_at] = q
                break
            j += 1
        if closed is None:
            log.debug("odd number of straight quotes in line at %d: declined", a)
            i += 1
            continue
        st, en = strip_span(text, open_at + 1, closed, SPACES)
        if st < en:
            out[open_at] = QuoteMarks(open_at, closed, st, en, '"')
        i = j + 1
    return out


def _straight_quotes_at(text: str, positions: list[int]) -> list[QuoteMarks]:
    out = []
    for a, b in zip(positions[::2], positions[1::2]):
        s, e = strip_span(text, a + 1, b, SPACES)
        if s < e:
            out.append(QuoteMarks(a, b, s, e, '"'))
    return out


def find_quotations(text: str) -> list[QuoteMarks]:
    """All balanced, non-nested quotations of ``text``, in order."""
    out: list[QuoteMarks] = []
    straight: dict[int, QuoteMarks] | None = None
    partners: dict[tuple[str, str], dict[int, int | None]] = {}

    def close_of(at: int, opening: str, closing: str) -> int | None:
        if (opening, closing) not in partners:
            partners[opening, closing] = _closing_partners(text, opening, closing)
        return partners[opening, closing].get(at)

    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in PAIRS:
            closing = PAIRS[ch]
            close_at = close_of(i, ch, closing)
            if ch == "„" and close_at is None:
                close_at = close_of(i, ch, "”")
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
            if straight is None:
                straight = _straight_quotations(text)
            quote = straight.get(i)
            if quote is not None:
                out.append(quote)
                i = quote.close_at + 1
                continue
        i += 1
    return out
