"""Golden feeds: every tests/ingest/golden/*.xml parses to exactly its *.expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chidao.core.feedparse import parse_feed
from tests.ingest.feedjson import parsed_feed_to_json
from tests.ingest.golden.make_variants import feed_url

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_FEEDS = sorted(GOLDEN.glob("*.xml"))


def test_every_golden_format_is_present() -> None:
    names = {path.name for path in GOLDEN_FEEDS}
    assert {"rss2_portal.xml", "rss1_rdf.xml", "atom_portal.xml"} <= names
    for path in GOLDEN_FEEDS:
        assert path.with_suffix(".expected.json").exists(), f"{path.name} has no expected file"


@pytest.mark.parametrize("xml_path", GOLDEN_FEEDS, ids=lambda path: path.name)
def test_golden_feed_parses_to_expected(xml_path: Path) -> None:
    expected = json.loads(xml_path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    parsed = parse_feed(xml_path.read_bytes(), url=feed_url(xml_path))
    assert parsed_feed_to_json(parsed) == expected


@pytest.mark.parametrize("variant", ["rss2_portal.cp1258", "rss2_portal.nfd"])
def test_broken_encodings_read_exactly_like_the_clean_feed(variant: str) -> None:
    """The windows-1258 bytes declared UTF-8 and the NFD copy must lose nothing."""
    clean = parse_feed((GOLDEN / "rss2_portal.xml").read_bytes(), url=feed_url(GOLDEN / "rss2_portal.xml"))
    broken = parse_feed((GOLDEN / f"{variant}.xml").read_bytes(), url=feed_url(GOLDEN / "rss2_portal.xml"))
    assert broken == clean


def test_cp1258_variant_really_is_not_utf8() -> None:
    raw = (GOLDEN / "rss2_portal.cp1258.xml").read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
