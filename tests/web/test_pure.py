"""The pure parts of the review surfaces: Slack buttons and digest links, URL filters, highlighting, chart."""

from __future__ import annotations

from datetime import date

import pytest

from chidao.core.messages import (
    MAX_BLOCKS,
    ArticleNotice,
    NoticeItem,
    id_ranges,
    mark_item_reviewed,
    render_article,
    render_digest,
)
from chidao.services.items import ItemFilter
from chidao.web.filters import FilterError, filter_from_query, filter_query, parse_date_vi, parse_id_ranges
from chidao.web.forms import changed_fields
from chidao.web.views import chart_bars, highlight, item_spans

BASE = "https://chidao.tinh.example.vn"


def _item(item_id: int) -> NoticeItem:
    return NoticeItem(item_id, f"việc số {item_id}", "directive", None, "Sở Nội vụ", None, None, None)


def _notice(count: int, first: int = 1) -> ArticleNotice:
    return ArticleNotice(7, "Tiêu đề", None, None, (), None, tuple(_item(i) for i in range(first, first + count)))


def test_without_a_web_address_messages_have_no_buttons() -> None:
    assert [b["type"] for b in render_article(_notice(2)).blocks] == ["section", "divider", "section", "section"]


def test_each_item_gets_its_buttons_and_the_message_stays_within_fifty_blocks() -> None:
    small = render_article(_notice(2), BASE)
    assert [b["type"] for b in small.blocks] == ["section", "divider", "section", "actions", "section", "actions"]
    assert small.blocks[3]["elements"][2]["url"] == f"{BASE}/items/1"
    big = render_article(_notice(40), BASE)
    assert len(big.blocks) <= MAX_BLOCKS
    assert big.blocks[-1]["elements"][0]["text"] == "+17 mục khác"
    assert sum(1 for b in big.blocks if b["type"] == "actions") == 23


def test_marking_a_reviewed_item_replaces_only_its_buttons() -> None:
    blocks = list(render_article(_notice(2), BASE).blocks)
    marked = mark_item_reviewed(blocks, 2, "✅ Đã xác nhận bởi <lan>")
    assert marked[:5] == blocks[:5]
    assert marked[5] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "✅ Đã xác nhận bởi &lt;lan&gt;"}],
        "block_id": "chidao_item:2",
    }


def test_a_digest_links_to_the_queue_filtered_to_its_items() -> None:
    digest = render_digest([_notice(3, first=4), _notice(1, first=9)], BASE)
    assert digest.blocks[1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"<{BASE}/items?ids=4-6,9|Duyệt 4 mục này trong ứng dụng>"}],
    }
    assert render_digest([_notice(3)]).blocks[1]["type"] == "section"


@pytest.mark.parametrize(
    ("ids", "text"), [([], ""), ([5], "5"), ([3, 4, 5, 9], "3-5,9"), ([9, 3, 4, 4], "3-4,9"), ([1, 3, 5], "1,3,5")]
)
def test_id_ranges_round_trip(ids: list[int], text: str) -> None:
    assert id_ranges(ids) == text
    if ids:
        assert parse_id_ranges(text) == tuple(sorted(set(ids)))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1-x", "ids: '1-x' không phải danh sách mã (ví dụ 3-5,9)"),
        ("5-3", "ids: '5-3' quá dài hoặc sai thứ tự (tối đa 5000 mã)"),
        ("1-999999", "ids: '1-999999' quá dài hoặc sai thứ tự (tối đa 5000 mã)"),
    ],
)
def test_bad_id_lists_are_refused(value: str, message: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse_id_ranges(value)
    assert str(caught.value) == message


def test_the_url_filter_parses_every_field() -> None:
    params = {
        "q": " kiem tra ",
        "province": "Long An",
        "status": "chua hoan thanh qua han",
        "review": "new",
        "due_from": "01/12/2025",
        "due_to": "2025-12-31",
        "feed": "longan",
        "ids": "1-3",
        "topic": "economy",
        "assignee": "Sở",
        "issuer": "Bình",
    }
    assert filter_from_query(params) == ItemFilter(
        search="kiem tra",
        province="Long An",
        status="open_overdue",
        review_state="new",
        due_from=date(2025, 12, 1),
        due_to=date(2025, 12, 31),
        feed="longan",
        item_ids=(1, 2, 3),
        topic="economy",
        assignee="Sở",
        issuer="Bình",
    )
    assert filter_query({"q": "a b", "page": "3", "other": "x"}, page=4) == "q=a+b&page=4"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"status": "late"},
            "unknown status 'late' (one of: done_on_time, done_late, open_on_time, open_overdue, no_deadline)",
        ),
        ({"review": "ok"}, "unknown review state 'ok' (one of: new, confirmed, rejected, edited)"),
        ({"due_to": "30-09-2025"}, "Hạn đến: '30-09-2025' không phải ngày hợp lệ (dd/mm/yyyy)"),
        ({"q": "x" * 201}, "q: dài quá 200 ký tự"),
    ],
)
def test_bad_filters_name_the_field(params: dict[str, str], message: str) -> None:
    with pytest.raises(FilterError) as caught:
        filter_from_query(params)
    assert str(caught.value) == message


