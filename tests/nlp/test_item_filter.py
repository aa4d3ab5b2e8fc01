"""The learned item filter: features, segments, veto/add decisions, the model file, training and the hook.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

import pytest

from chidao.config import ConfigError
from chidao.core.models import Directive
from chidao.core.text import clean_article_text
from chidao.nlp.analyze import TextAnalyzer
from chidao.nlp.item_filter import (
    ADDED_CUE,
    Candidate,
    ItemFilter,
    LinearModel,
    body_segments,
    candidate_features,
    enabled_item_filter,
    load_item_filter,
    segment_contexts,
)
from chidao.nlp.item_filter_training import (
    ADD_THRESHOLD,
    NO_ADD,
    NO_VETO,
    VETO_THRESHOLD,
    ArticleExamples,
    Models,
    Probabilities,
    Scored,
    article_examples,
    best_thresholds,
    fit,
    fold_models,
    load_examples,
    main,
    rules_only_analyzer,
    score_at,
    score_systems,
    system_thresholds,
    train_models,
)
from chidao.resources import bundled_config_dir
from tests.support.config import BUNDLE

ARTICLE = (
    "Tỉnh họp bàn về giao thông\n"
    "Chiều 5/3, UBND tỉnh tổ chức hội nghị về an toàn giao thông. Chủ tịch UBND tỉnh yêu cầu Sở Giao thông "
    "vận tải rà soát các điểm đen trước ngày 30/4.\n"
    "Ảnh: Toàn cảnh hội nghị\n"
    "Sở Tài chính có trách nhiệm: tham mưu bố trí kinh phí; hướng dẫn các huyện thực hiện.\n"
    "- Công an tỉnh tăng cường tuần tra ban đêm;\n"
    "- Các huyện báo cáo kết quả hằng tháng.\n"
)
NLP_SOURCE = Path(__file__).resolve().parents[2] / "tasks" / "chidao" / "nlp"


def _directive(text: str, article_text: str, issuer: str | None = "Chủ tịch UBND tỉnh") -> Directive:
    start = article_text.index(text)
    return Directive(
        text=text,
        kind="directive",
        issuer=issuer,
        assignee=None,
        deadline=None,
        sentence=text,
        start=start,
        end=start + len(text),
        cues=("speech:yêu cầu",),
    )


def test_body_segments_skip_headline_and_caption_and_keep_the_sentence_prefix() -> None:
    article = clean_article_text(ARTICLE)
    found = [(article.text[s.start : s.end], s.prefix, s.paragraph, s.entry) for s in body_segments(article)]
    assert found == [
        ("Chiều 5/3, UBND tỉnh tổ chức hội nghị về an toàn giao thông", "", 0, False),
        ("Chủ tịch UBND tỉnh yêu cầu Sở Giao thông vận tải rà soát các điểm đen trước ngày 30/4", "", 0, False),
        ("Sở Tài chính có trách nhiệm", "", 1, False),
        ("tham mưu bố trí kinh phí", "Sở Tài chính có trách nhiệm: ", 1, False),
        ("hướng dẫn các huyện thực hiện", "Sở Tài chính có trách nhiệm: tham mưu bố trí kinh phí; ", 1, False),
        ("Công an tỉnh tăng cường tuần tra ban đêm", "", 2, True),
        ("Các huyện báo cáo kết quả hằng tháng", "", 3, True),
    ]


def test_candidate_features_are_lower_case_word_features() -> None:
    candidate = Candidate(
        text="Sở Y tế kiểm tra ngay.",
        prefix="Chủ tịch tỉnh yêu cầu: ",
        paragraph=2,
        entry=False,
        cues=("speech:yêu cầu", "subject:Sở Y tế", "circumstance+kiểm tra"),
        kind="directive",
        has_issuer=True,
    )
    assert candidate_features(candidate) == [
        "h0=sở",
        "h1=y",
        "h2=tế",
        "h01=sở_y",
        "h12=y_tế",
        "u=kiểm",
        "u=ngay",
        "u=sở",
        "u=tra",
        "u=tế",
        "u=y",
        "p=tỉnh",
        "p=yêu",
        "p=cầu",
        "p-1=cầu",
        "len=<=8",
        "par=<=3",
        "entry=False",
        "rule=directive",
        "cue=circumstance",
        "cue=speech",
        "cue=subject",
        "issuer=True",
        "assignee=False",
        "deadline=False",
    ]


def test_linear_model_is_a_logistic_regression_over_feature_weights() -> None:
    model = LinearModel({"h0=sở": 2.0, "u=tra": 0.5}, bias=-1.0, threshold=0.5)
    assert model.probability(["h0=sở", "u=tra", "unknown"]) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert model.probability([]) == pytest.approx(1 / (1 + math.exp(1.0)))
    assert LinearModel.from_json(model.to_json()) == model


def test_apply_vetoes_rule_items_and_adds_segments_in_text_order() -> None:
    article = clean_article_text(ARTICLE)
    rule_items = [
        _directive("UBND tỉnh tổ chức hội nghị về an toàn giao thông", article.text),
        _directive("rà soát các điểm đen trước ngày 30/4", article.text),
    ]
    item_filter = ItemFilter(
        enabled=True,
        veto=LinearModel({"h0=ubnd": -5.0}, bias=2.0, threshold=0.5),
        add=LinearModel({"entry=True": 4.0}, bias=-2.0, threshold=0.5),
    )
    kept = item_filter.apply(article, rule_items)
    assert [(d.text, d.issuer, d.cues, d.confidence) for d in kept] == [
        ("rà soát các điểm đen trước ngày 30/4", "Chủ tịch UBND tỉnh", ("speech:yêu cầu",), 0.5),
        ("Công an tỉnh tăng cường tuần tra ban đêm", "Chủ tịch UBND tỉnh", (ADDED_CUE,), 0.881),
        ("Các huyện báo cáo kết quả hằng tháng", "Chủ tịch UBND tỉnh", (ADDED_CUE,), 0.881),
    ]
    added = kept[1]
    assert article.text[added.start : added.end] == added.text
    assert added.sentence == "- Công an tỉnh tăng cường tuần tra ban đêm;"


def test_an_added_segment_never_overlaps_a_rule_item() -> None:
    article = clean_article_text(ARTICLE)
    rule_items = [_directive("tăng cường tuần tra ban đêm", article.text)]
    take_entries = ItemFilter(enabled=True, veto=None, add=LinearModel({"entry=True": 4.0}, -2.0, 0.5))
    assert [d.text for d in take_entries.apply(article, rule_items)] == [
        "tăng cường tuần tra ban đêm",
        "Các huyện báo cáo kết quả hằng tháng",
    ]


def test_the_shipped_model_file_loads_and_is_disabled() -> None:
    shipped = load_item_filter(bundled_config_dir() / "models" / "item_filter.json")
    assert shipped.enabled is False
    assert shipped.veto is not None and shipped.veto.threshold == 0.2
    assert shipped.add is not None and shipped.add.threshold == 0.5
    assert enabled_item_filter(bundled_config_dir()) is None
    assert TextAnalyzer.from_bundle(BUNDLE).item_filter is None


def test_an_enabled_model_file_is_used(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    model = {"enabled": True, "veto": {"bias": 1.0, "threshold": 0.4, "weights": {"h0=sở": 0.5}}}
    (tmp_path / "models" / "item_filter.json").write_text(json.dumps(model), encoding="utf-8")
    assert enabled_item_filter(tmp_path) == ItemFilter(True, LinearModel({"h0=sở": 0.5}, 1.0, 0.4), None)
    assert enabled_item_filter(tmp_path / "nowhere") is None


def test_a_broken_model_file_is_a_config_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "item_filter.json"
    path.write_text("{\n  enabled: true\n}", encoding="utf-8")
    with pytest.raises(ConfigError) as not_json:
        load_item_filter(path)
    assert str(not_json.value) == f"{path}:2: not JSON: Expecting property name enclosed in double quotes"
    path.write_text('{"enabled": "yes"}', encoding="utf-8")
    with pytest.raises(ConfigError) as no_flag:
        load_item_filter(path)
    assert str(no_flag.value) == f"{path}: expected an object with a true/false 'enabled'"
    path.write_text('{"enabled": false, "add": {"bias": 0.1}}', encoding="utf-8")
    with pytest.raises(ConfigError) as no_weights:
        load_item_filter(path)
    assert str(no_weights.value) == f"{path}: 'add' needs 'bias', 'threshold' and 'weights' (numbers)"


def test_the_analyzer_applies_an_enabled_filter() -> None:
    raw = "Tỉnh kiểm tra y tế\nChủ tịch UBND tỉnh yêu cầu Sở Y tế kiểm tra các cơ sở khám bệnh trước ngày 15/6.\n"
    rules_only = TextAnalyzer.from_bundle(BUNDLE)
    assert [d.text for d in rules_only.analyze(raw).directives] == ["kiểm tra các cơ sở khám bệnh trước ngày 15/6"]
    veto_all = ItemFilter(enabled=True, veto=LinearModel({}, bias=-10.0, threshold=0.5), add=None)
    filtered = TextAnalyzer(rules_only.extractor, rules_only.classifier, rules_only.update_cues, veto_all)
    analysis = filtered.analyze(raw)
    assert analysis.directives == ()
    assert analysis.has_directives is False


def _scored(label: bool, *features: str, text: str = "") -> Scored:
    return Scored(list(features), label, text or " ".join(features))


def test_fit_separates_examples_that_one_feature_tells_apart() -> None:
    examples = [_scored(True, "h0=giao", "u=a"), _scored(False, "h0=họp", "u=a")] * 20
    model = fit(examples, threshold=0.5)
    assert [model.probability(e.features) >= 0.5 for e in examples[:2]] == [True, False]
    assert model.weights["h0=giao"] > 0 > model.weights["h0=họp"]


def test_score_systems_counts_items_as_the_scorer_matches_them() -> None:
    article = ArticleExamples(
        name="written.txt",
        gold_texts=["rà soát hồ sơ đất đai", "báo cáo kết quả trong tháng"],
        rules=[_scored(True, "h0=rà", text="rà soát hồ sơ đất đai"), _scored(False, "h0=họp", text="họp giao ban")],
        gaps=[_scored(True, "entry=True", text="báo cáo kết quả trong tháng")],
        segments=[_scored(True, "h0=rà", text="rà soát hồ sơ đất đai")],
    )
    models = Models(
        veto=LinearModel({"h0=họp": -5.0}, 1.0, 0.5),
        add=LinearModel({"entry=True": 5.0}, -1.0, 0.5),
        alone=LinearModel({}, 1.0, 0.5),
    )
    results = {name: (r["tp"], r["pred"]) for name, r in score_systems([article], lambda a: models).items()}
    assert results == {
        "rules": (1, 2),
        "model alone": (1, 1),
        "rules + veto": (1, 1),
        "rules + add": (2, 3),
        "rules + veto + add": (2, 2),
    }


def test_training_without_the_corpus_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cv", "--shared", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: no annotated corpus under {tmp_path / 'corpus'}\n"


@pytest.mark.parametrize("module", ["item_filter.py", "item_filter_training.py"])
def test_functions_are_at_most_60_lines(module: str) -> None:
    tree = ast.parse((NLP_SOURCE / module).read_text(encoding="utf-8"))
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.end_lineno is not None and node.end_lineno - node.lineno >= 60
    ]
    assert long == []


def test_segment_contexts_say_where_rule_items_sit_and_how_segments_end() -> None:
    article = clean_article_text(ARTICLE)
    rule_items = [
        _directive("rà soát các điểm đen trước ngày 30/4", article.text),
        _directive("tăng cường tuần tra ban đêm", article.text),
    ]
    contexts = segment_contexts(article.text, list(body_segments(article)), rule_items)
    assert contexts == [
        ("prev_rule=False", "next_rule=True", "para_rule=True", "end=.", "prev_end=^"),
        ("prev_rule=False", "next_rule=False", "para_rule=True", "end=.", "prev_end=."),
        ("prev_rule=True", "next_rule=False", "para_rule=False", "end=:", "prev_end=."),
        ("prev_rule=False", "next_rule=False", "para_rule=False", "end=;", "prev_end=:"),
        ("prev_rule=False", "next_rule=True", "para_rule=False", "end=.", "prev_end=;"),
        ("prev_rule=False", "next_rule=False", "para_rule=True", "end=;", "prev_end=."),
        ("prev_rule=True", "next_rule=False", "para_rule=False", "end=.", "prev_end=;"),
    ]


def test_examples_are_labelled_by_the_scorers_matching_rule() -> None:
    # The rules' items on ARTICLE as of the item filter's first version; if the rules change, this list does.
    gold = [
        {"text": "Sở Giao thông vận tải rà soát các điểm đen trước ngày 30/4"},
        {"text": "tham mưu bố trí kinh phí"},
        {"text": "Công an tỉnh tăng cường tuần tra ban đêm"},
    ]
    examples = article_examples("written.txt", ARTICLE, gold, rules_only_analyzer())
    # "rà soát ..." covers 9 of the gold item's 14 tokens (< 70 %): not a match, so a veto negative.
    assert [(s.text, s.label) for s in examples.rules] == [
        ("rà soát các điểm đen trước ngày 30/4", False),
        ("tham mưu bố trí kinh phí", True),
        ("hướng dẫn các huyện thực hiện", False),
        ("tăng cường tuần tra ban đêm", False),
        ("báo cáo kết quả hằng tháng", False),
    ]
    assert [(s.text, s.label) for s in examples.gaps] == [
        ("Chiều 5/3, UBND tỉnh tổ chức hội nghị về an toàn giao thông", False),
        ("Sở Tài chính có trách nhiệm", False),
    ]
    assert [s.label for s in examples.segments] == [False, True, False, True, False, True, False]


# --extra / --blind / held-out, over small folders written here (laid out like corpus/real).
TUNE_ARTICLE = "Tỉnh họp về đê điều\nChủ tịch UBND tỉnh yêu cầu Sở Nông nghiệp kiểm tra các tuyến đê trước ngày 10/7.\n"
HELD_ARTICLE = "Tỉnh họp về chợ\nChủ tịch UBND tỉnh yêu cầu Sở Công Thương kiểm tra các chợ trước ngày 20/8.\n"


def _write_folder(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    lines = []
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
        gold = {"article": name, "items": [{"text": "kiểm tra" + text.split(" kiểm tra", 1)[1].strip(". \n")}]}
        lines.append(json.dumps(gold, ensure_ascii=False))
    (folder / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    shared = tmp_path / "shared"
    real = {f"real_c1_0{i}.txt": TUNE_ARTICLE if i % 3 else HELD_ARTICLE for i in range(1, 7)}
    _write_folder(shared / "corpus" / "real", real)
    for synthetic in ("seeds", "dev"):
        _write_folder(shared / "corpus" / synthetic, {"s_01.txt": TUNE_ARTICLE})
    extra = {f"e_a_0{i}.txt": TUNE_ARTICLE if i % 3 else HELD_ARTICLE for i in range(1, 7)}
    blind = {f"b_z_0{i}.txt": HELD_ARTICLE for i in range(1, 4)}
    (tmp_path / "tests").mkdir()
    return {
        "shared": shared,
        "tests": tmp_path / "tests",
        "extra": _write_folder(tmp_path / "x9", extra),
        "blind": _write_folder(tmp_path / "b9", blind),
    }


def test_extra_folders_join_the_tune_data_without_their_score_only_files(folders: dict[str, Path]) -> None:
    tune, synthetic = load_examples(folders["shared"], folders["tests"], [folders["extra"]])
    assert [a.name for a in tune] == [
        "real_c1_01.txt",
        "real_c1_02.txt",
        "real_c1_04.txt",
        "real_c1_05.txt",
        "x9/e_a_01.txt",
        "x9/e_a_02.txt",
        "x9/e_a_04.txt",
        "x9/e_a_05.txt",
    ]
    assert [a.name for a in synthetic] == ["s_01.txt", "s_01.txt"]
    # The folds go by article over the real and the extra tune files together.
    folds = {a.name: m for a, m in fold_models(tune, synthetic, 2)}
    assert folds["real_c1_01.txt"] is folds["real_c1_04.txt"] is folds["x9/e_a_01.txt"] is folds["x9/e_a_04.txt"]
    assert folds["real_c1_02.txt"] is not folds["real_c1_01.txt"]


def test_held_out_never_trains_on_held_out_files(
    folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    trained_on: set[str] = set()

    def recording(train: list[ArticleExamples]) -> Models:
        trained_on.update(a.name for a in train)
        return train_models(train)

    monkeypatch.setattr("chidao.nlp.item_filter_training.train_models", recording)
    common = ["--shared", str(folders["shared"]), "--tests", str(folders["tests"]), "--extra", str(folders["extra"])]
    assert main(["held-out", *common, "--blind", str(folders["blind"]), "--folds", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert trained_on == {"real_c1_01.txt", "real_c1_02.txt", "real_c1_04.txt", "real_c1_05.txt", "s_01.txt"} | {
        "x9/e_a_01.txt",
        "x9/e_a_02.txt",
        "x9/e_a_04.txt",
        "x9/e_a_05.txt",
    }
    sets = report["sets"]
    assert [(name, s["articles"], s["gold"]) for name, s in sets.items()] == [
        ("tune (cross-validation)", 8, 8),
        ("real score-only", 2, 2),
        ("x9 score-only", 2, 2),
        ("b9 (all)", 3, 3),
    ]
    systems = ["rules", "rules + veto", "rules + add", "rules + veto + add"]
    assert list(report["thresholds"]) == ["shipped", "cv-best"]
    assert report["thresholds"]["shipped"]["rules + veto + add"] == [VETO_THRESHOLD, ADD_THRESHOLD]
    assert all(list(s[setting]) == systems for s in sets.values() for setting in ("shipped", "cv-best"))
    assert main(["held-out", *common, "--blind", str(folders["blind"]), "--folds", "2"]) == 0
    assert "### b9 (all) (3 articles, 3 gold items)" in capsys.readouterr().out


def test_a_missing_extra_folder_exits_2(folders: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    nowhere = folders["extra"].parent / "nowhere"
    assert main(["cv", "--shared", str(folders["shared"]), "--extra", str(nowhere)]) == 2
    assert capsys.readouterr().err == f"error: no annotated corpus under {nowhere}\n"


def _probabilities(gold: list[str], rules: list[tuple[str, float]], gaps: list[tuple[str, float]]) -> Probabilities:
    article = ArticleExamples(
        "written.txt",
        gold,
        [_scored(False, text=t) for t, _ in rules],
        [_scored(False, text=t) for t, _ in gaps],
        [],
    )
    return Probabilities(article, [q for _, q in rules], [q for _, q in gaps])


def test_thresholds_are_picked_by_f1_and_on_a_tie_change_fewest_items() -> None:
    probs = [
        _probabilities(
            ["rà soát hồ sơ đất đai", "báo cáo kết quả trong tháng"],
            [("rà soát hồ sơ đất đai", 0.9), ("họp giao ban cuối tuần", 0.3)],
            [("báo cáo kết quả trong tháng", 0.6), ("trời mưa to cả ngày", 0.4)],
        )
    ]
    assert score_at(probs, NO_VETO, NO_ADD)["f1"] == pytest.approx(0.5)
    assert score_at(probs, 0.5, 0.5) == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 2, "pred": 2}
    assert best_thresholds(probs) == {
        "rules": (NO_VETO, NO_ADD),
        "rules + veto": (0.35, NO_ADD),  # the lowest veto that drops the wrong item
        "rules + add": (NO_VETO, 0.6),  # the highest add that takes the right segment
        "rules + veto + add": (0.35, 0.6),
    }
    assert system_thresholds(0.2, 0.5)["rules + add"] == (NO_VETO, 0.5)
