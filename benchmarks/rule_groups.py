"""Per theme group of the real corpus's tune part: item F1, and per rule id how many items were right.

    .venv/bin/python benchmarks/rule_groups.py [--shared ../shared] [--json]

Reads only the tune part (docs/evaluation.md: ``real_cN_MM.txt`` with MM not divisible by 3). The groups
c1..c6 are themes; a rule that is right in the groups other than the one it was written for generalises,
a rule whose items are right only in one group fits that group. Prints, per group, item P/R/F1, and per
rule id ``matched/predicted`` per group with the precision over all groups and over its weakest group.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from chidao.nlp.evaluate import _item_rules, _read_gold, is_score_only, match_items, predict_files

REPO = Path(__file__).resolve().parents[1]
_GROUP = re.compile(r"real_(c\d+)_\d+\.txt$")


def tune_gold(shared: Path) -> list[dict[str, Any]]:
    real = _read_gold(shared / "corpus" / "real" / "gold.jsonl")
    return [g for g in real if not is_score_only(g["article"])]


def group_of(article: str) -> str:
    found = _GROUP.search(article)
    return found.group(1) if found else "?"


def measure(shared: Path) -> dict[str, Any]:
    gold = tune_gold(shared)
    folder = shared / "corpus" / "real"
    predicted = predict_files([folder / str(g["article"]).rsplit("/", 1)[-1] for g in gold])
    by_name = {p["article"]: p for p in predicted}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    rules: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for g in gold:
        name = str(g["article"]).rsplit("/", 1)[-1]
        group = group_of(name)
        p_items = by_name[name].get("items") or []
        matched = {pi for _, pi in match_items(g.get("items", []), p_items)}
        counts[group].update(gold=len(g.get("items", [])), pred=len(p_items), tp=len(matched))
        for index, item in enumerate(p_items):
            for rule in _item_rules(item):
                rules[rule][group]["pred"] += 1
                rules[rule][group]["tp"] += index in matched
    return {"groups": {k: dict(v) for k, v in sorted(counts.items())}, "rules": rules}


def _f1(c: Counter[str] | dict[str, int]) -> tuple[float, float, float]:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_report(result: dict[str, Any]) -> None:
    groups = result["groups"]
    total: Counter[str] = Counter()
    print(f"{'group':<6} {'gold':>5} {'pred':>5} {'tp':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for name, c in groups.items():
        total.update(c)
        p, r, f = _f1(c)
        print(f"{name:<6} {c['gold']:>5} {c['pred']:>5} {c['tp']:>4} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
    p, r, f = _f1(total)
    print(f"{'all':<6} {total['gold']:>5} {total['pred']:>5} {total['tp']:>4} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
    print("\nrule id: matched/predicted per group, precision overall")
    print(f"{'rule':<28} " + " ".join(f"{g:>7}" for g in groups) + f" {'all':>9} {'P':>6}")
    for rule, per_group in sorted(result["rules"].items()):
        tp = sum(c["tp"] for c in per_group.values())
        pred = sum(c["pred"] for c in per_group.values())
        cells = " ".join(
            f"{per_group[g]['tp']:>3}/{per_group[g]['pred']:<3}" if g in per_group else f"{'':>7}" for g in groups
        )
        print(f"{rule:<28} {cells} {tp:>4}/{pred:<4} {tp / pred:>6.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    result = measure(args.shared)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
