"""The article's own publication date, by ordered rules from ``config/published.yaml``.

A scraped page carries many dates: the portal's header (today's date on every page), the article's date
line below the headline, a byline ("Ngọc Lan - 15:20, 02/11/2023"), a footer ("Ngày đăng: ..."), a scraper's
prefix (" date 2024-05 ..."), the day of the news in the lead ("Sáng 12/3, ...") and the dates of documents
and events further down. ``PublishedFinder.find`` tries the rules in the configured order and returns the
first date with the id of the rule that gave it; the word lists and the order are data, each rule's
behaviour is one small function registered in ``RULES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chidao.config import Located
from chidao.core.fold import fold, unify_tone_marks
from chidao.nlp.provinces import YamlFile, name_key

PUBLISHED_FILE = "published.yaml"

_FULL_DATE = re.compile(r"(?<!\d)(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?((?:19|20)\d{2})(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
_WORDED_DATE = re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam ((?:19|20)\d{2})(?!\d)")
# the lead's day written out, after its time words ("Ngày 26 tháng 8 năm 2016, ...", folded)
# a scraper's time stamp glued before the lead: "21:31, 23/10/2022 Ông X ...", "23/10/2022 21:31 UBND tỉnh ..."
_LEAD_STAMP = re.compile(
    r"(?:(?P<t1>\d{1,2}[:h]\d{2})\s*+,?\s*+)?(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})"
    r"(?:\s*+,?\s*+(?P<t2>\d{1,2}[:h]\d{2}))?\s++"
)
_WORDED_DAY = re.compile(r"(\d{1,2}) thang (\d{1,2})(?: nam ((?:19|20)\d{2}))?(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2} ?(?::|h) ?\d{2}(?: ?: ?\d{2})?")
_NUMBER = re.compile(r"[\d.,:+]+")
_WORD = re.compile(r"[a-z]{2,}")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_PREFIX = re.compile(r"^\s*date ((?:19|20)\d{2})-(\d{2})(?:-(\d{2}))?(?!\d)")
# A dateline before the lead: "(ABC) - ", "(AB online)- ", "XYZ - ".
_DATELINE = re.compile(r"^(?:\([^()\n]{1,40}\)|[A-Z\u0110]{2,6}) ?[-–—]? ?")
_DAY_MONTH = re.compile(r"\(?(\d{1,2}) ?[/.\-] ?(\d{1,2})(?: ?[/.\-] ?((?:19|20)\d{2}))?(?![\d/])\)?")

# A headline glued to the lead: the day of the news is searched this far into the first line.
_GLUED_HEADLINE_CHARS = 200
_WORD_AFTER_SPACE = re.compile(r"(?<=\s)\w+")
# "... 06/02/2025 15:17", "...(05/10/2025)" or "... (28/02/2020 10:48)" closing a line: a scraper's stamp of the
# article's date (and time)
_STAMP_AT_END = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?: \d{1,2}:\d{2}\)?|\))\s*$")
_MAX_DATE_LINE = 90
_LONG_PARAGRAPH = 150
_HEADER_LINES = 20
_MAX_BYLINE_WORDS = 4
# A match starts only at the first space of a run and never gives back what it took: linear.
_AUTHOR_SEPARATOR = re.compile(r"(?<!\s)(?:\s++[-–]\s++|\s*+,\s*+)")
_LEAD_LINES = 3
_LEAD_MIN_CHARS = 40
_LEAD_PREFIX_CHARS = 60


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    """Whole-word alternation of folded phrases, longest first (plain alternation: linear time)."""
    folded = sorted({" ".join(fold(w).split()) for w in words}, key=lambda w: (-len(w), w))
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in folded) + r")(?![a-z])")


def _first_date(folded: str) -> tuple[date | None, re.Match[str] | None]:
    for pattern, order in ((_FULL_DATE, (3, 2, 1)), (_WORDED_DATE, (3, 2, 1)), (_ISO_DATE, (1, 2, 3))):
        match = pattern.search(folded)
        if match is not None:
            year, month, day = (int(match.group(i)) for i in order)
            return make_date(year, month, day), match
    return None, None


def _strip_byline(line: str) -> str:
    """Drop an author's name before a line's first digit: "Ngọc Lan - 15:20, 02/11/2023" -> "15:20, ...".

    Only 1 to 4 capitalised words count as a name; anything else is left for the caller to refuse.
    """
    first_digit = next((i for i, ch in enumerate(line) if ch.isdigit()), None)
    if not first_digit:
        return line
    # one or two authors: "Ngọc Lan - ", "Lê Dung - Quang Vũ - "
    authors = [a.split() for a in _AUTHOR_SEPARATOR.split(line[:first_digit].strip(" -–|,:"))]
    if not (
        1 <= len(authors) <= 2
        and all(1 <= len(words) <= _MAX_BYLINE_WORDS and all(map(_is_name_word, words)) for words in authors)
    ):
        return line
    # "Ngày 12 tháng 04 năm 2027": the date's own word, no author (folded only for a line that looks like a byline)
    return line if _WORDED_DATE.match(" ".join(fold(line).split())) else _without_section(line[first_digit:])


def _is_name_word(word: str) -> bool:
    """A capitalised word of an author's name, initials included ("Lan", "T.Nhân", "N.V.")."""
    letters = word.replace(".", "")
    return bool(letters) and letters.isalpha() and word[0].isupper()


