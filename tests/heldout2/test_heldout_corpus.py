"""The second blind held-out set is well-formed: gold matches the articles, text is NFC, nothing is copied.

These tests check the data in tests/heldout2/, not the extractor; the extractor is scored against this set with
../shared/eval/score.py (see README.md next to this file).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.support.shared import require_shared

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
GOLD = HERE / "gold.jsonl"

TOPICS = {
    "party_building",
    "administration",
    "economy",
    "social",
    "security",
    "mass_mobilization",
    "environment",
    "inspection",
}
KINDS = {"directive", "commitment"}
ITEM_FIELDS = {"text", "kind", "issuer", "assignee", "deadline"}
# A scraper glues a related article after one of these lines; only what comes before it is the main article.
APPENDED_BLOCK = re.compile(
    r"^(?:Tin liên quan|Đọc thêm|Tin cùng chuyên mục|Bài viết cùng chuyên mục|Bài viết liên quan|Xem thêm:.*)\s*$",
    re.MULTILINE,
)
SHARED_LINE_MIN_CHARS = 40


def main_article(text: str) -> str:
    """The text before the first appended-block marker ("Tin liên quan", "Đọc thêm", ...)."""
    marker = APPENDED_BLOCK.search(text)
    return text[: marker.start()] if marker else text


def load_gold() -> list[dict[str, Any]]:
    with GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def article_files() -> list[Path]:
    return sorted(ARTICLES.glob("*.txt"))


GOLD_ROWS = load_gold()
GOLD_BY_NAME = {row["article"]: row for row in GOLD_ROWS}


def test_ten_articles_named_hb01_to_hb10() -> None:
    prefixes = [path.name[:4] for path in article_files()]
    assert prefixes == [f"hb{n:02d}" for n in range(1, 11)]


def test_every_article_has_exactly_one_gold_line_and_no_gold_line_is_orphaned() -> None:
    names = [row["article"] for row in GOLD_ROWS]
    assert len(names) == len(set(names)), "duplicate gold lines"
    assert set(names) == {path.name for path in article_files()}


@pytest.mark.parametrize("path", [*article_files(), GOLD], ids=lambda p: p.name)
def test_file_is_utf8_nfc(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("row", GOLD_ROWS, ids=lambda r: r["article"])
def test_gold_line_follows_the_guideline_schema(row: dict[str, Any]) -> None:
    assert set(row) == {"article", "has_directives", "topics", "province", "published", "items"}
    assert row["has_directives"] is bool(row["items"])
    assert row["topics"] and set(row["topics"]) <= TOPICS
    assert row["published"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"])
    for item in row["items"]:
        assert set(item) == ITEM_FIELDS
        assert item["kind"] in KINDS
        assert item["issuer"], item
        text = item["text"]
        assert text == text.strip() and not text.endswith(("./.", "...", "…", ".", ";", ","))


@pytest.mark.parametrize("row", GOLD_ROWS, ids=lambda r: r["article"])
def test_gold_strings_occur_verbatim_in_the_main_article(row: dict[str, Any]) -> None:
    article = main_article((ARTICLES / row["article"]).read_text(encoding="utf-8"))
    missing = [
        (field, item[field])
        for item in row["items"]
        for field in ("text", "assignee", "deadline", "issuer")
        if item[field] and item[field] not in article
    ]
    assert missing == []
    if row["province"]:
        assert row["province"] in article


@pytest.mark.parametrize("path", article_files(), ids=lambda p: p.name)
def test_main_article_is_300_to_900_words(path: Path) -> None:
    words = len(main_article(path.read_text(encoding="utf-8")).split())
    assert 300 <= words <= 900


@pytest.mark.parametrize("path", article_files(), ids=lambda p: p.name)
def test_published_date_is_in_the_article_and_differs_from_a_crawl_date(path: Path) -> None:
    """The article's own date must appear as d/m/yyyy; the page also carries another (crawl) date."""
    row = GOLD_BY_NAME[path.name]
    text = main_article(path.read_text(encoding="utf-8"))
    year, month, day = (int(part) for part in row["published"].split("-"))
    own_date = re.compile(rf"\b0?{day}/0?{month}/{year}\b")
    assert own_date.search(text)
    all_dates = set(re.findall(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text))
    assert {date for date in all_dates if not own_date.fullmatch(date)}, "no crawl/header date besides it"


def test_no_long_line_is_shared_with_the_shared_corpus() -> None:
    shared = require_shared()
    shared_lines: set[str] = set()
    for path in shared.rglob("*"):
        if path.is_file() and path.suffix in {".txt", ".md", ".jsonl", ".py"}:
            text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))
            shared_lines.update(line.strip() for line in text.splitlines())
    shared_lines = {line for line in shared_lines if len(line) >= SHARED_LINE_MIN_CHARS}
    copied = [
        (path.name, line.strip())
        for path in article_files()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() in shared_lines
    ]
    assert copied == []
