"""Score the article classifier on the shared annotated corpus (seeds + dev) and the held-out set.

    .venv/bin/python benchmarks/evaluate_topics.py [--set dev|heldout|heldout2|heldout3] [--corpus ../shared/corpus]
        [--method lexicon|model|ensemble] [--show-errors [--show-scores]] [--json] [--timing]
    .venv/bin/python benchmarks/evaluate_topics.py --table [--method ...]
    .venv/bin/python benchmarks/evaluate_topics.py --compare [--json]

Prints topics micro-F1, province accuracy and published-date accuracy, computed
the way ``shared/eval/score.py`` computes them. ``--set dev`` (the default) is
seeds + dev of the shared corpus, read at run time and never copied into the
repository; ``--set heldout*`` is that ``tests/heldout*`` folder. ``--table``
prints the three figures for every set; ``--compare`` scores the three topic
methods (lexicon, trained model, ensemble) on every set. ``--show-scores``
adds every label's lexicon score under each wrong article.

The cleaner is another stage: ``chidao.core.text.clean_article_text`` is used
when it exists (``--stand-in-cleaner`` forces the stand-in), otherwise a
stand-in cuts the page at the first related-articles marker and takes the line
above the first paragraph as the headline.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chidao.core.fold import unify_tone_marks
from chidao.core.models import Classification, CleanedArticle
from chidao.nlp.classify import ArticleClassifier, date_of_line
from chidao.nlp.topic_model import TopicModel

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SUBSETS = ("seeds", "dev")
HELDOUT = REPO / "tests" / "heldout"
HELDOUT_SETS = {name: REPO / "tests" / name for name in ("heldout", "heldout2", "heldout3")}
METHODS = ("lexicon", "model", "ensemble")

_RELATED_MARKERS = re.compile(
    r"^(?:đọc thêm|tin cùng chuyên mục|tin liên quan|tin khác|bài viết liên quan|xem thêm|tin mới)\b",
    re.IGNORECASE,
)


def stand_in_clean(raw_text: str) -> CleanedArticle:
    """A minimal cleaner for experiments: own text only, headline = line above the first paragraph."""
    text = unify_tone_marks(unicodedata.normalize("NFC", raw_text))
    lines = [line.strip() for line in text.splitlines()]
    kept: list[str] = []
    for line in lines:
        if _RELATED_MARKERS.match(line):
            break
        kept.append(line)
    first_paragraph = next((i for i, line in enumerate(kept) if len(line) >= 150), len(kept))
    title = None
    for line in reversed(kept[:first_paragraph]):
        if line and date_of_line(line) is None and len(line.split()) >= 4 and not re.search(r"\d:\d", line):
            title = line
            break
    body = "\n".join(line for line in kept[first_paragraph:] if line)
    return CleanedArticle(title=title, text=f"{title}\n{body}" if title else body)


def pick_cleaner(use_stand_in: bool = False) -> Callable[[str], CleanedArticle]:
    """The project's cleaner (``chidao.core.text.clean_article_text``) when it exists, else the stand-in."""
    if use_stand_in:
        return stand_in_clean
    try:
        from chidao.core.text import clean_article_text  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return stand_in_clean
    return clean_article_text  # type: ignore[no-any-return, unused-ignore]


@dataclass(frozen=True)
class Example:
    name: str
    raw_text: str
    gold: dict[str, Any]


def load_examples(corpus: Path) -> Iterator[Example]:
    for subset in SUBSETS:
        folder = corpus / subset
        gold_file = folder / "gold.jsonl"
        if not gold_file.is_file():
            continue
        for line in gold_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                gold = json.loads(line)
                raw = (folder / gold["article"]).read_text(encoding="utf-8")
                yield Example(gold["article"], raw, gold)


def load_heldout(folder: Path = HELDOUT) -> Iterator[Example]:
    """The held-out set: ``gold.jsonl`` next to an ``articles/`` folder."""
    gold_file = folder / "gold.jsonl"
    if not gold_file.is_file():
        return
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            gold = json.loads(line)
            yield Example(gold["article"], (folder / "articles" / gold["article"]).read_text(encoding="utf-8"), gold)


