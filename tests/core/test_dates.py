"""The Vietnamese date-line parser shared by page metadata and article text."""

from __future__ import annotations

import pytest

from chidao.core.dates import first_date_line, parse_date_line


@pytest.mark.parametrize(
    ("line", "iso", "has_time"),
    [
        ("Cập nhật: 12/4/2024", "2024-04-12T00:00:00+07:00", False),
        ("Thứ Hai, 08/07/2024 - 10:15", "2024-07-08T10:15:00+07:00", True),
        ("20:55, 22/06/2022", "2022-06-22T20:55:00+07:00", True),
        ("Ngày đăng: 05-01-2026 07:30:12", "2026-01-05T07:30:12+07:00", True),
        ("Chủ nhật, ngày 3 tháng 8 năm 2025", "2025-08-03T00:00:00+07:00", False),
        ("10h30 ngày 14/3/2026", "2026-03-14T10:30:00+07:00", True),
        ("Thứ Năm, ngày 12 tháng 12 năm 2024 | 10:15 GMT+7", "2024-12-12T10:15:00+07:00", True),
        ("Đăng lúc 07:05 - 02.09.2025", "2025-09-02T07:05:00+07:00", True),
        ("Hà Nội, 15/03/2026", "2026-03-15T00:00:00+07:00", False),
    ],
)
def test_date_lines_are_read_as_vietnam_time(line: str, iso: str, has_time: bool) -> None:
    found = parse_date_line(line)
    assert found is not None
    assert (found.when.isoformat(), found.has_time) == (iso, has_time)


@pytest.mark.parametrize(
    "line",
    [
        "Sở Xây dựng hoàn thành phương án trước ngày 30/9/2026",  # a deadline in a sentence
        "Hà Nội, 31/02/2024",  # no such day
        "Tin trong tỉnh",
        "",
        "Số 12/2024/NQ-HĐND",  # a document number, not a date
    ],
)
def test_lines_that_are_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


def test_utc_of_a_date_line() -> None:
    found = parse_date_line("Thứ Hai, 08/07/2024 - 10:15")
    assert found is not None
    assert found.utc.isoformat() == "2024-07-08T03:15:00+00:00"


def test_first_date_line_skips_sentences_and_takes_the_first_line() -> None:
    text = (
        "UBND tỉnh họp bàn về phòng chống bão\n\n"
        "Chủ tịch yêu cầu hoàn thành trước ngày 30/9/2026 mọi phương án sơ tán dân.\n"
        "Cập nhật: 03/09/2026 08:45\n"
        "Thứ Tư, 02/09/2026\n"
    )
    found = first_date_line(text)
    assert found is not None
    assert found.text == "Cập nhật: 03/09/2026 08:45"
    assert first_date_line("Chỉ một câu, không có ngày.") is None
