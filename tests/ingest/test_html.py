"""Main-text extraction and markup decoding."""

from __future__ import annotations

import unicodedata

import pytest

from chidao.core.html import (
    declared_charset,
    decode_markup,
    extract_main_text,
    html_to_text,
    plausible_vietnamese_word,
)
from tests.ingest.feedjson import encode_cp1258

PARAGRAPHS = (
    "Chiều ngày 20/11, Chủ tịch UBND tỉnh chủ trì cuộc họp về tiến độ các công trình trọng điểm của tỉnh.",
    "Chủ tịch UBND tỉnh yêu cầu Sở Giao thông vận tải phối hợp với các địa phương hoàn thành bàn giao mặt "
    "bằng cho nhà thầu trước ngày 31/12, không để kéo dài sang năm sau.",
    "Giao Sở Tài chính rà soát nguồn vốn, tham mưu điều chuyển vốn từ các dự án chậm giải ngân sang các dự "
    "án có khối lượng hoàn thành lớn, báo cáo kết quả trong tháng 12.",
)


def article_page(charset: str = "utf-8") -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    related = "".join(
        f'<tr><td><a href="/tin/{n}.html">Tin liên quan số {n} về hoạt động của huyện</a></td></tr>'
        for n in range(1, 9)
    )
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="{charset}"><title>Họp về công trình trọng điểm'
        "</title></head><body><nav><ul><li><a href='/'>Trang chủ</a></li><li><a href='/tin'>Tin tức</a></li>"
        "</ul></nav><main><article><h1>Họp về công trình trọng điểm</h1>"
        f"{body}</article></main><table class='lien-quan'>{related}</table>"
        "<section class='comments' id='comments'><h3>Bình luận</h3><div class='comment'>"
        "<p>Bạn đọc Nguyễn Văn Mẫu: Mong tỉnh làm nhanh hơn nữa, đường xá đi lại quá khó khăn rồi.</p>"
        "</div></section><footer>Bản quyền thuộc Cổng thông tin điện tử tỉnh Mẫu</footer></body></html>"
    )


def assert_is_the_article(text: str | None) -> None:
    assert text is not None
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "Bình luận" not in text
    assert "Mong tỉnh làm nhanh" not in text
    assert "Tin liên quan số" not in text
    assert unicodedata.is_normalized("NFC", text)


def test_main_text_from_utf8_bytes() -> None:
    assert_is_the_article(extract_main_text(article_page().encode("utf-8"), url="https://tinhmau.example.vn/a"))


def test_main_text_from_windows_1258_bytes_declared_utf8() -> None:
    raw = encode_cp1258(article_page(charset="utf-8"))
    assert_is_the_article(extract_main_text(raw))


def test_main_text_from_nfd_string() -> None:
    assert_is_the_article(extract_main_text(unicodedata.normalize("NFD", article_page())))


@pytest.mark.parametrize("page", [b"", b"   ", "", "<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>"])
def test_nothing_usable_is_none(page: str | bytes) -> None:
    assert extract_main_text(page) is None


def test_a_single_short_line_is_not_an_article() -> None:
    nine_words = "<html><body><article><p>Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng.</p></article></body></html>"
    assert extract_main_text(nine_words) is None
    twelve_words = nine_words.replace("Sở Xây dựng.", "Sở Xây dựng báo cáo ngay.")
    assert extract_main_text(twelve_words) == "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng báo cáo ngay."


def test_short_feed_fragment_is_taken_whole() -> None:
    brief = "<p>Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng hoàn thành rà soát quy hoạch trước ngày 30/12.</p>"
    assert extract_main_text(brief + "<p>Văn phòng UBND tỉnh theo dõi.</p>") == (
        "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng hoàn thành rà soát quy hoạch trước ngày 30/12.\n"
        "Văn phòng UBND tỉnh theo dõi."
    )
    assert extract_main_text("<p>Tin ngắn: họp giao ban.</p>") is None


def test_html_to_text() -> None:
    assert html_to_text("<p>Chủ tịch&nbsp;UBND <b>yêu cầu</b></p><script>x()</script>") == "Chủ tịch UBND yêu cầu"
    assert html_to_text("Một<br>Hai<li>Ba</li>") == "Một Hai Ba"
    assert html_to_text(unicodedata.normalize("NFD", "  Quyết   định\n")) == "Quyết định"
    assert html_to_text("a &lt; b &amp; c") == "a < b & c"
    assert html_to_text("<div>Một<br>Hai</div><p> </p><li>Ba  bốn</li>", keep_paragraphs=True) == "Một\nHai\nBa bốn"


def test_declared_charset() -> None:
    assert declared_charset(b'<?xml version="1.0" encoding="windows-1258"?><rss/>') == "windows-1258"
    assert declared_charset(b'<html><head><meta charset="UTF-8"></head>') == "UTF-8"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">') == "iso-8859-1"
    assert declared_charset(b"<rss/>") is None


@pytest.mark.parametrize(
    ("data", "declared", "expected_text", "expected_codec"),
    [
        ("Sở Tư pháp".encode(), "windows-1258", "Sở Tư pháp", "utf-8"),
        (b"\xef\xbb\xbfHu\xe1\xba\xbf", None, "Huế", "utf-8"),
        ("Đà Nẵng".encode("utf-16"), None, "Đà Nẵng", "utf-16-le"),
        (encode_cp1258("Phường Đông Ba, thành phố Huế"), "utf-8", "Phường Đông Ba, thành phố Huế", "cp1258"),
        ("Gò Công – 5 €".encode("cp1252"), "utf-8", "Gò Công – 5 €", "cp1252"),
        (
            ("Quảng Ngãi " * 20).encode() + b"\xff",
            None,
            "Quảng Ngãi " * 20 + "\ufffd",
            "utf-8",
        ),
    ],
)
def test_decode_markup(data: bytes, declared: str | None, expected_text: str, expected_codec: str) -> None:
    text, codec = decode_markup(data, declared=declared)
    assert unicodedata.normalize("NFC", text) == expected_text
    assert codec == expected_codec


@pytest.mark.parametrize(
    ("word", "plausible"),
    [
        ("Đồng", True),
        ("khuyến", True),
        ("hoà", True),
        ("người", True),
        ("UBND", True),
        ("tiÒnh", False),
        ("viêòc", False),
        ("võìi", False),
        ("ðiêòn", False),
        ("G\u0323", False),
    ],
)
def test_plausible_vietnamese_word(word: str, plausible: bool) -> None:
    assert plausible_vietnamese_word(word) is plausible
