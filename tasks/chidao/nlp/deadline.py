"""Finding and normalising deadlines ("trước ngày 30/6/2025", "trong quý IV/2024", "hằng tháng").

``find_deadline`` returns a time expression exactly as written inside an item;
``normalize_deadline`` turns it into a due date (end of period for months,
quarters and years; the start for open ranges such as "kể từ ...") or, for
recurring duties, a recurrence rule in iCalendar RRULE style. Vague times
("trong mùa mưa", "thời gian tới", "ngay") are not deadlines and never match.

The expressions and words are data: ``deadlines`` in ``config/lexicons/time.yaml``
(``DeadlineRules``); the module functions use the bundled file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

from chidao.config import load_model
from chidao.config.models import DeadlinesSection, TimeFile
from chidao.resources import bundled_config_dir

TIME_FILE = "lexicons/time.yaml"

# Any date written d/m or d/m/yyyy ("-" also separates): the last one of an expression gives the due date.
_DATES = re.compile(r"(?<!\d)(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}))?(?!\d)")
_DAY_MONTH = re.compile(r"(\d{1,2})[/-](\d{1,2})(?!\d)")
# "15.12.2020": some papers write a full date with dots; only with its year (a bare "2.5" is a number)
_DOTTED_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]\d)")
_YEAR = re.compile(r"(\d{4})")
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4}
# iCalendar frequency of a period unit; a quarter is three months.
_FREQ = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "quarter": "MONTHLY", "year": "YEARLY"}


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _valid_date_text(text: str) -> bool:
    """Reject shapes that only look like dates ("24/24 giờ", "23/24 chỉ tiêu")."""
    slashed = _slashed(text)
    return all(1 <= int(day) <= 31 and 1 <= int(month) <= 12 for day, month in _DAY_MONTH.findall(slashed))


def _slashed(text: str) -> str:
    """ "15.12.2020" written "15/12/2020", as the date patterns read dates."""
    return _DOTTED_DATE.sub(r"\1/\2/\3", text)


def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` for lower-cased text: its literal letters in lower case, escapes ("\\S", "\\D") as
    written, without IGNORECASE. A pattern whose group names would change keeps its case-blind form."""
    source, out, i = pattern.pattern, [], 0
    while i < len(source):
        if source[i] == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        out.append(source[i].lower())
        i += 1
    try:
        lowered = re.compile("".join(out), pattern.flags & ~re.IGNORECASE)
    except re.error:  # an inline flag in capitals ("(?L)") has no lower-case spelling
        return pattern
    return lowered if lowered.groupindex == pattern.groupindex else pattern


def _literals(parsed: Any) -> list[tuple[str, ...]]:
    """Literal text every match of ``parsed`` (a sequence of ``re._parser``) holds, as a list of
    alternatives of which one occurs: "(?:trong|hết)\\s+năm\\s+\\d{4}" -> [("trong", "hết"), ("năm",)].
    Only parts every match passes through count: no optional repeat, no lookaround, no case-blind group."""
    found: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in parsed:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            found.append(("".join(run),))
            run = []
        if op is _sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            found.extend(_literals(av[-1]))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            found.extend(_literals(av[2]))
        elif op is _sre.BRANCH:
            branches = [_literals(branch) for branch in av[1]]
            if all(branches):
                found.append(tuple(word for branch in branches for word in _longest(branch)))
    if run:
        found.append(("".join(run),))
    return found


def _longest(found: list[tuple[str, ...]]) -> tuple[str, ...]:
    return max(found, key=lambda words: min(len(w) for w in words))


