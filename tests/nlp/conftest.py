"""One extractor for every NLP test module (loading lexicons and the spaCy pipeline is the slow part)."""

from __future__ import annotations

import pytest

from chidao.config import ConfigBundle, load_bundle
from chidao.nlp.extract import DirectiveExtractor
from chidao.resources import bundled_config_dir


@pytest.fixture(scope="session")
def bundle() -> ConfigBundle:
    return load_bundle(bundled_config_dir())


@pytest.fixture(scope="session")
def extractor(bundle: ConfigBundle) -> DirectiveExtractor:
    return DirectiveExtractor.from_bundle(bundle)
