"""The feeds file's source kinds (feed, sitemap, listing) and their options: values, and errors naming file,
line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from chidao.config import ConfigError
from chidao.core.feeds import FeedSpec, load_feeds


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_source_kinds_and_their_options(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "feeds:\n"
        "  - id: hl-sitemap\n"
        "    kind: sitemap\n"
        "    url: https://baohoalam.invalid/sitemap.xml\n"
        "    max_per_poll: 20\n"
        "    evidence: https://baohoalam.invalid/robots.txt\n"
        "    verified: true\n"
        "  - id: hl-list\n"
        "    kind: listing\n"
        "    url: https://hoalam.invalid/tin-trong-tinh\n"
        "    link_pattern: '/tin-trong-tinh/.+\\.html$'\n"
        "    link_selector: 'div.news-item h3 a'\n"
        "    pages: 2\n",
    )
    assert load_feeds(path) == [
        FeedSpec(
            id="hl-sitemap",
            url="https://baohoalam.invalid/sitemap.xml",
            kind="sitemap",
            max_per_poll=20,
            evidence="https://baohoalam.invalid/robots.txt",
            verified=True,
        ),
        FeedSpec(
            id="hl-list",
            url="https://hoalam.invalid/tin-trong-tinh",
            kind="listing",
            link_pattern="/tin-trong-tinh/.+\\.html$",
            link_selector="div.news-item h3 a",
            pages=2,
        ),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    kind: atom\n",
            "feeds.yaml:4: feeds[0].kind: input should be 'feed', 'sitemap' or 'listing'",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    kind: listing\n",
            "feeds.yaml:2: feeds[0]: a listing needs 'link_pattern' or 'link_selector'",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    kind: sitemap\n    link_pattern: x\n",
            "feeds.yaml:5: feeds[0].link_pattern: only for 'kind: listing' (this source is 'kind: sitemap')",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    kind: listing\n    link_pattern: '(unclosed'\n",
            "feeds.yaml:5: feeds[0].link_pattern: not a valid regular expression: missing ), unterminated subpattern "
            "at position 0",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    kind: listing\n    link_selector: 'div[[a'\n",
            "feeds.yaml:5: feeds[0].link_selector: not a valid CSS selector: Expected ident or '*', got <DELIM '[' at 4>",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    kind: listing\n    link_selector: a\n    pages: 50\n",
            "feeds.yaml:6: feeds[0].pages: input should be less than or equal to 20",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    kind: sitemap\n    max_per_poll: 0\n",
            "feeds.yaml:5: feeds[0].max_per_poll: input should be greater than or equal to 1",
        ),
        (
            "feeds:\n  - id: a\n    url: http://x.vn/a\n    verified: yes please\n",
            "feeds.yaml:4: feeds[0].verified: must be true or false, got 'yes please'",
        ),
    ],
)
def test_source_option_errors_name_file_line_and_reason(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_feeds(path)
    assert str(info.value) == f"{tmp_path}/{message}"


def test_pages_is_only_for_listings(tmp_path: Path) -> None:
    path = write(tmp_path, "feeds:\n  - id: a\n    url: http://x.vn/a\n    pages: 2\n")
    with pytest.raises(ConfigError) as info:
        load_feeds(path)
    assert (
        str(info.value)
        == f"{tmp_path}/feeds.yaml:4: feeds[0].pages: only for 'kind: listing' (this source is 'kind: feed')"
    )
