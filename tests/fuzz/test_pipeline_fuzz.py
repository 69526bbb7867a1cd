"""A sample of hostile inputs through the full default pipeline (the long run has 500)."""

from __future__ import annotations

import os

import pytest

from unspin import default_pipeline
from unspin.model import Article

from .hostile import hostile_inputs
from .invariants import read_all, run_pipeline

SAMPLE = int(os.environ.get("UNSPIN_FUZZ_FULL", "24"))


@pytest.mark.slow
def test_hostile_inputs_through_the_full_pipeline() -> None:
    pipeline = default_pipeline()
    articles = 0
    for item in hostile_inputs(SAMPLE, seed=11):
        for result in read_all(item.data, item.name):
            if isinstance(result, Article):
                articles += 1
                run_pipeline(pipeline, result)
    assert articles >= SAMPLE // 2
