"""Message rendering: exact Block Kit shape, escaping, Slack limits."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chidao.core.messages import (
    MAX_BLOCKS,
    MAX_HEADER_CHARS,
    MAX_SECTION_CHARS,
    MAX_TEXT_CHARS,
    ArticleNotice,
    ChatMessage,
    NoticeItem,
    escape_mrkdwn,
    mrkdwn_to_plain,
    render_alert,
    render_article,
    render_digest,
    render_item_event,
    render_test_message,
    to_plain_text,
    truncate,
)

ITEM = NoticeItem(
    item_id=7,
    text="Hoàn thành giải phóng mặt bằng tuyến đường ven biển",
    kind="directive",
    issuer="Chủ tịch UBND tỉnh",
    assignee="Sở Xây dựng",
    deadline="trước ngày 30/9",
    due_date=date(2025, 9, 30),
    evidence="Chủ tịch   UBND tỉnh yêu cầu\nSở Xây dựng hoàn thành",
)
NOTICE = ArticleNotice(
    article_id=3,
    title="Lãnh đạo tỉnh kiểm tra tiến độ dự án",
    url="https://baotinh.example.vn/kiem-tra-tien-do.html",
    province="An Giang",
    topics=("economy", "inspection"),
    published=date(2025, 9, 2),
    items=(ITEM,),
)


def _texts(message: ChatMessage) -> list[str]:
    texts = []
    for block in message.blocks:
        if "text" in block:
            texts.append(block["text"]["text"])
        texts.extend(element["text"] for element in block.get("elements", []))
    return texts


def test_render_article_exact_blocks_for_a_small_notice() -> None:
    message = render_article(NOTICE)

    assert message.blocks == (
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*<https://baotinh.example.vn/kiem-tra-tien-do.html|Lãnh đạo tỉnh kiểm tra tiến độ dự án>*",
            },
        },
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": "*Tỉnh:* An Giang · *Lĩnh vực:* Kinh tế, đầu tư; Thanh tra, kiểm tra, phòng chống "
                    "tham nhũng · *Ngày đăng:* 02/09/2025",
                }
            ],
        },
        {"type": "divider"},
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*1. [Chỉ đạo]* Hoàn thành giải phóng mặt bằng tuyến đường ven biển\n"
                "• *Đơn vị thực hiện:* Sở Xây dựng\n"
                "• *Thời hạn:* trước ngày 30/9 (30/09/2025)\n"
                "• *Người chỉ đạo:* Chủ tịch UBND tỉnh\n"
                "> _Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng hoàn thành_",
            },
        },
    )
    assert message.text == (
        "Lãnh đạo tỉnh kiểm tra tiến độ dự án — 1 mục cần theo dõi\n"
        "1. Hoàn thành giải phóng mặt bằng tuyến đường ven biển"
    )


def test_missing_fields_show_a_dash_and_no_link_or_meta_line() -> None:
    bare_item = NoticeItem(None, "Rà soát hồ sơ", "commitment", None, None, None, None, None)
    notice = ArticleNotice(1, None, None, None, (), None, (bare_item,))

    message = render_article(notice)

    assert [block["type"] for block in message.blocks] == ["section", "divider", "section"]
    assert message.blocks[0]["text"]["text"] == "*(không có tiêu đề)*"
    assert message.blocks[2]["text"]["text"] == (
        "*1. [Cam kết]* Rà soát hồ sơ\n• *Đơn vị thực hiện:* —\n• *Thời hạn:* —\n• *Người chỉ đạo:* —"
    )


def test_due_date_alone_is_shown_as_the_deadline() -> None:
    item = replace(ITEM, deadline=None)
    section = render_article(replace(NOTICE, items=(item,))).blocks[3]["text"]["text"]
    assert "• *Thời hạn:* 30/09/2025\n" in section


def test_escape_mrkdwn_escapes_control_characters() -> None:
    assert escape_mrkdwn("<!channel> Sở A & Sở B <@U123>") == "&lt;!channel&gt; Sở A &amp; Sở B &lt;@U123&gt;"


def test_feed_text_cannot_ping_anyone() -> None:
    hostile = replace(
        NOTICE,
        title="<!channel> Khẩn <https://evil.example|bấm vào>",
        province="<!here>",
        items=(replace(ITEM, text="Báo cáo <@U123> & <!everyone>", assignee="<!subteam^S1>"),),
    )
    message = render_article(hostile)
    everything = "\n".join([message.text, *_texts(message)])

    for raw in ("<!channel>", "<!here>", "<@U123>", "<!everyone>", "<!subteam^S1>", "<https://evil"):
        assert raw not in everything
    assert "&lt;!channel&gt; Khẩn &lt;https://evil.example|bấm vào&gt;" in message.blocks[0]["text"]["text"]


def test_url_with_link_breaking_characters_is_percent_encoded() -> None:
    message = render_article(replace(NOTICE, url="https://a.example/x?q=a|b>c", title="T"))
    assert message.blocks[0]["text"]["text"] == "*<https://a.example/x?q=a%7Cb%3Ec|T>*"


def test_non_http_url_is_not_linked() -> None:
    message = render_article(replace(NOTICE, url="javascript:alert(1)", title="T"))
    assert message.blocks[0]["text"]["text"] == "*T*"


def test_truncate_marks_the_cut_and_never_splits_an_entity() -> None:
    assert truncate("abcdef", 6) == "abcdef"
    assert truncate("abcdefg", 6) == "abcde…"
    assert truncate("Sở A &amp; B", 8) == "Sở A…"


def test_long_texts_are_cut_to_section_limits() -> None:
    long_item = replace(ITEM, text="x" * 10_000, assignee="y" * 5_000, evidence="z" * 5_000)
    message = render_article(replace(NOTICE, title="T" * 5_000, items=(long_item,)))

    for text in _texts(message):
        assert len(text) <= MAX_SECTION_CHARS
    title_text = message.blocks[0]["text"]["text"]
    assert title_text.endswith("…>*")
    item_lines = message.blocks[3]["text"]["text"].split("\n")
    assert item_lines[0] == "*1. [Chỉ đạo]* " + "x" * 1499 + "…"
    assert item_lines[-1] == "> _" + "z" * 299 + "…_"


def test_many_items_fit_in_fifty_blocks_with_a_more_line() -> None:
    items = tuple(replace(ITEM, item_id=i, text=f"Việc số {i}") for i in range(60))
    message = render_article(replace(NOTICE, items=items))

    assert len(message.blocks) == MAX_BLOCKS
    assert message.blocks[-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": "+14 mục khác"}]}
    assert message.blocks[-2]["text"]["text"].startswith("*46. [Chỉ đạo]* Việc số 45\n")
    assert message.text.endswith("\n46. Việc số 45\n+14 mục khác")


def test_exactly_as_many_items_as_fit_need_no_more_line() -> None:
    items = tuple(replace(ITEM, text=f"Việc {i}") for i in range(47))
    message = render_article(replace(NOTICE, items=items))
    assert len(message.blocks) == MAX_BLOCKS
    assert message.blocks[-1]["text"]["text"].startswith("*47. [Chỉ đạo]* Việc 46\n")


def test_digest_counts_articles_and_items() -> None:
    second = replace(NOTICE, article_id=4, title="Họp bàn phòng chống thiên tai", url=None, topics=())
    message = render_digest([NOTICE, replace(second, items=(ITEM, ITEM))])

    assert message.blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Tổng hợp chỉ đạo: 2 bài, 3 mục cần theo dõi"},
    }
    assert message.blocks[2]["text"]["text"] == (
        "*Họp bàn phòng chống thiên tai*\n"
        "*Tỉnh:* An Giang · *Ngày đăng:* 02/09/2025\n"
        "• Hoàn thành giải phóng mặt bằng tuyến đường ven biển — _Sở Xây dựng_ — hạn 30/09/2025\n"
        "• Hoàn thành giải phóng mặt bằng tuyến đường ven biển — _Sở Xây dựng_ — hạn 30/09/2025"
    )
    assert message.text == (
        "Tổng hợp chỉ đạo: 2 bài, 3 mục cần theo dõi\n"
        "• Lãnh đạo tỉnh kiểm tra tiến độ dự án\n"
        "• Họp bàn phòng chống thiên tai"
    )


def test_digest_respects_block_section_and_text_limits() -> None:
    many_items = tuple(replace(ITEM, text="v" * 400) for _ in range(25))
    notices = [replace(NOTICE, article_id=i, title="T" * 5_000, items=many_items) for i in range(80)]

    message = render_digest(notices)

    assert len(message.blocks) == MAX_BLOCKS
    assert message.blocks[-1]["elements"][0]["text"] == "+32 bài khác"
    assert all(len(text) <= MAX_SECTION_CHARS for text in _texts(message))
    assert len(message.text) <= MAX_TEXT_CHARS
    assert message.text.endswith("…")
    first_section = message.blocks[1]["text"]["text"]
    assert first_section.endswith("dòng khác")


def test_digest_item_overflow_line() -> None:
    items = tuple(replace(ITEM, text=f"Việc {i}", assignee=None, due_date=None, deadline=None) for i in range(12))
    section = render_digest([replace(NOTICE, items=items)]).blocks[1]["text"]["text"]
    assert section.split("\n")[-3:] == ["• Việc 8", "• Việc 9", "+2 mục khác"]


def test_header_is_cut_to_150_chars() -> None:
    message = render_alert("N" * 400, "chi tiết")
    header = message.blocks[0]["text"]["text"]
    assert len(header) == MAX_HEADER_CHARS
    assert header.endswith("N…")


@pytest.mark.parametrize(
    ("event", "label", "emoji"),
    [
        ("due_soon", "Sắp đến hạn", ":alarm_clock:"),
        ("overdue", "Quá hạn", ":warning:"),
        ("status_changed", "Cập nhật trạng thái", ":arrows_counterclockwise:"),
        ("second_source", "Thêm nguồn đưa tin", ":newspaper:"),
    ],
)
def test_item_event_reply(event: str, label: str, emoji: str) -> None:
    message = render_item_event(ITEM, event, "còn 3 ngày <!here>")
    assert message.text == f"{label}: Hoàn thành giải phóng mặt bằng tuyến đường ven biển"
    assert message.blocks == (
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": f"{emoji} *{label}*\nHoàn thành giải phóng mặt bằng tuyến đường ven biển\n"
                "• *Đơn vị thực hiện:* Sở Xây dựng\n• *Thời hạn:* trước ngày 30/9 (30/09/2025)\n"
                "còn 3 ngày &lt;!here&gt;",
            },
        },
    )


def test_unknown_event_is_shown_escaped() -> None:
    message = render_item_event(ITEM, "<b>khác</b>")
    assert message.text.startswith("&lt;b&gt;khác&lt;/b&gt;: ")


def test_alert_and_test_message() -> None:
    alert = render_alert("Nguồn tin im lặng: bao-tinh", "Không có bài mới trong 48 giờ")
    assert alert.blocks == (
        {"type": "header", "text": {"type": "plain_text", "text": "⚠️ chidao: Nguồn tin im lặng: bao-tinh"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "Không có bài mới trong 48 giờ"}},
    )
    test_message = render_test_message("#chidao")
    assert test_message.text == "chidao: tin nhắn thử nghiệm tới #chidao. Kênh đã sẵn sàng nhận thông báo."


def test_plain_text_rendering_unescapes_and_unlinks() -> None:
    assert mrkdwn_to_plain("*<https://a.vn/x|Tiêu đề &amp; &lt;b&gt;>*") == "Tiêu đề & <b> (https://a.vn/x)"
    plain = to_plain_text(render_article(NOTICE)).split("\n")
    assert plain[0] == "Lãnh đạo tỉnh kiểm tra tiến độ dự án (https://baotinh.example.vn/kiem-tra-tien-do.html)"
    assert plain[4] == "• Đơn vị thực hiện: Sở Xây dựng"


_ENTITY_OR_PLAIN = re.compile(r"&(?!amp;|lt;|gt;)")
_feed_text = st.text(alphabet=st.sampled_from("ab &<>|*_!@\nđĐếệ"), max_size=4000)


@settings(max_examples=60, deadline=None)
@given(title=_feed_text, text=_feed_text, assignee=_feed_text, evidence=_feed_text, count=st.integers(1, 60))
def test_any_feed_text_stays_within_limits_and_escaped(
    title: str, text: str, assignee: str, evidence: str, count: int
) -> None:
    item = replace(ITEM, text=text, assignee=assignee or None, evidence=evidence or None)
    for message in (
        render_article(replace(NOTICE, title=title, items=(item,) * count)),
        render_digest([replace(NOTICE, title=title, items=(item,) * count)] * count),
    ):
        assert len(message.blocks) <= MAX_BLOCKS
        assert len(message.text) <= MAX_TEXT_CHARS
        for block in message.blocks:
            limit = MAX_HEADER_CHARS if block["type"] == "header" else MAX_SECTION_CHARS
            assert all(len(t) <= limit for t in _texts(ChatMessage("", (block,))))
        for shown in [message.text, *_texts(message)]:
            # Only our own link markup may use "<": the one link we build starts with "<https://".
            assert shown.replace("*<https://baotinh.example.vn/kiem-tra-tien-do.html|", "").count("<") == 0
            assert not _ENTITY_OR_PLAIN.search(shown)
