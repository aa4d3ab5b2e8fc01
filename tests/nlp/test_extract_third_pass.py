"""Third generalisation pass: unknown verbs after an addressee, reported instructions and promises,
quotations, matters, delegates' voice, deadline-only segments, new deadline shapes. Every text here is invented."""

from __future__ import annotations

import datetime as dt

import pytest

from chidao.nlp.deadline import find_deadline, normalize_deadline
from chidao.nlp.extract import DirectiveExtractor
from tests.support.extraction import items_of


def test_unknown_verb_negation(extractor: DirectiveExtractor) -> None:
    """An addressee ends before a negation even when no known verb follows."""
    got = items_of(
        extractor,
        "Chiều 3/5, Chủ tịch UBND tỉnh Đinh Quốc Bảo chủ trì cuộc họp về nắng nóng.",
        "Ông Bảo yêu cầu các phòng, ban và Công an các xã không lơ là, chủ quan; kiểm tra ngay các trạm bơm.",
    )
    assert got == [
        ("không lơ là, chủ quan", "directive", "Đinh Quốc Bảo", "các phòng, ban và Công an các xã", None),
        ("kiểm tra ngay các trạm bơm", "directive", "Đinh Quốc Bảo", "các phòng, ban và Công an các xã", None),
    ]


def test_unknown_verb_comma(extractor: DirectiveExtractor) -> None:
    """A body list never puts a comma before its verb: the addressee ends at a closing word."""
    got = items_of(
        extractor,
        "Sáng 9/6, Phó Chủ tịch tỉnh Vi Thị Mỹ làm việc với các chủ hồ chứa.",
        "Bà Mỹ yêu cầu các đơn vị trực thuộc siết chặt kỷ luật trực ban, báo cáo tình hình mực nước mỗi ngày.",
    )
    assert got == [
        (
            "siết chặt kỷ luật trực ban, báo cáo tình hình mực nước mỗi ngày",
            "directive",
            "Vi Thị Mỹ",
            "các đơn vị trực thuộc",
            "mỗi ngày",
        )
    ]


def test_known_body_unknown_verb(extractor: DirectiveExtractor) -> None:
    """A known body's full name ends the addressee before an unknown verb."""
    got = items_of(
        extractor,
        "Ngày 2/4, Chủ tịch UBND tỉnh Hà Quang Thịnh họp bàn về hạn mặn.",
        "Ông Thịnh giao Sở Tư pháp thống kê số hồ sơ hộ tịch bị thất lạc, gửi UBND tỉnh trong tháng 4/2027.",
    )
    assert got == [
        (
            "thống kê số hồ sơ hộ tịch bị thất lạc, gửi UBND tỉnh trong tháng 4/2027",
            "directive",
            "Hà Quang Thịnh",
            "Sở Tư pháp",
            "trong tháng 4/2027",
        )
    ]


def test_modal_after_addressee(extractor: DirectiveExtractor) -> None:
    """A modal ends a long addressee after a speech act."""
    got = items_of(
        extractor,
        "Tối 12/8, Bí thư Huyện ủy Tòng Văn Lả làm việc với xã Nà Hừ.",
        "Về công tác dân vận, đồng chí Lả lưu ý cán bộ thôn, bản ở vùng sâu phải sâu sát dân, nói đi đôi với làm.",
    )
    assert got == [("sâu sát dân, nói đi đôi với làm", "directive", "Tòng Văn Lả", "cán bộ thôn, bản ở vùng sâu", None)]


def test_matter_obligation(extractor: DirectiveExtractor) -> None:
    """An obligation on a matter ("việc ...") is kept whole, with nobody addressed."""
    got = items_of(
        extractor,
        "Chiều 20/10, Chủ tịch tỉnh Lâm Hữu Phước họp về thu phí bến bãi.",
        "Ông cũng lưu ý việc thu phí phải công khai, không để doanh nghiệp phải nộp nhiều lần.",
    )
    assert got == [
        (
            "việc thu phí phải công khai, không để doanh nghiệp phải nộp nhiều lần",
            "directive",
            "Lâm Hữu Phước",
            None,
            None,
        )
    ]


