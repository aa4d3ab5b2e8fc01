"""Defects a new user found on the demo and on his own texts (invented sentences with the same structures)."""

from __future__ import annotations

from chidao.core.models import CleanedArticle
from chidao.nlp.extract import DirectiveExtractor
from tests.support.extraction import items_of


def test_a_province_ending_in_a_family_name_is_not_part_of_the_issuer(extractor: DirectiveExtractor) -> None:
    assert items_of(
        extractor,
        "Chủ tịch UBND tỉnh Quảng Ninh Lê Văn An yêu cầu Sở Tài chính rà soát các khoản chi.",
        "Chủ tịch UBND tỉnh Ninh Bình Trần Song Tùng đề nghị Sở Xây dựng sửa chữa cầu.",
    ) == [
        ("rà soát các khoản chi", "directive", "Lê Văn An", "Sở Tài chính", None),
        ("sửa chữa cầu", "directive", "Trần Song Tùng", "Sở Xây dựng", None),
    ]


def test_shortcomings_the_speaker_points_out_are_not_tasks_of_a_comrade(extractor: DirectiveExtractor) -> None:
    assert (
        items_of(
            extractor,
            "Kết luận buổi làm việc, Bí thư Tỉnh ủy Hoàng Văn Tư ghi nhận sự cố gắng của các sở. "
            "Đồng chí cũng chỉ rõ việc bố trí vốn ở một số xã còn dàn trải; sự phối hợp giữa các ngành có lúc chưa "
            "chặt chẽ; một số cán bộ còn ngại va chạm.",
        )
        == []
    )


def test_the_evidence_is_the_sentence_of_the_item_not_its_paragraph(extractor: DirectiveExtractor) -> None:
    paragraph = (
        "Sáng 4/11, UBND tỉnh họp phiên thường kỳ. Chủ tịch UBND tỉnh Lê Văn An yêu cầu Sở Y tế kiểm tra "
        "các trạm y tế trước ngày 30/11/2025. Cuộc họp kết thúc lúc 11 giờ."
    )
    (item,) = extractor.extract(CleanedArticle(title=None, text=paragraph))
    assert item.sentence == "Chủ tịch UBND tỉnh Lê Văn An yêu cầu Sở Y tế kiểm tra các trạm y tế trước ngày 30/11/2025."
    assert paragraph[item.start : item.end] == "kiểm tra các trạm y tế trước ngày 30/11/2025"
