"""The trained topic model (tasks/chidao/nlp/topic_model.py), its training set and the lexicon|model|ensemble switch.

One model is trained per test session from the real config (a few seconds) into a temporary cache.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from chidao.core.models import TOPIC_LABELS, CleanedArticle
from chidao.nlp.classify import ArticleClassifier, ConfigError, TopicLexicon
from chidao.nlp.topic_model import (
    TopicModel,
    TopicModelSettings,
    cache_root,
    model_text,
    paragraphs_of,
    read_training_file,
)
from chidao.nlp.topic_training import generate_examples, main

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"


def _settings() -> TopicModelSettings:
    settings = TopicLexicon.from_file(CONFIG_DIR / "topics.yaml").model_settings
    assert settings is not None
    return settings


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="module")
def model(cache_dir: Path) -> TopicModel:
    return TopicModel.load_or_train(_settings(), cache_dir)


def _article(title: str, *paragraphs: str) -> CleanedArticle:
    return CleanedArticle(title=title, text=title + "\n" + "\n".join(paragraphs))


STORM = _article(
    "Chủ động ứng phó mưa lũ",
    "Chủ tịch UBND tỉnh yêu cầu các địa phương theo dõi sát diễn biến của áp thấp nhiệt đới, sơ tán người dân "
    "khỏi vùng nguy cơ sạt lở, lũ quét và gia cố hồ đập trước mùa lũ.",
    "Các huyện ven biển kêu gọi tàu thuyền vào nơi tránh trú, kiểm tra đê điều, chuẩn bị lực lượng ứng phó "
    "thiên tai và bảo đảm an toàn cho người dân vùng trũng thấp.",
)


# --- text preparation ---------------------------------------------------------------------------------------


def test_model_text_keeps_words_only() -> None:
    assert model_text("Sở Xây dựng, Sở Y tế; UBND Thanh Hoá.") == "sở xây dựng sở y tế ubnd thanh hóa"


def test_paragraphs_drop_captions_and_cut_long_paragraphs() -> None:
    sentence = "Tỉnh đẩy nhanh giải ngân vốn đầu tư công cho các công trình giao thông trọng điểm năm nay. "
    body = "Ảnh: Minh họa\n" + sentence * 20 + "\nNgắn thôi."
    chunks = paragraphs_of(body)
    # 19 words a sentence, cut once a chunk reaches 60 words: 5 chunks of 4 sentences, caption and "Ngắn thôi." gone.
    assert [len(chunk.split()) for chunk in chunks] == [76] * 5
    assert all(chunk.startswith("tỉnh đẩy nhanh") for chunk in chunks)


# --- training file ------------------------------------------------------------------------------------------


def test_committed_training_file_is_what_the_phrase_file_generates() -> None:
    committed = [json.loads(line) for line in (CONFIG_DIR / "training" / "topics.jsonl").read_text().splitlines()]
    assert committed == generate_examples(CONFIG_DIR / "training" / "topic_phrases.yaml")
    labels_seen = {label for example in committed for label in example["labels"]}
    assert labels_seen == set(TOPIC_LABELS)
    assert any(example["labels"] == [] for example in committed)
    assert any(len(example["labels"]) == 2 for example in committed)


def test_bad_training_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "topics.jsonl"
    path.write_text('{"text": "giải ngân vốn", "labels": ["economy"]}\n{"text": "x", "labels": ["sport"]}\n')
    with pytest.raises(ConfigError, match=rf"^{path}:2: \"labels\" must be a list of topic labels"):
        read_training_file(path)
    path.write_text('{"text": "giải ngân vốn", "labels": ["economy"]}\n\n{"text": \n')
    with pytest.raises(ConfigError, match=rf"^{path}:3: invalid JSON"):
        read_training_file(path)


def test_generate_command_rewrites_the_training_file(tmp_path: Path) -> None:
    (tmp_path / "training").mkdir()
    shutil.copy(CONFIG_DIR / "training" / "topic_phrases.yaml", tmp_path / "training")
    assert main(["generate", "--config", str(tmp_path)]) == 0
    written = (tmp_path / "training" / "topics.jsonl").read_text(encoding="utf-8")
    assert written == (CONFIG_DIR / "training" / "topics.jsonl").read_text(encoding="utf-8")


# --- settings -----------------------------------------------------------------------------------------------


def _topics_with(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = (CONFIG_DIR / "topics.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path = tmp_path / "topics.yaml"
    path.write_text(text, encoding="utf-8")
    return path, next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(new.rstrip("\n")))


def test_unknown_method_names_file_and_line(tmp_path: Path) -> None:
    path, line = _topics_with(tmp_path, "method: lexicon\n", "method: neural\n")
    with pytest.raises(ConfigError) as caught:
        TopicLexicon.from_file(path)
    assert str(caught.value) == f"{path}:{line}: unknown method 'neural' (known: lexicon, model, ensemble)"


def test_model_fraction_out_of_range_names_file_and_line(tmp_path: Path) -> None:
    path, line = _topics_with(tmp_path, "  ensemble_weight: 0.2\n", "  ensemble_weight: 2\n")
    with pytest.raises(ConfigError) as caught:
        TopicLexicon.from_file(path)
    assert str(caught.value) == f"{path}:{line}: model ensemble_weight must be between 0 and 1"


def test_model_method_needs_its_training_file(tmp_path: Path) -> None:
    path, _ = _topics_with(tmp_path, "method: lexicon\n", "method: model\n")
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("  training_file:"))
    with pytest.raises(ConfigError) as caught:
        TopicLexicon.from_file(path)
    assert str(caught.value) == f"{path}:{line}: training file {tmp_path / 'training' / 'topics.jsonl'} not found"
    # The lexicon alone does not need the training file.
    path, _ = _topics_with(tmp_path, "method: lexicon\n", "method: lexicon\n")
    assert TopicLexicon.from_file(path).method == "lexicon"


# --- the trained model --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỉnh tập trung đẩy nhanh giải ngân vốn đầu tư công và tháo gỡ khó khăn cho doanh nghiệp.", "economy"),
        ("Các trường chuẩn bị đủ giáo viên, sách giáo khoa cho học sinh trước năm học mới.", "social"),
        ("Công an huyện tăng cường tuần tra, xử lý nghiêm vi phạm nồng độ cồn và tội phạm ma túy.", "security"),
        ("Ủy ban Kiểm tra Tỉnh ủy kiểm tra đảng viên có dấu hiệu vi phạm trong kê khai tài sản.", "inspection"),
        ("Các xã vận động nhân dân, phối hợp với Mặt trận và các đoàn thể tổ chức đối thoại.", "mass_mobilization"),
        ("Người dân vùng sạt lở được sơ tán trước khi bão đổ bộ; các hồ đập xả lũ điều tiết.", "environment"),
    ],
)
def test_model_ranks_the_topic_of_a_sentence_first(model: TopicModel, text: str, expected: str) -> None:
    probabilities = model.probabilities([text])[0]
    assert max(probabilities, key=lambda label: probabilities[label]) == expected


def test_cached_model_is_loaded_not_retrained(model: TopicModel, cache_dir: Path) -> None:
    folders = list(cache_dir.glob("topic-model-*"))
    assert [folder.name for folder in folders] == [f"topic-model-{_settings().fingerprint()}"]
    again = TopicModel.load_or_train(_settings(), cache_dir)
    text = "Sở Y tế chỉ đạo các bệnh viện bảo đảm thuốc và vật tư y tế."
    assert again.probabilities([text]) == model.probabilities([text])
    assert list(cache_dir.glob("topic-model-*")) == folders


def test_each_method_labels_a_storm_article_environment(model: TopicModel) -> None:
    lexicon_only = ArticleClassifier.from_config(CONFIG_DIR)
    assert lexicon_only.method == "lexicon"
    for method in ("lexicon", "model", "ensemble"):
        classifier = ArticleClassifier(
            lexicon_only.topics, lexicon_only.types, lexicon_only.gazetteer, method=method, topic_model=model
        )
        assert classifier.classify(STORM.text, STORM).topics == ("environment",), method


def test_every_method_gives_no_topic_to_text_about_nothing(model: TopicModel) -> None:
    lexicon_only = ArticleClassifier.from_config(CONFIG_DIR)
    weather = _article("Trời nắng đẹp", "Hôm nay trời nắng đẹp, gió nhẹ, nhiều người đi dạo ven hồ buổi chiều.")
    for method in ("model", "ensemble"):
        classifier = ArticleClassifier(
            lexicon_only.topics, lexicon_only.types, lexicon_only.gazetteer, method=method, topic_model=model
        )
        assert classifier.classify(weather.text, weather).topics == (), method


def test_model_method_without_a_model_is_refused() -> None:
    lexicon_only = ArticleClassifier.from_config(CONFIG_DIR)
    with pytest.raises(ValueError, match="needs a trained topic model"):
        ArticleClassifier(lexicon_only.topics, lexicon_only.types, lexicon_only.gazetteer, method="model")


def test_cache_folder_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHIDAO_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "chidao"
    monkeypatch.setenv("CHIDAO_CACHE_DIR", str(tmp_path / "explicit"))
    assert cache_root() == tmp_path / "explicit"


def test_from_config_with_model_method_uses_the_cached_model(
    model: TopicModel, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHIDAO_CACHE_DIR", str(cache_dir))
    cached = sorted(cache_dir.iterdir())
    classifier = ArticleClassifier.from_config(CONFIG_DIR, method="ensemble")
    assert classifier.method == "ensemble" and classifier.topic_model is not None
    text = "Các trường chuẩn bị đủ giáo viên cho năm học mới."
    assert classifier.topic_model.probabilities([text]) == model.probabilities([text])
    assert sorted(cache_dir.iterdir()) == cached
