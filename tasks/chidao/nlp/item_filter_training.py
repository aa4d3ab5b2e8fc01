"""Train the item filter (``chidao.nlp.item_filter``) and cross-validate it against the rules.

    python -m chidao.nlp.item_filter_training cv [--shared ../shared] [--folds 5] [--json]
    python -m chidao.nlp.item_filter_training train [--shared ../shared] [--out config/models/item_filter.json]
                                                    [--enable]
    python -m chidao.nlp.item_filter_training score-only [--shared ../shared] [--json]
    python -m chidao.nlp.item_filter_training held-out [--extra DIR]... [--blind DIR]... [--json]

Every command takes ``--extra DIR`` (repeatable): an annotated folder laid out like ``corpus/real`` (``*.txt``
and ``gold.jsonl``) whose tune files (number before ".txt" not divisible by 3) join the training data and the
cross-validation folds; its score-only files are read only by ``held-out``, to be scored.

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
``held-out`` trains on all tune data and scores rules, rules + veto, rules + add and rules + veto + add on
each held-out set separately (the real score-only part, each extra folder's score-only part, every file of
each ``--blind DIR``), with the shipped thresholds and with the thresholds cross-validation on the tune data
finds best (held-out files never pick a threshold).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
# The thresholds cross-validation picks from; a veto at 0.0 keeps every rule item, an add over 1.0 adds none.
GRID = tuple(round(0.05 * i, 2) for i in range(1, 20))
NO_VETO = 0.0
NO_ADD = 1.01


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


def fold_models(
    tune: Sequence[ArticleExamples], extra: Sequence[ArticleExamples], folds: int
) -> list[tuple[ArticleExamples, Models]]:
    """Grouped k-fold by article over ``tune`` (sorted by name, fold = index mod k): each article with the
    models trained on the other folds; ``extra`` (synthetic) is in every training part."""
    order = sorted(tune, key=lambda a: a.name)
    fold_of = {a.name: i % folds for i, a in enumerate(order)}
    trained = {k: train_models([*extra, *(a for a in order if fold_of[a.name] != k)]) for k in range(folds)}
    return [(a, trained[fold_of[a.name]]) for a in order]


def cross_validate(
    tune: Sequence[ArticleExamples], extra: Sequence[ArticleExamples], folds: int
) -> dict[str, dict[str, float]]:
    """The systems' figures over ``tune``, each article scored by the models of the other folds."""
    pairs = fold_models(tune, extra, folds)
    models_of = {id(a): m for a, m in pairs}
    return score_systems([a for a, _ in pairs], lambda a: models_of[id(a)])


@dataclass
class Probabilities:
    """One article with the probability the veto model gives each rule item and the add model each gap;
    ``matched`` caches the scorer's match count for each (kept rule items, added gaps)."""

    article: ArticleExamples
    rules: list[float]
    gaps: list[float]
    matched: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = field(default_factory=dict, repr=False)


def probabilities(a: ArticleExamples, m: Models) -> Probabilities:
    rules = [m.veto.probability(s.features) for s in a.rules]
    return Probabilities(a, rules, [m.add.probability(s.features) for s in a.gaps])


def score_at(probs: Sequence[Probabilities], veto: float, add: float) -> dict[str, float]:
    """Item P/R/F1 of the rules' items the veto keeps at ``veto`` plus the gaps added at ``add``."""
    tp = n_pred = n_gold = 0
    for p in probs:
        kept = tuple(i for i, q in enumerate(p.rules) if q >= veto)
        added = tuple(i for i, q in enumerate(p.gaps) if q >= add)
        if (kept, added) not in p.matched:
            texts = [p.article.rules[i].text for i in kept] + [p.article.gaps[i].text for i in added]
            gold = [{"text": t} for t in p.article.gold_texts]
            p.matched[kept, added] = len(match_items(gold, [{"text": t} for t in texts]))
        tp += p.matched[kept, added]
        n_pred += len(kept) + len(added)
        n_gold += len(p.article.gold_texts)
    return _prf(tp, n_pred, n_gold)


def system_thresholds(veto: float, add: float) -> dict[str, tuple[float, float]]:
    """The (veto, add) thresholds that make each compared system from the rules and the two models."""
    return {
        "rules": (NO_VETO, NO_ADD),
        "rules + veto": (veto, NO_ADD),
        "rules + add": (NO_VETO, add),
        "rules + veto + add": (veto, add),
    }


def best_thresholds(probs: Sequence[Probabilities]) -> dict[str, tuple[float, float]]:
    """For each system, the grid thresholds with the best F1 on ``probs``; on a tie, the ones that change
    fewest of the rules' items (the lowest veto, the highest add)."""
    vetoes, adds = (NO_VETO, *GRID), (*GRID, NO_ADD)
    searched = {
        "rules": [(NO_VETO, NO_ADD)],
        "rules + veto": [(v, NO_ADD) for v in GRID],
        "rules + add": [(NO_VETO, a) for a in GRID],
        "rules + veto + add": [(v, a) for v in vetoes for a in adds],
    }
    return {
        name: max(options, key=lambda t: (score_at(probs, *t)["f1"], -t[0], t[1])) for name, options in searched.items()
    }


def rules_only_analyzer() -> Any:
    """The bundled analyzer without the item filter: examples are always the rules' own items."""
    from chidao.config import load_bundle
    from chidao.nlp.analyze import TextAnalyzer
    from chidao.resources import bundled_config_dir

    analyzer = TextAnalyzer.from_bundle(load_bundle(bundled_config_dir()))
    analyzer.item_filter = None
    return analyzer


