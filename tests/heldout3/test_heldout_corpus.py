"""Well-formedness of the third blind held-out set (tests/heldout3): articles, gold lines and their agreement.

These tests never run the extractor; they check that the set itself can be trusted as a yardstick.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.support.shared import require_shared

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
GOLD = HERE / "gold.jsonl"

# A line holding only one of these starts a related article glued after the main one (GUIDELINE.md).
APPENDED_MARKERS = frozenset({"Tin liên quan", "Đọc thêm", "Tin cùng chuyên mục", "Các tin khác", "Tin khác"})
TOPICS = frozenset(
    {
        "party_building",
        "administration",
        "economy",
        "social",
        "security",
        "mass_mobilization",
        "environment",
        "inspection",
    }
)
KINDS = frozenset({"directive", "commitment"})
ITEM_KEYS = {"text", "kind", "issuer", "assignee", "deadline"}
ARTICLE_KEYS = {"article", "has_directives", "topics", "province", "published", "items"}
SHARED_LINE_MIN_CHARS = 40


def main_part(text: str) -> str:
    """The article before any appended related article ("Đọc thêm", "Tin liên quan", ...)."""
    for match in re.finditer(r"^.*$", text, re.MULTILINE):
        if match.group(0).strip() in APPENDED_MARKERS:
            return text[: match.start()]
    return text


def load_gold() -> dict[str, dict[str, Any]]:
    gold: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        assert record["article"] not in gold, f"gold.jsonl:{number}: {record['article']} annotated twice"
        gold[record["article"]] = record
    return gold


def article_names() -> list[str]:
    return sorted(path.name for path in ARTICLES.glob("*.txt"))


def long_lines(text: str) -> set[str]:
    normalized = unicodedata.normalize("NFC", text)
    return {line.strip() for line in normalized.splitlines() if len(line.strip()) >= SHARED_LINE_MIN_CHARS}


def test_main_part_stops_at_the_first_appended_marker() -> None:
    text = "Tiêu đề\nThân bài.\nĐọc thêm\nBài khác.\nTin liên quan\nBài nữa.\n"
    assert main_part(text) == "Tiêu đề\nThân bài.\n"
    assert main_part("Không có bài ghép.\n") == "Không có bài ghép.\n"


def test_the_set_has_ten_articles_each_with_exactly_one_gold_line() -> None:
    names = article_names()
    assert len(names) == 10
    assert all(re.fullmatch(r"hc(0[1-9]|10)_[a-z0-9_]+\.txt", name) for name in names), names
    assert sorted(load_gold()) == names


@pytest.mark.parametrize("name", article_names())
def test_article_is_nfc_utf8_of_plausible_length(name: str) -> None:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert 300 <= len(text.split()) <= 900


@pytest.mark.parametrize("name", article_names())
def test_gold_record_follows_the_guideline_schema(name: str) -> None:
    record = load_gold()[name]
    assert set(record) == ARTICLE_KEYS
    assert record["has_directives"] is bool(record["items"])
    assert record["topics"] and set(record["topics"]) <= TOPICS
    assert len(set(record["topics"])) == len(record["topics"])
    assert record["province"] is None or record["province"] in (ARTICLES / name).read_text(encoding="utf-8")
    if record["published"] is not None:
        date.fromisoformat(record["published"])
    for item in record["items"]:
        assert set(item) == ITEM_KEYS
        assert item["kind"] in KINDS
        assert isinstance(item["issuer"], str) and item["issuer"]


@pytest.mark.parametrize("name", article_names())
def test_every_gold_string_is_nfc_and_copied_from_the_main_article(name: str) -> None:
    main = main_part((ARTICLES / name).read_text(encoding="utf-8"))
    for item in load_gold()[name]["items"]:
        for field in ("text", "issuer", "assignee", "deadline"):
            value = item[field]
            if value is None:
                continue
            assert unicodedata.is_normalized("NFC", value), (field, value)
            assert value in main, f"{field} not in the main article: {value!r}"
        assert not item["text"].endswith(("./.", "...", "…")), item["text"]
        assert item["text"] == item["text"].strip()


@pytest.mark.parametrize("name", article_names())
def test_published_date_is_written_in_the_article_in_day_month_year_form(name: str) -> None:
    published = load_gold()[name]["published"]
    if published is None:
        pytest.skip("no article date annotated")
    day = date.fromisoformat(published)
    text = (ARTICLES / name).read_text(encoding="utf-8")
    written = {f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day}/{day.month}/{day.year}"}
    assert any(form in text for form in written), written


def test_no_long_line_is_shared_with_the_shared_corpus() -> None:
    shared_corpus = require_shared("corpus")
    shared_lines: set[str] = set()
    shared_item_texts: set[str] = set()
    for path in shared_corpus.rglob("*"):
        if path.suffix == ".txt" or path.suffix == ".md":
            shared_lines |= long_lines(path.read_text(encoding="utf-8"))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    for item in json.loads(line).get("items", []):
                        text = unicodedata.normalize("NFC", item["text"])
                        if len(text) >= SHARED_LINE_MIN_CHARS:
                            shared_item_texts.add(text)
    assert shared_lines, "the shared corpus yielded no lines; the comparison would be empty"
    for name in article_names():
        text = (ARTICLES / name).read_text(encoding="utf-8")
        assert not long_lines(text) & shared_lines, name
        assert not [item for item in shared_item_texts if item in text], name
