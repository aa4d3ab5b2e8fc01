"""Fourth generalisation pass: representatives and delegates as speakers, residents' demands, promises inside
quotations and after a statement, targets, inspection conclusions, body names holding a verb, event-anchored
deadlines. Every text here is invented."""

from __future__ import annotations

import datetime as dt

import pytest

from chidao.nlp.deadline import find_deadline, normalize_deadline
from chidao.nlp.extract import DirectiveExtractor
from tests.support.extraction import items_of


def test_representative_promises_for_his_body(extractor: DirectiveExtractor) -> None:
    """An unnamed representative speaks for his body; the names of people in the guest list are not his."""
    got = items_of(
        extractor,
        "Dự buổi làm việc có bà Đặng Thu Vân, Phó Bí thư Đảng ủy xã, đại diện Ban Quản lý rừng phòng hộ.",
        "Đại diện Ban Quản lý rừng phòng hộ cho biết, ban sẽ bố trí 4 tổ tuần tra thường trực trong mùa khô.",
    )
    assert got == [
        (
            "bố trí 4 tổ tuần tra thường trực trong mùa khô",
            "commitment",
            "Đại diện Ban Quản lý rừng phòng hộ",
            "ban",
            None,
        )
    ]


def test_pronoun_after_representative_goes_to_named_leader(extractor: DirectiveExtractor) -> None:
    """ "Bà" never refers to an unnamed representative who spoke just before."""
    got = items_of(
        extractor,
        "Tại cuộc họp, đại diện Bệnh viện Trần Quốc Toản cho biết số ca nhập viện tăng.",
        "Phát biểu chỉ đạo, Phó Chủ tịch UBND huyện Mạc Thị Hoa đánh giá tình hình còn phức tạp. Bà yêu cầu "
        "Trung tâm Y tế huyện phun hóa chất tại các ổ dịch.",
    )
    assert got == [("phun hóa chất tại các ổ dịch", "directive", "Mạc Thị Hoa", "Trung tâm Y tế huyện", None)]


def test_delegate_with_highland_name_asks_and_promises(extractor: DirectiveExtractor) -> None:
    """A delegate's closing request is his own item; "Đại biểu cho biết, Tổ sẽ ..." is a promise."""
    got = items_of(
        extractor,
        "Trả lời cử tri, ông Phùng Văn Khải, Giám đốc Sở Xây dựng cho biết, Sở sẽ sửa cầu treo trong quý IV/2026.",
        "Thay mặt Tổ đại biểu, đại biểu Ksor H'Lim tiếp thu ý kiến. Đại biểu cho biết, Tổ sẽ chuyển các kiến nghị "
        "đến kỳ họp.",
        "Kết thúc buổi tiếp xúc, đại biểu Ksor H'Lim đề nghị UBND xã sớm trả lời các đơn thư của cử tri.",
    )
    assert [(t, k, i, a) for t, k, i, a, _ in got] == [
        ("sửa cầu treo trong quý IV/2026", "commitment", "Phùng Văn Khải", "Sở Xây dựng"),
        ("chuyển các kiến nghị đến kỳ họp", "commitment", "Ksor H'Lim", "Tổ"),
        ("sớm trả lời các đơn thư của cử tri", "directive", "Ksor H'Lim", "UBND xã"),
    ]


def test_resident_demand_is_not_an_item(extractor: DirectiveExtractor) -> None:
    """A person introduced by where he lives asks as a citizen."""
    got = items_of(
        extractor,
        "Chủ tịch UBND xã Lục Văn Tình chủ trì buổi đối thoại.",
        "Ông Tô Văn Cường, tổ dân phố 4 đề nghị chính quyền công khai bảng giá bồi thường.",
    )
    assert got == []


