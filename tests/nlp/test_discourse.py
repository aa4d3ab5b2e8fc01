"""The rule components on their own: pattern file, segments, marks, and the discourse decisions.

Every sentence here is written for these tests, with the structures of real provincial news.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from spacy.language import Language

from chidao.config import ConfigBundle, ConfigError, load_bundle
from chidao.config.sentence_reader import PATTERN_IDS, WORD_IDS, lexicon_lists, placeholder_names
from chidao.nlp.discourse import Discourse, Task
from chidao.nlp.extract import DirectiveExtractor
from chidao.nlp.lexicon import lexicon_from_bundle
from chidao.nlp.patterns import pattern_rules_from_bundle
from chidao.resources import bundled_config_dir
from tests.support.extraction import items_of

NLP_SOURCE = Path(__file__).resolve().parents[2] / "tasks" / "chidao" / "nlp"
# Every module of tasks/chidao/nlp/: no Vietnamese word in its code (words live in config/), no function over
# 60 lines.
NLP_MODULES = tuple(sorted(path.name for path in NLP_SOURCE.glob("*.py")))
# Pending: modules that still fail a rule. They are expected to fail (strict): when one passes, the test fails
# until it is taken off its list. The integrator empties both.
PENDING_VIETNAMESE: dict[str, str] = {}
PENDING_LONG_FUNCTIONS: dict[str, str] = {}
_VIETNAMESE = re.compile(r"[À-ỹĐđ]")


@pytest.fixture(scope="module")
def nlp(extractor: DirectiveExtractor) -> Language:
    return extractor.nlp


def _tasks(nlp: Language, *paragraphs: str) -> list[tuple[str, str | None, str | None, tuple[str, ...]]]:
    """(text, issuer, assignee, rules) of the discourse component's tasks (speakers resolved to the chunk)."""
    offset, docs = 0, []
    for para in paragraphs:
        docs.append((offset, nlp(para)))
        offset += len(para) + 2
    text = "\n\n".join(paragraphs)
    found: list[Task] = Discourse(lambda chunk, at: None).run(docs)
    return [(text[t.start : t.end], t.issuer, t.assignee, t.rules) for t in found]


# ---------------------------------------------------------------------------------------------- pattern file


def test_every_example_is_marked_by_its_rule(bundle: ConfigBundle, nlp: Language) -> None:
    rules = pattern_rules_from_bundle(bundle, lexicon_from_bundle(bundle))
    assert len(rules) >= 20
    for rule in rules:
        for example in rule.examples:
            doc = nlp(example)
            fired = {rule_id for _, rule_id, _, _ in doc.user_data["marks"]}
            assert rule.id in fired, (rule.id, example)


def test_rule_ids_are_unique_and_every_label_is_read(bundle: ConfigBundle) -> None:
    ids = [r.id for r in bundle.patterns.rules]
    assert len(ids) == len(set(ids))
    source = (NLP_SOURCE / "discourse.py").read_text(encoding="utf-8")
    for label in {r.label for r in bundle.patterns.rules}:
        assert f'"{label}"' in source, label


def _config_copy(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(bundled_config_dir(), target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("label: ACTION\n", "label: VERB\n", "label"),
        ("  - id: modal.lead\n", "  - id: lead.speech_act\n", "duplicate rule id 'lead.speech_act'"),
        ("lexicon: [modals, obligation_modals]", "lexicon: [modals, verbs]", "lexicon"),
    ],
)
def test_a_broken_pattern_file_names_its_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    config = _config_copy(tmp_path)
    path = config / "patterns" / "discourse.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_bundle(config)
    assert re.match(r".*patterns/discourse\.yaml:\d+: ", str(caught.value)), str(caught.value)
    assert message in str(caught.value)


def test_a_rule_without_examples_is_refused(tmp_path: Path) -> None:
    config = _config_copy(tmp_path)
    path = config / "patterns" / "discourse.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: negative.statement")
    block_end = text.index("\n\n", start)
    block = text[start:block_end]
    path.write_text(text.replace(block, block.split("    examples:")[0].rstrip()), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"discourse\.yaml:\d+: .*examples"):
        load_bundle(config)


# ---------------------------------------------------------------------------------------------- segments


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        (
            "UBND huyện yêu cầu các xã: (1) rà soát hộ nghèo; (2) báo cáo kết quả.",
            [("colon", "UBND huyện yêu cầu các xã"), ("semicolon", "rà soát hộ nghèo"), ("end", "báo cáo kết quả.")],
        ),
        (
            "Sở Y tế chủ trì kiểm tra; phối hợp với Công an tỉnh xử lý vi phạm.",
            [("semicolon", "Sở Y tế chủ trì kiểm tra"), ("end", "phối hợp với Công an tỉnh xử lý vi phạm.")],
        ),
        ("Lữ đoàn 5 (Quân khu 7) tham gia diễn tập.", [("end", "Lữ đoàn 5 (Quân khu 7) tham gia diễn tập.")]),
        ("- Sở Xây dựng kiểm tra các công trình.", [("end", "Sở Xây dựng kiểm tra các công trình.")]),
        (
            "Tàu thuyền tránh vùng biển nguy hiểm (từ vĩ tuyến 15 đến 17; từ kinh tuyến 110 đến 112); báo cáo.",
            [
                (
                    "semicolon",
                    "Tàu thuyền tránh vùng biển nguy hiểm (từ vĩ tuyến 15 đến 17; từ kinh tuyến 110 đến 112)",
                ),
                ("end", "báo cáo."),
            ],
        ),
        ("Các xã rà soát (nếu có; cần nhanh", [("semicolon", "Các xã rà soát (nếu có"), ("end", "cần nhanh")]),
    ],
)
def test_segments_split_at_semicolons_colons_and_inline_markers(
    nlp: Language, text: str, segments: list[tuple[str, str]]
) -> None:
    doc = nlp(text)
    assert [(s.label_, s.text) for s in doc.spans["segments"]] == segments


@pytest.mark.parametrize(
    ("text", "entry"),
    [("- Sở Xây dựng kiểm tra.", True), ("2. Công an tỉnh tuần tra.", True), ("b) Rà soát hồ sơ.", True)],
)
def test_a_line_that_opens_with_a_list_marker_is_an_entry(nlp: Language, text: str, entry: bool) -> None:
    assert nlp(text).user_data["entry"] is entry


def test_a_plain_sentence_is_no_entry(nlp: Language) -> None:
    assert nlp("Sở Xây dựng kiểm tra các công trình.").user_data["entry"] is False


# ---------------------------------------------------------------------------------------------- discourse


def test_a_title_speaker_with_an_inline_numbered_list(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Kết luận phiên họp, Chủ tịch UBND xã yêu cầu các thôn: (1) Rà soát hộ nghèo; kiểm tra nhà tạm; "
        "(2) Báo cáo kết quả trước ngày 10/4.",
    )
    assert got == [
        ("Rà soát hộ nghèo", "Chủ tịch UBND xã", "các thôn", ("decide.segment", "decide.continue_action")),
        ("kiểm tra nhà tạm", "Chủ tịch UBND xã", "các thôn", ("decide.segment", "decide.continue_action")),
        (
            "Báo cáo kết quả trước ngày 10/4",
            "Chủ tịch UBND xã",
            "các thôn",
            ("decide.segment", "decide.continue_action"),
        ),
    ]


def test_an_addressee_list_goes_on_over_semicolons(nlp: Language) -> None:
    got = _tasks(nlp, "UBND tỉnh đề nghị các sở, ngành; UBND các huyện khẩn trương rà soát các dự án chậm tiến độ.")
    assert got == [
        (
            "khẩn trương rà soát các dự án chậm tiến độ",
            "UBND tỉnh",
            "các sở, ngành; UBND các huyện",
            ("decide.lead",),
        )
    ]


def test_marked_entries_with_their_own_addressee(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Để bảo đảm an toàn mùa mưa, Công điện của UBND huyện yêu cầu:",
        "- Sở Xây dựng: kiểm tra các công trình đang thi công.",
        "- UBND các xã khẩn trương sơ tán người dân khỏi vùng sạt lở.",
    )
    assert got == [
        (
            "kiểm tra các công trình đang thi công",
            "UBND huyện",
            "Sở Xây dựng",
            ("decide.list_entry", "decide.continue_action"),
        ),
        (
            "khẩn trương sơ tán người dân khỏi vùng sạt lở",
            "UBND huyện",
            "UBND các xã",
            ("decide.list_entry", "decide.continue_subject"),
        ),
    ]


