"""The bundled configuration, validated once per test session, and what components build from it."""

from __future__ import annotations

from chidao.config import load_bundle
from chidao.core.clustering import update_cues
from chidao.resources import bundled_config_dir

BUNDLE = load_bundle(bundled_config_dir())
CUES = update_cues(BUNDLE.tracking, BUNDLE.time.lunar_new_year)
LUNAR_NEW_YEAR = BUNDLE.time.lunar_new_year
