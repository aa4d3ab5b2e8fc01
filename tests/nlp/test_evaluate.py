"""evaluate_predictions: the guideline's matching rule, exact numbers on small cases."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from chidao.nlp.evaluate import evaluate_predictions, match_items
from tests.support.shared import require_shared

GOLD = [
    {
        "article": "a.txt",
        "has_directives": True,
        "topics": ["economy"],
        "province": "Cà Mau",
        "published": "2025-11-20",
        "items": [
            {
                "text": "rà soát các tờ khai hoàn thuế còn chậm trễ",
                "kind": "commitment",
                "issuer": "Nguyễn Văn A",
                "assignee": "Thuế tỉnh",
                "deadline": "trong tháng 12/2025",
            },
            {
                "text": "tăng cường kỷ cương công vụ",
                "kind": "directive",
                "issuer": "Lê Thị B",
                "assignee": "UBND các xã, phường",
                "deadline": None,
            },
        ],
    },
    {
        "article": "b.txt",
        "has_directives": False,
        "topics": ["social"],
        "province": None,
        "published": None,
        "items": [],
    },
]
PRED = [
    {
        "article": "a.txt",
        "has_directives": True,
        "topics": ["economy", "social"],
        "province": "Cà Mau",
        "published": "2025-11-20",
        "items": [
            # covers the gold item with two extra tokens: matches
            {
                "text": "sẽ rà soát các tờ khai hoàn thuế còn chậm trễ nhé",
                "kind": "directive",
                "issuer": "Trưởng Thuế tỉnh Nguyễn Văn A",
                "assignee": "Thuế tỉnh",
                "deadline": "tháng 12/2025",
            },
            # covers only 2 of 5 gold tokens: no match
            {"text": "tăng cường", "kind": "directive", "issuer": "Lê Thị B", "assignee": None, "deadline": None},
        ],
    },
    {
        "article": "b.txt",
        "has_directives": True,
        "topics": [],
        "items": [{"text": "một mục thừa", "kind": "directive", "issuer": None, "assignee": None, "deadline": None}],
    },
]


def test_matching_rule_uses_coverage_and_precision() -> None:
    gold = [{"text": "một hai ba bốn năm sáu bảy tám chín mười"}]
    assert match_items(gold, [{"text": "một hai ba bốn năm sáu bảy"}]) == [(0, 0)]  # 70% coverage
    assert match_items(gold, [{"text": "một hai ba bốn năm sáu"}]) == []  # 60% coverage
    noisy = "một hai ba bốn năm sáu bảy x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11"
    assert match_items(gold, [{"text": noisy}]) == []  # 7 of 18 tokens are gold: below 40%


def test_matching_is_one_to_one_best_first() -> None:
    gold = [{"text": "tăng cường kỷ cương"}, {"text": "tăng cường kỷ cương công vụ"}]
    pred = [{"text": "tăng cường kỷ cương công vụ"}]
    assert match_items(gold, pred) == [(1, 0)]


def test_evaluate_predictions_exact_figures() -> None:
    report = evaluate_predictions(GOLD, PRED)
    assert (report["gold_items"], report["predicted_items"], report["matched"]) == (2, 3, 1)
    assert report["item"] == {"precision": 0.333, "recall": 0.5, "f1": 0.4}
    assert report["kind"]["accuracy"] == 0.0
    assert report["issuer"]["accuracy"] == 1.0
    assert report["assignee"]["accuracy"] == 1.0
    assert report["deadline"]["accuracy"] == 1.0
    assert report["has_directives"] == {"accuracy": 0.5}
    assert report["topics"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert report["province"] == {"accuracy": 1.0}
    assert report["published"] == {"accuracy": 1.0}
    assert "b.txt: spurious: một mục thừa" in report["errors"]
    assert "a.txt: missed: tăng cường kỷ cương công vụ" in report["errors"]


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def test_figures_agree_with_the_official_scorer(tmp_path: Path) -> None:
    scorer = require_shared("eval", "score.py")
    _write_jsonl(tmp_path / "gold.jsonl", GOLD)
    _write_jsonl(tmp_path / "pred.jsonl", PRED)
    out = subprocess.run(
        [sys.executable, str(scorer), str(tmp_path / "gold.jsonl"), str(tmp_path / "pred.jsonl"), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    official = json.loads(out.stdout.strip().splitlines()[-1])
    ours = evaluate_predictions(GOLD, PRED)
    assert (ours["item"]["precision"], ours["item"]["recall"], ours["item"]["f1"]) == (
        official["precision"],
        official["recall"],
        official["f1"],
    )
    for name in ("kind", "issuer", "assignee", "deadline"):
        assert ours[name]["accuracy"] == official[f"{name}_acc"]
    assert ours["has_directives"]["accuracy"] == official["has_directives_acc"]
    assert ours["topics"]["f1"] == official["topics_micro_f1"]