def test_promise_after_year_and_bare_giao(extractor: DirectiveExtractor) -> None:
    """A dated promise in an answer, then a bare 'giao' after a time adverbial; voters' proposals are no items."""
    got = items_of(
        extractor,
        "Ngày 6/12, Đoàn ĐBQH tỉnh tiếp xúc cử tri xã Tân Lập.",
        "Cử tri Lò Văn Phong phản ánh cầu treo bản Mạ đã hư hỏng; đề nghị tỉnh sớm sửa chữa.",
        "Thay mặt lãnh đạo tỉnh, Phó Chủ tịch tỉnh Cầm Ngọc Minh tiếp thu và giải trình. Về cầu treo, ông cho biết tỉnh đã có phương án. Năm 2027, UBND tỉnh sẽ bố trí 12 tỷ đồng để làm cầu mới; trước mắt giao Sở Xây dựng gia cố cáp treo trước ngày 15/1/2027.",
    )
    assert got == [
        ("bố trí 12 tỷ đồng để làm cầu mới", "commitment", "Cầm Ngọc Minh", "UBND tỉnh", "Năm 2027"),
        ("gia cố cáp treo trước ngày 15/1/2027", "directive", "Cầm Ngọc Minh", "Sở Xây dựng", "trước ngày 15/1/2027"),
    ]


def test_reported_instruction_switch(extractor: DirectiveExtractor) -> None:
    """ "X đã có ý kiến chỉ đạo. Theo đó, giao ..." makes X the issuer, not the document's signer."""
    got = items_of(
        extractor,
        "Thanh tra tỉnh vừa công bố kết luận thanh tra tại huyện Mường Tè. Kết luận do ông Vàng A Chứ, Chánh Thanh tra tỉnh ký.",
        "Ngay sau đó, Chủ tịch UBND tỉnh Sùng Văn Hòa đã có ý kiến chỉ đạo. Theo đó, giao Sở Tài chính chủ trì, rà soát định mức hỗ trợ, hoàn thành trong quý II/2027.",
        "Sở Nội vụ theo dõi việc kiểm điểm các cá nhân liên quan.",
    )
    assert got == [
        (
            "chủ trì, rà soát định mức hỗ trợ, hoàn thành trong quý II/2027",
            "directive",
            "Sùng Văn Hòa",
            "Sở Tài chính",
            "trong quý II/2027",
        ),
        ("theo dõi việc kiểm điểm các cá nhân liên quan", "directive", "Sùng Văn Hòa", "Sở Nội vụ", None),
    ]


def test_reported_promise_after_speech_act(extractor: DirectiveExtractor) -> None:
    """ "nhấn mạnh, <body> sẽ ..." reports a promise of that body."""
    got = items_of(
        extractor,
        "Khép lại phiên chất vấn, Chủ tịch HĐND tỉnh Đào Minh Khải nhấn mạnh, Thường trực HĐND tỉnh sẽ theo dõi sát các lời hứa của các sở.",
    )
    assert got == [
        ("theo dõi sát các lời hứa của các sở", "commitment", "Đào Minh Khải", "Thường trực HĐND tỉnh", None)
    ]


def test_school_year_frame(extractor: DirectiveExtractor) -> None:
    """A sentence-initial school year frames every promise of the sentence."""
    got = items_of(
        extractor,
        "Trả lời chất vấn, ông Mạc Văn Tuấn, Giám đốc Sở Giáo dục cho hay, năm nay ngành thiếu 120 giáo viên.",
        "Năm học 2027 - 2028, ngành giáo dục sẽ tuyển thêm 80 giáo viên; phối hợp với trường sư phạm đào tạo giáo viên tin học.",
    )
    assert got == [
        ("tuyển thêm 80 giáo viên", "commitment", "Mạc Văn Tuấn", "ngành giáo dục", "Năm học 2027 - 2028"),
        (
            "phối hợp với trường sư phạm đào tạo giáo viên tin học",
            "commitment",
            "Mạc Văn Tuấn",
            "ngành giáo dục",
            "Năm học 2027 - 2028",
        ),
    ]


