"""Quality gates that travel: the official scorer on every evaluation set, against floors kept as data.

Sets: seeds and dev (../shared/corpus), the real corpus's tune and score-only parts, scored apart
(../shared/corpus/real split by file name as docs/evaluation.md decides), and every tests/heldout* set.
Predictions are what ``chidao extract --format jsonl`` prints (``chidao.nlp.evaluate.predict_files``); the
figures are those of ``../shared/eval/score.py --json``, run as a subprocess on each set's gold lines, and
the project's own ``evaluate_predictions`` must agree with it. Floors live in tests/quality_floors.yaml
(one row per set; the integrator sets them last). Without ../shared the tests skip on a developer's machine
and fail under ``CI=true`` (tests/support/shared.py).

Golden outputs of the real articles (tests/golden/real/<article>.json): the real corpus is third-party text
the project never copies, so a golden file holds the full predicted object with every string that may come
from the article replaced by a digest and its length (tests/support/golden.py); our labels, rule ids, dates
and offsets stay readable. Every change to any output shows up in review as a changed field of a named
article. Regenerate with ``.venv/bin/python tests/golden/real/regenerate.py`` after a deliberate change.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from chidao.nlp.evaluate import (
    EvaluationSet,
    evaluate_predictions,
    evaluation_sets,
    extra_sets,
    predict_files,
    scorer_summary,
)
from tests.support.golden import golden_record
from tests.support.shared import require_shared

TESTS = Path(__file__).resolve().parent
FLOORS_FILE = TESTS / "quality_floors.yaml"
GOLDEN_REAL = TESTS / "golden" / "real"
FLOORS: dict[str, dict[str, float]] = yaml.safe_load(FLOORS_FILE.read_text(encoding="utf-8"))["floors"]
METRICS = (
    "f1",
    "precision",
    "recall",
    "issuer_acc",
    "assignee_acc",
    "deadline_acc",
    "has_directives_acc",
    "topics_micro_f1",
    "province_acc",
    "published_acc",
)


def _sets() -> dict[str, EvaluationSet]:
    return {chosen.name: chosen for chosen in evaluation_sets(require_shared("corpus"), TESTS)}


def _official_scores(chosen: EvaluationSet, predicted: list[dict[str, Any]], tmp_path: Path) -> dict[str, Any]:
    gold_path, pred_path = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_path.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in chosen.gold), encoding="utf-8")
    pred_path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predicted), encoding="utf-8")
    scorer = require_shared("eval", "score.py")
    run = subprocess.run(
        [sys.executable, str(scorer), str(gold_path), str(pred_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def test_floors_name_exactly_the_evaluation_sets() -> None:
    assert sorted(FLOORS) == sorted(_sets())
    for name, row in FLOORS.items():
        assert sorted(row) == sorted(METRICS), name
        assert all(0.0 <= value <= 1.0 for value in row.values()), name


def test_real_split_follows_the_file_name_rule() -> None:
    sets = _sets()
    tune = {path.name for path in sets["real_tune"].files}
    score_only = {path.name for path in sets["real_score_only"].files}
    assert (len(tune), len(score_only)) == (83, 36)
    assert all(int(name[-6:-4]) % 3 == 0 for name in score_only)
    assert not any(int(name[-6:-4]) % 3 == 0 for name in tune)


def test_an_extra_annotated_folder_splits_by_file_number(tmp_path: Path) -> None:
    folder = tmp_path / "later"
    folder.mkdir()
    names = [f"real_x_{n:02d}.txt" for n in (1, 2, 3, 6, 10)]
    for name in names:
        (folder / name).write_text("UBND tỉnh yêu cầu Sở Y tế kiểm tra các bệnh viện.", encoding="utf-8")
    (folder / "gold.jsonl").write_text("".join(json.dumps({"article": n, "items": []}) + "\n" for n in names))
    tune, score_only = extra_sets(folder)
    assert (tune.name, score_only.name) == ("later_tune", "later_score_only")
    assert [p.name for p in tune.files] == ["real_x_01.txt", "real_x_02.txt", "real_x_10.txt"]
    assert [p.name for p in score_only.files] == ["real_x_03.txt", "real_x_06.txt"]


def test_an_extra_folder_naming_a_missing_article_is_refused(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text(json.dumps({"article": "real_x_01.txt", "items": []}) + "\n")
    with pytest.raises(FileNotFoundError, match="gold names articles that are not in"):
        extra_sets(tmp_path)


@pytest.mark.parametrize("set_name", sorted(FLOORS))
def test_set_stays_above_its_floors(set_name: str, tmp_path: Path) -> None:
    chosen = _sets()[set_name]
    predicted = predict_files(chosen.files)
    official = _official_scores(chosen, predicted, tmp_path)
    assert scorer_summary(evaluate_predictions(list(chosen.gold), predicted)) == {m: official[m] for m in METRICS}
    below = {m: (official[m], FLOORS[set_name][m]) for m in METRICS if official[m] < FLOORS[set_name][m]}
    assert below == {}, f"{set_name}: (reached, floor) under the floor; all figures: {official}"


def test_has_directives_is_exactly_whether_items_were_found() -> None:
    predicted = predict_files(sorted(require_shared("corpus", "real").glob("real_*.txt")))
    assert [p["has_directives"] for p in predicted] == [bool(p["items"]) for p in predicted]
    assert {True, False} <= {p["has_directives"] for p in predicted}


def test_every_real_article_has_a_golden_output() -> None:
    articles = sorted(path.stem for path in require_shared("corpus", "real").glob("real_*.txt"))
    assert sorted(path.stem for path in GOLDEN_REAL.glob("real_*.json")) == articles


@pytest.mark.parametrize("name", sorted(path.stem for path in GOLDEN_REAL.glob("real_*.json")))
def test_real_article_output_matches_its_golden_file(name: str) -> None:
    source = require_shared("corpus", "real", f"{name}.txt")
    expected = json.loads((GOLDEN_REAL / f"{name}.json").read_text(encoding="utf-8"))
    [prediction] = predict_files([source])
    assert golden_record(prediction, source.read_bytes()) == expected


def test_golden_files_hold_no_corpus_text() -> None:
    real = require_shared("corpus", "real")
    corpus_lines = {
        line.strip()
        for path in real.glob("real_*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) >= 20
    }
    for path in GOLDEN_REAL.glob("real_*.json"):
        strings = _strings(json.loads(path.read_text(encoding="utf-8")))
        assert not [s for s in strings if len(s) >= 20 and any(s in line for line in corpus_lines)], path.name


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []
