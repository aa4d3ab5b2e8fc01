"""Extraction rules for prose the seed corpus does not show: instruction blocks, topicalised addressees,
quoted obligations, commitments without "sẽ", past lists. Every text here is invented."""

from __future__ import annotations

import pytest

from chidao.core.models import CleanedArticle
from chidao.core.text import clean_article_text
from chidao.nlp.deadline import find_deadline
from chidao.nlp.extract import DirectiveExtractor
from tests.support.extraction import items_of


def test_unnumbered_paragraphs_after_a_list_introduction_are_tasks_until_a_report(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Sáng 2/3, Chủ tịch UBND tỉnh Lộc Minh Quý ký Chỉ thị về mùa khô hanh.",
        "Để giữ rừng an toàn, ông Quý yêu cầu các ngành, địa phương làm tốt các việc sau:",
        "Hạt Kiểm lâm chủ trì, phối hợp với Công an huyện tuần tra các khu rừng thông, xong trước ngày 15/3/2027.",
        "Sở Tài nguyên chỉ đạo các ban quản lý rừng phát dọn đường băng cản lửa, không để cháy lan.",
        "Năm qua, tỉnh có 4 vụ cháy rừng đã được dập tắt.",
        "Ban Quản lý rừng phòng hộ tổ chức 12 lớp tập huấn cho người nhận khoán.",
    )
    assert got == [
        (
            "chủ trì, phối hợp với Công an huyện tuần tra các khu rừng thông, xong trước ngày 15/3/2027",
            "directive",
            "Lộc Minh Quý",
            "Hạt Kiểm lâm",
            "trước ngày 15/3/2027",
        ),
        (
            "chỉ đạo các ban quản lý rừng phát dọn đường băng cản lửa, không để cháy lan",
            "directive",
            "Lộc Minh Quý",
            "Sở Tài nguyên",
            None,
        ),
    ]


def test_doi_voi_topic_with_commas_names_the_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Khép lại buổi họp, Phó Giám đốc Sở Vi Thị Hạnh đề nghị các ngành tập trung chống dịch tả lợn.",
        "Đối với UBND các xã, thị trấn, cần lập chốt kiểm dịch tại các đầu mối; tiêu hủy ngay lợn bệnh.",
    )
    assert got[1:] == [
        ("lập chốt kiểm dịch tại các đầu mối", "directive", "Vi Thị Hạnh", "UBND các xã, thị trấn", None),
        ("tiêu hủy ngay lợn bệnh", "directive", "Vi Thị Hạnh", "UBND các xã, thị trấn", None),
    ]


def test_obligations_inside_a_quotation_belong_to_the_speaker_after_it(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Huyện ủy Sầm Văn Khải làm việc với xã vùng cao về giảm nghèo.",
        '"Tôi mừng vì bà con đã có đường mới. Cán bộ thôn phải xuống từng hộ để nắm nhu cầu vay vốn. '
        'Không để hộ nào bị bỏ sót", ông Khải nhấn mạnh.',
    )
    assert got == [
        ("xuống từng hộ để nắm nhu cầu vay vốn", "directive", "Sầm Văn Khải", "Cán bộ thôn", None),
        ("Không để hộ nào bị bỏ sót", "directive", "Sầm Văn Khải", "Cán bộ thôn", None),
    ]


def test_commitments_without_se_and_after_a_vague_future(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Trả lời chất vấn, Giám đốc Sở Giao thông Quàng Văn Lự cho biết nhiều tuyến đường còn xuống cấp.",
        "Thời gian tới, Sở sẽ sửa chữa 12 km đường tỉnh trước mùa mưa; lắp đèn cảnh báo tại các khúc cua.",
        "Sở cũng cam kết không để nhà thầu chậm bàn giao mặt bằng.",
    )
    assert got == [
        ("sửa chữa 12 km đường tỉnh trước mùa mưa", "commitment", "Quàng Văn Lự", "Sở Giao thông", None),
        ("lắp đèn cảnh báo tại các khúc cua", "commitment", "Quàng Văn Lự", "Sở Giao thông", None),
        ("không để nhà thầu chậm bàn giao mặt bằng", "commitment", "Quàng Văn Lự", "Sở Giao thông", None),
    ]


def test_past_report_then_a_pledge_gives_only_the_pledge(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND huyện Tòng Văn Pấng cho biết huyện còn 90 hộ nghèo chưa có nhà vững chắc.",
        "Huyện đã lập các tổ thợ lưu động và cam kết sẽ bàn giao 90 căn nhà trước ngày 30/11/2027.",
    )
    assert got == [
        (
            "bàn giao 90 căn nhà trước ngày 30/11/2027",
            "commitment",
            "Tòng Văn Pấng",
            "Huyện",
            "trước ngày 30/11/2027",
        )
    ]


def test_past_list_over_semicolons_and_a_closing_formula_are_notitems_of(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Tỉnh đoàn Mè Thị Nga cho biết, năm qua các cơ sở Đoàn đã mở 20 lớp tin học; "
        "thành lập 9 đội hình tình nguyện; tổ chức 31 buổi hiến máu.",
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện.",
    )
    assert got == []


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("khoanh vùng ổ dịch trong vòng 24 giờ", "trong vòng 24 giờ"),
        ("trả lời người dân trong vòng 3 ngày làm việc", "trong vòng 3 ngày làm việc"),
        ("báo động cho vùng hạ du trước khi mở cửa xả ít nhất 6 giờ", "trước khi mở cửa xả ít nhất 6 giờ"),
        ("sửa phòng học trước khi khai giảng, bảo đảm an toàn", "trước khi khai giảng"),
        ("mở đợt truy quét từ nay đến hết tháng Chạp", "từ nay đến hết tháng Chạp"),
        ("báo cáo kết quả tại kỳ họp thường lệ cuối năm 2027", "tại kỳ họp thường lệ cuối năm 2027"),
        ("cập nhật số liệu trước 8 giờ và 15 giờ hằng ngày", "trước 8 giờ và 15 giờ hằng ngày"),
        ("cho học sinh nghỉ ngày 5/11/2027", "ngày 5/11/2027"),
    ],
)
def test_relative_and_session_deadlines_are_kept_as_written(segment: str, expected: str) -> None:
    assert find_deadline(segment) == expected


@pytest.mark.parametrize(
    ("instruction", "expected"),
    [
        (
            "Giám đốc Sở Y tế Hầu Văn Dìn yêu cầu các trạm y tế bố trí người trực 24/24 giờ trong dịp lễ.",
            ["bố trí người trực 24/24 giờ trong dịp lễ"],
        ),
        # the verb is unknown to the lexicon: the addressee still ends where its task begins
        ("Giám đốc Sở Y tế Hầu Văn Dìn yêu cầu các trạm y tế túc trực suốt dịp lễ.", ["túc trực suốt dịp lễ"]),
    ],
)
def test_news_report_after_an_instruction_does_not_continue_it(
    extractor: DirectiveExtractor, instruction: str, expected: list[str]
) -> None:
    got = items_of(extractor, instruction, "Sáng 5/4, Trung tâm Y tế huyện tổ chức tiêm vắc xin cho 300 trẻ em.")
    assert [t for t, *_ in got] == expected


def test_a_promise_far_from_the_speaker_is_not_his_commitment(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Giám đốc Sở Du lịch Lường Thị Mai cho biết lượng khách tăng mạnh.",
        "Nhiều khách sạn kín phòng trong dịp cuối tuần.",
        "Giá phòng tăng khoảng 20% so với ngày thường.",
        "Thời gian tới, tỉnh sẽ đón thêm nhiều đoàn khách quốc tế.",
    )
    assert got == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a capitalised place, then the person: the name is the last family name's two to four syllables
        ("Bí thư Thành ủy Hà Nội Nguyễn Văn Dũng yêu cầu", ["Nguyễn Văn Dũng"]),
        ("Phó Chủ tịch UBND TP Hà Nội Trần Thị Lan phát biểu", ["Trần Thị Lan"]),
        # four syllables are a name's length, even when the last is a family name too
        ("bà Hà Thị Lan Anh cho biết", ["Hà Thị Lan Anh"]),
        ("Chủ tịch UBND tỉnh Quảng Nam Lê Văn Thanh", ["Lê Văn Thanh"]),
        # a street named after a person is a place; "thành phố" is no street word
        ("đưa người bệnh về cơ sở 1 (số 12 Trần Quang Khải), ông Lê Văn An cho biết", ["Lê Văn An"]),
        ("tại phố Nguyễn Thái Học và đường Lê Lợi", []),
        ("Phó Chủ tịch UBND thành phố Lâm Văn Hòa phát biểu", ["Lâm Văn Hòa"]),
        # an abbreviation is a whole place: the person starts right after it
        ("Phó Chủ tịch UBND TP HCM Trần Văn Hải phát biểu", ["Trần Văn Hải"]),
    ],
)
def test_a_person_named_after_a_capitalised_place(extractor: DirectiveExtractor, text: str, names: list[str]) -> None:
    assert [name for _, _, name in extractor.find_person_names(text)] == names


def test_a_line_closed_by_a_photo_credit_is_a_caption(extractor: DirectiveExtractor) -> None:
    body = "Chủ tịch UBND tỉnh Lê Văn An yêu cầu các xã tăng cường tuần tra bờ sông."
    for caption in (
        "Chủ tịch UBND tỉnh Lê Văn An yêu cầu các bệnh viện chăm sóc tốt người bệnh (Ảnh: Minh Anh).",
        "Phường ra quân xử lý lấn chiếm vỉa hè: không có vùng cấm, không có ngoại lệ - Ảnh 1",
    ):
        assert [i[0] for i in items_of(extractor, caption, body)] == ["tăng cường tuần tra bờ sông"]


def test_a_quoted_connective_names_no_one_and_the_addressee_keeps_its_words(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Tỉnh ủy Trần Văn An yêu cầu các lực lượng cứu hộ tìm kiếm người mất tích. "
        '"Các đồng chí phải chuẩn bị các phương án. Vì thế phải bảo đảm an toàn cho lực lượng cứu nạn", '
        "ông An nhấn mạnh.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("tìm kiếm người mất tích", "các lực lượng cứu hộ"),
        ("chuẩn bị các phương án", "Các đồng chí"),
        ("bảo đảm an toàn cho lực lượng cứu nạn", "Các đồng chí"),
    ]


def test_a_quotation_over_sentences_with_a_quoted_phrase_inside(extractor: DirectiveExtractor) -> None:
    # the inner phrase's closing mark and comma are no attribution: the quotation closes at its own mark,
    # and its first sentence opens with the addressee after the opening mark
    got = items_of(
        extractor,
        "Sáng 5/8, Chủ tịch UBND tỉnh Lê Văn An đi kiểm tra công tác phòng chống lũ.",
        "“Các xã phải thực hiện phương châm “bốn tại chỗ”, không để người dân thiếu đói. "
        "Các lực lượng cần túc trực 24/24 giờ”, ông An nhấn mạnh.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("thực hiện phương châm “bốn tại chỗ”, không để người dân thiếu đói", "Lê Văn An", "Các xã"),
        ("túc trực 24/24 giờ", "Lê Văn An", "Các lực lượng"),
    ]


def test_a_purpose_clause_word_is_no_addressee_in_the_merged_output(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        'Chủ tịch UBND tỉnh nhấn mạnh: "Để hoàn thành mục tiêu năm, Ban Thường vụ Huyện ủy cần chú trọng '
        'công tác cán bộ. Phát huy tinh thần dám nghĩ dám làm".',
    )
    assert [(i[0], i[3]) for i in got] == [
        ("chú trọng công tác cán bộ", "Ban Thường vụ Huyện ủy"),
        ("Phát huy tinh thần dám nghĩ dám làm", "Ban Thường vụ Huyện ủy"),
    ]


def test_a_quoted_duty_after_a_reason_and_a_dash_attribution(extractor: DirectiveExtractor) -> None:
    # the last clause names the one obliged; a semicolon piece that opens with an action goes on with it;
    # "” - ông X nhấn mạnh" attributes the quotation like "”, ông X nhấn mạnh"
    got = items_of(
        extractor,
        "Sáng 21/10, đại hội đại biểu Đảng bộ tỉnh lần thứ XX khai mạc.",
        "“Bình Định là tỉnh có vị trí chiến lược về quốc phòng, do vậy tỉnh cần chăm lo xây dựng thế trận "
        "quốc phòng toàn dân; bảo vệ vững chắc chủ quyền biển” - ông Trần Văn Bình nhấn mạnh.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("chăm lo xây dựng thế trận quốc phòng toàn dân", "Trần Văn Bình", "tỉnh"),
        ("bảo vệ vững chắc chủ quyền biển", "Trần Văn Bình", "tỉnh"),
    ]


def test_a_quoted_matter_subject_keeps_its_subject(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Sáng 25/7, Bí thư Tỉnh ủy Trần Văn An đến hiện trường chỉ đạo công tác cứu hộ.",
        "“Quá trình cứu nạn cần chú trọng bảo đảm an toàn cho lực lượng tham gia”, ông An nhấn mạnh.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("Quá trình cứu nạn cần chú trọng bảo đảm an toàn cho lực lượng tham gia", "Trần Văn An", None)
    ]


def test_a_quotation_named_afterwards_as_a_leaders_instruction(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Tin trong tỉnh",
        "“Các xã phải tổ chức giao ban hằng tuần. Chủ tịch UBND xã phải báo cáo công việc cho Bí thư” - đó là "
        "chỉ đạo của Bí thư Tỉnh ủy Trần Văn An tại hội nghị giao ban.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tổ chức giao ban hằng tuần", "Trần Văn An", "Các xã"),
        ("báo cáo công việc cho Bí thư", "Trần Văn An", "Chủ tịch UBND xã"),
    ]


def test_the_addressee_of_an_obligation_after_an_assertion(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Tin trong tỉnh",
        "Phó Chủ tịch UBND tỉnh Lê Văn An nhấn mạnh hội nghị là sự kiện hết sức quan trọng của tỉnh, vì vậy "
        "các tiểu ban phải sẵn sàng, chủ động lên kế hoạch thực hiện các nhiệm vụ được giao.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("sẵn sàng, chủ động lên kế hoạch thực hiện các nhiệm vụ được giao", "các tiểu ban")
    ]


@pytest.mark.parametrize(
    "filler", ["", "Dự hội nghị có nhiều đại biểu của các sở, ngành và địa phương trong tỉnh. " * 4]
)
def test_names_read_the_same_after_a_long_paragraph_start(extractor: DirectiveExtractor, filler: str) -> None:
    # the end-anchored place and title patterns read only the tail of what stands before a name
    text = filler + "Chủ tịch UBND tỉnh Quảng Nam Lê Văn Thanh và ông Hà Văn Bình dự họp tại số 12 Trần Phú."
    assert [name for _, _, name in extractor.find_person_names(text)] == ["Lê Văn Thanh", "Hà Văn Bình"]


def test_a_teams_name_with_a_verb_is_the_whole_addressee_before_a_modal(extractor: DirectiveExtractor) -> None:
    got = items_of(extractor, "Bí thư Tỉnh ủy yêu cầu đoàn giám sát phải theo dõi sát việc khắc phục sau giám sát.")
    assert [(i[0], i[3]) for i in got] == [("theo dõi sát việc khắc phục sau giám sát", "đoàn giám sát")]


def test_an_emphasis_opener_is_no_subject_and_the_speech_goes_on(extractor: DirectiveExtractor) -> None:
    # "Đặc biệt," read as a subject that is no agency ended the speech, and the tasks after it were lost
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh giao Sở Nông nghiệp chủ trì thực hiện các giải pháp chống hạn.",
        "Đặc biệt, huy động mọi nguồn lực cấp nước cho người dân bị thiếu nước.",
        "Trước mắt, nạo vét các kênh cấp nước. Trường hợp chưa đủ nước thì bố trí xe chở nước đến từng xã.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("chủ trì thực hiện các giải pháp chống hạn", "Sở Nông nghiệp"),
        ("huy động mọi nguồn lực cấp nước cho người dân bị thiếu nước", "Sở Nông nghiệp"),
        ("nạo vét các kênh cấp nước", "Sở Nông nghiệp"),
        ("Trường hợp chưa đủ nước thì bố trí xe chở nước đến từng xã", "Sở Nông nghiệp"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Trưởng ban đề nghị UBND huyện, các phòng liên quan theo chức năng, nhiệm vụ, quyền hạn của mình "
            "nhanh chóng triển khai các nghị quyết vừa ban hành.",
            ("nhanh chóng triển khai các nghị quyết vừa ban hành", "UBND huyện, các phòng liên quan"),
        ),
        (
            "Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở và Chủ tịch UBND các xã, phường theo chức năng, nhiệm vụ "
            "được giao tập trung triển khai các biện pháp chống dịch.",
            ("tập trung triển khai các biện pháp chống dịch", "Giám đốc các sở và Chủ tịch UBND các xã, phường"),
        ),
    ],
)
def test_a_mandate_phrase_is_neither_addressee_nor_task(
    extractor: DirectiveExtractor, sentence: str, expected: tuple[str, str]
) -> None:
    assert [(i[0], i[3]) for i in items_of(extractor, sentence)] == [expected]


def test_a_capitalised_verb_in_a_departments_name_is_no_action(extractor: DirectiveExtractor) -> None:
    # "Xây dựng", "Phát triển" are verbs, but capitalised after a word they are part of the body's name
    got = items_of(
        extractor,
        "Giám đốc Sở Xây dựng yêu cầu các nhà thầu đẩy nhanh tiến độ thi công.",
        "Sở Nông nghiệp và Phát triển nông thôn đề nghị các xã rà soát diện tích lúa bị ngập.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("đẩy nhanh tiến độ thi công", "Giám đốc Sở Xây dựng", "các nhà thầu"),
        ("rà soát diện tích lúa bị ngập", "Sở Nông nghiệp và Phát triển nông thôn", "các xã"),
    ]


def test_a_title_is_not_resolved_to_the_head_of_another_department(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Giám đốc Sở Y tế yêu cầu các bệnh viện rà soát thuốc dự trữ.",
        "Giám đốc Sở Xây dựng Trần Văn Bình yêu cầu các nhà thầu đẩy nhanh tiến độ.",
    )
    assert [i[2] for i in got] == ["Giám đốc Sở Y tế", "Trần Văn Bình"]


def test_a_department_that_asks_speaks_and_one_that_directs_in_a_task_list_passes_its_task_down(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các sở triển khai ngay phương án chống hạn.",
        "Sở Y tế chỉ đạo các bệnh viện bố trí đủ nước sạch cho người bệnh.",
        "Sở Nông nghiệp và Môi trường đề nghị các xã rà soát diện tích lúa bị khô hạn.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("triển khai ngay phương án chống hạn", "Chủ tịch UBND tỉnh", "các sở"),
        ("chỉ đạo các bệnh viện bố trí đủ nước sạch cho người bệnh", "Chủ tịch UBND tỉnh", "Sở Y tế"),
        ("rà soát diện tích lúa bị khô hạn", "Sở Nông nghiệp và Môi trường", "các xã"),
    ]


def test_a_dated_frame_then_a_modal_is_a_task_of_the_running_speech(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các huyện khắc phục hậu quả lũ.",
        "Chậm nhất trong tháng 10/2027, phải bố trí xong chỗ ở tạm cho các hộ mất nhà.",
        "Ngày 5/9, lực lượng vũ trang đã giúp dân dọn bùn.",
    )
    assert [(i[0], i[3], i[4]) for i in got] == [
        ("khắc phục hậu quả lũ", "các huyện", None),
        # "chậm nhất" belongs to the deadline, as in every real gold deadline that has it ("chậm nhất ngày 30-6")
        ("bố trí xong chỗ ở tạm cho các hộ mất nhà", "các huyện", "Chậm nhất trong tháng 10/2027"),
    ]


def test_a_body_that_is_assigned_a_task_is_its_assignee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Tỉnh ủy yêu cầu các cấp ủy tập trung lãnh đạo phòng chống hạn hán.",
        "Các lực lượng quân đội, công an được giao trách nhiệm chuẩn bị lực lượng để chữa cháy rừng.",
        "Sở Y tế được giao chủ trì kiểm tra an toàn thực phẩm.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("tập trung lãnh đạo phòng chống hạn hán", "các cấp ủy"),
        ("chuẩn bị lực lượng để chữa cháy rừng", "Các lực lượng quân đội, công an"),
        ("chủ trì kiểm tra an toàn thực phẩm", "Sở Y tế"),
    ]


