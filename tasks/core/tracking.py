"""Follow-up status in the official 2×2 form (done or not × on time or late).

>>> compute_status(date(2025, 9, 30), None, date(2025, 9, 30))
'open_on_time'
>>> compute_status(date(2025, 9, 30), None, date(2025, 10, 1))
'open_overdue'
>>> compute_status(date(2025, 9, 30), date(2025, 10, 2), date(2025, 11, 1))
'done_late'
"""

from __future__ import annotations

from datetime import date

DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
OPEN_ON_TIME = "open_on_time"
OPEN_OVERDUE = "open_overdue"
NO_DEADLINE = "no_deadline"

STATUSES: tuple[str, ...] = (DONE_ON_TIME, DONE_LATE, OPEN_ON_TIME, OPEN_OVERDUE, NO_DEADLINE)

STATUS_LABELS_VI = {
    DONE_ON_TIME: "hoàn thành đúng hạn",
    DONE_LATE: "hoàn thành quá hạn",
    OPEN_ON_TIME: "chưa hoàn thành trong hạn",
    OPEN_OVERDUE: "chưa hoàn thành quá hạn",
    NO_DEADLINE: "không có thời hạn",
}


def compute_status(due: date | None, completed_on: date | None, today: date) -> str:
    """The 2×2 status; an item is on time through the whole of its due day."""
    if completed_on is not None:
        return DONE_LATE if due is not None and completed_on > due else DONE_ON_TIME
    if due is None:
        return NO_DEADLINE
    return OPEN_ON_TIME if today <= due else OPEN_OVERDUE


def parse_status(value: str) -> str:
    """Accept the English key or the Vietnamese label (accents optional is the CLI's job)."""
    value = value.strip().lower()
    if value in STATUSES:
        return value
    for key, label in STATUS_LABELS_VI.items():
        if value == label:
            return key
    raise ValueError(f"unknown status '{value}' (one of: {', '.join(STATUSES)})")
