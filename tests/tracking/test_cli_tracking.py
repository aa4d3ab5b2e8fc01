"""``chidao items show/review/set-status/list/export/export-corrections`` and ``chidao report``, end to end
through the real CLI on a migrated SQLite file."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from chidao.adapters.db import Database, FollowUpItem, ItemHistory
from chidao.cli import app
from chidao.services import store
from tests.support.config import CUES
from tests.tracking.conftest import add_article, directive_in

PORTAL = (
    "Chủ tịch UBND tỉnh Lê Minh Tâm yêu cầu Sở Giao thông vận tải khẩn trương sửa chữa cầu Tân An trước ngày 30/9/2025."
)
REPORT = "Phó Chủ tịch Đỗ Thị Hạnh đề nghị Sở Y tế tăng cường kiểm tra an toàn thực phẩm tại các bếp ăn tập thể."


@pytest.fixture
def cli_db(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Database:
    """Two items in two provinces; ids 1 (due 2025-09-30, Tây Ninh) and 2 (no deadline, Đồng Nai)."""
    db = Database(sqlite_url)
    db.upgrade()
    today = date(2025, 9, 1)
    with db.session() as session:
        first = add_article(session, "https://tayninh.gov.vn/tin/1", PORTAL)
        store.link_or_create_item(
            session,
            first,
            directive_in(
                PORTAL,
                "khẩn trương sửa chữa cầu Tân An trước ngày 30/9/2025",
                issuer="Lê Minh Tâm",
                assignee="Sở Giao thông vận tải",
                deadline="trước ngày 30/9/2025",
                due=date(2025, 9, 30),
            ),
            today,
            cues=CUES,
        )
        second = add_article(session, "https://dongnai.gov.vn/tin/7", REPORT, province_current="Đồng Nai")
        second.topics = ["social"]
        store.link_or_create_item(
            session,
            second,
            directive_in(
                REPORT,
                "tăng cường kiểm tra an toàn thực phẩm tại các bếp ăn tập thể",
                issuer="Đỗ Thị Hạnh",
                assignee="Sở Y tế",
            ),
            today,
            cues=CUES,
        )
        session.flush()
        for item in session.scalars(select(FollowUpItem)):
            item.topics = list(item.article.topics)
    monkeypatch.setenv("CHIDAO_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("COLUMNS", "300")
    return db


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _item(db: Database, item_id: int) -> FollowUpItem:
    with db.session() as session:
        item = session.get(FollowUpItem, item_id)
        assert item is not None
        return item


def _history(db: Database, item_id: int) -> list[tuple[str, str, str | None, str | None]]:
    with db.session() as session:
        rows = session.scalars(select(ItemHistory).where(ItemHistory.item_id == item_id).order_by(ItemHistory.id))
        return [(h.actor, h.field, h.old_value, h.new_value) for h in rows]


def test_show_prints_fields_evidence_and_history(cli_db: Database) -> None:
    code, stdout, stderr = run("items", "show", "1")
    assert code == 0, stderr
    assert "khẩn trương sửa chữa cầu Tân An trước ngày 30/9/2025" in stdout
    assert "chưa hoàn thành trong hạn (open_on_time)" in stdout
    assert "[origin] https://tayninh.gov.vn/tin/1" in stdout
    assert f"  {PORTAL}" in stdout
    assert "chidao" in stdout and "created" in stdout


@pytest.mark.parametrize("command", [["items", "show", "42"], ["items", "review", "42", "--confirm"]])
def test_unknown_item_is_an_error(cli_db: Database, command: list[str]) -> None:
    code, stdout, stderr = run(*command)
    assert (code, stdout, stderr) == (1, "", "Error: no item with id 42\n")


def test_review_confirm_and_edit_are_stored_with_history(cli_db: Database) -> None:
    code, stdout, _ = run("items", "review", "1", "--confirm", "--by", "lan")
    assert (code, stdout) == (0, "Item 1: confirmed\n")
    code, stdout, _ = run(
        "items", "review", "1", "--edit", "assignee=Sở Xây dựng", "--edit", "due=2025-10-15", "--by", "lan"
    )
    assert (code, stdout) == (0, "Item 1: edited\n")
    item = _item(cli_db, 1)
    assert (item.assignee, item.due_date, item.review_state) == ("Sở Xây dựng", date(2025, 10, 15), "edited")
    assert _history(cli_db, 1)[1:] == [
        ("lan", "review_state", "new", "confirmed"),
        ("lan", "assignee", "Sở Giao thông vận tải", "Sở Xây dựng"),
        ("lan", "due_date", "2025-09-30", "2025-10-15"),
        ("lan", "status", "open_on_time", "open_overdue"),  # recomputed as of the real today, long after
        ("lan", "review_state", "confirmed", "edited"),
    ]
    code, stdout, _ = run("items", "review", "2", "--reject", "--by", "minh")
    assert (code, stdout, _item(cli_db, 2).review_state) == (0, "Item 2: rejected\n", "rejected")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["items", "review", "1"], "Error: give exactly one of --confirm, --reject or --edit FIELD=VALUE\n"),
        (
            ["items", "review", "1", "--confirm", "--reject"],
            "Error: give exactly one of --confirm, --reject or --edit FIELD=VALUE\n",
        ),
        (
            ["items", "review", "1", "--edit", "due=2025-13-01"],
            "Error: --edit: due: '2025-13-01' is not a date; use YYYY-MM-DD or DD/MM/YYYY\n",
        ),
        (
            ["items", "set-status", "1", "done", "--on", "2025-13-01"],
            "Error: --on: '2025-13-01' is not a date; use YYYY-MM-DD or DD/MM/YYYY\n",
        ),
        (["items", "set-status", "1", "open", "--on", "2025-09-01"], "Error: --on only goes with 'done'\n"),
        (["items", "set-status", "1", "done", "--on", "2999-01-01"], "Error: --on: 2999-01-01 is in the future\n"),
        (
            ["items", "set-status", "1", "finished"],
            "Error: unknown progress 'finished' (one of: open, in_progress, done)\n",
        ),
        (
            ["items", "list", "--review", "ok"],
            "Error: --review: unknown review state 'ok' (one of: new, confirmed, rejected, edited)\n",
        ),
        (["items", "export", "--format", "xlsx"], "Error: --format xlsx needs --output FILE\n"),
        (["report", "--format", "html"], "Error: --format html needs --output FILE\n"),
    ],
)
def test_input_errors_say_what_to_do(cli_db: Database, args: list[str], message: str) -> None:
    code, stdout, stderr = run(*args)
    assert (code, stdout, stderr) == (2, "", message)
    assert _history(cli_db, 1) == [("chidao", "created", None, _item(cli_db, 1).text)]


def test_set_status_done_computes_the_official_status(cli_db: Database) -> None:
    code, stdout, _ = run("items", "set-status", "1", "done", "--on", "2025-10-02", "--by", "lan")
    assert (code, stdout) == (0, "Item 1: done, hoàn thành quá hạn\n")
    item = _item(cli_db, 1)
    assert (item.progress, item.completed_on, item.status) == ("done", date(2025, 10, 2), "done_late")


def _listed(*args: str) -> list[int]:
    code, stdout, stderr = run("items", "list", "--format", "json", *args)
    assert code == 0, stderr
    return [row["id"] for row in json.loads(stdout)]


def test_list_filters(cli_db: Database) -> None:
    run("items", "review", "2", "--confirm")
    assert _listed() == [1, 2]
    assert _listed("--review", "confirmed") == [2]
    assert _listed("--status", "chua hoan thanh trong han") == [1]
    assert _listed("--status", "no_deadline") == [2]
    assert _listed("--due-from", "2025-09-30", "--due-to", "2025-09-30") == [1]
    assert _listed("--due-to", "2025-09-29") == []
    assert _listed("--assignee", "so y te") == [2]
    assert _listed("--issuer", "LÊ MINH TÂM") == [1]
    assert _listed("--province", "dong nai") == [2]
    assert _listed("--topic", "economy") == [1]
    assert _listed("--search", "an toan thuc pham") == [2]
    assert _listed("--search", "CẦU TÂN AN") == [1]


def test_export_csv_json_xlsx(cli_db: Database, tmp_path: Path) -> None:
    run("items", "review", "2", "--reject")
    code, stdout, _ = run("items", "export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert [(r["id"], r["sources"]) for r in rows] == [("1", "https://tayninh.gov.vn/tin/1")]
    code, stdout, _ = run("items", "export", "--format", "json", "--include-rejected")
    assert [(r["id"], r["review_state"]) for r in json.loads(stdout)] == [(1, "new"), (2, "rejected")]

    from openpyxl import load_workbook

    target = tmp_path / "items.xlsx"
    code, _, stderr = run("items", "export", "--format", "xlsx", "--output", str(target))
    assert (code, stderr) == (0, f"1 items written to {target}\n")
    sheet = load_workbook(target).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert (values["id"], values["assignee"], values["due_date"]) == (1, "Sở Giao thông vận tải", "2025-09-30")
    assert sheet.max_row == 2


def test_export_corrections_writes_gold_jsonl(cli_db: Database, tmp_path: Path) -> None:
    run("items", "review", "1", "--edit", "deadline=trước ngày 30/9", "--by", "lan")
    target = tmp_path / "corrections.jsonl"
    code, _, stderr = run("items", "export-corrections", "--output", str(target))
    assert (code, stderr) == (0, f"1 articles written to {target}\n")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    article = json.loads(lines[0])
    assert article["article"] == "https://tayninh.gov.vn/tin/1"
    assert article["items"] == [
        {
            "text": "khẩn trương sửa chữa cầu Tân An trước ngày 30/9/2025",
            "kind": "directive",
            "issuer": "Lê Minh Tâm",
            "assignee": "Sở Giao thông vận tải",
            "deadline": "trước ngày 30/9",
        }
    ]


def test_report_table_and_html(cli_db: Database, tmp_path: Path) -> None:
    run("items", "set-status", "1", "done", "--on", "2025-09-29")
    code, stdout, stderr = run("report", "--today", "2025-10-05")
    assert code == 0, stderr
    lines = {line.split("│")[1].strip(): line for line in stdout.splitlines() if line.count("│") > 3}
    assert [cell.strip() for cell in lines["Sở Giao thông vận tải"].split("│")[2:-1]] == [
        "1", "0", "0", "0", "0", "1", "100%",
    ]  # fmt: skip
    assert [cell.strip() for cell in lines["Sở Y tế"].split("│")[2:-1]] == ["0", "0", "0", "0", "1", "1", "-"]
    target = tmp_path / "report.html"
    code, _, stderr = run("report", "--format", "html", "--output", str(target), "--today", "2025-10-05")
    assert (code, stderr) == (0, f"report written to {target}\n")
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'src="data:image/png;base64,iVBORw0KGgo' in page  # a PNG signature
    assert "<th>Sở Giao thông vận tải</th>" in page and "<th>Đỗ Thị Hạnh</th>" in page
