"""config/feeds.yaml: loadable, one newspaper per current province with its public evidence, all disabled and
unverified until checked."""

from __future__ import annotations

from urllib.parse import urlsplit

import yaml

from chidao.core.feeds import load_feeds
from chidao.settings import DEFAULT_CONFIG_DIR, Settings

FEEDS_FILE = DEFAULT_CONFIG_DIR / "feeds.yaml"


def current_provinces() -> set[str]:
    data = yaml.safe_load((DEFAULT_CONFIG_DIR / "provinces.yaml").read_text(encoding="utf-8"))
    return {unit["name"] for unit in data["current_units"]}


def test_real_feeds_file_loads_and_covers_every_current_province() -> None:
    specs = load_feeds(FEEDS_FILE)

    assert {s.province for s in specs} == current_provinces()
    assert len(current_provinces()) == 34
    hosts = [urlsplit(s.url).hostname for s in specs]
    assert len(set(hosts)) == len(specs)
    assert all(urlsplit(s.url).scheme == "https" for s in specs)


def test_unverified_feeds_are_disabled_and_the_samples_stay_the_default() -> None:
    assert [s.id for s in load_feeds(FEEDS_FILE) if s.enabled] == []
    assert Settings().feeds_file.name == "feeds.sample.yaml"


def test_every_source_names_its_public_evidence_and_is_unverified() -> None:
    specs = load_feeds(FEEDS_FILE)
    assert [s.id for s in specs if s.verified] == []
    missing = [s.id for s in specs if not (s.evidence or "").startswith("https://github.com/")]
    assert missing == []
    # The evidence is a crawler configuration for the same site as the URL.
    for spec in specs:
        site = (urlsplit(spec.url).hostname or "").removeprefix("www.").split(".")[0]
        assert site in (spec.evidence or "").replace("_", ""), spec.id


def test_every_listing_can_pick_article_links() -> None:
    for spec in load_feeds(FEEDS_FILE):
        assert spec.kind == "listing"
        assert spec.options.link_pattern or spec.options.link_selector, spec.id
