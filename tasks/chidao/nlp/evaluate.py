"""Scoring extracted items against gold annotations, and a corpus runner.

``evaluate_predictions`` follows the matching rule of the annotation guideline:
a predicted item matches a gold item when it covers at least 70% of the gold
item's tokens and at least 40% of its own tokens are gold tokens; pairs are made
one-to-one, best overlap first, and field scores are counted on matched pairs.

``predict_files`` runs the text stages exactly as ``chidao extract --format jsonl``
does; ``evaluation_sets`` names the sets the project is measured on (seeds, dev,
the real corpus's tune and score-only parts, tests/heldout*); ``rule_breakdown``
scores each published-date rule and each extractor rule id. ``benchmarks/quality.py``
prints them all; ``tests/test_quality_gates.py`` holds them above floors.

``python -m chidao.nlp.evaluate CORPUS_DIR [OUT.jsonl]`` runs the text stages on
every ``*.txt`` of a corpus folder and writes one JSON line per article in the
format the scorer reads.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chidao.config import ConfigBundle

MIN_GOLD_COVERAGE = 0.7
MIN_PRED_PRECISION = 0.4
FIELD_MIN_F1 = 0.5
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def _tokens(text: str | None) -> Counter[str]:
    if not text:
        return Counter()
    return Counter(_NON_WORD.sub(" ", unicodedata.normalize("NFC", text).lower()).split())


def _common(a: Counter[str], b: Counter[str]) -> int:
    return sum((a & b).values())


def _token_f1(gold: str | None, pred: str | None) -> float:
    g, p = _tokens(gold), _tokens(pred)
    if not g and not p:
        return 1.0
    common = _common(g, p)
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def _same_person(gold: str | None, pred: str | None) -> bool:
    """Issuers agree when one side's tokens contain the other's ("Tạ Quang Vĩnh" ~ "Chủ tịch Tạ Quang Vĩnh")."""
    g, p = _tokens(gold), _tokens(pred)
    if not g and not p:
        return True
    if not g or not p:
        return False
    return _common(g, p) in (sum(g.values()), sum(p.values()))


def match_items(gold_items: list[dict[str, Any]], pred_items: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best token overlap first."""
    candidates: list[tuple[float, int, int]] = []
    for gi, gold in enumerate(gold_items):
        g = _tokens(gold.get("text"))
        for pi, pred in enumerate(pred_items):
            p = _tokens(pred.get("text"))
            if not g or not p:
                continue
            common = _common(g, p)
            coverage, precision = common / sum(g.values()), common / sum(p.values())
            if coverage >= MIN_GOLD_COVERAGE and precision >= MIN_PRED_PRECISION:
                candidates.append((2 * coverage * precision / (coverage + precision), gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def evaluate_predictions(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-field precision/recall/F1 of ``predicted`` articles against ``gold`` articles (keyed by "article").

    ``item`` scores the matching itself; ``kind``, ``issuer``, ``assignee`` and
    ``deadline`` count a pair as a true positive only when the field agrees too
    (so their precision/recall are over all predicted/gold items and their
    ``accuracy`` is over matched pairs, as the official scorer prints it).
    Article-level ``has_directives``, ``topics``, ``province``, ``published`` are included.
    """
    by_name = {str(p["article"]).rsplit("/", 1)[-1]: p for p in predicted}
    n_gold = n_pred = tp = 0
    field_tp: Counter[str] = Counter()
    has_ok = topic_tp = topic_fp = topic_fn = prov_ok = prov_n = pub_ok = pub_n = 0
    errors: list[str] = []
    for g in gold:
        name = str(g["article"]).rsplit("/", 1)[-1]
        p = by_name.get(name, {})
        g_items, p_items = g.get("items", []), p.get("items", []) or []
        pairs = match_items(g_items, p_items)
        n_gold += len(g_items)
        n_pred += len(p_items)
        tp += len(pairs)
        for gi, pi in pairs:
            gi_, pi_ = g_items[gi], p_items[pi]
            field_tp["kind"] += gi_.get("kind", "directive") == pi_.get("kind", "directive")
            field_tp["issuer"] += _same_person(gi_.get("issuer"), pi_.get("issuer"))
            field_tp["assignee"] += _token_f1(gi_.get("assignee"), pi_.get("assignee")) >= FIELD_MIN_F1
            field_tp["deadline"] += _token_f1(gi_.get("deadline"), pi_.get("deadline")) >= FIELD_MIN_F1
        matched_g, matched_p = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
        errors += [f"{name}: missed: {it['text']}" for i, it in enumerate(g_items) if i not in matched_g]
        errors += [f"{name}: spurious: {it.get('text')}" for i, it in enumerate(p_items) if i not in matched_p]
        has_ok += bool(g.get("has_directives")) == bool(p.get("has_directives", bool(p_items)))
        gt, pt = set(g.get("topics", [])), set(p.get("topics", []) or [])
        topic_tp, topic_fp, topic_fn = topic_tp + len(gt & pt), topic_fp + len(pt - gt), topic_fn + len(gt - pt)
        if g.get("province"):
            prov_n += 1
            prov_ok += _token_f1(g["province"], p.get("province")) == 1.0
        if g.get("published"):
            pub_n += 1
            pub_ok += str(p.get("published") or "")[:10] == g["published"]
    out: dict[str, Any] = {"articles": len(gold), "gold_items": n_gold, "predicted_items": n_pred, "matched": tp}
    out["item"] = _prf(tp, n_pred, n_gold)
    for name in ("kind", "issuer", "assignee", "deadline"):
        out[name] = _prf(field_tp[name], n_pred, n_gold) | {"accuracy": round(field_tp[name] / tp, 3) if tp else 0.0}
    out["has_directives"] = {"accuracy": round(has_ok / len(gold), 3) if gold else 0.0}
    out["topics"] = _prf(topic_tp, topic_tp + topic_fp, topic_tp + topic_fn)
    out["province"] = {"accuracy": round(prov_ok / prov_n, 3) if prov_n else 0.0}
    out["published"] = {"accuracy": round(pub_ok / pub_n, 3) if pub_n else 0.0}
    out["errors"] = errors
    return out


# ---------------------------------------------------------------------------
# Evaluation sets and the corpus runner

# docs/evaluation.md: real_cN_MM.txt with MM divisible by 3 is scored, never tuned on.
SCORE_ONLY_DIVISOR = 3
_REAL_NUMBER = re.compile(r"_(\d+)\.txt$")


def is_score_only(article: str) -> bool:
    """Whether a real-corpus file belongs to the score-only part: "real_c2_09.txt" yes, "real_c2_10.txt" no."""
    found = _REAL_NUMBER.search(article)
    return found is not None and int(found.group(1)) % SCORE_ONLY_DIVISOR == 0


@dataclass(frozen=True)
class EvaluationSet:
    """A named set of article files with their gold annotations (one gold object per file)."""

    name: str
    files: tuple[Path, ...]
    gold: tuple[dict[str, Any], ...]


def _read_gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _set_of(name: str, folder: Path, gold: list[dict[str, Any]]) -> EvaluationSet:
    files = tuple(folder / str(g["article"]).rsplit("/", 1)[-1] for g in gold)
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(f"{name}: gold names articles that are not in {folder}: {', '.join(missing[:3])}")
    return EvaluationSet(name, files, tuple(gold))


def evaluation_sets(shared_corpus: Path, tests_dir: Path) -> list[EvaluationSet]:
    """seeds, dev, real (tune), real (score-only) from the shared corpus, then every ``tests/heldout*`` set.

    Raises ``FileNotFoundError`` when a shared folder is missing: a gate must not pass by reading nothing.
    """
    sets = [
        _set_of(name, shared_corpus / name, _read_gold(shared_corpus / name / "gold.jsonl"))
        for name in ("seeds", "dev")
    ]
    real = _read_gold(shared_corpus / "real" / "gold.jsonl")
    sets.append(_set_of("real_tune", shared_corpus / "real", [g for g in real if not is_score_only(g["article"])]))
    sets.append(_set_of("real_score_only", shared_corpus / "real", [g for g in real if is_score_only(g["article"])]))
    for folder in sorted(tests_dir.glob("heldout*")):
        if (folder / "gold.jsonl").is_file():
            sets.append(_set_of(folder.name, folder / "articles", _read_gold(folder / "gold.jsonl")))
    return sets


def extra_sets(folder: Path) -> list[EvaluationSet]:
    """An annotated folder kept outside the repository (``gold.jsonl`` + ``*.txt``), split like the real corpus.

    Real passages annotated later must not enter the repository (the project copies no article text), so
    they are read from wherever the annotator keeps them; the split rule is the real corpus's (a file number
    divisible by 3 is score-only), so new text adds to both parts: ``<folder>_tune`` and ``<folder>_score_only``.
    """
    gold = _read_gold(folder / "gold.jsonl")
    return [
        _set_of(f"{folder.name}_tune", folder, [g for g in gold if not is_score_only(g["article"])]),
        _set_of(f"{folder.name}_score_only", folder, [g for g in gold if is_score_only(g["article"])]),
    ]


def predict_files(
    paths: list[Path] | tuple[Path, ...], config: ConfigBundle | Path | None = None
) -> list[dict[str, Any]]:
    """What ``chidao extract --format jsonl`` prints for each file (same analyzer, same JSON).

    ``config``: a validated bundle, a config folder, or None for the bundled configuration.
    """
    from chidao.nlp.analyze import analysis_to_json, shared_analyzer
    from chidao.resources import bundled_config_dir

    config_dir = config.config_dir if isinstance(config, ConfigBundle) else config
    analyzer = shared_analyzer((config_dir or bundled_config_dir()).resolve())
    return [analysis_to_json(path.name, analyzer.analyze(path.read_bytes().decode("utf-8-sig"))) for path in paths]


def predict_corpus(corpus_dir: Path, config: ConfigBundle | Path | None = None) -> list[dict[str, Any]]:
    """Run the text stages on every ``*.txt`` of ``corpus_dir``; scorer-format dicts."""
    return predict_files(sorted(corpus_dir.glob("*.txt")), config)


def _item_rules(item: dict[str, Any]) -> list[str]:
    """The rule ids an extracted item carries, wherever the extractor puts them (none yet: "(none)")."""
    for source in (item, item.get("evidence") or {}):
        for key in ("rules", "rule_ids", "rule"):
            value = source.get(key)
            if isinstance(value, str):
                return [value]
            if isinstance(value, list) and value:
                return [str(v) for v in value]
    return ["(none)"]


def rule_breakdown(
    gold: list[dict[str, Any]] | tuple[dict[str, Any], ...], predicted: list[dict[str, Any]]
) -> dict[str, Any]:
    """Per rule id: how often the date it found was right, and how many items it gave that matched gold.

    ``published``: {rule: {"right": n, "wrong": n, "unscored": n}} (unscored: gold has no date);
    ``items``: {rule: {"matched": n, "spurious": n}}, each item counted once per rule id it carries.
    """
    by_name = {str(p["article"]).rsplit("/", 1)[-1]: p for p in predicted}
    published: dict[str, Counter[str]] = {}
    items: dict[str, Counter[str]] = {}
    for g in gold:
        p = by_name.get(str(g["article"]).rsplit("/", 1)[-1], {})
        rule = (p.get("label_rules") or {}).get("published") or "(no date)"
        outcome = (
            "unscored"
            if not g.get("published")
            else "right"
            if str(p.get("published") or "")[:10] == g["published"]
            else "wrong"
        )
        published.setdefault(rule, Counter())[outcome] += 1
        p_items = p.get("items") or []
        matched = {pi for _, pi in match_items(g.get("items", []), p_items)}
        for index, item in enumerate(p_items):
            for item_rule in _item_rules(item):
                items.setdefault(item_rule, Counter())["matched" if index in matched else "spurious"] += 1
    return {
        "published": {rule: dict(counts) for rule, counts in sorted(published.items())},
        "items": {rule: dict(counts) for rule, counts in sorted(items.items())},
    }


def scorer_summary(report: dict[str, Any]) -> dict[str, float]:
    """The figures ``../shared/eval/score.py --json`` prints, from an ``evaluate_predictions`` report."""
    return {
        "precision": report["item"]["precision"],
        "recall": report["item"]["recall"],
        "f1": report["item"]["f1"],
        "issuer_acc": report["issuer"]["accuracy"],
        "assignee_acc": report["assignee"]["accuracy"],
        "deadline_acc": report["deadline"]["accuracy"],
        "has_directives_acc": report["has_directives"]["accuracy"],
        "topics_micro_f1": report["topics"]["f1"],
        "province_acc": report["province"]["accuracy"],
        "published_acc": report["published"]["accuracy"],
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m chidao.nlp.evaluate CORPUS_DIR [OUT.jsonl]", file=sys.stderr)
        return 2
    from chidao.config import ConfigError, bundle_for
    from chidao.settings import Settings

    try:
        bundle = bundle_for(Settings())
    except ConfigError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    lines = [json.dumps(p, ensure_ascii=False) for p in predict_corpus(Path(args[0]), bundle)]
    if len(args) > 1:
        Path(args[1]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
