"""Paragraphs of an article's text as the techniques model sees them: its non-blank lines.

A *paragraph* is a non-blank line named by its 1-based line number (the title is line 1),
which is how the SemEval-2023 Task 3 labels number paragraphs and so what the shipped model
was trained on. A line holding only white space — the non-breaking space and zero-width
characters included — is blank and is never listed. Run-time code (the techniques stages)
and the SemEval file-format readers both take paragraphs from here.
"""

from __future__ import annotations

from dataclasses import dataclass

# Characters that count as white space for the "blank line" rule on top of str.isspace()
# (the zero-width ones are not white space for Python but show nothing on screen).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_TABLE = str.maketrans("", "", _INVISIBLE)


@dataclass(frozen=True)
class Paragraph:
    """One non-blank line of an article: its line number and character span."""

    line: int
    start: int
    end: int
    text: str


def is_blank(line: str) -> bool:
    """True when ``line`` holds only white space (nbsp and zero-width characters included)."""
    return not line.translate(_INVISIBLE_TABLE).strip()


def paragraphs(text: str) -> list[Paragraph]:
    """The non-blank lines of ``text`` with their 1-based line numbers and spans.

    Lines are split on ``\\n`` only (a trailing ``\\r`` stays outside the span), which is how
    the shared-task line numbers were made.
    """
    out: list[Paragraph] = []
    pos = 0
    for number, line in enumerate(text.split("\n"), start=1):
        end = pos + len(line)
        if not is_blank(line):
            body = line.rstrip("\r")
            out.append(Paragraph(number, pos, pos + len(body), body))
        pos = end + 1
    return out