def test_a_quotation_over_several_sentences_is_the_speech_of_the_one_named_after_it(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Phó Tổng Thanh tra Chính phủ Lê Văn Nam công bố kết luận thanh tra tại tỉnh.",
        '"Kết luận đã được Thủ tướng đồng ý. Đề nghị UBND tỉnh tổ chức thực hiện nghiêm các nội dung của kết luận. '
        'Đồng thời, phải kiểm điểm trách nhiệm các cá nhân có sai phạm" - Phó Tổng Thanh tra Chính phủ nhấn mạnh.',
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tổ chức thực hiện nghiêm các nội dung của kết luận", "Lê Văn Nam", "UBND tỉnh"),
        ("kiểm điểm trách nhiệm các cá nhân có sai phạm", "Lê Văn Nam", "UBND tỉnh"),
    ]


def test_a_quoted_phrase_inside_a_task_stays_in_it(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        'Chủ tịch UBND tỉnh yêu cầu công an các huyện triệt phá các băng nhóm theo kiểu "xã hội đen", '
        "không để tội phạm lộng hành.",
    )
    assert [i[0] for i in got] == ['triệt phá các băng nhóm theo kiểu "xã hội đen", không để tội phạm lộng hành']


def test_the_speakers_own_body_in_a_quotation_commits_itself(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ông Lê Văn Hòa, Giám đốc Trung tâm Y tế huyện cho biết, số ca sốt xuất huyết đang tăng.",
        "“Trước mắt chúng tôi sẽ phối hợp với các xã phun hóa chất diệt muỗi. Tập trung xử lý dứt điểm các ổ dịch. "
        "Đồng thời, tập trung giám sát các ca sốt để lấy mẫu xét nghiệm” – ông Hòa thông tin.",
    )
    assert [(i[0], i[1], i[2], i[3]) for i in got] == [
        ("phối hợp với các xã phun hóa chất diệt muỗi", "commitment", "Lê Văn Hòa", "chúng tôi"),
        ("Tập trung xử lý dứt điểm các ổ dịch", "commitment", "Lê Văn Hòa", "chúng tôi"),
        ("tập trung giám sát các ca sốt để lấy mẫu xét nghiệm", "commitment", "Lê Văn Hòa", "chúng tôi"),
    ]


@pytest.mark.parametrize(
    ("lead", "issuer"),
    [
        ("Ngày 3/4, Chủ tịch UBND tỉnh Lâm Văn Bình ban hành công điện về ứng phó mưa lũ.", "Lâm Văn Bình"),
        ("Ngày 3/4, UBND tỉnh ban hành Công văn số 125/UBND-KT về ứng phó mưa lũ.", "UBND tỉnh"),
    ],
)
def test_the_issuer_of_a_reported_document_speaks_its_content(
    extractor: DirectiveExtractor, lead: str, issuer: str
) -> None:
    # "Theo đó, ..." opens the content of the document the sentence before reported as issued
    got = items_of(
        extractor,
        lead,
        "Theo đó, chính quyền các xã cần tập trung sơ tán người dân khỏi vùng nguy hiểm. "
        "Các đơn vị phải bố trí lực lượng trực 24/24 giờ.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tập trung sơ tán người dân khỏi vùng nguy hiểm", issuer, "chính quyền các xã"),
        ("bố trí lực lượng trực 24/24 giờ", issuer, "Các đơn vị"),
    ]


def test_a_speech_after_a_reported_document_has_its_own_speaker(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ngày 3/4, UBND tỉnh ban hành Công văn số 125/UBND-KT về ứng phó mưa lũ. "
        "Tại cuộc họp sáng nay, Bí thư Tỉnh ủy Trần Văn Cường yêu cầu các xã chủ động sơ tán người dân.",
        "Theo đó, các đơn vị phải bố trí lực lượng trực 24/24 giờ.",
    )
    assert [(i[0], i[2]) for i in got] == [
        ("chủ động sơ tán người dân", "Trần Văn Cường"),
        ("bố trí lực lượng trực 24/24 giờ", "Trần Văn Cường"),
    ]


def test_a_numbered_line_naming_only_a_body_heads_the_entries_after_it(extractor: DirectiveExtractor) -> None:
    # no colon closes the heading line: it is no caption, and its body is the addressee of the dashed entries
    got = items_of(
        extractor,
        "Để hạn chế thấp nhất thiệt hại do mưa lũ gây ra, Chủ tịch UBND tỉnh yêu cầu:",
        "1. UBND các huyện, thị xã, thành phố",
        "- Tổ chức sơ tán người dân khỏi vùng nguy hiểm; tuyệt đối không để người dân thiếu đói.",
        "- Kịp thời khắc phục hậu quả sau lũ.",
        "2. Sở Công Thương",
        "- Bảo đảm cung ứng hàng hóa thiết yếu.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("Tổ chức sơ tán người dân khỏi vùng nguy hiểm", "Chủ tịch UBND tỉnh", "UBND các huyện, thị xã, thành phố"),
        ("tuyệt đối không để người dân thiếu đói", "Chủ tịch UBND tỉnh", "UBND các huyện, thị xã, thành phố"),
        ("Kịp thời khắc phục hậu quả sau lũ", "Chủ tịch UBND tỉnh", "UBND các huyện, thị xã, thành phố"),
        ("Bảo đảm cung ứng hàng hóa thiết yếu", "Chủ tịch UBND tỉnh", "Sở Công Thương"),
    ]


def test_an_obligation_with_a_passive_clause_keeps_the_speech_going(extractor: DirectiveExtractor) -> None:
    # "được phân công" is a relative clause of the subject, not a report of the past: the speech goes on, and
    # a prohibition stays in the item's text (without it the item would say the opposite)
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lê Văn An yêu cầu các huyện sẵn sàng phương án sơ tán dân ở vùng trũng. "
        "Các thành viên đoàn công tác được phân công phải có mặt tại địa bàn để đôn đốc. "
        "Đặc biệt, các xã không được để người dân ở lại trên chòi canh.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("sẵn sàng phương án sơ tán dân ở vùng trũng", "Lê Văn An", "các huyện"),
        ("có mặt tại địa bàn để đôn đốc", "Lê Văn An", "Các thành viên đoàn công tác được phân công"),
        ("không được để người dân ở lại trên chòi canh", "Lê Văn An", "các xã"),
    ]


def test_a_passive_participle_does_not_end_the_speech(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lê Văn An yêu cầu các huyện sẵn sàng phương án sơ tán dân ở vùng trũng. "
        "Đối với lực lượng được phân công trực ban thì phải túc trực 24/24 giờ. "
        "Các xã tổ chức kiểm đếm tàu thuyền; hướng dẫn neo đậu an toàn.",
    )
    assert [(i[0], i[3]) for i in got][-2:] == [
        ("tổ chức kiểm đếm tàu thuyền", "Các xã"),
        ("hướng dẫn neo đậu an toàn", "Các xã"),
    ]


def test_a_capitalised_modal_inside_a_place_name_is_no_modal(extractor: DirectiveExtractor) -> None:
    # "Cần" of "Cần Thơ" is part of the name; "gởi" is the southern spelling of "gửi"
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND TP Cần Thơ Lê Văn An cũng vừa ký văn bản gởi Thanh tra TP và Giám đốc Sở Y tế "
        "nghiêm túc chỉ đạo, tổ chức thực hiện các kiến nghị tại Kết luận số 12/KL-TTr.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        (
            "nghiêm túc chỉ đạo, tổ chức thực hiện các kiến nghị tại Kết luận số 12/KL-TTr",
            "Lê Văn An",
            "Thanh tra TP và Giám đốc Sở Y tế",
        )
    ]


def test_a_title_without_the_peoples_committee_is_the_person_named_before(extractor: DirectiveExtractor) -> None:
    # "Phó Chủ tịch tỉnh X" = "Phó Chủ tịch UBND tỉnh X", named in an apposition ("..., ông Y, ...")
    got = items_of(
        extractor,
        "Ngay sau sự cố, Phó Chủ tịch UBND tỉnh Bạc Liêu, ông Ngô Văn Thắng, cùng đoàn công tác đã đến kiểm tra.",
        "Phó Chủ tịch tỉnh Bạc Liêu cũng chỉ đạo các lực lượng bố trí túc trực, theo dõi diễn biến hiện trường.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("bố trí túc trực, theo dõi diễn biến hiện trường", "Ngô Văn Thắng", "các lực lượng")
    ]


def test_a_progressive_auxiliary_ends_the_speakers_name(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Để giải quyết dứt điểm kiến nghị của công dân, UBND huyện đang tiếp tục chỉ đạo các phòng chuyên môn "
        "tổ chức làm việc với các hộ dân.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tổ chức làm việc với các hộ dân", "UBND huyện", "các phòng chuyên môn")
    ]


@pytest.mark.parametrize(
    ("sentence", "task"),
    [
        (
            "Chủ tịch UBND tỉnh giao Ban quản lý Khu kinh tế chủ trì phối hợp với các lực lượng quản lý cửa khẩu "
            "rà soát các thủ tục.",
            "chủ trì phối hợp với các lực lượng quản lý cửa khẩu rà soát các thủ tục",
        ),
        # a discussion verb after the action that opens the task is its object, no statement of the body
        (
            "Chủ tịch UBND tỉnh giao Ban quản lý Khu kinh tế chủ động trao đổi với ban quản lý cửa khẩu bạn "
            "các nội dung liên quan.",
            "chủ động trao đổi với ban quản lý cửa khẩu bạn các nội dung liên quan",
        ),
    ],
)
def test_a_body_head_that_holds_a_verb_is_part_of_the_addressee(
    extractor: DirectiveExtractor, sentence: str, task: str
) -> None:
    got = items_of(extractor, sentence)
    assert [(i[0], i[2], i[3]) for i in got] == [(task, "Chủ tịch UBND tỉnh", "Ban quản lý Khu kinh tế")]


def test_a_request_after_praise_is_the_praisers(extractor: DirectiveExtractor) -> None:
    # "X biểu dương ... Đồng thời, yêu cầu ...": the speech act has no subject of its own; a time frame and a
    # comma may stand before the addressee
    got = items_of(
        extractor,
        "Trung tướng Nguyễn Tân An biểu dương kết quả đạt được của các đơn vị trong năm vừa qua. "
        "Đồng thời, yêu cầu trong thời gian tới, các đơn vị cần chủ động phối hợp, bám nắm địa bàn; "
        "nâng cao chất lượng huấn luyện.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("chủ động phối hợp, bám nắm địa bàn", "Nguyễn Tân An", "các đơn vị"),
        ("nâng cao chất lượng huấn luyện", "Nguyễn Tân An", "các đơn vị"),
    ]


def test_a_comma_after_the_speech_act_before_its_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Theo đó, tỉnh Quảng Bình yêu cầu, huyện Minh Hóa và các đơn vị liên quan khẩn trương di dời các hộ dân "
        "dưới chân đồi đến nơi an toàn; bảo đảm lương thực cho người dân.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("khẩn trương di dời các hộ dân dưới chân đồi đến nơi an toàn", "huyện Minh Hóa và các đơn vị liên quan"),
        ("bảo đảm lương thực cho người dân", "huyện Minh Hóa và các đơn vị liên quan"),
    ]


def test_an_instruction_given_in_time_and_what_the_speaker_itself_does(extractor: DirectiveExtractor) -> None:
    # "đã kịp thời chỉ đạo": the manner adverb ends the speaker's name; the body then reports its own work
    got = items_of(
        extractor,
        "Để chủ động ứng phó với bão số 3, Bộ Chỉ huy Quân sự tỉnh đã kịp thời chỉ đạo các cơ quan, đơn vị "
        "triển khai các biện pháp phòng chống bão. Bộ Chỉ huy Quân sự tỉnh triển khai công tác ứng phó với bão.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("triển khai các biện pháp phòng chống bão", "Bộ Chỉ huy Quân sự tỉnh", "các cơ quan, đơn vị")
    ]


def test_a_body_assigned_a_task_in_the_passive_is_its_addressee(extractor: DirectiveExtractor) -> None:
    # "Sở X được giao <action>; <action>": the body is the addressee of every segment; what was allotted is no task
    got = items_of(
        extractor,
        "UBND TP Hồ Chí Minh vừa yêu cầu các cơ quan, đơn vị tăng cường kiểm tra các công trình xây dựng.",
        "Theo đó, Sở Xây dựng được giao kiểm tra việc thực hiện trách nhiệm quản lý nhà nước về chất lượng công "
        "trình theo quy định tại Quyết định số 23/QĐ-UBND ngày 2/4/2027 của UBND thành phố; thường xuyên kiểm tra "
        "công tác nghiệm thu. Năm nay, huyện được giao 50 tỷ đồng vốn đầu tư công.",
    )
    assert [(i[0][:40], i[2], i[3]) for i in got] == [
        ("tăng cường kiểm tra các công trình xây d", "UBND TP Hồ Chí Minh", "các cơ quan, đơn vị"),
        ("kiểm tra việc thực hiện trách nhiệm quản", "UBND TP Hồ Chí Minh", "Sở Xây dựng"),
        ("thường xuyên kiểm tra công tác nghiệm th", "UBND TP Hồ Chí Minh", "Sở Xây dựng"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("UBND TP Hồ Chí Minh vừa yêu cầu các sở rà soát.", []),
        ("UBND TP. Hồ Chí Minh yêu cầu các sở rà soát.", []),
        ("Chủ tịch UBND huyện Trần Văn Thời Nguyễn Văn An yêu cầu các xã rà soát.", ["Nguyễn Văn An"]),
        ("Chủ tịch UBND TP.HCM Phan Văn Minh yêu cầu các sở rà soát.", ["Phan Văn Minh"]),
    ],
)
def test_a_place_named_after_a_person_is_no_person(extractor: DirectiveExtractor, text: str, names: list[str]) -> None:
    assert [name for _, _, name in extractor.find_person_names(text)] == names


def test_a_request_after_a_semicolon_shares_the_subject_after_a_circumstance(extractor: DirectiveExtractor) -> None:
    # the subject opens the second comma chunk ("Sau khi ..., đồng chí X đã ghi nhận ...; đồng thời đề nghị ..."),
    # and "cụ thể" inside a clause is an adverb, no document opener
    got = items_of(
        extractor,
        "Sau khi nghe các ý kiến của công dân, đồng chí Bí thư Thị ủy Lê Ngọc Hải đã ghi nhận và trả lời cụ thể "
        "từng ý kiến; đồng thời đề nghị các phòng, ban, ngành thị xã tiếp tục rà soát các nội dung kiến nghị; "
        "rà soát lại hồ sơ địa chính.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tiếp tục rà soát các nội dung kiến nghị", "Lê Ngọc Hải", "các phòng, ban, ngành thị xã"),
        ("rà soát lại hồ sơ địa chính", "Lê Ngọc Hải", "các phòng, ban, ngành thị xã"),
    ]


def test_a_body_that_sets_itself_a_target_commits_itself(extractor: DirectiveExtractor) -> None:
    # the frame that opens the sentence is the deadline; a report of the past year is no target
    got = items_of(
        extractor,
        "Năm 2026, Đảng bộ Quân sự tỉnh đã hoàn thành tốt nhiệm vụ diễn tập. Năm 2027, Đảng bộ Quân sự tỉnh phấn "
        "đấu luôn nắm chắc tình hình, xử lý tốt các tình huống; tổ chức thành công đại hội Đảng các cấp.",
    )
    body = "Đảng bộ Quân sự tỉnh"
    assert got == [
        ("phấn đấu luôn nắm chắc tình hình, xử lý tốt các tình huống", "commitment", body, body, "Năm 2027"),
        ("tổ chức thành công đại hội Đảng các cấp", "commitment", body, body, "Năm 2027"),
    ]


@pytest.mark.parametrize(
    ("sentence", "task", "assignee"),
    [
        # a province named alone before its obligation; a Party cell is a body
        (
            "Đặc biệt, Tuyên Quang cần tập trung làm tốt quy hoạch tỉnh.",
            "tập trung làm tốt quy hoạch tỉnh",
            "Tuyên Quang",
        ),
        (
            "Đặc biệt, Chi bộ xã Nậm Pồ cần làm tốt công tác chuẩn bị đại hội.",
            "làm tốt công tác chuẩn bị đại hội",
            "Chi bộ xã Nậm Pồ",
        ),
    ],
)
def test_a_named_place_or_party_cell_as_the_subject_of_an_obligation(
    extractor: DirectiveExtractor, sentence: str, task: str, assignee: str
) -> None:
    got = items_of(extractor, "Bí thư Tỉnh ủy Lê Văn An yêu cầu các cấp ủy quán triệt nghị quyết. " + sentence)
    assert [(i[0], i[2], i[3]) for i in got][1:] == [(task, "Lê Văn An", assignee)]


def test_the_addressees_of_a_reported_document_receive_its_content(extractor: DirectiveExtractor) -> None:
    # "Công văn số ... gửi X về việc ...": the speech that details it ("Cụ thể, ... yêu cầu ...") names no one
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh vừa có Công văn số 75/UBND-BTCD gửi thủ trưởng các sở, Chủ tịch UBND các huyện về "
        "việc phối hợp tiếp công dân phục vụ kỳ họp.",
        "Cụ thể, Chủ tịch UBND tỉnh yêu cầu tổ chức tốt công tác tiếp công dân trong thời gian diễn ra kỳ họp.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        (
            "tổ chức tốt công tác tiếp công dân trong thời gian diễn ra kỳ họp",
            "Chủ tịch UBND tỉnh",
            "thủ trưởng các sở, Chủ tịch UBND các huyện",
        )
    ]


@pytest.mark.parametrize(
    ("sentence", "task", "assignee"),
    [
        # the order passed on with "yêu cầu": the last addressee acts; "chỉ đạo cho" is "chỉ đạo"
        (
            "Chủ tịch UBND huyện chỉ đạo cho Trưởng phòng Giáo dục và Đào tạo huyện yêu cầu lãnh đạo các trường học "
            "khẩn trương tổng vệ sinh trường lớp.",
            "khẩn trương tổng vệ sinh trường lớp",
            "lãnh đạo các trường học",
        ),
        # "giao X chỉ đạo Y ...": directing Y is X's task
        (
            "Chủ tịch UBND huyện giao UBND các xã chỉ đạo các thôn tập trung thu hoạch lúa.",
            "chỉ đạo các thôn tập trung thu hoạch lúa",
            "UBND các xã",
        ),
    ],
)
def test_an_order_passed_on_goes_to_the_last_addressee(
    extractor: DirectiveExtractor, sentence: str, task: str, assignee: str
) -> None:
    assert [(i[0], i[3]) for i in items_of(extractor, sentence)] == [(task, assignee)]


def test_a_title_right_after_a_name_without_a_comma_is_its_apposition(extractor: DirectiveExtractor) -> None:
    # the name stops before a title of two words or more; the title after it resolves to the name
    assert [n for _, _, n in extractor.find_person_names("ông Dương Ngọc Minh Bí thư Đảng ủy")] == ["Dương Ngọc Minh"]
    got = items_of(
        extractor,
        "Kết luận cuộc họp, ông Dương Ngọc Minh Bí thư Đảng ủy, Chủ tịch HĐND phường đề nghị thường trực HĐND "
        "phường tập trung thực hiện tốt công tác tiếp công dân.",
    )
    assert [(i[0], i[2]) for i in got] == [("tập trung thực hiện tốt công tác tiếp công dân", "Dương Ngọc Minh")]


def test_a_personnel_decision_is_no_task(extractor: DirectiveExtractor) -> None:
    # the decision is taken when announced; a task to move someone with no person named stays a task
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các sở rà soát đội ngũ cán bộ. Ban Thường vụ Tỉnh ủy quyết định điều động, "
        "phân công đồng chí Phạm Hoàng Lâm, Phó Bí thư Đảng ủy xã A, đến nhận công tác tại xã B.",
    )
    assert [i[0] for i in got] == ["rà soát đội ngũ cán bộ"]