def test_quoted_promise_and_bare_title_attribution(extractor: DirectiveExtractor) -> None:
    """ "“Phường sẽ ...”, ông X cam kết." is a promise; "“Các trường phải ...”, Giám đốc nhấn mạnh." an order."""
    got = items_of(
        extractor,
        "Giám đốc Sở Giáo dục Tăng Minh Đức làm việc với UBND phường Hòa Bình.",
        '"Phường sẽ sửa xong mái trường trước ngày 20/8/2026", ông Đức cam kết với phụ huynh.',
        '"Các trường phải rà soát hệ thống điện trước năm học mới", Giám đốc nhấn mạnh.',
    )
    assert got == [
        (
            "sửa xong mái trường trước ngày 20/8/2026",
            "commitment",
            "Tăng Minh Đức",
            "Phường",
            "trước ngày 20/8/2026",
        ),
        ("rà soát hệ thống điện trước năm học mới", "directive", "Tăng Minh Đức", "Các trường", None),
    ]


def test_promise_after_statement(extractor: DirectiveExtractor) -> None:
    """ "X ghi nhận ... và khẳng định huyện sẽ ..." promises for the body named after the verb."""
    got = items_of(
        extractor,
        "Kết thúc buổi làm việc, Chủ tịch UBND huyện Khổng Văn Lâm ghi nhận các ý kiến và khẳng định huyện sẽ "
        "hỗ trợ kinh phí bê tông hóa đường liên thôn.",
    )
    assert got == [("hỗ trợ kinh phí bê tông hóa đường liên thôn", "commitment", "Khổng Văn Lâm", "huyện", None)]


def test_plan_target_with_horizon(extractor: DirectiveExtractor) -> None:
    """ "<plan> đặt mục tiêu <time>, toàn huyện phấn đấu A; B": both targets, due at the horizon."""
    got = items_of(
        extractor,
        "Kế hoạch do Phó Chủ tịch UBND huyện Nhữ Văn Tâm ký ban hành.",
        "Kế hoạch đặt mục tiêu đến năm 2028, toàn huyện phấn đấu có 40 hợp tác xã nông nghiệp; "
        "thu nhập bình quân đạt 70 triệu đồng/người/năm.",
    )
    assert got == [
        ("phấn đấu có 40 hợp tác xã nông nghiệp", "directive", "Nhữ Văn Tâm", "toàn huyện", "đến năm 2028"),
        ("thu nhập bình quân đạt 70 triệu đồng/người/năm", "directive", "Nhữ Văn Tâm", "toàn huyện", "đến năm 2028"),
    ]


def test_target_after_statement(extractor: DirectiveExtractor) -> None:
    """A leader's statement followed by ", phấn đấu ..." gives the target, addressed to nobody."""
    got = items_of(
        extractor,
        "Chốt lại buổi họp, Chủ tịch UBND huyện Lã Văn Tùng nhấn mạnh, mục tiêu thu ngân sách năm nay rất cao, "
        "phấn đấu hoàn thành dự toán trước ngày 15/12.",
    )
    assert got == [
        ("phấn đấu hoàn thành dự toán trước ngày 15/12", "directive", "Lã Văn Tùng", None, "trước ngày 15/12")
    ]


def test_small_and_medium_is_no_past(extractor: DirectiveExtractor) -> None:
    """ "doanh nghiệp nhỏ và vừa" does not make a list segment a report of the past."""
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Hứa Văn Định yêu cầu các sở tập trung gỡ khó cho doanh nghiệp; "
        "giảm tiền thuê đất cho doanh nghiệp nhỏ và vừa.",
    )
    assert [t for t, *_ in got] == [
        "tập trung gỡ khó cho doanh nghiệp",
        "giảm tiền thuê đất cho doanh nghiệp nhỏ và vừa",
    ]


