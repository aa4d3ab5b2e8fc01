"""Days typed on the command line: ISO, or day first as the web app and every message show them."""

from __future__ import annotations

from datetime import date

import pytest

from chidao.core.tracking import FieldEdit, parse_day, parse_field_edit


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2025-12-31", date(2025, 12, 31)),
        ("31/12/2025", date(2025, 12, 31)),
        ("5/9/2025", date(2025, 9, 5)),
        (" 05/09/2025 ", date(2025, 9, 5)),
    ],
)
def test_a_day_is_read_iso_or_day_first(typed: str, day: date) -> None:
    assert parse_day(typed) == day


@pytest.mark.parametrize("typed", ["12/31/2025", "31/12/25", "2025/12/31", "31-12-2025", "hôm nay", ""])
def test_anything_else_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_day(typed)


def test_an_edited_due_date_may_be_written_day_first() -> None:
    assert parse_field_edit("due=30/09/2025") == FieldEdit("due_date", date(2025, 9, 30))
    with pytest.raises(ValueError, match=r"^due: '30/13/2025' is not a date; use YYYY-MM-DD or DD/MM/YYYY$"):
        parse_field_edit("due=30/13/2025")