def _gate(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Words of which a text must hold one for ``pattern`` to match in it (none when that is not known)."""
    if pattern.flags & re.IGNORECASE:
        return ()
    found = _literals(_sre_parse.parse(pattern.pattern, pattern.flags))
    return _longest(found) if found else ()


def _year_of(written: str | None, reference_year: int | None) -> int | None:
    return int(written) if written else reference_year


def _roll(day: dt.date, reference: dt.date | None, year_given: bool) -> dt.date:
    """A date without a year that already passed at publication belongs to the next year."""
    if reference is not None and not year_given and day < reference:
        try:
            return day.replace(year=day.year + 1)
        except ValueError:  # 29/2 in a non-leap year
            return _end_of_month(day.year + 1, 2)
    return day


def _end_of_period(unit: str, ahead: int, reference: dt.date | None) -> dt.date | None:
    """The last day of the week (Sunday) or month of ``reference``, or of the one ``ahead`` of it."""
    if reference is None:
        return None
    if unit == "week":
        return reference + dt.timedelta(days=6 - reference.weekday() + 7 * ahead)
    if unit == "month":
        later = _months_later(reference.replace(day=1), ahead)
        return _end_of_month(later.year, later.month)
    return None


def _months_later(reference: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day when it is shorter."""
    index = reference.month - 1 + months
    year, month = reference.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(reference.day, calendar.monthrange(year, month)[1]))


Due = tuple[dt.date | None, str | None]


