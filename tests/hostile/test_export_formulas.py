"""#15 item 10: text from data never becomes a live formula in a CSV or XLSX export."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from chidao.adapters.db import Database
from chidao.cli import app
from chidao.core.cells import neutralise_formula
from chidao.services import store
from tests.support.config import CUES
from tests.tracking.conftest import add_article, directive_in

# (item text, assignee) written for this test; each starts with a character spreadsheets evaluate.
HOSTILE = (
    ('=HYPERLINK("https://evil.example","bấm vào đây")', "=1+1"),
    ("+SUM(1;2) sửa chữa cầu", "+Sở Xây dựng"),
    ("-2+3 nạo vét kênh", "-Sở Tài chính"),
    ("@SUM(A1) trồng cây xanh", "@Sở Y tế"),
    ("\t=1 lắp đèn đường", "\rSở Công thương"),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Sở Y tế", "Sở Y tế"),
        ("a=1", "a=1"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise_formula(value: object, expected: object) -> None:
    assert neutralise_formula(value) == expected


@pytest.fixture
def hostile_db(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Database:
    db = Database(sqlite_url)
    db.upgrade()
    with db.session() as session:
        for number, (action, assignee) in enumerate(HOSTILE, start=1):
            sentence = f"{action} theo chỉ đạo của tỉnh số {number}."
            article = add_article(session, f"https://example.gov.vn/tin/{number}", sentence)
            directive = directive_in(sentence, action, assignee=assignee, issuer=f"Người số {number}")
            store.link_or_create_item(session, article, directive, date(2025, 9, 1), cues=CUES)
    monkeypatch.setenv("CHIDAO_DATABASE_URL", sqlite_url)
    return db


def test_csv_export_quotes_every_formula_start(hostile_db: Database, tmp_path: Path) -> None:
    output = tmp_path / "items.csv"
    result = CliRunner().invoke(app, ["items", "export", "--format", "csv", "--output", str(output)])
    assert result.exit_code == 0, result.output
    with output.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["text"], row["assignee"]) for row in rows] == [("'" + a, "'" + b) for a, b in HOSTILE]


def test_items_list_csv_quotes_every_formula_start(hostile_db: Database) -> None:
    result = CliRunner().invoke(app, ["items", "list", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    # The terminal turns the carriage return of the last assignee into a newline: compare the first four.
    assert [(row["text"], row["assignee"]) for row in rows][:4] == [("'" + a, "'" + b) for a, b in HOSTILE][:4]


def test_xlsx_export_writes_text_cells_not_formulas(hostile_db: Database, tmp_path: Path) -> None:
    output = tmp_path / "items.xlsx"
    result = CliRunner().invoke(app, ["items", "export", "--format", "xlsx", "--output", str(output)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(output).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    text_column, assignee_column = header.index("text"), header.index("assignee")
    data_rows = list(sheet.iter_rows(min_row=2))
    assert [(row[text_column].value, row[assignee_column].value) for row in data_rows] == [
        ("'" + a, "'" + b) for a, b in HOSTILE
    ]
    assert {cell.data_type for row in data_rows for cell in row if isinstance(cell.value, str)} == {"s"}
