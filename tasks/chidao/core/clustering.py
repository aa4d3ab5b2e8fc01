"""Is this directive one we already track? And does this sentence extend or complete it?

The same directive reaches us several times: the provincial portal publishes it, a newspaper
rewrites it a day later, a follow-up article reports the deadline moved or the work done. Matching
is on folded text (accents, case and NFC/NFD differences ignored), so "Sở Xây dựng khẩn trương hoàn
thành" and "SỞ XÂY DỰNG KHẨN TRƯƠNG HOÀN THÀNH" are the same words.

Pure: no database, no network. The service layer (``tasks/chidao/services/tracking.py``) feeds it rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise

from chidao.config.models import TrackingFile
from chidao.core.fold import fold

# Two reports of one directive share most two-syllable phrases even when a newspaper trims or
# reorders a clause; unrelated directives of one meeting share at most a few ("tăng cường công tác").
SAME_ITEM_SIMILARITY = 0.55
# With the same assignee named on both sides, a looser wording still counts.
SAME_ITEM_SIMILARITY_SAME_PARTY = 0.4
# A follow-up sentence ("đã hoàn thành việc nâng cấp tuyến đường ...") contains much of the item text.
UPDATE_CONTAINMENT = 0.5

_WORD = re.compile(r"\w+")


def syllables(text: str) -> list[str]:
    """Folded syllables: "Khẩn trương hoàn thành!" -> ['khan', 'truong', 'hoan', 'thanh']."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=65536)
def shingles(text: str) -> frozenset[str]:
    """Folded two-syllable phrases, the unit of comparison ("hoàn thành" is one word in Vietnamese).

    "rà soát quy hoạch" -> {'ra soat', 'soat quy', 'quy hoach'}; a one-syllable text gives itself.
    """
    words = syllables(text)
    if len(words) < 2:
        return frozenset(words)
    return frozenset(f"{a} {b}" for a, b in pairwise(words))


def text_similarity(a: str, b: str) -> float:
    """Dice coefficient of the folded two-syllable phrases of ``a`` and ``b`` (0..1).

    "khẩn trương hoàn thành dự án" vs "KHẨN TRƯƠNG HOÀN THÀNH DỰ ÁN" -> 1.0; unrelated texts -> ~0.
    """
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def containment(part: str, whole: str) -> float:
    """Share of ``part``'s two-syllable phrases found in ``whole``.

    "nâng cấp tuyến đường" in "Sở đã hoàn thành nâng cấp tuyến đường ven biển" -> 1.0.
    """
    sp = shingles(part)
    if not sp:
        return 0.0
    return len(sp & shingles(whole)) / len(sp)


def party_agreement(a: str | None, b: str | None) -> bool | None:
    """Do two issuers (or assignees) name the same body? ``None`` when either is unknown.

    "Sở Xây dựng" vs "sở xây dựng tỉnh" -> True (one contains the other's words);
    "Sở Xây dựng" vs "Sở Tài chính" -> False; "Sở Xây dựng" vs None -> None.
    """
    if not a or not b:
        return None
    wa, wb = _word_set(a), _word_set(b)
    if not wa or not wb:
        return None
    return wa <= wb or wb <= wa


@lru_cache(maxsize=16384)
def _word_set(name: str) -> frozenset[str]:
    return frozenset(syllables(name))


@dataclass(frozen=True)
class ItemSignature:
    """What clustering compares: an item already stored, or a directive just extracted."""

    text: str
    issuer: str | None
    assignee: str | None
    due_date: date | None = None
    item_id: int | None = None
    # The new report says the deadline was moved ("gia hạn đến ..."): a different due date is then
    # the same directive's new deadline, not a sign of another directive.
    extends_deadline: bool = False