def test_the_leaders_of_many_bodies_asking_give_no_task(extractor: DirectiveExtractor) -> None:
    # "lãnh đạo các xã kiến nghị tỉnh ...": localities asking upward, like voters; one leader's request stays
    got = items_of(
        extractor,
        "Tại buổi làm việc, lãnh đạo các xã kiến nghị tỉnh sớm phân cấp công tác quản lý cán bộ. "
        "Bí thư Tỉnh ủy Lê Văn An yêu cầu các sở nghiên cứu, tham mưu phân cấp.",
    )
    assert [(i[0], i[2]) for i in got] == [("nghiên cứu, tham mưu phân cấp", "Lê Văn An")]


def test_standing_by_is_an_action(extractor: DirectiveExtractor) -> None:
    got = items_of(extractor, "Bộ Chỉ huy Quân sự tỉnh chỉ đạo các cơ quan, đơn vị ứng trực 100% quân số.")
    assert [(i[0], i[3]) for i in got] == [("ứng trực 100% quân số", "các cơ quan, đơn vị")]


def test_directing_a_matter_with_no_addressee_is_no_task(extractor: DirectiveExtractor) -> None:
    # "chỉ đạo công tác X tại ...": the matter directed, reported; with an addressee it stays a task
    got = items_of(
        extractor,
        "Chiều 14/9, Bí thư Tỉnh ủy Lê Văn An đã đi kiểm tra, chỉ đạo công tác phòng chống bão số 5 tại các địa "
        "phương ven biển phía Bắc của tỉnh. Ông yêu cầu các huyện sơ tán người dân khỏi vùng nguy hiểm.",
    )
    assert [(i[0], i[3]) for i in got] == [("sơ tán người dân khỏi vùng nguy hiểm", "các huyện")]


def test_an_obligation_after_the_speech_lapsed_is_still_its_speakers(extractor: DirectiveExtractor) -> None:
    # two report sentences close the speech; a body that must act still acts on the speaker's word
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lê Văn An yêu cầu các xã sơ tán người dân khỏi vùng nguy hiểm.",
        "Lũ đã tràn vào nhiều xã. Nhiều tuyến đường đã bị chia cắt.",
        "Các cơ quan liên quan phải tổ chức rà soát các khu vực có nguy cơ sạt lở.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("sơ tán người dân khỏi vùng nguy hiểm", "Lê Văn An", "các xã"),
        ("tổ chức rà soát các khu vực có nguy cơ sạt lở", "Lê Văn An", "Các cơ quan liên quan"),
    ]


def test_tasks_announced_before_a_colon_open_a_list(extractor: DirectiveExtractor) -> None:
    # "X đã nêu rõ một số nhiệm vụ trọng tâm ...: Thứ nhất, ... Thứ hai, ...": the speaker's tasks ahead
    got = items_of(
        extractor,
        "Phát biểu tại hội nghị, đồng chí Bùi Thị Ngọc Mai, Phó Bí thư thường trực Đảng ủy đã nêu rõ một số nhiệm "
        "vụ trọng tâm trong thời gian tới: Thứ nhất, tập trung triển khai hiệu quả Chỉ thị số 45-CT/TW. Thứ hai, "
        "triển khai Nghị quyết về chuyển đổi số.",
    )
    assert [(i[0], i[2]) for i in got] == [
        ("tập trung triển khai hiệu quả Chỉ thị số 45-CT/TW", "Bùi Thị Ngọc Mai"),
        ("triển khai Nghị quyết về chuyển đổi số", "Bùi Thị Ngọc Mai"),
    ]


def test_a_team_that_assessed_goes_on_to_ask(extractor: DirectiveExtractor) -> None:
    # a body no resolver knows ("đoàn công tác") is named as written; a bare "đơn vị" is an addressee
    got = items_of(
        extractor,
        "Sáng 24/9, đoàn công tác Bộ Chỉ huy Quân sự tỉnh do Đại tá Nguyễn Trọng An làm trưởng đoàn đã kiểm tra "
        "công tác phòng chống bão tại các đơn vị.",
        "Qua kiểm tra, đoàn công tác đánh giá cao tinh thần chủ động của đơn vị. Đồng thời yêu cầu đơn vị duy trì "
        "nghiêm chế độ trực chỉ huy, trực ban.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("duy trì nghiêm chế độ trực chỉ huy, trực ban", "đoàn công tác", "đơn vị")
    ]


def test_a_pronoun_with_an_adverb_goes_on_with_a_speaker_named_without_a_comma(extractor: DirectiveExtractor) -> None:
    # the lead-in has no comma, so only the discourse component reads its speaker; "đồng chí cũng" is that speaker
    got = items_of(
        extractor,
        "Phát biểu chỉ đạo tại hội nghị đồng chí Chủ tịch UBND huyện yêu cầu các phòng rà soát hồ sơ đất đai. Các "
        "xã chủ động phối hợp tháo gỡ vướng mắc. Đồng thời, đồng chí cũng đề nghị các trường báo cáo sĩ số.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("rà soát hồ sơ đất đai", "Chủ tịch UBND huyện", "các phòng"),
        ("chủ động phối hợp tháo gỡ vướng mắc", "Chủ tịch UBND huyện", "Các xã"),
        ("báo cáo sĩ số", "Chủ tịch UBND huyện", "các trường"),
    ]


def test_a_quotation_named_afterwards_as_part_of_a_closing_speech(extractor: DirectiveExtractor) -> None:
    # "“...” - Là một trong những nội dung ... phát biểu kết luận của X": X's words; a quoted phrase opened inside
    # may close with the outer mark; officials and Party members are the ones obliged
    got = items_of(
        extractor,
        "Hội nghị Ban Chấp hành Đảng bộ huyện",
        '"Mỗi đảng viên, nhất là người đứng đầu phải gương mẫu, gần dân; luôn giữ tinh thần “3 dám”, đó là: “dám '
        'nghĩ, dám làm" - Là một trong những nội dung quan trọng trong phát biểu kết luận của đồng chí Bí thư Huyện '
        "ủy Trần Văn Bách tại hội nghị.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("gương mẫu, gần dân", "Trần Văn Bách", "Mỗi đảng viên, nhất là người đứng đầu"),
        (
            "luôn giữ tinh thần “3 dám”, đó là: “dám nghĩ, dám làm",
            "Trần Văn Bách",
            "Mỗi đảng viên, nhất là người đứng đầu",
        ),
    ]


def test_a_period_named_bare_after_a_focus_phrase_is_the_deadline(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Nhiệm vụ tháng 12 tập trung rà soát tiến độ các công trình. Tăng cường thu ngân sách.",
        "Nhiệm vụ trọng tâm quý I là hoàn thành giải ngân vốn đầu tư công.",
        "Nhiệm vụ thời gian tới tập trung chăm lo Tết cho người nghèo.",
    )
    assert [(i[0], i[4]) for i in got] == [
        ("tập trung rà soát tiến độ các công trình", "tháng 12"),
        ("Tăng cường thu ngân sách", "tháng 12"),
        ("hoàn thành giải ngân vốn đầu tư công", "quý I"),
        ("tập trung chăm lo Tết cho người nghèo", None),
    ]


def test_what_a_signed_document_states_its_addressees_do_is_the_signers_order(extractor: DirectiveExtractor) -> None:
    # "Công văn do X ký nêu rõ <addressees> <action>": the signer speaks, over a semicolon in the addressee list
    got = items_of(
        extractor,
        "Công văn do Phó Chủ tịch UBND tỉnh vừa ký nêu rõ giám đốc các sở; Chủ tịch UBND các xã, phường thực hiện "
        "nghiêm quy định cấm uống rượu, bia trong giờ làm việc.",
        "Không để xảy ra tình trạng cán bộ vi phạm khi tham gia giao thông.",
        "Công văn cũng khẳng định, việc thu phí đỗ xe tại khu vực chợ là không đúng quy định.",
    )
    addressee = "giám đốc các sở; Chủ tịch UBND các xã, phường"
    assert [(i[0], i[2], i[3]) for i in got] == [
        (
            "thực hiện nghiêm quy định cấm uống rượu, bia trong giờ làm việc",
            "Phó Chủ tịch UBND tỉnh",
            addressee,
        ),
        ("Không để xảy ra tình trạng cán bộ vi phạm khi tham gia giao thông", "Phó Chủ tịch UBND tỉnh", addressee),
    ]


def test_a_speaker_that_lists_places_after_a_comma(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ngay khi nhận được tin báo, UBND các huyện Mường Khương, Bát Xát đã chỉ đạo UBND các xã bị ảnh hưởng di "
        "dời các hộ dân ra khỏi vùng sạt lở.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("di dời các hộ dân ra khỏi vùng sạt lở", "UBND các huyện Mường Khương, Bát Xát", "UBND các xã bị ảnh hưởng")
    ]


def test_a_body_named_by_its_purpose_at_every_level_in_an_addressee_list(extractor: DirectiveExtractor) -> None:
    # "Ban Chỉ huy phòng chống thiên tai ... các cấp": the purpose's verbs are part of the name, and what the
    # sentence rules read there as a task is inside the addressee
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu, Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn các cấp; Công an tỉnh; "
        "Công ty thủy điện Nậm Mu theo dõi chặt chẽ diễn biến mưa lũ; cảnh báo kịp thời đến người dân.",
    )
    addressee = "Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn các cấp; Công an tỉnh; Công ty thủy điện Nậm Mu"
    assert [(i[0], i[3]) for i in got] == [
        ("theo dõi chặt chẽ diễn biến mưa lũ", addressee),
        ("cảnh báo kịp thời đến người dân", addressee),
    ]


@pytest.mark.parametrize("verb", ["chỉ đạo", "hướng dẫn", "đôn đốc"])
def test_an_addressee_asked_to_direct_others_has_directing_as_its_task(
    extractor: DirectiveExtractor, verb: str
) -> None:
    got = items_of(
        extractor,
        f"Chủ tịch UBND tỉnh vừa có văn bản yêu cầu UBND các huyện, thị xã {verb} các chủ mỏ đá khẩn trương khắc "
        "phục các tồn tại.",
    )
    assert [(i[0], i[3]) for i in got] == [
        (f"{verb} các chủ mỏ đá khẩn trương khắc phục các tồn tại", "UBND các huyện, thị xã")
    ]


def test_giao_with_an_addressee_assigns_that_addressee_directly(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh Lê Văn Bình đề nghị các sở, ngành nghiêm túc tiếp thu ý kiến; giao "
        "Văn phòng UBND tỉnh hoàn thiện dự thảo chương trình công tác năm.",
    )
    assert [(i[0], i[3]) for i in got][1:] == [("hoàn thiện dự thảo chương trình công tác năm", "Văn phòng UBND tỉnh")]


def test_a_clause_that_opens_by_passing_work_down_is_the_addressees_task(extractor: DirectiveExtractor) -> None:
    # "...; Chỉ đạo các lực lượng ...": no new speech, the addressee already asked must direct them (gold keeps
    # "Chỉ đạo ..." in the text); a local government's "cũng yêu cầu" names it as the speaker
    got = items_of(
        extractor,
        "Tỉnh Lai Châu cũng yêu cầu UBND các huyện chủ động các phương án phòng cháy rừng. Tăng cường kiểm tra, "
        "không được lơ là; Chỉ đạo các hạt kiểm lâm bố trí người trực tại các chốt; Chỉ đạo UBND các xã rà soát "
        "phương án.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("chủ động các phương án phòng cháy rừng", "Tỉnh Lai Châu", "UBND các huyện"),
        ("Tăng cường kiểm tra, không được lơ là", "Tỉnh Lai Châu", "UBND các huyện"),
        ("Chỉ đạo các hạt kiểm lâm bố trí người trực tại các chốt", "Tỉnh Lai Châu", "UBND các huyện"),
        ("Chỉ đạo UBND các xã rà soát phương án", "Tỉnh Lai Châu", "UBND các huyện"),
    ]


def test_a_caption_that_describes_its_photo_does_not_end_the_speech(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Để ứng phó với mưa lũ, Chủ tịch UBND tỉnh yêu cầu các sở, ngành kiểm tra nắm rõ tình hình thiệt hại.",
        "Theo dự báo, mưa lớn còn kéo dài đến cuối tuần. Trong ảnh, nước lũ dâng cao tại Trường Tiểu học Hòa An.",
        "Các sở, ngành liên quan huy động lực lượng xử lý các điểm giao thông bị hỏng; thống kê thiệt hại hoa màu.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("kiểm tra nắm rõ tình hình thiệt hại", "Chủ tịch UBND tỉnh", "các sở, ngành"),
        ("huy động lực lượng xử lý các điểm giao thông bị hỏng", "Chủ tịch UBND tỉnh", "Các sở, ngành liên quan"),
        ("thống kê thiệt hại hoa màu", "Chủ tịch UBND tỉnh", "Các sở, ngành liên quan"),
    ]


def test_an_assessment_opened_by_its_speakers_act_goes_on_with_no_task(extractor: DirectiveExtractor) -> None:
    # "Đánh giá ..., X cho rằng, ...": the opening verb is what the speaker did, the sentence his opinion
    got = items_of(
        extractor,
        "UBND tỉnh vừa ra thông báo kết luận của Chủ tịch UBND tỉnh tại cuộc họp về phòng chống dịch.",
        "Đánh giá tình hình dịch trong thời gian qua, Chủ tịch UBND tỉnh cho rằng, tỉnh đã kiểm soát được dịch.",
    )
    assert got == []


def test_a_body_given_a_duty_by_a_decision_reported_earlier(extractor: DirectiveExtractor) -> None:
    # "được giao nhiệm vụ" + action; the document's signer named after it ("do X ký") issues the duties
    got = items_of(
        extractor,
        "UBND tỉnh thành lập 3 tổ công tác theo Quyết định số 21/QĐ-UBND do Chủ tịch UBND tỉnh Hà Văn Thắng ký "
        "ngày 17/9/2027.",
        "Tổ trưởng các tổ công tác được giao nhiệm vụ chủ động xây dựng lịch làm việc với các xã.",
        "Tổ trưởng có trách nhiệm báo cáo Chủ tịch UBND tỉnh những vướng mắc vượt thẩm quyền.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("chủ động xây dựng lịch làm việc với các xã", "Hà Văn Thắng", "Tổ trưởng các tổ công tác"),
        ("báo cáo Chủ tịch UBND tỉnh những vướng mắc vượt thẩm quyền", "Hà Văn Thắng", "Tổ trưởng"),
    ]


def test_a_sentence_that_spells_out_the_task_goes_on_with_it(extractor: DirectiveExtractor) -> None:
    # "Đó là <action>; <action>": what the task consists of, for the same addressee
    got = items_of(
        extractor,
        "Chủ tịch UBND huyện đề nghị Trưởng phòng Tài nguyên rà soát lại hồ sơ cấp đất tại xã Tân Lập.",
        "Đó là đối chiếu các quy định để làm rõ những nội dung chưa rõ ràng; tránh gây bức xúc trong nhân dân.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("rà soát lại hồ sơ cấp đất tại xã Tân Lập", "Trưởng phòng Tài nguyên"),
        ("đối chiếu các quy định để làm rõ những nội dung chưa rõ ràng", "Trưởng phòng Tài nguyên"),
        ("tránh gây bức xúc trong nhân dân", "Trưởng phòng Tài nguyên"),
    ]


def test_carrying_out_an_order_reported_as_done_is_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Thủ tướng yêu cầu UBND tỉnh khẩn trương kiểm tra, xử lý dứt điểm các nhà xưởng xây trái phép.",
        "Thực hiện chỉ đạo này, UBND tỉnh đã lập đoàn kiểm tra liên ngành, rà soát các cụm công nghiệp.",
    )
    assert [i[0] for i in got] == ["khẩn trương kiểm tra, xử lý dứt điểm các nhà xưởng xây trái phép"]


def test_a_two_syllable_name_after_a_titled_leaders_province(extractor: DirectiveExtractor) -> None:
    # "Chủ tịch UBND tỉnh Quảng Trị Trần Phong": the later title alone names him too
    got = items_of(
        extractor,
        "Ngày 21/10, Chủ tịch UBND tỉnh Kon Tum Lê Hải ban hành công điện khẩn, yêu cầu các huyện chủ động ứng phó.",
        "Để bảo đảm an toàn, Chủ tịch UBND tỉnh Kon Tum yêu cầu các xã rà soát các khu vực xung yếu.",
    )
    assert [(i[0], i[2]) for i in got] == [
        ("chủ động ứng phó", "Lê Hải"),
        ("rà soát các khu vực xung yếu", "Lê Hải"),
    ]


def test_a_habit_asserted_with_emphasis_is_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Đặng Văn Hòa khẳng định, tỉnh luôn xem công tác giải ngân là nhiệm vụ hàng đầu.",
    )
    assert got == []


def test_a_leaders_wish_for_a_province_is_a_soft_order(extractor: DirectiveExtractor) -> None:
    # "mong muốn" after a titled person (his name aside) asks; a feeling expressed ("bày tỏ mong muốn") does not
    got = items_of(
        extractor,
        "Thủ tướng Lê Văn Bình mong muốn Cao Bằng quan tâm hơn nữa công tác giảm nghèo; đẩy mạnh phát triển du lịch.",
        "Bà bày tỏ mong muốn mỗi du khách khi rời Cao Bằng sẽ mang theo những ký ức đẹp.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("quan tâm hơn nữa công tác giảm nghèo", "Lê Văn Bình", "Cao Bằng"),
        ("đẩy mạnh phát triển du lịch", "Lê Văn Bình", "Cao Bằng"),
    ]


def test_after_a_leaders_assessment_a_province_that_must_act_is_ordered(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Kết luận buổi làm việc, Thủ tướng tán thành các định hướng lớn của tỉnh; Thái Bình cần nâng cấp hạ tầng "
        "giao thông. Khuyến khích đầu tư phát triển thị trường bán lẻ. Trong lĩnh vực nông nghiệp, Thái Bình cần "
        "chủ động tái cơ cấu sản xuất.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("nâng cấp hạ tầng giao thông", "Thủ tướng", "Thái Bình"),
        ("Khuyến khích đầu tư phát triển thị trường bán lẻ", "Thủ tướng", "Thái Bình"),
        ("chủ động tái cơ cấu sản xuất", "Thủ tướng", "Thái Bình"),
    ]


def test_a_duty_a_leader_states_is_his_order_and_a_delegates_view_is_not(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Làm việc với tỉnh, Tổng Bí thư Lê Văn Bình nêu rõ là tỉnh có vị trí quan trọng ở vùng biên giới, Cao Bằng "
        "phải tiếp tục hoàn thiện quy hoạch phát triển.",
        "Tham gia chất vấn, đại biểu Trần Văn Nam cho rằng nhiều trạm y tế thiếu bác sĩ. Theo đại biểu, tỉnh cần có "
        "chính sách thu hút bác sĩ trẻ.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tiếp tục hoàn thiện quy hoạch phát triển", "Lê Văn Bình", "Cao Bằng"),
    ]


def test_a_dated_frame_between_the_speech_act_and_the_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh yêu cầu chậm nhất là hết tháng 7-2027, các cơ sở có tên trong danh sách phải hoàn thành xử lý "
        "nước thải.",
    )
    assert [(i[0], i[3], i[4]) for i in got] == [
        ("hoàn thành xử lý nước thải", "các cơ sở có tên trong danh sách", "chậm nhất là hết tháng 7-2027")
    ]


def test_what_a_leader_points_out_before_a_colon_is_his_order(extractor: DirectiveExtractor) -> None:
    # "chỉ rõ: X cần ..." asks; "chỉ rõ những hạn chế" only names shortcomings
    got = items_of(
        extractor,
        "Kết luận buổi làm việc, Tổng Bí thư chỉ rõ: Quảng Ninh cần chú trọng thế mạnh về cảng biển, du lịch. Xây "
        "dựng đô thị theo hướng văn minh, hiện đại.",
        "Đồng chí Bí thư Huyện ủy chỉ rõ những tồn tại, hạn chế trong công tác cán bộ.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("chú trọng thế mạnh về cảng biển, du lịch", "Quảng Ninh"),
        ("Xây dựng đô thị theo hướng văn minh, hiện đại", "Quảng Ninh"),
    ]


def test_a_leaders_opinion_that_states_a_duty_is_his_order(extractor: DirectiveExtractor) -> None:
    # "X cho rằng để ..., Y phải ...": the leader's view of what a body must do; a delegate's view is no order
    got = items_of(
        extractor,
        "Thảo luận cùng người dân, Chủ tịch nước cho rằng để nguồn vốn hỗ trợ được dùng hiệu quả, các cấp ngành "
        "huyện Mường Lát phải chủ động tổ chức lại sản xuất.",
        "Đại biểu Lò Văn Tâm cho rằng các xã cần rà soát lại danh sách hộ nghèo.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("chủ động tổ chức lại sản xuất", "Chủ tịch nước", "các cấp ngành huyện Mường Lát")
    ]