def test_dates_are_read_day_first() -> None:
    assert parse_date_vi("3/9/2025", "Hạn") == date(2025, 9, 3)


def test_only_changed_fields_become_edits() -> None:
    current = {
        "text": "việc A",
        "kind": "directive",
        "issuer": None,
        "assignee": "Sở X",
        "deadline": None,
        "due_date": "2025-09-30",
    }
    form = {
        "text": "việc A",
        "kind": "directive",
        "issuer": "",
        "assignee": "Sở Y",
        "deadline": "",
        "due": "30/09/2025",
    }
    assert [(e.column, e.value) for e in changed_fields(current, form)] == [("assignee", "Sở Y")]
    form["due"] = ""
    assert [(e.column, e.value) for e in changed_fields(current, form)] == [("assignee", "Sở Y"), ("due_date", None)]


def test_the_article_text_is_cut_around_the_evidence_and_the_action() -> None:
    text = "Mở đầu. Chủ tịch yêu cầu Sở X làm việc Y. Kết thúc."
    evidence, action = item_spans(text, "Chủ tịch yêu cầu Sở X làm việc Y.", text.index("làm"), text.index(" Kết") - 1)
    assert [(s.text, s.mark) for s in highlight(text, evidence, action)] == [
        ("Mở đầu. ", None),
        ("Chủ tịch yêu cầu Sở X ", "evidence"),
        ("làm việc Y", "action"),
        (".", "evidence"),
        (" Kết thúc.", None),
    ]
    assert [(s.text, s.mark) for s in highlight(text, None, None)] == [(text, None)]


def test_chart_bars_stack_the_statuses_of_each_week() -> None:
    timeline = [(date(2025, 9, 1), {"open_on_time": 2, "done_on_time": 2}), (date(2025, 9, 8), {"open_overdue": 1})]
    first, second = chart_bars(timeline, height=100)
    assert (first.label, first.total, first.parts) == (
        "01/09",
        4,
        (("done_on_time", 50.0, 50.0), ("open_on_time", 0.0, 50.0)),
    )
    assert (second.label, second.total, second.parts) == ("08/09", 1, (("open_overdue", 75.0, 25.0),))


def test_the_web_address_must_be_an_http_url() -> None:
    from pydantic import ValidationError

    from chidao.settings import load_settings

    assert (
        load_settings(web_base_url="https://chidao.tinh.example.vn/").web_base_url == "https://chidao.tinh.example.vn"
    )
    assert load_settings(web_base_url="").web_base_url is None
    with pytest.raises(ValidationError) as caught:
        load_settings(web_base_url="chidao.example")
    assert "'chidao.example' is not an http(s) URL such as https://chidao.example.vn" in str(caught.value)
