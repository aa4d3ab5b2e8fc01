"""The 2×2 status, reminders and reviewer edits: pure rules, table-driven across date edges."""

from __future__ import annotations

from datetime import date

import pytest

from chidao.core.tracking import (
    DONE_LATE,
    DONE_ON_TIME,
    NO_DEADLINE,
    OPEN_ON_TIME,
    OPEN_OVERDUE,
    REMIND_DUE_IN_1_DAY,
    REMIND_DUE_IN_7_DAYS,
    REMIND_OVERDUE,
    STATUS_LABELS_VI,
    FieldEdit,
    compute_status,
    count_statuses,
    on_time_rate,
    parse_field_edit,
    parse_progress,
    parse_review_state,
    parse_status,
    reminder_kind,
)


@pytest.mark.parametrize(
    ("due", "completed_on", "today", "expected"),
    [
        # due today: still on time through the whole day
        (date(2025, 9, 30), None, date(2025, 9, 30), OPEN_ON_TIME),
        (date(2025, 9, 30), None, date(2025, 10, 1), OPEN_OVERDUE),
        (date(2025, 9, 30), date(2025, 9, 30), date(2025, 12, 1), DONE_ON_TIME),
        (date(2025, 9, 30), date(2025, 10, 1), date(2025, 10, 1), DONE_LATE),
        # leap day
        (date(2024, 2, 29), None, date(2024, 2, 29), OPEN_ON_TIME),
        (date(2024, 2, 29), None, date(2024, 3, 1), OPEN_OVERDUE),
        (date(2024, 2, 29), date(2024, 2, 28), date(2024, 3, 5), DONE_ON_TIME),
        (date(2024, 2, 29), date(2024, 3, 1), date(2024, 3, 5), DONE_LATE),
        # month and year ends
        (date(2025, 4, 30), None, date(2025, 5, 1), OPEN_OVERDUE),
        (date(2025, 12, 31), None, date(2025, 12, 31), OPEN_ON_TIME),
        (date(2025, 12, 31), None, date(2026, 1, 1), OPEN_OVERDUE),
        (date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 2), DONE_LATE),
        # no deadline: open or done, never late
        (None, None, date(2025, 1, 1), NO_DEADLINE),
        (None, date(2025, 1, 1), date(2025, 6, 1), DONE_ON_TIME),
        # done before it was due, looked at earlier than the due date
        (date(2025, 9, 30), date(2025, 9, 1), date(2025, 9, 2), DONE_ON_TIME),
    ],
)
def test_compute_status(due: date | None, completed_on: date | None, today: date, expected: str) -> None:
    assert compute_status(due, completed_on, today) == expected


def test_vietnamese_labels_are_the_official_ones() -> None:
    assert STATUS_LABELS_VI[DONE_ON_TIME] == "hoàn thành đúng hạn"
    assert STATUS_LABELS_VI[DONE_LATE] == "hoàn thành quá hạn"
    assert STATUS_LABELS_VI[OPEN_ON_TIME] == "chưa hoàn thành trong hạn"
    assert STATUS_LABELS_VI[OPEN_OVERDUE] == "chưa hoàn thành quá hạn"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("open_overdue", OPEN_OVERDUE),
        (" DONE_LATE ", DONE_LATE),
        ("chưa hoàn thành quá hạn", OPEN_OVERDUE),
        ("chua hoan thanh trong han", OPEN_ON_TIME),
        ("HOÀN THÀNH ĐÚNG HẠN", DONE_ON_TIME),
    ],
)
def test_parse_status(text: str, expected: str) -> None:
    assert parse_status(text) == expected


def test_parse_status_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown status 'late' \\(one of: done_on_time, done_late"):
        parse_status("late")


def test_parse_review_state_and_progress() -> None:
    assert parse_review_state("Confirmed") == "confirmed"
    assert parse_progress("in-progress") == "in_progress"
    with pytest.raises(ValueError, match="unknown review state 'ok'"):
        parse_review_state("ok")
    with pytest.raises(ValueError, match="unknown progress 'finished'"):
        parse_progress("finished")


DUE = date(2025, 9, 30)


@pytest.mark.parametrize(
    ("today", "completed_on", "expected"),
    [
        (date(2025, 9, 22), None, None),  # 8 days left
        (date(2025, 9, 23), None, REMIND_DUE_IN_7_DAYS),
        (date(2025, 9, 28), None, REMIND_DUE_IN_7_DAYS),
        (date(2025, 9, 29), None, REMIND_DUE_IN_1_DAY),
        (date(2025, 9, 30), None, REMIND_DUE_IN_1_DAY),
        (date(2025, 10, 1), None, REMIND_OVERDUE),
        (date(2025, 10, 7), None, REMIND_OVERDUE),
        (date(2025, 10, 8), None, None),  # long overdue: the report shows it, nobody is pinged
        (date(2025, 9, 29), date(2025, 9, 28), None),  # done
    ],
)
def test_reminder_kind(today: date, completed_on: date | None, expected: str | None) -> None:
    assert reminder_kind(DUE, completed_on, today) == expected


def test_no_reminder_without_due_date() -> None:
    assert reminder_kind(None, None, date(2025, 1, 1)) is None


def test_on_time_rate() -> None:
    assert on_time_rate({DONE_ON_TIME: 3, DONE_LATE: 1, OPEN_OVERDUE: 5}) == 0.75
    assert on_time_rate({OPEN_OVERDUE: 5}) is None


def test_count_statuses_lists_every_status() -> None:
    assert count_statuses([OPEN_ON_TIME, OPEN_ON_TIME, DONE_LATE]) == {
        DONE_ON_TIME: 0,
        DONE_LATE: 1,
        OPEN_ON_TIME: 2,
        OPEN_OVERDUE: 0,
        NO_DEADLINE: 0,
    }


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [
        ("assignee=Sở Xây dựng", FieldEdit("assignee", "Sở Xây dựng")),
        ("deadline = trước ngày 15/10/2025 ", FieldEdit("deadline_text", "trước ngày 15/10/2025")),
        ("due=2024-02-29", FieldEdit("due_date", date(2024, 2, 29))),
        ("due_date=null", FieldEdit("due_date", None)),
        ("issuer=", FieldEdit("issuer", None)),
        ("kind=commitment", FieldEdit("kind", "commitment")),
        ("text=rà soát a=b", FieldEdit("text", "rà soát a=b")),
    ],
)
def test_parse_field_edit(assignment: str, expected: FieldEdit) -> None:
    assert parse_field_edit(assignment) == expected


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("assignee", "'assignee' is not FIELD=VALUE"),
        ("owner=Sở Y tế", "unknown field 'owner'"),
        ("due=2025-13-01", "due: '2025-13-01' is not a date; use YYYY-MM-DD or DD/MM/YYYY"),
        ("kind=order", "kind: 'order' is not directive or commitment"),
        ("text=", "text cannot be empty"),
    ],
)
def test_parse_field_edit_errors(assignment: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_field_edit(assignment)
    assert str(info.value).startswith(message)
