"""Accent-insensitive search form of Vietnamese text.

Editors type the same word with precomposed (NFC) or decomposed (NFD)
characters and with the tone mark on either vowel ("hoà"/"hòa"); users search
without diacritics. Folding strips all of that so one string compares equal
to every spelling of itself.
"""

from __future__ import annotations

import unicodedata

# "đ" is a letter of its own, not "d" plus a combining mark, so NFD leaves it intact.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str) -> str:
    """Return ``text`` lower-cased with every diacritic removed.

    Examples: "Tăng cường KIỂM TRA" -> "tang cuong kiem tra";
    "Đắk Lắk" -> "dak lak"; "Thanh Hoá" and "Thanh Hóa" -> "thanh hoa".
    Character count is kept for NFC input, so offsets into the folded text
    are offsets into the NFC original.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()
