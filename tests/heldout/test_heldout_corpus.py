"""Well-formedness of the held-out evaluation set in tests/heldout.

The set only measures generalisation honestly if its gold is consistent with its articles and it shares
no text with the tuning corpus in /work/shared; these tests check both. The extractor itself is never run.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.support.shared import require_shared, shared_dir

HELDOUT_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = HELDOUT_DIR / "articles"
GOLD_PATH = HELDOUT_DIR / "gold.jsonl"

# A scraper glues a related article after one of these lines; nothing after it belongs to the main article.
APPENDED_BLOCK_MARKER = re.compile(r"^(?:Tin liên quan|Đọc thêm|Tin cùng chuyên mục)\s*$", re.MULTILINE)
SHARED_LINE_MIN_CHARS = 40
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
ITEM_KEYS = {"text", "kind", "issuer", "assignee", "deadline"}
ARTICLE_KEYS = {"article", "has_directives", "topics", "province", "published", "items"}


def _read_gold() -> list[dict[str, Any]]:
    with GOLD_PATH.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _main_article(text: str) -> str:
    """The article without any related article appended after 'Tin liên quan' / 'Đọc thêm'."""
    marker = APPENDED_BLOCK_MARKER.search(text)
    return text[: marker.start()] if marker else text


GOLD = _read_gold()
ARTICLE_PATHS = sorted(ARTICLES_DIR.glob("*.txt"))
GOLD_BY_NAME = {record["article"]: record for record in GOLD}


def test_every_article_has_exactly_one_gold_line_and_vice_versa() -> None:
    gold_names = [record["article"] for record in GOLD]
    assert len(gold_names) == len(set(gold_names)), "duplicate gold lines"
    assert sorted(gold_names) == [path.name for path in ARTICLE_PATHS]
    assert len(ARTICLE_PATHS) == 12


@pytest.mark.parametrize("path", ARTICLE_PATHS, ids=lambda p: p.name)
def test_article_is_nfc_utf8_of_plausible_length(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert 300 <= len(text.split()) <= 900


def test_gold_file_is_nfc() -> None:
    raw = GOLD_PATH.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw


@pytest.mark.parametrize("record", GOLD, ids=lambda r: r["article"])
def test_gold_record_follows_the_guideline_schema(record: dict[str, Any]) -> None:
    assert set(record) == ARTICLE_KEYS
    assert record["has_directives"] == bool(record["items"])
    assert record["topics"] and set(record["topics"]) <= TOPIC_LABELS
    if record["published"] is not None:
        date.fromisoformat(record["published"])
    for item in record["items"]:
        assert set(item) == ITEM_KEYS
        assert item["kind"] in {"directive", "commitment"}
        assert item["issuer"]
        assert not item["text"].endswith(("./.", "...", "…", ".", ";"))


@pytest.mark.parametrize("record", GOLD, ids=lambda r: r["article"])
def test_gold_strings_occur_verbatim_in_the_main_article(record: dict[str, Any]) -> None:
    main = _main_article((ARTICLES_DIR / record["article"]).read_text(encoding="utf-8"))
    for item in record["items"]:
        assert item["text"] in main, item["text"]
        for field in ("issuer", "assignee", "deadline"):
            if item[field] is not None:
                assert item[field] in main, (field, item[field])
    if record["province"] is not None:
        assert record["province"] in main


@pytest.mark.parametrize("record", GOLD, ids=lambda r: r["article"])
def test_published_is_the_article_date_not_the_crawl_header(record: dict[str, Any]) -> None:
    """Each site header carries a crawl date ("Thứ Năm, 22/08/2024") other than the article's own date."""
    published = date.fromisoformat(record["published"])
    published_text = f"{published.day:02d}/{published.month:02d}/{published.year}"
    text = (ARTICLES_DIR / record["article"]).read_text(encoding="utf-8")
    header = "\n".join(text.splitlines()[:3])
    header_dates = re.findall(r"\b\d{2}/\d{2}/\d{4}\b", header)
    assert header_dates and published_text not in header_dates
    assert published_text in text


def _shared_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(shared_dir().rglob("*")):
        if path.suffix in {".txt", ".md"}:
            texts.append(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    texts.extend(unicodedata.normalize("NFC", item["text"]) for item in record.get("items", []))
    return texts


def test_no_long_line_or_gold_text_is_shared_with_the_tuning_corpus() -> None:
    require_shared("corpus")
    shared_texts = _shared_texts()
    shared_lines = {line.strip() for text in shared_texts for line in text.splitlines() if len(line.strip()) >= 40}
    shared_blob = "\n".join(shared_texts)
    overlaps: list[str] = []
    for path in ARTICLE_PATHS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line.strip()) >= SHARED_LINE_MIN_CHARS and line.strip() in shared_lines:
                overlaps.append(f"{path.name}: {line.strip()}")
    for record in GOLD:
        for item in record["items"]:
            if len(item["text"]) >= SHARED_LINE_MIN_CHARS and item["text"] in shared_blob:
                overlaps.append(f"gold {record['article']}: {item['text']}")
    assert overlaps == []