def test_inspection_recommendation_opens_subject_first_tasks(extractor: DirectiveExtractor) -> None:
    """An inspection's "kiến nghị ... như sau:" is an order; the tasks are its signer's."""
    got = items_of(
        extractor,
        "Thanh tra huyện vừa ban hành kết luận về việc quản lý quỹ đất công ích. Kết luận do Chánh Thanh tra "
        "huyện Ninh Văn Sáng ký.",
        "Thanh tra huyện kiến nghị Chủ tịch UBND huyện chỉ đạo xử lý như sau:",
        "UBND xã Yên Phú thu hồi 2 ha đất cho thuê trái phép, xong trước ngày 31/3/2027.",
    )
    assert got == [
        (
            "thu hồi 2 ha đất cho thuê trái phép, xong trước ngày 31/3/2027",
            "directive",
            "Ninh Văn Sáng",
            "UBND xã Yên Phú",
            "trước ngày 31/3/2027",
        )
    ]


def test_body_name_holding_a_verb(extractor: DirectiveExtractor) -> None:
    """ "Tổ kiểm tra ... xã kiểm tra ...": the body's name runs to its administrative unit."""
    got = items_of(
        extractor,
        "Chủ tịch UBND xã Viên Văn Hậu yêu cầu Trạm Y tế xã theo dõi sát các ca bệnh. Tổ kiểm tra liên ngành xã "
        "kiểm tra các điểm kinh doanh thực phẩm.",
    )
    assert got[-1][3] == "Tổ kiểm tra liên ngành xã"
    assert got[-1][0] == "kiểm tra các điểm kinh doanh thực phẩm"


def test_reported_instruction_with_its_matter_changes_speaker(extractor: DirectiveExtractor) -> None:
    """ "X đã có ý kiến chỉ đạo về việc ... . Theo đó, giao ..." makes X the issuer."""
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh Tôn Thất Minh yêu cầu các sở báo cáo số liệu.",
        "Chủ tịch UBND tỉnh Quách Văn Lợi đã có ý kiến chỉ đạo về việc sạt lở bờ sông tại xã Tân An. Theo đó, "
        "giao Sở Xây dựng khảo sát hiện trạng, đề xuất phương án xử lý trước ngày 10/9/2026.",
    )
    assert got[-1] == (
        "khảo sát hiện trạng, đề xuất phương án xử lý trước ngày 10/9/2026",
        "directive",
        "Quách Văn Lợi",
        "Sở Xây dựng",
        "trước ngày 10/9/2026",
    )


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("xong trước ngày tựu trường 20/8/2027; báo cáo", "trước ngày tựu trường 20/8/2027"),
        ("bố trí vốn trong kỳ điều chỉnh kế hoạch cuối năm.", "trong kỳ điều chỉnh kế hoạch cuối năm"),
        ("trình trước kỳ họp thứ 9 của HĐND tỉnh.", "trước kỳ họp thứ 9 của HĐND tỉnh"),
        ("phấn đấu có 500 doanh nghiệp đến năm 2030", "đến năm 2030"),
        ("đã cam kết tại kỳ họp.", None),
        ("cấp nước trở lại trước 16 giờ.", "trước 16 giờ"),
    ],
)
def test_event_and_session_deadlines(segment: str, expected: str | None) -> None:
    assert find_deadline(segment) == expected


def test_event_with_its_date_is_due_that_day() -> None:
    assert normalize_deadline("trước ngày tựu trường 20/8/2027", dt.date(2027, 6, 1)) == (dt.date(2027, 8, 20), None)


def test_promise_with_time_frame_before_sẽ_and_representative_body(extractor: DirectiveExtractor) -> None:
    """ "cam kết <time> sẽ ..." dates the promise; "Đại diện X cho biết sẽ ..." promises for X."""
    got = items_of(
        extractor,
        "Trả lời doanh nghiệp, bà Kiểu Thị Hạnh, Giám đốc Sở Công Thương cam kết trong quý I/2027 sẽ cấp đủ "
        "giấy phép cho 12 cửa hàng xăng dầu. Đại diện Kho bạc Nhà nước tỉnh cho biết sẽ rút ngắn thời gian "
        "kiểm soát chi còn 2 ngày.",
    )
    assert got == [
        (
            "cấp đủ giấy phép cho 12 cửa hàng xăng dầu",
            "commitment",
            "Kiểu Thị Hạnh",
            "Sở Công Thương",
            "trong quý I/2027",
        ),
        (
            "rút ngắn thời gian kiểm soát chi còn 2 ngày",
            "commitment",
            "Đại diện Kho bạc Nhà nước tỉnh",
            "Kho bạc Nhà nước tỉnh",
            None,
        ),
    ]


