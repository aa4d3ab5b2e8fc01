"""Accent-insensitive item search (``chidao items list --search``) on SQLite and PostgreSQL.

Items store ``text_folded`` (``chidao.core.fold.fold`` of their text) and the search folds its needle the same
way, so a search matches with or without diacritics, in NFC or NFD, with "đ" or "d", old- or new-style tone
marks. See docs/classification.md for why LIKE on the folded column is enough.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date

import pytest
from typer.testing import CliRunner

from chidao.adapters.db import Database
from chidao.cli import app
from chidao.services import store
from chidao.services.items import ItemFilter, list_items
from tests.support.config import CUES
from tests.tracking.conftest import add_article, directive_in

# Written for these tests; item ids follow this order.
SENTENCES = (
    (
        "Chủ tịch UBND tỉnh yêu cầu Công ty Điện lực khẩn trương sửa chữa đường điện tại xã Đông Hòa.",
        "khẩn trương sửa chữa đường điện tại xã Đông Hòa",
    ),
    (
        "Phó Chủ tịch đề nghị Sở Nông nghiệp rà soát hồ sơ đất đai của các hộ dân trước ngày 15/10/2025.",
        "rà soát hồ sơ đất đai của các hộ dân trước ngày 15/10/2025",
    ),
    # Old-style tone mark ("Thuỷ", "hoà"), as some portals still write.
    (
        "Giám đốc Sở yêu cầu Công ty Thuỷ lợi hoà mạng hệ thống cảnh báo lũ trong tháng 11.",
        "hoà mạng hệ thống cảnh báo lũ trong tháng 11",
    ),
)


def _store_items(db: Database) -> None:
    with db.session() as session:
        for number, (sentence, action) in enumerate(SENTENCES, start=1):
            article = add_article(session, f"https://example.gov.vn/tin/{number}", sentence)
            store.link_or_create_item(session, article, directive_in(sentence, action), date(2025, 9, 1), cues=CUES)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


SEARCHES = [
    ("đường điện", [1]),
    ("duong dien", [1]),
    ("ĐƯỜNG ĐIỆN", [1]),
    ("DUONG DIEN", [1]),
    (_nfd("đường điện tại xã Đông Hòa"), [1]),
    ("dong hoa", [1]),
    ("Đông Hoà", [1]),  # old-style tone placement in the query
    ("đất đai", [2]),
    ("dat dai", [2]),
    (_nfd("Đất Đai"), [2]),
    ("hòa mạng", [3]),  # new-style query, old-style stored text
    ("hoa mang", [3]),
    ("thuy loi", []),  # in the article, not in the item's text
    ("hồ sơ đất đai của các hộ", [2]),
    ("trước ngày 15/10", [2]),
    ("duong dien luc", []),
    ("cảnh báo lũ", [3]),
    ("canh bao lu", [3]),
    # LIKE wildcards typed by a user are literal characters.
    ("%", []),
    ("_", []),
    ("duong%dien", []),
    ("15_10", []),
]


def test_search_ignores_accents_case_and_normal_form(db: Database) -> None:
    _store_items(db)
    found = {needle: [item.id for item in list_items(db, ItemFilter(search=needle))] for needle, _ in SEARCHES}
    assert found == dict(SEARCHES)


def test_items_list_search_on_the_command_line(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(sqlite_url)
    db.upgrade()
    _store_items(db)
    monkeypatch.setenv("CHIDAO_DATABASE_URL", sqlite_url)
    runner = CliRunner()
    for needle, expected in [
        ("đường điện", [1]),
        ("duong dien", [1]),
        (_nfd("Đường Điện"), [1]),
        ("dat dai", [2]),
        ("Đất đai", [2]),
        ("hoa mang", [3]),
        ("d", [1, 2]),  # item 1 has only "đ"
        ("khong co", []),
    ]:
        result = runner.invoke(app, ["items", "list", "--format", "json", "--search", needle])
        assert result.exit_code == 0, result.stderr
        assert [row["id"] for row in json.loads(result.stdout)] == expected, needle
