"""Follow-up lifecycle: the official 2×2 status, review and progress states, reminders, edits.

Review (did a person check the item?) and progress (is the work done?) are separate axes; the
official status is computed from the due date, the completion date and today:

>>> compute_status(date(2025, 9, 30), None, date(2025, 9, 30))
'open_on_time'
>>> compute_status(date(2025, 9, 30), None, date(2025, 10, 1))
'open_overdue'
>>> compute_status(date(2025, 9, 30), date(2025, 10, 2), date(2025, 11, 1))
'done_late'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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

REVIEW_NEW = "new"
REVIEW_CONFIRMED = "confirmed"
REVIEW_REJECTED = "rejected"
REVIEW_EDITED = "edited"
REVIEW_STATES: tuple[str, ...] = (REVIEW_NEW, REVIEW_CONFIRMED, REVIEW_REJECTED, REVIEW_EDITED)

PROGRESS_OPEN = "open"
PROGRESS_IN_PROGRESS = "in_progress"
PROGRESS_DONE = "done"
PROGRESS_STATES: tuple[str, ...] = (PROGRESS_OPEN, PROGRESS_IN_PROGRESS, PROGRESS_DONE)

# Reminder kinds; each is queued once per item and due date.
REMIND_DUE_IN_7_DAYS = "due_7d"
REMIND_DUE_IN_1_DAY = "due_1d"
REMIND_OVERDUE = "overdue"
# An item found long after its deadline passed is reported by the list and the report, not pinged.
OVERDUE_REMINDER_WINDOW_DAYS = 7


def compute_status(due: date | None, completed_on: date | None, today: date) -> str:
    """The 2×2 status; an item is on time through the whole of its due day."""
    if completed_on is not None:
        return DONE_LATE if due is not None and completed_on > due else DONE_ON_TIME
    if due is None:
        return NO_DEADLINE
    return OPEN_ON_TIME if today <= due else OPEN_OVERDUE


def parse_status(value: str) -> str:
    """Accept the English key or the Vietnamese label, with or without accents.

    "open_overdue", "chưa hoàn thành quá hạn" and "chua hoan thanh qua han" all give 'open_overdue'.
    """
    from chidao.core.fold import fold

    value = value.strip().lower()
    if value in STATUSES:
        return value
    for key, label in STATUS_LABELS_VI.items():
        if fold(value) == fold(label):
            return key
    raise ValueError(f"unknown status '{value}' (one of: {', '.join(STATUSES)})")


def parse_review_state(value: str) -> str:
    """'confirmed', 'Rejected ' -> the key; anything else is a ValueError naming the choices."""
    key = value.strip().lower()
    if key not in REVIEW_STATES:
        raise ValueError(f"unknown review state '{value}' (one of: {', '.join(REVIEW_STATES)})")
    return key


def parse_progress(value: str) -> str:
    """'done', 'in_progress' (or 'in-progress'), 'open' -> the key; else a ValueError."""
    key = value.strip().lower().replace("-", "_")
    if key not in PROGRESS_STATES:
        raise ValueError(f"unknown progress '{value}' (one of: {', '.join(PROGRESS_STATES)})")
    return key


def reminder_kind(due: date | None, completed_on: date | None, today: date) -> str | None:
    """Which reminder an item deserves today, if any.

    Due 2025-09-30: on 09-23..09-28 -> 'due_7d'; on 09-29 and 09-30 -> 'due_1d' (the last two days);
    on 10-01..10-07 -> 'overdue'; later, or when done, or without a due date -> None.
    """
    if due is None or completed_on is not None:
        return None
    days_left = (due - today).days
    if days_left < 0:
        return REMIND_OVERDUE if -days_left <= OVERDUE_REMINDER_WINDOW_DAYS else None
    if days_left <= 1:
        return REMIND_DUE_IN_1_DAY
    if days_left <= 7:
        return REMIND_DUE_IN_7_DAYS
    return None


def on_time_rate(counts: Mapping[str, int]) -> float | None:
    """Share of finished items finished on time: {'done_on_time': 3, 'done_late': 1} -> 0.75; none done -> None."""
    done = counts.get(DONE_ON_TIME, 0) + counts.get(DONE_LATE, 0)
    return None if done == 0 else counts.get(DONE_ON_TIME, 0) / done


@dataclass(frozen=True)
class FieldEdit:
    """A reviewer's correction of one item field, already converted to the column's type."""

    column: str
    value: str | date | None


# CLI/gold field name -> item column.
EDITABLE_FIELDS: dict[str, str] = {
    "text": "text",
    "kind": "kind",
    "issuer": "issuer",
    "assignee": "assignee",
    "deadline": "deadline_text",
    "due_date": "due_date",
    "due": "due_date",
}
_NULL_WORDS = frozenset({"", "null", "none", "-"})


def parse_field_edit(assignment: str) -> FieldEdit:
    """Parse ``FIELD=VALUE`` as typed on the command line.

    "assignee=Sở Xây dựng" -> FieldEdit('assignee', 'Sở Xây dựng'); "due=2025-12-31" -> a date;
    "deadline=null" -> None; "kind=commitment" checked against directive/commitment.
    """
    name, sep, raw = assignment.partition("=")
    name = name.strip().lower()
    if not sep:
        raise ValueError(f"'{assignment}' is not FIELD=VALUE (fields: {', '.join(EDITABLE_FIELDS)})")
    if name not in EDITABLE_FIELDS:
        raise ValueError(f"unknown field '{name}' (fields: {', '.join(EDITABLE_FIELDS)})")
    column = EDITABLE_FIELDS[name]
    value = raw.strip()
    if value.lower() in _NULL_WORDS:
        if column in ("text", "kind"):
            raise ValueError(f"{name} cannot be empty")
        return FieldEdit(column, None)
    if column == "due_date":
        try:
            return FieldEdit(column, parse_day(value))
        except ValueError:
            raise ValueError(f"{name}: '{value}' is not a date; {DAY_FORMATS}") from None
    if column == "kind" and value not in ("directive", "commitment"):
        raise ValueError(f"kind: '{value}' is not directive or commitment")
    return FieldEdit(column, value)


DAY_FORMATS = "use YYYY-MM-DD or DD/MM/YYYY"


def parse_day(text: str) -> date:
    """A day as ISO ("2025-09-30") or as Vietnamese readers write it ("30/09/2025", also "30/9/2025"), the
    form the web app and every message show; raises ``ValueError`` otherwise."""
    value = text.strip()
    day_first = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if day_first:
        day, month, year = (int(part) for part in day_first.groups())
        return date(year, month, day)
    return date.fromisoformat(value)


def count_statuses(statuses: Iterable[str]) -> dict[str, int]:
    """{'open_on_time': 2, ...} with every status present (zero when absent)."""
    counts = dict.fromkeys(STATUSES, 0)
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts
