"""Canonical URLs, content hashes and SimHash fingerprints."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chidao.core.identity import (
    canonical_url,
    content_hash,
    fingerprint_distance,
    fingerprint_syllables,
    from_signed64,
    is_near_duplicate,
    normalise_for_fingerprint,
    text_fingerprint,
    to_signed64,
)
from tests.support.shared import require_shared


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTPS://TinhMau.Example.VN/Tin-Tuc/A.html", "https://tinhmau.example.vn/Tin-Tuc/A.html"),
        ("https://tinhmau.example.vn:443/a", "https://tinhmau.example.vn/a"),
        ("http://tinhmau.example.vn:80/a", "http://tinhmau.example.vn/a"),
        ("http://tinhmau.example.vn:8080/a", "http://tinhmau.example.vn:8080/a"),
        ("https://tinhmau.example.vn:80/a", "https://tinhmau.example.vn:80/a"),
        ("https://tinhmau.example.vn/a#binh-luan", "https://tinhmau.example.vn/a"),
        ("https://tinhmau.example.vn", "https://tinhmau.example.vn/"),
        ("https://tinhmau.example.vn./a", "https://tinhmau.example.vn/a"),
        ("https://tinhmau.example.vn/a?b=2&a=1", "https://tinhmau.example.vn/a?a=1&b=2"),
        (
            "https://tinhmau.example.vn/a?utm_source=fb&utm_medium=social&id=7&fbclid=IwAR0&gclid=x",
            "https://tinhmau.example.vn/a?id=7",
        ),
        ("https://tinhmau.example.vn/a?zarsrc=30&gidzl=abc&UTM_Campaign=t", "https://tinhmau.example.vn/a"),
        ("https://tinhmau.example.vn/a?q=&x=1", "https://tinhmau.example.vn/a?q=&x=1"),
        (
            "https://tinhmau.example.vn/tìm?q=sở xây dựng",
            "https://tinhmau.example.vn/tìm?q=s%E1%BB%9F+x%C3%A2y+d%E1%BB%B1ng",
        ),
        ("http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"),
        ("  https://tinhmau.example.vn/a  ", "https://tinhmau.example.vn/a"),
        ("/tin-tuc/a.html", "/tin-tuc/a.html"),
        ("mailto:vanphong@tinhmau.example.vn", "mailto:vanphong@tinhmau.example.vn"),
        ("http://[::1", "http://[::1"),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


@given(st.text(max_size=200))
def test_canonical_url_is_idempotent_and_never_raises(raw: str) -> None:
    once = canonical_url(raw)
    assert canonical_url(once) == once


def test_content_hash_ignores_layout_and_normal_form_but_not_boundaries() -> None:
    assert content_hash("Giao  ban\n", "quý IV") == content_hash("Giao ban", unicodedata.normalize("NFD", "quý IV"))
    assert content_hash("ab", "c") != content_hash("a", "bc")
    assert content_hash("Giao ban") != content_hash("Giao bạn")
    assert len(content_hash("x")) == 64


def test_fingerprint_normalisation_keeps_syllables_only() -> None:
    assert normalise_for_fingerprint("Chủ tịch UBND tỉnh, yêu cầu: (Sở Xây dựng)!") == [
        "chủ",
        "tịch",
        "ubnd",
        "tỉnh",
        "yêu",
        "cầu",
        "sở",
        "xây",
        "dựng",
    ]


ARTICLE = (
    "Chiều ngày 12/11, Chủ tịch UBND tỉnh chủ trì cuộc họp nghe báo cáo tiến độ giải ngân vốn đầu tư công. "
    "Theo báo cáo, đến hết tháng 10 toàn tỉnh mới giải ngân được 48% kế hoạch vốn được giao. "
    "Nguyên nhân chủ yếu do vướng mắc trong công tác bồi thường, giải phóng mặt bằng tại một số dự án giao thông. "
    "Chủ tịch UBND tỉnh yêu cầu các chủ đầu tư rà soát, điều chuyển vốn từ dự án chậm sang dự án có khả năng "
    "giải ngân tốt; giao Sở Tài chính tổng hợp, báo cáo UBND tỉnh trước ngày 25/11. "
    "Các huyện, thị xã tập trung tháo gỡ dứt điểm vướng mắc về đất đai, phấn đấu giải ngân 100% kế hoạch vốn "
    "trước ngày 31/1 năm sau. Người đứng đầu chịu trách nhiệm nếu để chậm trễ kéo dài."
)
OTHER_ARTICLE = (
    "Sáng nay, Hội Nông dân tỉnh tổ chức hội thi nhà nông đua tài lần thứ năm với sự tham gia của mười đội thi "
    "đến từ các huyện. Nội dung thi gồm chào hỏi, kiến thức về chăn nuôi, trồng trọt và phòng chống dịch bệnh "
    "trên cây lúa. Kết thúc hội thi, ban tổ chức trao giải nhất cho đội huyện ven biển, giải nhì cho đội thị xã."
)


def test_same_article_with_different_debris_is_near() -> None:
    republished = (
        "(Báo Mẫu) - " + ARTICLE.replace(";", ",").replace("Chiều ngày", "CHIỀU NGÀY") + "\nTheo Cổng TTĐT tỉnh"
    )
    base = text_fingerprint(ARTICLE)
    assert is_near_duplicate(base, text_fingerprint(republished))
    assert text_fingerprint(unicodedata.normalize("NFD", ARTICLE)) == base


def test_different_articles_are_far() -> None:
    distance = fingerprint_distance(text_fingerprint(ARTICLE), text_fingerprint(OTHER_ARTICLE))
    assert distance > 10
    assert not is_near_duplicate(text_fingerprint(ARTICLE), text_fingerprint(OTHER_ARTICLE))


def test_fingerprint_of_tiny_and_empty_text() -> None:
    assert text_fingerprint("") == 0
    assert text_fingerprint("!!! ...") == 0
    assert text_fingerprint("Hà Nội") == text_fingerprint("hà  nội!")
    assert 0 <= text_fingerprint("Hà Nội") < 2**64


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_signed64_round_trip(value: int) -> None:
    signed = to_signed64(value)
    assert -(2**63) <= signed < 2**63
    assert from_signed64(signed) == value


def test_signed64_edges_and_distance_across_spellings() -> None:
    assert to_signed64(2**64 - 1) == -1
    assert to_signed64(2**63) == -(2**63)
    assert to_signed64(2**63 - 1) == 2**63 - 1
    assert fingerprint_distance(-1, 2**64 - 1) == 0
    assert fingerprint_distance(0, -1) == 64


def _shared_articles() -> dict[str, str]:
    shared_corpus = require_shared("corpus")
    return {
        path.name: path.read_text(encoding="utf-8")
        for folder in ("seeds", "dev")
        for path in sorted((shared_corpus / folder).glob("*.txt"))
    }


def test_shared_corpus_articles_are_far_from_each_other_and_near_their_variants() -> None:
    """Real articles: unrelated ones stay more than 10 bits apart; the same
    article with a dateline, NFD text, other punctuation and credit lines is
    within the default distance; with a two-headline "Tin liên quan" block
    appended it is still within 10 bits."""
    articles = _shared_articles()
    assert len(articles) >= 20
    fingerprints = {name: text_fingerprint(text) for name, text in articles.items()}
    for (name_a, fp_a), (name_b, fp_b) in itertools.combinations(fingerprints.items(), 2):
        assert fingerprint_distance(fp_a, fp_b) > 10, f"{name_a} and {name_b} look like duplicates"
    for name, text in articles.items():
        republished = (
            "(Báo Mẫu) - " + unicodedata.normalize("NFD", text).replace(",", " ,") + "\nẢnh: Minh Hà\n(Nguồn: tổng hợp)"
        )
        assert is_near_duplicate(fingerprints[name], text_fingerprint(republished)), name
        with_related = (
            republished
            + "\nTin liên quan\nHuyện ven biển ra quân làm sạch môi trường sau mùa mưa bão năm nay"
            + "\nTổng kết phong trào thi đua yêu nước giai đoạn năm năm vừa qua"
        )
        assert is_near_duplicate(fingerprints[name], text_fingerprint(with_related), max_distance=10), name


def test_short_debris_lines_do_not_count() -> None:
    with_lines = "Ảnh: Minh Hà\n" + ARTICLE + "\nTin liên quan\n(Nguồn: tổng hợp)"
    assert text_fingerprint(with_lines) == text_fingerprint(ARTICLE)
    assert fingerprint_syllables("Ngắn thôi\nCũng ngắn") == ["ngắn", "thôi", "cũng", "ngắn"]
