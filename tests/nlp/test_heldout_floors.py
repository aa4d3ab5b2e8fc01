"""Quality floors on the held-out sets (articles written independently of the extractor).

``tests/heldout``, ``tests/heldout2`` and ``tests/heldout3`` were each written by someone who had not read the
extractor; all have since been used to find weak rules, so these floors guard against regressions, not generality.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chidao.nlp.evaluate import evaluate_predictions, predict_corpus
from tests.support.config import BUNDLE

TESTS = Path(__file__).resolve().parents[1]

# tests/heldout (95 gold items): first measured at precision 0.983, recall 0.600, F1 0.745; reached 1.0 on
# every figure. tests/heldout2 (82 gold items): first measured at F1 0.876 (precision 0.944, recall 0.817,
# deadline 0.925); reached 1.0 on every figure after the third generalisation pass. tests/heldout3 (86 gold
# items): blind for the third pass, measured there at F1 0.926 (precision 0.987, recall 0.872); reached F1 1.0,
# assignee 0.988 and 1.0 on the other fields after the fourth pass.
# Floors sit a little under the reached figures so one unlucky rule change is caught, not noise.
FLOORS: dict[str, dict[str, float]] = {
    "heldout": {
        "precision": 0.95,
        "recall": 0.93,
        "f1": 0.95,
        "kind": 0.95,
        "issuer": 0.93,
        "assignee": 0.93,
        "deadline": 0.9,
    },
    "heldout2": {
        "precision": 0.95,
        "recall": 0.95,
        "f1": 0.96,
        "kind": 0.95,
        "issuer": 0.95,
        "assignee": 0.95,
        "deadline": 0.93,
    },
    "heldout3": {
        "precision": 0.95,
        "recall": 0.95,
        "f1": 0.96,
        "kind": 0.95,
        "issuer": 0.95,
        "assignee": 0.94,
        "deadline": 0.93,
    },
}

_REPORTS: dict[str, dict[str, Any]] = {}


def _report(name: str) -> dict[str, Any]:
    folder = TESTS / name
    if not (folder / "gold.jsonl").is_file():
        pytest.skip(f"held-out set tests/{name}/gold.jsonl is absent")
    if name not in _REPORTS:
        gold_lines = (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        gold = [json.loads(line) for line in gold_lines if line.strip()]
        _REPORTS[name] = evaluate_predictions(gold, predict_corpus(folder / "articles", BUNDLE))
    return _REPORTS[name]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout_item_floors(name: str) -> None:
    report = _report(name)
    for measure in ("precision", "recall", "f1"):
        assert report["item"][measure] >= FLOORS[name][measure], (measure, report["item"], report["errors"])


@pytest.mark.parametrize("field", ["kind", "issuer", "assignee", "deadline"])
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout_field_floors(name: str, field: str) -> None:
    report = _report(name)
    assert report[field]["accuracy"] >= FLOORS[name][field], (field, report[field])


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout_articles_without_directives_give_none(name: str) -> None:
    assert _report(name)["has_directives"]["accuracy"] == 1.0
