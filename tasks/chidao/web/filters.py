"""The queue's filter as it lives in the URL: parsing query parameters into an ``ItemFilter`` and back.

Parsing only: the filtering itself is ``chidao.services.items``. Every bad value is a ``FilterError`` whose
message names the parameter, in Vietnamese, for the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

from chidao.core.tracking import parse_day, parse_review_state, parse_status
from chidao.services.items import ItemFilter

FILTER_KEYS = ("q", "province", "topic", "assignee", "issuer", "status", "review", "due_from", "due_to", "feed", "ids")
MAX_FILTER_CHARS = 200
MAX_IDS = 5000
_ID_RANGES = re.compile(r"^\d+(-\d+)?(,\d+(-\d+)?)*$")


class FilterError(ValueError):
    """``str(exc)`` is shown to the person who typed the value."""


def parse_date_vi(value: str, label: str) -> date:
    """ "30/09/2025" (as people write it) or "2025-09-30" (as a date input sends it): the CLI's ``parse_day``,
    with the message in Vietnamese for the page."""
    text = value.strip()
    try:
        return parse_day(text)
    except ValueError:
        raise FilterError(f"{label}: '{text}' không phải ngày hợp lệ (dd/mm/yyyy)") from None


def parse_id_ranges(value: str) -> tuple[int, ...]:
    """ "3-5,9" -> (3, 4, 5, 9): the compact id list a Slack digest links with."""
    text = value.replace(" ", "")
    if not _ID_RANGES.match(text):
        raise FilterError(f"ids: '{value}' không phải danh sách mã (ví dụ 3-5,9)")
    ids: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        first, last = int(low), int(high or low)
        if last < first or len(ids) + last - first + 1 > MAX_IDS:
            raise FilterError(f"ids: '{value}' quá dài hoặc sai thứ tự (tối đa {MAX_IDS} mã)")
        ids.extend(range(first, last + 1))
    return tuple(ids)


def _text(params: Mapping[str, str], key: str) -> str | None:
    value = (params.get(key) or "").strip()
    if len(value) > MAX_FILTER_CHARS:
        raise FilterError(f"{key}: dài quá {MAX_FILTER_CHARS} ký tự")
    return value or None


def filter_from_query(params: Mapping[str, str]) -> ItemFilter:
    """The ``ItemFilter`` a queue URL describes; unknown parameters are ignored."""
    status = _text(params, "status")
    review = _text(params, "review")
    due_from, due_to, ids = _text(params, "due_from"), _text(params, "due_to"), _text(params, "ids")
    try:
        status_key = parse_status(status) if status else None
        review_key = parse_review_state(review) if review else None
    except ValueError as exc:
        raise FilterError(str(exc)) from None
    return ItemFilter(
        search=_text(params, "q"),
        province=_text(params, "province"),
        topic=_text(params, "topic"),
        assignee=_text(params, "assignee"),
        issuer=_text(params, "issuer"),
        status=status_key,
        review_state=review_key,
        due_from=parse_date_vi(due_from, "Hạn từ") if due_from else None,
        due_to=parse_date_vi(due_to, "Hạn đến") if due_to else None,
        feed=_text(params, "feed"),
        item_ids=parse_id_ranges(ids) if ids else None,
    )


def page_number(params: Mapping[str, str]) -> int:
    raw = (params.get("page") or "1").strip()
    if not raw.isdigit() or int(raw) < 1:
        raise FilterError(f"page: '{raw}' không phải số trang")
    return int(raw)


def filter_query(params: Mapping[str, str], **changes: str | int | None) -> str:
    """The query string of the current filter with ``changes`` applied (empty values left out)."""
    merged: dict[str, str | int | None] = {key: params.get(key) for key in (*FILTER_KEYS, "page")}
    merged.update(changes)
    return urlencode({key: value for key, value in merged.items() if value not in (None, "")})
