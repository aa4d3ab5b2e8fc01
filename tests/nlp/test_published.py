"""The article's own date (chidao.nlp.published): every rule of config/published.yaml on its own examples,
the rule order, and configuration errors that name file and line.

All pages here are sentences we wrote in the shapes real portals print (header dates, bylines, footers,
scraper prefixes, dated leads); none is copied from an article.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from chidao.core.text import clean_article_text
from chidao.nlp.provinces import ConfigError
from chidao.nlp.published import PUBLISHED_FILE, RULES, Page, PublishedRules

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
RULES_FILE = PublishedRules.from_file(CONFIG_DIR / PUBLISHED_FILE)


def find(raw: str) -> tuple[date, str] | None:
    return RULES_FILE.find(Page.of(raw, clean_article_text(raw).title))


def test_every_registered_rule_is_configured_once_in_order() -> None:
    assert RULES_FILE.order == (
        "labelled_line",
        "below_headline",
        "scraper_prefix",
        "header_line",
        "scraper_month_lead_day",
        "lead_full_date",
        "lead_dated_clause",
        "lead_day_single_year",
        "headline_stamp",
        "lead_stamp",
    )
    assert set(RULES_FILE.order) == set(RULES)


@pytest.mark.parametrize(
    ("rule_id", "raw", "expected"),
    [pytest.param(*example, id=f"{example[0]}-{n}") for n, example in enumerate(RULES_FILE.examples)],
)
def test_each_configured_example_gives_its_date_by_its_rule(rule_id: str, raw: str, expected: date | None) -> None:
    found = find(raw)
    if expected is None:
        assert found is None
    else:
        assert found == (expected, rule_id)


def test_document_date_in_the_body_is_never_the_published_date() -> None:
    raw = (
        "Tỉnh triển khai kế hoạch chuyển đổi số\n\n"
        "Thực hiện Quyết định số 12/QĐ-UBND ngày 14/01/2022 của UBND tỉnh, các sở, ngành đã rà soát danh mục "
        "dịch vụ công trực tuyến và báo cáo kết quả về Sở Thông tin và Truyền thông."
    )
    assert find(raw) is None


def test_header_label_above_the_headline_loses_to_the_date_below_it() -> None:
    raw = (
        "Cập nhật lúc 06:30, Thứ Năm, 12/12/2024\n\nHội đồng nhân dân tỉnh chất vấn về giá vật liệu\n\n"
        "11/12/2024 16:05\n\nChiều 11/12, Hội đồng nhân dân tỉnh dành trọn buổi cho phiên chất vấn về giá vật liệu "
        "xây dựng và nguồn cát cho các công trình trọng điểm."
    )
    assert find(raw) == (date(2024, 12, 11), "below_headline")


def test_scraper_month_before_the_lead_month_means_the_year_before() -> None:
    raw = " date 2024-01 Tối 30/12, Công an tỉnh ra quân bảo đảm an ninh trật tự dịp cuối năm trên toàn địa bàn."
    assert find(raw) == (date(2023, 12, 30), "scraper_month_lead_day")


def test_scraper_prefix_is_not_part_of_the_cleaned_headline() -> None:
    lead = "Chiều 6/5, UBND tỉnh họp đôn đốc các chủ đầu tư đẩy nhanh giải ngân vốn đầu tư công năm nay."
    cleaned = clean_article_text(f" date 2024-05-07 Tỉnh đôn đốc giải ngân vốn\n\n{lead}")
    assert cleaned.title == "Tỉnh đôn đốc giải ngân vốn"
    assert cleaned.text == f"Tỉnh đôn đốc giải ngân vốn\n\n{lead}"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ngọc Lan - 15:20, 02/11/2023", date(2023, 11, 2)),
        ("Minh Anh 08:05, 17/04/2024", date(2024, 4, 17)),
        ("Thứ 3, 29/08/2023 | 09:12:30 [GMT +7] A A", date(2023, 8, 29)),
        ("Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27", date(2019, 8, 23)),
        ("Ngày đăng: 05/06/2023", date(2023, 6, 5)),
        ("Sở Xây dựng và UBND huyện họp 05/06/2023", None),
    ],
)
def test_date_lines_bylines_and_worded_dates(line: str, expected: date | None) -> None:
    assert RULES_FILE.date_of_line(line) == expected


@pytest.fixture
def config_copy(tmp_path: Path) -> Path:
    shutil.copy(CONFIG_DIR / PUBLISHED_FILE, tmp_path / PUBLISHED_FILE)
    return tmp_path / PUBLISHED_FILE


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_unknown_rule_id_names_file_and_line(config_copy: Path) -> None:
    config_copy.write_text(config_copy.read_text(encoding="utf-8").replace("id: header_line", "id: header_lines"))
    line = _line_of(config_copy, "id: header_lines")
    with pytest.raises(ConfigError) as caught:
        PublishedRules.from_file(config_copy)
    assert str(caught.value) == (
        f"{config_copy}:{line}: unknown rule id 'header_lines' (known: labelled_line, below_headline, "
        "scraper_prefix, header_line, scraper_month_lead_day, lead_full_date, lead_dated_clause, lead_day_single_year, "
        "headline_stamp, lead_stamp)"
    )


def test_bad_example_date_names_file_and_line(config_copy: Path) -> None:
    config_copy.write_text(config_copy.read_text(encoding="utf-8").replace('"2024-05-30"', '"30/05/2024"'))
    line = _line_of(config_copy, '"30/05/2024"')
    with pytest.raises(ConfigError) as caught:
        PublishedRules.from_file(config_copy)
    assert str(caught.value) == f"{config_copy}:{line}: published must be YYYY-MM-DD or null, not '30/05/2024'"


def test_missing_word_list_is_refused(config_copy: Path) -> None:
    text = config_copy.read_text(encoding="utf-8").replace("lead_time_words:", "lead_words:")
    config_copy.write_text(text)
    with pytest.raises(ConfigError) as caught:
        PublishedRules.from_file(config_copy)
    assert "unknown key 'lead_words' in the file" in str(caught.value)


def test_the_configuration_bundle_validates_published_yaml(config_copy: Path) -> None:
    from chidao.config import load_bundle

    assert [rule.id for rule in load_bundle(CONFIG_DIR).published.rules] == list(RULES_FILE.order)
    bundle_dir = config_copy.parent
    for path in CONFIG_DIR.rglob("*.yaml"):
        target = bundle_dir / path.relative_to(CONFIG_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.name != PUBLISHED_FILE:
            shutil.copy(path, target)
    config_copy.write_text(config_copy.read_text(encoding="utf-8").replace("id: header_line", "id: header_lines"))
    with pytest.raises(ConfigError) as caught:
        load_bundle(bundle_dir)
    assert str(caught.value).startswith(f"{config_copy}:{_line_of(config_copy, 'id: header_lines')}: ")


def test_a_headline_glued_to_the_lead_still_gives_the_day_of_the_news() -> None:
    from chidao.resources import bundled_config_dir

    rules = PublishedRules.from_file(bundled_config_dir() / PUBLISHED_FILE)
    glued = " date 2019-12 Hai tỉnh khẩn trương chống hạn mặn Ngày 23.12, Chủ tịch UBND tỉnh ký công văn khẩn."
    assert rules.find(Page.of(glued, None)) == (date(2019, 12, 23), "scraper_month_lead_day")
    # a lower-case time word inside the headline ("dự báo từ đêm nay 2/8") is no lead
    forecast = " date 2019-08 Do ảnh hưởng của bão, dự báo từ đêm nay 2/8 trở đi có mưa to ở vùng núi."
    assert rules.find(Page.of(forecast, None)) is None
    stamped = (
        "Tỉnh ủy làm việc với huyện về vốn đầu tư công 06/02/2025 15:17\n\nChiều nay, Thường trực Tỉnh ủy làm việc."
    )
    assert rules.find(Page.of(stamped, None)) == (date(2025, 2, 6), "headline_stamp")
