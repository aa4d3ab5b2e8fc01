"""Floors on the shared annotated corpus (seeds + dev), read at run time from ../shared.

Figures when written: topics micro-F1 0.92 (stand-in cleaner) / 0.90 (project cleaner), province and
published accuracy 1.0 with both; after the third lexicon pass 0.905 with the project cleaner. Floors sit a little lower so that lexicon edits that generalise
better may cost a point here without breaking the build.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from chidao.nlp.classify import ArticleClassifier
from tests.support.shared import require_shared

REPO = Path(__file__).resolve().parents[2]
TOPICS_F1_FLOOR = 0.85
PROVINCE_ACCURACY_FLOOR = 0.95
PUBLISHED_ACCURACY_FLOOR = 0.95


def _evaluation_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaluate_topics", REPO / "benchmarks" / "evaluate_topics.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up in sys.modules while being built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("cleaner", ["stand-in", "project"])
def test_floors_on_seeds_and_dev(cleaner: str) -> None:
    evaluation = _evaluation_module()
    clean = evaluation.pick_cleaner(use_stand_in=cleaner == "stand-in")
    if cleaner == "project" and clean is evaluation.stand_in_clean:
        pytest.skip("chidao.core.text.clean_article_text is not available yet")
    examples = list(evaluation.load_examples(require_shared("corpus")))
    assert len(examples) == 25
    tally, _results = evaluation.evaluate(ArticleClassifier.from_config(REPO / "config"), examples, clean)
    assert tally.province_n == 23
    assert tally.published_n == 21
    assert tally.topics_micro_f1 >= TOPICS_F1_FLOOR
    assert tally.province_accuracy >= PROVINCE_ACCURACY_FLOOR
    assert tally.published_accuracy >= PUBLISHED_ACCURACY_FLOOR


HELDOUT = REPO / "tests" / "heldout"
# Topics micro-F1 per held-out folder (project cleaner) when these floors were last set, after the third
# lexicon pass (which looked at the errors of all three sets): heldout 0.923, heldout2 1.0, heldout3 0.973.
# Province and published are 1.0 on every set and must stay so. Topic floors sit a few points lower so that
# a lexicon edit which generalises better may cost an article's label here without breaking the build.
HELDOUT_FLOORS = {"heldout": (12, 0.88), "heldout2": (10, 0.90), "heldout3": (10, 0.90)}


@pytest.mark.parametrize("folder", sorted(HELDOUT_FLOORS))
def test_floors_on_the_heldout_sets(folder: str) -> None:
    evaluation = _evaluation_module()
    articles, topics_floor = HELDOUT_FLOORS[folder]
    examples = list(evaluation.load_heldout(REPO / "tests" / folder))
    assert len(examples) == articles
    tally, _results = evaluation.evaluate(
        ArticleClassifier.from_config(REPO / "config"), examples, evaluation.pick_cleaner()
    )
    assert tally.province_n == articles
    assert tally.topics_micro_f1 >= topics_floor
    assert tally.province_accuracy == 1.0
    assert tally.published_accuracy == 1.0
