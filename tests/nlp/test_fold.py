"""fold: the accent-insensitive search form, and tone-mark unification."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chidao.core.fold import _fold_slow, _unify_tone_marks_slow, fold, unify_tone_marks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tăng cường KIỂM TRA", "tang cuong kiem tra"),
        ("Đắk Lắk", "dak lak"),
        ("ĐỒNG THÁP", "dong thap"),
        ("Thanh Hoá", "thanh hoa"),
        ("Thanh Hóa", "thanh hoa"),
        ("Sở Xây dựng hoàn thành trước ngày 30/9", "so xay dung hoan thanh truoc ngay 30/9"),
        ("", ""),
    ],
)
def test_fold_strips_diacritics_and_case(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_gives_the_same_form_for_nfd_and_nfc() -> None:
    phrase = "Ủy ban nhân dân tỉnh Kiên Giang yêu cầu đẩy mạnh"
    assert (
        fold(unicodedata.normalize("NFD", phrase)) == fold(phrase) == "uy ban nhan dan tinh kien giang yeu cau day manh"
    )


def test_fold_keeps_the_length_of_nfc_vietnamese_text() -> None:
    phrase = unicodedata.normalize("NFC", "Chủ tịch UBND tỉnh Hà Tĩnh chỉ đạo")
    assert len(fold(phrase)) == len(phrase)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanh Hoá", "Thanh Hóa"),
        ("Uỷ ban", "Ủy ban"),
        ("thuỷ lợi", "thủy lợi"),
        ("sức khoẻ", "sức khỏe"),
        ("hoàng hôn", "hoàng hôn"),  # the vowel pair is not final: no old-style form exists
        ("quý", "quý"),  # "qu" is a consonant
        ("hòa bình", "hòa bình"),
    ],
)
def test_unify_tone_marks_moves_old_style_tones(text: str, expected: str) -> None:
    assert unify_tone_marks(text) == expected


def test_unify_tone_marks_returns_nfc_for_nfd_input() -> None:
    assert unify_tone_marks(unicodedata.normalize("NFD", "Khánh Hoà")) == unicodedata.normalize("NFC", "Khánh Hòa")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_fast_fold_equals_the_plain_definition(text: str) -> None:
    assert fold(text) == _fold_slow(text)


def test_fast_fold_equals_the_plain_definition_on_vietnamese() -> None:
    text = "Ủy ban nhân dân TỈNH Thừa Thiên - Huế, Đắk Lắk: “Thanh Hoá” – hoà thuỷ 30/9"
    for form in ("NFC", "NFD"):
        assert fold(unicodedata.normalize(form, text)) == _fold_slow(unicodedata.normalize(form, text))


@given(
    st.text(
        alphabet=st.sampled_from(list("oOuUqQaAeEyY hn\u0300\u0301\u0303\u0309\u0323\u0302òóỏõọàáảãạèéẻẽẹỳýỷỹỵ")),
        max_size=30,
    )
)
def test_unify_fast_path_equals_the_general_path(text: str) -> None:
    assert unify_tone_marks(text) == _unify_tone_marks_slow(text)
