"""The feeds file: stable keys, and errors that name file, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from chidao.config import ConfigError
from chidao.core.feeds import FeedSpec, load_feeds

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
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    urll: http://x\n",
            "feeds.yaml:4: unknown key 'urll' in feeds[0]",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n  - id: a\n    url: http://x.vn/b\n",
            "feeds.yaml:4: feeds[1]: duplicate feed id 'a' (first is entry 1)",
        ),
        ("feeds:\n  - id: a\n", "feeds.yaml:2: missing key 'url' in feeds[0]"),
        (
            "feeds:\n  - id: a\n    url: ftp://x.vn/a\n",
            "feeds.yaml:3: feeds[0].url: 'ftp://x.vn/a' must be an http(s) URL",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    interval: soon\n",
            "feeds.yaml:4: feeds[0].interval: must be a whole number, got 'soon'",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    enabled: 1\n",
            "feeds.yaml:4: feeds[0].enabled: must be true or false, got 1",
        ),
        (
            "feeds:\n  - id: Bad Id\n    url: http://x.vn/a\n",
            "feeds.yaml:2: feeds[0].id: feed id 'Bad Id' must be lower-case letters, digits, '.', '_' or '-'",
        ),
        ("feeds: [\n", "feeds.yaml:2: invalid YAML: expected the node content, but found '<stream end>'"),
        ("sources: []\n", "feeds.yaml:1: unknown key 'sources' in the top level"),
        ("feeds:\n  - just-a-string\n", "feeds.yaml:2: feeds[0]: must be a mapping, got 'just-a-string'"),
        ("", "feeds.yaml:1: missing key 'feeds' in the top level"),
        ("feeds: []\nfeeds: []\n", "feeds.yaml:2: duplicate key 'feeds' (first on line 1)"),
        (
            "feeds:\n  - id: a\n    url: 'http://[::1'\n",
            "feeds.yaml:3: feeds[0].url: 'http://[::1' is not a valid URL (Invalid IPv6 URL)",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    expected_period: 100000000000\n",
            "feeds.yaml:4: feeds[0].expected_period: input should be less than or equal to 87840",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    expected_period: -1\n",
            "feeds.yaml:4: feeds[0].expected_period: input should be greater than or equal to 1",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    interval: 0\n",
            "feeds.yaml:4: feeds[0].interval: input should be greater than or equal to 1",
        ),
    ],
)
def test_errors_name_file_line_and_reason(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_feeds(path)
    assert str(info.value) == f"{tmp_path}/{message}"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.yaml: file not found$"):
        load_feeds(tmp_path / "nope.yaml")


def test_bundled_feed_files_load() -> None:
    samples = load_feeds(REPO / "config" / "feeds.sample.yaml")
    assert [s.id for s in samples] == ["sample-portal", "sample-newspaper"]
    assert all(s.url.startswith("sample://") for s in samples)