def test_a_new_leaders_promise_reported_with_noi_is_his_commitment(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phát biểu nhậm chức, ông Hà Văn Long nói sẽ cùng tập thể UBND huyện thực hiện đầy đủ trách nhiệm theo luật "
        "định; thực hiện nghiêm kỷ luật hành chính.",
    )
    assert [(i[0], i[1], i[2]) for i in got] == [
        ("cùng tập thể UBND huyện thực hiện đầy đủ trách nhiệm theo luật định", "commitment", "Hà Văn Long"),
        ("thực hiện nghiêm kỷ luật hành chính", "commitment", "Hà Văn Long"),
    ]


def test_leaders_named_after_an_opening_phrase_without_a_comma(extractor: DirectiveExtractor) -> None:
    # the verb of "Tại các điểm kiểm tra" is the setting's, not the speaker's; "các đồng chí lãnh đạo huyện" is
    # one name
    got = items_of(
        extractor,
        "Tại các điểm kiểm tra các đồng chí lãnh đạo huyện yêu cầu các xã phải chủ động bảo đảm an toàn đê điều.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [("chủ động bảo đảm an toàn đê điều", "lãnh đạo huyện", "các xã")]


def test_the_requirement_set_for_a_force_is_a_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Đại tá Lê Văn Toàn yêu cầu các đơn vị tập trung trấn áp tội phạm. Yêu cầu đặt ra đối với công an xã là "
        "chủ động nắm chắc tình hình, xử lý kịp thời các vụ việc phát sinh.",
    )
    assert [i[0] for i in got] == [
        "tập trung trấn áp tội phạm",
        "chủ động nắm chắc tình hình, xử lý kịp thời các vụ việc phát sinh",
    ]


def test_a_short_conclusion_lead_in_opens_the_tasks_after_it(extractor: DirectiveExtractor) -> None:
    # the cleaner must not take the short lead-in for the headline (the body starts after the headline)
    raw = (
        "UBND thị xã họp thường kỳ tháng 9\n\nNgày 6/9, UBND thị xã họp thường kỳ.\n\nChủ tịch UBND thị xã Trần "
        "Văn Úc kết luận:\n\nTrong tháng 9/2027, các phòng, ban cần tập trung rà soát hồ sơ đất đai."
    )
    found = extractor.extract(clean_article_text(raw))
    assert [(d.text, d.issuer, d.assignee, d.deadline) for d in found] == [
        ("tập trung rà soát hồ sơ đất đai", "Trần Văn Úc", "các phòng, ban", "Trong tháng 9/2027")
    ]


def test_a_document_reference_that_names_its_issuer_runs_to_its_comma(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Theo thông báo chỉ đạo của UBND tỉnh Bình Thuận, các địa phương phải hoàn thành việc di dời người dân khỏi "
        "vùng trũng thấp.",
        "Theo đó, các xã phải rà soát lại hộ nghèo.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("hoàn thành việc di dời người dân khỏi vùng trũng thấp", "UBND tỉnh Bình Thuận", "các địa phương"),
        ("rà soát lại hộ nghèo", "UBND tỉnh Bình Thuận", "các xã"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Dự án đường vành đai có điểm đầu giao với quốc lộ 62 tại ngã tư Mỹ Phú, tổng chiều dài hơn 22 km.",
        "Thủ tướng quyết định giao quyền Chủ tịch UBND tỉnh đối với ông Hồ Văn Bảo cho đến khi kiện toàn chức danh.",
    ],
)
def test_giao_that_intersects_or_appoints_an_acting_head_gives_no_task(
    extractor: DirectiveExtractor, sentence: str
) -> None:
    assert items_of(extractor, sentence) == []


def test_a_bare_verb_before_a_colon_opens_the_list_and_is_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh yêu cầu Thủ trưởng các sở, Chủ tịch UBND các huyện theo chức năng, nhiệm vụ được giao tập trung "
        "chỉ đạo:",
        "- Tiếp tục kéo dài thời gian thực hiện các biện pháp phòng chống dịch.",
    )
    assert [(i[0], i[3]) for i in got] == [
        (
            "Tiếp tục kéo dài thời gian thực hiện các biện pháp phòng chống dịch",
            "Thủ trưởng các sở, Chủ tịch UBND các huyện",
        )
    ]


def test_a_body_planning_after_a_future_frame_commits_itself(extractor: DirectiveExtractor) -> None:
    # "6 tháng còn lại của năm ..., huyện A tập trung ...": a plan with no "sẽ" after a future frame; the sentences
    # after it go on with the body; a dated frame is the deadline, a vague one is none
    got = items_of(
        extractor,
        "Sáng 8-7, Huyện ủy Tân Hòa tổ chức hội nghị sơ kết. 6 tháng còn lại của năm 2027, huyện Tân Hòa tập trung "
        "hoàn thành các chỉ tiêu kinh tế. Huyện tiếp tục đẩy mạnh tái cơ cấu nông nghiệp. Bên cạnh đó, tăng cường "
        "đào tạo nghề; nâng cao chất lượng giáo dục.",
        "Thời gian tới, ngành y tế sẽ mở rộng mạng lưới trạm y tế xã.",
    )
    frame = "6 tháng còn lại của năm 2027"
    assert [(i[0], i[1], i[3], i[4]) for i in got] == [
        ("tập trung hoàn thành các chỉ tiêu kinh tế", "commitment", "huyện Tân Hòa", frame),
        ("tiếp tục đẩy mạnh tái cơ cấu nông nghiệp", "commitment", "Huyện", frame),
        ("tăng cường đào tạo nghề", "commitment", "Huyện", frame),
        ("nâng cao chất lượng giáo dục", "commitment", "Huyện", frame),
        ("mở rộng mạng lưới trạm y tế xã", "commitment", "ngành y tế", None),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # a forecast, an obligation (the obligation readers' own) and a report are no plan
        "Dự báo trong thời gian tới, tỉnh Hà Lâm tiếp tục có mưa to.",
        "Thời gian tới, huyện Tân Hòa đã hoàn thành việc sắp xếp bộ máy.",
    ],
)
def test_a_future_frame_without_a_planning_body_is_no_plan(extractor: DirectiveExtractor, sentence: str) -> None:
    assert items_of(extractor, sentence) == []


def test_a_wish_with_no_subject_goes_on_with_the_leader_who_assessed(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh Hà Văn Nam ghi nhận, biểu dương tinh thần của cán bộ, chiến sĩ Đồn Biên phòng. "
        "Đồng thời mong muốn cán bộ, chiến sĩ trong đơn vị tiếp tục phát huy truyền thống đoàn kết.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tiếp tục phát huy truyền thống đoàn kết", "Hà Văn Nam", "cán bộ, chiến sĩ trong đơn vị"),
    ]


def test_an_assignment_with_phan_cong_and_its_duty_as_a_noun(extractor: DirectiveExtractor) -> None:
    # "phân công X làm đầu mối ...; ...": X's tasks; "phân công nhiệm vụ các thành viên" names duties, no addressee
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh phân công Sở Tài chính làm đầu mối làm việc với đoàn kiểm toán; tạo điều kiện để đoàn "
        "làm việc đúng tiến độ.",
        "Ban Tổ chức giải đấu đã phân công nhiệm vụ các thành viên và bố trí sân tập cho các đội.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("làm đầu mối làm việc với đoàn kiểm toán", "Chủ tịch UBND tỉnh", "Sở Tài chính"),
        ("tạo điều kiện để đoàn làm việc đúng tiến độ", "Chủ tịch UBND tỉnh", "Sở Tài chính"),
    ]


def test_specifics_after_a_report_of_the_past_are_no_tasks(extractor: DirectiveExtractor) -> None:
    # "Ngành ... đã phối hợp, hướng dẫn ... Cụ thể: ..." details what was done; "Theo đó, ..." with no report
    # before it still gives the document's tasks, issuer unknown
    assert (
        items_of(
            extractor,
            "Ngành nông nghiệp đã phối hợp, hướng dẫn các huyện thực hiện đồng bộ các giải pháp tái cơ cấu. Cụ thể:",
            "- Về trồng trọt: Thực hiện chuyển đổi cơ cấu giống theo hướng chọn lọc; thâm canh gắn với cơ giới hóa.",
        )
        == []
    )
    got = items_of(extractor, "Theo đó, UBND xã Hòa Lạc chủ trì thành lập ban tổ chức lễ hội.")
    assert [(i[0], i[2], i[3]) for i in got] == [("chủ trì thành lập ban tổ chức lễ hội", None, "UBND xã Hòa Lạc")]


def test_a_committees_name_in_lower_case_opens_no_speech(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Đồng chí Lê Văn Bình, Phó Chủ tịch UBND tỉnh, Trưởng Ban chỉ đạo Du lịch tỉnh chủ trì hội nghị.",
        "Năm qua, Ban chỉ đạo đã có nhiều nỗ lực, tập trung chỉ đạo các giải pháp phát triển du lịch.",
    )
    assert got == []


def test_having_a_report_sent_is_a_task_that_goes_on_with_the_speech(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu Công an tỉnh bảo đảm an ninh cho lễ hội. Đồng thời, có báo cáo hằng ngày về "
        "công tác chuẩn bị gửi Văn phòng UBND tỉnh.",
    )
    assert [(i[0], i[3], i[4]) for i in got] == [
        ("bảo đảm an ninh cho lễ hội", "Công an tỉnh", None),
        ("có báo cáo hằng ngày về công tác chuẩn bị gửi Văn phòng UBND tỉnh", "Công an tỉnh", "hằng ngày"),
    ]


def test_a_time_frame_between_the_addressee_and_the_task_is_its_deadline(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND huyện yêu cầu Phòng Kinh tế trong 6 tháng cuối năm 2027 hoàn thành việc cấp mã vùng "
        "trồng cho các hợp tác xã.",
        "Chủ tịch UBND tỉnh giao các xã, phường từ nay đến cuối năm tập trung thu hồi nợ đọng thuế đất.",
        "Giám đốc Sở đề nghị Trung tâm Y tế huyện tiếp tục theo dõi ca bệnh trong tháng 9.",
    )
    assert [(i[0], i[3], i[4]) for i in got] == [
        (
            "hoàn thành việc cấp mã vùng trồng cho các hợp tác xã",
            "Phòng Kinh tế",
            "trong 6 tháng cuối năm 2027",
        ),
        ("tập trung thu hồi nợ đọng thuế đất", "các xã, phường", "từ nay đến cuối năm"),
        # a frame at the end of the task is the task's own, and the addressee keeps its words
        ("tiếp tục theo dõi ca bệnh trong tháng 9", "Trung tâm Y tế huyện", "trong tháng 9"),
    ]


def test_a_thing_as_the_subject_of_a_duty_stays_in_the_task_for_the_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Trưởng ban yêu cầu các xã ven sông khẩn trương gia cố bờ bao. Các công việc này phải hoàn thành trước 18 "
        "giờ ngày 3/10.",
        "Giám đốc Sở Tài chính đề nghị các chủ đầu tư rà soát kế hoạch vốn. Những công trình, dự án chậm giải "
        "ngân thì chuyển vốn sang công trình khác.",
    )
    assert [(i[0], i[3], i[4]) for i in got] == [
        ("khẩn trương gia cố bờ bao", "các xã ven sông", None),
        (
            "Các công việc này phải hoàn thành trước 18 giờ ngày 3/10",
            "các xã ven sông",
            "trước 18 giờ ngày 3/10",
        ),
        ("rà soát kế hoạch vốn", "các chủ đầu tư", None),
        (
            "Những công trình, dự án chậm giải ngân thì chuyển vốn sang công trình khác",
            "các chủ đầu tư",
            None,
        ),
    ]


def test_a_quantified_body_is_a_party_not_a_matter(extractor: DirectiveExtractor) -> None:
    # "Tất cả các xã", "Mọi cán bộ" name who must act; "Toàn bộ 30 căn nhà" is what must be done
    got = items_of(
        extractor,
        "Chủ tịch UBND huyện yêu cầu các phòng chuyên môn đẩy nhanh tiến độ. Tất cả các xã phải gửi báo cáo "
        "trước ngày 5/7. Mọi cán bộ phải có mặt tại trụ sở. Toàn bộ 30 căn nhà phải xong trước Tết.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("đẩy nhanh tiến độ", "các phòng chuyên môn"),
        ("gửi báo cáo trước ngày 5/7", "Tất cả các xã"),
        ("có mặt tại trụ sở", "Mọi cán bộ"),
        ("Toàn bộ 30 căn nhà phải xong trước Tết", "Mọi cán bộ"),
    ]


def test_a_duty_after_its_setting_keeps_the_setting(extractor: DirectiveExtractor) -> None:
    # the place or time of the case, a comma, then a duty with no subject: the whole sentence is the task
    got = items_of(
        extractor,
        "Trưởng Ban Chỉ huy phòng cháy rừng tỉnh lưu ý các huyện. Tại các khu rừng thông gần khu dân cư, phải bố "
        "trí người trực suốt mùa khô. Khi có gió Lào, nghiêm cấm đốt thực bì.",
    )
    assert [(i[0], i[2]) for i in got] == [
        (
            "Tại các khu rừng thông gần khu dân cư, phải bố trí người trực suốt mùa khô",
            "Trưởng Ban Chỉ huy phòng cháy rừng tỉnh",
        ),
        ("Khi có gió Lào, nghiêm cấm đốt thực bì", "Trưởng Ban Chỉ huy phòng cháy rừng tỉnh"),
    ]
    # a place name after the comma is no duty ("Cần Thơ"), and a report of the past is no setting
    assert items_of(extractor, "Trong những ngày qua, Cần Giờ là điểm nóng về triều cường.") == []


def test_a_matter_after_a_time_frame_keeps_its_subject_and_takes_the_frame(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh lưu ý: Đến 11 giờ ngày 7/9, mọi công việc chuẩn bị đón bão phải hoàn tất; phải đưa "
        "lồng bè vào nơi neo đậu.",
    )
    assert [(i[0], i[4]) for i in got] == [
        ("mọi công việc chuẩn bị đón bão phải hoàn tất", "Đến 11 giờ ngày 7/9"),
        ("đưa lồng bè vào nơi neo đậu", None),
    ]


def test_an_office_named_by_its_role_is_an_addressee_and_from_now_on_is_no_part_of_the_task(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lê Văn Hai chỉ đạo các huyện rà soát nhà trên kênh. Từ nay trở đi các cơ quan chức "
        "năng của huyện phải dừng cấp phép xây nhà trên kênh. Cơ quan chức năng của tỉnh phải sớm có đề án di "
        "dời các hộ.",
    )
    assert [(i[0], i[3], i[4]) for i in got] == [
        ("rà soát nhà trên kênh", "các huyện", None),
        ("dừng cấp phép xây nhà trên kênh", "các cơ quan chức năng của huyện", None),
        ("sớm có đề án di dời các hộ", "Cơ quan chức năng của tỉnh", None),
    ]


def test_a_speakers_document_a_training_verb_and_a_nominalised_task_read_as_written(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh có Công văn số 215/UBND-KT ngày 3/4/2027 yêu cầu các huyện kiểm tra việc khai thác cát.",
        "Chủ tịch UBND tỉnh yêu cầu Sở Tài chính tập huấn nghiệp vụ giải ngân cho cán bộ xã. Chủ tịch UBND tỉnh "
        "cũng nhấn mạnh việc xem xét trách nhiệm người đứng đầu nếu để chậm giải ngân.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        # the body speaks by its document: the document is no part of the issuer
        ("kiểm tra việc khai thác cát", "UBND tỉnh", "các huyện"),
        # "tập huấn" opens the task; the addressee ends before it
        ("tập huấn nghiệp vụ giải ngân cho cán bộ xã", "Chủ tịch UBND tỉnh", "Sở Tài chính"),
        # "việc" makes the task a noun and names nobody: the addressee goes on
        (
            "xem xét trách nhiệm người đứng đầu nếu để chậm giải ngân",
            "Chủ tịch UBND tỉnh",
            "Sở Tài chính",
        ),
    ]


def test_a_document_sent_to_addressees_names_them_and_a_title_stays_beside_the_signer(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Ngày 3/10, Phó Thủ tướng Chính phủ Lê Văn An đã ký Công điện số 12 của Thủ tướng về khắc phục sạt lở.",
        "Theo đó, công điện gửi Chủ tịch UBND tỉnh Yên Bái; Bộ trưởng các Bộ: Quốc phòng, Xây dựng.",
        "Thủ tướng Chính phủ yêu cầu Chủ tịch UBND tỉnh Yên Bái khẩn trương tìm kiếm người mất tích.",
        "Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia điều phối lực lượng hỗ trợ địa phương.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        # the recipients of the document are no task (semicolons and colon included)
        # "Thủ tướng Chính phủ" is another person than the deputy who signed: the title stays as written
        ("khẩn trương tìm kiếm người mất tích", "Thủ tướng Chính phủ", "Chủ tịch UBND tỉnh Yên Bái"),
        # "điều phối" opens the task: the body named before it is the addressee
        (
            "điều phối lực lượng hỗ trợ địa phương",
            "Thủ tướng Chính phủ",
            "Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia",
        ),
    ]


def test_a_legal_basis_a_count_and_a_documents_date_are_no_task_and_no_deadline(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Căn cứ Quyết định số 45/QĐ-UBND ngày 2/3/2027 của UBND tỉnh về phòng chống thiên tai;",
        "Thực hiện Thông báo số 210-TB/TU ngày 5/6/2027 của Tỉnh ủy về kết luận của Ban Thường vụ;",
        "Sau khi xem xét, Chủ tịch UBND tỉnh có ý kiến chỉ đạo:",
        "1. Giao Sở Xây dựng chủ trì nghiên cứu đề án chống ngập.",
        "2. Sở Tài chính thực hiện các kết luận số 14, 15 và 16 ngày 28.11.2027 của Thanh tra tỉnh.",
        "Ông Hà Văn Lực, Chủ tịch UBND xã cho biết: Nước biển tràn vào khu dân cư khoảng 50m.",
        "Thống kê ban đầu, đến sáng nay đã có 12 hộ dân phải di dời.",
    )
    assert [(i[0], i[3], i[4]) for i in got] == [
        ("chủ trì nghiên cứu đề án chống ngập", "Sở Xây dựng", None),
        # the date of the documents is no deadline
        ("thực hiện các kết luận số 14, 15 và 16 ngày 28.11.2027 của Thanh tra tỉnh", "Sở Tài chính", None),
    ]


def test_a_modal_word_glued_to_an_abbreviation_is_part_of_the_place(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lê Văn Hai yêu cầu Công an TP.Cần Thơ tăng cường tuần tra ven sông.",
    )
    assert [(i[0], i[3]) for i in got] == [("tăng cường tuần tra ven sông", "Công an TP.Cần Thơ")]


def test_a_title_is_not_resolved_to_a_person_of_another_administrative_level(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Sau khi nghe báo cáo, Chủ tịch UBND tỉnh có ý kiến chỉ đạo:",
        "1. Giao Sở Xây dựng chủ trì nghiên cứu đề án chống ngập.",
        "Ông Hà Văn Lực, Chủ tịch UBND xã Tân An cho biết, nước biển tràn vào khu dân cư khoảng 50m.",
    )
    # "Chủ tịch UBND xã Hà Văn Lực" is no "Chủ tịch UBND tỉnh": the title stays as written
    assert [(i[0], i[2]) for i in got] == [("chủ trì nghiên cứu đề án chống ngập", "Chủ tịch UBND tỉnh")]


def test_the_sender_of_a_document_speaks_and_its_recipients_are_addressed(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lê Văn Hai vừa ký công điện gửi các sở, ngành và UBND các huyện yêu cầu chủ động "
        "ứng phó với mưa lũ.",
        "Ngày 5/7, Chủ tịch UBND tỉnh Lê Văn Hai ký công điện gửi Ban Chỉ huy phòng chống thiên tai các cấp; các "
        "sở, ngành liên quan và các công ty thủy điện yêu cầu kiểm tra các hồ chứa; báo cáo kết quả về Sở Nông nghiệp.",
    )
    recipients = "Ban Chỉ huy phòng chống thiên tai các cấp; các sở, ngành liên quan và các công ty thủy điện"
    assert [(i[0], i[2], i[3], i[4]) for i in got] == [
        ("chủ động ứng phó với mưa lũ", "Lê Văn Hai", "các sở, ngành và UBND các huyện", None),
        ("kiểm tra các hồ chứa", "Lê Văn Hai", recipients, None),
        ("báo cáo kết quả về Sở Nông nghiệp", "Lê Văn Hai", recipients, None),
    ]


