"""Sentences of an article: the one sentence splitter of the stages.

``sentence_spans`` reads the ``sentences`` layer of the ``parse`` stage when it is there and
falls back to one rule splitter (:func:`rule_sentences`) otherwise, then repairs both
around quotations. Every stage that needs sentences takes them from here. Three splitters
stay apart on purpose: ``times/discourse.py`` finds sentence ends in a window around an
expression on the raw text (``find_timexes`` has no article, and the TimeBank gate scores
it so), the ``segments`` stage's boilerplate test runs before ``parse`` on one short block,
and ``techniques/features.py`` splits paragraphs into sentences for the shipped model's
inputs (changing it would change what the model was trained on).
"""

from __future__ import annotations

import re

from .model import Article

Span = tuple[int, int]

SPACES = " \t\u00a0\u202f\u2009"
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[»”\"]?\s+(?=[«“\"A-ZÀ-ÖØ-Þ0-9])|\n+")

# Abbreviated titles whose full stop does not end a sentence ("said Lt. Col. Maya Cohen").
ABBREVIATION_END_RE = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Prof|St|Mgr|Me|Mme|Mlle|M|Pr|Maj|"
    r"Capt|Cpl|Adm|Brig|Cmdr|Supt|Insp|Amb|Pres|Rev|Messrs)\.$")


def strip_span(text: str, start: int, end: int, chars: str = SPACES + "\n") -> Span:
    """Shrink ``[start, end)`` so that it starts and ends on non-blank characters."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def rule_sentences(text: str) -> list[Span]:
    """Sentences of ``text`` by punctuation and line breaks (when there is no parse)."""
    spans, last = [], 0
    for m in _SENTENCE_END_RE.finditer(text):
        if ABBREVIATION_END_RE.search(text, max(0, m.start() - 8), m.start()):
            continue
        spans.append((last, m.start() + (len(m.group(0).rstrip()) if m.group(0)[:1] in "»”\""
                                          else 0)))
        last = m.end()
    spans.append((last, len(text)))
    return [strip_span(text, s, e) for s, e in spans if text[s:e].strip()]


def sentence_spans(article: Article) -> list[Span]:
    """Sentences of the article, repaired around quotations.

    The ``sentences`` layer of ``parse`` is used when present (:func:`rule_sentences` otherwise);
    a piece that starts with a comma, a closing quote or a lower-case letter ("», a-t-il
    ajouté.") is glued back to the sentence before it, and no sentence crosses a line break.
    """
    text = article.text
    layer = article.layer("sentences")
    raw = [(a.start, a.end) for a in layer] if layer else rule_sentences(text)
    pieces: list[Span] = []
    for s, e in raw:  # never across paragraphs
        for m in re.finditer(r"[^\n]+", text[s:e]):
            ps, pe = strip_span(text, s + m.start(), s + m.end())
            if ps < pe:
                pieces.append((ps, pe))
    # spaCy's sentencizer leaves an opening mark at the end of the sentence before it.
    for i in range(len(pieces) - 1):
        s, e = pieces[i]
        opening = text[e - 1] in "«“„‹" or (text[e - 1] == '"' and text[e - 2:e - 1].isspace())
        if e - s > 1 and opening and "\n" not in text[e:pieces[i + 1][0]]:
            pieces[i] = strip_span(text, s, e - 1)
            pieces[i + 1] = (e - 1, pieces[i + 1][1])
    merged: list[Span] = []
    for s, e in pieces:
        head = text[s:e].lstrip(SPACES)
        after_mark = head[1:].lstrip(SPACES)
        if merged and head[:1] in "»”" and after_mark[:1].isupper() and text[
                merged[-1][0]:merged[-1][1]].rstrip(SPACES).endswith((".", "!", "?", "…")):
            # "… semaines. » L'homme sera …": the mark closes the previous sentence, the
            # next one starts after it.
            mark = s + len(text[s:e]) - len(head)
            merged[-1] = (merged[-1][0], mark + 1)
            s = strip_span(text, mark + 1, e)[0]
            head = text[s:e]
        previous = text[merged[-1][0]:merged[-1][1]].rstrip(SPACES) if merged else ""
        glue = bool(merged) and "\n" not in text[merged[-1][1]:s] and (
            head[:1] in ",;:»”)-" or head[:1].islower()
            or not previous.endswith((".", "!", "?", "…", "»", "”", '"'))
            # pos: the pattern ends the text, so only its tail can match (linear).
            or ABBREVIATION_END_RE.search(previous, max(0, len(previous) - 12)) is not None)
        if glue:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return [piece for span in merged for piece in _split_after_closing_quote(text, span)]


# A quotation that ends its sentence, then a new sentence: "… frontalières. » Selon …".
_CLOSED_QUOTE_BREAK_RE = re.compile(r"(?<=[.!?…])[\s\u00a0\u202f]*[»”][ \t\u00a0\u202f]+"
                                    r"(?=[A-ZÀ-Ý])")


def _split_after_closing_quote(text: str, span: Span) -> list[Span]:
    """``span`` cut after each closing mark that ends a sentence and precedes a capital (the
    parser sometimes runs such sentences together)."""
    out: list[Span] = []
    start = span[0]
    for m in _CLOSED_QUOTE_BREAK_RE.finditer(text, span[0], span[1]):
        mark = text.index("»" if "»" in m.group(0) else "”", m.start(), m.end())
        if ABBREVIATION_END_RE.search(text, max(start, m.start() - 8), m.start()):
            continue
        out.append((start, mark + 1))
        start = strip_span(text, mark + 1, span[1])[0]
    out.append((start, span[1]))
    return [sp for sp in out if sp[0] < sp[1]]
