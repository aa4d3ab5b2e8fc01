"""ArticleClassifier on short texts written for these tests: topics, type, province, published date."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from chidao.core.models import TOPIC_LABELS, CleanedArticle
from chidao.core.text import clean_article_text
from chidao.nlp.classify import (
    ArticleClassifier,
    ConfigError,
    PageLayout,
    TopicLexicon,
    _bundled_published_rules,
    date_of_line,
)
from chidao.nlp.provinces import ProvinceGazetteer

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture(scope="module")
def classifier() -> ArticleClassifier:
    return ArticleClassifier.from_config(CONFIG_DIR)


def article(title: str | None, *paragraphs: str) -> CleanedArticle:
    body = "\n".join(paragraphs)
    return CleanedArticle(title=title, text=f"{title}\n{body}" if title else body)


def page(*lines: str) -> str:
    return "\n\n".join(lines)


# --- topics -----------------------------------------------------------------------------------------------


def test_storm_directive_is_environment(classifier: ArticleClassifier) -> None:
    cleaned = article(
        "Chủ động ứng phó với bão số 5",
        "Chủ tịch UBND tỉnh yêu cầu các địa phương theo dõi chặt chẽ diễn biến của bão, sơ tán người dân "
        "khỏi vùng có nguy cơ sạt lở, lũ quét; bảo đảm an toàn hồ đập trong mùa mưa lũ.",
    )
    assert classifier.classify(page(cleaned.text), cleaned).topics == ("environment",)


def test_article_on_two_subjects_gets_both_labels(classifier: ArticleClassifier) -> None:
    cleaned = article(
        "Đẩy nhanh giải ngân vốn đầu tư công, chăm lo an sinh xã hội dịp Tết",
        "Phó Chủ tịch UBND tỉnh yêu cầu các chủ đầu tư đẩy nhanh tiến độ thi công các dự án hạ tầng, "
        "giải ngân hết kế hoạch vốn đầu tư công được giao.",
        "Sở Y tế bảo đảm thuốc cho các bệnh viện; các địa phương hỗ trợ hộ nghèo, gia đình chính sách, "
        "người có công đón Tết.",
    )
    assert classifier.classify(page(cleaned.text), cleaned).topics == ("economy", "social")


def test_party_inspection_conference_is_party_building_and_inspection(classifier: ArticleClassifier) -> None:
    cleaned = article(
        "Hội nghị tổng kết công tác kiểm tra, giám sát của Đảng bộ tỉnh",
        "Ủy ban kiểm tra các cấp đã kiểm tra tổ chức đảng và đảng viên khi có dấu hiệu vi phạm, thi hành "
        "kỷ luật đảng viên vi phạm. Bí thư Tỉnh ủy yêu cầu cấp ủy các cấp tăng cường kiểm tra, giám sát, "
        "phòng, chống tham nhũng, tiêu cực; xây dựng Đảng trong sạch, vững mạnh.",
    )
    assert classifier.classify(page(cleaned.text), cleaned).topics == ("party_building", "inspection")


def test_forces_on_standby_in_a_typhoon_order_do_not_make_it_security(classifier: ArticleClassifier) -> None:
    cleaned = article(
        "Khẩn trương ứng phó cơn bão đang vào Biển Đông",
        "Chủ tịch UBND tỉnh yêu cầu các xã ven biển kêu gọi tàu thuyền vào nơi trú ẩn, sơ tán người dân ở "
        "vùng trũng thấp. Bộ Chỉ huy Quân sự tỉnh, Bộ Chỉ huy Bộ đội Biên phòng tỉnh và Công an tỉnh bố trí "
        "lực lượng, phương tiện sẵn sàng cứu nạn, cứu hộ khi bão đổ bộ; Công an tỉnh cử cán bộ hỗ trợ các xã "
        "di dời tài sản của người dân.",
    )
    assert classifier.classify(page(cleaned.text), cleaned).topics == ("environment",)


def test_meeting_with_voters_is_mass_mobilization(classifier: ArticleClassifier) -> None:
    cleaned = article(
        "Đại biểu HĐND tỉnh tiếp xúc cử tri hai xã miền núi",
        "Tại buổi tiếp xúc, cử tri đề nghị sớm sửa chữa cầu treo qua suối và nâng mức hỗ trợ cho người làm "
        "công tác ở thôn. Thay mặt tổ đại biểu, ông Hai tiếp thu ý kiến, kiến nghị của cử tri, hứa chuyển "
        "đến các cơ quan có thẩm quyền xem xét, trả lời.",
    )
    assert classifier.classify(page(cleaned.text), cleaned).topics == ("mass_mobilization",)


def test_ward_street_order_is_security_and_administration(classifier: ArticleClassifier) -> None:
    cleaned = article(
        "Phường ra quân lập lại trật tự đô thị",
        "Chủ tịch UBND phường yêu cầu Công an phường tăng cường tuần tra, kiểm soát vào ban đêm, xử lý các "
        "trường hợp lấn chiếm vỉa hè, đua xe, gây rối trật tự công cộng. Bộ phận một cửa giải quyết đúng hạn "
        "mọi hồ sơ, hướng dẫn người dân nộp qua dịch vụ công trực tuyến, không để đùn đẩy trách nhiệm.",
    )
    assert classifier.classify(page(cleaned.text), cleaned).topics == ("administration", "security")


def test_tax_collection_drive_is_economy(classifier: ArticleClassifier) -> None:
    cleaned = article(
        "Đôn đốc thu nợ thuế những tháng cuối năm",
        "Giám đốc Sở Tài chính yêu cầu cơ quan thuế rà soát các khoản nợ thuế, đôn đốc người nộp thuế "
        "nộp ngân sách kịp thời; kho bạc phối hợp kiểm soát chi.",
    )
    assert classifier.classify(page(cleaned.text), cleaned).topics == ("economy",)


def test_lexicon_scores_count_the_headline_once_with_its_weight(classifier: ArticleClassifier) -> None:
    title = "Đẩy nhanh giải ngân vốn đầu tư công"
    scores = classifier.lexicon_topic_scores(article(title, "Các chủ đầu tư đẩy nhanh giải ngân."))
    # headline: 3 x (giải ngân 4 + vốn đầu tư 3); body: giải ngân 4 + "chủ đầu tư" as đầu tư 1.5
    assert scores["economy"] == 3 * (4 + 3) + 4 + 1.5
    assert {label for label, score in scores.items() if score} == {"economy"}


TOPIC_EXAMPLES = TopicLexicon.from_file(CONFIG_DIR / "topics.yaml").examples


def test_every_topic_has_a_configured_example() -> None:
    assert {label for labels, _, _ in TOPIC_EXAMPLES for label in labels} == set(TOPIC_LABELS)


@pytest.mark.parametrize(("labels", "title", "body"), TOPIC_EXAMPLES, ids=[e[0][0] for e in TOPIC_EXAMPLES])
def test_configured_topic_example(
    classifier: ArticleClassifier, labels: tuple[str, ...], title: str, body: str
) -> None:
    cleaned = article(title, body)
    assert classifier.classify(page(title, body), cleaned).topics == labels


def test_text_without_domain_terms_gets_no_topic(classifier: ArticleClassifier) -> None:
    cleaned = article("Trời nắng đẹp", "Hôm nay trời nắng đẹp, gió nhẹ.")
    assert classifier.classify(page(cleaned.text), cleaned).topics == ()


MINI_TOPICS = """\
threshold: 2
relative_threshold: 0.5
title_weight: 3
max_count_per_term: 2
repeat_weight: 0.5
ignore:
  - sở tài nguyên và môi trường
