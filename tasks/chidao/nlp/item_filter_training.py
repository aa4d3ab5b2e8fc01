"""Train the item filter (``chidao.nlp.item_filter``) and cross-validate it against the rules.

    python -m chidao.nlp.item_filter_training cv [--shared ../shared] [--folds 5] [--json]
    python -m chidao.nlp.item_filter_training train [--shared ../shared] [--out config/models/item_filter.json]
                                                    [--enable]
    python -m chidao.nlp.item_filter_training score-only [--shared ../shared] [--json]

Examples come from running the rule extractor (exactly as ``chidao extract`` does) on annotated articles:
every rule item is a veto example (positive when it matches a gold item by the scorer's rule), every body
segment no rule item overlaps is an add example (positive when it alone matches a gold item no rule item
matched), and every body segment is a "model alone" example (positive when it matches any gold item).

Annotated articles: the tune part of ``../shared/corpus/real`` (``real_cN_MM.txt`` with MM not divisible
by 3; the score-only files are never read here, see docs/evaluation.md), and the synthetic sets (seeds,
dev, ``tests/heldout*``), which are always training data and never scored.

``cv`` splits the tune articles into k folds by article and, for each fold, trains on the other folds plus
the synthetic sets and scores item precision, recall and F1 of: the rules alone, the model alone (every
body segment), rules + veto, rules + add, rules + veto + add. ``train`` fits on everything and writes the
model file; ``--enable`` sets its ``enabled`` flag (docs/learned.md says when that is justified).
``score-only`` trains the same way and scores the systems on the score-only part, once, for the report.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chidao.nlp.evaluate import MIN_GOLD_COVERAGE, MIN_PRED_PRECISION, _common, _tokens, is_score_only, match_items
from chidao.nlp.item_filter import (
    MODEL_FILE,
    LinearModel,
    body_segments,
    candidate_features,
    rule_candidate,
    segment_candidate,
    segment_contexts,
)

DEFAULT_OUT = Path("config") / MODEL_FILE
_SEED = 13
_EPOCHS = 15
_LEARNING_RATE = 0.2
_L2 = 1e-4
# Chosen on the cross-validation of docs/learned.md (the best of 0.2-0.7 for each model); the veto and add
# models fit the classes as they come (weighting them equally vetoed many right items), the model alone
# weights them equally (unweighted, it takes almost no segment).
VETO_THRESHOLD = 0.2
ADD_THRESHOLD = 0.5
ALONE_THRESHOLD = 0.5


@dataclass
class Scored:
    """One candidate: its features, its label, its text (for the scorer's matching)."""

    features: list[str]
    label: bool
    text: str


@dataclass
class ArticleExamples:
    name: str
    gold_texts: list[str]
    rules: list[Scored]  # veto examples, one per rule item
    gaps: list[Scored]  # add examples: segments no rule item overlaps
    segments: list[Scored]  # model-alone examples: every body segment


def _matches(gold: str, pred: str) -> bool:
    g, p = _tokens(gold), _tokens(pred)
    if not g or not p:
        return False
    common = _common(g, p)
    return common / sum(g.values()) >= MIN_GOLD_COVERAGE and common / sum(p.values()) >= MIN_PRED_PRECISION


def article_examples(name: str, raw: str, gold_items: Sequence[dict[str, Any]], analyzer: Any) -> ArticleExamples:
    """Run the analyzer on one article and label its candidates against the gold items."""
    analysis = analyzer.analyze(raw)
    article, items = analysis.cleaned, list(analysis.directives)
    gold_texts = [str(g["text"]) for g in gold_items]
    segments = list(body_segments(article))
    pairs = match_items([{"text": t} for t in gold_texts], [{"text": d.text} for d in items])
    matched_pred = {pi for _, pi in pairs}
    unmatched_gold = [gold_texts[gi] for gi in range(len(gold_texts)) if gi not in {g for g, _ in pairs}]
    contexts = segment_contexts(article.text, segments, items)
    rules = [
        Scored(candidate_features(rule_candidate(d, segments, contexts)), i in matched_pred, d.text)
        for i, d in enumerate(items)
    ]
    gaps: list[Scored] = []
    every: list[Scored] = []
    for seg, context in zip(segments, contexts, strict=True):
        text = article.text[seg.start : seg.end]
        # The model alone must not see what the rules did: its candidates carry no context.
        alone = candidate_features(segment_candidate(article.text, seg))
        every.append(Scored(alone, any(_matches(g, text) for g in gold_texts), text))
        if not any(seg.start < d.end and d.start < seg.end for d in items):
            feats = candidate_features(segment_candidate(article.text, seg, context))
            gaps.append(Scored(feats, any(_matches(g, text) for g in unmatched_gold), text))
    return ArticleExamples(name, gold_texts, rules, gaps, every)


def fit(examples: Sequence[Scored], threshold: float, seed: int = _SEED, balanced: bool = True) -> LinearModel:
    """Logistic regression by plain SGD with L2 and a decaying step; ``balanced`` weights the classes equally."""
    weights: dict[str, float] = {}
    bias = 0.0
    positives = sum(e.label for e in examples) or 1
    negatives = (len(examples) - positives) or 1
    class_weight = (
        {True: len(examples) / (2 * positives), False: len(examples) / (2 * negatives)}
        if balanced
        else {True: 1.0, False: 1.0}
    )
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for epoch in range(_EPOCHS):
        rng.shuffle(order)
        rate = _LEARNING_RATE / (1 + epoch)
        for i in order:
            e = examples[i]
            z = bias + sum(weights.get(f, 0.0) for f in e.features)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - float(e.label)) * class_weight[e.label]
            bias -= rate * g
            for f in e.features:
                w = weights.get(f, 0.0)
                weights[f] = w - rate * (g + _L2 * w)
    return LinearModel(weights, bias, threshold)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "pred": n_pred}


