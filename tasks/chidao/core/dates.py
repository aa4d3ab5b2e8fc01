"""Vietnamese date lines: the "when was this published" line portals print near a title.

Pure (no I/O); shared by page metadata (``chidao.core.pagemeta``, HTML pages)
and by the extractor's article-text dates. Shapes recognised, all day first
and read as Vietnam time (UTC+7, no daylight saving)::

    Cập nhật: 12/4/2024                    -> 2024-04-12 00:00 +07:00, no time
    Thứ Hai, 08/07/2024 - 10:15            -> 2024-07-08 10:15 +07:00
    20:55, 22/06/2022                      -> 2022-06-22 20:55 +07:00
    Ngày đăng: 05-01-2026 07:30:12         -> 2026-01-05 07:30:12 +07:00
    Chủ nhật, ngày 3 tháng 8 năm 2025      -> 2025-08-03, no time
    10h30 ngày 14/3/2026                   -> 2026-03-14 10:30 +07:00

A *line* is a date line only when it is short and the date is most of it
(an optional label such as "Cập nhật", "Đăng lúc", "Ngày đăng", "Ngày",
a weekday, the time and the date, and at most a few other words such as a
city name or "GMT+7"): the sentence "hoàn thành trước ngày 30/9/2026" is not
a publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

VIETNAM_TZ = timezone(timedelta(hours=7))

# The longest date line seen on portals ("Thứ Năm, ngày 12 tháng 12 năm 2024 | 10:15 GMT+7") is ~55 characters.
MAX_LINE_CHARS = 80
# Words a date line may carry besides its label, weekday, time and date ("Hà Nội", "GMT+7", "(GMT+7)").
MAX_OTHER_WORDS = 3

_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật|cn|t[2-7])"
_LABEL = (
    r"(?:cập\s+nhật(?:\s+lúc)?|ngày\s+cập\s+nhật|đăng\s+(?:lúc|ngày)|ngày\s+đăng|ngày\s+xuất\s+bản|"
    r"xuất\s+bản|thời\s+gian\s+đăng|đăng\s+tải|ngày\s+ban\s+hành|published|updated|posted|ngày)"
)
_TIME = (
    r"(?P<hour{n}>[01]?\d|2[0-3])\s*(?::|h|giờ)\s*(?P<minute{n}>[0-5]\d)?"
    r"(?::(?P<second{n}>[0-5]\d))?(?:\s*(?:phút|'))?"
)
_NUMERIC_DATE = r"(?P<day>[0-3]?\d)\s*[/.-]\s*(?P<month>[01]?\d)\s*[/.-]\s*(?P<year>(?:19|20)\d\d)"
_WORDED_DATE = (
    r"(?:ngày\s+)?(?P<wday>[0-3]?\d)\s+tháng\s+(?P<wmonth>[01]?\d)\s*(?:,\s*|\s+)năm\s+(?P<wyear>(?:19|20)\d\d)"
)
_ISO_DATE = r"(?P<iyear>(?:19|20)\d\d)-(?P<imonth>[01]\d)-(?P<iday>[0-3]\d)"

_DATE_RE = re.compile(
    rf"(?:{_TIME.format(n='1')}\s*(?:[,|–-]\s*|\s+)(?:ngày\s+)?)?"
    rf"(?:{_NUMERIC_DATE}|{_WORDED_DATE}|{_ISO_DATE})"
    rf"(?:\s*(?:[,|–-]\s*|\s+|T)(?:lúc\s+)?{_TIME.format(n='2')})?",
    re.IGNORECASE,
)
_FILLER_RE = re.compile(
    rf"{_LABEL}|{_WEEKDAY}|gmt\s*[+-]\s*\d{{1,2}}|utc\s*[+-]?\s*\d{{0,2}}|lúc|[:|,()\[\]–\-/.•·]",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class DateLine:
    """A publication date read from a line: ``when`` is Vietnam local time made aware (midnight when the line
    gives no time, ``has_time`` False); ``text`` is the line as found."""

    when: datetime
    has_time: bool
    text: str

    @property
    def utc(self) -> datetime:
        return self.when.astimezone(UTC)


def parse_date_line(line: str) -> DateLine | None:
    """The date of ``line`` when the line is a date line (see the module docstring), else None.

    >>> parse_date_line("Thứ Hai, 08/07/2024 - 10:15").when.isoformat()
    '2024-07-08T10:15:00+07:00'
    >>> parse_date_line("Sở Xây dựng hoàn thành trước ngày 30/9/2026") is None
    True
    """
    text = " ".join(line.split())
    if not text or len(text) > MAX_LINE_CHARS:
        return None
    match = _DATE_RE.search(text)
    if match is None:
        return None
    rest = _FILLER_RE.sub(" ", text[: match.start()] + " " + text[match.end() :])
    if len(_WORD_RE.findall(rest)) > MAX_OTHER_WORDS:
        return None
    return _date_of(match, text)


def first_date_line(text: str, *, max_lines: int = 40) -> DateLine | None:
    """The first date line among the first ``max_lines`` non-empty lines of ``text`` (plain text)."""
    seen = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        found = parse_date_line(line)
        if found is not None:
            return found
        seen += 1
        if seen >= max_lines:
            break
    return None


def _date_of(match: re.Match[str], text: str) -> DateLine | None:
    groups = match.groupdict()
    day = groups["day"] or groups["wday"] or groups["iday"]
    month = groups["month"] or groups["wmonth"] or groups["imonth"]
    year = groups["year"] or groups["wyear"] or groups["iyear"]
    hour = groups["hour1"] or groups["hour2"]
    minute = groups["minute1"] if groups["hour1"] else groups["minute2"]
    second = groups["second1"] if groups["hour1"] else groups["second2"]
    try:
        when = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=VIETNAM_TZ,
        )
    except ValueError:
        return None
    return DateLine(when=when, has_time=hour is not None, text=text)