labels:
  party_building: {đảng viên: 2}
  administration: {thủ tục hành chính: 2}
  economy: {kinh tế: 2, phát triển kinh tế - xã hội: 0.5}
  social: {y tế: 2}
  security:
    phòng cháy, chữa cháy: 3
    phòng cháy, chữa cháy rừng: 0
  mass_mobilization: {dân vận: 2}
  environment: {môi trường: 2, cháy rừng: 4}
  inspection: {thanh tra: 3}
"""


@pytest.fixture()
def mini_topics(tmp_path: Path) -> TopicLexicon:
    path = tmp_path / "topics.yaml"
    path.write_text(MINI_TOPICS, encoding="utf-8")
    return TopicLexicon.from_file(path)


def test_longest_term_claims_its_words(mini_topics: TopicLexicon) -> None:
    assert mini_topics.scores(None, "Mục tiêu phát triển kinh tế - xã hội.")["economy"] == 0.5
    assert mini_topics.scores(None, "Tăng trưởng kinh tế khá.")["economy"] == 2


def test_zero_weight_term_masks_a_shorter_term(mini_topics: TopicLexicon) -> None:
    scores = mini_topics.scores(None, "Tăng cường phòng cháy, chữa cháy rừng mùa khô.")
    assert scores["security"] == 0
    assert scores["environment"] == 4
    assert mini_topics.scores(None, "Kiểm tra phòng cháy chữa cháy tại quán karaoke.")["security"] == 3


def test_repeats_add_less_and_are_capped(mini_topics: TopicLexicon) -> None:
    assert mini_topics.scores(None, "y tế")["social"] == 2
    assert mini_topics.scores(None, "y tế, y tế")["social"] == 3
    assert mini_topics.scores(None, "y tế, y tế, y tế, y tế")["social"] == 3


def test_title_terms_weigh_title_weight_times(mini_topics: TopicLexicon) -> None:
    assert mini_topics.scores("Thanh tra công vụ", "")["inspection"] == 9


def test_ignored_phrases_do_not_score(mini_topics: TopicLexicon) -> None:
    assert mini_topics.scores(None, "Sở Tài nguyên và Môi trường báo cáo.")["environment"] == 0


def test_labels_need_both_thresholds(mini_topics: TopicLexicon) -> None:
    scores = dict.fromkeys(TOPIC_LABELS, 0.0) | {"economy": 10.0, "social": 5.0, "security": 4.0}
    assert mini_topics.choose(scores) == ("economy", "social")
    assert mini_topics.choose(dict.fromkeys(TOPIC_LABELS, 0.0) | {"social": 1.5}) == ()


def test_best_label_has_its_own_lower_threshold(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text(
        MINI_TOPICS.replace("threshold: 2\n", "threshold: 2\nbest_label_threshold: 1\n", 1), encoding="utf-8"
    )
    lexicon = TopicLexicon.from_file(path)
    assert lexicon.choose(dict.fromkeys(TOPIC_LABELS, 0.0) | {"social": 1.5, "economy": 1.2}) == ("social",)
    assert lexicon.choose(dict.fromkeys(TOPIC_LABELS, 0.0) | {"social": 0.5}) == ()


def test_accents_matter_for_topic_terms(mini_topics: TopicLexicon) -> None:
    # Folded, "đảng viên" and "đang viên" would be the same word.
    assert mini_topics.scores(None, "đang viên thuốc")["party_building"] == 0
    assert mini_topics.scores(None, unicodedata.normalize("NFD", "Đảng viên"))["party_building"] == 2


# --- article type -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "lead", "expected"),
    [
        (
            "Công điện hỏa tốc về ứng phó mưa lớn",
            "Chủ tịch UBND tỉnh vừa ký ban hành Công điện số 15/CĐ-UBND về việc chủ động ứng phó mưa lớn.",
            "directive_document",
        ),
        (
            "Tổng sản phẩm trên địa bàn 9 tháng ước tăng 7,5%",
            "Theo số liệu của Cục Thống kê tỉnh, GRDP 9 tháng ước đạt 61.200 tỷ đồng, tăng 7,5% so với cùng kỳ.",
            "statistics_report",
        ),
        (
            "Chủ tịch UBND tỉnh làm việc với Sở Y tế",
            "Sáng 5/3, Chủ tịch UBND tỉnh chủ trì buổi làm việc với Sở Y tế về công tác khám, chữa bệnh.",
            "leadership_activity",
        ),
        (
            "Khai mạc Lễ hội hoa đào năm 2026",
            "Tối 2/2, tại quảng trường trung tâm, Lễ hội hoa đào chính thức khai mạc với nhiều hoạt động.",
            "event",
        ),
        ("Giá rau xanh hôm nay", "Giá rau xanh tại các chợ dân sinh ổn định so với tuần trước nữa.", "other"),
        (
            "Hội thảo nâng cao giá trị chuỗi cà phê",
            "Sáng 8/4, Sở Công Thương phối hợp với hiệp hội ngành hàng tổ chức hội thảo với hơn 150 đại biểu dự.",
            "event",
        ),
        (
            "Chất vấn về tình trạng thiếu giáo viên",
            "Chiều 9/12, tại kỳ họp thứ 20, HĐND tỉnh dành buổi chiều cho phiên chất vấn và trả lời chất vấn.",
            "leadership_activity",
        ),
    ],
)
def test_article_type(classifier: ArticleClassifier, title: str, lead: str, expected: str) -> None:
    cleaned = article(title, lead)
    assert classifier.classify(page(cleaned.text), cleaned).article_type == expected


def test_headline_left_in_the_body_is_read_with_the_paragraph_after_it(classifier: ArticleClassifier) -> None:
    # The cleaner took a byline for the headline; the real headline is the body's first paragraph.
    cleaned = article(
        "Tác giả: Văn phòng UBND tỉnh",
        "Kết luận của Phó Chủ tịch UBND tỉnh về vận hành các điểm tiếp nhận hồ sơ sau sắp xếp",
        "Văn phòng UBND tỉnh vừa ban hành Thông báo số 105/TB-UBND truyền đạt kết luận của Phó Chủ tịch UBND "
        "tỉnh tại cuộc họp về vận hành các điểm tiếp nhận hồ sơ của xã, phường sau sắp xếp.",
    )
    assert classifier.classify(page(cleaned.text), cleaned).article_type == "directive_document"


# --- province ---------------------------------------------------------------------------------------------

LEAD_WITHOUT_PLACE = (
    "Sáng 12/3, UBND tỉnh tổ chức hội nghị triển khai nhiệm vụ năm 2026. Phó Chủ tịch UBND tỉnh Nguyễn Văn An "
    "chủ trì hội nghị, cùng dự có lãnh đạo các sở, ngành và UBND các xã, phường."
)


def test_portal_name_in_header_gives_province_and_current_unit(classifier: ArticleClassifier) -> None:
    cleaned = article("Triển khai nhiệm vụ năm 2026", LEAD_WITHOUT_PLACE)
    raw = page("Cổng thông tin điện tử tỉnh Long An", "Tin hoạt động", cleaned.title or "", LEAD_WITHOUT_PLACE)
    result = classifier.classify(raw, cleaned)
    assert (result.province, result.province_current) == ("Long An", "Tây Ninh")


def test_a_leader_title_names_no_province(classifier: ArticleClassifier) -> None:
    cleaned = article("Triển khai nhiệm vụ năm 2026", LEAD_WITHOUT_PLACE)
    result = classifier.classify(page(cleaned.text), cleaned)
    assert (result.province, result.province_current) == (None, None)


def test_feed_province_alone_does_not_name_a_province(classifier: ArticleClassifier) -> None:
    cleaned = article("Triển khai nhiệm vụ năm 2026", LEAD_WITHOUT_PLACE)
    assert classifier.classify(page(cleaned.text), cleaned, feed_province="Long An").province is None


def test_headline_prefix_names_the_province(classifier: ArticleClassifier) -> None:
    cleaned = article("Bến Tre: Sơ kết công tác cải cách hành chính", LEAD_WITHOUT_PLACE)
    result = classifier.classify(page(cleaned.text), cleaned)
    assert (result.province, result.province_current) == ("Bến Tre", "Vĩnh Long")


def test_appended_related_article_does_not_decide(classifier: ArticleClassifier) -> None:
    own = "Chiều 3/4, Bí thư Tỉnh ủy Trà Vinh làm việc với Đảng ủy xã về công tác xây dựng Đảng năm 2026."
    related = "UBND tỉnh Sóc Trăng tổ chức hội nghị; Chủ tịch UBND tỉnh Sóc Trăng, Tỉnh ủy Sóc Trăng chỉ đạo."
    cleaned = article("Bí thư Tỉnh ủy làm việc với Đảng ủy xã", own)
    raw = page(cleaned.title or "", own, "Tin liên quan", "Sóc Trăng: hội nghị", related)
    result = classifier.classify(raw, cleaned)
    assert (result.province, result.province_current) == ("Trà Vinh", "Vĩnh Long")


def test_feed_province_breaks_a_tie(classifier: ArticleClassifier) -> None:
    text = "Đoàn công tác của tỉnh Bạc Liêu làm việc với tỉnh Cà Mau về dự án đường ven biển liên tỉnh."
    cleaned = article("Làm việc về dự án đường ven biển", text)
    assert classifier.classify(page(cleaned.text), cleaned, feed_province="Cà Mau").province == "Cà Mau"
    assert classifier.classify(page(cleaned.text), cleaned, feed_province="bac lieu").province == "Bạc Liêu"


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # The capital of a province that is not a centrally-run city places the article in that province.
        ("Các địa phương có nhiều ca mắc là thành phố Bến Tre và các xã ven sông; UBND tỉnh chỉ đạo.", "Bến Tre"),
        ("Đoàn công tác kiểm tra tiến độ dự án tại TP. Vĩnh Long trong ngày 3/5.", "Vĩnh Long"),
        # A centrally-run city named as "thành phố X" is the province-level unit itself.
        ("Sáng 4/6, lãnh đạo thành phố Huế làm việc với các sở về lễ hội mùa hè.", "Huế"),
        # A province named twice as "tỉnh X" beats a city mentioned once in passing.
        (
            "UBND tỉnh Quảng Trị họp trực tuyến với các huyện; đoàn cứu hộ từ thành phố Huế đến hỗ trợ. "
            "Chủ tịch UBND tỉnh Quảng Trị yêu cầu sơ tán dân.",
            "Quảng Trị",
        ),
        # "phố X" is a street, not a city.
        ("Cửa hàng trên phố Bắc Ninh bị xử phạt vì bán hàng giả.", None),
    ],
)
def test_city_names(classifier: ArticleClassifier, lead: str, expected: str | None) -> None:
    cleaned = article("Hội nghị giao ban", lead)
    assert classifier.classify(page(cleaned.text), cleaned).province == expected


def test_feed_province_decides_between_a_provincial_capital_and_a_province(classifier: ArticleClassifier) -> None:
    text = "Đoàn công tác từ thành phố Bến Tre đến làm việc với tỉnh Trà Vinh về tuyến đường liên tỉnh."
    cleaned = article("Làm việc về tuyến đường liên tỉnh", text)
    assert classifier.classify(page(cleaned.text), cleaned, feed_province="Trà Vinh").province == "Trà Vinh"
    assert classifier.classify(page(cleaned.text), cleaned, feed_province="Bến Tre").province == "Bến Tre"


def test_newspaper_domain_names_the_province(classifier: ArticleClassifier) -> None:
    lead = "(Baohatinh.vn) - Chiều nay, Thường trực Tỉnh ủy làm việc với Ban Cán sự Đảng UBND tỉnh."
    cleaned = article("Thường trực Tỉnh ủy làm việc với Ban Cán sự Đảng UBND tỉnh", lead)
    assert classifier.classify(page(cleaned.text), cleaned).province == "Hà Tĩnh"


def test_acting_authority_beats_a_city_named_in_passing(classifier: ArticleClassifier) -> None:
    lead = (
        "Áp thấp nhiệt đới cách TP Đà Nẵng khoảng 300 km. Tối 5-10, Chủ tịch UBND tỉnh Quảng Trị ký công điện "
        "yêu cầu các xã ven biển kêu gọi tàu thuyền vào nơi tránh trú."
    )
    cleaned = article(None, lead)
    assert classifier.classify(page(lead), cleaned).province == "Quảng Trị"


@pytest.mark.parametrize(
    "footer",
    ["Nguồn: http://www.baoquangbinh.vn/thoi-su/202405/tin-1234/", "Theo quangbinh.gov.vn", "(Baoquangbinh.vn)"],
)
def test_outlet_or_portal_domain_anywhere_on_the_page(classifier: ArticleClassifier, footer: str) -> None:
    cleaned = article("Huyện giao chỉ tiêu tuyển quân", LEAD_WITHOUT_PLACE)
    raw = page("Huyện giao chỉ tiêu tuyển quân", LEAD_WITHOUT_PLACE, footer)
    assert classifier.classify(raw, cleaned).province == "Quảng Bình"


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [("BBK - ", "Bắc Kạn"), ("(GLO)- ", "Gia Lai"), ("(LĐ online) - ", "Lâm Đồng"), ("BHG - ", None)],
)
def test_newspaper_dateline_code_names_the_province(
    classifier: ArticleClassifier, dateline: str, expected: str | None
) -> None:
    lead = dateline + LEAD_WITHOUT_PLACE
    cleaned = article("Triển khai nhiệm vụ năm 2026", lead)
    assert classifier.classify(page("Triển khai nhiệm vụ năm 2026", lead), cleaned).province == expected


EVIDENCE_EXAMPLES = ProvinceGazetteer.from_config(CONFIG_DIR).evidence.examples


def test_every_kind_of_province_evidence_has_examples() -> None:
    kinds = {kind for kind, _, _ in EVIDENCE_EXAMPLES}
    assert {"portal_header", "title_prefix", "authority", "domain", "outlet_code", "minimum"} <= kinds


@pytest.mark.parametrize(("kind", "expected", "raw"), EVIDENCE_EXAMPLES, ids=[e[0] for e in EVIDENCE_EXAMPLES])
def test_configured_province_example(classifier: ArticleClassifier, kind: str, expected: str | None, raw: str) -> None:
    assert classifier.classify(raw, clean_article_text(raw)).province == expected


def test_former_name_is_reported_as_written(classifier: ArticleClassifier) -> None:
    lead = "Ngày 3-2, Công an tỉnh Thừa Thiên - Huế triệt phá đường dây cho vay lãi nặng tại thị xã ven biển."
    result = classifier.classify(page(lead), article(None, lead))
    assert (result.province, result.province_current) == ("Thừa Thiên - Huế", "Huế")


def test_a_spelling_variant_is_reported_as_first_written(classifier: ArticleClassifier) -> None:
    # the guideline's province is the name as written; the current unit is the canonical name
    lead = "Sáng 9/9, UBND TP.HCM tổ chức hội nghị; UBND Thành phố Hồ Chí Minh giao các sở triển khai."
    cleaned = article("Hội nghị triển khai kế hoạch", lead)
    result = classifier.classify(page(cleaned.text), cleaned)
    assert (result.province, result.province_current) == ("TP.HCM", "Hồ Chí Minh")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # the article's tone-mark placement, which the scorer compares exactly
        ("BÁO THANH HOÁ\nHội nghị giao ban\nSáng 9/9, UBND tỉnh Thanh Hoá yêu cầu các xã rà soát.", "Thanh Hoá"),
        ("Hội nghị giao ban\nSáng 9/9, UBND tỉnh Khánh Hòa yêu cầu các xã rà soát.", "Khánh Hòa"),
        # a header in capitals only: the canonical spelling, never "THANH HOÁ"
        (
            "CỔNG THÔNG TIN ĐIỆN TỬ TỈNH THANH HOÁ\nHội nghị giao ban\nSáng 9/9, Chủ tịch UBND tỉnh chủ trì.",
            "Thanh Hóa",
        ),
        # a lower-case prefix of a variant is no part of the name
        ("Hội nghị giao ban\nSáng 9/9, UBND thành phố Hồ Chí Minh yêu cầu các quận rà soát.", "Hồ Chí Minh"),
    ],
)
def test_the_province_is_spelled_as_the_article_writes_it(
    classifier: ArticleClassifier, raw: str, expected: str
) -> None:
    result = classifier.classify(raw, clean_article_text(raw))
    assert result.province == expected


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # A person's name that ends in a province's name.
        ("Sáng 2/3, ông Nguyễn Thái Nguyên chủ trì hội nghị. Ông Nguyễn Thái Nguyên yêu cầu rà soát.", None),
        # The bare name is also the name of a doctrine.
        ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; phong cách Hồ Chí Minh.", None),
        # A spelling that carries its own prefix needs no "tỉnh" before it.
        (
            "Đoàn công tác đến Thành phố Hồ Chí Minh; làm việc tại Thành phố Hồ Chí Minh hai ngày.",
            "Thành phố Hồ Chí Minh",
        ),
        # Two plain mentions after an agency are enough.
        ("Sở Y tế Quảng Ninh họp báo. Giám đốc Sở Y tế Quảng Ninh thông tin về dịch bệnh.", "Quảng Ninh"),
        # A port, a district or a company named after a province is not the province.
        ("Tàu cập cảng Quảng Ninh lúc 8 giờ. Công ty Quảng Ninh rời cảng Quảng Ninh lúc 10 giờ.", None),
        # One plain mention is not.
        ("Sở Y tế Quảng Ninh họp báo về tình hình dịch bệnh trong tuần.", None),
    ],
)
def test_plain_mentions_in_the_body(classifier: ArticleClassifier, lead: str, expected: str | None) -> None:
    cleaned = article("Hội nghị giao ban", lead)
    assert classifier.classify(page(cleaned.text), cleaned).province == expected


def test_nfd_article_gets_the_same_province(classifier: ArticleClassifier) -> None:
    title = unicodedata.normalize("NFD", "Kiên Giang: Sơ kết công tác cải cách hành chính")
    lead = unicodedata.normalize("NFD", "Sáng 9/9, Chủ tịch UBND tỉnh Kiên Giang chủ trì hội nghị sơ kết.")
    result = classifier.classify(page(title, lead), article(title, lead))
    assert (result.province, result.province_current) == ("Kiên Giang", "An Giang")


# --- published date ---------------------------------------------------------------------------------------

LEAD = "Chiều 30/12, UBND tỉnh tổ chức hội nghị tổng kết công tác năm và triển khai nhiệm vụ năm tới. " * 2


def test_article_date_below_headline_beats_page_header_date(classifier: ArticleClassifier) -> None:
    cleaned = article("Tổng kết công tác năm", LEAD)
    raw = page("Thứ 6, 14/06/2024, 07:20[GMT+7]", "Tổng kết công tác năm", "Thứ 4, 30/12/2020 | 18:45:37", LEAD)
    assert classifier.classify(raw, cleaned).published == date(2020, 12, 30)


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("(08:34 | 28/05/2019)", date(2019, 5, 28)),
        ("15/03/2023 09:05 Số lượt xem: 87", date(2023, 3, 15)),
        ("Cập nhật: 11:05 04/06/2024", date(2024, 6, 4)),
        ("Ngày đăng: 08/01/2025", date(2025, 1, 8)),
    ],
)
def test_date_line_below_headline(classifier: ArticleClassifier, date_line: str, expected: date) -> None:
    cleaned = article("Tổng kết công tác năm", LEAD)
    raw = page("Báo điện tử", "Tổng kết công tác năm", date_line, LEAD)
    assert classifier.classify(raw, cleaned).published == expected


def test_date_line_above_headline(classifier: ArticleClassifier) -> None:
    cleaned = article("Tổng kết công tác năm", LEAD)
    raw = page("Cổng thông tin điện tử", "Thứ Hai, 03/06/2024 10:15", "Tổng kết công tác năm", LEAD)
    assert classifier.classify(raw, cleaned).published == date(2024, 6, 3)


def test_headline_is_found_in_the_page_without_its_quotes() -> None:
    raw = "\n".join(["Thứ 6, 14/06/2024, 07:20", "“Tổng kết công tác năm”", "(16:40 | 30/12/2020)", LEAD])
    layout = PageLayout.of(raw, "Tổng kết công tác năm")
    assert (layout.title_index, layout.body_index) == (1, 3)
    assert _bundled_published_rules().find(layout) == (date(2020, 12, 30), "below_headline")


def test_lead_with_full_date_when_page_has_no_date_line(classifier: ArticleClassifier) -> None:
    lead = "(ABC) - Sáng 18/9/2024, Chủ tịch UBND tỉnh ký ban hành công điện về chủ động ứng phó mưa lớn. " * 2
    cleaned = article("Chủ động ứng phó mưa lớn", lead)
    assert classifier.classify(page("Chủ động ứng phó mưa lớn", lead), cleaned).published == date(2024, 9, 18)


def test_day_and_month_without_year_give_no_date(classifier: ArticleClassifier) -> None:
    cleaned = article("Tổng kết công tác năm", LEAD)
    assert classifier.classify(page("Tổng kết công tác năm", LEAD), cleaned).published is None


def test_feed_entry_date_wins(classifier: ArticleClassifier) -> None:
    cleaned = article("Tổng kết công tác năm", LEAD)
    raw = page("Tổng kết công tác năm", "(08:34 | 28/05/2019)", LEAD)
    assert classifier.classify(raw, cleaned, entry_published=date(2019, 5, 29)).published == date(2019, 5, 29)


def test_nfd_page_is_read_like_nfc(classifier: ArticleClassifier) -> None:
    cleaned = article("Tổng kết công tác năm", LEAD)
    raw = unicodedata.normalize("NFD", page("Tổng kết công tác năm", "Thứ Tư, 18/09/2024 - 09:47", LEAD))
    assert classifier.classify(raw, cleaned).published == date(2024, 9, 18)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ Hai, 03/06/2024 10:15", date(2024, 6, 3)),
        ("2024-06-03 10:15", date(2024, 6, 3)),
        ("Thứ Sáu, 20/12/2024 15:42", date(2024, 12, 20)),
        ("31/02/2024 10:00", None),
        ("Ngày 4/6/2024, Chủ tịch UBND tỉnh ký ban hành công văn chỉ đạo các sở.", None),
        ("Chiều 27/5", None),
        ("Kế hoạch 2024-2025", None),
    ],
)
def test_date_of_line(line: str, expected: date | None) -> None:
    assert date_of_line(line) == expected


# --- configuration errors ---------------------------------------------------------------------------------


@pytest.fixture()
def config_copy(tmp_path: Path) -> Path:
    for name in ("topics.yaml", "article_types.yaml", "provinces.yaml", "published.yaml"):
        shutil.copy(CONFIG_DIR / name, tmp_path / name)
    return tmp_path


def _replace_in(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return next((i for i, line in enumerate(text.splitlines(), 1) if new.strip() and new.strip() in line), 0)


def test_unknown_topic_label_names_file_and_line(config_copy: Path) -> None:
    line = _replace_in(config_copy / "topics.yaml", "  inspection:\n", "  inspections:\n")
    with pytest.raises(ConfigError) as caught:
        ArticleClassifier.from_config(config_copy)
    assert str(caught.value).startswith(f"{config_copy / 'topics.yaml'}:{line + 1}: unknown topic label 'inspections'")


def test_negative_weight_names_file_and_line(config_copy: Path) -> None:
    line = _replace_in(config_copy / "topics.yaml", "    thanh tra: 4\n", "    thanh tra: -4\n")
    with pytest.raises(ConfigError) as caught:
        ArticleClassifier.from_config(config_copy)
    expected = (
        f"{config_copy / 'topics.yaml'}:{line}: the weight of 'thanh tra' in label inspection must not be negative"
    )
    assert str(caught.value) == expected


def test_text_weight_names_file_and_line(config_copy: Path) -> None:
    line = _replace_in(config_copy / "article_types.yaml", "    công điện: 4\n", "    công điện: nhiều\n")
    with pytest.raises(ConfigError) as caught:
        ArticleClassifier.from_config(config_copy)
    expected = f"{config_copy / 'article_types.yaml'}:{line}: the weight of 'công điện' in type directive_document"
    assert str(caught.value) == expected + " must be a number"


def test_missing_setting_and_bad_yaml(config_copy: Path) -> None:
    _replace_in(config_copy / "topics.yaml", "repeat_weight: 1.0\n", "")
    with pytest.raises(ConfigError, match=r"topics\.yaml:\d+: the file lacks the required key 'repeat_weight'"):
        ArticleClassifier.from_config(config_copy)
    (config_copy / "article_types.yaml").write_text("threshold: 3\ntypes: [a\n", encoding="utf-8")
    shutil.copy(CONFIG_DIR / "topics.yaml", config_copy / "topics.yaml")
    with pytest.raises(ConfigError, match=r"article_types\.yaml:\d+: invalid YAML"):
        ArticleClassifier.from_config(config_copy)


# ---------------------------------------------------------------------------------------------- places and outlets


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # one plain mention (1) + a place of that province (2) reach the minimum
        ("Huyện Đức Trọng ra quân trồng cây, hưởng ứng phong trào của Lâm Đồng.", "Lâm Đồng"),
        # a place alone: the province is not written, so none is named
        ("Huyện Đức Trọng ra quân trồng cây trên các tuyến đường liên xã.", None),
        # "Châu Thành" is a district of ten provinces: it adds to the one the page names ...
        ("Huyện Châu Thành ra quân trồng cây, hưởng ứng phong trào của Bến Tre.", "Bến Tre"),
        # ... and to none that has no such district
        ("Huyện Châu Thành ra quân trồng cây, hưởng ứng phong trào của Cà Mau.", None),
        # "huyện Quảng Ninh" is a district of Quảng Bình, not the province Quảng Ninh
        ("Huyện Quảng Ninh ra quân trồng cây, hưởng ứng phong trào của Quảng Bình.", "Quảng Bình"),
        # diacritics tell "Thạnh Trị" (Sóc Trăng) from "Thanh Trì" (Hà Nội)
        ("Huyện Thạnh Trị ra quân trồng cây, hưởng ứng phong trào của Hà Nội.", None),
        ("Huyện Thanh Trì ra quân trồng cây, hưởng ứng phong trào của Hà Nội.", "Hà Nội"),
        # a place named without a district cue does not count
        ("Đoàn viên Đức Trọng ra quân trồng cây, hưởng ứng phong trào của Lâm Đồng.", None),
    ],
)
def test_district_level_places_support_a_written_province(
    classifier: ArticleClassifier, lead: str, expected: str | None
) -> None:
    cleaned = article("Ra quân trồng cây", lead)
    assert classifier.classify(page(cleaned.text), cleaned).province == expected


def test_place_of_a_former_province_adds_to_the_unit_it_merged_into(classifier: ArticleClassifier) -> None:
    lead = "Các xã thuộc huyện Tuy Phước cũ và huyện Phù Cát cũ gia cố đê trước mùa lũ theo chỉ đạo chung của Gia Lai."
    cleaned = article("Gia cố đê trước mùa lũ", lead)
    found = classifier.classify(page(cleaned.text), cleaned)
    assert (found.province, found.province_current) == ("Gia Lai", "Gia Lai")


@pytest.mark.parametrize(
    ("footer", "expected"),
    [
        ("Nguồn: https://giaolam.hanoi.gov.vn/tin-tuc/123", "Hà Nội"),  # a district portal under the province's
        ("Theo angiangtv.vn", "An Giang"),  # slug + "tv"
        ("Nguồn: baobariavungtau.com.vn", "Bà Rịa - Vũng Tàu"),  # "bao" + slug, .com.vn
        ("Theo baria-vungtau.gov.vn.", "Bà Rịa - Vũng Tàu"),  # hyphenated slug ending a sentence
        ("Nguồn: www.baodongkhoi.vn", "Bến Tre"),  # a newspaper whose name is not the province's
        ("Nguồn: hochiminhcity.gov.vn", "Hồ Chí Minh"),
        ("Nguồn: dangcongsan.vn", None),  # a national outlet
        ("Nguồn: baochinhphu.vn", None),
    ],
)
def test_outlet_domains(classifier: ArticleClassifier, footer: str, expected: str | None) -> None:
    cleaned = article("Huyện giao chỉ tiêu tuyển quân", LEAD_WITHOUT_PLACE)
    raw = page("Huyện giao chỉ tiêu tuyển quân", LEAD_WITHOUT_PLACE, footer)
    assert classifier.classify(raw, cleaned).province == expected


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        ("Theo Đài PT-TH Hà Tĩnh", "Hà Tĩnh"),
        ("Nguồn: Đài Phát thanh và Truyền hình Hà Tĩnh", "Hà Tĩnh"),
        ("Theo Báo và Phát thanh, Truyền hình Hà Tĩnh", "Hà Tĩnh"),
        ("Theo bạn đọc ở Hà Tĩnh", None),  # one plain mention is not enough
    ],
)
def test_radio_and_television_outlets_name_their_province(
    classifier: ArticleClassifier, credit: str, expected: str | None
) -> None:
    cleaned = article("Huyện giao chỉ tiêu tuyển quân", LEAD_WITHOUT_PLACE, credit)
    assert classifier.classify(page(cleaned.text), cleaned).province == expected