@dataclass
class Tally:
    topic_tp: int = 0
    topic_fp: int = 0
    topic_fn: int = 0
    province_ok: int = 0
    province_n: int = 0
    published_ok: int = 0
    published_n: int = 0

    @property
    def topics_micro_f1(self) -> float:
        predicted, expected = self.topic_tp + self.topic_fp, self.topic_tp + self.topic_fn
        if not predicted or not expected or not self.topic_tp:
            return 0.0
        precision, recall = self.topic_tp / predicted, self.topic_tp / expected
        return 2 * precision * recall / (precision + recall)

    @property
    def province_accuracy(self) -> float:
        return self.province_ok / self.province_n if self.province_n else 0.0

    @property
    def published_accuracy(self) -> float:
        return self.published_ok / self.published_n if self.published_n else 0.0


def _place_tokens(name: str) -> list[str]:
    return sorted(re.sub(r"[^\w\s]", " ", unicodedata.normalize("NFC", name).lower()).split())


def _same_place(gold: str, predicted: str | None) -> bool:
    """The shared scorer's rule: the same words once lower-cased and stripped of punctuation."""
    return predicted is not None and _place_tokens(gold) == _place_tokens(predicted)


def evaluate(
    classifier: ArticleClassifier,
    examples: list[Example],
    clean: Callable[[str], CleanedArticle] = stand_in_clean,
) -> tuple[Tally, list[tuple[Example, Classification]]]:
    tally = Tally()
    results = []
    for example in examples:
        predicted = classifier.classify(example.raw_text, clean(example.raw_text))
        results.append((example, predicted))
        gold_topics = set(example.gold.get("topics") or [])
        got = set(predicted.topics)
        tally.topic_tp += len(gold_topics & got)
        tally.topic_fp += len(got - gold_topics)
        tally.topic_fn += len(gold_topics - got)
        gold_province = example.gold.get("province")
        if isinstance(gold_province, str) and gold_province:
            tally.province_n += 1
            tally.province_ok += _same_place(gold_province, predicted.province)
        gold_published = example.gold.get("published")
        if isinstance(gold_published, str) and gold_published:
            tally.published_n += 1
            tally.published_ok += str(predicted.published or "") == gold_published
    return tally, results


def problems_of(gold: dict[str, Any], predicted: Any) -> list[str]:
    """How a prediction differs from the gold annotation, field by field."""
    problems = []
    if set(gold.get("topics") or []) != set(predicted.topics):
        problems.append(f"topics gold={sorted(gold.get('topics') or [])} got={sorted(predicted.topics)}")
    if gold.get("province") and not _same_place(str(gold["province"]), predicted.province):
        problems.append(f"province gold={gold['province']} got={predicted.province}")
    if (gold.get("province") or None) is None and predicted.province:
        problems.append(f"province gold=None got={predicted.province}")
    if gold.get("published") != (predicted.published.isoformat() if predicted.published else None):
        problems.append(f"published gold={gold.get('published')} got={predicted.published}")
    problems.append(f"type={predicted.article_type}")
    return problems