# Dates are compared as due dates, not as numbers: "trước ngày 30/11" and "đến 31/12" are the same
# directive when the second report extends the first. Everything else numeric (road 961, Resolution
# 57, 3 schools, Decision 1234/QĐ-UBND) tells directives apart.
_DATE_PHRASES = re.compile(
    r"\b(?:ngay\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?\b"
    r"|\b(?:ngay|thang|quy|nam|tuan)\s+\d{1,4}\b"
    r"|\b(?:19|20)\d{2}\b"
)
_NUMBER = re.compile(r"\d+")


@lru_cache(maxsize=65536)
def identifying_numbers(text: str) -> frozenset[str]:
    """Numbers that name what a directive is about, dates left out (pure, folded text).

    "sửa chữa đường tỉnh 961 trước ngày 30/11" -> {'961'}; "thực hiện Nghị quyết số 57-NQ/TW" -> {'57'};
    "hoàn thành trước ngày 15/12/2025" -> set().
    """
    without_dates = _DATE_PHRASES.sub(" ", fold(text))
    return frozenset(number.lstrip("0") or "0" for number in _NUMBER.findall(without_dates))


@lru_cache(maxsize=65536)
def proper_names(text: str) -> frozenset[str]:
    """Folded capitalised syllables: the places and works a directive names.

    "di dời các hộ dân xã Phúc Yên" -> {'phuc', 'yen'}; "nạo vét sông Lô" -> {'lo'}.
    """
    return frozenset(fold(word) for word in _WORD.findall(unicodedata.normalize("NFC", text)) if word[0].isupper())


def _conflict(ours: frozenset[str], theirs: frozenset[str]) -> bool:
    """Both name something and neither names a part of the other ("961" vs "962"; "961" vs "961, 962" is fine)."""
    return bool(ours and theirs and not (ours <= theirs or theirs <= ours))


def distinct_directives(new: ItemSignature, known: ItemSignature) -> str | None:
    """Why two reports cannot be one directive whatever their wording, or None.

    Different identifying numbers ("đường tỉnh 961" vs "962", "Nghị quyết 57" vs "68"), different
    proper names ("xã Phúc Yên" vs "xã Thổ Bình") or different due dates (unless the new report
    extends the deadline) keep them apart. One report naming a number the other leaves out is not a
    conflict: a newspaper may drop it.
    """
    if _conflict(identifying_numbers(new.text), identifying_numbers(known.text)):
        return "different numbers"
    if _conflict(proper_names(new.text), proper_names(known.text)):
        return "different names"
    if new.due_date and known.due_date and new.due_date != known.due_date and not new.extends_deadline:
        return "different due dates"
    return None


def match_score(new: ItemSignature, known: ItemSignature) -> float:
    """Similarity of two reports if they may be one directive, else 0.

    A named assignee or issuer that differs rules a match out ("Sở Xây dựng rà soát ..." and
    "Sở Tài chính rà soát ..." are two items), and so do different numbers or due dates
    (:func:`distinct_directives`); the same assignee on both sides lowers the bar.
    """
    assignees = party_agreement(new.assignee, known.assignee)
    issuers = party_agreement(new.issuer, known.issuer)
    if assignees is False or issuers is False or distinct_directives(new, known):
        return 0.0
    similarity = text_similarity(new.text, known.text)
    threshold = SAME_ITEM_SIMILARITY_SAME_PARTY if assignees else SAME_ITEM_SIMILARITY
    return similarity if similarity >= threshold else 0.0


def best_match(new: ItemSignature, candidates: Iterable[ItemSignature]) -> tuple[ItemSignature, float] | None:
    """The candidate most similar to ``new`` above the thresholds, or ``None``; ties go to the oldest id."""
    best: tuple[ItemSignature, float] | None = None
    for candidate in candidates:
        score = match_score(new, candidate)
        if score <= 0:
            continue
        if best is None or score > best[1]:
            best = (candidate, score)
    return best


# --- follow-up sentences -------------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateCues:
    """Folded cue phrases from ``config/tracking.yaml``."""

    extension: tuple[str, ...]
    completion: tuple[str, ...]
    negation: tuple[str, ...]
    generic: tuple[str, ...] = ()
    # Tết by year, to read "gia hạn đến trước Tết Nguyên đán" in a follow-up (lexicons/time.yaml).
    lunar_new_year: Mapping[int, date] = field(default_factory=dict)


