"""Accuracy floors of the `times` stage on FR-TimeBank (../shared/data/fr-timebank).

Floors sit about 0.02 below the figures measured with
``python -m unspin.evaluation.timebank /work/shared/data/fr-timebank``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.evaluation.timebank import evaluate

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "fr-timebank"

pytestmark = pytest.mark.evalgate


@pytest.fixture(scope="module")
def scores() -> dict:
    if not any(DATA.glob("*.tml")):
        pytest.skip(f"FR-TimeBank not found at {DATA} (shared data absent)")
    return evaluate(DATA)


def test_value_f1_floor(scores: dict) -> None:
    assert scores["all"]["value_f1"] >= 0.89  # measured 0.908
    assert scores["heldout"]["value_f1"] >= 0.935  # measured 0.957


def test_extent_relaxed_f1_floor(scores: dict) -> None:
    assert scores["all"]["relaxed_f1"] >= 0.93  # measured 0.952
    assert scores["all"]["strict_f1"] >= 0.86  # measured 0.880


def test_type_accuracy_floor(scores: dict) -> None:
    assert scores["all"]["type_accuracy"] >= 0.96  # measured 0.982
