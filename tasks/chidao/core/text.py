"""Vietnamese text normalisation and article cleaning (pure, standard library only).

Scraped portal pages mix NFC and NFD, old ("hoà", "thuỷ") and new ("hòa", "thủy")
tone-mark placement, and wrap the article in debris: audio players, view
counters, share bars, captions printed twice, and whole related articles
glued after "Đọc thêm". Every matcher downstream assumes one spelling, so
``normalize_text`` fixes the spelling and ``clean_article_text`` keeps only the
article itself, leaving the characters of body lines untouched otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from chidao.core.models import CleanedArticle

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_TONES = (_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)


def _with_tone(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _build_tone_table() -> dict[str, str]:
    """Map "oà", "oé", "uỷ" (mark on the second vowel) to "òa", "óe", "ủy"."""
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            for f, s in ((first, second), (first.upper(), second), (first.upper(), second.upper())):
                table[f + _with_tone(s, tone)] = _with_tone(f, tone) + s
    return table


_TONE_TABLE = _build_tone_table()


def _tone_pattern(table: dict[str, str]) -> re.Pattern[str]:
    """One character class per first vowel ("o[àáả...]"): six times faster than one alternative per key,
    and cleaning runs on every article. Only at the end of a syllable ("hoà" but not "hoàng") and not
    after "q" ("quý" keeps its mark)."""
    seconds: dict[str, set[str]] = {}
    for key in table:
        seconds.setdefault(key[0], set()).add(key[1:])
    classes = "|".join(f"{re.escape(f)}[{''.join(sorted(s))}]" for f, s in sorted(seconds.items()))
    return re.compile(r"(?<![qQ])(" + classes + r")(?!\w)")


_TONE_RE = _tone_pattern(_TONE_TABLE)
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# NUL is dropped too: PostgreSQL refuses it in text, and one such file stopped `backfill --dir` for good (#15).
_INVISIBLE = re.compile(r"[\x00\u200b-\u200d\u2060\ufeff\u00ad]")
# str.translate with a dict looks every character up in Python; four replaces run in C
_ODD_QUOTES = (("\u201e", "\u201c"), ("\u201f", "\u201d"), ("\u2033", '"'), ("\uff02", '"'))


def normalize_text(s: str) -> str:
    """NFC, one tone-mark placement ("hoà"->"hòa", "Uỷ"->"Ủy"), plain spaces and newlines.

    Idempotent: ``normalize_text(normalize_text(s)) == normalize_text(s)``.
    Examples: "Uỷ ban" -> "Ủy ban", "thuỷ lợi" -> "thủy lợi", NBSP -> " ", "\\r\\n" -> "\\n".
    """
    s = unicodedata.normalize("NFC", s)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = _INVISIBLE.sub("", s)
    s = _ODD_SPACES.sub(" ", s)
    for odd, quote in _ODD_QUOTES:
        s = s.replace(odd, quote)
    return _unified_tones(s)


def _unified_tones(s: str) -> str:
    """One tone-mark placement: "hoà" -> "hòa", "Uỷ" -> "Ủy" (the text keeps its length)."""
    return _TONE_RE.sub(lambda m: _TONE_TABLE[m.group(1)], s)


def as_written(raw_text: str) -> Callable[[str | None], str | None]:
    """A function that gives a piece of the cleaned text back in the article's own spelling.

    Cleaning unifies tone-mark placement so that one rule reads "hoà" and "hòa" alike, but an item quotes
    the article: "Uỷ ban nhân dân tỉnh" stays as the article wrote it (the guideline's item text is a
    substring of the article). Moving a tone mark keeps the length of the text, so the unified raw text and
    the raw text line up character by character; a piece found in the one is read off the other. A piece
    not found there (cleaning also rewrites odd spaces and quotes) is returned as it is.
    """
    written = unicodedata.normalize("NFC", raw_text)
    unified = _unified_tones(written)
    moved = unified != written

    def spelled(piece: str | None) -> str | None:
        at = unified.find(piece) if piece and moved else -1
        return written[at : at + len(piece)] if piece and at >= 0 else piece

    return spelled


# Lines that start a trailing block of links or another article: everything from there is cut.
_TRAILER_RE = re.compile(
    r"^(?:Đọc thêm|Tin liên quan|Tin cùng chuyên mục|Xem tin theo ngày|Tin khác|Các tin khác|"
    r"Bài viết liên quan|Tin mới|Tin đã đưa|Tin bài liên quan|Chủ đề\b|Xem thêm\s*[:>»]*\s*$)",
    re.IGNORECASE,
)
_DEBRIS_PARTS = (
    r"^\d{1,2}:\d{2}(?:\s*/\s*\d{1,2}:\d{2})?$",  # audio player "0:00 / 0:00"
    r"^Audio\s*:",
    r"^Xem với cỡ chữ",
    r"^(?:Số\s+)?lượt xem\s*(?::\s*)?[\d.,]*$",
    r"^[\d.,]+\s+lượt xem$",
    r"^Thống kê truy cập",
    r"^(?:Online|Đang online|Đang trực tuyến|Đang truy cập|Đã truy cập|Hôm nay|Tổng(?: lượt)? truy cập)\s*:",
    r"^Chia sẻ(?:\s*:)?(?:\s+\S+){0,8}\s*$",  # a share bar ("Chia sẻ: Facebook Zalo"), not "Chia sẻ khó khăn với ..."
    r"^(?:Facebook|Zalo|Twitter|Email|In bài|Gửi bài|Bản in)(?:\s|$)",
    r"^(?:Trang chủ|Home)\s*[/>»]",
)
# Debris anywhere in a line: photo captions. Each holds "ảnh" or "anh" (see _CAPTION_WORD).
_CAPTION_PARTS = (
    r"(?:^|\s)(?:Bài,\s*)?[ẢA]nh(?: minh họa| tư liệu)?\s*:",
    r"\bẢnh minh họa\s*$",
)
# one alternation: a line is searched once, not once per pattern
_DEBRIS_RE = re.compile("|".join(f"(?:{p})" for p in (*_DEBRIS_PARTS, *_CAPTION_PARTS)), re.IGNORECASE)
# The parts of _DEBRIS_PARTS all start with "^": trying them at the line's start alone is enough.
_DEBRIS_START = re.compile("|".join(f"(?:{p})" for p in _DEBRIS_PARTS), re.IGNORECASE)
# A line without these letters (any case) holds no caption part. A case-blind search tries every
# alternative at every position of the line and was half of the time of cleaning; this plain character
# class search skips most lines.
_CAPTION_WORD = re.compile("[ẢAảa][Nn][Hh]")
# Linear on long runs of spaces (#15): a match starts only at the first space of a run, and
# "\s*:?\s*" (two stars that can share one run) is written "\s*(?::\s*)?".
_COUNTER_TAIL = re.compile(r"(?<!\s)\s*(?:Số\s+)?lượt xem\s*(?::\s*)?[\d.,]+\s*$", re.IGNORECASE)
# "12/04/2019", "08:45", "Ngày 12 tháng 04 năm 2019"
_DATE_LINE = re.compile(
    r"\d{1,2}[/-]\d{1,2}[/-]\d{4}|\d{1,2}:\d{2}|(?i:ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
)
# A date line holds a weekday, a time, a time zone and font-size buttons besides the date:
# "Thứ 3, 29/08/2023 | 09:12:30 [GMT +7] A A" is ten words and still no headline.
_DATE_LINE_MAX_WORDS = 10
# A line printed twice in a row that is one sentence of at most this many words is a photo's alt text and caption.
_DOUBLED_CAPTION_WORDS = 30
_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+\S")
# The scraper's search store writes " date 2024-05" or " date 2024-05-07" before the first line.
_SCRAPER_PREFIX = re.compile(r"^ ?date (?:19|20)\d{2}-\d{2}(?:-\d{2})? ")


def _is_debris(line: str) -> bool:
    if _DEBRIS_START.match(line) is not None:
        return True
    return _CAPTION_WORD.search(line) is not None and _DEBRIS_RE.search(line) is not None


def _is_body(line: str) -> bool:
    """A body paragraph is a full sentence of some length ("Sáng 4/3, UBND huyện mở hội nghị ...")."""
    words = len(line.split())
    return words >= 30 or (words >= 12 and line.rstrip().endswith((".", ":", "…", '."', ".”", "./.")))


def _looks_like_header(line: str) -> bool:
    """Site names, section names and date lines that come before the headline."""
    words = line.split()
    if len(words) < 5:
        return True
    if _is_date_line(line):
        return True
    low = line.lower()
    return low.startswith(("cổng thông tin", "báo ", "trang ")) and len(words) <= 9


def clean_article_text(raw: str) -> CleanedArticle:
    """Reduce a scraped page to its own article.

    Normalises the text, drops a scraper's " date 2024-05" prefix and portal debris (audio players, view counters, share
    bars, "Ảnh: ..." captions, captions printed twice in a row, pull quotes that
    repeat the headline) and cuts everything from a trailing "Đọc thêm" /
    "Tin liên quan" / "Tin cùng chuyên mục" block. The headline becomes ``title``
    and stays in ``text`` once; body lines keep their characters.
    """
    lines = [line.strip() for line in _SCRAPER_PREFIX.sub("", normalize_text(raw), count=1).split("\n")]
    kept = _without_doubled_lines(_article_lines([line for line in _unwrapped(lines) if line]))
    title = _headline(kept)
    return CleanedArticle(title=title, text="\n\n".join(_without_repeated_title(kept, title)))


# A line that ends a sentence, a clause or a quotation; a list entry's letter marker ("a) ", "b. ")
_LINE_END = re.compile(r"[.:;!?…\"”)\]]$")
_LETTER_MARKER = re.compile(r"[^\W\d_][).]\s")


def _unwrapped(lines: list[str]) -> list[str]:
    """A document pasted from its PDF breaks its lines at a width, mid-sentence ("... Chủ tịch UBND các huyện,"
    / "thị xã, thành phố ..."): a line with no closing punctuation, right before a line that goes on in lower
    case (no list marker, no blank line between), is joined to it with a space."""
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line[:1].islower() and not _LINE_END.search(out[-1]) and not _LETTER_MARKER.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _article_lines(lines: list[str]) -> list[str]:
    """The lines without debris and counters, up to a trailing "Tin liên quan"-like block after the body."""
    kept: list[str] = []
    seen_body = False
    for line in lines:
        if seen_body and _TRAILER_RE.match(line) and not line.endswith("."):
            break
        if _is_debris(line):
            continue
        if "lượt xem" in line.lower():  # the case-blind tail search tries every position of the line
            line = _COUNTER_TAIL.sub("", line)
        if not line:
            continue
        seen_body = seen_body or _is_body(line)
        kept.append(line)
    return kept


def _without_doubled_lines(kept: list[str]) -> list[str]:
    """A caption printed twice in a row is debris: drop both copies, also when it reads as a sentence below the
    body's first paragraph (a photo's alt text and its caption: one sentence of at most ``_DOUBLED_CAPTION_WORDS``
    words). The lead printed twice (a scraper that repeats it) keeps one copy: it may be the only sentence naming
    the speaker; so does a longer body paragraph."""
    deduped: list[str] = []
    body_seen = False
    i = 0
    while i < len(kept):
        j = i
        while j + 1 < len(kept) and kept[j + 1] == kept[i]:
            j += 1
        body = _is_body(kept[i])
        if j == i or (body and not (body_seen and _one_short_sentence(kept[i]))):
            deduped.append(kept[i])
        body_seen = body_seen or body
        i = j + 1
    return deduped


def _one_short_sentence(line: str) -> bool:
    return len(line.split()) <= _DOUBLED_CAPTION_WORDS and not _SENTENCE_INSIDE.search(line.rstrip(" ."))


def _headline(lines: list[str]) -> str | None:
    """The last line before the body (a sentence with its stop) that is not a site, section or date header (else
    the first line)."""
    title: str | None = None
    for i, line in enumerate(lines):
        # a long line with no stop right above a date line is the headline, however long
        stamped = i + 1 < len(lines) and _is_date_line(lines[i + 1]) and not line.rstrip().endswith((".", ":"))
        # a shorter sentence with its stop or a lead-in to a list ("Chủ tịch UBND thị xã X kết luận:") is body text
        # too: a headline carries no stop
        if not stamped and (_is_body(line) or (len(line.split()) >= 6 and line.rstrip().endswith((".", ":")))):
            break
        if not _looks_like_header(line):
            title = line
    if title is None and lines and not _is_body(lines[0]) and not _is_date_line(lines[0]):
        title = lines[0]  # a page that opens with its date and no headline has no title
    return title


def _is_date_line(line: str) -> bool:
    """ "Thứ Ba, ngày 29/08/2023 | 12:31", "8:56:0, 08/08/2014": a date, its time and a few date words."""
    return bool(_DATE_LINE.search(line)) and len(line.split()) <= _DATE_LINE_MAX_WORDS


def _without_repeated_title(lines: list[str], title: str | None) -> list[str]:
    """The headline once: a pull quote repeating it later is dropped."""
    out: list[str] = []
    title_seen = False
    for line in lines:
        if title is not None and line == title:
            if title_seen:
                continue
            title_seen = True
        out.append(line)
    return out
