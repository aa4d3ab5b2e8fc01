"""The spaCy pipeline: tokenizer, sentence and clause segmentation, cue matching."""

from __future__ import annotations

import pytest
from spacy.language import Language

from chidao.nlp.lexicon import lexicon_from_bundle
from chidao.nlp.patterns import pattern_rules_from_bundle
from chidao.nlp.pipeline import build_pipeline
from tests.support.config import BUNDLE


@pytest.fixture(scope="module")
def nlp() -> Language:
    lexicon = lexicon_from_bundle(BUNDLE)
    return build_pipeline(lexicon, pattern_rules_from_bundle(BUNDLE, lexicon))


def test_pipeline_components_are_registered_factories(nlp: Language) -> None:
    assert nlp.pipe_names == ["chidao_sentences", "chidao_clauses", "chidao_cues", "chidao_segments", "chidao_marks"]
    assert nlp.lang == "vi"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Chiều 27/5, UBND huyện mở hội nghị. Ông Lâm Văn Tài chủ trì.",
            ["Chiều 27/5, UBND huyện mở hội nghị.", "Ông Lâm Văn Tài chủ trì."],
        ),
        ("Đoàn đến TP. Rạch Giá làm việc. Sau đó về huyện.", ["Đoàn đến TP. Rạch Giá làm việc.", "Sau đó về huyện."]),
        (
            "PGS.TS. Trần Văn Bình phát biểu. Hội nghị kết thúc.",
            ["PGS.TS. Trần Văn Bình phát biểu.", "Hội nghị kết thúc."],
        ),
        ("Anh H.V.S. (24 tuổi) bị thương. Xe bị hư hỏng.", ["Anh H.V.S. (24 tuổi) bị thương.", "Xe bị hư hỏng."]),
        ("Các loại cây như điều, cao su... được hỗ trợ.", ["Các loại cây như điều, cao su... được hỗ trợ."]),
        ("Hoàn thành trong năm./. Tin: Minh Anh", ["Hoàn thành trong năm./.", "Tin: Minh Anh"]),
        ("Kinh tế tăng trưởng… Tuy nhiên còn khó khăn.", ["Kinh tế tăng trưởng…", "Tuy nhiên còn khó khăn."]),
    ],
)
def test_sentence_segmentation_handles_abbreviations_and_dates(nlp: Language, text: str, sentences: list[str]) -> None:
    assert [s.text for s in nlp(text).sents] == sentences


def test_clauses_split_at_semicolons_not_commas(nlp: Language) -> None:
    doc = nlp("Tăng cường kiểm tra, giám sát; đẩy mạnh cải cách hành chính. Sở Y tế chủ trì.")
    assert [c.text for c in doc.spans["clauses"]] == [
        "Tăng cường kiểm tra, giám sát",
        "đẩy mạnh cải cách hành chính.",
        "Sở Y tế chủ trì.",
    ]


def test_cue_matcher_labels_words_case_insensitively(nlp: Language) -> None:
    doc = nlp("Chủ tịch UBND huyện yêu cầu các phòng: Tăng cường kiểm tra, giám sát.")
    found = {(label, text) for _, _, label, _, _, text in doc.user_data["cues"]}
    assert {("titles", "Chủ tịch"), ("speech_acts", "yêu cầu"), ("action_heads", "Tăng cường")} <= found


def test_a_capitalised_verb_after_a_word_is_part_of_a_name(nlp: Language) -> None:
    doc = nlp("Sở Xây dựng và Sở Nông nghiệp và Phát triển nông thôn kiểm tra. Xây dựng kế hoạch.")
    actions = [(text, start) for _, _, label, start, _, text in doc.user_data["cues"] if label == "action_heads"]
    assert actions == [("kiểm tra", 54), ("Xây dựng", 64)]


def test_a_capitalised_modal_after_a_word_is_part_of_a_name(nlp: Language) -> None:
    doc = nlp("UBND thành phố Cần Thơ cần rà soát. Cần làm rõ trách nhiệm.")
    modals = [(text, start) for _, _, label, start, _, text in doc.user_data["cues"] if label == "modals"]
    assert modals == [("cần", 23), ("Cần", 36)]