def test_quote_comma_inside(extractor: DirectiveExtractor) -> None:
    """A quotation whose comma is inside the closing mark; a matter subject stays in its task."""
    got = items_of(
        extractor,
        "Đến thăm bản, Bí thư Tỉnh ủy Hầu A Lềnh căn dặn xã Pả Vi.",
        "“Đảng ủy, UBND xã phải rà soát lại các hộ còn nhà tạm. Toàn bộ 35 căn nhà phải xong trước ngày 30/4/2027,” đồng chí Lềnh yêu cầu.",
    )
    assert got == [
        ("rà soát lại các hộ còn nhà tạm", "directive", "Hầu A Lềnh", "Đảng ủy, UBND xã", None),
        (
            "Toàn bộ 35 căn nhà phải xong trước ngày 30/4/2027",
            "directive",
            "Hầu A Lềnh",
            "Đảng ủy, UBND xã",
            "trước ngày 30/4/2027",
        ),
    ]


def test_quote_after_colon(extractor: DirectiveExtractor) -> None:
    """A quotation after "<speaker> nói:" gives the obligations inside it."""
    got = items_of(
        extractor,
        "Sáng 5/3, Bí thư Tỉnh ủy Lò Minh Hùng thăm Trung tâm Y tế huyện.",
        "Đồng chí nói: “Người dân vùng cao cũng xứng đáng được chữa bệnh tốt. Ngành y tế phải ưu tiên bác sĩ cho tuyến huyện.”",
    )
    assert got == [("ưu tiên bác sĩ cho tuyến huyện", "directive", "Lò Minh Hùng", "Ngành y tế", None)]


def test_floor_voice_and_wish(extractor: DirectiveExtractor) -> None:
    """Wishes of a commune, voters' proposals and what a meeting adopted are no items."""
    got = items_of(
        extractor,
        "Chiều 1/7, Chủ tịch UBND huyện Phùng Văn Tú đối thoại với nông dân.",
        "Ông Hứa Văn Đạt, Chủ tịch UBND xã Yên Lạc cho biết, xã đã vận động được 40 hộ. Xã cũng mong huyện sớm hỗ trợ giống cho bà con.",
        "Cử tri Nông Thị Lan đề nghị huyện sớm làm đường vào khu sản xuất.",
        "Hội nghị cũng thông qua quy chế liên kết các xã.",
    )
    assert got == []


def test_past_then_promise(extractor: DirectiveExtractor) -> None:
    """A report with 'đã' does not swallow the promise after the semicolon."""
    got = items_of(
        extractor,
        "Chủ tịch UBND huyện Lường Văn Sâm cho biết, huyện đã hỗ trợ 300 hộ; huyện sẽ chỉ đạo các xã lập hồ sơ cho số hộ còn lại trong tháng 3/2027.",
    )
    assert got == [
        (
            "chỉ đạo các xã lập hồ sơ cho số hộ còn lại trong tháng 3/2027",
            "commitment",
            "Lường Văn Sâm",
            "huyện",
            "trong tháng 3/2027",
        )
    ]


def test_deadline_only_segment(extractor: DirectiveExtractor) -> None:
    """ "A; hoàn thành trước ngày X" gives A the deadline instead of a second item."""
    got = items_of(
        extractor,
        "Chiều 8/9, Chủ tịch UBND tỉnh Tô Hữu Phát kiểm tra vùng lũ.",
        "Ông yêu cầu UBND huyện Tam Nông huy động lực lượng giúp dân sửa nhà; hoàn thành trước ngày 25/9/2027.",
    )
    assert got == [
        (
            "huy động lực lượng giúp dân sửa nhà",
            "directive",
            "Tô Hữu Phát",
            "UBND huyện Tam Nông",
            "trước ngày 25/9/2027",
        )
    ]


def test_unknown_verb_in_instruction_block(extractor: DirectiveExtractor) -> None:
    """Bodies whose verbs the lexicon lacks still get their tasks; a document named with 'chỉ đạo' is not an act; an event is no addressee."""
    got = items_of(
        extractor,
        "Ngày 4/9, Chủ tịch tỉnh Tạ Đình Khôi ký văn bản chỉ đạo giữ an toàn giao thông mùa tựu trường.",
        "Ông Khôi yêu cầu Công an tỉnh dồn lực kiểm soát nồng độ cồn quanh cổng trường.",
        "UBND các huyện, thị xã rà lại biển báo trên các tuyến vào trường, xong trước ngày 15/9/2027.",
        "Hội thảo về giao thông học đường cũng được tổ chức vào tháng 10.",
    )
    assert got == [
        ("dồn lực kiểm soát nồng độ cồn quanh cổng trường", "directive", "Tạ Đình Khôi", "Công an tỉnh", None),
        (
            "rà lại biển báo trên các tuyến vào trường, xong trước ngày 15/9/2027",
            "directive",
            "Tạ Đình Khôi",
            "UBND các huyện, thị xã",
            "trước ngày 15/9/2027",
        ),
    ]


