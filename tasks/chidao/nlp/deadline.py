"""Finding and normalising deadlines ("trước ngày 30/6/2025", "trong quý IV/2024", "hằng tháng").

``find_deadline`` returns a time expression exactly as written inside an item;
``normalize_deadline`` turns it into a due date (end of period for months,
quarters and years; the start for open ranges such as "kể từ ...") or, for
recurring duties, a recurrence rule in iCalendar RRULE style. Vague times
("trong mùa mưa", "thời gian tới", "ngay") are not deadlines and never match.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache

_TIME = r"\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?"
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
_DATE = r"(?<!\d)\d{1,2}[/-]\d{1,2}(?:[/-]\d{4})?(?![\d/-])"
_EVERY = r"(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)"
_UNTIL = r"(?:\s+(?:cho\s+)?đến\s+khi\s+[^,;.:]{3,40})?"
_ROMAN = r"(?:IV|I{1,3})"

_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "trước 9 giờ thứ Ba hằng tuần", "định kỳ hằng tháng", "mỗi quý", "từ 7 giờ đến 11 giờ hằng ngày"
        rf"(?:định\s+kỳ\s+)?(?:(?:trước|vào|từ)\s+{_TIME}\s+(?:(?:đến|và)\s+{_TIME}\s+)?)?(?:{_WEEKDAY}\s+)?{_EVERY}",
        r"định\s+kỳ\s+\d+\s+(?:ngày|tuần|tháng|năm)\s*(?:một|1)\s+lần",
        # "trước 17 giờ ngày 12/9", "chậm nhất ngày 15/10", "trong các ngày 3 và 4/8/2027", "kể từ 12 giờ ..."
        rf"(?:trước|chậm\s+nhất|muộn\s+nhất|đến|vào|trong|kể\s+từ|từ|hết)\s+(?:{_TIME}\s+)?"
        rf"(?:(?:các\s+)?ngày\s+)?(?:\d{{1,2}}(?:/\d{{1,2}})?\s+và\s+(?:ngày\s+)?)?{_DATE}{_UNTIL}",
        # "trước 18 giờ", "chậm nhất 7 giờ sáng mai": a time of day without its date
        rf"(?:trước|chậm\s+nhất|muộn\s+nhất)\s+{_TIME}(?:\s+(?:sáng|trưa|chiều|tối)(?:\s+(?:nay|mai))?)?",
        # "trong tháng 11", "trong quý IV/2024", "đến hết tháng 9 năm 2025"
        rf"(?:trong|đến\s+hết|hết|trước|đến|ngay\s+trong)\s+(?:tháng\s+\d{{1,2}}|quý\s+(?:{_ROMAN}|[1-4]))"
        r"(?:/\d{4}|\s+năm\s+\d{4})?",
        # "ngay từ đầu năm 2021", "trong năm 2026", "đến hết năm 2025", "ngay từ các tháng đầu năm"
        r"(?:ngay\s+)?từ\s+đầu\s+năm(?:\s+học)?(?:\s+\d{4}(?:\s*-\s*\d{4})?)?",
        r"(?:trong|đến\s+hết|hết|trước|cuối|đến)\s+năm\s+\d{4}",
        r"ngay\s+từ\s+(?:những\s+)?tháng\s+(?:đầu|cuối)\s+năm",
        # "trước Tết Nguyên đán năm 2027"
        r"trước\s+(?:dịp\s+)?Tết\s+Nguyên\s+đán(?:(?:\s+\w+){0,2}\s+\d{4})?",
        # "trước ngày khai giảng", "trước thời điểm đại hội"
        # "trước ngày tựu trường 20/8/2027": the event may carry its date
        rf"trước\s+(?:ngày|thời\s+điểm)\s+(?!\d)[^\d,;.:]{{3,40}}?(?:\s+(?:ngày\s+)?{_DATE})?(?=[,;.:]|$)",
        # "trong kỳ điều chỉnh dự toán giữa năm", "trước kỳ họp thứ 5": a session or budget round
        r"(?:trong|tại|trước|vào)\s+(?:dịp\s+)?kỳ\s+(?:họp|điều\s+chỉnh|giao\s+ban|sơ\s+kết|tổng\s+kết)"
        r"[^,;.:]{0,40}?(?:giữa|cuối|đầu)\s+năm(?:\s+\d{4})?",
        r"trước\s+kỳ\s+họp\s+(?:thứ|thường|chuyên|cuối|giữa)[^,;.:]{0,30}?(?=[,;.:]|$)",
        # "trong vòng 48 giờ", "trong 30 ngày kể từ ngày nhận được văn bản": a span counted from an event
        r"trong\s+(?:vòng\s+|thời\s+hạn\s+)?\d+\s+(?:giờ|ngày(?:\s+làm\s+việc)?|tuần|tháng)"
        r"(?:\s+kể\s+từ\s+(?:ngày|khi|thời\s+điểm)\s+[^,;.:]{3,45}?(?=[,;.:]|$))?",
        # "định kỳ 2 lần/ngày vào 7 giờ và 16 giờ", "3 lần/tuần": a count per period, with its times
        rf"(?:định\s+kỳ\s+)?(?<!\d)\d+\s+lần\s*/\s*(?:ngày|tuần|tháng|quý|năm)"
        rf"(?:\s+(?:vào|lúc)\s+{_TIME}(?:\s*(?:,|và)\s*{_TIME})*)?",
        # "trước khi mở cửa xả tràn ít nhất 2 giờ", "trước khi khai giảng": a relative deadline kept as written
        r"trước\s+khi\s+[^,;.:]{3,45}?(?=[,;.:]|$)",
        # "từ nay đến hết tháng Chạp", "từ nay đến cuối năm"
        r"từ\s+nay\s+đến\s+(?:hết\s+|cuối\s+)?(?:tháng|năm|quý|ngày|dịp|mùa)(?:\s+[^\s,;.:]+){0,3}",
        # "tại kỳ họp thường lệ cuối năm 2027": the session where a report is due
        r"tại\s+kỳ\s+họp\s+[^,;.:]{0,40}?năm\s+\d{4}",
        # a bare date as last resort: "cho học sinh nghỉ ngày 5/11/2027"
        rf"ngày\s+{_DATE}",
        # "2 đến 4 tuần một lần": a recurring interval
        r"(?<!\d)\d+\s+đến\s+\d+\s+(?:ngày|tuần|tháng|năm)(?!\s*/)",
        r"(?:cho\s+)?đến\s+khi\s+kết\s+thúc\s+[^,;.:]{3,30}",
        r"trong\s+thời\s+gian\s+(?:tổ\s+chức|diễn\s+ra)\s+[^,;.:]{3,30}",
        r"sau\s+khi\s+[^,;.:]{3,50}(?=,)",
    )
)


# A document's number right before a date: "Chỉ thị số 05/CT-UBND ngày 13/3/2026" dates the document.
# "(?<!\d)": one start per run of digits, so a long number costs one pass (#15).
_DOCUMENT_NUMBER = re.compile(r"(?<!\d)\d+/[A-ZĐ][\w./-]*\s*$")


def _document_date(segment: str, start: int) -> bool:
    return bool(_DOCUMENT_NUMBER.search(segment[max(0, start - 40) : start]))


def _valid_date_text(text: str) -> bool:
    """Reject shapes that only look like dates ("24/24 giờ", "23/24 chỉ tiêu")."""
    for day, month in re.findall(r"(\d{1,2})[/-](\d{1,2})(?!\d)", text):
        if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
            return False
    return True


@lru_cache(maxsize=8192)
def find_deadline(segment: str) -> str | None:
    """The time expression inside ``segment`` as written, or ``None``.

    Examples: "xong trước ngày 21/4/2027" -> "trước ngày 21/4/2027";
    "báo cáo ... định kỳ hằng tháng" -> "định kỳ hằng tháng"; "trong mùa mưa" -> None.
    The leftmost expression wins; among those starting at the same place, the longest.
    """
    best: tuple[int, int] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(segment):
            if m.start() > 0 and segment[m.start() - 1].isalnum():
                continue
            if not _valid_date_text(m.group(0)) or _document_date(segment, m.start()):
                continue
            span = (m.start(), m.end())
            if best is None or span[0] < best[0] or (span[0] == best[0] and span[1] > best[1]):
                best = span
            break
    if best is None:
        return None
    return segment[best[0] : best[1]].strip()


_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4}
_WEEKDAYS = {"hai": "MO", "2": "MO", "ba": "TU", "3": "TU", "tư": "WE", "4": "WE", "năm": "TH", "5": "TH"}
_WEEKDAYS |= {"sáu": "FR", "6": "FR", "bảy": "SA", "7": "SA"}
_FREQ = {"ngày": "DAILY", "tuần": "WEEKLY", "tháng": "MONTHLY", "quý": "MONTHLY", "năm": "YEARLY"}


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _recurrence(low: str) -> str | None:
    m = re.search(r"(?<!\d)\d+\s+lần\s*/\s*(ngày|tuần|tháng|quý|năm)", low)
    if m:
        # "2 lần/ngày vào 7 giờ và 16 giờ" -> FREQ=DAILY;BYHOUR=7,16
        parts = [f"FREQ={_FREQ[m.group(1)]}"] + (["INTERVAL=3"] if m.group(1) == "quý" else [])
        hours = [str(int(h)) for h in re.findall(r"(\d{1,2})\s*(?:giờ|h)\b", low[m.end() :])]
        if hours:
            parts.append("BYHOUR=" + ",".join(hours))
        return ";".join(parts)
    m = re.search(r"định\s+kỳ\s+(\d+)\s+(ngày|tuần|tháng|năm)", low)
    if m:
        return f"FREQ={_FREQ[m.group(2)]};INTERVAL={int(m.group(1))}"
    m = re.search(r"(?:hằng|hàng|mỗi)\s+(ngày|tuần|tháng|quý|năm)", low)
    if not m:
        return None
    unit = m.group(1)
    parts = [f"FREQ={_FREQ[unit]}"]
    if unit == "quý":
        parts.append("INTERVAL=3")
    day = re.search(r"thứ\s+(hai|ba|tư|năm|sáu|bảy|[2-7])", low)
    if day:
        parts.append(f"BYDAY={_WEEKDAYS[day.group(1)]}")
    hour = re.search(r"(\d{1,2})\s*(?:giờ|h)", low)
    if hour:
        parts.append(f"BYHOUR={int(hour.group(1))}")
    return ";".join(parts)


def _roll(day: dt.date, reference: dt.date | None, year_given: bool) -> dt.date:
    """A date without a year that already passed at publication belongs to the next year."""
    if reference is not None and not year_given and day < reference:
        try:
            return day.replace(year=day.year + 1)
        except ValueError:  # 29/2 in a non-leap year
            return _end_of_month(day.year + 1, 2)
    return day


def normalize_deadline(
    expr: str, reference: dt.date | None, *, lunar_new_year: Mapping[int, dt.date] | None = None
) -> tuple[dt.date | None, str | None]:
    """``(due_date, recurrence)`` for a time expression; ``reference`` gives a missing year.

    Examples (reference 2024-08-22): "chậm nhất ngày 30/9" -> (2024-09-30, None);
    "trong quý IV/2024" -> (2024-12-31, None); "trong tháng 2/2024" -> (2024-02-29, None);
    "định kỳ hằng tháng" -> (None, "FREQ=MONTHLY"); "trong mùa mưa" -> (None, None).
    "trước Tết Nguyên đán 2025" needs ``lunar_new_year`` (the table of ``lexicons/time.yaml``) and gives
    the day before Tết; without the table it gives (None, None).
    """
    low = expr.lower().strip()
    recurrence = _recurrence(low)
    if recurrence is not None:
        return None, recurrence
    ref_year = reference.year if reference else None

    dates = re.findall(r"(?<!\d)(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}))?(?!\d)", low)
    if dates:
        # "các ngày 3 và 4/8/2027": the due date is the last day; the last date gives month/year.
        day_s, month_s, year_s = dates[-1]
        if not year_s and ref_year is None:
            return None, None
        year = int(year_s) if year_s else ref_year
        assert year is not None
        try:
            day = dt.date(year, int(month_s), int(day_s))
        except ValueError:
            return None, None
        if re.search(r"(?:kể\s+)?từ\s", low) and len(dates) == 1:
            return day, None  # an open range keeps its start
        return _roll(day, reference, bool(year_s)), None

    m = re.search(r"tháng\s+(\d{1,2})(?:/(\d{4})|\s+năm\s+(\d{4}))?", low)
    if m and "năm học" not in low and "tháng đầu" not in low and "tháng cuối" not in low:
        month = int(m.group(1))
        year_s = m.group(2) or m.group(3)
        if not 1 <= month <= 12 or (not year_s and ref_year is None):
            return None, None
        year = int(year_s) if year_s else ref_year
        assert year is not None
        due = _end_of_month(year, month)
        if reference is not None and not year_s and due < reference:
            due = _end_of_month(year + 1, month)
        return due, None

    m = re.search(r"quý\s+(iv|iii|ii|i|[1-4])(?:/(\d{4})|\s+năm\s+(\d{4}))?", low)
    if m:
        token = m.group(1).upper()
        quarter = _ROMAN_VALUES.get(token) or int(token)
        year_s = m.group(2) or m.group(3)
        if not year_s and ref_year is None:
            return None, None
        year = int(year_s) if year_s else ref_year
        assert year is not None
        return _end_of_month(year, quarter * 3), None

    if "tết nguyên đán" in low:
        year_m = re.search(r"(\d{4})", low)
        table = lunar_new_year or {}
        if year_m:
            tet = table.get(int(year_m.group(1)))
        else:
            upcoming = sorted(d for d in table.values() if reference is None or d >= reference)
            tet = upcoming[0] if upcoming and reference is not None else None
        return (tet - dt.timedelta(days=1) if tet else None), None

    m = re.search(r"trong\s+vòng\s+(\d+)\s+(ngày|tuần|tháng)", low)
    if m:
        if reference is None:
            return None, None
        n = int(m.group(1))
        if m.group(2) == "ngày":
            return reference + dt.timedelta(days=n), None
        if m.group(2) == "tuần":
            return reference + dt.timedelta(weeks=n), None
        month_index = reference.month - 1 + n
        year, month = reference.year + month_index // 12, month_index % 12 + 1
        return min(reference.replace(day=1).replace(year=year, month=month), _end_of_month(year, month)).replace(
            day=min(reference.day, calendar.monthrange(year, month)[1])
        ), None

    m = re.search(r"năm\s+(\d{4})", low)
    if m and "năm học" not in low:
        year = int(m.group(1))
        if re.search(r"từ\s+đầu\s+năm", low):
            return dt.date(year, 1, 1), None
        return dt.date(year, 12, 31), None
    if re.search(r"từ\s+đầu\s+năm$", low) and ref_year is not None:
        return dt.date(ref_year, 1, 1), None
    if re.search(r"tháng\s+cuối\s+năm", low) and ref_year is not None:
        return dt.date(ref_year, 12, 31), None
    return None, None
