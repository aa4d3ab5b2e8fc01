"""Well-formedness of the fourth blind held-out set (articles + gold.jsonl).

The set is only useful if its gold can be trusted: every annotated span must be copied verbatim from the main
article (never from a related article glued after "Tin liên quan" / "Đọc thêm"), the files must be NFC like the
scorer expects, and no article may reuse a line of the shared corpus it is meant to be independent of.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.support.shared import require_shared

HELDOUT_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = HELDOUT_DIR / "articles"
GOLD_PATH = HELDOUT_DIR / "gold.jsonl"

# A line consisting only of one of these headings starts the scraper's appended block (related articles).
APPENDED_BLOCK_HEADINGS = ("Tin liên quan", "Đọc thêm", "Tin cùng chuyên mục", "Bài viết cùng chuyên mục")
TOPIC_LABELS = {
    "party_building",
    "administration",
    "economy",
    "social",
    "security",
    "mass_mobilization",
    "environment",
    "inspection",
}
ITEM_KINDS = {"directive", "commitment"}
ITEM_FIELDS = {"text", "kind", "issuer", "assignee", "deadline"}
ARTICLE_FIELDS = {"article", "has_directives", "topics", "province", "published", "items"}
MIN_SHARED_LINE_CHARS = 40
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def main_body(article_text: str) -> str:
    """Text of the main article, i.e. everything before the first appended-block heading line."""
    kept: list[str] = []
    for line in article_text.splitlines():
        if line.strip() in APPENDED_BLOCK_HEADINGS:
            break
        kept.append(line)
    return "\n".join(kept)


def load_gold() -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(GOLD_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            record = json.loads(line)
            assert isinstance(record, dict), f"gold.jsonl:{number} is not an object"
            records.append(record)
    return records


GOLD = load_gold()
ARTICLE_PATHS = sorted(ARTICLES_DIR.glob("*.txt"))


def test_every_article_has_exactly_one_gold_line() -> None:
    gold_names = [record["article"] for record in GOLD]
    assert sorted(gold_names) == sorted(path.name for path in ARTICLE_PATHS)
    assert len(gold_names) == len(set(gold_names))
    assert len(ARTICLE_PATHS) == 8


def test_articles_and_gold_are_nfc_utf8() -> None:
    for path in [*ARTICLE_PATHS, GOLD_PATH]:
        text = path.read_bytes().decode("utf-8")
        assert unicodedata.is_normalized("NFC", text), f"{path.name} is not NFC"


@pytest.mark.parametrize("record", GOLD, ids=[record["article"] for record in GOLD])
def test_gold_record_follows_guideline_schema(record: dict[str, Any]) -> None:
    assert set(record) == ARTICLE_FIELDS
    assert record["has_directives"] is bool(record["items"])
    assert record["topics"] and set(record["topics"]) <= TOPIC_LABELS
    assert record["province"] is None or isinstance(record["province"], str)
    assert record["published"] is None or ISO_DATE.match(record["published"])
    for item in record["items"]:
        assert set(item) == ITEM_FIELDS
        assert item["kind"] in ITEM_KINDS
        assert isinstance(item["issuer"], str) and item["issuer"]
        assert not item["text"].endswith(("./.", "...", "…", ".", ";", ",")), item["text"]
        assert item["text"] == item["text"].strip()


@pytest.mark.parametrize("record", GOLD, ids=[record["article"] for record in GOLD])
def test_gold_spans_occur_verbatim_in_main_article(record: dict[str, Any]) -> None:
    body = main_body((ARTICLES_DIR / record["article"]).read_text(encoding="utf-8"))
    for item in record["items"]:
        for field in ("text", "assignee", "deadline"):
            if item[field] is not None:
                assert item[field] in body, f"{field} not in main article: {item[field]!r}"
    if record["province"] is not None:
        assert record["province"] in body


def test_main_article_lengths_are_realistic() -> None:
    for path in ARTICLE_PATHS:
        words = len(main_body(path.read_text(encoding="utf-8")).split())
        assert 300 <= words <= 900, f"{path.name}: {words} words"


def test_main_body_stops_at_appended_block() -> None:
    text = "Tiêu đề\nBài chính.\nTin liên quan\nBài khác yêu cầu các sở rà soát."
    assert main_body(text) == "Tiêu đề\nBài chính."


def test_no_long_line_is_shared_with_the_shared_corpus() -> None:
    shared_corpus = require_shared("corpus")
    shared_lines = {
        unicodedata.normalize("NFC", line.strip())
        for path in shared_corpus.rglob("*")
        if path.is_file() and path.suffix in {".txt", ".jsonl", ".md"}
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) >= MIN_SHARED_LINE_CHARS
    }
    assert shared_lines, "shared corpus holds no long lines; the copy check would prove nothing"
    for path in ARTICLE_PATHS:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= MIN_SHARED_LINE_CHARS:
                assert line not in shared_lines, f"{path.name} copies a shared-corpus line: {line[:60]}"


def test_no_gold_item_text_is_taken_from_the_shared_gold() -> None:
    shared_corpus = require_shared("corpus")
    shared_gold = sorted(shared_corpus.rglob("gold.jsonl"))
    assert shared_gold, f"no gold.jsonl under {shared_corpus}: the copy check would prove nothing"
    shared_texts = {
        unicodedata.normalize("NFC", item["text"])
        for path in shared_gold
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for item in json.loads(line).get("items", [])
    }
    ours = {item["text"] for record in GOLD for item in record["items"]}
    assert not ours & shared_texts