def _without_section(stamp: str) -> str:
    """ "10/06/2021, 20:06 GMT+07 | Giáo dục" -> "10/06/2021, 20:06 GMT+07": the section a byline names after a
    bar (words without a digit) is no part of its date."""
    head, bar, section = stamp.rpartition("|")
    if bar and head.strip() and not any(ch.isdigit() for ch in section) and len(section.split()) <= _MAX_BYLINE_WORDS:
        return head
    return stamp


@dataclass(frozen=True)
class Page:
    """A scraped page as lines, with the headline's and the first paragraph's positions."""

    lines: tuple[str, ...]
    title_index: int | None
    body_index: int
    prefix: tuple[int, int, int | None] | None = None

    @classmethod
    def of(cls, raw_text: str, title: str | None) -> Page:
        lines = [line.strip() for line in unify_tone_marks(raw_text).splitlines()]
        prefix = None
        if lines:
            found = _PREFIX.match(lines[0])
            if found is not None:
                day = int(found.group(3)) if found.group(3) else None
                prefix = (int(found.group(1)), int(found.group(2)), day)
                lines[0] = lines[0][found.end() :].strip()
        title_index = None
        if title:
            # The cleaner may have trimmed quotes or punctuation off the headline: compare words only.
            wanted = name_key(title)
            # Only lines of about the headline's length can be it: folding every line of the page costs.
            near = range(len(title) // 2, 2 * len(title) + 8)
            title_index = next(
                (i for i, line in enumerate(lines) if len(line) in near and name_key(line) == wanted), None
            )
        search_from = (title_index + 1) if title_index is not None else 0
        body_index = next((i for i in range(search_from, len(lines)) if len(lines[i]) >= _LONG_PARAGRAPH), len(lines))
        if title_index is None:
            body_index = min(body_index, _HEADER_LINES)
        return cls(tuple(lines), title_index, body_index, prefix)

    def header_lines(self) -> tuple[str, ...]:
        """Lines above the headline (or above the first paragraph when the headline was not found)."""
        end = self.title_index if self.title_index is not None else self.body_index
        return self.lines[:end]

    def lead_lines(self) -> list[str]:
        """The first few paragraphs after the headline, where the lead states the day of the news."""
        start = (self.title_index + 1) if self.title_index is not None else 0
        found = [line for line in self.lines[start:] if len(line) >= _LEAD_MIN_CHARS]
        return found[:_LEAD_LINES]


@dataclass(frozen=True)
class PublishedRules:
    """The word lists and the rule order of ``config/published.yaml``."""

    order: tuple[str, ...]
    labels: re.Pattern[str]
    line_words: re.Pattern[str]
    lead_words: re.Pattern[str]
    examples: tuple[tuple[str, str, date | None], ...]  # (rule id, page, expected)

    @classmethod
    def from_file(cls, path: Path) -> PublishedRules:
        source = YamlFile(path)
        top = source.mapping(
            source.root,
            "the file",
            required=("publication_labels", "date_line_words", "lead_time_words", "rules"),
            optional=(),
        )
        order: list[str] = []
        examples: list[tuple[str, str, date | None]] = []
        for node in source.sequence(top["rules"], "rules"):
            entry = source.mapping(node, "a rule", required=("id", "doc", "examples"), optional=())
            rule_id = source.string(entry["id"], "a rule's id")
            if rule_id not in RULES:
                raise source.error(entry["id"], f"unknown rule id {rule_id!r} (known: {', '.join(RULES)})")
            if rule_id in order:
                raise source.error(entry["id"], f"rule id {rule_id!r} appears twice")
            order.append(rule_id)
            source.string(entry["doc"], f"the doc of rule {rule_id}")
            items = source.sequence(entry["examples"], f"the examples of rule {rule_id}")
            if not items:
                raise source.error(entry["examples"], f"rule {rule_id} needs at least one example")
            examples.extend((rule_id, *_example(source, item, rule_id)) for item in items)
        return cls(
            order=tuple(order),
            labels=_words_pattern(source.strings(top["publication_labels"], "publication_labels")),
            line_words=_words_pattern(source.strings(top["date_line_words"], "date_line_words")),
            lead_words=_words_pattern(source.strings(top["lead_time_words"], "lead_time_words")),
            examples=tuple(examples),
        )

    def date_of_line(self, line: str) -> date | None:
        """The date of a page's date line, or None when the line is anything else.

        Date lines: "Thứ Hai, 03/06/2024 10:15", "(08:34 | 28/05/2019)", "Ngọc Lan - 15:20, 02/11/2023",
        "Cập nhật: 11:05 04/06/2024", "Thứ 3, 29/08/2023 | 09:12:30 [GMT +7] A A". Not: "Ngày 9/3/2025, Chủ
        tịch UBND tỉnh ký ban hành ...".
        """
        if len(line) > 2 * _MAX_DATE_LINE or not any(ch.isdigit() for ch in line):
            return None  # cheap refusal before folding: most lines of a page are prose
        folded = " ".join(fold(_strip_byline(line.strip())).split())
        label = self.labels.search(folded)
        if label is not None:
            folded = folded[label.start() :]  # "Môi trường - Ngày đăng: 03/11/2017": the section before the label
        if not folded or len(folded) > _MAX_DATE_LINE:
            return None
        found, match = _first_date(folded)
        if found is None or match is None:
            return None
        rest = folded[: match.start()] + " " + folded[match.end() :]
        rest = self.labels.sub(" ", self.line_words.sub(" ", _TIME.sub(" ", rest)))
        rest = _NUMBER.sub(" ", rest)
        return found if len(_WORD.findall(rest)) <= 1 else None

    def is_labelled(self, line: str) -> bool:
        return self.labels.search(fold(line)) is not None

    def lead_day(self, line: str) -> tuple[int, int, int | None] | None:
        """(day, month, year or None) when a paragraph opens with the day of the news: "Tối 28/5, ...",
        "(ABC) - Sáng 3-1, ...", "Đêm nay (23-4), ...", "Ngày 08/5/2024, ..."."""
        dateline = _DATELINE.match(line)
        start = dateline.end() if dateline else 0
        folded = fold(line[start : start + _LEAD_PREFIX_CHARS])  # the day opens the lead: fold no more
        position = 0
        for _ in range(2):  # "Sáng ngày 28/7": a time of day, then "ngày"
            words = self.lead_words.match(folded, position)
            if words is None:
                break
            position = words.end() + 1 if folded[words.end() : words.end() + 1] == " " else words.end()
        found = _DAY_MONTH.match(folded, position) or _WORDED_DAY.match(folded, position)
        if found is None or folded[found.end() : found.end() + 1] not in (",", " ", ""):
            return None
        year = int(found.group(3)) if found.group(3) else None
        return int(found.group(1)), int(found.group(2)), year

    def find(self, page: Page) -> tuple[date, str] | None:
        """The article's own date and the id of the rule that found it, or None."""
        for rule_id in self.order:
            found = RULES[rule_id](self, page)
            if found is not None:
                return found, rule_id
        return None


def _example(source: YamlFile, node: Located, rule_id: str) -> tuple[str, date | None]:
    entry = source.mapping(node, f"an example of rule {rule_id}", required=("page", "published"), optional=())
    page = source.string(entry["page"], "an example's page")
    expected = entry["published"].value
    if expected is None:
        return page, None
    try:
        return page, date.fromisoformat(str(expected))
    except ValueError:
        raise source.error(entry["published"], f"published must be YYYY-MM-DD or null, not {expected!r}") from None


# ---------------------------------------------------------------------------
# The rules, by id (their order is the config's)


def _labelled_line(rules: PublishedRules, page: Page) -> date | None:
    # Above the headline a label means nothing: portals print "Cập nhật lúc ..." with today's date there.
    start = (page.title_index + 1) if page.title_index is not None else 0
    for line in page.lines[start:]:
        if (found := rules.date_of_line(line)) is not None and rules.is_labelled(line):
            return found
    return None


def _dated_lines(rules: PublishedRules, page: Page) -> list[tuple[int, date]]:
    return [(i, found) for i in range(page.body_index) if (found := rules.date_of_line(page.lines[i])) is not None]


def _below_headline(rules: PublishedRules, page: Page) -> date | None:
    if page.title_index is None:
        return None
    below = [found for i, found in _dated_lines(rules, page) if i > page.title_index]
    return below[0] if below else None


def _scraper_prefix(rules: PublishedRules, page: Page) -> date | None:
    if page.prefix is None or page.prefix[2] is None:
        return None
    return make_date(page.prefix[0], page.prefix[1], page.prefix[2])


def _header_line(rules: PublishedRules, page: Page) -> date | None:
    above = [found for i, found in _dated_lines(rules, page) if page.title_index is None or i < page.title_index]
    return above[-1] if above else None


# Where a sentence or a comma chunk of the lead starts; a clause opening with its date has the comma after it
# (a document's date is followed by its issuer: "ngày 24/8/2021 của ...").
_CLAUSE_START = re.compile(r"[.,;]\s+")
_COMMA_AFTER_DATE = re.compile(r"^[^,;.]{0,24}?\d{4}\s*,")


def _first_lead_day(rules: PublishedRules, page: Page) -> tuple[int, int, int | None] | None:
    for line in page.lead_lines():
        found = rules.lead_day(line)
        if found is not None:
            return found
    return _glued_lead_day(rules, page)


def _glued_lead_day(rules: PublishedRules, page: Page) -> tuple[int, int, int | None] | None:
    """ " date 2019-12 Hai tỉnh chống mặn Ngày 23.12, ông ...": a scraper that glued the headline to the lead
    leaves the day of the news inside the first line, at a capitalised word after the headline."""
    if page.title_index is not None or not page.lines:
        return None
    first = page.lines[0][:_GLUED_HEADLINE_CHARS]
    for word in _WORD_AFTER_SPACE.finditer(first):
        found = rules.lead_day(first[word.start() :]) if word.group()[0].isupper() else None
        if found is not None:
            return found
    return None


def _headline_stamp(rules: PublishedRules, page: Page) -> date | None:
    """ "Tỉnh ủy làm việc với ... 06/02/2025 15:17": a date and time glued to the end of the headline's line."""
    end = (page.title_index or 0) + 1
    headline = page.lines[end - 1].strip() if end <= len(page.lines) else ""
    if headline and end < len(page.lines) and page.lines[end].startswith(headline):
        end += 1  # the headline repeated with its stamp glued on ("Tỉnh ủy làm việc với ...06/02/2025 15:17")
    for line in page.lines[:end]:
        found = _STAMP_AT_END.search(line)
        if found is not None:
            return make_date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    return None


def _scraper_month_lead_day(rules: PublishedRules, page: Page) -> date | None:
    lead = _first_lead_day(rules, page)
    if page.prefix is None or page.prefix[2] is not None or lead is None:
        return None
    day, month, _ = lead
    year = page.prefix[0] if month <= page.prefix[1] else page.prefix[0] - 1
    return make_date(year, month, day)


def _lead_full_date(rules: PublishedRules, page: Page) -> date | None:
    lead = _first_lead_day(rules, page)
    if lead is None or lead[2] is None:
        return None
    return make_date(lead[2], lead[1], lead[0])


def _lead_dated_clause(rules: PublishedRules, page: Page) -> date | None:
    """ "Nhằm ... . Ngày 03/3/2023, UBND huyện ...", "Hòa trong không khí ..., sáng ngày 5/9/2019, ...": a later
    sentence or comma chunk of the lead that opens with the full day of the news and a comma."""
    for line in page.lead_lines()[:1]:
        for clause in _CLAUSE_START.finditer(line):
            rest = line[clause.end() :]
            found = rules.lead_day(rest)
            if found is not None and found[2] is not None and _COMMA_AFTER_DATE.match(rest):
                return make_date(found[2], found[1], found[0])
    return None


def _lead_day_single_year(rules: PublishedRules, page: Page) -> date | None:
    lead = _first_lead_day(rules, page)
    if lead is None or lead[2] is not None:
        return None
    years = {int(y) for line in page.lines[page.title_index or 0 :] for y in _YEAR.findall(line)}
    if len(years) != 1:
        return None
    return make_date(years.pop(), lead[1], lead[0])


def _lead_stamp(rules: PublishedRules, page: Page) -> date | None:
    """A date and time glued before the first line of the lead ("21:31, 23/10/2022 Ông X, Phó Chủ tịch ...")."""
    for line in (lead.lstrip() for lead in page.lead_lines()[:1]):
        stamp = _LEAD_STAMP.match(line)
        if stamp and (stamp.group("t1") or stamp.group("t2")) and line[stamp.end() : stamp.end() + 1].isupper():
            return make_date(int(stamp.group(4)), int(stamp.group(3)), int(stamp.group(2)))
    return None


RULES: dict[str, Callable[[PublishedRules, Page], date | None]] = {
    "labelled_line": _labelled_line,
    "below_headline": _below_headline,
    "scraper_prefix": _scraper_prefix,
    "header_line": _header_line,
    "scraper_month_lead_day": _scraper_month_lead_day,
    "lead_full_date": _lead_full_date,
    "lead_dated_clause": _lead_dated_clause,
    "lead_day_single_year": _lead_day_single_year,
    "headline_stamp": _headline_stamp,
    "lead_stamp": _lead_stamp,
}