def print_errors(results: list[Any], classifier: Any, clean: Any, *, show_scores: bool) -> None:
    for example, predicted in results:
        print(f"{example.name}: " + "; ".join(problems_of(example.gold, predicted)))
        if show_scores:
            scores = classifier.lexicon_topic_scores(clean(example.raw_text))
            ranked = sorted(scores.items(), key=lambda item: -item[1])
            print("    " + ", ".join(f"{label}={score:.1f}" for label, score in ranked if score))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stand-in-cleaner", action="store_true", help="ignore the project's cleaner")
    parser.add_argument("--timing", action="store_true", help="also time classify() per article")
    parser.add_argument(
        "--set", choices=("dev", *HELDOUT_SETS), default="dev", help="seeds+dev or a tests/heldout* folder"
    )
    parser.add_argument("--table", action="store_true", help="topics, province and published on every set")
    parser.add_argument("--show-scores", action="store_true", help="with --show-errors: every label's score")
    parser.add_argument("--method", choices=METHODS, default=None, help="override method in topics.yaml")
    parser.add_argument("--compare", action="store_true", help="all topic methods on both sets")
    args = parser.parse_args()
    clean = pick_cleaner(args.stand_in_cleaner)
    if args.compare:
        return compare(args.corpus, clean, as_json=args.json)
    if args.table:
        return table(args.corpus, clean, method=args.method)
    examples = list(load_heldout(HELDOUT_SETS[args.set]) if args.set != "dev" else load_examples(args.corpus))
    if not examples:
        print(f"no annotated articles for --set {args.set}", file=sys.stderr)
        return 2
    classifier = ArticleClassifier.from_config(REPO / "config", method=args.method)
    tally, results = evaluate(classifier, examples, clean)
    if args.show_errors:
        print_errors(results, classifier, clean, show_scores=args.show_scores)
    summary = {
        "set": args.set,
        "method": classifier.method,
        "cleaner": "stand-in" if clean is stand_in_clean else "chidao.core.text",
        "articles": len(examples),
        "topics_micro_f1": round(tally.topics_micro_f1, 3),
        "province_acc": round(tally.province_accuracy, 3),
        "published_acc": round(tally.published_accuracy, 3),
    }
    if args.timing:
        prepared = [(example.raw_text, clean(example.raw_text)) for example in examples]
        rounds = 5
        started = time.perf_counter()
        for _ in range(rounds):
            for raw_text, cleaned in prepared:
                classifier.classify(raw_text, cleaned)
        elapsed = time.perf_counter() - started
        summary["classify_ms_per_article"] = round(1000 * elapsed / (rounds * len(prepared)), 2)
    if args.json:
        print(json.dumps(summary))
    else:
        for key, value in summary.items():
            print(f"{key:>16}: {value}")
    return 0


def all_sets(corpus: Path) -> dict[str, list[Example]]:
    """seeds+dev of the shared corpus and every tests/heldout* folder, those that exist."""
    sets = {"seeds+dev": list(load_examples(corpus))}
    sets.update({name: list(load_heldout(folder)) for name, folder in HELDOUT_SETS.items()})
    return {name: examples for name, examples in sets.items() if examples}


def table(corpus: Path, clean: Callable[[str], CleanedArticle], *, method: str | None = None) -> int:
    """One row per set: topics micro-F1, province and published accuracy."""
    sets = all_sets(corpus)
    if not sets:
        print("no annotated articles found", file=sys.stderr)
        return 2
    classifier = ArticleClassifier.from_config(REPO / "config", method=method)
    print(f"{'set':<10}{'articles':>9}{'topics F1':>11}{'province':>10}{'published':>11}")
    for name, examples in sets.items():
        tally, _results = evaluate(classifier, examples, clean)
        print(
            f"{name:<10}{len(examples):>9}{tally.topics_micro_f1:>11.3f}"
            f"{tally.province_accuracy:>10.3f}{tally.published_accuracy:>11.3f}"
        )
    return 0


def compare(corpus: Path, clean: Callable[[str], CleanedArticle], *, as_json: bool = False) -> int:
    """Topics micro-F1 of every method on seeds+dev and on the held-out set, as a table or JSON lines."""
    sets = all_sets(corpus)
    if not sets:
        print("no annotated articles found", file=sys.stderr)
        return 2
    lexicon_only = ArticleClassifier.from_config(REPO / "config", method="lexicon")
    settings = lexicon_only.topics.model_settings
    if settings is None:
        print("config/topics.yaml has no model section", file=sys.stderr)
        return 2
    model = TopicModel.load_or_train(settings)
    rows = []
    for method in METHODS:
        classifier = ArticleClassifier(
            lexicon_only.topics, lexicon_only.types, lexicon_only.gazetteer, method=method, topic_model=model
        )
        row: dict[str, Any] = {"method": method}
        for name, examples in sets.items():
            tally, _results = evaluate(classifier, examples, clean)
            row[name] = round(tally.topics_micro_f1, 3)
        rows.append(row)
    default = lexicon_only.topics.method
    if as_json:
        for row in rows:
            print(json.dumps({**row, "default": row["method"] == default}))
        return 0
    print(f"topics micro-F1 ({', '.join(f'{n}: {len(e)} articles' for n, e in sets.items())})")
    print(f"{'method':<10}" + "".join(f"{name:>12}" for name in sets))
    for row in rows:
        marker = "  <- default (config/topics.yaml)" if row["method"] == default else ""
        print(f"{row['method']:<10}" + "".join(f"{row[name]:>12.3f}" for name in sets) + marker)
    return 0


if __name__ == "__main__":
    sys.exit(main())