@dataclass(frozen=True)
class DeadlineRules:
    """The compiled ``deadlines`` section of ``lexicons/time.yaml``."""

    find_patterns: tuple[re.Pattern[str], ...]
    # The same patterns in lower case, compiled without IGNORECASE, for a lower-cased segment: case-blind
    # matching compares case-folded characters one by one and took half of the time of finding.
    lowered_patterns: tuple[re.Pattern[str], ...]
    # Per lowered pattern, words of which a segment must hold one for it to match ("hằng", "hàng", "mỗi"): most
    # segments hold no deadline, and a substring test is far cheaper than the regex scan of the segment.
    gates: tuple[frozenset[str], ...]
    # every word of the gates: a segment is searched once for each, not once per pattern that names it
    gate_words: tuple[str, ...]
    document_number: re.Pattern[str]
    normalize: dict[str, re.Pattern[str]]
    units: dict[str, str]
    weekdays: dict[str, str]

    @classmethod
    def of(cls, section: DeadlinesSection) -> DeadlineRules:
        find_patterns = tuple(re.compile(section.expand(p), re.IGNORECASE) for p in section.find)
        lowered_patterns = tuple(_lowered(p) for p in find_patterns)
        gates = tuple(frozenset(_gate(p)) for p in lowered_patterns)
        return cls(
            find_patterns=find_patterns,
            lowered_patterns=lowered_patterns,
            gates=gates,
            gate_words=tuple(sorted(frozenset().union(*gates))),
            document_number=re.compile(section.document_number),
            normalize={name: re.compile(pattern) for name, pattern in section.normalize.model_dump().items()},
            units=dict(section.units),
            weekdays=dict(section.weekdays),
        )

    def _search(self, name: str, text: str) -> re.Match[str] | None:
        return self.normalize[name].search(text)

    # ------------------------------------------------------------------------------------------- finding

    def find(self, segment: str) -> str | None:
        """The time expression inside ``segment`` as written, or ``None`` (see ``find_deadline``)."""
        best: tuple[int, int] | None = None
        low = segment.lower()
        # a letter whose lower case has another length ("İ") would shift the offsets: match case-blind then
        lowered = len(low) == len(segment)
        scanned, patterns = (low, self.lowered_patterns) if lowered else (segment, self.find_patterns)
        gates = self.gates if lowered else (frozenset(),) * len(patterns)
        present = {word for word in self.gate_words if word in scanned} if lowered else set()
        for pattern, gate in zip(patterns, gates, strict=True):
            if gate and present.isdisjoint(gate):
                continue
            for m in pattern.finditer(scanned):
                if m.start() > 0 and segment[m.start() - 1].isalnum():
                    continue
                if not _valid_date_text(m.group(0)) or self._document_date(segment, m.start()):
                    continue
                if best is None or m.start() < best[0] or (m.start() == best[0] and m.end() > best[1]):
                    best = (m.start(), m.end())
                break
        return None if best is None else segment[best[0] : best[1]].strip()

    def _document_date(self, segment: str, start: int) -> bool:
        return bool(self.document_number.search(segment[max(0, start - 40) : start]))

    # ----------------------------------------------------------------------------------------- recurrence

    def recurrence(self, low: str) -> str | None:
        """An RRULE for a recurring duty ("2 lần/ngày vào 7 giờ", "định kỳ 3 tháng", "hằng tuần"), or None."""
        m = self._search("count_per_period", low)
        if m:
            unit = self.units[m.group("unit")]
            hours = [str(int(h)) for h in self.normalize["count_hour"].findall(low[m.end() :])]
            return ";".join([*self._frequency(unit), *(["BYHOUR=" + ",".join(hours)] if hours else [])])
        m = self._search("every_n", low)
        if m:
            return f"FREQ={_FREQ[self.units[m.group('unit')]]};INTERVAL={int(m.group('n'))}"
        m = self._search("every", low)
        if not m:
            return None
        parts = self._frequency(self.units[m.group("unit")])
        day = self._search("weekday", low)
        if day:
            parts.append(f"BYDAY={self.weekdays[day.group('weekday')]}")
        month_day = self._search("month_day", low)
        if month_day:
            parts.append(f"BYMONTHDAY={int(month_day.group('day'))}")
        hour = self._search("hour", low)
        if hour:
            parts.append(f"BYHOUR={int(hour.group(1))}")
        return ";".join(parts)

    @staticmethod
    def _frequency(unit: str) -> list[str]:
        return [f"FREQ={_FREQ[unit]}", *(["INTERVAL=3"] if unit == "quarter" else [])]

    # ------------------------------------------------------------------------------------------- due dates

    def due(self, expr: str, reference: dt.date | None, lunar_new_year: Mapping[int, dt.date] | None = None) -> Due:
        """``(due_date, recurrence)`` for a time expression (see ``normalize_deadline``)."""
        low = self._with_numeric_dates(_slashed(expr.lower().strip()))
        recurrence = self.recurrence(low)
        if recurrence is not None:
            return None, recurrence
        ref_year = reference.year if reference else None
        dates = _DATES.findall(low)
        if dates:
            return self._written_date(low, dates, reference)
        for read in (self._first_months, self._month, self._quarter):
            found = read(low, reference)
            if found is not None:
                return found
        if self._search("lunar_new_year", low):
            return self._before_lunar_new_year(low, reference, lunar_new_year or {}), None
        m = self._search("within", low)
        if m:
            return self._within(int(m.group("n")), self.units[m.group("unit")], reference), None
        if self._search("rest_of_year", low) and ref_year is not None:
            return dt.date(ref_year, 12, 31), None
        for name, ahead in (("this_period", 0), ("next_period", 1)):
            m = self._search(name, low)
            if m:
                return _end_of_period(self.units[m.group("unit")], ahead, reference), None
        return self._year(low, ref_year), None

    def _with_numeric_dates(self, low: str) -> str:
        """ "ngày 30 tháng 6 năm 2027" written "ngày 30/6/2027", as the date patterns read dates."""

        def numeric(m: re.Match[str]) -> str:
            year = f"/{m.group('year')}" if m.group("year") else ""
            return m.group(0)[: m.start("day") - m.start()] + f"{m.group('day')}/{m.group('month')}{year}"

        return self.normalize["words_date"].sub(numeric, low)

    def _written_date(self, low: str, dates: list[tuple[str, str, str]], reference: dt.date | None) -> Due:
        # "các ngày 3 và 4/8/2027": the due date is the last day; the last date gives month/year.
        day_s, month_s, year_s = dates[-1]
        year = _year_of(year_s, reference.year if reference else None)
        if year is None:
            return None, None
        try:
            day = dt.date(year, int(month_s), int(day_s))
        except ValueError:
            return None, None
        if self._search("open_range", low) and len(dates) == 1:
            return day, None  # an open range keeps its start
        return _roll(day, reference, bool(year_s)), None

    def _month(self, low: str, reference: dt.date | None) -> Due | None:
        m = self._search("month", low)
        if not m or self._search("not_a_month", low):
            return None
        month, year_s = int(m.group(1)), m.group(2) or m.group(3)
        year = _year_of(year_s, reference.year if reference else None)
        if not 1 <= month <= 12 or year is None:
            return None, None
        due = _end_of_month(year, month)
        if reference is not None and not year_s and due < reference:
            due = _end_of_month(year + 1, month)
        return due, None

    def _first_months(self, low: str, reference: dt.date | None) -> Due | None:
        """The first N months of a year end with its Nth month ("6 tháng đầu năm 2025" -> 30/6/2025)."""
        m = self._search("first_months", low)
        if not m:
            return None
        year = _year_of(m.group("year"), reference.year if reference else None)
        months = int(m.group("n")) if m.group("n").isdigit() else 0
        if year is None or not 1 <= months <= 12:
            return None, None
        return _end_of_month(year, months), None

    def _quarter(self, low: str, reference: dt.date | None) -> Due | None:
        m = self._search("quarter", low)
        if not m:
            return None
        token = m.group(1).upper()
        quarter = _ROMAN_VALUES.get(token) or int(token)
        year = _year_of(m.group(2) or m.group(3), reference.year if reference else None)
        return (None, None) if year is None else (_end_of_month(year, quarter * 3), None)

    @staticmethod
    def _before_lunar_new_year(low: str, reference: dt.date | None, table: Mapping[int, dt.date]) -> dt.date | None:
        year_m = _YEAR.search(low)
        if year_m:
            tet = table.get(int(year_m.group(1)))
        else:
            upcoming = sorted(d for d in table.values() if reference is None or d >= reference)
            tet = upcoming[0] if upcoming and reference is not None else None
        return tet - dt.timedelta(days=1) if tet else None

    @staticmethod
    def _within(count: int, unit: str, reference: dt.date | None) -> dt.date | None:
        if reference is None:
            return None
        if unit == "day":
            return reference + dt.timedelta(days=count)
        if unit == "week":
            return reference + dt.timedelta(weeks=count)
        return _months_later(reference, count)

    def _year(self, low: str, ref_year: int | None) -> dt.date | None:
        m = self._search("year", low)
        if m and not self._search("not_a_year", low):
            year = int(m.group(1))
            return dt.date(year, 1, 1) if self._search("start_of_year", low) else dt.date(year, 12, 31)
        if ref_year is None:
            return None
        if self._search("start_of_this_year", low):
            return dt.date(ref_year, 1, 1)
        if self._search("end_of_this_year", low):
            return dt.date(ref_year, 12, 31)
        return None


@lru_cache(maxsize=1)
def bundled_deadline_rules() -> DeadlineRules:
    """The rules of the bundled ``lexicons/time.yaml`` (validated; a mistake raises ``ConfigError``)."""
    return DeadlineRules.of(load_model(bundled_config_dir() / TIME_FILE, TimeFile).deadlines)


@lru_cache(maxsize=8192)
def find_deadline(segment: str) -> str | None:
    """The time expression inside ``segment`` as written, or ``None``.

    Examples: "xong trước ngày 21/4/2027" -> "trước ngày 21/4/2027";
    "báo cáo ... định kỳ hằng tháng" -> "định kỳ hằng tháng"; "trong mùa mưa" -> None.
    The leftmost expression wins; among those starting at the same place, the longest.
    """
    return bundled_deadline_rules().find(segment)


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
    return bundled_deadline_rules().due(expr, reference, lunar_new_year)