def test_continuation_sentences_until_a_report(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Bí thư Huyện ủy đề nghị các xã tập trung thu hoạch lúa. Đồng thời, tăng cường phòng chống dịch.",
        "Năm qua, huyện đã hoàn thành 12 công trình. Phát triển du lịch gắn với làng nghề.",
    )
    assert [(t[0], t[3]) for t in got] == [
        ("tập trung thu hoạch lúa", ("decide.lead",)),
        ("tăng cường phòng chống dịch", ("decide.continue_action",)),
    ]


def test_a_scope_reads_past_one_sentence_without_a_task_but_not_two(nlp: Language) -> None:
    lead = "Giám đốc Sở Nông nghiệp yêu cầu các xã rà soát đàn gia súc."
    one_between = _tasks(nlp, lead, "Mùa mưa năm nay đến sớm.", "Tăng cường vệ sinh chuồng trại.")
    assert [t[0] for t in one_between] == ["rà soát đàn gia súc", "Tăng cường vệ sinh chuồng trại"]
    two_between = _tasks(
        nlp, lead, "Mùa mưa năm nay đến sớm.", "Nhiều hộ nuôi ở vùng trũng.", "Tăng cường vệ sinh chuồng trại."
    )
    assert [t[0] for t in two_between] == ["rà soát đàn gia súc"]


def test_a_task_that_reports_progress_is_no_task(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Sở Tư pháp được UBND tỉnh giao thực hiện 6 nhiệm vụ, đến nay đã hoàn thành 4 nhiệm vụ.",
        "UBND tỉnh giao Sở Tư pháp rà soát các văn bản đã và đang được thi hành.",
        "UBND tỉnh giao Sở Tư pháp rà soát các văn bản hết hiệu lực.",
    )
    assert [t[0] for t in got] == ["rà soát các văn bản hết hiệu lực"]


def test_passive_speech_act_makes_its_subject_the_addressee(nlp: Language) -> None:
    got = _tasks(nlp, "Theo đó, các trường học được yêu cầu rà soát phòng học trước ngày 20/8.")
    assert got == [("rà soát phòng học trước ngày 20/8", None, "các trường học", ("decide.passive",))]


def test_a_reported_plan_is_a_commitment(nlp: Language) -> None:
    offset_docs = [(0, nlp("Giám đốc Sở Công Thương cho biết, thời gian tới, sở sẽ kiểm tra các chợ đầu mối."))]
    tasks = Discourse(lambda chunk, at: chunk or None).run(offset_docs)
    assert [(t.kind, t.issuer, t.assignee, t.rules) for t in tasks] == [
        ("commitment", "Giám đốc Sở Công Thương", "sở", ("decide.report",))
    ]


def test_a_focus_statement_gives_its_task(nlp: Language) -> None:
    got = _tasks(nlp, "Nhiệm vụ trọng tâm trong tháng 5 là tập trung giải ngân vốn đầu tư công.")
    assert got == [("tập trung giải ngân vốn đầu tư công", None, None, ("decide.focus",))]


@pytest.mark.parametrize(
    "sentence",
    [
        "Cử tri đề nghị tỉnh sửa chữa tuyến đường liên xã.",
        "Trước đó, UBND tỉnh đã yêu cầu các sở kiểm tra giá phân bón.",
        "Chủ tịch UBND huyện nhấn mạnh, năm nay thời tiết rất khắc nghiệt.",
        "Hội đồng huyện tổ chức hội nghị giao chỉ tiêu tuyển quân cho các xã.",
        "Công tác phối hợp giữa các ngành còn chậm.",
        "Phó Chủ tịch UBND huyện đã đến dự và chỉ đạo tại hội nghị tổng kết năm học, triển khai nhiệm vụ năm mới.",
    ],
)
def test_hard_negatives_give_no_task(nlp: Language, sentence: str) -> None:
    assert _tasks(nlp, sentence) == []


def test_a_body_the_speaker_rules_do_not_know_gives_orders(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Để bảo đảm an ninh dịp lễ, Công an huyện chỉ đạo các đồn tăng cường tuần tra ban đêm.",
        "Hội Phụ nữ tỉnh yêu cầu các chi hội vận động hội viên tham gia.",
    )
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("tăng cường tuần tra ban đêm", "Công an huyện", "các đồn"),
        ("vận động hội viên tham gia", "Hội Phụ nữ tỉnh", "các chi hội"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Bệnh viện huyện đề nghị tỉnh bổ sung máy siêu âm.",  # asking the province: "đề nghị" is no order
        "Các xã yêu cầu huyện hỗ trợ kinh phí làm đường.",  # a plural of bodies, not a body that speaks
        "Hội Phụ nữ tỉnh đã yêu cầu các chi hội báo cáo.",  # reported past
    ],
)
def test_a_body_asking_or_reporting_gives_no_task(nlp: Language, sentence: str) -> None:
    assert _tasks(nlp, sentence) == []


def test_an_instruction_inside_a_period_report_is_part_of_the_report(nlp: Language) -> None:
    report = (
        "Trong quý I, sản xuất nông nghiệp của huyện đạt được nhiều kết quả. "
        "UBND huyện đã chỉ đạo các xã hoàn thành gieo cấy lúa xuân."
    )
    assert _tasks(nlp, report) == []
    # the same sentence as news of the day, with no period report before it, still gives the task
    news = "Chiều 12/3, UBND huyện đã chỉ đạo các xã hoàn thành gieo cấy lúa xuân trước ngày 20/3."
    assert [t[0] for t in _tasks(nlp, news)] == ["hoàn thành gieo cấy lúa xuân trước ngày 20/3"]


def test_an_introduction_without_a_comma_runs_into_the_speaker(nlp: Language) -> None:
    got = _tasks(
        nlp, "Phát biểu kết luận buổi làm việc đồng chí Phó Chủ tịch UBND huyện yêu cầu các xã hoàn thành kê khai."
    )
    assert [(t[0], t[1], t[2]) for t in got] == [("hoàn thành kê khai", "đồng chí Phó Chủ tịch UBND huyện", "các xã")]


def test_a_body_issuing_a_document_speaks_through_it(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Ngày 9/11, UBND tỉnh ban hành văn bản yêu cầu các sở, UBND các huyện chủ động ứng phó với bão.",
        "Sở Y tế vừa có công văn đề nghị các bệnh viện tăng cường trực cấp cứu.",
    )
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("chủ động ứng phó với bão", "UBND tỉnh", "các sở, UBND các huyện"),
        ("tăng cường trực cấp cứu", "Sở Y tế", "các bệnh viện"),
    ]


def test_semicolons_inside_an_enumeration_do_not_split_the_task(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "UBND huyện yêu cầu các xã thực hiện nghiêm các nội dung tại Kế hoạch số 12/KH-UBND; "
        "Chỉ thị số 03/CT-UBND của UBND tỉnh; rà soát các hộ nghèo.",
    )
    assert [t[0] for t in got] == [
        "thực hiện nghiêm các nội dung tại Kế hoạch số 12/KH-UBND; Chỉ thị số 03/CT-UBND của UBND tỉnh",
        "rà soát các hộ nghèo",
    ]


def test_a_speech_act_that_refers_to_an_earlier_document_opens_no_scope(nlp: Language) -> None:
    got = _tasks(nlp, "Các xã rà soát lại những nội dung UBND huyện đã chỉ đạo tại Công văn số 45/UBND.")
    assert [t[0] for t in got] == []


def test_a_list_line_without_a_verb_is_no_task(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "UBND tỉnh yêu cầu các sở như sau:",
        "1. Đối với công tác phòng chống dịch trong mùa mưa:",
        "2. Sở Y tế chủ trì tổ chức tiêm phòng cho trẻ em.",
    )
    assert [t[0] for t in got] == ["chủ trì tổ chức tiêm phòng cho trẻ em"]


def test_an_acronym_body_gives_orders(nlp: Language) -> None:
    got = _tasks(nlp, "Theo đó, LĐLĐ huyện yêu cầu các công đoàn cơ sở rà soát đoàn viên khó khăn.")
    assert [(t[0], t[1], t[2]) for t in got] == [("rà soát đoàn viên khó khăn", "LĐLĐ huyện", "các công đoàn cơ sở")]


