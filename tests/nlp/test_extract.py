"""Directive extraction on our own golden articles and on focused phrasings."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from chidao.core.models import CleanedArticle, Directive
from chidao.core.text import clean_article_text
from chidao.nlp.extract import DirectiveExtractor

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "extract"
CASES = sorted(p.name.removesuffix(".expected.json") for p in GOLDEN.glob("*.expected.json"))


def _as_dict(d: Directive) -> dict[str, Any]:
    return {
        "text": d.text,
        "kind": d.kind,
        "issuer": d.issuer,
        "assignee": d.assignee,
        "deadline": d.deadline,
        "due_date": d.due_date.isoformat() if d.due_date else None,
        "recurrence": d.recurrence,
    }


def test_golden_set_has_the_promised_kinds_of_article() -> None:
    assert len(CASES) >= 4
    expected = [json.loads((GOLDEN / f"{c}.expected.json").read_text(encoding="utf-8")) for c in CASES]
    assert any(not e["items"] for e in expected)
    assert any(i["kind"] == "commitment" for e in expected for i in e["items"])


@pytest.mark.parametrize("case", CASES)
def test_golden_article(extractor: DirectiveExtractor, case: str) -> None:
    expected = json.loads((GOLDEN / f"{case}.expected.json").read_text(encoding="utf-8"))
    article = clean_article_text((GOLDEN / f"{case}.txt").read_text(encoding="utf-8"))
    published = dt.date.fromisoformat(expected["published"]) if expected["published"] else None
    items = extractor.extract(article, published)
    assert article.title == expected["title"]
    assert [_as_dict(d) for d in items] == expected["items"]
    for d in items:
        assert article.text[d.start : d.end] == d.text
        assert d.text in d.sentence
        assert 0.0 <= d.confidence <= 1.0


@pytest.mark.parametrize("case", CASES)
def test_nfd_input_gives_the_same_items_as_nfc(extractor: DirectiveExtractor, case: str) -> None:
    raw = (GOLDEN / f"{case}.txt").read_text(encoding="utf-8")
    nfc = extractor.extract(clean_article_text(unicodedata.normalize("NFC", raw)))
    nfd = extractor.extract(clean_article_text(unicodedata.normalize("NFD", raw)))
    assert [_as_dict(d) for d in nfd] == [_as_dict(d) for d in nfc]


def _article(*paragraphs: str) -> CleanedArticle:
    return CleanedArticle(title=None, text="\n\n".join(paragraphs))


def test_lead_in_gives_issuer_and_addressee_to_every_segment(extractor: DirectiveExtractor) -> None:
    article = _article(
        "Chiều 5/3, UBND tỉnh họp bàn về vốn. Ông Đào Văn Tâm, Chủ tịch UBND tỉnh điều hành buổi họp.",
        "Kết thúc buổi họp, Chủ tịch UBND tỉnh đề nghị các sở, ngành tập trung gỡ rối thủ tục cho nhà đầu tư; "
        "đẩy mạnh cải cách hành chính. Tăng cường kỷ cương công vụ./.",
    )
    items = extractor.extract(article)
    assert [(d.text, d.issuer, d.assignee, d.kind) for d in items] == [
        ("tập trung gỡ rối thủ tục cho nhà đầu tư", "Đào Văn Tâm", "các sở, ngành", "directive"),
        ("đẩy mạnh cải cách hành chính", "Đào Văn Tâm", "các sở, ngành", "directive"),
        ("Tăng cường kỷ cương công vụ", "Đào Văn Tâm", "các sở, ngành", "directive"),
    ]


def test_giao_x_chu_tri_makes_x_the_assignee(extractor: DirectiveExtractor) -> None:
    article = _article(
        "Bí thư Tỉnh ủy Mai Xuân Trường giao Ban Tổ chức Tỉnh ủy chủ trì, cùng Sở Nội vụ "
        "rà soát đội ngũ cán bộ, xong trước ngày 20/12/2025."
    )
    (item,) = extractor.extract(article, dt.date(2025, 11, 1))
    assert item.text == "chủ trì, cùng Sở Nội vụ rà soát đội ngũ cán bộ, xong trước ngày 20/12/2025"
    assert (item.issuer, item.assignee, item.deadline, item.due_date) == (
        "Mai Xuân Trường",
        "Ban Tổ chức Tỉnh ủy",
        "trước ngày 20/12/2025",
        dt.date(2025, 12, 20),
    )


def test_reports_shortcomings_and_purposes_are_notitems_of(extractor: DirectiveExtractor) -> None:
    article = _article(
        "Năm 2024, các sở, ngành đã siết kiểm tra, giám sát; đẩy mạnh cải cách hành chính.",
        "Tuy nhiên, việc đền bù mặt bằng còn chậm, chưa đáp ứng yêu cầu.",
        "Các đại biểu thảo luận nhằm tăng cường liên kết giữa các ngành.",
    )
    assert extractor.extract(article) == []
    explanations = extractor.explain(article)
    assert [e.taken for e in explanations] == [False, False, False]
    assert all(e.reason for e in explanations)


def test_repeated_directive_is_one_item(extractor: DirectiveExtractor) -> None:
    sentence = "Chủ tịch UBND tỉnh Ninh Văn Lực yêu cầu Sở Xây dựng gấp rút chỉnh lý hồ sơ dự án."
    article = _article(sentence, sentence)
    items = extractor.extract(article)
    # the later sentence is the item: a lead that repeats the body is like a headline (GUIDELINE)
    later = article.text.rindex("gấp")
    assert [(d.text, d.start) for d in items] == [("gấp rút chỉnh lý hồ sơ dự án", later)]


def test_commitment_with_se_is_a_commitment_of_the_subject(extractor: DirectiveExtractor) -> None:
    article = _article(
        "Trả lời ý kiến cử tri, ông Bùi Đức Hạnh, Giám đốc Sở Giao thông vận tải cho biết, "
        "Sở Giao thông vận tải sẽ sửa chữa tuyến đường tỉnh 741 trong quý II/2025."
    )
    (item,) = extractor.extract(article, dt.date(2025, 1, 10))
    assert (item.text, item.kind, item.issuer, item.assignee, item.deadline, item.due_date) == (
        "sửa chữa tuyến đường tỉnh 741 trong quý II/2025",
        "commitment",
        "Bùi Đức Hạnh",
        "Sở Giao thông vận tải",
        "trong quý II/2025",
        dt.date(2025, 6, 30),
    )


def test_explain_names_cues_speaker_and_reason(extractor: DirectiveExtractor) -> None:
    article = _article(
        "Ông Đào Văn Tâm, Chủ tịch UBND tỉnh điều hành buổi họp.",
        "Ông Tâm yêu cầu Công an huyện bảo đảm an ninh trật tự.",
    )
    explanations = extractor.explain(article)
    taken = [e for e in explanations if e.taken]
    assert len(taken) == 1
    (e,) = taken
    assert e.speaker == "Đào Văn Tâm"
    assert "speech_acts:yêu cầu" in e.cues
    assert article.text[e.start : e.start + len(e.sentence)] == e.sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ngày 3/4, UBND tỉnh có Chỉ thị về chống hạn mặn. Theo đó, UBND tỉnh yêu cầu các ngành, "
            "địa phương chủ động rà soát nguồn nước; Sở Tư pháp theo dõi chặt chẽ độ mặn.",
            [
                ("chủ động rà soát nguồn nước", "UBND tỉnh", "các ngành, địa phương"),
                ("theo dõi chặt chẽ độ mặn", "UBND tỉnh", "Sở Tư pháp"),
            ],
        ),
        (
            "Ông Nguyễn Văn Hùng, Chủ tịch UBND tỉnh điều hành buổi họp. Ông Hùng đề nghị: thời gian tới, các cấp, "
            "các ngành cần tập trung tháo gỡ khó khăn cho sản xuất.",
            [("tập trung tháo gỡ khó khăn cho sản xuất", "Nguyễn Văn Hùng", "các cấp, các ngành")],
        ),
        (
            "Đồng chí Lê Quang Huy - Phó Bí thư Tỉnh ủy nói: Các cấp ủy phải nâng cao chất lượng sinh hoạt "
            "chi bộ; tăng cường kiểm tra, giám sát.",
            [
                ("nâng cao chất lượng sinh hoạt chi bộ", "Lê Quang Huy", "Các cấp ủy"),
                ("tăng cường kiểm tra, giám sát", "Lê Quang Huy", "Các cấp ủy"),
            ],
        ),
        (
            "Đại biểu Nguyễn Thị Hoa đề nghị tỉnh sớm đầu tư tuyến đường liên xã. Các đại biểu thảo luận nhằm "
            "tăng cường phối hợp.",
            [],
        ),
        (
            "Bí thư Tỉnh ủy Phan Minh Đức yêu cầu, thời gian tới, các cấp ủy tập trung lãnh đạo thực hiện nhiệm vụ.",
            [("tập trung lãnh đạo thực hiện nhiệm vụ", "Phan Minh Đức", "các cấp ủy")],
        ),
        (
            "Thay mặt lãnh đạo tỉnh, Chủ tịch UBND tỉnh Hồ Văn Niên tiếp thu góp ý của đoàn và khẳng định, "
            "tỉnh sẽ triển khai ngay các nhiệm vụ được giao.",
            [("triển khai ngay các nhiệm vụ được giao", "Hồ Văn Niên", "tỉnh")],
        ),
        (
            "Chủ tịch UBND tỉnh Lò Văn Sáu yêu cầu: “Các địa phương phải tuyệt đối không để người dân thiếu đói”.",
            [("tuyệt đối không để người dân thiếu đói", "Lò Văn Sáu", "Các địa phương")],
        ),
        (
            "Chủ tịch UBND tỉnh Lò Văn Sáu yêu cầu Tỉnh đoàn phát động phong trào “Ngày thứ Bảy tình nguyện”.",
            [("phát động phong trào “Ngày thứ Bảy tình nguyện”", "Lò Văn Sáu", "Tỉnh đoàn")],
        ),
        (
            "Bí thư Tỉnh ủy Cao Văn Hải đề nghị các cấp ủy thực hiện nghiêm các việc sau. Thứ nhất, nâng cao chất "
            "lượng sinh hoạt chi bộ. Thứ hai, tăng cường công tác tự phê bình.",
            [
                ("nâng cao chất lượng sinh hoạt chi bộ", "Cao Văn Hải", "các cấp ủy"),
                ("tăng cường công tác tự phê bình", "Cao Văn Hải", "các cấp ủy"),
            ],
        ),
        (
            "Trước đó, UBND tỉnh đã yêu cầu các sở, ngành tăng cường kiểm soát giết mổ gia súc.",
            [],
        ),
    ],
)
def test_speakers_bodies_and_delegates(
    extractor: DirectiveExtractor, text: str, expected: list[tuple[str, str, str]]
) -> None:
    items = extractor.extract(_article(text))
    assert [(d.text, d.issuer, d.assignee) for d in items] == expected


def test_long_paragraph_without_final_stop_is_body_but_short_caption_is_not(extractor: DirectiveExtractor) -> None:
    caption = "Lãnh đạo tỉnh yêu cầu các sở tăng cường kiểm tra tại hiện trường"
    body = (
        "Cuối buổi khảo sát, Chủ tịch UBND tỉnh đề nghị Sở Xây dựng gấp rút chỉnh lý hồ sơ điều chỉnh quy "
        "hoạch chung đô thị, lấy ý kiến cộng đồng dân cư và các sở, ngành liên quan, trình UBND tỉnh phê duyệt "
        "trong tháng 9/2025, bảo đảm đúng quy định"
    )
    items = extractor.extract(_article(caption, body), dt.date(2025, 6, 1))
    assert [(d.issuer, d.assignee, d.deadline, d.due_date) for d in items] == [
        ("Chủ tịch UBND tỉnh", "Sở Xây dựng", "trong tháng 9/2025", dt.date(2025, 9, 30))
    ]
    assert items[0].text.startswith("gấp rút chỉnh lý hồ sơ")


def test_time_frame_of_a_commitment_lead_in_applies_to_every_segment(extractor: DirectiveExtractor) -> None:
    article = _article(
        "Ông Lê Văn Hòa, Chủ tịch UBND tỉnh cho biết, tỉnh đã hoàn thành nhiều chỉ tiêu. Trong năm 2026, "
        "tỉnh sẽ hoàn thành tuyến đường ven biển; khởi công cầu Cửa Đại."
    )
    items = extractor.extract(article)
    assert [(d.text, d.kind, d.assignee, d.deadline, d.due_date) for d in items] == [
        ("hoàn thành tuyến đường ven biển", "commitment", "tỉnh", "Trong năm 2026", dt.date(2026, 12, 31)),
        ("khởi công cầu Cửa Đại", "commitment", "tỉnh", "Trong năm 2026", dt.date(2026, 12, 31)),
    ]
    assert {d.issuer for d in items} == {"Lê Văn Hòa"}
