"""Accuracy floors for "who says so" (quotes, sources, hedges, claims) on the hand-written
gold paragraphs of tests/gold/who_says_so.jsonl. Floors sit slightly below the measured
figures (`python -m unspin.evaluation.who_says_so`), never above them; raise them when the
rules improve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from unspin.evaluation import who_says_so

pytestmark = [pytest.mark.evalgate, pytest.mark.slow]

GOLD = Path(__file__).resolve().parent / "gold" / "who_says_so.jsonl"

# (group, layer, figure) -> floor
FLOORS: dict[tuple[str, str, str], float] = {
    ("all", "quotes", "f1"): 0.95, ("all", "quotes", "speaker_accuracy"): 0.93,
    ("all", "sources", "f1"): 0.96, ("all", "sources", "type_accuracy"): 0.95,
    ("all", "hedges", "f1"): 0.96,
    ("all", "claims", "f1"): 0.95, ("all", "claims", "attribution_accuracy"): 0.96,
    ("all", "claims", "hedged_accuracy"): 0.96,
    ("heldout", "quotes", "f1"): 0.9, ("heldout", "sources", "f1"): 0.93,
    ("heldout", "hedges", "f1"): 0.93, ("heldout", "claims", "f1"): 0.92,
    ("heldout", "claims", "attribution_accuracy"): 0.93,
    ("en", "sources", "f1"): 0.93, ("en", "claims", "f1"): 0.93,
    # "blind": written after the rules and never used to tune them.
    ("blind", "quotes", "f1"): 0.85, ("blind", "sources", "f1"): 0.9,
    ("blind", "hedges", "f1"): 0.9, ("blind", "claims", "f1"): 0.9,
    ("blind", "claims", "attribution_accuracy"): 0.9,
    # "independent": paragraphs in other styles (wire, state media, press review,
    # communiqués, rumours) by a second annotator. The 30 written before reading the rules
    # gave on the first run: quotes F1 0.95 (speakers 0.74), sources 0.89, hedges 0.93,
    # claims 0.86; the 12 written after the first fixes: quotes 1.0 (speakers 0.8), sources
    # 0.97 (types 0.88), hedges 1.0, claims 0.83. Both were then used to find general
    # weaknesses, so these floors guard the fixes.
    ("independent", "quotes", "f1"): 0.95, ("independent", "quotes", "speaker_accuracy"): 0.95,
    ("independent", "sources", "f1"): 0.95, ("independent", "sources", "type_accuracy"): 0.95,
    ("independent", "hedges", "f1"): 0.93, ("independent", "claims", "f1"): 0.88,
    ("independent", "claims", "attribution_accuracy"): 0.93,
    # "independent2" (issue 8): 51 French paragraphs written before reading the rules. First
    # run: quotes F1 0.985 (speakers 0.515), sources 0.903 (types 0.893), hedges 0.698, claims
    # 0.918 (attribution 0.888). Its "frozen" third (by paragraph hash, never looked at while
    # fixing) then scored speakers 0.538, hedges 0.286, claims attribution 0.821.
    ("independent2", "quotes", "f1"): 0.98,
    ("independent2", "quotes", "speaker_accuracy"): 0.95,
    ("independent2", "sources", "f1"): 0.96, ("independent2", "sources", "type_accuracy"): 0.95,
    ("independent2", "hedges", "f1"): 0.94, ("independent2", "claims", "f1"): 0.96,
    ("independent2", "claims", "attribution_accuracy"): 0.93,
    ("frozen", "quotes", "speaker_accuracy"): 0.9, ("frozen", "sources", "f1"): 0.92,
    ("frozen", "hedges", "f1"): 0.7, ("frozen", "claims", "f1"): 0.95,
    ("frozen", "claims", "attribution_accuracy"): 0.85,
}


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    if not GOLD.is_file():
        pytest.skip(f"{GOLD} is missing")
    return who_says_so.evaluate(GOLD)


@pytest.mark.parametrize("group, layer, figure", sorted(FLOORS))
def test_floor(results: dict[str, Any], group: str, layer: str, figure: str) -> None:
    value = results[group][layer][figure]
    floor = FLOORS[(group, layer, figure)]
    assert value >= floor, f"{group}/{layer} {figure} = {value} fell below {floor}"


def test_gold_is_large_enough(results: dict[str, Any]) -> None:
    # At least 40 French and 20 English paragraphs; a quarter to a half kept out of tuning
    # (the "heldout" part, checked at the end, and the "blind" part, written afterwards).
    import json

    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    assert sum(r["language"] == "fr" for r in records) >= 40
    assert sum(r["language"] == "en" for r in records) >= 20
    original = [r for r in records if r["split"] in ("dev", "heldout", "blind")]
    held = sum(r["split"] in ("heldout", "blind") for r in original) / len(original)
    assert 0.25 <= held <= 0.5
    # The second annotator's part: 20 French and 10 English paragraphs at least.
    independent = [r for r in records if r["split"] == "independent"]
    assert sum(r["language"] == "fr" for r in independent) >= 20
    assert sum(r["language"] == "en" for r in independent) >= 10
    # The issue-8 set: at least 45 French paragraphs, a third of them frozen by hash.
    second = [r for r in records if r["split"] == "independent2"]
    assert sum(r["language"] == "fr" for r in second) >= 45
    frozen = who_says_so.load_frozen(GOLD.with_name("who_says_so_frozen.txt"))
    hashes = {who_says_so.paragraph_hash(r["text"]) for r in second}
    assert frozen <= hashes and 0.25 <= len(frozen) / len(second) <= 0.4
