"""Clustering rules: folded phrase similarity, issuer/assignee agreement, follow-up cues."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from chidao.config import ConfigError, load_model
from chidao.config.models import TrackingFile
from chidao.core.clustering import (
    ItemSignature,
    best_match,
    content_words,
    match_score,
    party_agreement,
    text_similarity,
    update_containment,
    update_kind,
)
from chidao.services.store import completion_date
from tests.support.config import CUES


def test_folding_makes_spellings_equal() -> None:
    text = "khẩn trương sửa chữa cầu Tân An"
    assert text_similarity(text, unicodedata.normalize("NFD", text.upper())) == 1.0


def test_rewritten_report_is_similar_and_other_directive_is_not() -> None:
    portal = "khẩn trương hoàn thành việc sửa chữa cầu Tân An trước ngày 30/9/2025"
    newspaper = "khẩn trương hoàn thành sửa chữa cầu Tân An trước ngày 30/9"
    other = "bố trí đủ kinh phí cho việc sửa chữa cầu Tân An"
    assert text_similarity(portal, newspaper) == pytest.approx(11 / 13)
    assert text_similarity(portal, other) == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Sở Xây dựng", "sở xây dựng tỉnh", True),
        ("Sở Xây dựng", "Sở Tài chính", False),
        ("Sở Xây dựng", None, None),
        ("", "Sở Y tế", None),
    ],
)
def test_party_agreement(a: str | None, b: str | None, expected: bool | None) -> None:
    assert party_agreement(a, b) is expected


def test_different_assignee_rules_a_match_out() -> None:
    text = "rà soát toàn bộ hồ sơ đất đai tồn đọng"
    ours = ItemSignature(text, "Nguyễn Văn Bình", "Sở Tài nguyên và Môi trường")
    theirs = ItemSignature(text, "Nguyễn Văn Bình", "UBND huyện Phú Hòa")
    assert match_score(ours, theirs) == 0.0
    assert match_score(ours, ItemSignature(text, None, None)) == 1.0


def test_same_assignee_lowers_the_bar() -> None:
    known = ItemSignature("đẩy nhanh giải ngân vốn đầu tư công các dự án trọng điểm", None, "Sở Kế hoạch", None, 1)
    rewritten = "đẩy nhanh giải ngân vốn các dự án giao thông năm 2025"
    new = ItemSignature(rewritten, None, "Sở Kế hoạch")
    unknown_party = ItemSignature(rewritten, None, None)
    similarity = text_similarity(new.text, known.text)
    assert similarity == pytest.approx(12 / 23)
    assert match_score(new, known) == similarity
    assert match_score(unknown_party, known) == 0.0


def test_best_match_picks_the_most_similar() -> None:
    new = ItemSignature("hoàn thành nâng cấp đường tỉnh 741 trước mùa mưa", None, None)
    candidates = [
        ItemSignature("nâng cấp đường tỉnh 741", None, None, None, 1),
        ItemSignature("hoàn thành nâng cấp đường tỉnh 741 trước mùa mưa năm nay", None, None, None, 2),
        ItemSignature("kiểm tra an toàn thực phẩm", None, None, None, 3),
    ]
    found = best_match(new, candidates)
    assert found is not None and found[0].item_id == 2
    assert best_match(ItemSignature("kiểm tra vệ sinh trường học", None, None), candidates) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("UBND tỉnh đồng ý gia hạn thời gian sửa chữa đến ngày 31/12/2025.", "extension"),
        ("Thời hạn được LÙI THỜI HẠN sang quý I/2026.", "extension"),
        ("Sở Giao thông vận tải đã hoàn thành việc sửa chữa cầu.", "completion"),
        ("Công trình đã được bàn giao.", None),  # "được" sits between: not a listed phrase
        ("Công trình đã bàn giao cho địa phương.", "completion"),
        ("Dự án vẫn chưa đã hoàn thành.", None),
        ("Nhiều hạng mục chậm hoàn thành xong.", None),
        ("Sở tiếp tục rà soát hồ sơ.", None),
        ("Giá hàng hóa tăng", None),  # "gia han" needs whole words in that order
    ],
)
def test_update_kind(sentence: str, expected: str | None) -> None:
    assert update_kind(sentence, CUES) == expected


def test_content_words_leave_out_deadline_and_generic_words() -> None:
    words = content_words("khẩn trương hoàn thành việc sửa chữa cầu Tân An trước ngày 30/9", CUES, "trước ngày 30/9")
    assert words == ["sua", "chua", "cau", "tan", "an"]


def test_update_containment() -> None:
    item = "khẩn trương hoàn thành sửa chữa cầu Tân An trước ngày 30/9"
    sentence = "UBND tỉnh đồng ý gia hạn thời gian sửa chữa cầu Tân An đến ngày 31/12."
    assert update_containment(item, "trước ngày 30/9", sentence, CUES) == 1.0
    assert update_containment(item, None, "Sở đã hoàn thành cầu Long Hậu.", CUES) == 0.0
    assert update_containment("triển khai thực hiện", None, "đã triển khai thực hiện", CUES) == 0.0


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tracking.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "extension: [gia hạn]\ncompletion: [đã xong]\nnegation: [chưa]\n",
            "1: missing key 'generic' in the top level",
        ),
        (
            "extension: [gia hạn]\ncompletion: [đã xong]\nnegation: [chưa]\ngeneric: [việc]\nextra: [x]\n",
            "5: unknown key 'extra' in the top level",
        ),
        (
            "extension:\n  - gia hạn\n  - 12\ncompletion: [đã xong]\nnegation: [chưa]\ngeneric: [việc]\n",
            "3: extension[1]: must be a text, got 12",
        ),
        (
            "extension: []\ncompletion: [đã xong]\nnegation: [chưa]\ngeneric: [việc]\n",
            "1: extension: must not be empty",
        ),
        ("- a\n", "1: must be a mapping, got a list"),
    ],
)
def test_cue_file_errors_name_file_and_line(tmp_path: Path, text: str, where: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_model(path, TrackingFile)
    assert str(info.value) == f"{path}:{where}"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Sáng 28/9/2025, Sở đã hoàn thành việc sửa chữa cầu.", date(2025, 9, 28)),
        ("Ngày 3/10, công trình đã bàn giao.", date(2025, 10, 3)),
        ("Công trình đã bàn giao, dự kiến thông xe ngày 20/12/2025.", date(2025, 10, 5)),  # future: a plan
        ("Đến 31/2 đã hoàn thành.", date(2025, 10, 5)),  # no such day
        ("Sở đã hoàn thành 23/24 chỉ tiêu.", date(2025, 10, 5)),  # 24 is not a month
    ],
)
def test_completion_date(sentence: str, expected: date) -> None:
    assert completion_date(sentence, date(2025, 10, 5), date(2025, 10, 6)) == expected
