"""The bundled sample articles, and what the text stages alone find in them."""

from __future__ import annotations

from functools import cache

from chidao.core.html import extract_main_text
from chidao.nlp.analyze import shared_analyzer
from chidao.settings import DEFAULT_CONFIG_DIR

SAMPLES = DEFAULT_CONFIG_DIR / "samples"
SAMPLE_PAGES = sorted((SAMPLES / "articles").glob("*.html"))


@cache
def expected_sample_items() -> int:
    """Distinct items the text stages extract from the sample pages: a complete pass stores exactly that many."""
    analyzer = shared_analyzer(DEFAULT_CONFIG_DIR.resolve())
    total = 0
    for page in SAMPLE_PAGES:
        text = extract_main_text(page.read_bytes(), url=None)
        assert text
        total += len({d.text for d in analyzer.analyze(text).directives})
    return total
