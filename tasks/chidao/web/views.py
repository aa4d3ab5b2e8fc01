"""Presentation helpers for the templates: Vietnamese labels, dates, highlighted text, chart geometry.

Pure functions of the data the services return; the templates only place their results (and Jinja's
autoescape escapes every piece of text, so a ``<script>`` in an article is shown, never run).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from chidao.core.messages import ITEM_KIND_NAMES_VI, TOPIC_NAMES_VI
from chidao.core.tracking import STATUS_LABELS_VI, STATUSES

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REVIEW_LABELS_VI = {"new": "chưa duyệt", "confirmed": "đã xác nhận", "rejected": "đã loại", "edited": "đã sửa"}
PROGRESS_LABELS_VI = {"open": "chưa thực hiện", "in_progress": "đang thực hiện", "done": "đã hoàn thành"}
FIELD_LABELS_VI = {
    "text": "nội dung",
    "kind": "loại",
    "issuer": "người chỉ đạo",
    "assignee": "đơn vị thực hiện",
    "deadline_text": "thời hạn",
    "due_date": "hạn",
    "review_state": "trạng thái duyệt",
    "progress": "tiến độ",
    "completed_on": "ngày hoàn thành",
    "status": "tình trạng",
}
HEALTH_LABELS_VI = {
    "ok": "bình thường",
    "degraded": "đọc được một phần",
    "failing": "lỗi",
    "new": "chưa đọc",
    "disabled": "tắt",
}
STATUS_COLORS = {
    "done_on_time": "#2e7d32",
    "done_late": "#9e9d24",
    "open_on_time": "#1565c0",
    "open_overdue": "#c62828",
    "no_deadline": "#757575",
}


def vn_date(value: date | str | None) -> str:
    """date(2025, 9, 30) or "2025-09-30" -> "30/09/2025"; None -> ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: datetime | None) -> str:
    """A UTC time as Vietnam's local time: "30/09/2025 14:05"."""
    return "" if value is None else value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def label(kind: str, key: str | None) -> str:
    tables = {
        "status": STATUS_LABELS_VI,
        "review": REVIEW_LABELS_VI,
        "progress": PROGRESS_LABELS_VI,
        "field": FIELD_LABELS_VI,
        "kind": ITEM_KIND_NAMES_VI,
        "topic": TOPIC_NAMES_VI,
        "health": HEALTH_LABELS_VI,
    }
    return "" if key is None else tables[kind].get(key, key)


@dataclass(frozen=True)
class Segment:
    text: str
    mark: str | None  # None | "evidence" | "action"


def highlight(text: str, evidence: tuple[int, int] | None, action: tuple[int, int] | None) -> list[Segment]:
    """Cut ``text`` into plain, evidence and action pieces; ``action`` is relative to the evidence start.

    >>> [(s.text, s.mark) for s in highlight("A. Sở X làm Y. B.", (3, 14), (5, 11))]
    [('A. ', None), ('Sở X ', 'evidence'), ('làm Y.', 'action'), (' B.', None)]
    """
    if evidence is None or not 0 <= evidence[0] < evidence[1] <= len(text):
        return [Segment(text, None)]
    start, end = evidence
    cuts = [(0, start, None), (start, end, "evidence"), (end, len(text), None)]
    if action is not None and 0 <= action[0] < action[1] <= end - start:
        a_start, a_end = start + action[0], start + action[1]
        cuts[1:2] = [(start, a_start, "evidence"), (a_start, a_end, "action"), (a_end, end, "evidence")]
    return [Segment(text[a:b], mark) for a, b, mark in cuts if b > a]


def item_spans(
    text: str, sentence: str, action_start: int, action_end: int
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(evidence sentence span in ``text``, action span relative to it) for ``highlight``.

    The item stores where its action sits in the article; the sentence around it is found by looking for
    the evidence sentence that contains that place.
    >>> item_spans("A. Sở X làm Y. B.", "Sở X làm Y.", 8, 14)
    ((3, 14), (5, 11))
    """
    if not 0 <= action_start < action_end <= len(text):
        return None, None
    at = text.find(sentence) if sentence else -1
    while at >= 0:
        if at <= action_start and action_end <= at + len(sentence):
            return (at, at + len(sentence)), (action_start - at, action_end - at)
        at = text.find(sentence, at + 1)
    return (action_start, action_end), (0, action_end - action_start)


@dataclass(frozen=True)
class Bar:
    """One week of the status chart: a stacked column of rectangles (y grows downwards, as in SVG)."""

    label: str
    x: float
    parts: tuple[tuple[str, float, float], ...]  # (status, y, height)
    total: int


def chart_bars(timeline: Sequence[tuple[date, dict[str, int]]], height: float = 160, width: float = 36) -> list[Bar]:
    """SVG geometry of a stacked bar chart of items by status, scaled to the largest week."""
    top = max((sum(counts.values()) for _, counts in timeline), default=0) or 1
    bars = []
    for index, (day, counts) in enumerate(timeline):
        y = height
        parts = []
        for status in STATUSES:
            h = counts.get(status, 0) / top * height
            if h > 0:
                y -= h
                parts.append((status, round(y, 1), round(h, 1)))
        bars.append(Bar(day.strftime("%d/%m"), index * (width + 8), tuple(parts), sum(counts.values())))
    return bars


def rate_text(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"