def test_a_title_with_its_province_is_the_person_introduced_with_the_title(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Đoàn công tác của tỉnh Bạc Liêu, do Chủ tịch UBND tỉnh Trần Văn Nam dẫn đầu, vừa kiểm tra rừng tràm.",
        "Chủ tịch UBND tỉnh Bạc Liêu đề nghị Chi cục Kiểm lâm tăng cường tuần tra rừng trong mùa khô.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tăng cường tuần tra rừng trong mùa khô", "Trần Văn Nam", "Chi cục Kiểm lâm"),
    ]


def test_the_past_inside_what_a_leader_assessed_does_not_make_his_request_a_report(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Ông Lò Văn Tâm, Phó Chủ tịch UBND huyện đánh giá cao những việc ngành Giáo dục đã làm được trong năm học "
        "vừa qua, đồng thời đề nghị Phòng Giáo dục sửa chữa các phòng học xuống cấp.",
        # a report of the period, the past before any assessment, still gives no task
        "Trong năm qua, UBND huyện đã chỉ đạo các xã, đồng thời yêu cầu các trường sửa chữa phòng học.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("sửa chữa các phòng học xuống cấp", "Lò Văn Tâm", "Phòng Giáo dục"),
    ]


def test_a_speech_act_right_after_another_addresses_after_the_last(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bộ trưởng Hoàng Văn Lâm đánh giá cao sự chuẩn bị của tỉnh. Bộ trưởng nhấn mạnh yêu cầu tỉnh phải kiểm tra "
        "toàn bộ hồ chứa. Việc vận hành hồ phải đúng quy trình; phải sẵn sàng phương án sơ tán dân.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("kiểm tra toàn bộ hồ chứa", "Hoàng Văn Lâm", "tỉnh"),
        ("Việc vận hành hồ phải đúng quy trình", "Hoàng Văn Lâm", "tỉnh"),
        ("sẵn sàng phương án sơ tán dân", "Hoàng Văn Lâm", "tỉnh"),
    ]


def test_cung_do_opens_the_next_task_of_the_running_instruction(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND huyện Đinh Văn Tú yêu cầu các xã ven sông di dời dân khỏi vùng sạt lở trước 17 giờ.",
        "Cùng đó, bố trí người canh gác, cắm biển cảnh báo tại các bến đò.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("di dời dân khỏi vùng sạt lở trước 17 giờ", "Đinh Văn Tú", "các xã ven sông"),
        ("bố trí người canh gác, cắm biển cảnh báo tại các bến đò", "Đinh Văn Tú", "các xã ven sông"),
    ]


@pytest.mark.parametrize(
    ("introduced", "referred"),
    [
        ("Chủ tịch UBND thành phố Hạ Long Vũ Văn Khải", "Chủ tịch TP"),
        ("Chủ tịch UBND TP Hạ Long Vũ Văn Khải", "Chủ tịch UBND thành phố"),
        ("Chủ tịch UBND TX.Đông Triều Vũ Văn Khải", "Chủ tịch thị xã"),
    ],
)
def test_a_unit_written_with_its_initials_is_the_same_title(
    extractor: DirectiveExtractor, introduced: str, referred: str
) -> None:
    got = items_of(
        extractor,
        f"Sáng 3/8, {introduced} kiểm tra công tác phòng chống bão.",
        f"{referred} yêu cầu các phường sơ tán dân khỏi vùng trũng.",
    )
    assert [(i[0], i[2]) for i in got] == [("sơ tán dân khỏi vùng trũng", "Vũ Văn Khải")]


def test_a_body_led_by_a_person_speaks_in_its_own_name(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chiều 4/7, Đoàn kiểm tra của UBND tỉnh do ông Lý Văn Đức, Giám đốc Sở Nông nghiệp dẫn đầu đã kiểm tra "
        "đê biển.",
        "Đoàn kiểm tra đề nghị huyện gia cố ngay các đoạn đê xung yếu.",
        "Phó Thủ tướng Đặng Minh Khoa đã đến thăm các hộ dân. Phó Thủ tướng yêu cầu tỉnh hỗ trợ ngay các hộ mất nhà.",
    )
    # the team is no title of its leader; "Phó Thủ tướng" is the title of the one named before
    assert [(i[0], i[2]) for i in got] == [
        ("gia cố ngay các đoạn đê xung yếu", "Đoàn kiểm tra"),
        ("hỗ trợ ngay các hộ mất nhà", "Đặng Minh Khoa"),
    ]


def test_the_details_of_an_instruction_keep_its_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ngày 9/9, UBND tỉnh ra công điện khẩn. Tỉnh yêu cầu các sở, ngành và UBND các huyện chủ động ứng phó với "
        "bão. Cụ thể, phải kêu gọi tàu thuyền vào nơi tránh trú; gia cố nhà cửa, chằng chống cây xanh. "
        "Tập đoàn Điện lực - Năng lượng Miền Đông, Tổng công ty Đông Hải khẩn trương kiểm tra an toàn các hồ đập.",
    )
    addressed = "các sở, ngành và UBND các huyện"
    assert [(i[0], i[3]) for i in got] == [
        ("chủ động ứng phó với bão", addressed),
        ("kêu gọi tàu thuyền vào nơi tránh trú", addressed),
        ("gia cố nhà cửa, chằng chống cây xanh", addressed),
        ("khẩn trương kiểm tra an toàn các hồ đập", "Tập đoàn Điện lực - Năng lượng Miền Đông, Tổng công ty Đông Hải"),
    ]


def test_a_province_stresses_a_matter_for_the_bodies_it_addressed(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Theo đó, UBND tỉnh Thái Bình yêu cầu Sở Nông nghiệp, các huyện kiểm tra các cống qua đê.",
        "Tỉnh Thái Bình đặc biệt lưu ý phương án bảo vệ các đoạn đê đã có sự cố.",
        "Tỉnh Thái Bình lưu ý các huyện ven biển chằng chống nhà cửa.",
        "UBND tỉnh cũng đã có văn bản gửi đến các sở, ngành rà soát các hồ chứa nhỏ.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("kiểm tra các cống qua đê", "UBND tỉnh Thái Bình", "Sở Nông nghiệp, các huyện"),
        ("phương án bảo vệ các đoạn đê đã có sự cố", "Tỉnh Thái Bình", "Sở Nông nghiệp, các huyện"),
        ("chằng chống nhà cửa", "Tỉnh Thái Bình", "các huyện ven biển"),
        ("rà soát các hồ chứa nhỏ", "UBND tỉnh", "các sở, ngành"),
    ]


def test_a_place_after_a_body_only_locates_it(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND thành phố Cẩm Phả, tỉnh Quảng Ninh vừa có công văn đề nghị Cảng vụ Quảng Ninh tạm dừng cấp phép cho "
        "12 tàu cá.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tạm dừng cấp phép cho 12 tàu cá", "UBND thành phố Cẩm Phả, tỉnh Quảng Ninh", "Cảng vụ Quảng Ninh"),
    ]


def test_a_place_that_asks_a_higher_level_gives_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Theo đó, UBND tỉnh Phú Yên yêu cầu các huyện khẩn trương khắc phục đường sạt lở.",
        "Tỉnh Phú Yên đề nghị Bộ hỗ trợ 3.000 tấn giống lúa. Tỉnh Phú Yên kiến nghị Bộ bố trí vốn làm kè.",
    )
    assert [(i[0], i[3]) for i in got] == [("khẩn trương khắc phục đường sạt lở", "các huyện")]


def test_documents_enumerated_after_a_task_are_part_of_it(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Tỉnh ủy Hà Văn Sơn yêu cầu các cấp ủy tập trung nhiều việc, trong đó sớm ban hành các nghị quyết "
        "gồm: Nghị quyết về phát triển du lịch cộng đồng; Nghị quyết về xây dựng nông thôn mới kiểu mẫu.",
    )
    # the documents listed after the colon are no tasks of their own
    assert [i[3] for i in got] == ["các cấp ủy"]
    assert got[0][0].startswith("tập trung nhiều việc, trong đó sớm ban hành các nghị quyết gồm: Nghị quyết về")


def test_a_lead_that_names_the_addressees_loosely_repeats_the_body(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh Hoàng Văn Nam vừa ký văn bản gửi lãnh đạo sở, ngành, địa phương về việc khẩn trương "
        "cập nhật dữ liệu đất đai.",
        "Theo đó, Phó Chủ tịch UBND tỉnh yêu cầu các sở, ngành địa phương khẩn trương tập trung cập nhật dữ liệu "
        "đất đai trên hệ thống.",
    )
    # the lead's task says nothing the body does not: the body's sentence is the item (GUIDELINE)
    assert [(i[0], i[3]) for i in got] == [
        ("khẩn trương tập trung cập nhật dữ liệu đất đai trên hệ thống", "các sở, ngành địa phương")
    ]


def test_a_speech_act_word_listed_after_a_document_is_a_document(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Tỉnh ủy Lò Văn Chiến đề nghị huyện tập trung làm đường liên xã.",
        "Thường trực Huyện ủy cho biết, huyện đã phổ biến các nghị quyết, kết luận kịp thời tới chi bộ.",
    )
    assert [(i[0], i[2]) for i in got] == [("tập trung làm đường liên xã", "Lò Văn Chiến")]


def test_a_thing_obliged_in_the_passive_may_carry_a_passive_relative_clause(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND huyện yêu cầu các xã tập trung chuẩn bị Tết cho hộ nghèo.",
        "Danh sách các hộ được nhận quà phải được niêm yết công khai tại nhà văn hóa thôn.",
    )
    assert [(i[0], i[3]) for i in got][1:] == [
        ("Danh sách các hộ được nhận quà phải được niêm yết công khai tại nhà văn hóa thôn", "các xã")
    ]


def test_an_assessment_with_its_comma_reports_a_view(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND huyện Trần Văn Lâm yêu cầu các xã tăng cường tuần tra rừng.",
        "Ông Lâm đánh giá, nhờ các xã làm tốt công tác tuần tra nên mùa khô vừa qua không xảy ra cháy rừng.",
        "Các xã cần đánh giá lại hiệu quả của các tổ tuần tra.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("tăng cường tuần tra rừng", "các xã"),
        ("đánh giá lại hiệu quả của các tổ tuần tra", "Các xã"),
    ]


def test_a_near_future_before_who_promises_is_no_part_of_the_promiser(extractor: DirectiveExtractor) -> None:
    got = items_of(extractor, "Giám đốc Sở Tư pháp Lê Thị Mai cho biết, thời gian tới sở sẽ rà soát lại quy trình.")
    assert [(i[0], i[1], i[3]) for i in got] == [("rà soát lại quy trình", "commitment", "Sở Tư pháp")]


def test_a_bare_level_word_that_gives_an_order_speaks_for_its_government(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh Lê Văn Ba yêu cầu các huyện tiếp tục chống khai thác hải sản trái phép.",
        "Tỉnh đã giao các huyện ven biển tiếp tục tuyên truyền cho ngư dân.",
        "Huyện yêu cầu các xã rà soát danh sách tàu cá.",
    )
    assert [(i[0], i[2], i[3]) for i in got][1:] == [
        ("tiếp tục tuyên truyền cho ngư dân", "Tỉnh", "các huyện ven biển"),
        ("rà soát danh sách tàu cá", "Huyện", "các xã"),
    ]


def test_a_time_frame_after_the_speech_act_is_no_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Giám đốc Sở Công Thương Vũ Thị Lan yêu cầu các chợ đầu mối niêm yết giá công khai.",
        "Bà Lan yêu cầu, trước ngày 10 hằng tháng phải gửi báo cáo giá về Sở.",
    )
    assert got[1] == ("gửi báo cáo giá về Sở", "directive", "Vũ Thị Lan", "các chợ đầu mối", "trước ngày 10 hằng tháng")


def test_a_speech_act_counted_as_a_thing_is_a_noun(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh Trần Văn Hòa cho biết năm nay Bộ đã có nhiều chỉ đạo quyết liệt, yêu cầu địa phương "
        "tập trung giảm số vụ cháy rừng.",
    )
    assert got == []


def test_a_speech_act_that_sums_up_its_topics_gives_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Đồng chí Bí thư Tỉnh ủy Lê Văn Tâm chỉ đạo nhiều nội dung liên quan đến quốc phòng, an ninh của huyện.",
        "Đồng chí Lê Văn Tâm nhấn mạnh nhiều vấn đề tại buổi làm việc.",
    )
    assert got == []


def test_matters_stressed_one_per_semicolon_are_tasks(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Huyện ủy Lê Văn Tâm yêu cầu các xã tập trung phát triển kinh tế. Trong đó đặc biệt lưu ý công tác "
        "chuyển đổi số; công tác tuyển quân; công tác phòng cháy rừng.",
    )
    assert [i[0] for i in got] == [
        "tập trung phát triển kinh tế",
        "công tác chuyển đổi số",
        "công tác tuyển quân",
        "công tác phòng cháy rừng",
    ]


def test_a_document_issued_and_sent_speaks_for_its_issuer(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh vừa ban hành văn bản gửi Công an tỉnh, UBND các huyện ven biển khẩn trương kiểm soát tàu cá "
        "xuất bến.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("khẩn trương kiểm soát tàu cá xuất bến", "UBND tỉnh", "Công an tỉnh, UBND các huyện ven biển")
    ]


def test_an_order_with_no_subject_after_a_reported_document_is_the_documents(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ngày 3/4/2026, UBND tỉnh ban hành Công văn số 512/UBND-TN về chủ trương thu hồi đất làm công viên.",
        "Giao UBND thành phố chủ trì, phối hợp với Sở Xây dựng hoàn thiện hồ sơ thu hồi đất theo quy định.",
        "Văn bản này thay thế Công văn số 77/UBND-TN của UBND tỉnh.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        (
            "chủ trì, phối hợp với Sở Xây dựng hoàn thiện hồ sơ thu hồi đất theo quy định",
            "UBND tỉnh",
            "UBND thành phố",
        )
    ]


def test_a_semicolon_segment_that_stresses_part_of_the_task_stays_in_it(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Tỉnh ủy Hà Văn Sơn đề nghị huyện chuẩn bị chu đáo các điều kiện để tổ chức thành công đại hội; "
        "nhất là công tác nhân sự và xây dựng văn kiện.",
    )
    assert [i[0] for i in got] == [
        "chuẩn bị chu đáo các điều kiện để tổ chức thành công đại hội; nhất là công tác nhân sự và xây dựng văn kiện"
    ]


def test_examples_after_such_as_belong_to_the_task_they_illustrate(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Đối với các hộ đã nhận lợn giống, UBND xã đề nghị Trạm Thú y huyện phối hợp với các thôn hướng dẫn người "
        "chăn nuôi che chắn chuồng trại cho phù hợp như: căng bạt, rải vôi quanh chuồng… Tổ chức trực dịch "
        "thường xuyên; tăng cường kiểm tra các ổ dịch cũ; chỉ đạo, hướng dẫn các thôn báo ngay khi có lợn ốm.",
    )
    assert [(i[0], i[3]) for i in got] == [
        (
            "phối hợp với các thôn hướng dẫn người chăn nuôi che chắn chuồng trại cho phù hợp như: căng bạt, rải vôi "
            "quanh chuồng",
            "Trạm Thú y huyện",
        ),
        ("Tổ chức trực dịch thường xuyên", "Trạm Thú y huyện"),
        ("tăng cường kiểm tra các ổ dịch cũ", "Trạm Thú y huyện"),
        # a speech act paired with an action ("chỉ đạo, hướng dẫn") is the entry's action, no new speaker's act
        ("chỉ đạo, hướng dẫn các thôn báo ngay khi có lợn ốm", "Trạm Thú y huyện"),
    ]


def test_an_undated_time_frame_before_a_named_addressee_is_no_part_of_the_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Đảng ủy xã Lò Văn Sơn yêu cầu trong những ngày đầu, Trung tâm Phục vụ hành chính công xã phải "
        "ổn định tổ chức bộ máy. Sau đó, tập trung giải quyết dứt điểm hồ sơ tồn đọng.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("ổn định tổ chức bộ máy", "Lò Văn Sơn", "Trung tâm Phục vụ hành chính công xã"),
        ("tập trung giải quyết dứt điểm hồ sơ tồn đọng", "Lò Văn Sơn", "Trung tâm Phục vụ hành chính công xã"),
    ]


def test_the_detail_of_an_order_after_cu_the_gives_one_task_per_segment(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh Hà Thị Mai yêu cầu các sở cắt giảm mạnh thủ tục đầu tư. Cụ thể, bãi bỏ ít nhất "
        "25% điều kiện kinh doanh không cần thiết; giảm một nửa thời gian xử lý hồ sơ.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("cắt giảm mạnh thủ tục đầu tư", "các sở"),
        ("bãi bỏ ít nhất 25% điều kiện kinh doanh không cần thiết", "các sở"),
        ("giảm một nửa thời gian xử lý hồ sơ", "các sở"),
    ]


def test_a_party_committee_title_with_its_province_is_the_person_introduced(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Tại cuộc họp, Bí thư Tỉnh ủy Lò Văn Pao yêu cầu toàn tỉnh tạm dừng mọi cuộc họp để cứu hộ.",
        "Bí thư Tỉnh ủy Sơn La yêu cầu tuyệt đối không để mất liên lạc với người dân vùng bị cô lập.",
    )
    assert [i[2] for i in got] == ["Lò Văn Pao", "Lò Văn Pao"]


def test_an_unsigned_document_speaks_for_the_body_that_spoke_last(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Mưa lớn kéo dài gây ngập nhiều khu dân cư. UBND tỉnh cảnh báo nguy cơ lũ lớn trên sông Mã.",
        "Công điện yêu cầu UBND các huyện tổ chức trực ban 24/24 giờ; sơ tán người dân khỏi vùng nguy hiểm.",
        "Công điện cũng giao Sở Y tế bảo đảm đủ thuốc cho vùng lũ.",
    )
    assert [(i[0], i[2]) for i in got] == [
        ("tổ chức trực ban 24/24 giờ", "UBND tỉnh"),
        ("sơ tán người dân khỏi vùng nguy hiểm", "UBND tỉnh"),
        ("bảo đảm đủ thuốc cho vùng lũ", "UBND tỉnh"),
    ]


def test_a_bare_level_word_after_a_frame_speaks_for_its_government(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Năm 2028, tỉnh tiếp tục chỉ đạo các ngành, địa phương lập kế hoạch xây dựng nông thôn mới. "
        "Đồng thời duy trì chất lượng các tiêu chí đã đạt.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("lập kế hoạch xây dựng nông thôn mới", "tỉnh", "các ngành, địa phương"),
        ("duy trì chất lượng các tiêu chí đã đạt", "tỉnh", "các ngành, địa phương"),
    ]
    # a level word that ends a list of parties is no speaker: the list is the subject of its own task
    listed = items_of(
        extractor,
        "Giám đốc Sở Xây dựng, ông Lê Văn Tám đã yêu cầu các địa phương tăng cường tuyên truyền người dân không "
        "xả rác trên mặt đường, tại các hố ga, lưới chắn rác… Lực lượng công an các phường, xã thường xuyên theo "
        "dõi, xử lý nghiêm các trường hợp đổ rác.",
    )
    assert [(i[0], i[3]) for i in listed] == [
        (
            "tăng cường tuyên truyền người dân không xả rác trên mặt đường, tại các hố ga, lưới chắn rác",
            "các địa phương",
        ),
        ("thường xuyên theo dõi, xử lý nghiêm các trường hợp đổ rác", "Lực lượng công an các phường, xã"),
    ]


def test_cu_the_with_its_comma_is_a_connective_and_cu_the_hoa_a_verb(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lê Văn Tám yêu cầu các sở quán triệt nghị quyết mới; cụ thể hóa thành kế hoạch hành động.",
    )
    assert [i[0] for i in got] == ["quán triệt nghị quyết mới", "cụ thể hóa thành kế hoạch hành động"]


