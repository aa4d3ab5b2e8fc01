"""#15 item 11: every regular expression that reads article text runs in linear time.

Nothing here is timed. A quadratic pattern on these inputs needs hours (1 MB of spaces was
measured at > 180 s for 200 kB before the fix), so the pytest-timeout below is what fails.
"""

from __future__ import annotations

import importlib
import re

import pytest

from chidao.core.text import clean_article_text, normalize_text

# Modules whose patterns see article text (pages, feed entries, sentences) or text derived from it.
_TEXT_MODULES = (
    "chidao.core.text",
    "chidao.core.html",
    "chidao.core.feedparse",
    "chidao.core.clustering",
    "chidao.core.fold",
    "chidao.core.messages",
    "chidao.core.routing",
    "chidao.nlp.deadline",
    "chidao.nlp.extract",
    "chidao.nlp.classify",
    "chidao.nlp.provinces",
    "chidao.nlp.pipeline",
    "chidao.nlp.item_filter",
    "chidao.nlp.published",
    "chidao.nlp.segment",
    "chidao.core.dates",
    "chidao.core.pagemeta",
    "chidao.core.sources",
    "chidao.services.process",
    "chidao.services.store",
)

_MB = 1_000_000


def _adversarial(size: int) -> list[str]:
    """Long runs of what the patterns repeat (spaces, tabs, digits, dots, words), each ending in a
    character that makes the match fail at the last moment."""
    words = "lượt xem " * (size // 9)
    return [
        "a" + " " * size + "b",
        "a" + "\t" * size + "b",
        "lượt xem" + " " * size + "x",
        "Số" + " " * size + "x",
        "1" * size + "x",
        "1 " * (size // 2) + "x",
        "." * size + "x",
        words + "x",
        "ngày " * (size // 5) + "x",
        "30/" * (size // 3) + "x",
        "Sở " * (size // 3) + "x",
        "\n" * size + "x",
    ]


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found: list[tuple[str, re.Pattern[str]]] = []
    for name in _TEXT_MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.append((f"{name}.{attribute}", value))
            elif isinstance(value, tuple | list) and value and all(isinstance(v, re.Pattern) for v in value):
                found.extend((f"{name}.{attribute}[{i}]", v) for i, v in enumerate(value))
    return found


def test_the_sweep_sees_the_patterns_of_the_cleaning_module() -> None:
    names = {name for name, _ in _patterns()}
    assert "chidao.core.text._COUNTER_TAIL" in names
    assert "chidao.core.text._DEBRIS_RE" in names


_SWEEP_INPUTS = _adversarial(50_000)


# One test per pattern, so the timeout bounds one pattern: 50 kB through a quadratic pattern takes
# minutes (16 kB took 8 s before the fix), through a linear one well under a second.
@pytest.mark.slow
@pytest.mark.timeout(30)
@pytest.mark.parametrize("pattern", [p for _, p in _patterns()], ids=[n for n, _ in _patterns()])
def test_every_text_pattern_is_linear_on_adversarial_input(pattern: re.Pattern[str]) -> None:
    for text in _SWEEP_INPUTS:
        pattern.search(text)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("text", _adversarial(_MB), ids=lambda t: repr(t[:4]))
def test_clean_article_text_finishes_on_1_MB_adversarial_input(text: str) -> None:
    cleaned = clean_article_text(text)
    assert cleaned.text.endswith(text[-1])
    assert normalize_text(text).endswith(text[-1])