@dataclass(frozen=True)
class Models:
    veto: LinearModel
    add: LinearModel
    alone: LinearModel


def train_models(train: Sequence[ArticleExamples]) -> Models:
    return Models(
        veto=fit([e for a in train for e in a.rules], VETO_THRESHOLD, balanced=False),
        add=fit([e for a in train for e in a.gaps], ADD_THRESHOLD, balanced=False),
        alone=fit([e for a in train for e in a.segments], ALONE_THRESHOLD),
    )


def _keep(model: LinearModel, scored: Scored) -> bool:
    return model.probability(scored.features) >= model.threshold


def systems(a: ArticleExamples, m: Models) -> dict[str, list[str]]:
    """The item texts each compared system predicts for one article."""
    rules = [s.text for s in a.rules]
    vetoed = [s.text for s in a.rules if _keep(m.veto, s)]
    added = [s.text for s in a.gaps if _keep(m.add, s)]
    return {
        "rules": rules,
        "model alone": [s.text for s in a.segments if _keep(m.alone, s)],
        "rules + veto": vetoed,
        "rules + add": rules + added,
        "rules + veto + add": vetoed + added,
    }


def score_systems(articles: Sequence[ArticleExamples], models_for: Any) -> dict[str, dict[str, float]]:
    """Item P/R/F1 of each system over ``articles``; ``models_for(article)`` gives the models to use."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold = 0
    for a in articles:
        n_gold += len(a.gold_texts)
        for name, texts in systems(a, models_for(a)).items():
            tp[name] += len(match_items([{"text": t} for t in a.gold_texts], [{"text": t} for t in texts]))
            n_pred[name] += len(texts)
    return {name: _prf(tp[name], n_pred[name], n_gold) for name in n_pred}


def cross_validate(
    tune: Sequence[ArticleExamples], extra: Sequence[ArticleExamples], folds: int
) -> dict[str, dict[str, float]]:
    """Grouped k-fold by article over ``tune``; ``extra`` (synthetic) is in every training part."""
    order = sorted(tune, key=lambda a: a.name)
    fold_of = {a.name: i % folds for i, a in enumerate(order)}
    trained = {k: train_models([*extra, *(a for a in order if fold_of[a.name] != k)]) for k in range(folds)}
    return score_systems(order, lambda a: trained[fold_of[a.name]])


def rules_only_analyzer() -> Any:
    """The bundled analyzer without the item filter: examples are always the rules' own items."""
    from chidao.config import load_bundle
    from chidao.nlp.analyze import TextAnalyzer
    from chidao.resources import bundled_config_dir

    analyzer = TextAnalyzer.from_bundle(load_bundle(bundled_config_dir()))
    analyzer.item_filter = None
    return analyzer


def load_examples(shared: Path, tests_dir: Path) -> tuple[list[ArticleExamples], list[ArticleExamples]]:
    """(tune part of the real corpus, synthetic sets), each article run through the rules."""
    analyzer = rules_only_analyzer()
    folders = [shared / "corpus" / "seeds", shared / "corpus" / "dev", *sorted(tests_dir.glob("heldout*"))]
    real = shared / "corpus" / "real"
    tune = _folder_examples(real, real, analyzer, keep=lambda name: not is_score_only(name))
    extra: list[ArticleExamples] = []
    for folder in folders:
        articles = folder / "articles" if (folder / "articles").is_dir() else folder
        extra += _folder_examples(folder, articles, analyzer)
    return tune, extra


def _folder_examples(
    gold_dir: Path, articles: Path, analyzer: Any, keep: Callable[[str], bool] = lambda _name: True
) -> list[ArticleExamples]:
    out: list[ArticleExamples] = []
    for line in (gold_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        name = str(gold["article"]).rsplit("/", 1)[-1]
        if not keep(name):
            continue  # docs/evaluation.md: score-only files are never read for training
        raw = (articles / name).read_bytes().decode("utf-8-sig")
        out.append(article_examples(name, raw, gold.get("items", []), analyzer))
    return out


def write_model(models: Models, out: Path, enabled: bool, note: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"enabled": enabled, "note": note, "veto": models.veto.to_json(), "add": models.add.to_json()}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def _table(results: dict[str, dict[str, float]]) -> str:
    lines = ["| system | precision | recall | item F1 | items |", "| --- | --- | --- | --- | --- |"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {int(r['pred'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chidao.nlp.item_filter_training")
    parser.add_argument("command", choices=("cv", "train", "score-only"))
    parser.add_argument("--shared", type=Path, default=Path("..") / "shared")
    parser.add_argument("--tests", type=Path, default=Path("tests"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--enable", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.shared / "corpus" / "real" / "gold.jsonl").is_file():
        print(f"error: no annotated corpus under {args.shared / 'corpus'}", file=sys.stderr)
        return 2
    tune, extra = load_examples(args.shared, args.tests)
    if args.command == "cv":
        results = cross_validate(tune, extra, args.folds)
        print(json.dumps(results, indent=1) if args.json else _table(results))
        return 0
    models = train_models([*tune, *extra])
    if args.command == "score-only":
        # Run once, when the comparison is final (docs/evaluation.md): the score-only articles are read
        # here only to be scored, by models trained without them.
        real = args.shared / "corpus" / "real"
        held = _folder_examples(real, real, rules_only_analyzer(), keep=is_score_only)
        results = score_systems(held, lambda _analyzer: models)
        print(json.dumps(results, indent=1) if args.json else _table(results))
        return 0
    note = "trained on the real corpus's tune part and the synthetic sets; see docs/learned.md"
    write_model(models, args.out, args.enable, note)
    print(f"wrote {args.out} (enabled: {args.enable})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
