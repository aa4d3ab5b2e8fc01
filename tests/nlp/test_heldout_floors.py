"""Quality floors on the held-out set in tests/heldout (articles written independently of the extractor)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tasks.nlp.evaluate import evaluate_predictions, predict_corpus

HELDOUT = Path(__file__).resolve().parents[1] / "heldout"

# Reached when these floors were set: item precision, recall and F1 1.0, every field 1.0 (95 gold items).
# First measurement before the generalisation pass: precision 0.983, recall 0.600, F1 0.745.
# Floors sit a little under the reached figures so one unlucky rule change is caught, not noise.
FLOORS = {
    "precision": 0.95,
    "recall": 0.93,
    "f1": 0.95,
    "kind": 0.95,
    "issuer": 0.93,
    "assignee": 0.93,
    "deadline": 0.9,
}


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    if not (HELDOUT / "gold.jsonl").is_file():
        pytest.skip("held-out set tests/heldout/gold.jsonl is absent")
    gold_lines = (HELDOUT / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line) for line in gold_lines if line.strip()]
    return evaluate_predictions(gold, predict_corpus(HELDOUT / "articles"))


def test_heldout_item_floors(report: dict[str, Any]) -> None:
    for name in ("precision", "recall", "f1"):
        assert report["item"][name] >= FLOORS[name], (name, report["item"], report["errors"])


@pytest.mark.parametrize("field", ["kind", "issuer", "assignee", "deadline"])
def test_heldout_field_floors(report: dict[str, Any], field: str) -> None:
    assert report[field]["accuracy"] >= FLOORS[field], (field, report[field])


def test_heldout_article_without_directives_gives_none(report: dict[str, Any]) -> None:
    assert report["has_directives"]["accuracy"] == 1.0