def update_cues(tracking: TrackingFile, lunar_new_year: Mapping[int, date]) -> UpdateCues:
    """The cue phrases of the validated ``tracking.yaml`` (``ConfigBundle.tracking``), folded for matching,
    with the lunar-new-year table of ``lexicons/time.yaml`` (``ConfigBundle.time.lunar_new_year``)."""

    def folded(phrases: list[str]) -> tuple[str, ...]:
        return tuple(" ".join(syllables(phrase)) for phrase in phrases)

    return UpdateCues(
        extension=folded(tracking.extension),
        completion=folded(tracking.completion),
        negation=folded(tracking.negation),
        generic=folded(tracking.generic),
        lunar_new_year=dict(lunar_new_year),
    )


def _has_phrase(folded_words: Sequence[str], phrase: str) -> int | None:
    """Index of the first word of ``phrase`` in ``folded_words``, or None (whole words only)."""
    parts = phrase.split()
    for i in range(len(folded_words) - len(parts) + 1):
        if list(folded_words[i : i + len(parts)]) == parts:
            return i
    return None


def update_kind(sentence: str, cues: UpdateCues) -> str | None:
    """'extension', 'completion' or None for a sentence of a follow-up article.

    "UBND tỉnh đồng ý gia hạn đến ngày 31/12/2025" -> 'extension';
    "Sở Xây dựng đã hoàn thành việc rà soát" -> 'completion';
    "dự án chưa hoàn thành" or "chậm hoàn thành" -> None (a shortcoming, not a completion).
    """
    words = syllables(sentence)
    if any(_has_phrase(words, cue) is not None for cue in cues.extension):
        return "extension"
    for cue in cues.completion:
        at = _has_phrase(words, cue)
        if at is None:
            continue
        before = words[max(0, at - 2) : at]
        if any(_has_phrase(before, neg) is not None for neg in cues.negation):
            continue
        return "completion"
    return None


# Fewer distinctive phrases than this and a follow-up sentence cannot be told apart from another item's.
MIN_CONTENT_SHINGLES = 2


def content_words(text: str, cues: UpdateCues, deadline: str | None = None) -> list[str]:
    """Folded syllables of an item text without its deadline, numbers and generic directive words.

    "khẩn trương hoàn thành việc sửa chữa cầu Tân An trước ngày 30/9" (deadline "trước ngày 30/9")
    -> ['sua', 'chua', 'cau', 'tan', 'an'].
    """
    if deadline:
        at = fold(text).find(fold(deadline))
        if at >= 0:
            text = text[:at] + " " + text[at + len(deadline) :]
    words = [word for word in syllables(text) if not word.isdigit()]
    for phrase in sorted(cues.generic, key=len, reverse=True):
        length = len(phrase.split())
        found = _has_phrase(words, phrase)
        while found is not None:
            del words[found : found + length]
            found = _has_phrase(words, phrase)
    return words


def update_containment(item_text: str, deadline: str | None, sentence: str, cues: UpdateCues) -> float:
    """Share of the item's distinctive two-syllable phrases that a follow-up sentence repeats (0..1).

    Item "khẩn trương hoàn thành sửa chữa cầu Tân An trước ngày 30/9" and the sentence "UBND tỉnh đồng
    ý gia hạn thời gian sửa chữa cầu Tân An đến ngày 31/12" -> 1.0; an item with fewer than two
    distinctive phrases ("triển khai thực hiện") -> 0.0, it cannot be recognised.
    """
    words = content_words(item_text, cues, deadline)
    phrases = {f"{a} {b}" for a, b in pairwise(words)}
    if len(phrases) < MIN_CONTENT_SHINGLES:
        return 0.0
    return len(phrases & shingles(sentence)) / len(phrases)