def test_a_speech_act_after_a_comma_shares_the_subject_past_the_opening_circumstance(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Phát biểu tại buổi làm việc, Phó Chủ tịch UBND tỉnh Trần Thị Thu đã thống nhất lộ trình mà thị xã đã đề "
        "ra, đồng thời đề nghị địa phương quan tâm, kiểm tra tiến độ các chợ; phân công cán bộ phụ trách từng địa bàn.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("quan tâm, kiểm tra tiến độ các chợ", "Trần Thị Thu", "địa phương"),
        ("phân công cán bộ phụ trách từng địa bàn", "Trần Thị Thu", "địa phương"),
    ]


def test_concrete_field_verbs_open_continuing_tasks(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lê Văn Hùng giao Sở Xây dựng khoanh vùng khu vực sạt lở bờ sông.",
        "Đồng thời, cắm biển cảnh báo tại các điểm nguy hiểm; bố trí lực lượng trực 24/24 giờ.",
        "Hoãn các cuộc họp không cần thiết để tập trung ứng phó.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("khoanh vùng khu vực sạt lở bờ sông", "Sở Xây dựng"),
        ("cắm biển cảnh báo tại các điểm nguy hiểm", "Sở Xây dựng"),
        ("bố trí lực lượng trực 24/24 giờ", "Sở Xây dựng"),
        ("Hoãn các cuộc họp không cần thiết để tập trung ứng phó", "Sở Xây dựng"),
    ]


def test_work_in_progress_after_an_order_is_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Thanh tra tỉnh kiến nghị UBND tỉnh xử lý số tiền 2 tỉ đồng sử dụng sai mục đích.",
        "UBND tỉnh Lạng Sơn đang xem xét để chuyển hồ sơ vụ việc sang cơ quan điều tra.",
    )
    assert [(i[0], i[3]) for i in got] == [("xử lý số tiền 2 tỉ đồng sử dụng sai mục đích", "UBND tỉnh")]


def test_a_later_document_sent_by_someone_named_after_the_first_is_the_one_whose_content_follows(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Chính phủ ra công điện khẩn Chiều 5-8, Phó Thủ tướng Lê Văn Thành, Trưởng Ban chỉ đạo về phòng chống "
        "thiên tai, có công điện gửi các tỉnh thuộc Bắc bộ và Bắc Trung bộ. Theo đó, các ngành chức năng phải "
        "theo dõi chặt chẽ diễn biến cơn bão.",
    )
    assert [(i[0], i[2]) for i in got] == [("theo dõi chặt chẽ diễn biến cơn bão", "Lê Văn Thành")]
    # a document named with its author inside the first one's title is no new sender
    cited = items_of(
        extractor,
        "Ngày 20/9/2027, UBND tỉnh ban hành Quyết định số 33/UBND-KT về việc thực hiện kết luận của Thường trực "
        "Tỉnh ủy tại Thông báo số 31-TB/TU. Theo đó, các sở, ngành phải tiếp tục thực hiện nghiêm các biện pháp "
        "phòng dịch.",
    )
    assert [(i[0], i[2]) for i in cited] == [("tiếp tục thực hiện nghiêm các biện pháp phòng dịch", "UBND tỉnh")]


def test_a_future_marker_ends_the_name_of_a_body_that_commits(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Sau khi việc sắp xếp hoàn tất, Đảng ủy và UBND tỉnh sẽ chỉ đạo việc thành lập các phòng chuyên môn của xã.",
    )
    assert [(i[0], i[2]) for i in got] == [("chỉ đạo việc thành lập các phòng chuyên môn của xã", "UBND tỉnh")]


def test_a_title_is_the_issuer_until_the_article_names_the_person(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh đề nghị các sở giải quyết dứt điểm hồ sơ quá hạn.",
        "Yêu cầu được Phó Chủ tịch UBND tỉnh Trần Văn An nêu tại cuộc họp chiều 10/9. Ông lưu ý các sở, ngành "
        "rút ngắn thời gian cấp phép xây dựng.",
    )
    assert [(i[0], i[2]) for i in got] == [
        ("giải quyết dứt điểm hồ sơ quá hạn", "Phó Chủ tịch UBND tỉnh"),
        ("rút ngắn thời gian cấp phép xây dựng", "Trần Văn An"),
    ]


def test_a_semicolon_inside_parentheses_splits_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lê Văn Tám yêu cầu các huyện tổ chức trực ban 24/24 giờ, báo cáo về Văn phòng Ban "
        "Chỉ huy tỉnh (điện thoại 0212.385.700; fax 0212.385.701) để tổng hợp; sơ tán dân khỏi vùng nguy hiểm.",
    )
    assert [i[0] for i in got] == [
        "tổ chức trực ban 24/24 giờ, báo cáo về Văn phòng Ban Chỉ huy tỉnh (điện thoại 0212.385.700; fax "
        "0212.385.701) để tổng hợp",
        "sơ tán dân khỏi vùng nguy hiểm",
    ]


def test_documents_listed_after_a_task_to_carry_them_out_stay_in_that_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Lê Văn Tám yêu cầu UBND các huyện chủ động phổ biến Luật Lâm nghiệp; tiếp tục quán "
        "triệt, thực hiện nghiêm Chỉ thị số 13-CT/TW ngày 12/01/2017 của Ban Bí thư về bảo vệ rừng; chỉ đạo của "
        "Thủ tướng tại văn bản số 52/VPCP-NN ngày 30/6/2020 về phòng cháy rừng; Thông tư số 25/2019/TT-BNN ngày "
        "27/12/2019 về chữa cháy rừng; thực hiện quản lý nhà nước về rừng theo quy định.",
    )
    assert [i[0] for i in got] == [
        "chủ động phổ biến Luật Lâm nghiệp",
        "tiếp tục quán triệt, thực hiện nghiêm Chỉ thị số 13-CT/TW ngày 12/01/2017 của Ban Bí thư về bảo vệ rừng; "
        "chỉ đạo của Thủ tướng tại văn bản số 52/VPCP-NN ngày 30/6/2020 về phòng cháy rừng; Thông tư số "
        "25/2019/TT-BNN ngày 27/12/2019 về chữa cháy rừng",
        "thực hiện quản lý nhà nước về rừng theo quy định",
    ]


def test_a_subject_followed_by_the_copula_states_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bộ Xây dựng yêu cầu các chủ hồ xây dựng kịch bản xả lũ cho từng cấp mưa. Các kịch bản này sẽ là cơ sở "
        "để chủ động ứng phó trong tình huống bất thường.",
    )
    assert [(i[0], i[3]) for i in got] == [("xây dựng kịch bản xả lũ cho từng cấp mưa", "các chủ hồ")]


def test_a_level_word_with_a_demonstrative_speaks_and_a_heading_that_counts_tasks_is_none(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Để ứng phó với bão số 9, tỉnh này chỉ đạo các ngành, địa phương triển khai một số nhiệm vụ. Cụ thể, "
        "theo dõi chặt chẽ diễn biến của bão, thông báo cho chủ tàu thuyền biết.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("theo dõi chặt chẽ diễn biến của bão, thông báo cho chủ tàu thuyền biết", "tỉnh này", "các ngành, địa phương")
    ]


def test_names_after_a_plural_addressee_and_its_colon_complete_the_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bộ Công Thương đề nghị các Sở: Tài chính, Xây dựng khẩn trương bổ sung báo cáo về các dự án điện.",
        "UBND thành phố giao Sở Du lịch chủ trì, phối hợp với UBND các quận: Ngũ Hành Sơn, Liên Chiểu kiểm tra "
        "thông tin báo nêu.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("khẩn trương bổ sung báo cáo về các dự án điện", "các Sở: Tài chính, Xây dựng"),
        (
            "chủ trì, phối hợp với UBND các quận: Ngũ Hành Sơn, Liên Chiểu kiểm tra thông tin báo nêu",
            "Sở Du lịch",
        ),
    ]


def test_numbered_entries_under_a_headline_that_names_someones_directions_are_his_tasks(
    extractor: DirectiveExtractor,
) -> None:
    article = extractor.extract(
        clean_article_text(
            "Ý kiến chỉ đạo của lãnh đạo UBND huyện tháng 3/2027\n\n"
            "1. Chỉ đạo UBND các xã tăng cường phòng chống dịch sốt xuất huyết, không được chủ quan.\n"
            "2. Tiếp tục đôn đốc các xã hoàn thiện hồ sơ nông thôn mới kiểu mẫu.\n"
        )
    )
    assert [(d.text, d.issuer) for d in article] == [
        ("Chỉ đạo UBND các xã tăng cường phòng chống dịch sốt xuất huyết, không được chủ quan", "lãnh đạo UBND huyện"),
        ("Tiếp tục đôn đốc các xã hoàn thiện hồ sơ nông thôn mới kiểu mẫu", "lãnh đạo UBND huyện"),
    ]


def test_a_forecast_reported_with_se_is_no_commitment(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Theo ông Lê Văn Nghĩa, Chủ tịch UBND tỉnh, tình hình tội phạm sẽ còn diễn biến phức tạp trong thời gian tới.",
        "Công văn nêu rõ: Dự báo, bão sẽ tiếp tục mạnh lên, sức gió mạnh nhất có thể đạt cấp 12.",
        "Ông Lê Văn Nghĩa cho biết, tỉnh sẽ bố trí kinh phí sửa chữa trường học trong quý III/2027.",
    )
    assert [(i[0], i[1]) for i in got] == [("bố trí kinh phí sửa chữa trường học trong quý III/2027", "commitment")]


def test_doi_moi_opens_a_task_of_a_list(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các sở tập trung thực hiện tốt các giải pháp sau:",
        "Đổi mới phương thức quản lý nhà nước về giáo dục; tăng cường kiểm tra các trường học.",
    )
    assert [i[0] for i in got] == [
        "Đổi mới phương thức quản lý nhà nước về giáo dục",
        "tăng cường kiểm tra các trường học",
    ]


def test_a_numbered_entry_that_gives_no_task_does_not_end_the_list(extractor: DirectiveExtractor) -> None:
    article = extractor.extract(
        clean_article_text(
            "Ý kiến chỉ đạo của lãnh đạo UBND huyện tháng 3/2027\n\n"
            "1. Tăng cường kiểm tra an toàn thực phẩm tại các chợ.\n"
            "2. Họp bình xét danh hiệu gia đình văn hóa năm 2027.\n"
            "3. Xây dựng kế hoạch hội thi giáo viên giỏi cấp huyện.\n"
        )
    )
    assert [d.text for d in article] == [
        "Tăng cường kiểm tra an toàn thực phẩm tại các chợ",
        "Xây dựng kế hoạch hội thi giáo viên giỏi cấp huyện",
    ]


def test_co_y_kien_nhu_sau_opens_the_leaders_list(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Sau khi xem xét đơn của công dân, Chủ tịch UBND tỉnh có ý kiến như sau:",
        "Giao UBND huyện Hải Lăng kiểm tra, xác minh nội dung phản ánh, báo cáo kết quả lên UBND tỉnh.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        (
            "kiểm tra, xác minh nội dung phản ánh, báo cáo kết quả lên UBND tỉnh",
            "Chủ tịch UBND tỉnh",
            "UBND huyện Hải Lăng",
        )
    ]


def test_a_verb_inside_a_bodys_field_does_not_end_the_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh Trần Văn Bình giao Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp "
        "và phát triển nông thôn phối hợp với UBND huyện Mỹ Lộc khảo sát hiện trường.",
        "Phó Thủ tướng đề nghị các bộ: Công thương, Nông nghiệp và phát triển nông thôn, Ngoại giao, Tài chính "
        "tiếp tục tháo gỡ khó khăn cho hàng nông sản.",
    )
    assert [(i[0], i[3]) for i in got] == [
        (
            "phối hợp với UBND huyện Mỹ Lộc khảo sát hiện trường",
            "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn",
        ),
        (
            "tiếp tục tháo gỡ khó khăn cho hàng nông sản",
            "các bộ: Công thương, Nông nghiệp và phát triển nông thôn, Ngoại giao, Tài chính",
        ),
    ]


def test_a_document_that_passes_on_a_leaders_directions_speaks_for_him(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Văn phòng UBND tỉnh ban hành văn bản số 1234/VP-KT, ngày 5/3/2027 thông báo ý kiến chỉ đạo của đồng chí "
        "Lê Minh Tâm, Phó Chủ tịch UBND tỉnh về việc đẩy nhanh hỗ trợ nhà ở cho hộ nghèo.",
        "UBND các huyện, thị xã khẩn trương rà soát danh sách hộ nghèo cần hỗ trợ; tăng cường kiểm tra tiến độ "
        "xây dựng nhà ở.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("khẩn trương rà soát danh sách hộ nghèo cần hỗ trợ", "Lê Minh Tâm", "UBND các huyện, thị xã"),
        ("tăng cường kiểm tra tiến độ xây dựng nhà ở", "Lê Minh Tâm", "UBND các huyện, thị xã"),
    ]


def test_a_conclusion_passed_on_names_its_author_up_to_his_unit(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Văn phòng UBND tỉnh vừa có Thông báo kết luận của Chủ tịch UBND tỉnh tại cuộc họp về tiến độ dự án. "
        "Theo đó, Sở Xây dựng khẩn trương hoàn thiện hồ sơ thiết kế.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("khẩn trương hoàn thiện hồ sơ thiết kế", "Chủ tịch UBND tỉnh", "Sở Xây dựng"),
    ]


def test_a_report_after_a_document_is_no_content_of_it(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ngày 5/3/2027, UBND tỉnh ban hành Kế hoạch số 45/KH-UBND về hỗ trợ nhà ở cho hộ nghèo.",
        "UBND các huyện đã rà soát được 320 hộ nghèo đủ điều kiện nhận hỗ trợ.",
    )
    assert got == []


def test_a_title_before_a_determiner_heads_the_next_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Thủ tướng yêu cầu Chủ tịch UBND tỉnh Lào Cai, lãnh đạo các cơ quan liên quan tiếp tục khắc phục hậu quả "
        "mưa lũ.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("tiếp tục khắc phục hậu quả mưa lũ", "Chủ tịch UBND tỉnh Lào Cai, lãnh đạo các cơ quan liên quan")
    ]


def test_a_focus_a_speaker_reports_is_his_bodys_commitment(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ông Lâm Văn Khải, Chủ tịch UBND tỉnh Hòa Định cho biết, trong năm 2027, nhiệm vụ trọng tâm của tỉnh là "
        "hoàn thành giải phóng mặt bằng tuyến đường ven sông. Tập trung hỗ trợ doanh nghiệp tiếp cận vốn; "
        "tiếp tục cắt giảm thủ tục hành chính.",
    )
    assert got == [
        (
            "hoàn thành giải phóng mặt bằng tuyến đường ven sông",
            "commitment",
            "Lâm Văn Khải",
            "tỉnh",
            "trong năm 2027",
        ),
        ("Tập trung hỗ trợ doanh nghiệp tiếp cận vốn", "commitment", "Lâm Văn Khải", "tỉnh", "trong năm 2027"),
        ("tiếp tục cắt giảm thủ tục hành chính", "commitment", "Lâm Văn Khải", "tỉnh", "trong năm 2027"),
    ]


def test_a_focus_reported_as_done_is_no_commitment(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Giám đốc Sở Y tế cho biết, nhiệm vụ trọng tâm năm qua là kiểm soát dịch sốt xuất huyết và đã đạt kết quả tốt.",
    )
    assert got == []


def test_a_reporting_verb_ends_the_name_a_bare_body_takes(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ông Lâm Văn Khải, Chủ tịch UBND tỉnh Hòa Định cho biết, tỉnh đã hoàn thành 9 công trình giao thông. "
        "Đặc biệt, tỉnh sẽ làm việc với các bộ để sớm khởi công cầu vượt sông Đồng.",
    )
    assert [(i[0], i[1], i[2], i[3]) for i in got] == [
        ("làm việc với các bộ để sớm khởi công cầu vượt sông Đồng", "commitment", "Lâm Văn Khải", "tỉnh Hòa Định")
    ]


def test_programmes_listed_over_semicolons_are_one_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh yêu cầu các sở, ngành tập trung một số nhiệm vụ sau:",
        "1. Chủ động đẩy nhanh tiến độ các đề án trong Chương trình công tác năm 2027 của UBND tỉnh; Chương trình "
        "hành động thực hiện Nghị quyết Đại hội Đảng bộ tỉnh; Kế hoạch phát triển du lịch 5 năm. Chuẩn bị báo cáo "
        "sơ kết giữa nhiệm kỳ.",
    )
    assert [(i[0], i[3]) for i in got] == [
        (
            "Chủ động đẩy nhanh tiến độ các đề án trong Chương trình công tác năm 2027 của UBND tỉnh; Chương trình "
            "hành động thực hiện Nghị quyết Đại hội Đảng bộ tỉnh; Kế hoạch phát triển du lịch 5 năm",
            "các sở, ngành",
        ),
        ("Chuẩn bị báo cáo sơ kết giữa nhiệm kỳ", "các sở, ngành"),
    ]


def test_an_additive_opener_runs_to_its_comma(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND huyện đã chỉ đạo các xã tiếp tục rà soát hộ nghèo.",
        "Cùng với công tác giảm nghèo, huyện cũng cần đẩy nhanh giải ngân vốn đầu tư công; hoàn thành cấp nước "
        "sạch cho các bản vùng cao.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tiếp tục rà soát hộ nghèo", "UBND huyện", "các xã"),
        ("đẩy nhanh giải ngân vốn đầu tư công", "UBND huyện", "huyện"),
        ("hoàn thành cấp nước sạch cho các bản vùng cao", "UBND huyện", "huyện"),
    ]


def test_an_additive_opener_without_a_comma_opens_nothing(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND huyện chỉ đạo các xã phòng chống dịch.",
        "Cùng với huyện Ba Vì tổ chức diễn tập phòng cháy rừng.",
    )
    assert [(i[0], i[3]) for i in got] == [("phòng chống dịch", "các xã")]


def test_an_order_coordinated_with_its_past_result_is_a_report(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh đã chỉ đạo các sở, ngành tập trung triển khai và đã đạt được nhiều kết quả tốt.",
        "UBND tỉnh yêu cầu các xã tập trung thu gom rác và đạt tỷ lệ 100% trước ngày 30/6/2027.",
    )
    assert [(i[0], i[3], i[4]) for i in got] == [
        ("tập trung thu gom rác và đạt tỷ lệ 100% trước ngày 30/6/2027", "các xã", "trước ngày 30/6/2027")
    ]


def test_a_subject_that_says_what_a_year_is_addresses_no_one(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Tỉnh ủy Trần Văn Lộc nhấn mạnh, năm 2027 là năm bản lề, tăng tốc, bứt phá thực hiện Nghị quyết Đại "
        "hội Đảng bộ tỉnh.",
        "UBND tỉnh yêu cầu các sở, ngành là thành viên Ban Chỉ đạo kiểm tra việc thực hiện.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("kiểm tra việc thực hiện", "các sở, ngành là thành viên Ban Chỉ đạo"),
    ]


def test_the_content_of_a_directing_document_is_its_issuers(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ngày 4/3/2027, UBND thành phố ban hành Công văn số 88/UBND-ĐT về việc xử lý lấn chiếm vỉa hè.",
        "Nội dung văn bản chỉ đạo nêu rõ:",
        "1. Yêu cầu UBND các phường nghiêm túc triển khai kế hoạch ra quân lập lại trật tự đô thị.",
        "2. Giao Công an thành phố tập trung xử lý vi phạm nồng độ cồn.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("nghiêm túc triển khai kế hoạch ra quân lập lại trật tự đô thị", "UBND thành phố", "UBND các phường"),
        ("tập trung xử lý vi phạm nồng độ cồn", "UBND thành phố", "Công an thành phố"),
    ]


def test_the_head_of_a_body_is_the_person_introduced_with_its_title(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Hòa Định Lâm Văn Khải vừa chỉ đạo Công an tỉnh xử lý dứt điểm các sai phạm đất đai.",
        "Người đứng đầu UBND tỉnh Hòa Định cũng yêu cầu Sở Tài nguyên sớm thẩm định phương án cưỡng chế.",
        "UBND huyện Đông Sơn được yêu cầu xử lý dứt điểm vi phạm tại khu đất bãi rác.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("xử lý dứt điểm các sai phạm đất đai", "Lâm Văn Khải", "Công an tỉnh"),
        ("sớm thẩm định phương án cưỡng chế", "Lâm Văn Khải", "Sở Tài nguyên"),
        ("xử lý dứt điểm vi phạm tại khu đất bãi rác", "Lâm Văn Khải", "UBND huyện Đông Sơn"),
    ]


