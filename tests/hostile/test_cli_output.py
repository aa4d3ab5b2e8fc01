"""#15 items 9 and 16: data printed by the CLI is never rich markup; ``--limit`` counts filtered rows."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chidao.adapters.db import Database
from chidao.cli import app
from chidao.services import store
from tests.support.config import CUES
from tests.tracking.conftest import add_article, directive_in

# Written for these tests: article text that looks like rich markup.
MARKUP_SENTENCE = (
    "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng [/] sửa chữa [link=https://evil.example/]cầu Đá[/link] trước ngày 30/9."
)
MARKUP_ACTION = "sửa chữa [link=https://evil.example/]cầu Đá[/link] trước ngày 30/9"


def _runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def markup_db(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Database:
    db = Database(sqlite_url)
    db.upgrade()
    with db.session() as session:
        article = add_article(session, "https://example.gov.vn/tin/[bold]1", MARKUP_SENTENCE)
        directive = directive_in(MARKUP_SENTENCE, MARKUP_ACTION, assignee="Sở Xây dựng [/]", issuer="[red]UBND")
        store.link_or_create_item(session, article, directive, date(2025, 9, 1), cues=CUES)
    monkeypatch.setenv("CHIDAO_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("COLUMNS", "400")
    return db


def test_items_list_table_prints_markup_characters_as_written(markup_db: Database) -> None:
    result = _runner().invoke(app, ["items", "list"])
    assert result.exit_code == 0, result.output
    assert MARKUP_ACTION in result.stdout
    assert "Sở Xây dựng [/]" in result.stdout
    assert "[red]UBND" in result.stdout
    assert "\x1b]8;" not in result.stdout  # no terminal hyperlink


def test_items_show_prints_markup_characters_as_written(markup_db: Database) -> None:
    result = _runner().invoke(app, ["items", "show", "1"])
    assert result.exit_code == 0, result.output
    assert MARKUP_ACTION in result.stdout


def _article_file(tmp_path: Path) -> Path:
    path = tmp_path / "[bold]bai.txt"
    path.write_text(
        "Hội nghị giao ban tháng 9\n\n"
        "Chủ tịch UBND tỉnh yêu cầu Sở Giao thông vận tải khẩn trương sửa chữa [/] cầu [link=x]Đá[/link] "
        "trước ngày 30/9/2025.\n",
        encoding="utf-8",
    )
    return path


def test_extract_table_prints_markup_characters_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    result = _runner().invoke(app, ["extract", "--format", "table", str(_article_file(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "[/] cầu [link=x]Đá[/link]" in result.stdout
    assert "[bold]bai.txt" in result.stdout


def test_extract_explain_prints_markup_characters_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    path = _article_file(tmp_path)
    result = _runner().invoke(app, ["extract", "--explain", str(path)])
    assert result.exit_code == 0, result.output
    assert f"{path}\n" in result.stdout
    assert "[/] cầu [link=x]Đá[/link]" in result.stdout


def test_an_error_message_quoting_markup_is_printed_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "[red]").mkdir()
    broken = tmp_path / "[red]" / "[link=x]feeds[bold].yaml"
    broken.write_text("feeds: [\n", encoding="utf-8")
    monkeypatch.setenv("CHIDAO_FEEDS", str(broken))
    monkeypatch.setenv("CHIDAO_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv("COLUMNS", "400")
    result = _runner().invoke(app, ["feeds", "list"])
    assert result.exit_code == 2
    assert "[red]/[link=x]feeds[bold].yaml" in result.stderr


# --- item 16 -------------------------------------------------------------------------------------


def test_limit_applies_after_the_province_assignee_issuer_and_topic_filters(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(sqlite_url)
    db.upgrade()
    works = (
        "nạo vét kênh Bà Đen",
        "lắp đèn chiếu sáng phố Hàng Mây",
        "trồng cây xanh công viên Lộc Ninh",
        "sơn lại trường tiểu học Phú Mỹ",
        "thay ống nước chợ Cầu Muối",
        "kiểm định cầu treo Nà Hang",
        "dọn bãi rác thôn Khuổi Phầy",
        "cấp sổ đỏ cho hộ nghèo xã Minh Lương",
        "xây kè chống sạt lở sông Gâm",
        "chống dịch sốt xuất huyết phường Ỷ La",
        "mở lớp xóa mù chữ bản Thượng Lâm",
        "lát gạch vỉa hè đường Tân Trào",
    )
    with db.session() as session:
        for number, work in enumerate(works, start=1):
            province = "Tuyên Quang" if number > 6 else "Tây Ninh"
            assignee = "Sở Y tế" if number % 2 else "Sở Tài chính"
            sentence = f"Chủ tịch UBND tỉnh yêu cầu {assignee} {work}."
            article = add_article(session, f"https://example.gov.vn/tin/{number}", sentence, province_current=province)
            directive = directive_in(sentence, work, assignee=assignee)
            store.link_or_create_item(session, article, directive, date(2025, 9, 1), cues=CUES)
    monkeypatch.setenv("CHIDAO_DATABASE_URL", sqlite_url)

    def ids(*options: str) -> list[int]:
        result = _runner().invoke(app, ["items", "list", "--format", "json", *options])
        assert result.exit_code == 0, result.output
        return [row["id"] for row in json.loads(result.stdout)]

    assert ids("--province", "Tuyên Quang", "--limit", "3") == [7, 8, 9]
    assert ids("--province", "tuyen quang", "--assignee", "Sở Y tế", "--limit", "2") == [7, 9]
    assert ids("--assignee", "so tai chinh", "--limit", "4") == [2, 4, 6, 8]
    assert ids("--topic", "economy", "--limit", "5") == [1, 2, 3, 4, 5]
    assert ids("--limit", "2") == [1, 2]
