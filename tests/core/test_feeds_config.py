"""The feeds file: stable keys, and errors that name file, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from chidao.core.feeds import FeedSpec, load_feeds
from chidao.core.yamlconf import ConfigFileError

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_feed_entry(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "feeds:\n"
        "  - id: kg-portal\n"
        "    url: https://kiengiang.gov.vn/rss\n"
        "    province: Kiên Giang\n"
        "    interval: 15\n"
        "    enabled: false\n"
        "    allow_hosts: [CDN.kiengiang.gov.vn]\n"
        "    expected_period: 48\n"
        "  - id: other\n"
        "    url: http://example.vn/feed\n",
    )
    assert load_feeds(path) == [
        FeedSpec(
            id="kg-portal",
            url="https://kiengiang.gov.vn/rss",
            province="Kiên Giang",
            interval_minutes=15,
            enabled=False,
            allow_hosts=("cdn.kiengiang.gov.vn",),
            expected_period_hours=48,
        ),
        FeedSpec(id="other", url="http://example.vn/feed"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("feeds:\n  - id: a\n    url: http://x.vn/a\n    urll: http://x\n", "feeds.yaml:4: unknown key 'urll' in feed"),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n  - id: a\n    url: http://x.vn/b\n",
            "feeds.yaml:4: duplicate feed id 'a' (first defined on line 2)",
        ),
        ("feeds:\n  - id: a\n", "feeds.yaml:2: feed is missing 'url'"),
        ("feeds:\n  - id: a\n    url: ftp://x.vn/a\n", "feeds.yaml:3: url 'ftp://x.vn/a' must be an http(s) URL"),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    interval: soon\n",
            "feeds.yaml:4: 'interval' (minutes) must be a whole number",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    enabled: 1\n",
            "feeds.yaml:4: 'enabled' must be true or false",
        ),
        (
            "feeds:\n  - id: Bad Id\n    url: http://x.vn/a\n",
            "feeds.yaml:2: feed id 'Bad Id' must be lower-case letters, digits, '.', '_' or '-'",
        ),
        ("feeds: [\n", "feeds.yaml:2: invalid YAML: expected the node content, but found '<stream end>'"),
        ("sources: []\n", "feeds.yaml:1: expected a mapping with a 'feeds:' list"),
        ("feeds:\n  - just-a-string\n", "feeds.yaml:2: each feed must be a mapping with at least 'id' and 'url'"),
        ("", "feeds.yaml:1: file is empty"),
    ],
)
def test_errors_name_file_line_and_reason(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigFileError) as info:
        load_feeds(path)
    assert str(info.value) == f"{tmp_path}/{message}"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileError, match=r"nope\.yaml: file not found$"):
        load_feeds(tmp_path / "nope.yaml")


def test_bundled_feed_files_load() -> None:
    samples = load_feeds(REPO / "config" / "feeds.sample.yaml")
    assert [s.id for s in samples] == ["sample-portal", "sample-newspaper"]
    assert all(s.url.startswith("sample://") for s in samples)
