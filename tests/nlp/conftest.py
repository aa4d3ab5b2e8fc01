"""One extractor for every NLP test module (loading lexicons and the spaCy pipeline is the slow part)."""

from __future__ import annotations

import pytest

from chidao.config import ConfigBundle
from chidao.nlp.extract import DirectiveExtractor
from tests.support.config import BUNDLE


@pytest.fixture(scope="session")
def bundle() -> ConfigBundle:
    return BUNDLE


@pytest.fixture(scope="session")
def extractor() -> DirectiveExtractor:
    return DirectiveExtractor.from_bundle(BUNDLE)