def test_a_deputy_is_not_the_head_of_his_body(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh Hòa Định Lâm Văn Khải vừa chỉ đạo Công an tỉnh xử lý các sai phạm đất đai.",
        "Người đứng đầu UBND tỉnh Hòa Định cũng yêu cầu Sở Tài nguyên sớm thẩm định phương án cưỡng chế.",
    )
    assert [i[2] for i in got] == ["Lâm Văn Khải", "Người đứng đầu UBND tỉnh Hòa Định"]


def test_a_province_named_with_a_pronoun_word_keeps_it(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bà Rịa – Vũng Tàu yêu cầu các xã ven biển khẩn trương gia cố đê kè.",
        "Bà Nguyễn Thị Hoa, Giám đốc Sở Y tế đề nghị các bệnh viện rà soát thuốc dự trữ.",
    )
    assert [(i[0], i[2]) for i in got] == [
        ("khẩn trương gia cố đê kè", "Bà Rịa – Vũng Tàu"),
        ("rà soát thuốc dự trữ", "Nguyễn Thị Hoa"),
    ]


def test_the_period_an_opening_focus_names_dates_the_tasks(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Triển khai nhiệm vụ trọng tâm quý II/2027, UBND tỉnh yêu cầu các sở, ngành tập trung một số nhiệm vụ sau:",
        "1. Chủ động rà soát các đề án trình HĐND tỉnh.",
        "2. Đẩy mạnh giải ngân vốn đầu tư công.",
        "Để triển khai các nhiệm vụ trên, UBND tỉnh giao Sở Tài chính bố trí kinh phí.",
    )
    assert [(i[0], i[4]) for i in got] == [
        ("Chủ động rà soát các đề án trình HĐND tỉnh", "quý II/2027"),
        ("Đẩy mạnh giải ngân vốn đầu tư công", "quý II/2027"),
        ("bố trí kinh phí", None),
    ]


def test_a_focus_goes_on_with_the_speakers_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ban Thường vụ Tỉnh ủy yêu cầu các cấp, các ngành bắt tay ngay vào công việc sau kỳ nghỉ Tết.",
        "Trọng tâm trước mắt là cụ thể hóa các chỉ tiêu của Nghị quyết Đại hội; ưu tiên các công trình trọng điểm.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("bắt tay ngay vào công việc sau kỳ nghỉ Tết", "Ban Thường vụ Tỉnh ủy", "các cấp, các ngành"),
        ("cụ thể hóa các chỉ tiêu của Nghị quyết Đại hội", "Ban Thường vụ Tỉnh ủy", "các cấp, các ngành"),
        ("ưu tiên các công trình trọng điểm", "Ban Thường vụ Tỉnh ủy", "các cấp, các ngành"),
    ]


def test_an_order_that_details_a_document_is_its_issuers(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh vừa có văn bản về việc xử lý ô nhiễm môi trường qua đường dây nóng.",
        "Theo đó, giao Sở Tài nguyên và Môi trường chủ trì xác minh, xử lý triệt để các vụ việc ô nhiễm.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        (
            "chủ trì xác minh, xử lý triệt để các vụ việc ô nhiễm",
            "Chủ tịch UBND tỉnh",
            "Sở Tài nguyên và Môi trường",
        )
    ]


def test_a_document_issued_with_an_article_still_speaks(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND thành phố vừa ban hành một công văn yêu cầu các cơ quan chức năng chấm dứt tình trạng bán hàng rong.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("chấm dứt tình trạng bán hàng rong", "UBND thành phố", "các cơ quan chức năng")
    ]


def test_feedback_and_petitions_named_as_nouns_are_no_speech(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh vừa có văn bản về việc xử lý ô nhiễm môi trường.",
        "Theo đó, giao Sở Tài nguyên và Môi trường chủ trì xác minh các vụ việc. Đồng thời, thực hiện nghiêm túc "
        "chế độ báo cáo và công khai kết quả xử lý thông tin phản ánh, kiến nghị của người dân; định kỳ báo cáo "
        "UBND tỉnh trước ngày 30 hàng tháng.",
    )
    assert [(i[0], i[3], i[4]) for i in got] == [
        ("chủ trì xác minh các vụ việc", "Sở Tài nguyên và Môi trường", None),
        (
            "thực hiện nghiêm túc chế độ báo cáo và công khai kết quả xử lý thông tin phản ánh, kiến nghị của người dân",
            "Sở Tài nguyên và Môi trường",
            None,
        ),
        (
            "định kỳ báo cáo UBND tỉnh trước ngày 30 hàng tháng",
            "Sở Tài nguyên và Môi trường",
            "trước ngày 30 hàng tháng",
        ),
    ]


def test_what_a_document_states_after_a_colon_is_its_issuers_order(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND thành phố vừa ban hành công văn về việc chỉnh trang đô thị.",
        "Công văn nêu rõ: Sở Xây dựng, UBND các xã, phường phối hợp các đơn vị liên quan duy tu hạ tầng giao thông; "
        "có kế hoạch nạo vét hệ thống thoát nước.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        (
            "phối hợp các đơn vị liên quan duy tu hạ tầng giao thông",
            "UBND thành phố",
            "Sở Xây dựng, UBND các xã, phường",
        ),
        ("có kế hoạch nạo vét hệ thống thoát nước", "UBND thành phố", "Sở Xây dựng, UBND các xã, phường"),
    ]


def test_a_temporary_suspension_is_an_action(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Cục An toàn thực phẩm đề nghị Sở Y tế tỉnh Hòa Định khẩn trương điều tra nguyên nhân vụ ngộ độc. Tạm đình chỉ "
        "hoạt động của cơ sở nghi ngờ gây ngộ độc, xử lý nghiêm các vi phạm.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("khẩn trương điều tra nguyên nhân vụ ngộ độc", "Sở Y tế tỉnh Hòa Định"),
        ("Tạm đình chỉ hoạt động của cơ sở nghi ngờ gây ngộ độc, xử lý nghiêm các vi phạm", "Sở Y tế tỉnh Hòa Định"),
    ]


def test_a_subject_closed_by_two_modals_is_the_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu đẩy mạnh chuyển đổi số. Các sở, ban, ngành cũng cần thiết lập quy trình giải quyết "
        "thủ tục hành chính trên hệ thống thông tin của tỉnh.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("đẩy mạnh chuyển đổi số", None),
        ("thiết lập quy trình giải quyết thủ tục hành chính trên hệ thống thông tin của tỉnh", "Các sở, ban, ngành"),
    ]


def test_a_body_assigned_a_charge_has_the_task_after_it(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh vừa ban hành kế hoạch cải cách hành chính năm 2027. Sở Tư pháp được giao trọng trách nâng cao chất "
        "lượng thẩm định các quy định về thủ tục hành chính.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("nâng cao chất lượng thẩm định các quy định về thủ tục hành chính", "UBND tỉnh", "Sở Tư pháp"),
    ]


def test_a_topic_thing_then_a_body_that_acts_gives_the_body_as_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND huyện Lường Văn Tấn yêu cầu các xã kiểm tra hệ thống kênh mương trước mùa mưa.",
        "Đối với những trạm bơm đoàn vừa kiểm tra, đơn vị chủ quản chủ động sửa chữa ngay các hạng mục hư hỏng, bảo "
        "đảm vận hành an toàn.",
    )
    assert got[1:] == [
        (
            "chủ động sửa chữa ngay các hạng mục hư hỏng, bảo đảm vận hành an toàn",
            "directive",
            "Lường Văn Tấn",
            "đơn vị chủ quản",
            None,
        ),
    ]


def test_a_text_cut_off_before_the_action_gives_no_item(extractor: DirectiveExtractor) -> None:
    addressees_only = items_of(
        extractor,
        "Chủ tịch UBND tỉnh vừa ký Chỉ thị về nhiệm vụ sau kỳ nghỉ lễ.",
        "Chủ tịch UBND tỉnh yêu cầu các cấp, các ngành, các đơn vị, ngay sau kỳ nghỉ lễ Quốc khánh ph",
    )
    action_cut = items_of(
        extractor,
        "Chủ tịch UBND tỉnh vừa ký Chỉ thị về nhiệm vụ sau kỳ nghỉ lễ.",
        "Chủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ tồn đọng, đồng thời có kế hoạch gi",
    )
    assert addressees_only == []
    assert [i[0] for i in action_cut] == ["rà soát hồ sơ tồn đọng, đồng thời có kế hoạch gi"]


def test_semicolons_between_things_that_share_a_noun_stay_in_one_item(extractor: DirectiveExtractor) -> None:
    things = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu UBND hai huyện khẩn trương hoàn thiện hồ sơ của 3 công trình gồm: Công trình cấp "
        "nước xã Tân Hòa; Công trình đường liên xã Phú Lâm; và Công trình kè sông xã Mỹ Lợi.",
    )
    tasks = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các cơ quan tiết kiệm điện, như: Không bật điều hòa dưới 26 độ; tắt máy tính "
        "khi ra về; tận dụng ánh sáng tự nhiên.",
    )
    assert [(i[0], i[3]) for i in things] == [
        (
            "khẩn trương hoàn thiện hồ sơ của 3 công trình gồm: Công trình cấp nước xã Tân Hòa; Công trình đường liên "
            "xã Phú Lâm; và Công trình kè sông xã Mỹ Lợi",
            "UBND hai huyện",
        ),
    ]
    assert len(tasks) > 1


def test_criticism_for_a_delay_is_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh Hòa Định vừa có văn bản về tiến độ giải ngân vốn chương trình mục tiêu quốc gia.",
        "Theo đó, UBND tỉnh phê bình UBND huyện Sơn Tây vì triển khai chậm dự án cấp nước sinh hoạt tập trung.",
    )
    assert got == []


def test_a_target_in_a_reported_plan_is_its_issuers_commitment(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ngày 12/4, UBND tỉnh ban hành Kế hoạch số 88/KH-UBND về phát triển du lịch biển đảo.",
        "Phấn đấu đến năm 2030, đón 4 triệu lượt khách, trong đó: khách quốc tế chiếm khoảng 15%, doanh thu đạt "
        "khoảng 3.000 tỷ đồng.",
    )
    assert got == [
        (
            "Phấn đấu đến năm 2030, đón 4 triệu lượt khách, trong đó: khách quốc tế chiếm khoảng 15%, doanh thu đạt "
            "khoảng 3.000 tỷ đồng",
            "commitment",
            "UBND tỉnh",
            None,
            "đến năm 2030",
        ),
    ]


def test_a_text_cut_off_inside_an_open_list_ends_in_an_entry(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các huyện, các sở tập trung chỉ đạo thực hiện một số nhiệm vụ sau:",
        "Tăng cường thông tin cảnh báo về diễn",
    )
    assert [(i[0], i[3]) for i in got] == [("Tăng cường thông tin cảnh báo về diễn", "các huyện, các sở")]


def test_registering_and_each_body_as_subject(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu UBND các huyện rà soát quỹ đất trồng rừng. Đồng thời đăng ký số cây phân tán "
        "năm 2027. Từng địa phương bổ sung kế hoạch trồng rừng cụ thể.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("rà soát quỹ đất trồng rừng", "UBND các huyện"),
        ("đăng ký số cây phân tán năm 2027", "UBND các huyện"),
        ("bổ sung kế hoạch trồng rừng cụ thể", "Từng địa phương"),
    ]


def test_a_segment_opened_by_the_future_word_is_the_speakers_body_promise(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Giải trình ý kiến đại biểu, lãnh đạo Sở Nội vụ cho biết, Sở đang hoàn thiện hồ sơ của các xã; sẽ sớm trình "
        "phương án bố trí cán bộ dôi dư.",
    )
    assert [(i[0], i[1], i[3]) for i in got] == [
        ("sớm trình phương án bố trí cán bộ dôi dư", "commitment", "Sở Nội vụ"),
    ]


def test_a_ban_in_reported_speech_is_the_speakers_order_from_its_date(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Tại buổi làm việc, Phó Chủ tịch UBND tỉnh Đinh Thị Lan cho biết: Từ ngày 1/7, tỉnh nghiêm cấm việc thả "
        "rông gia súc trên các tuyến quốc lộ.",
    )
    assert got == [
        ("nghiêm cấm việc thả rông gia súc trên các tuyến quốc lộ", "directive", "Đinh Thị Lan", None, "Từ ngày 1/7"),
    ]


def test_what_delegates_will_do_about_a_situation_is_no_promise(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Theo Thường trực HĐND tỉnh, cử tri đang rất lo về tình trạng ngập úng nên đại biểu sẽ chất vấn lãnh đạo Sở "
        "Xây dựng về vấn đề này.",
    )
    assert got == []


def test_visits_that_encourage_and_documents_issued_to_direct_are_no_orders(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chiều 3/8, Chủ tịch UBND tỉnh Hà Văn Sơn đã tới thăm, động viên sản xuất tại nhà máy may của Công ty Minh "
        "Phát. Báo cáo tại buổi làm việc, ông Sơn cho biết, tỉnh đã thực hiện nghiêm các công điện và ban hành các "
        "văn bản để chỉ đạo các địa phương khẩn trương ứng phó với bão.",
    )
    assert got == []


def test_a_heading_that_only_counts_the_tasks_is_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh yêu cầu các sở, ngành thường xuyên kiểm tra, đôn đốc; đồng thời tập trung thực hiện có hiệu quả "
        "các nhiệm vụ:",
        "Các sở, ngành tiếp tục thực hiện nghiêm Chỉ thị số 12.",
    )
    assert [i[0] for i in got] == ["thường xuyên kiểm tra, đôn đốc", "tiếp tục thực hiện nghiêm Chỉ thị số 12"]


def test_a_topic_closed_by_a_duty_without_a_comma_keeps_the_speechs_addressee(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Thủ tướng yêu cầu Chủ tịch UBND các huyện trực tiếp chỉ đạo sơ tán dân. Đối với vùng bãi ngang phải "
        "vận động mọi người đang ở trên lồng bè, chòi canh, khẩn trương lên bờ.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("trực tiếp chỉ đạo sơ tán dân", "Chủ tịch UBND các huyện"),
        ("vận động mọi người đang ở trên lồng bè, chòi canh, khẩn trương lên bờ", "Chủ tịch UBND các huyện"),
    ]


def test_what_a_matter_is_worth_after_a_speech_act_is_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh Nguyễn Văn Hòa nhấn mạnh, việc nâng cấp tuyến đường liên xã có ý nghĩa lớn, giúp "
        "người dân đi lại thuận tiện. Ông yêu cầu đơn vị thi công đẩy nhanh tiến độ.",
    )
    assert [(i[0], i[3]) for i in got] == [("đẩy nhanh tiến độ", "đơn vị thi công")]


def test_a_speech_word_after_a_duty_to_go_on_is_the_addressees_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Tại buổi làm việc, Bộ trưởng Lê Minh Hải phát biểu, Tỉnh ủy Hòa Định cần tiếp tục quán triệt các nghị quyết "
        "của Trung ương; khắc phục hậu quả mưa lũ.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("tiếp tục quán triệt các nghị quyết của Trung ương", "Lê Minh Hải", "Tỉnh ủy Hòa Định"),
        ("khắc phục hậu quả mưa lũ", "Lê Minh Hải", "Tỉnh ủy Hòa Định"),
    ]


def test_leaders_of_a_body_named_in_a_subject_do_not_lead(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Hoàng Văn Nam yêu cầu các huyện ven biển chủ động ứng phó bão.",
        "Các sở, lãnh đạo UBND các huyện khẩn trương kiểm tra hệ thống đê biển.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("chủ động ứng phó bão", "các huyện ven biển"),
        ("khẩn trương kiểm tra hệ thống đê biển", "Các sở, lãnh đạo UBND các huyện"),
    ]


def test_an_offices_notice_speaks_for_the_leader_across_a_photo_note(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Văn phòng UBND tỉnh truyền đạt ý kiến của đồng chí Lò Văn Tiến, Phó Chủ tịch UBND tỉnh về việc thực hiện "
        "Thông báo số 45/TB-VPCP ngày 3/4/2027 của Văn phòng Chính phủ (Công văn số 812/VP-KGVX ngày 5/4/2027).",
        "(Ảnh minh họa. Nguồn: Internet)",
        "Sở Y tế chủ trì, phối hợp với UBND các huyện giám sát chặt các ổ dịch theo chỉ đạo tại Công văn số "
        "210/BCĐ ngày 1/4/2027 của Ban Chỉ đạo tỉnh.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        (
            "chủ trì, phối hợp với UBND các huyện giám sát chặt các ổ dịch theo chỉ đạo tại Công văn số 210/BCĐ ngày "
            "1/4/2027 của Ban Chỉ đạo tỉnh",
            "Lò Văn Tiến",
            "Sở Y tế",
        ),
    ]


def test_a_body_that_reports_its_own_plan_commits_itself_from_the_time_before_it(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Trong 3 tháng cuối năm 2027, tỉnh Hòa Định cho biết sẽ đôn đốc các chủ đầu tư giải ngân vốn; tăng cường "
        "kiểm tra tiến độ các công trình trọng điểm.",
    )
    assert got == [
        (
            "đôn đốc các chủ đầu tư giải ngân vốn",
            "commitment",
            "tỉnh Hòa Định",
            "tỉnh Hòa Định",
            "Trong 3 tháng cuối năm 2027",
        ),
        (
            "tăng cường kiểm tra tiến độ các công trình trọng điểm",
            "commitment",
            "tỉnh Hòa Định",
            "tỉnh Hòa Định",
            "Trong 3 tháng cuối năm 2027",
        ),
    ]


def test_the_course_of_the_work_then_bodies_that_must_act(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Tỉnh ủy Hà Minh Đức đề nghị các cấp ủy đẩy mạnh chuyển đổi số. Đây là nhiệm vụ trọng tâm của năm "
        "2027. Trong quá trình triển khai, các cấp, ngành cần chú ý năng suất và chất lượng dịch vụ công.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("đẩy mạnh chuyển đổi số", "Hà Minh Đức", "các cấp ủy"),
        ("chú ý năng suất và chất lượng dịch vụ công", "Hà Minh Đức", "các cấp, ngành"),
    ]


def test_setting_a_target_in_so_many_words_is_a_commitment(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Năm 2027, huyện Tân Lạc đặt mục tiêu có thêm 4 xã đạt chuẩn nông thôn mới nâng cao.",
    )
    assert [(i[0], i[1], i[3]) for i in got] == [
        ("đặt mục tiêu có thêm 4 xã đạt chuẩn nông thôn mới nâng cao", "commitment", "huyện Tân Lạc"),
    ]


def test_a_first_line_that_restates_the_headline_with_a_number_is_no_item(extractor: DirectiveExtractor) -> None:
    got = extractor.extract(
        CleanedArticle(
            title="Chỉ đạo tăng cường phòng, chống dịch tả lợn châu Phi",
            text="UBND tỉnh chỉ đạo tăng cường phòng, chống dịch tả lợn châu Phi (Công văn số 745/UBND-KT, ngày "
            "2/6/2027).\n\nSở Nông nghiệp và Môi trường chủ trì, phối hợp với UBND các xã giám sát chặt các ổ dịch.",
        )
    )
    assert [(i.text, i.assignee) for i in got] == [
        ("chủ trì, phối hợp với UBND các xã giám sát chặt các ổ dịch", "Sở Nông nghiệp và Môi trường"),
    ]


def test_limiting_is_an_action_and_shortcomings_stay_a_report(extractor: DirectiveExtractor) -> None:
    limit = items_of(
        extractor,
        "UBND TP.Hòa Bình đề nghị các ngành liên quan hạn chế tối đa băng rôn quảng cáo thương mại dịp Tết.",
    )
    shortcoming = items_of(extractor, "Tuy nhiên, công tác giải phóng mặt bằng ở một số xã còn hạn chế.")
    assert [(i[0], i[2], i[3]) for i in limit] == [
        ("hạn chế tối đa băng rôn quảng cáo thương mại dịp Tết", "UBND TP.Hòa Bình", "các ngành liên quan"),
    ]
    assert shortcoming == []


