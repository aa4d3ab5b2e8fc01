"""Text normalisation and article cleaning."""

from __future__ import annotations

import unicodedata

import pytest

from chidao.core.text import as_written, clean_article_text, normalize_text
from chidao.nlp.analyze import TextAnalyzer
from tests.support.config import BUNDLE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hoà", "hòa"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("thuỷ lợi", "thủy lợi"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("hoạ sĩ", "họa sĩ"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("quý IV", "quý IV"),  # "qu" keeps its mark on y
        ("hoàng hôn", "hoàng hôn"),  # mark inside a longer syllable stays
        ("UỶ BAN", "ỦY BAN"),
        ("a\u00a0b\u200bc", "a bc"),
        ("dòng 1\r\ndòng 2", "dòng 1\ndòng 2"),
    ],
)
def test_normalize_text_unifies_spelling(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_text_turns_nfd_into_nfc_and_is_idempotent() -> None:
    nfd = unicodedata.normalize("NFD", "Phó Giám đốc Sở Văn hoá tỉnh Khánh Hoà")
    once = normalize_text(nfd)
    assert once == "Phó Giám đốc Sở Văn hóa tỉnh Khánh Hòa"
    assert unicodedata.is_normalized("NFC", once)
    assert normalize_text(once) == once


PAGE = """Báo Điện tử Tây Ninh

Thời sự

Thứ Ba, 02/07/2024 08:00

Xem với cỡ chữ A A A

Tây Ninh: Họp bàn phòng chống dịch tả lợn châu Phi

0:00 / 0:00
0:00

Sáng 2/7, Sở Nông nghiệp tổ chức họp bàn các giải pháp phòng chống dịch tả lợn châu Phi trên địa bàn tỉnh.

Quang cảnh cuộc họp. Ảnh: Ngọc Trâm

Đại biểu phát biểu tại cuộc họp.

Đại biểu phát biểu tại cuộc họp.

Audio: 02072024_hop_ban.mp3

Giám đốc Sở yêu cầu các huyện tăng cường kiểm soát vận chuyển gia súc, xong trước ngày 15/7.

Ngọc Trâm

Số lượt xem: 145

Chia sẻ: Facebook Zalo

Đọc thêm

Huyện Châu Thành yêu cầu các xã tiêu hủy ngay lợn bệnh.

Thống kê truy cập website
Đang trực tuyến: 12
"""


def test_clean_article_keeps_the_article_and_drops_debris() -> None:
    article = clean_article_text(PAGE)
    assert article.title == "Tây Ninh: Họp bàn phòng chống dịch tả lợn châu Phi"
    paragraphs = article.text.split("\n\n")
    assert paragraphs == [
        "Báo Điện tử Tây Ninh",
        "Thời sự",
        "Thứ Ba, 02/07/2024 08:00",
        "Tây Ninh: Họp bàn phòng chống dịch tả lợn châu Phi",
        "Sáng 2/7, Sở Nông nghiệp tổ chức họp bàn các giải pháp phòng chống dịch tả lợn châu Phi trên địa bàn tỉnh.",
        "Giám đốc Sở yêu cầu các huyện tăng cường kiểm soát vận chuyển gia súc, xong trước ngày 15/7.",
        "Ngọc Trâm",
    ]


def test_clean_article_cuts_related_articles_and_keeps_date_of_counter_line() -> None:
    raw = (
        "Tiêu đề bài viết về giao thông nông thôn mới\n\n"
        "30/01/2024 15:40 Số lượt xem: 87\n\n"
        "Chiều 29/1, UBND tỉnh họp tổng kết chương trình đường làng năm 2023.\n\n"
        "Tin cùng chuyên mục\n\n"
        "Lãnh đạo tỉnh đề nghị các sở, ngành khẩn trương làm xong kế hoạch năm 2024.\n"
    )
    article = clean_article_text(raw)
    assert article.title == "Tiêu đề bài viết về giao thông nông thôn mới"
    assert "30/01/2024 15:40" in article.text
    assert "lượt xem" not in article.text
    assert "khẩn trương" not in article.text


@pytest.mark.parametrize("marker", ["Xem thêm", "Xem thêm:", "Xem thêm >>"])
def test_a_see_more_line_alone_starts_the_related_block(marker: str) -> None:
    raw = (
        "Tỉnh ứng phó bão số 3\n\n"
        "Chiều 5/9, lãnh đạo tỉnh yêu cầu các xã ven biển kêu gọi tàu thuyền vào nơi tránh trú.\n\n"
        f"{marker}\n\n"
        "Tổng cục Hải quan chỉ đạo toàn ngành tăng cường chống buôn lậu cuối năm.\n"
    )
    text = clean_article_text(raw).text
    assert text.endswith("kêu gọi tàu thuyền vào nơi tránh trú.")


def test_a_see_more_link_inside_the_body_cuts_nothing() -> None:
    raw = (
        "Tỉnh ứng phó bão số 3\n\n"
        "Chiều 5/9, lãnh đạo tỉnh yêu cầu các xã ven biển kêu gọi tàu thuyền vào nơi tránh trú.\n\n"
        "Xem thêm: Bão số 3 đổ bộ vào đất liền\n\n"
        "Các xã phải hoàn thành sơ tán dân trước 17 giờ ngày 6/9.\n"
    )
    assert clean_article_text(raw).text.endswith("trước 17 giờ ngày 6/9.")


def test_clean_article_drops_pull_quotes_repeating_the_headline() -> None:
    headline = "“Tập trung cao độ cho công tác phòng chống thiên tai”"
    raw = (
        f"{headline}\n\n"
        "Bí thư Tỉnh ủy chủ trì cuộc họp với các sở, ngành về công tác phòng chống thiên tai năm nay.\n\n"
        f"{headline}\n\nCác đại biểu đã thảo luận, đóng góp nhiều ý kiến về kế hoạch ứng phó với mùa mưa bão.\n"
    )
    article = clean_article_text(raw)
    assert article.title == headline
    assert article.text.count(headline) == 1


def test_clean_article_does_not_change_body_characters() -> None:
    body = 'Các xã vận động chủ ghe "2 có" (có giấy phép, có bảo hiểm) – xong trước ngày 31/8/2025./.'
    article = clean_article_text(f"Một tiêu đề đủ dài cho bài báo thử nghiệm\n\n{body}\n")
    assert body in article.text


def test_a_lead_printed_twice_keeps_one_copy_and_a_caption_printed_twice_none() -> None:
    lead = (
        "Chiều 28-4, ông Trần Văn An, Phó Bí thư Tỉnh ủy Khánh Hòa chủ trì giao ban rà soát việc thực hiện "
        "nhiệm vụ tháng 4 và triển khai nhiệm vụ tháng 5."
    )
    caption = "Quang cảnh buổi giao ban"
    body = "Ông yêu cầu các sở, ngành đẩy nhanh tiến độ giải ngân vốn đầu tư công trong tháng 5 năm nay."
    cleaned = clean_article_text("\n".join([lead, lead, caption, caption, body]))
    assert cleaned.text == f"{lead}\n\n{body}"
    # below the lead, a sentence printed twice is a photo's alt text and its caption
    photo = "Công nhân khẩn trương lắp đặt hệ thống bơm tiêu úng tại xã Hòa An."
    assert clean_article_text("\n".join([lead, body, photo, photo])).text == f"{lead}\n\n{body}"


def test_as_written_reads_a_cleaned_piece_back_in_the_articles_spelling() -> None:
    raw = "Uỷ ban nhân dân tỉnh yêu cầu\u00a0các xã hoà giải tranh chấp."
    spelled = as_written(raw)
    assert spelled(normalize_text("Uỷ ban nhân dân tỉnh")) == "Uỷ ban nhân dân tỉnh"
    assert spelled("hòa giải tranh chấp") == "hoà giải tranh chấp"
    # a piece cleaning rewrote (the no-break space) is not in the raw text: it comes back as it is
    assert spelled("yêu cầu các xã") == "yêu cầu các xã"
    assert spelled(None) is None
    # an article in the unified spelling is left alone
    assert as_written("Ủy ban nhân dân tỉnh")("Ủy ban") == "Ủy ban"


def test_items_quote_the_article_in_its_own_spelling() -> None:
    analysis = TextAnalyzer.from_bundle(BUNDLE).analyze(
        "Tin trong tỉnh\n\nNgày 3/4, Uỷ ban nhân dân tỉnh yêu cầu Sở Tư pháp chủ trì hoà giải các tranh chấp đất đai."
    )
    assert [(d.text, d.issuer, d.assignee) for d in analysis.directives] == [
        ("chủ trì hoà giải các tranh chấp đất đai", "Uỷ ban nhân dân tỉnh", "Sở Tư pháp")
    ]


def test_a_page_that_opens_with_its_date_line_has_no_headline() -> None:
    cleaned = clean_article_text(
        "8:56:0, 08/08/2016\nSáng 6/8, UBND tỉnh họp trực tuyến với các huyện về công tác di dời dân cư ra khỏi vùng "
        "có nguy cơ sạt lở."
    )
    assert cleaned.title is None


def test_a_short_sentence_or_lead_in_before_the_body_is_no_headline() -> None:
    # the headline is the last line before the body; a sentence with its stop or a lead-in ending with a colon
    # is body text, so what follows it is not dropped as if it came before the headline
    raw = (
        "UBND thị xã họp thường kỳ tháng 9\n\n"
        "Ngày 6/9, UBND thị xã họp thường kỳ.\n\n"
        "Chủ tịch UBND thị xã Trần Văn Úc kết luận:\n\n"
        "Trong tháng 9/2027, các phòng, ban cần tập trung rà soát hồ sơ đất đai.\n"
    )
    assert clean_article_text(raw).title == "UBND thị xã họp thường kỳ tháng 9"


@pytest.mark.parametrize(
    "bar", ["Chia sẻ | Bản in | Gửi email", "Chia sẻ: Facebook | Zalo", "Chia sẻ bài viết: Facebook"]
)
def test_a_share_bar_is_debris_but_a_paragraph_that_opens_with_chia_se_is_body(bar: str) -> None:
    body = (
        "Chia sẻ khó khăn với cán bộ, chiến sĩ hai đồn biên phòng, Phó Thủ tướng yêu cầu các đơn vị tập trung "
        "nắm chắc tình hình."
    )
    cleaned = clean_article_text(f"Biên phòng giữ vững an ninh biên giới\n\n{body}\n\n{bar}")
    assert cleaned.text.split("\n\n") == ["Biên phòng giữ vững an ninh biên giới", body]


def test_a_hard_wrapped_document_is_joined_into_its_paragraphs() -> None:
    raw = (
        "Chỉ thị về mùa mưa bão\n\n"
        "Để chủ động ứng phó với mưa lớn, Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban,\n"
        "ngành, Chủ tịch UBND các huyện thực hiện tốt các nội dung sau:\n"
        "1. Rà soát phương án sơ tán dân ở vùng\n"
        "trũng thấp; kiểm tra an toàn hồ\n"
        "đập.\n"
        "a) Trồng cây chắn sóng\n"
        "b) Nạo vét kênh mương"
    )
    assert clean_article_text(raw).text.split("\n\n") == [
        "Chỉ thị về mùa mưa bão",
        "Để chủ động ứng phó với mưa lớn, Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành, Chủ tịch UBND "
        "các huyện thực hiện tốt các nội dung sau:",
        "1. Rà soát phương án sơ tán dân ở vùng trũng thấp; kiểm tra an toàn hồ đập.",
        "a) Trồng cây chắn sóng",
        "b) Nạo vét kênh mương",
    ]


def test_lines_that_end_or_open_a_sentence_stay_apart() -> None:
    raw = "Tin mới\n\nỦy ban nhân dân tỉnh họp phiên thường kỳ\nChủ tịch UBND tỉnh chủ trì.\nnguồn: báo tỉnh"
    assert clean_article_text(raw).text.split("\n\n") == [
        "Tin mới",
        "Ủy ban nhân dân tỉnh họp phiên thường kỳ",
        "Chủ tịch UBND tỉnh chủ trì.",
        "nguồn: báo tỉnh",
    ]