def test_document_reports_a_promise(extractor: DirectiveExtractor) -> None:
    """A document that states a body's promise speaks for its signer."""
    got = items_of(
        extractor,
        "Thanh tra huyện vừa ban hành kết luận về quỹ đất công ích. Kết luận do ông Đỗ Văn Tường, Chánh Thanh tra huyện ký.",
        "Kết luận cũng ghi rõ, nếu phát hiện sai phạm mới, Thanh tra huyện sẽ kiến nghị xử lý trách nhiệm người đứng đầu.",
    )
    assert got == [
        ("kiến nghị xử lý trách nhiệm người đứng đầu", "commitment", "Đỗ Văn Tường", "Thanh tra huyện", None)
    ]


def test_target_year_and_own_unit(extractor: DirectiveExtractor) -> None:
    """'đơn vị sẽ' is the speaker's own body; a 'phấn đấu' target is due in its year."""
    got = items_of(
        extractor,
        "Ông Hà Minh Sang, Giám đốc Ban Quản lý dự án giao thông cho biết, đơn vị sẽ phấn đấu giải ngân vốn năm 2027 đạt trên 95%.",
    )
    assert got == [
        (
            "phấn đấu giải ngân vốn năm 2027 đạt trên 95%",
            "commitment",
            "Hà Minh Sang",
            "Ban Quản lý dự án giao thông",
            "năm 2027",
        )
    ]


def test_topic_modal_commitment_pronoun_passive(extractor: DirectiveExtractor) -> None:
    """'Đồng chí' is the speaker who just spoke; 'Về phía X, cần ...'; 'sẽ bị' is no promise; 'lãnh đạo Sở X cam kết ...' is a promise of Sở X."""
    got = items_of(
        extractor,
        "Chiều 7/5, Phó Chủ tịch tỉnh Lưu Thị Huệ làm việc với các chủ đầu tư.",
        "Ông Kha Văn Bình, Giám đốc Ban Quản lý dự án cho rằng nguyên nhân chính là vướng mặt bằng.",
        "Bà Huệ đề nghị các chủ đầu tư lập tiến độ giải ngân theo từng tháng, gửi Sở Tài chính trước ngày 15/5.",
        "Đồng chí yêu cầu thủ trưởng từng đơn vị trực tiếp chỉ đạo, không để vốn nằm chờ.",
        "Về phía UBND các huyện, cần ưu tiên nhân lực cho công tác đền bù.",
        "Những công trình chậm tiến độ sẽ bị điều chuyển vốn sang dự án khác.",
        "Cũng tại buổi làm việc, lãnh đạo Sở Tư pháp cam kết thẩm định hồ sơ trong 5 ngày làm việc.",
    )
    assert got == [
        (
            "lập tiến độ giải ngân theo từng tháng, gửi Sở Tài chính trước ngày 15/5",
            "directive",
            "Lưu Thị Huệ",
            "các chủ đầu tư",
            "trước ngày 15/5",
        ),
        ("trực tiếp chỉ đạo, không để vốn nằm chờ", "directive", "Lưu Thị Huệ", "thủ trưởng từng đơn vị", None),
        ("ưu tiên nhân lực cho công tác đền bù", "directive", "Lưu Thị Huệ", "UBND các huyện", None),
        (
            "thẩm định hồ sơ trong 5 ngày làm việc",
            "commitment",
            "lãnh đạo Sở Tư pháp",
            "Sở Tư pháp",
            "trong 5 ngày làm việc",
        ),
    ]