def test_what_a_text_must_be_keeps_its_subject(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Bí thư Thành ủy Lê Văn Tâm lưu ý, nội dung văn kiện cần phải ngắn gọn, rõ việc, làm được ngay.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("nội dung văn kiện cần phải ngắn gọn, rõ việc, làm được ngay", "Lê Văn Tâm", None),
    ]


def test_a_second_speech_act_after_a_comma_gives_its_addressee_a_second_item(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh chỉ đạo Cảng vụ đường thủy nội địa ngừng cấp phép cho tàu du lịch từ 14 giờ ngày 2/8, đồng thời "
        "yêu cầu các tàu đang hoạt động trên vịnh quay về bến trả khách.",
    )
    assert got == [
        (
            "ngừng cấp phép cho tàu du lịch từ 14 giờ ngày 2/8",
            "directive",
            "UBND tỉnh",
            "Cảng vụ đường thủy nội địa",
            "từ 14 giờ ngày 2/8",
        ),
        ("quay về bến trả khách", "directive", "UBND tỉnh", "các tàu đang hoạt động trên vịnh", None),
    ]


def test_a_colon_after_that_is_breaks_the_task_into_its_first_part(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Tại buổi làm việc, Phó Thủ tướng Lê Văn Hải đã biểu dương những thành tích các đơn vị đạt được, đồng thời "
        "yêu cầu các doanh nghiệp cần nâng cao năng lực khai thác cảng ngang tầm khu vực đó là: Xây dựng phương án mở "
        "rộng bến số 5 đến năm 2028; nghiên cứu cơ chế tài chính cho việc nạo vét luồng.",
    )
    assert [i[0] for i in got] == [
        "nâng cao năng lực khai thác cảng ngang tầm khu vực đó là: Xây dựng phương án mở rộng bến số 5 đến năm 2028",
        "nghiên cứu cơ chế tài chính cho việc nạo vét luồng",
    ]


def test_a_document_named_as_the_speaker_gives_way_to_its_issuer(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Để phòng chống đuối nước cho trẻ em, Hòa Định đã ban hành công văn 4412 giao Sở Giáo dục và Đào tạo phối hợp "
        "với các xã tổ chức dạy bơi cho học sinh. Đồng thời phối hợp với các đơn vị rà soát các điểm có nguy cơ đuối "
        "nước.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("phối hợp với các xã tổ chức dạy bơi cho học sinh", "Hòa Định", "Sở Giáo dục và Đào tạo"),
        ("phối hợp với các đơn vị rà soát các điểm có nguy cơ đuối nước", "Hòa Định", "Sở Giáo dục và Đào tạo"),
    ]


def test_after_an_emphasised_statement_the_body_bound_by_a_modal_must_act(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh Hồ Văn Nam nhấn mạnh, thời gian còn lại của năm không còn nhiều, các chủ đầu tư cần tập "
        "trung đẩy nhanh giải ngân. Phó Chủ tịch Lò Thị Mai nhấn mạnh, kết quả giải ngân của tỉnh còn thấp.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [("tập trung đẩy nhanh giải ngân", "Hồ Văn Nam", "các chủ đầu tư")]


def test_a_short_setting_needs_no_comma_before_its_duty(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND thành phố Lê Văn Châu yêu cầu các phường vận động người dân sơ tán trước 19 giờ.",
        "Tại các điểm sơ tán cần bảo đảm nước sạch và lương thực cho người dân.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("vận động người dân sơ tán trước 19 giờ", "các phường"),
        ("Tại các điểm sơ tán cần bảo đảm nước sạch và lương thực cho người dân", "các phường"),
    ]


def test_courtesy_and_a_credited_photo_line_are_no_items(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Ngay khi nhận được tin, Thủ tướng Chính phủ đã chỉ đạo gửi lời thăm hỏi, lời chia buồn sâu sắc đến gia đình "
        "các nạn nhân.",
        "Cán bộ y tế phun thuốc diệt muỗi tại khu dân cư (baolamdong.vn)",
        "Thủ tướng yêu cầu Bộ Công Thương khẩn trương điều tra nguyên nhân vụ nổ.",
    )
    assert [(i[0], i[3]) for i in got] == [("khẩn trương điều tra nguyên nhân vụ nổ", "Bộ Công Thương")]


def test_a_body_promises_what_follows_its_future_word_after_a_speech_act(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch HĐND tỉnh Nguyễn Văn Ký nhấn mạnh, HĐND tỉnh sẽ có nghị quyết về chất vấn và trả lời chất vấn.",
    )
    assert got == [
        ("có nghị quyết về chất vấn và trả lời chất vấn", "commitment", "Nguyễn Văn Ký", "HĐND tỉnh", None),
    ]


def test_leave_to_act_is_no_task_but_a_ban_on_acting_is(extractor: DirectiveExtractor) -> None:
    """ "được phép" and "có thể" give leave: nobody is asked to act; "không được phép" forbids, an order."""
    got = items_of(
        extractor,
        "Sở Y tế yêu cầu các bệnh viện tập trung điều trị cho người bệnh. Khi quá tải, các bệnh viện có thể xin hỗ trợ "
        "chuyên môn của tuyến trên. Trong thời gian này, các bệnh viện không được phép nhận thêm người bệnh.",
        "Ban Chỉ huy tỉnh giao các xã ven biển kêu gọi tàu thuyền vào nơi tránh trú. Trong trường hợp khẩn cấp, lực "
        "lượng chức năng được phép áp dụng biện pháp cưỡng chế. Trường hợp cần thiết, các xã có thể huy động thêm "
        "dân quân.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("tập trung điều trị cho người bệnh", "các bệnh viện"),
        ("không được phép nhận thêm người bệnh", "các bệnh viện"),
        ("kêu gọi tàu thuyền vào nơi tránh trú", "các xã ven biển"),
    ]


def test_semicolons_between_the_people_a_task_names_do_not_split_it(extractor: DirectiveExtractor) -> None:
    """ "xem xét kỷ luật các ông A, chức vụ; ông B, chức vụ": each entry names one more person the task is about."""
    got = items_of(
        extractor,
        "Ủy ban Kiểm tra Tỉnh ủy yêu cầu Ban Thường vụ Huyện ủy xem xét kỷ luật các ông Lê Văn Ân, Trưởng phòng Tài "
        "nguyên huyện; ông Trần Bình, nguyên Chủ tịch UBND xã Tân An; bà Nguyễn Thị Cúc, Phó Chủ tịch UBND xã Tân An. "
        "Ủy ban Kiểm tra cũng đề nghị Thanh tra huyện kiểm điểm ông Lê Văn Ân; ông Trần Bình phải bồi hoàn số tiền sai "
        "phạm.",
    )
    assert [(i[0], i[3]) for i in got[:2]] == [
        (
            "xem xét kỷ luật các ông Lê Văn Ân, Trưởng phòng Tài nguyên huyện; ông Trần Bình, nguyên Chủ tịch UBND xã "
            "Tân An; bà Nguyễn Thị Cúc, Phó Chủ tịch UBND xã Tân An",
            "Ban Thường vụ Huyện ủy",
        ),
        # an entry that asks something of the person it names is a task of its own
        ("kiểm điểm ông Lê Văn Ân", "Thanh tra huyện"),
    ]
    assert len(got) == 3 and "bồi hoàn số tiền sai phạm" in got[2][0]


def test_a_body_that_wishes_after_a_circumstance_sets_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các sở khắc phục sai phạm. Trong quá trình thực hiện kết luận, UBND tỉnh mong "
        "rằng các bộ tiếp tục hỗ trợ tỉnh. Trong quá trình thực hiện kết luận, các sở báo cáo kết quả hằng tháng.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("khắc phục sai phạm", "các sở"),
        ("báo cáo kết quả hằng tháng", "các sở"),
    ]


def test_a_city_whose_name_ends_in_a_body_word_is_addressed_like_any_place(extractor: DirectiveExtractor) -> None:
    """ "Hải Phòng cần ...": "Phòng" is no field of a body's name (the field "phòng, chống thiên tai ..." is one
    phrase), so the city is the addressee of the duty."""
    got = items_of(
        extractor,
        "Kết luận buổi làm việc, Tổng Bí thư chỉ rõ: Hải Phòng cần chú trọng thế mạnh về cảng biển.",
        "Phó Thủ tướng nhấn mạnh, Hải Phòng cần tiếp tục giữ vững an ninh trật tự.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("chú trọng thế mạnh về cảng biển", "Hải Phòng"),
        ("tiếp tục giữ vững an ninh trật tự", "Hải Phòng"),
    ]


def test_a_bare_body_head_as_speaker_is_the_body_named_before(extractor: DirectiveExtractor) -> None:
    """ "Sở Du lịch tỉnh X cho biết ... Sở yêu cầu ...": "Sở" is that department, the issuer by its full name."""
    got = items_of(
        extractor,
        "Sở Du lịch tỉnh Nam Hà cho biết, đến ngày 11/3, các điểm tham quan đã sẵn sàng đón khách trở lại. Sở yêu cầu "
        "các đơn vị kinh doanh du lịch thực hiện nghiêm công tác phòng chống dịch.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("thực hiện nghiêm công tác phòng chống dịch", "Sở Du lịch tỉnh Nam Hà", "các đơn vị kinh doanh du lịch"),
    ]


def test_a_document_issued_before_a_colon_lists_its_issuers_tasks(extractor: DirectiveExtractor) -> None:
    """ "UBND tỉnh ban hành Quyết định ... về việc ..., cụ thể:" and numbered entries: the entries are the
    document's content, its issuer's directives (GUIDELINE: a document reported as news of the day)."""
    got = items_of(
        extractor,
        "Tối 25/8, UBND tỉnh đã ban hành Quyết định số 2746/QĐ-UBND về việc điều chỉnh các biện pháp phòng, chống "
        "dịch trên địa bàn tỉnh, cụ thể:\n1. Thiết lập vùng cách ly y tế tại xã Tân Lạc trong 14 ngày.\n2. Tiếp tục "
        "áp dụng các biện pháp giãn cách đối với các địa bàn còn lại.",
        "Năm qua, UBND huyện đã ban hành Kế hoạch số 15/KH-UBND về phát triển du lịch, gồm các nội dung:\n"
        "1. Ba khu du lịch đã đón 20.000 lượt khách.",
    )
    assert [(i[0], i[2]) for i in got] == [
        ("Thiết lập vùng cách ly y tế tại xã Tân Lạc trong 14 ngày", "UBND tỉnh"),
        ("Tiếp tục áp dụng các biện pháp giãn cách đối với các địa bàn còn lại", "UBND tỉnh"),
    ]


def test_entries_after_a_notice_of_conclusions_are_the_conclusions_of_its_author(extractor: DirectiveExtractor) -> None:
    """ "UBND tỉnh ban hành Thông báo số ... ý kiến kết luận của Chủ tịch UBND tỉnh ...", a heading, then dashed
    entries: the entries are the notice's content, the Chairman's directives (a document reported as news)."""
    got = items_of(
        extractor,
        "Ngày 8/3/2025, UBND tỉnh Nam Hà ban hành Thông báo số 90/TB-UBND ý kiến kết luận của Chủ tịch UBND tỉnh "
        "tại cuộc họp Ban Chỉ đạo chống khai thác IUU.",
        "1. Về quản lý đội tàu cá",
        "- Đối với tàu cá chưa đăng ký: Các địa phương khẩn trương hướng dẫn ngư dân hoàn thành thủ tục đăng ký.",
        "- Tàu cá mất kết nối thiết bị giám sát: giao Bộ Chỉ huy Bộ đội Biên phòng tỉnh xử phạt ngay khi tàu về bờ.",
        "Năm qua, UBND huyện đã ban hành Kế hoạch số 15/KH-UBND về phát triển du lịch.",
        "- Các khu du lịch đã đón 20.000 lượt khách.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("khẩn trương hướng dẫn ngư dân hoàn thành thủ tục đăng ký", "Chủ tịch UBND tỉnh", "Các địa phương"),
        ("xử phạt ngay khi tàu về bờ", "Chủ tịch UBND tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
    ]


def test_a_past_word_inside_a_condition_reports_nothing(extractor: DirectiveExtractor) -> None:
    """ "Nếu đã giải quyết hết ... thì tổ chức đối thoại": the condition says when to act; its "đã" is no report."""
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các sở rà soát các vụ việc khiếu nại. Nếu đã giải quyết hết các nội dung thì tổ "
        "chức đối thoại với người dân. Trường hợp đã quá hạn thì báo cáo Chủ tịch UBND tỉnh. Các sở đã tổ chức 12 cuộc "
        "đối thoại.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("rà soát các vụ việc khiếu nại", "các sở"),
        ("Nếu đã giải quyết hết các nội dung thì tổ chức đối thoại với người dân", "các sở"),
        ("Trường hợp đã quá hạn thì báo cáo Chủ tịch UBND tỉnh", "các sở"),
    ]


def test_every_semicolon_segment_after_a_target_word_is_a_target(extractor: DirectiveExtractor) -> None:
    """ "phường phấn đấu đạt ...; đạt ...; thu ngân sách ...": one target per segment, whatever verb opens it."""
    got = items_of(
        extractor,
        "Trong 6 tháng cuối năm, phường phấn đấu đạt tốc độ tăng trưởng 13%; đạt kim ngạch xuất khẩu hơn 300 triệu "
        "USD; thu ngân sách hơn 68 tỷ đồng.",
    )
    assert got == [
        ("phấn đấu đạt tốc độ tăng trưởng 13%", "commitment", "phường", "phường", "Trong 6 tháng cuối năm"),
        ("đạt kim ngạch xuất khẩu hơn 300 triệu USD", "commitment", "phường", "phường", "Trong 6 tháng cuối năm"),
        ("thu ngân sách hơn 68 tỷ đồng", "commitment", "phường", "phường", "Trong 6 tháng cuối năm"),
    ]


def test_a_promise_is_a_commitment_like_a_pledge(extractor: DirectiveExtractor) -> None:
    """ "hứa" promises as "cam kết" pledges; "hứa hẹn" (promising, an adjective) promises nothing."""
    got = items_of(
        extractor,
        "Trên cương vị mới, đồng chí Lê Văn Bình hứa không ngừng rèn luyện, hoàn thành tốt nhiệm vụ được giao.",
        "Dự án hứa hẹn mang lại nhiều việc làm cho người dân.",
    )
    assert [(i[0], i[1], i[2]) for i in got] == [
        ("không ngừng rèn luyện, hoàn thành tốt nhiệm vụ được giao", "commitment", "Lê Văn Bình"),
    ]


def test_a_body_that_reports_its_own_plan_with_no_speaker_commits_itself(extractor: DirectiveExtractor) -> None:
    """ "(outlet) Giai đoạn 2026-2028, tỉnh X sẽ hỗ trợ ...": the news states a body's plan; nobody spoke before it.
    A schedule ("Dự kiến, ... sẽ trình ...") is no plan of that kind."""
    got = items_of(
        extractor,
        "Ngày 2/12, tại hội nghị, lãnh đạo tỉnh thông qua kết quả năm 2026. Giai đoạn 2026-2028, tỉnh Nam Hà sẽ hỗ "
        "trợ cây giống cho ba tỉnh bạn.",
        "Dự kiến, tại kỳ họp tới, UBND tỉnh sẽ trình HĐND tỉnh 12 báo cáo.",
    )
    assert got == [
        ("hỗ trợ cây giống cho ba tỉnh bạn", "commitment", "tỉnh Nam Hà", "tỉnh Nam Hà", "Giai đoạn 2026-2028"),
    ]
    credited = items_of(extractor, "(NHTV) Từ năm 2027, huyện Lạc An sẽ triển khai hai đợt khử trùng mỗi năm.")
    assert [(i[0], i[1], i[2]) for i in credited] == [
        ("triển khai hai đợt khử trùng mỗi năm", "commitment", "huyện Lạc An")
    ]


def test_an_adverb_of_urgency_between_the_speaker_and_the_speech_act_is_no_act_of_his(
    extractor: DirectiveExtractor,
) -> None:
    """ "UBND tỉnh khẩn trương chỉ đạo các sở ...": "khẩn trương" says how the body speaks; after an addressee it
    still opens the task ("yêu cầu UBND các huyện khẩn trương chỉ đạo các xã ...")."""
    got = items_of(
        extractor,
        "Trước diễn biến của bão số 3, UBND tỉnh Nam Hà khẩn trương chỉ đạo các sở, ban, ngành chủ động ứng phó với "
        "bão.",
        "Chủ tịch UBND tỉnh yêu cầu UBND các huyện khẩn trương chỉ đạo các xã rà soát hộ nghèo.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("chủ động ứng phó với bão", "UBND tỉnh Nam Hà", "các sở, ban, ngành"),
        ("khẩn trương chỉ đạo các xã rà soát hộ nghèo", "Chủ tịch UBND tỉnh", "UBND các huyện"),
    ]


def test_besides_one_task_the_subject_after_the_comma_has_another(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Phó Thủ tướng nhấn mạnh, Nam Hà cần tập trung giải ngân vốn đầu tư công. Ngoài phát triển công nghiệp và "
        "thương mại, Nam Hà cần tiếp tục phát huy lợi thế về du lịch biển.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("tập trung giải ngân vốn đầu tư công", "Nam Hà"),
        ("tiếp tục phát huy lợi thế về du lịch biển", "Nam Hà"),
    ]


def test_a_person_assigned_a_charge_by_a_decision_is_its_assignee(extractor: DirectiveExtractor) -> None:
    """ "ông X, chức vụ, được giao phụ trách ...": a responsibility assignment (GUIDELINE) of the body that decided."""
    got = items_of(
        extractor,
        "Ban Thường vụ Tỉnh ủy vừa có quyết định về việc phân công nhân sự. Theo đó, ông Lê Văn An, Phó Chủ tịch UBND "
        "tỉnh, được giao phụ trách và điều hành hoạt động của UBND tỉnh. Đồng thời, ông Trần Văn Bình được giao phụ "
        "trách công việc của Sở.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        (
            "phụ trách và điều hành hoạt động của UBND tỉnh",
            "Ban Thường vụ Tỉnh ủy",
            "ông Lê Văn An, Phó Chủ tịch UBND tỉnh",
        ),
        ("phụ trách công việc của Sở", "Ban Thường vụ Tỉnh ủy", "ông Trần Văn Bình"),
    ]


def test_grounds_opening_a_sentence_run_to_their_comma(extractor: DirectiveExtractor) -> None:
    """ "Căn cứ danh sách do Sở cung cấp, ..." is what the sentence rests on, whatever it names; with no comma the
    segment is the grounds alone and states no task."""
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các sở rà soát biên chế. Căn cứ danh sách do Sở Nội vụ cung cấp, các xã rà soát "
        "lại vị trí việc làm. Căn cứ danh sách mà Sở Nội vụ cung cấp cho thấy, có 34 xã thiếu công chức. Căn cứ thông "
        "báo này các phòng",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("rà soát biên chế", "các sở"),
        ("rà soát lại vị trí việc làm", "các xã"),
    ]


def test_a_body_that_will_have_a_state_plans_nothing(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Thành lập phường Mỹ An trên cơ sở sáp nhập phường 6 và xã Thới An. Phường sẽ có diện tích 15,2 km2, dân số "
        "hơn 29.000 người.",
    )
    assert got == []


def test_a_body_bound_by_a_duty_after_a_circumstance_is_the_assignee(extractor: DirectiveExtractor) -> None:
    """ "Trong quá trình thanh tra, các tổ chức, cá nhân có liên quan có trách nhiệm bảo mật thông tin": the
    addressee sits after the circumstance; the task starts after its duty (GUIDELINE: modals are no text)."""
    got = items_of(
        extractor,
        "Chánh Thanh tra tỉnh yêu cầu đoàn thanh tra làm việc khách quan. Trong quá trình thanh tra, các tổ chức, cá "
        "nhân có liên quan có trách nhiệm bảo mật thông tin. Trường hợp vượt thẩm quyền thì báo cáo Chánh Thanh tra.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("làm việc khách quan", "đoàn thanh tra"),
        ("bảo mật thông tin", "các tổ chức, cá nhân có liên quan"),
        ("Trường hợp vượt thẩm quyền thì báo cáo Chánh Thanh tra", "các tổ chức, cá nhân có liên quan"),
    ]
