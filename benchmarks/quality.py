"""Quality of the text stages on every evaluation set, the real corpus's two parts scored separately.

    .venv/bin/python benchmarks/quality.py [--shared ../shared] [--set NAME ...] [--rules] [--json] [--extra DIR ...]

Sets: ``seeds`` and ``dev`` (../shared/corpus), ``real_tune`` and ``real_score_only`` (../shared/corpus/real
split by file name as docs/evaluation.md decides: ``real_cN_MM.txt`` with MM divisible by 3 is score-only),
and every ``tests/heldout*`` set. Predictions are exactly what ``chidao extract --format jsonl`` prints; the
figures are those of ``../shared/eval/score.py``. ``--rules`` adds, per set, how each published-date rule
did and how many matched and spurious items each extractor rule id gave (items without rule ids count under
``(none)``). Read only the tune part's errors (docs/evaluation.md); this script prints no errors at all.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from chidao.nlp.evaluate import (
    evaluate_predictions,
    evaluation_sets,
    extra_sets,
    predict_files,
    rule_breakdown,
    scorer_summary,
)

REPO = Path(__file__).resolve().parents[1]
COLUMNS = (
    ("f1", "item F1"),
    ("precision", "P"),
    ("recall", "R"),
    ("issuer_acc", "issuer"),
    ("assignee_acc", "assignee"),
    ("deadline_acc", "deadline"),
    ("has_directives_acc", "has_dir"),
    ("topics_micro_f1", "topics"),
    ("province_acc", "province"),
    ("published_acc", "published"),
)


def measure(shared: Path, names: list[str] | None, with_rules: bool, extra: list[Path]) -> list[dict[str, Any]]:
    results = []
    chosen_sets = evaluation_sets(shared / "corpus", REPO / "tests") + [s for f in extra for s in extra_sets(f)]
    for chosen in chosen_sets:
        if names and chosen.name not in names:
            continue
        predicted = predict_files(chosen.files)
        row: dict[str, Any] = {"set": chosen.name, "articles": len(chosen.files)}
        row |= scorer_summary(evaluate_predictions(list(chosen.gold), predicted))
        if with_rules:
            row["rules"] = rule_breakdown(chosen.gold, predicted)
        results.append(row)
    return results


def print_table(results: list[dict[str, Any]]) -> None:
    header = f"{'set':<16} {'n':>4} " + " ".join(f"{label:>9}" for _, label in COLUMNS)
    print(header)
    for row in results:
        print(f"{row['set']:<16} {row['articles']:>4} " + " ".join(f"{row[key]:>9.3f}" for key, _ in COLUMNS))
    for row in results:
        if "rules" not in row:
            continue
        print(f"\n{row['set']}: published-date rules (right / wrong / gold has no date)")
        for rule, counts in row["rules"]["published"].items():
            print(
                f"  {rule:<24} {counts.get('right', 0):>4} {counts.get('wrong', 0):>4} {counts.get('unscored', 0):>4}"
            )
        print(f"{row['set']}: item rules (matched / spurious)")
        for rule, counts in row["rules"]["items"].items():
            print(f"  {rule:<24} {counts.get('matched', 0):>4} {counts.get('spurious', 0):>4}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder")
    parser.add_argument("--set", dest="sets", action="append", help="only this set (repeatable)")
    parser.add_argument("--rules", action="store_true", help="add the per-rule breakdown")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="an annotated folder outside the repo (gold.jsonl + *.txt), split by file number (repeatable)",
    )
    args = parser.parse_args()
    results = measure(args.shared, args.sets, args.rules, args.extra)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