def test_long_body_name_holding_a_verb_after_giao(extractor: DirectiveExtractor) -> None:
    """A project board's name holds "xây dựng"; a partner after "phối hợp với" is not part of a name."""
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lưu Quang Đạt kết luận:",
        "Giao Ban Quản lý các dự án xây dựng thủy lợi tỉnh thi công xong cầu Bến Lở trước ngày 30/6/2027.",
        "Phòng Kinh tế phối hợp với Ủy ban MTTQ Việt Nam xã kiểm đếm tài sản của các hộ bị ảnh hưởng.",
    )
    assert [(t, a) for t, _, _, a, _ in got] == [
        (
            "thi công xong cầu Bến Lở trước ngày 30/6/2027",
            "Ban Quản lý các dự án xây dựng thủy lợi tỉnh",
        ),
        ("phối hợp với Ủy ban MTTQ Việt Nam xã kiểm đếm tài sản của các hộ bị ảnh hưởng", "Phòng Kinh tế"),
    ]


def test_bare_modal_goes_on_with_the_speech(extractor: DirectiveExtractor) -> None:
    """ "Bên cạnh đó, cần ..." continues the speech for the same addressee."""
    got = items_of(
        extractor,
        "Bí thư Huyện ủy Cao Minh Thắng yêu cầu Đảng ủy xã sớm kiện toàn bộ máy. Bên cạnh đó, cần quan tâm "
        "đào tạo cán bộ trẻ.",
    )
    assert got == [
        ("sớm kiện toàn bộ máy", "directive", "Cao Minh Thắng", "Đảng ủy xã", None),
        ("quan tâm đào tạo cán bộ trẻ", "directive", "Cao Minh Thắng", "Đảng ủy xã", None),
    ]


def test_theo_document_opens_its_tasks(extractor: DirectiveExtractor) -> None:
    """ "Theo kế hoạch, <body> <task>" gives the signer's tasks; a past report after it does not."""
    got = items_of(
        extractor,
        "UBND huyện vừa ban hành kế hoạch phòng chống hạn. Kế hoạch do Phó Chủ tịch UBND huyện Mè Văn Sinh ký.",
        "Theo kế hoạch, Phòng Nông nghiệp khảo sát các vùng thiếu nước trong tháng 3/2027. Các xã có trách nhiệm "
        "nạo vét kênh mương nội đồng.",
        "Năm trước, huyện đã hỗ trợ 2.000 hộ chuyển đổi cây trồng.",
    )
    assert got == [
        (
            "khảo sát các vùng thiếu nước trong tháng 3/2027",
            "directive",
            "Mè Văn Sinh",
            "Phòng Nông nghiệp",
            "trong tháng 3/2027",
        ),
        ("nạo vét kênh mương nội đồng", "directive", "Mè Văn Sinh", "Các xã", None),
    ]


def test_residents_representative_is_not_an_official(extractor: DirectiveExtractor) -> None:
    """ "Đại diện các hộ dân cho biết, bà con sẽ ..." is the residents' word, not a body's promise."""
    got = items_of(
        extractor,
        "Đại diện các hộ dân cho biết, bà con sẽ tháo dỡ lều quán trước ngày 10/7/2026.",
        "Đại diện Công ty Cấp nước cho biết, công ty sẽ cấp nước trở lại trước 16 giờ.",
    )
    assert got == [
        ("cấp nước trở lại trước 16 giờ", "commitment", "Đại diện Công ty Cấp nước", "công ty", "trước 16 giờ")
    ]