def load_examples(
    shared: Path, tests_dir: Path, extras: Sequence[Path] = ()
) -> tuple[list[ArticleExamples], list[ArticleExamples]]:
    """(tune parts of the real corpus and of each ``extras`` folder, synthetic sets), each article run through
    the rules. An extra folder's articles are named "<folder name>/<file>", so that names stay distinct."""
    analyzer = rules_only_analyzer()
    folders = [shared / "corpus" / "seeds", shared / "corpus" / "dev", *sorted(tests_dir.glob("heldout*"))]
    real = shared / "corpus" / "real"
    tune = _folder_examples(real, real, analyzer, keep=lambda name: not is_score_only(name))
    for folder in extras:
        tune += _folder_examples(folder, folder, analyzer, lambda name: not is_score_only(name), f"{folder.name}/")
    extra: list[ArticleExamples] = []
    for folder in folders:
        articles = folder / "articles" if (folder / "articles").is_dir() else folder
        extra += _folder_examples(folder, articles, analyzer)
    return tune, extra


def _folder_examples(
    gold_dir: Path,
    articles: Path,
    analyzer: Any,
    keep: Callable[[str], bool] = lambda _name: True,
    prefix: str = "",
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
        out.append(article_examples(prefix + name, raw, gold.get("items", []), analyzer))
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


def held_out_sets(
    shared: Path, extras: Sequence[Path], blinds: Sequence[Path], analyzer: Any
) -> dict[str, list[ArticleExamples]]:
    """The held-out sets, each scored on its own: the real corpus's score-only part, each extra folder's
    score-only part, and every file of each blind folder. Read only to be scored."""
    real = shared / "corpus" / "real"
    sets = {"real score-only": _folder_examples(real, real, analyzer, keep=is_score_only)}
    for folder in extras:
        sets[f"{folder.name} score-only"] = _folder_examples(folder, folder, analyzer, is_score_only, f"{folder.name}/")
    for folder in blinds:
        sets[f"{folder.name} (all)"] = _folder_examples(folder, folder, analyzer, prefix=f"{folder.name}/")
    return sets


def held_out(
    tune: Sequence[ArticleExamples],
    synthetic: Sequence[ArticleExamples],
    sets: dict[str, list[ArticleExamples]],
    folds: int,
) -> dict[str, Any]:
    """Thresholds picked by cross-validation on ``tune``, models trained on ``tune`` and ``synthetic``, then
    each system scored on the folds and on every held-out set, with the shipped and the picked thresholds."""
    cv_probs = [probabilities(a, m) for a, m in fold_models(tune, synthetic, folds)]
    settings = {"shipped": system_thresholds(VETO_THRESHOLD, ADD_THRESHOLD), "cv-best": best_thresholds(cv_probs)}
    models = train_models([*tune, *synthetic])
    scored = {"tune (cross-validation)": cv_probs}
    scored.update({name: [probabilities(a, models) for a in articles] for name, articles in sets.items()})
    report: dict[str, Any] = {"thresholds": settings, "sets": {}}
    for name, probs in scored.items():
        figures = {
            setting: {system: score_at(probs, *t) for system, t in ths.items()} for setting, ths in settings.items()
        }
        gold = sum(len(p.article.gold_texts) for p in probs)
        report["sets"][name] = {"articles": len(probs), "gold": gold, **figures}
    return report


def _threshold(value: float) -> str:
    return "-" if value in (NO_VETO, NO_ADD) else f"{value:.2f}"


def _held_out_tables(report: dict[str, Any]) -> str:
    out: list[str] = []
    for name, figures in report["sets"].items():
        out += ["", f"### {name} ({figures['articles']} articles, {figures['gold']} gold items)", ""]
        out += ["| system | thresholds | veto / add | precision | recall | item F1 | items |"]
        out += ["| --- | --- | --- | --- | --- | --- | --- |"]
        for setting, ths in report["thresholds"].items():
            for system, (veto, add) in ths.items():
                if system == "rules" and setting != "shipped":
                    continue
                r = figures[setting][system]
                out.append(
                    f"| {system} | {setting if system != 'rules' else '-'} | {_threshold(veto)} / {_threshold(add)} "
                    f"| {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {int(r['pred'])} |"
                )
    return "\n".join(out[1:])


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m chidao.nlp.item_filter_training")
    parser.add_argument("command", choices=("cv", "train", "score-only", "held-out"))
    parser.add_argument("--shared", type=Path, default=Path("..") / "shared")
    parser.add_argument("--tests", type=Path, default=Path("tests"))
    parser.add_argument("--extra", type=Path, action="append", default=[], metavar="DIR")
    parser.add_argument("--blind", type=Path, action="append", default=[], metavar="DIR")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--enable", action="store_true")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    missing = [
        d for d in [args.shared / "corpus" / "real", *args.extra, *args.blind] if not (d / "gold.jsonl").is_file()
    ]
    if missing:
        where = args.shared / "corpus" if missing[0] == args.shared / "corpus" / "real" else missing[0]
        print(f"error: no annotated corpus under {where}", file=sys.stderr)
        return 2
    tune, extra = load_examples(args.shared, args.tests, args.extra)
    if args.command == "cv":
        results = cross_validate(tune, extra, args.folds)
        print(json.dumps(results, indent=1) if args.json else _table(results))
        return 0
    if args.command == "held-out":
        # The held-out files are read here only to be scored, by models and thresholds fixed without them.
        sets = held_out_sets(args.shared, args.extra, args.blind, rules_only_analyzer())
        report = held_out(tune, extra, sets, args.folds)
        print(json.dumps(report, indent=1) if args.json else _held_out_tables(report))
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
    extras = "".join(f", the tune part of {d.name}" for d in args.extra)
    note = f"trained on the real corpus's tune part{extras} and the synthetic sets; see docs/learned.md"
    write_model(models, args.out, args.enable, note)
    print(f"wrote {args.out} (enabled: {args.enable})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