def test_frame_before_subject_case_and_meeting_report(extractor: DirectiveExtractor) -> None:
    """A time frame before the subject is the task's; 'X thì V' is a case kept whole; what a meeting discussed is no task."""
    got = items_of(
        extractor,
        "Chiều 2/4, Chủ tịch tỉnh Vương Quốc Hưng chủ trì phiên họp thường kỳ.",
        "Kết luận phiên họp, ông Hưng đề nghị các địa phương xử lý xong các kiến nghị trong thẩm quyền; những kiến nghị vượt thẩm quyền thì tổng hợp, gửi Văn phòng tỉnh.",
        "Theo ông Hưng, từ nay đến cuối quý III, các chủ đầu tư phải giải ngân ít nhất 60% kế hoạch vốn.",
        "Tại phiên họp, UBND tỉnh cũng cho ý kiến về dự thảo quy định mức hỗ trợ học nghề.",
    )
    assert got == [
        ("xử lý xong các kiến nghị trong thẩm quyền", "directive", "Vương Quốc Hưng", "các địa phương", None),
        (
            "những kiến nghị vượt thẩm quyền thì tổng hợp, gửi Văn phòng tỉnh",
            "directive",
            "Vương Quốc Hưng",
            "các địa phương",
            None,
        ),
        (
            "giải ngân ít nhất 60% kế hoạch vốn",
            "directive",
            "Vương Quốc Hưng",
            "các chủ đầu tư",
            "từ nay đến cuối quý III",
        ),
    ]


def test_signer_named_after_the_tasks(extractor: DirectiveExtractor) -> None:
    """Tasks a body hands out in a document signed by a named person are that person's, even when the signature comes last."""
    got = items_of(
        extractor,
        "UBND tỉnh vừa ban hành Kế hoạch về phòng, chống rét cho vật nuôi.",
        "Để thực hiện mục tiêu trên, UBND tỉnh giao nhiệm vụ cụ thể như sau:",
        "- Sở Nông nghiệp: Chủ trì hướng dẫn người dân che chắn chuồng trại; báo cáo tình hình thiệt hại hằng tuần.",
        "- UBND các xã: Dự trữ thức ăn cho gia súc trước ngày 1/12/2027.",
        "Văn bản này do bà Hà Thị Lụa, Phó Chủ tịch tỉnh ký.",
    )
    assert got == [
        ("Chủ trì hướng dẫn người dân che chắn chuồng trại", "directive", "Hà Thị Lụa", "Sở Nông nghiệp", None),
        ("báo cáo tình hình thiệt hại hằng tuần", "directive", "Hà Thị Lụa", "Sở Nông nghiệp", "hằng tuần"),
        (
            "Dự trữ thức ăn cho gia súc trước ngày 1/12/2027",
            "directive",
            "Hà Thị Lụa",
            "UBND các xã",
            "trước ngày 1/12/2027",
        ),
    ]


@pytest.mark.parametrize(
    ("segment", "expected", "rule"),
    [
        (
            "thu hồi tiền, xong trong 30 ngày kể từ ngày nhận được văn bản.",
            "trong 30 ngày kể từ ngày nhận được văn bản",
            None,
        ),
        (
            "báo cáo định kỳ 2 lần/ngày vào 8 giờ và 17 giờ.",
            "định kỳ 2 lần/ngày vào 8 giờ và 17 giờ",
            "FREQ=DAILY;BYHOUR=8,17",
        ),
        ("kiểm tra 3 lần/tuần tại các chợ.", "3 lần/tuần", "FREQ=WEEKLY"),
    ],
)
def test_event_spans_and_counts_per_period(segment: str, expected: str, rule: str | None) -> None:
    assert find_deadline(segment) == expected
    assert normalize_deadline(expected, dt.date(2027, 1, 5)) == (None, rule)


def test_a_body_before_a_verb_the_lexicon_lacks_gives_no_task(extractor: DirectiveExtractor) -> None:
    """Without a known action there is no directive cue: the sentence after a directive is not taken on trust."""
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Hà Minh Lộc yêu cầu Sở Y tế tăng cường kiểm tra các phòng khám tư nhân.",
        "Ban Quản lý các khu công nghiệp lo liệu chỗ ở cho công nhân.",
    )
    assert got == [
        ("tăng cường kiểm tra các phòng khám tư nhân", "directive", "Hà Minh Lộc", "Sở Y tế", None),
    ]
