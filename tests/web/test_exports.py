"""Exports of the current filter over HTTP: the same rows as the queue shows, as CSV and as XLSX."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.web.conftest import WebApp, signed_in

pytestmark = pytest.mark.slow


def test_csv_and_xlsx_hold_the_filtered_items(web_app: WebApp) -> None:
    client, _ = signed_in(web_app, "minh")  # a viewer may export
    csv_response = client.get("/export.csv?assignee=so+xay+dung")
    assert csv_response.status_code == 200
    assert csv_response.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv_response.headers["content-disposition"] == 'attachment; filename="chidao-items.csv"'
    rows = list(csv.DictReader(io.StringIO(csv_response.text)))
    assert [(int(r["id"]), r["assignee"], r["due_date"], r["sources"]) for r in rows] == [
        (web_app.items.bridge, "Sở Xây dựng", "2025-12-15", "https://longan.example.vn/tin/1")
    ]
    xlsx_response = client.get("/export.xlsx?province=long+an")
    assert xlsx_response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    assert sheet is not None
    table = list(sheet.iter_rows(values_only=True))
    header = list(table[0])
    ids = [row[header.index("id")] for row in table[1:]]
    assert ids == [web_app.items.bridge, web_app.items.xss]
    assert (
        table[2][header.index("text")]
        == 'lập báo cáo quyết toán <img src=x onerror="window.pwned=2"> trước ngày 20/12/2025'
    )


def test_a_bad_filter_exports_nothing_and_says_why(web_app: WebApp) -> None:
    client, _ = signed_in(web_app, "minh")
    response = client.get("/export.csv?due_to=31/13/2025")
    assert response.status_code == 400
    assert "Hạn đến: &#39;31/13/2025&#39; không phải ngày hợp lệ (dd/mm/yyyy)" in response.text