def test_a_speaker_who_did_something_first_still_instructs_after_and(nlp: Language) -> None:
    got = Discourse(lambda chunk, at: "Lê Văn Bình" if "Bình" in chunk else None).run(
        [(0, nlp("Chủ tịch UBND huyện Lê Văn Bình tặng quà các gia đình và yêu cầu các xã rà soát hộ nghèo."))]
    )
    assert [(t.issuer, t.assignee, t.rules) for t in got] == [("Lê Văn Bình", "các xã", ("decide.lead",))]
    # without the conjunction the speech act belongs to the event: "tổ chức hội nghị giao ..."
    assert _tasks(nlp, "Hội đồng huyện tổ chức hội nghị giao chỉ tiêu tuyển quân cho các xã.") == []


def test_a_long_addressee_list_before_a_colon_is_no_task(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Chủ tịch UBND tỉnh yêu cầu Ban Chỉ huy Phòng thủ dân sự các huyện, thị xã, thành phố, "
        "các đồn Biên phòng và các ngành liên quan của tỉnh:",
        "- Theo dõi chặt chẽ diễn biến của áp thấp nhiệt đới.",
    )
    assert [(t[0], t[2]) for t in got] == [
        (
            "Theo dõi chặt chẽ diễn biến của áp thấp nhiệt đới",
            "Ban Chỉ huy Phòng thủ dân sự các huyện, thị xã, thành phố, các đồn Biên phòng và các ngành liên quan của tỉnh",
        )
    ]


def test_a_time_frame_before_an_obligation_goes_on_with_the_scope(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Chủ tịch UBND huyện yêu cầu các xã rà soát hộ nghèo. Trong quý III phải hoàn thành cấp thẻ bảo hiểm y tế.",
    )
    assert [t[0] for t in got] == ["rà soát hộ nghèo", "hoàn thành cấp thẻ bảo hiểm y tế"]


def test_a_speaker_who_will_give_an_order_commits_to_it(nlp: Language) -> None:
    sentence = (
        "Ông Lê Văn An, Chủ tịch UBND huyện thống nhất với kết luận thanh tra và sẽ chỉ đạo các xã khắc phục sai phạm."
    )
    # the extractor resolves a title to the person the article introduced with it
    tasks = Discourse(lambda chunk, at: "Lê Văn An" if chunk.startswith("Chủ tịch") else None).run([(0, nlp(sentence))])
    assert [(sentence[t.start : t.end], t.kind, t.issuer, t.assignee, t.rules) for t in tasks] == [
        ("chỉ đạo các xã khắc phục sai phạm", "commitment", "Lê Văn An", None, ("decide.commit_order",))
    ]


def test_a_floor_word_inside_a_longer_word_is_no_floor(nlp: Language) -> None:
    # "bản" alone is a village (its residents' requests are not directives); in "văn bản" it is a document
    got = _tasks(nlp, "Ngày 3/5, UBND huyện có văn bản yêu cầu các xã rà soát hộ nghèo.")
    assert [(t[0], t[1], t[2]) for t in got] == [("rà soát hộ nghèo", "UBND huyện", "các xã")]


def test_speech_act_words_used_as_nouns_open_no_scope(nlp: Language) -> None:
    assert _tasks(nlp, "Các xã thực hiện theo chỉ đạo của UBND huyện về an toàn giao thông.") == []


def test_deadline_only_segment_dates_the_task_before(nlp: Language) -> None:
    got = _tasks(nlp, "Chủ tịch UBND tỉnh yêu cầu Sở Giao thông sửa chữa cầu treo; hoàn thành trước ngày 30/6.")
    assert got == [("sửa chữa cầu treo", "Chủ tịch UBND tỉnh", "Sở Giao thông", ("decide.lead",))]
    offset_docs = [(0, nlp("Chủ tịch UBND tỉnh yêu cầu Sở Giao thông sửa chữa cầu treo; hoàn thành trước ngày 30/6."))]
    assert [t.deadline for t in Discourse(lambda chunk, at: None).run(offset_docs)] == ["trước ngày 30/6"]


# ---------------------------------------------------------------------------------------------- end to end


def test_title_speaker_resolves_to_the_name_given_earlier(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chiều 3/4, UBND huyện họp thường kỳ dưới sự chủ trì của ông Lò Văn Hải - Chủ tịch UBND huyện.",
        "Phát biểu kết luận phiên họp Chủ tịch UBND huyện yêu cầu các phòng, ban: (1) Tăng cường kiểm tra hồ sơ "
        "đất đai; (2) Đôn đốc các chủ đầu tư giải ngân vốn trong quý II/2027.",
    )
    assert got == [
        ("Tăng cường kiểm tra hồ sơ đất đai", "directive", "Lò Văn Hải", "các phòng, ban", None),
        (
            "Đôn đốc các chủ đầu tư giải ngân vốn trong quý II/2027",
            "directive",
            "Lò Văn Hải",
            "các phòng, ban",
            "trong quý II/2027",
        ),
    ]


def test_explain_names_the_rules_that_fired(extractor: DirectiveExtractor) -> None:
    from chidao.core.models import CleanedArticle

    article = CleanedArticle(title=None, text="Giám đốc Sở Y tế yêu cầu các bệnh viện tăng cường trực cấp cứu.")
    [exp] = extractor.explain(article)
    assert exp.taken
    assert {"speaker.title", "lead.speech_act", "action.head", "decide.lead"} <= set(exp.rules)


def test_a_document_number_date_is_no_deadline(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh yêu cầu các sở thực hiện nghiêm Chỉ thị số 05/CT-UBND ngày 13/3/2027 về phòng cháy rừng.",
    )
    assert [(text, deadline) for text, _, _, _, deadline in got] == [
        ("thực hiện nghiêm Chỉ thị số 05/CT-UBND ngày 13/3/2027 về phòng cháy rừng", None)
    ]


# ---------------------------------------------------------------------------------------------- code rules


