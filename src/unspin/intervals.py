"""Character intervals [start, end) of an article's text: the one overlap measure."""

from __future__ import annotations

Span = tuple[int, int]


def overlap_length(a: Span, b: Span) -> int:
    """Number of characters two [start, end) intervals share (0 when they are disjoint)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
