"""What must hold for any input, however hostile: the checks shared by tests and long run."""

from __future__ import annotations

import io
import json
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

from unspin.errors import InputError
from unspin.model import Article
from unspin.pipeline import Pipeline
from unspin.readers.files import read_stream

MAX_SECONDS = 30.0


class Hang(Exception):
    """An input that took more than MAX_SECONDS."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in this (main) thread when the block runs longer than ``seconds``."""

    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"over {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_all(data: bytes, name: str, max_bytes: int = 5_000_000) -> list[Article | InputError]:
    """Every item a reader yields for ``data``; each must be an Article or an InputError."""
    items = list(read_stream(io.BytesIO(data), name, max_bytes, None))
    for item in items:
        assert isinstance(item, (Article, InputError)), type(item)
        if isinstance(item, InputError):
            assert str(item).startswith(name), str(item)
            assert "\n" not in str(item).strip(), "an error is one line"
        else:
            assert isinstance(item.text, str) and item.text.strip()
    return items


def check_article(article: Article, text_before: str) -> None:
    """The text is unchanged, every annotation lies inside it, and it serialises to JSON."""
    assert article.text == text_before, "a stage changed the article text"
    size = len(article.text)
    for name, anns in article.layers.items():
        for ann in anns:
            assert 0 <= ann.start < ann.end <= size, (name, ann.start, ann.end, size)
    json.dumps(article.to_dict(), ensure_ascii=False)


def run_pipeline(pipeline: Pipeline, article: Article) -> float:
    """Run ``pipeline`` on ``article`` under the time limit; return the seconds it took."""
    before = article.text
    started = time.perf_counter()
    with time_limit(MAX_SECONDS):
        pipeline(article)
    check_article(article, before)
    return time.perf_counter() - started
