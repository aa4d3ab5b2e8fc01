"""Accent-insensitive search form of Vietnamese text.

Editors type the same word with precomposed (NFC) or decomposed (NFD)
characters and with the tone mark on either vowel ("hoà"/"hòa"); users search
without diacritics. Folding strips all of that so one string compares equal
to every spelling of itself.
"""

from __future__ import annotations

import re
import unicodedata

# "đ" is a letter of its own, not "d" plus a combining mark, so NFD leaves it intact.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each character: its folded form without case change."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code).translate(_LETTERS_WITHOUT_DECOMPOSITION))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Return ``text`` lower-cased with every diacritic removed.

    Examples: "Tăng cường KIỂM TRA" -> "tang cuong kiem tra";
    "Đắk Lắk" -> "dak lak"; "Thanh Hoá" and "Thanh Hóa" -> "thanh hoa".
    Character count is kept for NFC input, so offsets into the folded text
    are offsets into the NFC original.
    """
    # One table lookup per character instead of a Python generator over the decomposed text: the same
    # result (tests/nlp/test_fold.py compares it with the plain definition, _fold_slow), several times faster.
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).translate(_FOLD_TABLE)).lower()


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Old-style spelling puts the tone on the second vowel of an open "oa", "oe", "uy" syllable
# ("hoà", "thuỷ"); the reformed style used by most portals puts it on the first ("hòa", "thủy").
# "qu" is a consonant, so "quý" is the same in both styles and must not move.
_OLD_STYLE_TONE = re.compile(rf"(?<![qQ])((?:[oO][aAeE])|(?:[uU][yY]))([{_TONE_MARKS}])(?!\w)")


def _old_style_candidates() -> re.Pattern[str]:
    """NFC pairs that may be old-style ("oà", "uỷ"): a superset of what ``_OLD_STYLE_TONE`` moves."""
    composed = sorted(
        {
            unicodedata.normalize("NFC", base + tone)
            for base in "aAeEyY"
            for tone in _TONE_MARKS
            if len(unicodedata.normalize("NFC", base + tone)) == 1
        }
    )
    return re.compile("[oOuU][" + "".join(composed) + "]")


_OLD_STYLE_CANDIDATE = _old_style_candidates()


def unify_tone_marks(text: str) -> str:
    """Return ``text`` in NFC with tone marks placed in the reformed style.

    Examples: "Thanh Hoá" -> "Thanh Hóa"; "Uỷ ban" -> "Ủy ban"; "hoàng", "quý" unchanged.
    """
    if unicodedata.is_normalized("NFC", text) and _OLD_STYLE_CANDIDATE.search(text) is None:
        return text  # already NFC with nothing to move: the general path below would return it unchanged
    return _unify_tone_marks_slow(text)


def _unify_tone_marks_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_STYLE_TONE.sub(lambda m: m.group(1)[0] + m.group(2) + m.group(1)[1], decomposed)
    return unicodedata.normalize("NFC", moved)
