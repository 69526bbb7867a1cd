"""Eval gate of the events stage: floors just below the figures `unspin eval events`
measured (README, "What happened"). Loads spaCy and the models."""

from __future__ import annotations

from typing import Any

import pytest

from unspin.evaluation.events import evaluate

pytestmark = [pytest.mark.evalgate, pytest.mark.slow]


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return evaluate(None)


def test_realistic_english_snippets(result: dict[str, Any]) -> None:
    scores = result["realistic_en"]
    assert scores["snippets"] == 60
    assert scores["weighted_f1_acled25"] >= 0.75  # measured 0.819
    assert scores["weighted_f1_all"] >= 0.77  # measured 0.831


def test_heldout_templates(result: dict[str, Any]) -> None:
    assert result["heldout_templates"]["weighted_f1_all"] >= 0.70  # measured 0.745
    assert result["heldout_templates"]["weighted_f1_acled25"] >= 0.70  # measured 0.745


@pytest.mark.parametrize("field, floor", [
    ("detection_f1", 0.85),  # measured 0.923
    ("sub_event_type_accuracy", 0.90),  # 0.963
    ("actor1_accuracy", 0.75),  # 0.833
    ("actor2_accuracy", 0.42),  # 0.500
    ("place_accuracy", 0.75),  # 0.833
    ("date_accuracy", 0.90),  # 0.963
    ("fatalities_accuracy", 0.88),  # 0.944
    ("certainty_accuracy", 0.90),  # 0.963
    ("modality_accuracy", 0.92),  # 0.982
])
def test_french_gold_field_by_field(result: dict[str, Any], field: str, floor: float) -> None:
    assert result["gold_fr"]["all"][field] >= floor


def test_french_gold_heldout_part(result: dict[str, Any]) -> None:
    held = result["gold_fr"]["heldout"]
    assert held["paragraphs"] == 20
    assert held["detection_f1"] >= 0.80  # measured 0.900
    assert held["sub_event_type_accuracy"] >= 0.80  # 0.889