def _code_strings(tree: ast.AST) -> list[ast.Constant]:
    """String constants that are not docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def _pending(modules: tuple[str, ...], pending: dict[str, str]) -> list[object]:
    return [
        pytest.param(m, marks=pytest.mark.xfail(strict=True, reason="pending: " + pending[m])) if m in pending else m
        for m in modules
    ]


def test_pending_lists_name_modules_that_exist() -> None:
    assert set(PENDING_VIETNAMESE) | set(PENDING_LONG_FUNCTIONS) <= set(NLP_MODULES)
    assert "extract.py" in NLP_MODULES and "discourse.py" in NLP_MODULES


@pytest.mark.parametrize("module", _pending(NLP_MODULES, PENDING_VIETNAMESE))
def test_nlp_modules_hold_no_vietnamese_words(module: str) -> None:
    tree = ast.parse((NLP_SOURCE / module).read_text(encoding="utf-8"))
    offending = [(node.lineno, node.value) for node in _code_strings(tree) if _VIETNAMESE.search(str(node.value))]
    assert offending == []


@pytest.mark.parametrize("module", _pending(NLP_MODULES, PENDING_LONG_FUNCTIONS))
def test_nlp_functions_are_at_most_60_lines(module: str) -> None:
    tree = ast.parse((NLP_SOURCE / module).read_text(encoding="utf-8"))
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.end_lineno is not None and node.end_lineno - node.lineno >= 60
    ]
    assert long == []


def test_the_sentence_reader_reads_every_id_of_its_file() -> None:
    """Each pattern and word list of config/patterns/sentence_reader.yaml is read by extract.py (directly, or
    through a placeholder of another pattern), and every id extract.py asks for is declared."""
    source = (NLP_SOURCE / "extract.py").read_text(encoding="utf-8")
    asked = set(re.findall(r'_rx\["(\w+)"\]', source)) | set(re.findall(r'(?:_w|words)\["(\w+)"\]', source))
    spec = load_bundle(bundled_config_dir()).sentence_reader
    through_placeholders = {name for p in spec.patterns for name in placeholder_names(p.source)} & WORD_IDS
    declared = PATTERN_IDS | WORD_IDS
    assert asked - declared == set()
    assert declared - asked - through_placeholders == set()


def test_the_reader_expands_placeholders_with_the_lexicon_it_is_built_with(bundle: ConfigBundle) -> None:
    """The load-time example check and the extractor expand placeholders from the same lists."""
    lexicon = lexicon_from_bundle(bundle)
    built = {**lexicon.cues, "place_words": lexicon.place_words, "agency_heads": lexicon.agency_heads}
    assert lexicon_lists(bundle.cues, bundle.names, bundle.agencies) == built


# ------------------------------------------------------------------ a speaker shared over a comma (speaker.shared)


@pytest.mark.parametrize(
    ("sentence", "issuer", "assignee", "task"),
    [
        (
            "UBND tỉnh ban hành công điện, yêu cầu các địa phương chủ động phương án ứng phó với bão.",
            "UBND tỉnh",
            "các địa phương",
            "chủ động phương án ứng phó với bão",
        ),
        (
            "Chủ tịch UBND huyện kiểm tra công trình kè, chỉ đạo chủ đầu tư đẩy nhanh tiến độ thi công.",
            "Chủ tịch UBND huyện",
            "chủ đầu tư",
            "đẩy nhanh tiến độ thi công",
        ),
        (
            "Sáng 5/3, Giám đốc Sở Y tế đã có mặt tại bệnh viện, đồng thời yêu cầu các khoa bố trí đủ giường.",
            "Giám đốc Sở Y tế",
            "các khoa",
            "bố trí đủ giường",
        ),
    ],
)
def test_a_speech_act_after_a_comma_shares_the_subject_of_the_clause_before(
    nlp: Language, sentence: str, issuer: str, assignee: str, task: str
) -> None:
    assert _tasks(nlp, sentence) == [(task, issuer, assignee, ("decide.lead", "speaker.shared"))]


def test_a_shared_subject_needs_a_speaker_opening_its_clause(nlp: Language) -> None:
    # the clause before the comma is a report ("cho biết") or has no speaker: the speech act has none either
    assert _tasks(nlp, "Ông Trần Văn Hải cho biết, yêu cầu các xã rà soát hộ nghèo đã được thực hiện.") == []
    assert _tasks(nlp, "Mưa lớn kéo dài nhiều ngày, yêu cầu đặt ra là bảo đảm an toàn cho người dân.") == []


def test_a_speakers_name_ends_at_the_verb_that_issues_the_document(nlp: Language) -> None:
    got = _tasks(nlp, "Chủ tịch UBND tỉnh ban hành công điện yêu cầu các huyện kiểm tra hồ chứa nước.")
    assert got == [("kiểm tra hồ chứa nước", "Chủ tịch UBND tỉnh", "các huyện", ("decide.lead",))]


def test_a_title_after_a_name_without_apposition_belongs_to_someone_else(extractor: DirectiveExtractor) -> None:
    # the Prime Minister is named; the district chairman who orders is not him
    got = items_of(
        extractor,
        "Thực hiện chỉ đạo của Thủ tướng Chính phủ Trần Văn Bình tại Thông báo số 31/TB-VPCP, "
        "Chủ tịch UBND huyện vừa có công văn yêu cầu các xã nâng cao cảnh giác.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [("nâng cao cảnh giác", "Chủ tịch UBND huyện", "các xã")]
    got = items_of(
        extractor,
        "Ông Trần Văn Bình, Chủ tịch UBND huyện dự hội nghị.",
        "Chủ tịch UBND huyện yêu cầu các xã nâng cao cảnh giác.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [("nâng cao cảnh giác", "Trần Văn Bình", "các xã")]


def test_a_bodys_name_holds_its_purpose_up_to_its_unit(nlp: Language) -> None:
    # "phòng chống" is part of the name, not an action the body took before its speech act
    got = _tasks(nlp, "Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn huyện yêu cầu các xã sơ tán dân.")
    assert got == [
        ("sơ tán dân", "Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn huyện", "các xã", ("decide.lead",))
    ]
    # a complete name ("UBND tỉnh") followed by its predicate is no purpose name
    got = _tasks(nlp, "UBND tỉnh đã có công điện chỉ đạo các huyện kiểm tra các hồ chứa.")
    assert [(t[0], t[1]) for t in got] == [("kiểm tra các hồ chứa", "UBND tỉnh")]


def test_a_village_word_that_ends_a_longer_word_is_no_floor(nlp: Language) -> None:
    # "kịch bản" is a scenario, not the village "bản"; "các bản" and "bản Nà Lừa" are villages
    got = _tasks(
        nlp, "Chủ tịch UBND tỉnh yêu cầu các xã rà soát hộ nghèo. Các xã khẩn trương xây dựng kịch bản ứng phó."
    )
    assert [t[0] for t in got] == ["rà soát hộ nghèo", "khẩn trương xây dựng kịch bản ứng phó"]
    assert _tasks(nlp, "Người dân bản Nà Lừa đề nghị làm đường.") == []


def test_a_quoted_duty_attributed_to_a_document_is_the_speakers(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các huyện kiểm tra đê điều. "
        "“Các xã phải hoàn thành việc di dời dân trước 17 giờ”, công điện nêu rõ.",
    )
    assert [(i[0], i[2], i[3], i[4]) for i in got] == [
        ("kiểm tra đê điều", "Chủ tịch UBND tỉnh", "các huyện", None),
        ("hoàn thành việc di dời dân trước 17 giờ", "Chủ tịch UBND tỉnh", "Các xã", "trước 17 giờ"),
    ]


def test_a_report_due_by_a_date_goes_on_with_the_scope(nlp: Language) -> None:
    got = _tasks(nlp, "Chủ tịch UBND tỉnh yêu cầu các xã rà soát hộ nghèo. Kết quả báo cáo UBND tỉnh trước ngày 30/10.")
    assert [(t[0], t[2]) for t in got] == [
        ("rà soát hộ nghèo", "các xã"),
        ("Kết quả báo cáo UBND tỉnh trước ngày 30/10", "các xã"),
    ]


def test_a_past_marker_in_the_subjects_relative_clause_does_not_make_an_obligation_a_report(nlp: Language) -> None:
    # "the ships that have come ashore must ..."; "đã phải" (had to) stays a report
    got = _tasks(nlp, "Chủ tịch UBND tỉnh yêu cầu các xã sơ tán dân. Các tàu đã vào bờ phải neo đậu an toàn.")
    assert [(t[0], t[2]) for t in got] == [("sơ tán dân", "các xã"), ("neo đậu an toàn", "Các tàu đã vào bờ")]
    got = _tasks(nlp, "Chủ tịch UBND tỉnh yêu cầu các xã sơ tán dân. Các xã đã phải nỗ lực nhiều.")
    assert [t[0] for t in got] == ["sơ tán dân"]


def test_an_acting_or_new_title_holder_speaks_with_the_title(extractor: DirectiveExtractor) -> None:
    got = items_of(extractor, "Quyền Chủ tịch UBND tỉnh yêu cầu các sở rà soát thủ tục hành chính.")
    assert [(i[0], i[1], i[2], i[3]) for i in got] == [
        ("rà soát thủ tục hành chính", "directive", "Quyền Chủ tịch UBND tỉnh", "các sở")
    ]
    got = items_of(
        extractor, "Phát biểu nhận nhiệm vụ, tân Chủ tịch UBND tỉnh cho biết sẽ tập trung cải thiện môi trường đầu tư."
    )
    assert [(i[0], i[1], i[2]) for i in got] == [
        ("tập trung cải thiện môi trường đầu tư", "commitment", "tân Chủ tịch UBND tỉnh")
    ]


def test_an_event_announced_with_se_is_a_schedule_not_a_commitment(extractor: DirectiveExtractor) -> None:
    # GUIDELINE: a journalist's note of a scheduled event is no item; an order to hold an event is one
    assert items_of(extractor, "Theo kế hoạch, ngày 30-3, HĐND tỉnh sẽ tổ chức kỳ họp chuyên đề.") == []
    got = items_of(extractor, "Chủ tịch UBND tỉnh yêu cầu các sở tổ chức hội nghị triển khai kế hoạch.")
    assert [(i[0], i[1]) for i in got] == [("tổ chức hội nghị triển khai kế hoạch", "directive")]


@pytest.mark.parametrize(
    ("sentence", "task", "assignee"),
    [
        (
            "UBND tỉnh yêu cầu các sở, ngành theo chức năng, nhiệm vụ được giao khẩn trương triển khai kế hoạch.",
            "khẩn trương triển khai kế hoạch",
            "các sở, ngành",
        ),
        (
            "Chủ tịch UBND tỉnh yêu cầu các sở căn cứ chức năng, nhiệm vụ, thẩm quyền tổ chức thực hiện nghiêm chỉ thị.",
            "tổ chức thực hiện nghiêm chỉ thị",
            "các sở",
        ),
    ],
)
def test_a_mandate_phrase_after_the_addressee_belongs_to_the_lead_in(
    extractor: DirectiveExtractor, nlp: Language, sentence: str, task: str, assignee: str
) -> None:
    # GUIDELINE: "theo chức năng, nhiệm vụ (được giao)", "căn cứ chức năng, nhiệm vụ, thẩm quyền" are neither
    # the addressee nor the task; both readers and the merged output agree
    assert [(t[0], t[2]) for t in _tasks(nlp, sentence)] == [(task, assignee)]
    assert [(i[0], i[3]) for i in items_of(extractor, sentence)] == [(task, assignee)]


def test_a_text_cut_off_mid_word_still_gives_its_item_but_a_short_caption_gives_none(
    extractor: DirectiveExtractor,
) -> None:
    # GUIDELINE: a scraper's excerpt that ends mid-word still counts; the item ends where the file ends
    cut = "Chủ tịch UBND tỉnh yêu cầu các huyện khẩn trương rà soát các hộ dân sống ven sông, di dời đến nơi an to"
    got = items_of(extractor, cut)
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("khẩn trương rà soát các hộ dân sống ven sông, di dời đến nơi an to", "Chủ tịch UBND tỉnh", "các huyện")
    ]
    # a short last line without a stop is still a caption, and a cut that names only the addressee no item
    assert items_of(extractor, "Chủ tịch UBND tỉnh yêu cầu các huyện rà soát hộ nghèo.", "Quang cảnh hội nghị") == [
        ("rà soát hộ nghèo", "directive", "Chủ tịch UBND tỉnh", "các huyện", None)
    ]
    assert items_of(extractor, "Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành và UBND các huyện, thị xã") == []


def test_a_time_frame_opening_the_lead_in_dates_every_task_it_governs(extractor: DirectiveExtractor) -> None:
    # GUIDELINE: "Trong năm 2026, tỉnh sẽ A; B" -> both; a date opening the sentence dates the news instead
    got = items_of(
        extractor,
        "Trong tháng 12, Chủ tịch UBND tỉnh yêu cầu các huyện hoàn thành giải phóng mặt bằng; "
        "bàn giao đất sạch cho nhà đầu tư.",
    )
    assert [(i[0], i[4]) for i in got] == [
        ("hoàn thành giải phóng mặt bằng", "Trong tháng 12"),
        ("bàn giao đất sạch cho nhà đầu tư", "Trong tháng 12"),
    ]
    got = items_of(extractor, "Ngày 20/2, Chủ tịch UBND tỉnh yêu cầu các huyện hoàn thành giải phóng mặt bằng.")
    assert [(i[0], i[4]) for i in got] == [("hoàn thành giải phóng mặt bằng", None)]


def test_a_matter_as_the_subject_of_an_obligation_stays_in_the_task(nlp: Language) -> None:
    # GUIDELINE: "Việc vận hành phải ...", "Công tác này cần ..." keep their subject; the assignee is the
    # current addressee. A matter reported done is no task.
    got = _tasks(
        nlp, "Chủ tịch UBND tỉnh yêu cầu các xã rà soát hộ nghèo. Việc rà soát phải bảo đảm công khai, minh bạch."
    )
    assert [(t[0], t[2], t[3][-1]) for t in got] == [
        ("rà soát hộ nghèo", "các xã", "decide.lead"),
        ("Việc rà soát phải bảo đảm công khai, minh bạch", "các xã", "decide.matter"),
    ]
    got = _tasks(nlp, "Chủ tịch UBND tỉnh yêu cầu các xã rà soát hộ nghèo. Việc rà soát đã được thực hiện nghiêm túc.")
    assert [t[0] for t in got] == ["rà soát hộ nghèo"]


def test_totals_over_a_period_are_statistics_but_an_announced_conclusion_gives_tasks(nlp: Language) -> None:
    # GUIDELINE: "6 tháng, thanh tra tỉnh đã kiến nghị thu hồi 2,9 tỷ đồng" is a results report
    assert (
        _tasks(nlp, "Trong 6 tháng, Thanh tra tỉnh đã kiến nghị thu hồi 2,5 tỷ đồng, kiến nghị xử lý 12 cá nhân.") == []
    )
    got = _tasks(nlp, "Qua thanh tra, Thanh tra tỉnh đã phát hiện sai phạm và yêu cầu thu hồi 1,2 tỷ đồng.")
    assert [(t[0], t[1]) for t in got] == [("thu hồi 1,2 tỷ đồng", "Thanh tra tỉnh")]


def test_a_leader_who_adopts_a_proposal_and_hands_it_out_is_the_issuer(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Cử tri đề nghị sửa chữa tuyến đường liên xã.",
        "Chủ tịch UBND tỉnh đồng ý và giao Sở Giao thông vận tải khảo sát, sửa chữa trong quý I.",
    )
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("khảo sát, sửa chữa trong quý I", "Chủ tịch UBND tỉnh", "Sở Giao thông vận tải")
    ]


def test_a_capital_after_giao_starts_a_name_not_a_briefing(nlp: Language) -> None:
    # "giao ban" is a briefing meeting; "giao Ban Tổ chức ..." hands a task to a body
    got = _tasks(nlp, "Ban Thường vụ Tỉnh ủy giao Ban Tổ chức Tỉnh ủy hướng dẫn các huyện tổ chức đại hội chi bộ.")
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("hướng dẫn các huyện tổ chức đại hội chi bộ", "Ban Thường vụ Tỉnh ủy", "Ban Tổ chức Tỉnh ủy")
    ]
    assert _tasks(nlp, "Sáng 5/3, UBND tỉnh tổ chức giao ban tháng 3.") == []


def test_an_addressee_list_goes_on_over_a_colon_and_semicolons(extractor: DirectiveExtractor, nlp: Language) -> None:
    # GUIDELINE: "Các sở: ...; Công an tỉnh; UBND các huyện ..." is one assignee; a colon before tasks opens a list
    sentence = (
        "Chủ tịch UBND tỉnh yêu cầu các sở: Y tế, Giáo dục và Đào tạo; Công an tỉnh; UBND các huyện khẩn trương "
        "triển khai các biện pháp phòng dịch."
    )
    listed = "các sở: Y tế, Giáo dục và Đào tạo; Công an tỉnh; UBND các huyện"
    assert [(t[0], t[2]) for t in _tasks(nlp, sentence)] == [
        ("khẩn trương triển khai các biện pháp phòng dịch", listed)
    ]
    assert [(i[0], i[3]) for i in items_of(extractor, sentence)] == [
        ("khẩn trương triển khai các biện pháp phòng dịch", listed)
    ]
    got = _tasks(nlp, "Chủ tịch UBND tỉnh yêu cầu các sở, ngành: rà soát hồ sơ; báo cáo kết quả trước ngày 10/12.")
    assert [(t[0], t[2]) for t in got] == [
        ("rà soát hồ sơ", "các sở, ngành"),
        ("báo cáo kết quả trước ngày 10/12", "các sở, ngành"),
    ]


def test_a_lead_that_repeats_a_task_of_the_body_gives_no_item_of_its_own(extractor: DirectiveExtractor) -> None:
    # GUIDELINE: a sapo repeating a directive of the body is like a headline; one that says more keeps its item
    lead = "(Báo X) - Chủ tịch UBND tỉnh yêu cầu các huyện khẩn trương sơ tán dân khỏi vùng nguy hiểm."
    body = (
        "Chiều 5/11, Chủ tịch UBND tỉnh Nguyễn Văn An ký công điện yêu cầu các huyện khẩn trương sơ tán dân "
        "khỏi vùng nguy hiểm trước 17 giờ. Đồng thời, kiểm tra các hồ chứa nước."
    )
    assert [(i[0], i[2], i[4]) for i in items_of(extractor, lead, body)] == [
        ("khẩn trương sơ tán dân khỏi vùng nguy hiểm trước 17 giờ", "Nguyễn Văn An", "trước 17 giờ"),
        ("kiểm tra các hồ chứa nước", "Nguyễn Văn An", None),
    ]
    more = "(Báo X) - Chủ tịch UBND tỉnh yêu cầu các huyện khẩn trương sơ tán dân khỏi vùng nguy hiểm và vùng trũng."
    assert [i[0] for i in items_of(extractor, more, body)] == [
        "khẩn trương sơ tán dân khỏi vùng nguy hiểm và vùng trũng",
        "khẩn trương sơ tán dân khỏi vùng nguy hiểm trước 17 giờ",
        "kiểm tra các hồ chứa nước",
    ]


def test_the_whole_system_is_an_addressee_and_a_connective_before_a_pronoun_is_no_name(
    extractor: DirectiveExtractor,
) -> None:
    got = items_of(
        extractor,
        "Phát biểu tại cuộc họp, Chủ tịch UBND tỉnh Nguyễn Văn An cho biết, mục tiêu tăng trưởng năm nay là 10%, "
        "do vậy ông yêu cầu toàn hệ thống quyết tâm cao, đẩy nhanh giải ngân vốn đầu tư công.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("quyết tâm cao, đẩy nhanh giải ngân vốn đầu tư công", "Nguyễn Văn An", "toàn hệ thống")
    ]


def test_a_sentence_opening_with_dac_biet_la_goes_on_with_the_scope(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Chủ tịch UBND tỉnh đề nghị các huyện quan tâm cải cách thủ tục hành chính. "
        "Đặc biệt là có giải pháp nâng cao trách nhiệm của cán bộ; quan tâm tới công tác quy hoạch cán bộ.",
    )
    assert [(t[0], t[2]) for t in got] == [
        ("quan tâm cải cách thủ tục hành chính", "các huyện"),
        ("có giải pháp nâng cao trách nhiệm của cán bộ", "các huyện"),
        ("quan tâm tới công tác quy hoạch cán bộ", "các huyện"),
    ]


def test_a_quoted_first_person_promise_is_the_speakers_commitment(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor, "“Tôi sẽ giữ mối liên hệ chặt chẽ với cử tri, lắng nghe ý kiến của Nhân dân”, ông Nguyễn Văn An nói."
    )
    assert got == [
        (
            "giữ mối liên hệ chặt chẽ với cử tri, lắng nghe ý kiến của Nhân dân",
            "commitment",
            "Nguyễn Văn An",
            None,
            None,
        )
    ]
    # "we must" in a quote is no one else's task
    assert items_of(extractor, "“Chúng tôi phải làm tốt hơn nữa công tác này”, ông Nguyễn Văn An nói.") == []


def test_a_habit_reported_in_the_past_is_no_instruction(nlp: Language) -> None:
    # GUIDELINE: a habit asserted without a future is not an item; the same order as news of the day is one
    habit = "Hàng năm vào mùa mưa, UBND phường đã chỉ đạo Ban Chỉ huy phòng chống lụt bão phường tuyên truyền."
    assert _tasks(nlp, habit) == []
    news = "Ngày 5/3, UBND phường đã chỉ đạo các tổ dân phố tuyên truyền an toàn giao thông."
    assert [(t[0], t[1], t[2]) for t in _tasks(nlp, news)] == [
        ("tuyên truyền an toàn giao thông", "UBND phường", "các tổ dân phố")
    ]


def test_residents_addressed_by_an_order_are_its_addressee(nlp: Language) -> None:
    got = _tasks(nlp, "UBND xã yêu cầu người dân không đốt rơm rạ gần đường dây điện.")
    assert [(t[0], t[2]) for t in got] == [("không đốt rơm rạ gần đường dây điện", "người dân")]


def test_a_list_of_places_after_a_label_or_a_plural_is_no_task(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Chủ tịch UBND tỉnh yêu cầu các huyện rà soát các khu vực xung yếu; "
        "các khu vực dễ sạt lở như Tân Sơn, Tân Phú; khởi công kè chống sạt lở.",
    )
    assert [i[0] for i in got] == ["rà soát các khu vực xung yếu", "khởi công kè chống sạt lở"]


def test_a_speech_act_word_followed_by_va_is_one_of_the_speakers_deeds(nlp: Language) -> None:
    # "thăm hỏi, động viên và tặng quà": what the speaker did; "yêu cầu và giao X ...": the second act leads
    assert (
        _tasks(nlp, "Chủ tịch UBND tỉnh đã thăm hỏi, động viên và tặng quà Tết cho công nhân trên công trường.") == []
    )
    got = _tasks(nlp, "Chủ tịch UBND tỉnh yêu cầu và giao Sở Xây dựng kiểm tra chất lượng công trình.")
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("kiểm tra chất lượng công trình", "Chủ tịch UBND tỉnh", "Sở Xây dựng")
    ]


def test_an_inspection_conclusion_gives_every_demand_of_the_inspecting_body(extractor: DirectiveExtractor) -> None:
    # GUIDELINE: "qua thanh tra đã phát hiện và yêu cầu thu hồi ...; kiến nghị kiểm điểm ..." are directives
    got = items_of(
        extractor,
        "Qua thanh tra, Thanh tra tỉnh đã phát hiện sai phạm và yêu cầu thu hồi 1,2 tỷ đồng; "
        "kiến nghị kiểm điểm trách nhiệm các cá nhân liên quan.",
    )
    assert [(i[0], i[2]) for i in got] == [
        ("thu hồi 1,2 tỷ đồng", "Thanh tra tỉnh"),
        ("kiểm điểm trách nhiệm các cá nhân liên quan", "Thanh tra tỉnh"),
    ]


def test_a_whole_body_name_before_the_task_is_the_assignee_in_the_merged_output(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor, "Ban Thường vụ Tỉnh ủy giao Ban Tổ chức Tỉnh ủy hướng dẫn các huyện tổ chức đại hội chi bộ."
    )
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("hướng dẫn các huyện tổ chức đại hội chi bộ", "Ban Thường vụ Tỉnh ủy", "Ban Tổ chức Tỉnh ủy")
    ]


def test_a_speech_act_after_a_semicolon_shares_the_subject_of_the_sentence(nlp: Language) -> None:
    # "X thống nhất với báo cáo ...; đồng thời yêu cầu Y ...": one subject, coordinated predicates
    got = _tasks(
        nlp,
        "Chủ tịch UBND tỉnh thống nhất với báo cáo của Sở Tài chính tại văn bản số 12/STC; "
        "đồng thời yêu cầu UBND huyện Tân Lạc tổ chức thực hiện các kết luận; tuyên truyền cho người dân.",
    )
    assert [(t[0], t[1], t[2], t[3][-1]) for t in got] == [
        ("tổ chức thực hiện các kết luận", "Chủ tịch UBND tỉnh", "UBND huyện Tân Lạc", "speaker.shared"),
        ("tuyên truyền cho người dân", "Chủ tịch UBND tỉnh", "UBND huyện Tân Lạc", "decide.continue_action"),
    ]
    # a semicolon segment that a subject of its own opens does not share the first one's
    own = _tasks(nlp, "Sở Tài chính đã báo cáo kết quả rà soát; Chủ tịch UBND huyện yêu cầu các xã báo cáo lại.")
    assert [(t[0], t[1]) for t in own] == [("báo cáo lại", "Chủ tịch UBND huyện")]


def test_a_bare_place_name_before_a_modal_is_the_addressee(nlp: Language) -> None:
    # a visiting leader addresses the province by its name alone; "trong lãnh đạo, chỉ đạo" is a noun, no act
    got = _tasks(
        nlp,
        "Chủ tịch UBND tỉnh lưu ý Phú Yên cần đổi mới tư duy trong lãnh đạo, chỉ đạo; "
        "có tầm nhìn dài hạn về phát triển kinh tế biển.",
    )
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("đổi mới tư duy trong lãnh đạo, chỉ đạo", "Chủ tịch UBND tỉnh", "Phú Yên"),
        ("có tầm nhìn dài hạn về phát triển kinh tế biển", "Chủ tịch UBND tỉnh", "Phú Yên"),
    ]
    # without a modal, a known action after the capitalised words ends the addressee all the same
    assert [(t[0], t[2]) for t in _tasks(nlp, "Chủ tịch UBND tỉnh lưu ý Phú Yên đổi mới tư duy.")] == [
        ("đổi mới tư duy", "Phú Yên")
    ]


def test_an_emphasis_word_that_names_the_occasion_yields_to_the_speakers_act(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Kết luận hội nghị, Phó Chủ tịch UBND tỉnh nhấn mạnh, nhiệm vụ thu ngân sách năm 2026 rất nặng nề, "
        "phấn đấu thu vượt dự toán được giao.",
    )
    # the occasion is not the addressee: "Kết luận" yields to the speaker's "nhấn mạnh"
    assert [(i[0], i[2], i[3]) for i in got] == [
        ("phấn đấu thu vượt dự toán được giao", "Phó Chủ tịch UBND tỉnh", None)
    ]


def test_a_national_title_opens_a_speaker_reference(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "Dự đại hội có ông Trần Văn Bình, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư.",
        "Thường trực Ban Bí thư đề nghị tỉnh cần bảo vệ vững chắc chủ quyền biển.",
    )
    assert [(i[0], i[2], i[3]) for i in got] == [("bảo vệ vững chắc chủ quyền biển", "Trần Văn Bình", "tỉnh")]


def test_a_segment_with_the_time_of_completion_dates_the_task_before(extractor: DirectiveExtractor) -> None:
    # "thời gian hoàn thành và báo cáo kết quả ...": a deadline statement, not a task of its own
    got = items_of(
        extractor,
        "Phó Chủ tịch UBND tỉnh giao UBND huyện Tân Lạc rà soát hồ sơ, trả lời công dân; "
        "thời gian hoàn thành và báo cáo kết quả về UBND tỉnh trong tháng 6/2026.",
    )
    assert [(i[0], i[3], i[4]) for i in got] == [
        ("rà soát hồ sơ, trả lời công dân", "UBND huyện Tân Lạc", "trong tháng 6/2026")
    ]
    dotted = items_of(
        extractor, "UBND tỉnh yêu cầu UBND huyện xử lý dứt điểm sai phạm; hoàn thành trước ngày 15.12.2026."
    )
    assert [(i[0], i[4]) for i in dotted] == [("xử lý dứt điểm sai phạm", "trước ngày 15.12.2026")]


def test_a_comma_inside_a_bodys_name_separates_no_chunk(nlp: Language) -> None:
    got = _tasks(nlp, "Sở Văn hóa, Thể thao và Du lịch tỉnh yêu cầu các doanh nghiệp niêm yết giá công khai.")
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("niêm yết giá công khai", "Sở Văn hóa, Thể thao và Du lịch tỉnh", "các doanh nghiệp")
    ]
    pair = _tasks(nlp, "Ban Chỉ đạo phòng, chống dịch tỉnh đề nghị các xã tăng cường kiểm tra.")
    assert [(t[0], t[1], t[2]) for t in pair] == [
        ("tăng cường kiểm tra", "Ban Chỉ đạo phòng, chống dịch tỉnh", "các xã")
    ]


def test_a_named_local_government_gives_orders_also_as_news_of_the_day(nlp: Language) -> None:
    got = _tasks(
        nlp, "Trước tình hình trên, huyện Tân Lạc đã chỉ đạo các xã tăng cường trực ban; huy động lực lượng hộ đê."
    )
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("tăng cường trực ban", "huyện Tân Lạc", "các xã"),
        ("huy động lực lượng hộ đê", "huyện Tân Lạc", "các xã"),
    ]
    # the same order inside a period report is part of the report (GUIDELINE)
    assert _tasks(nlp, "Năm qua, huyện Tân Lạc đã chỉ đạo các xã rà soát hộ nghèo.") == []
    # a level word without a name is no speaker
    assert _tasks(nlp, "Trước tình hình trên, các huyện đã chỉ đạo các xã tăng cường trực ban.") == []


def test_a_speaker_who_praises_first_shares_the_subject_with_the_order(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Kiểm tra thực địa, Chủ tịch UBND tỉnh biểu dương nỗ lực của các ngành, "
        "đồng thời yêu cầu các địa phương đẩy nhanh tiến độ bồi thường.",
    )
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("đẩy nhanh tiến độ bồi thường", "Chủ tịch UBND tỉnh", "các địa phương")
    ]


def test_viec_after_a_speech_act_opens_the_task_with_its_verb(nlp: Language) -> None:
    # "tiết kiệm" need not be a verb the lexicon knows: "việc" says a verb follows
    got = _tasks(nlp, "Thường trực HĐND tỉnh nhấn mạnh việc tiết kiệm chi thường xuyên để mua thiết bị y tế.")
    assert [(t[0], t[1], t[3][0]) for t in got] == [
        ("tiết kiệm chi thường xuyên để mua thiết bị y tế", "Thường trực HĐND tỉnh", "decide.lead")
    ]


def test_a_circumstance_before_the_subject_of_an_obligation_is_skipped(nlp: Language) -> None:
    lead = "UBND tỉnh yêu cầu các sở tăng cường kiểm tra đê bao."
    got = _tasks(
        nlp, lead, "Tại những điểm có nguy cơ cao, gần khu dân cư, các xã phải khoanh vùng, cắm biển cảnh báo."
    )
    assert [(t[0], t[2]) for t in got] == [
        ("tăng cường kiểm tra đê bao", "các sở"),
        ("khoanh vùng, cắm biển cảnh báo", "các xã"),
    ]
    # "cũng" (also) is no obligation: what the delegation also did is no task
    also = _tasks(nlp, lead, "Cùng ngày, đoàn công tác cũng đến thăm Trung tâm Y tế huyện.")
    assert [t[0] for t in also] == ["tăng cường kiểm tra đê bao"]


def test_one_task_among_others_is_a_focus_statement(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "UBND tỉnh yêu cầu các sở tăng cường kiểm tra đê bao.",
        "Một nhiệm vụ quan trọng khác là theo dõi diễn biến sạt lở bờ sông.",
    )
    assert [(t[0], t[3][0]) for t in got] == [
        ("tăng cường kiểm tra đê bao", "decide.lead"),
        ("theo dõi diễn biến sạt lở bờ sông", "decide.focus"),
    ]


def test_a_purpose_clause_before_the_addressee_is_a_circumstance(nlp: Language) -> None:
    got = _tasks(
        nlp,
        'Chủ tịch UBND tỉnh nhấn mạnh: "Để hoàn thành mục tiêu năm, Ban Thường vụ Huyện ủy cần chú trọng '
        'công tác cán bộ."',
    )
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("chú trọng công tác cán bộ", "Chủ tịch UBND tỉnh", "Ban Thường vụ Huyện ủy")
    ]


def test_a_subject_the_task_is_done_to_stays_in_the_text(extractor: DirectiveExtractor) -> None:
    # "phải được kiểm tra": the stores undergo the check; they are the task's matter, not its addressee
    got = items_of(
        extractor,
        "UBND tỉnh yêu cầu các sở kiểm tra đê bao. Vì thế, các kho hàng, bãi rác cũng phải được kiểm tra, xử lý.",
    )
    assert [(i[0], i[3]) for i in got] == [
        ("kiểm tra đê bao", "các sở"),
        ("các kho hàng, bãi rác cũng phải được kiểm tra, xử lý", None),
    ]


def test_a_short_label_before_a_colon_heads_a_list_entry(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Sở Du lịch tỉnh đề nghị các doanh nghiệp thực hiện những nội dung sau:",
        "- Giá cả minh bạch: Niêm yết giá công khai tại cơ sở.",
        "- Tăng cường giám sát: UBND các xã đẩy mạnh kiểm tra, xử lý các vi phạm.",
        "- Sở Y tế: chủ trì kiểm tra an toàn thực phẩm.",
    )
    assert [(t[0], t[2]) for t in got] == [
        ("Niêm yết giá công khai tại cơ sở", "các doanh nghiệp"),
        ("đẩy mạnh kiểm tra, xử lý các vi phạm", "UBND các xã"),
        ("chủ trì kiểm tra an toàn thực phẩm", "Sở Y tế"),
    ]


def test_ve_viec_ends_the_addressee_before_the_task(nlp: Language) -> None:
    got = _tasks(nlp, "Chủ tịch UBND tỉnh chỉ đạo lãnh đạo các sở, ngành về việc khẩn trương số hóa hồ sơ.")
    assert [(t[0], t[2]) for t in got] == [("khẩn trương số hóa hồ sơ", "lãnh đạo các sở, ngành")]


def test_bi_inside_an_addressee_says_which_ones(nlp: Language) -> None:
    got = _tasks(nlp, "Ban Chỉ huy tỉnh đề nghị UBND các huyện bị thiệt hại huy động lực lượng dọn dẹp.")
    assert [(t[0], t[2]) for t in got] == [("huy động lực lượng dọn dẹp", "UBND các huyện bị thiệt hại")]
    # what befell a subject is a report, no task
    assert _tasks(nlp, "Nhiều nhà dân bị tốc mái trong đêm qua.") == []


def test_a_speech_act_word_between_commas_is_one_deed_of_a_list(nlp: Language) -> None:
    got = _tasks(
        nlp, "Sáng 28/1, Chủ tịch UBND tỉnh đã đến thăm, động viên, tặng quà các lực lượng trực Tết tại cửa khẩu."
    )
    assert got == []


def test_a_speech_act_word_inside_a_title_does_not_block_a_shared_subject(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Đồng chí Trần Văn Bình, Phó Chủ tịch UBND tỉnh, Trưởng ban chỉ đạo đánh giá cao kết quả của ngành, "
        "đồng thời đề nghị Sở Du lịch bổ sung nội dung chương trình liên kết.",
    )
    assert [(t[0], t[2], t[3][-1]) for t in got] == [
        ("bổ sung nội dung chương trình liên kết", "Sở Du lịch", "speaker.shared")
    ]


def test_a_commitment_reported_after_a_colon(nlp: Language) -> None:
    text = "Giám đốc Công an tỉnh cho biết: Công an tỉnh sẽ điều động xe chở nước đến các xã vùng hạn."
    found = Discourse(lambda chunk, at: chunk).run([(0, nlp(text))])
    assert [(text[t.start : t.end], t.issuer, t.assignee, t.kind, t.rules) for t in found] == [
        (
            "điều động xe chở nước đến các xã vùng hạn",
            "Giám đốc Công an tỉnh",
            "Công an tỉnh",
            "commitment",
            ("decide.report",),
        )
    ]


def test_any_thing_as_subject_of_a_passive_duty_stays_in_the_text(extractor: DirectiveExtractor) -> None:
    # no matter noun ("Việc", "Công tác") heads the subject: "phải được" alone says it is done to
    lead = "Phó Chủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ đất đai."
    got = items_of(extractor, f"{lead} Danh sách các hộ vi phạm phải được gửi về Sở trước ngày 20/11/2027.")
    assert [(i[0], i[3], i[4]) for i in got] == [
        ("rà soát hồ sơ đất đai", "các sở", None),
        ("Danh sách các hộ vi phạm phải được gửi về Sở trước ngày 20/11/2027", "các sở", "trước ngày 20/11/2027"),
    ]
    # what was done is no duty; without a speech in scope there is nobody who asks
    assert [i[0] for i in items_of(extractor, f"{lead} Danh sách các hộ đã được gửi về Sở.")] == [
        "rà soát hồ sơ đất đai"
    ]
    assert items_of(extractor, "Danh sách các hộ vi phạm phải được gửi về Sở trước ngày 20/11/2027.") == []


@pytest.mark.parametrize(
    ("sentence", "task", "addressee"),
    [
        (
            "Ban Thường vụ Huyện ủy yêu cầu các cấp, các ngành bắt tay ngay vào việc sau kỳ nghỉ.",
            "bắt tay ngay vào việc sau kỳ nghỉ",
            "các cấp, các ngành",
        ),
        (
            "Chủ tịch UBND tỉnh yêu cầu các xã ven biển chằng chống nhà cửa, cắt tỉa cây xanh.",
            "chằng chống nhà cửa, cắt tỉa cây xanh",
            "các xã ven biển",
        ),
        (
            "Giám đốc Sở đề nghị các phòng chuyên môn thu gom rác thải quanh chợ đầu mối.",
            "thu gom rác thải quanh chợ đầu mối",
            "các phòng chuyên môn",
        ),
        # the verb in a team's name names its purpose: "đoàn kiểm tra" is the addressee, not "đoàn"
        (
            "Bí thư Tỉnh ủy yêu cầu đoàn kiểm tra tiếp tục theo dõi việc khắc phục.",
            "tiếp tục theo dõi việc khắc phục",
            "đoàn kiểm tra",
        ),
    ],
)
def test_an_addressee_ends_where_a_common_verb_of_a_task_starts(
    nlp: Language, sentence: str, task: str, addressee: str
) -> None:
    assert [(t[0], t[2]) for t in _tasks(nlp, sentence)] == [(task, addressee)]


def test_a_capitalised_verb_in_a_speaking_bodys_name_is_part_of_the_name(nlp: Language) -> None:
    # "Phòng chống" is capitalised inside the body's name: no action of the speaker before the speech act
    got = _tasks(
        nlp,
        "Ban Chỉ huy Phòng chống thiên tai tỉnh yêu cầu UBND các xã ven sông rà soát các điểm sạt lở.",
        "Ban Quản lý Khu kinh tế ngày 5/8 đã có văn bản đề nghị các doanh nghiệp kiểm tra hệ thống phòng cháy.",
    )
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("rà soát các điểm sạt lở", "Ban Chỉ huy Phòng chống thiên tai tỉnh", "UBND các xã ven sông"),
        ("kiểm tra hệ thống phòng cháy", "Ban Quản lý Khu kinh tế", "các doanh nghiệp"),
    ]
    # lower-case, the verb is the speaker's own act, and the speech act belongs to it
    assert _tasks(nlp, "Ban Chỉ huy tỉnh kiểm tra đê điều, yêu cầu các xã gia cố ngay.")[0][1] == "Ban Chỉ huy tỉnh"


def test_a_speech_act_after_a_reporting_verb_and_its_comma_is_the_reporters(nlp: Language) -> None:
    got = _tasks(
        nlp,
        "Chiều 5/8, UBND huyện cho biết, đã giao Phòng Kinh tế chủ trì rà soát các hộ bị ngập.",
        "UBND tỉnh cho biết đã giao Sở Kế hoạch và Đầu tư chủ trì thẩm định các dự án chậm tiến độ.",
    )
    assert [(t[0], t[1], t[2]) for t in got] == [
        ("chủ trì rà soát các hộ bị ngập", "UBND huyện", "Phòng Kinh tế"),
        ("chủ trì thẩm định các dự án chậm tiến độ", "UBND tỉnh", "Sở Kế hoạch và Đầu tư"),
    ]
    # what was assigned over a past period is a report, not a new instruction
    assert _tasks(nlp, "Năm qua, UBND huyện cho biết, đã giao các phòng kiểm tra 50 công trình.") == []


def test_a_time_frame_before_an_addressee_list_dates_its_task(nlp: Language) -> None:
    # the last comma before "phải" splits the addressee list, not the frame from the subject
    got = _tasks(
        nlp,
        "UBND tỉnh ban hành công điện yêu cầu các sở, ngành tập trung ứng phó bão số 3.",
        "Trước 17 giờ ngày 9/10, các xã, phường phải báo cáo UBND tỉnh kết quả sơ tán dân.",
    )
    assert [(t[0], t[2]) for t in got] == [
        ("tập trung ứng phó bão số 3", "các sở, ngành"),
        ("báo cáo UBND tỉnh kết quả sơ tán dân", "các xã, phường"),
    ]
    # "Ngày 9/10, ..." dates the news: no deadline
    dated = _tasks(
        nlp, "UBND tỉnh yêu cầu các sở rà soát đê điều. Ngày 9/10, các xã, phường phải báo cáo số hộ sơ tán."
    )
    assert [t[0] for t in dated] == ["rà soát đê điều", "báo cáo số hộ sơ tán"]


def test_the_deadline_of_a_task_after_a_time_frame_is_the_frame(extractor: DirectiveExtractor) -> None:
    got = items_of(
        extractor,
        "UBND tỉnh ban hành công điện yêu cầu các sở, ngành tập trung ứng phó bão số 3.",
        "Trước 17 giờ ngày 9/10, các xã, phường phải báo cáo UBND tỉnh kết quả sơ tán dân.",
    )
    assert [(i[0], i[4]) for i in got] == [
        ("tập trung ứng phó bão số 3", None),
        ("báo cáo UBND tỉnh kết quả sơ tán dân", "Trước 17 giờ ngày 9/10"),
    ]


def test_toan_the_opens_an_addressee(nlp: Language) -> None:
    got = _tasks(nlp, "UBND huyện kêu gọi toàn thể cán bộ, công chức và học sinh tập trung phòng, chống dịch bệnh.")
    assert [(t[0], t[2]) for t in got] == [
        ("tập trung phòng, chống dịch bệnh", "toàn thể cán bộ, công chức và học sinh")
    ]
