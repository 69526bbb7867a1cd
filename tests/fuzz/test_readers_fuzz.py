"""Fuzzing: generated and mutated inputs through every reader and the cheap stages.

CI runs a sample (``UNSPIN_FUZZ_INPUTS``, default 400 per test); the long run with its
figures is ``python tests/fuzz/run_long.py`` (see the README's reliability table).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.model import Article
from unspin.pipeline import Pipeline

from .hostile import BIDI, COMBINING, CONTROL, PUNCT, QUOTES, SCRIPTS, ZERO_WIDTH, hostile_inputs
from .invariants import check_article, read_all, run_pipeline

SAMPLE = int(os.environ.get("UNSPIN_FUZZ_INPUTS", "400"))


@pytest.fixture(scope="module")
def cheap_pipeline() -> Pipeline:
    return Pipeline.from_config(stages=["segments", "language"])


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_inputs_through_readers_and_cheap_stages(seed: int,
                                                           cheap_pipeline: Pipeline) -> None:
    articles = 0
    for item in hostile_inputs(SAMPLE // 2, seed=seed):
        for result in read_all(item.data, item.name):
            if isinstance(result, Article):
                articles += 1
                run_pipeline(cheap_pipeline, result)
    assert articles > SAMPLE // 10  # most inputs still give an article


_hostile_chars = st.sampled_from(BIDI + ZERO_WIDTH + COMBINING + CONTROL + QUOTES + PUNCT
                                 + SCRIPTS + ["\n", " ", "a", "é", "Le", "selon", "2 000"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_hostile_chars, st.text(max_size=40)), min_size=1, max_size=80))
def test_any_text_keeps_its_text_and_spans(pieces: list[str]) -> None:
    text = "".join(pieces)
    items = read_all(text.encode("utf-8", "surrogatepass"), "hyp.txt")
    pipeline = Pipeline.from_config(stages=["segments", "language"])
    for item in items:
        if isinstance(item, Article):
            before = item.text
            pipeline(item)
            check_article(item, before)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["b.txt", "b.html", "b.jsonl", "b"]))
def test_any_bytes_give_articles_or_one_line_errors(data: bytes, name: str) -> None:
    read_all(data, name)
