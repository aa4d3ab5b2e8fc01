"""Finding time expressions and normalising them to due dates or recurrences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chidao.config import ConfigError, load_model
from chidao.config.models import TimeFile
from chidao.nlp.deadline import DeadlineRules, find_deadline, normalize_deadline
from tests.support.config import LUNAR_NEW_YEAR

REF = dt.date(2024, 8, 22)


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("hoàn thành trước ngày 30/6/2025", "trước ngày 30/6/2025"),
        ("phải hoàn thành chậm nhất là hết tháng 7-2027", "chậm nhất là hết tháng 7-2027"),
        ("lập hồ sơ ngay trong tháng 5.2026, nhằm sớm thi công", "ngay trong tháng 5.2026"),
        # a leading condition is the task's time
        ("sau khi có kết quả thẩm định, trình UBND tỉnh phê duyệt", "sau khi có kết quả thẩm định"),
        ("đồng thời, sau khi ban hành kế hoạch, tổ chức tập huấn", "sau khi ban hành kế hoạch"),
        # a full date with dots, as some papers write it
        ("xử lý dứt điểm; hoàn thành trước ngày 15.12.2026.", "trước ngày 15.12.2026"),
        ("bàn giao mặt bằng chậm nhất ngày 15/10", "chậm nhất ngày 15/10"),
        ("dời cột điện trong quý IV/2024", "trong quý IV/2024"),
        ("báo cáo trước 17 giờ ngày 12/9", "trước 17 giờ ngày 12/9"),
        ("tổ chức tập huấn trong tháng 11", "trong tháng 11"),
        ("làm ngay từ đầu năm 2021", "ngay từ đầu năm 2021"),
        ("cấp đất ở trước Tết Nguyên đán Đinh Mùi 2027", "trước Tết Nguyên đán Đinh Mùi 2027"),
        ("gửi số liệu định kỳ hằng tháng", "định kỳ hằng tháng"),
        ("mỗi quý, lãnh đạo tỉnh làm việc với hiệp hội", "mỗi quý"),
        (
            "dừng bến kể từ 9 giờ ngày 3/10/2024 cho đến khi có lệnh mới",
            "kể từ 9 giờ ngày 3/10/2024 cho đến khi có lệnh mới",
        ),
        ("gửi tin trước 14 giờ thứ Sáu hằng tuần", "trước 14 giờ thứ Sáu hằng tuần"),
        ("cắm biển trong các ngày 8 và 9/7/2025", "trong các ngày 8 và 9/7/2025"),
        ("phản hồi đơn thư trong vòng 15 ngày", "trong vòng 15 ngày"),
        ("phấn đấu đến hết năm 2025 đạt trên 80%", "đến hết năm 2025"),
        ("giải quyết dứt điểm trước thời điểm đại hội", "trước thời điểm đại hội"),
        ("quyết toán trước ngày 30-6-2025", "trước ngày 30-6-2025"),
        # an hour and its date apart by a comma; an open range from the signing of the decision
        (
            "dừng mọi chuyến xe khách kể từ 18 giờ, ngày 2/4/2027 đến khi có thông báo mới",
            "kể từ 18 giờ, ngày 2/4/2027 đến khi có thông báo mới",
        ),
        ("thi hành Quyết định này kể từ ngày ký.", "kể từ ngày ký"),
        # "from now until" a number: the number ends it; a named period keeps its words
        ("hoàn thành các chỉ tiêu từ nay đến 2030, nhất là năm tới", "từ nay đến 2030"),
        ("từ nay đến năm 2028 phải xong", "từ nay đến năm 2028"),
        ("cấm đánh bắt từ nay đến 6 giờ ngày 9/10/2026", "từ nay đến 6 giờ ngày 9/10/2026"),
        ("từ nay đến hết quý III/2027 phải báo cáo", "từ nay đến hết quý III/2027"),
        ("rà soát từ nay đến hết tháng Chạp", "từ nay đến hết tháng Chạp"),
        ("nộp báo cáo trước 11 giờ cùng ngày", "trước 11 giờ cùng ngày"),
        ("gửi lại ý kiến cho Ban chỉ đạo trong tuần này", "trong tuần này"),
        # a date written with words; the rest of the year
        ("giải quyết dứt điểm các vướng mắc trước ngày 30 tháng 6", "trước ngày 30 tháng 6"),
        ("rà soát các chỉ tiêu để hoàn thành trong hai tháng còn lại, tiếp tục ra quân", "trong hai tháng còn lại"),
        # a part of the year counted in months: the whole phrase, not "trong 6 tháng" as a span of six months
        ("giải ngân hết số vốn còn lại trong 6 tháng cuối năm 2026", "trong 6 tháng cuối năm 2026"),
        # an open range from an hour of today or tomorrow, with the day's date the article adds
        ("cấm tàu thuyền ra khơi từ 14 giờ hôm nay, 12.8", "từ 14 giờ hôm nay, 12.8"),
        ("dừng mọi hoạt động du lịch kể từ 18 giờ chiều nay", "kể từ 18 giờ chiều nay"),
        ("cấm biển từ 6 giờ sáng mai (25/9)", "từ 6 giờ sáng mai (25/9)"),
        ("đến hết 9 tháng đầu năm nay phải thu đủ", "đến hết 9 tháng đầu năm nay"),
        ("xong việc cấp sổ trong 3 tháng kể từ ngày nhận hồ sơ", "trong 3 tháng kể từ ngày nhận hồ sơ"),
        # a day of every month, not "hằng tháng" alone
        ("gửi số liệu về Sở trước ngày 10 hằng tháng", "trước ngày 10 hằng tháng"),
    ],
)
def test_find_deadline_returns_expression_as_written(segment: str, expected: str) -> None:
    assert find_deadline(segment) == expected


@pytest.mark.parametrize(
    "segment",
    [
        "tăng cường giám sát dịch sốt xuất huyết trong mùa mưa",
        "tiếp tục quan tâm trong thời gian tới",
        "khắc phục ngay các điểm sạt lở",
        # the time of an event is a circumstance (real articles' gold), no deadline
        "tổ chức tốt công tác tiếp dân trong thời gian diễn ra kỳ họp",
        "giữ liên lạc 24/24 giờ ở các chốt",
        "hoàn thành 23/24 chỉ tiêu",
        # dots without a year, or in a sum of money, are numbers
        "trước ngày 3.4 giá còn 2.500.000 đồng",
        # a date after a document's number dates the document, whatever the number's form
        "quán triệt Chỉ thị số 07/CT-UBND ngày 2/3/2027 của UBND tỉnh",
        "triển khai Kết luận số 25-KL/TU ngày 14-5-2026 của Ban Thường vụ",
        "thực hiện nghiêm Kế hoạch số 3170 ngày 9.6.2027 về phòng chống dịch",
        # "sau khi" inside the task says what it is about (flooding after rain), not when it is due
        "rà soát các vùng trũng ngập sau khi có mưa lớn, sạt lở ven suối",
        "bàn giao mặt bằng sau khi nhận đủ tiền đền bù, để kịp thi công",
        # "trước khi triển khai": the order of two steps of one task, not its time
        "báo cáo UBND tỉnh xem xét, phê duyệt trước khi triển khai.",
        "báo cáo cụ thể Chủ tịch UBND huyện trước khi triển khai thực hiện",
    ],
)
def test_vague_times_and_ratios_are_not_deadlines(segment: str) -> None:
    assert find_deadline(segment) is None


@pytest.mark.parametrize(
    ("expr", "reference", "due"),
    [
        ("trước ngày 30/6/2025", REF, dt.date(2025, 6, 30)),
        ("trước ngày 15.12.2024", REF, dt.date(2024, 12, 15)),
        ("chậm nhất ngày 30/9", REF, dt.date(2024, 9, 30)),
        ("trước ngày 15/1", REF, dt.date(2025, 1, 15)),  # already past in August: next year
        ("trước 17 giờ ngày 12/9", REF, dt.date(2024, 9, 12)),
        ("trong quý IV/2024", REF, dt.date(2024, 12, 31)),
        ("trong quý I/2025", REF, dt.date(2025, 3, 31)),
        ("trong quý III", REF, dt.date(2024, 9, 30)),
        ("trong tháng 11", REF, dt.date(2024, 11, 30)),
        ("trong tháng 2/2024", REF, dt.date(2024, 2, 29)),  # leap year
        # the year after a hyphen or a dot, as provincial papers write it
        ("chậm nhất là hết tháng 7-2027", REF, dt.date(2027, 7, 31)),
        ("ngay trong tháng 5.2026", REF, dt.date(2026, 5, 31)),
        ("trong tháng 2/2025", REF, dt.date(2025, 2, 28)),
        ("trong tháng 2/2100", REF, dt.date(2100, 2, 28)),  # century, not leap
        ("trong tháng 12/2024", REF, dt.date(2024, 12, 31)),
        ("trong tháng 4/2025", REF, dt.date(2025, 4, 30)),
        ("trước ngày 29/2/2024", REF, dt.date(2024, 2, 29)),
        ("trước ngày 30-6-2025", REF, dt.date(2025, 6, 30)),
        ("ngay từ đầu năm 2021", REF, dt.date(2021, 1, 1)),
        ("đến hết năm 2025", REF, dt.date(2025, 12, 31)),
        ("trong năm 2026", None, dt.date(2026, 12, 31)),
        ("trước Tết Nguyên đán năm 2025", REF, dt.date(2025, 1, 28)),
        ("trước Tết Nguyên đán", REF, dt.date(2025, 1, 28)),
        ("kể từ 9 giờ ngày 3/10/2024 cho đến khi có lệnh mới", REF, dt.date(2024, 10, 3)),
        ("trong các ngày 8 và 9/7/2025", REF, dt.date(2025, 7, 9)),
        ("trong vòng 15 ngày", dt.date(2025, 11, 20), dt.date(2025, 12, 5)),
        # REF is a Thursday: this week ends on Sunday the 25th; a month ends on its last day, December's in a year
        ("trong tuần này", REF, dt.date(2024, 8, 25)),
        ("ngay trong tuần tới", REF, dt.date(2024, 9, 1)),
        ("trong tháng này", REF, dt.date(2024, 8, 31)),
        ("trong tháng tới", dt.date(2024, 12, 10), dt.date(2025, 1, 31)),
        ("trước ngày 30 tháng 9", REF, dt.date(2024, 9, 30)),
        ("vào ngày 23 tháng 5 năm 2027", REF, dt.date(2027, 5, 23)),
        ("trong hơn 2 tháng còn lại của năm nay", REF, dt.date(2024, 12, 31)),
        ("trong 6 tháng cuối năm 2026", REF, dt.date(2026, 12, 31)),
        ("trong 6 tháng cuối năm", REF, dt.date(2024, 12, 31)),
        ("đến hết 9 tháng đầu năm 2025", REF, dt.date(2025, 9, 30)),
        ("trong 6 tháng đầu năm", REF, dt.date(2024, 6, 30)),
    ],
)
def test_normalize_deadline_gives_exact_due_dates(expr: str, reference: dt.date | None, due: dt.date) -> None:
    assert normalize_deadline(expr, reference, lunar_new_year=LUNAR_NEW_YEAR) == (due, None)


@pytest.mark.parametrize(
    ("expr", "rule"),
    [
        ("định kỳ hằng tháng", "FREQ=MONTHLY"),
        ("mỗi quý", "FREQ=MONTHLY;INTERVAL=3"),
        ("hằng ngày", "FREQ=DAILY"),
        ("trước 16 giờ hằng ngày", "FREQ=DAILY;BYHOUR=16"),
        ("trước 14 giờ thứ Sáu hằng tuần", "FREQ=WEEKLY;BYDAY=FR;BYHOUR=14"),
        ("định kỳ 6 tháng một lần", "FREQ=MONTHLY;INTERVAL=6"),
        # the day of the month; "10 hằng" holds no hour ("h" of "hằng" is no "h" for giờ)
        ("trước ngày 10 hằng tháng", "FREQ=MONTHLY;BYMONTHDAY=10"),
        ("vào ngày 5 hàng tháng", "FREQ=MONTHLY;BYMONTHDAY=5"),
    ],
)
def test_recurrences_are_rules_not_dates(expr: str, rule: str) -> None:
    assert normalize_deadline(expr, REF) == (None, rule)


@pytest.mark.parametrize(
    ("expr", "reference"),
    [
        ("chậm nhất ngày 30/9", None),  # no year and no publication date
        ("trước ngày 31/4/2025", REF),  # no such day
        ("trong mùa mưa", REF),
        ("trước thời điểm đại hội", REF),
    ],
)
def test_unresolvable_expressions_have_no_due_date(expr: str, reference: dt.date | None) -> None:
    assert normalize_deadline(expr, reference) == (None, None)


# ---------------------------------------------------------------------------------------------- rules file

TIME_YAML = Path(__file__).resolve().parents[2] / "config" / "lexicons" / "time.yaml"


def _time_file_with(tmp_path: Path, replace: str, by: str) -> tuple[Path, str]:
    original = TIME_YAML.read_text(encoding="utf-8")
    assert replace in original
    text = original.replace(replace, by, 1)
    path = tmp_path / "time.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


@pytest.mark.parametrize(
    ("replace", "by", "reason"),
    [
        (r"    - 'ngày\s+{date}'", r"    - 'ngày\s+{day}'", "deadlines.find[24]: unknown piece {day}"),
        (r"    - 'ngày\s+{date}'", r"    - 'ngày\s+({date}'", "deadlines.find[24]: not a regular expression: "),
        (
            r"every: '(?:hằng|hàng|mỗi)\s+(?P<unit>ngày",
            r"every: '(?:hằng|hàng|mỗi)\s+(?P<period>ngày",
            "deadlines.normalize.every: needs the named group(s) unit",
        ),
    ],
)
def test_deadline_rules_are_validated_with_their_line(tmp_path: Path, replace: str, by: str, reason: str) -> None:
    path, text = _time_file_with(tmp_path, replace, by)
    with pytest.raises(ConfigError) as caught:
        load_model(path, TimeFile)
    line = next(i for i, line in enumerate(text.splitlines(), 1) if by.strip() in line)
    assert str(caught.value).startswith(f"{path}:{line}: {reason}")


def test_rules_read_from_a_file_find_what_the_file_says(tmp_path: Path) -> None:
    # A site that writes "hạn chót" ("final deadline") before a date: one more pattern, found as written.
    path, _ = _time_file_with(tmp_path, "  find:\n", "  find:\n    - 'hạn\\s+chót\\s+{date}'\n")
    rules = DeadlineRules.of(load_model(path, TimeFile).deadlines)
    assert rules.find("nộp hồ sơ, hạn chót 15/3/2027") == "hạn chót 15/3/2027"
    assert rules.due("hạn chót 15/3/2027", None) == (dt.date(2027, 3, 15), None)
    assert find_deadline("nộp hồ sơ, hạn chót 15/3/2027") is None  # the bundled rules do not have it
