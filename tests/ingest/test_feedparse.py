"""parse_feed on hostile, broken and unusual feeds."""

from __future__ import annotations

import tracemalloc
import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chidao.core.feedparse import FeedParseError, parse_feed, parse_vietnamese_date
from tests.ingest.feedjson import encode_cp1258

FEED_URL = "https://tinhmau.example.vn/rss/home.rss"


def rss(
    items: str,
    *,
    channel_extra: str = "",
    prolog: str = '<?xml version="1.0" encoding="utf-8"?>',
    title: str = "Tin tỉnh",
) -> str:
    return f'{prolog}\n<rss version="2.0"><channel><title>{title}</title>{channel_extra}{items}</channel></rss>'


def item(title: str, *, guid: str | None = None, link: str | None = None, description: str = "") -> str:
    parts = [f"<title>{title}</title>"]
    if guid is not None:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if link is not None:
        parts.append(f"<link>{link}</link>")
    parts.append(f"<description>{description}</description>")
    return "<item>" + "".join(parts) + "</item>"


@pytest.mark.parametrize("body", [b"", b"   \n\t ", b"\xef\xbb\xbf  \n"])
def test_empty_body_is_refused(body: bytes) -> None:
    with pytest.raises(FeedParseError, match=r"^empty body$"):
        parse_feed(body, url=FEED_URL)


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html><html><head><title>404</title></head>"
        b"<body><p>Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y</p></body></html>",
        b"<html><body>Trang \xc4\x91ang b\xe1\xba\xa3o tr\xc3\xac</body></html>",
        b"<!-- cache --><!doctype HTML><html lang='vi'></html>",
    ],
)
def test_html_page_is_not_a_feed(page: bytes) -> None:
    with pytest.raises(FeedParseError, match=r"^HTML page, not a feed$"):
        parse_feed(page, url=FEED_URL, content_type="text/html; charset=utf-8")


def test_entity_bomb_is_refused_before_the_parser_expands_it() -> None:
    """One 50 KB entity referenced 2,000 times would expand to 100 MB."""
    payload = "A" * 50_000
    references = "&big;" * 2_000
    bomb = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "{payload}">\n]>\n'
        f'<rss version="2.0"><channel><title>x</title><item><title>{references}</title>'
        f"<description>{references}</description></item></channel></rss>"
    ).encode()
    tracemalloc.start()
    try:
        with pytest.raises(FeedParseError, match=r"^XML entity declarations refused$"):
            parse_feed(bomb, url=FEED_URL)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, f"peak {peak} bytes: the entity was expanded"


def test_entity_declarations_behind_a_comment_are_refused() -> None:
    """A comment containing "<x>" must not hide the DOCTYPE after it: expat
    would still read the internal subset and expand the entity."""
    references = "&big;" * 2_000
    hidden = (
        f'<?xml version="1.0"?><!-- <x> --><!DOCTYPE rss [<!ENTITY big "{"B" * 50_000}">]>'
        f'<rss version="2.0"><channel><title>t</title><item><title>{references}</title></item></channel></rss>'
    ).encode()
    tracemalloc.start()
    try:
        with pytest.raises(FeedParseError, match=r"^XML entity declarations refused$"):
            parse_feed(hidden, url=FEED_URL)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000


def test_html_document_inside_cdata_content_is_just_content() -> None:
    content = "<![CDATA[<!DOCTYPE html><html><body><p>Toàn văn thông báo</p></body></html>]]>"
    body = rss(
        "<item><guid>c1</guid><title>Thông báo</title>"
        f'<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">{content}</content:encoded>'
        "</item>"
    )
    entry = parse_feed(body.encode(), url=FEED_URL).entries[0]
    assert entry.title == "Thông báo"
    assert entry.content_html is not None and "Toàn văn thông báo" in entry.content_html


def test_nested_entity_declarations_are_refused() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<rss><channel><title>&lol2;</title></channel></rss>"
    )
    with pytest.raises(FeedParseError, match=r"^XML entity declarations refused$"):
        parse_feed(laughs.encode(), url=FEED_URL)


def test_plain_doctype_is_dropped_and_the_feed_read() -> None:
    body = rss(
        item("Giao ban tháng 11", guid="gb-11"),
        prolog='<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">',
    )
    parsed = parse_feed(body.encode(), url=FEED_URL)
    assert [entry.title for entry in parsed.entries] == ["Giao ban tháng 11"]
    assert parsed.warnings == ()


def test_malformed_xml_with_recovered_entries_is_a_warning() -> None:
    body = rss(item("Tin một", guid="a") + item("Tin hai & ba", guid="b") + "<item><title>Tin bốn")
    parsed = parse_feed(body.encode(), url=FEED_URL)
    assert [entry.identity for entry in parsed.entries][:2] == ["guid:a", "guid:b"]
    assert len(parsed.warnings) == 1
    assert parsed.warnings[0].startswith("recovered from malformed XML: ")


def test_malformed_xml_without_entries_is_a_failure() -> None:
    with pytest.raises(FeedParseError, match=r"^not XML: "):
        parse_feed(b'<?xml version="1.0"?><rss><channel><title>x</title></chan', url=FEED_URL)


def test_xml_that_is_not_a_feed_is_refused() -> None:
    with pytest.raises(FeedParseError, match=r"^not a feed: root element <sitemapindex>$"):
        parse_feed(b'<?xml version="1.0"?><sitemapindex><sitemap/></sitemapindex>', url=FEED_URL)


def test_text_without_markup_is_not_xml() -> None:
    with pytest.raises(FeedParseError, match=r"^not XML: no element found$"):
        parse_feed("Dịch vụ tạm ngừng".encode(), url=FEED_URL)


def test_valid_feed_without_items_is_empty_not_an_error() -> None:
    parsed = parse_feed(rss("").encode(), url=FEED_URL)
    assert parsed.title == "Tin tỉnh"
    assert parsed.entries == ()
    assert parsed.warnings == ()


def test_windows_1258_declared_utf8_is_decoded_by_the_bytes() -> None:
    text = "Chủ tịch UBND tỉnh yêu cầu đẩy nhanh tiến độ giải ngân vốn đầu tư công"
    body = encode_cp1258(rss(item(text, guid="g1", description=text)))
    assert b'encoding="utf-8"' in body
    entry = parse_feed(body, url=FEED_URL, content_type="application/rss+xml; charset=utf-8").entries[0]
    assert entry.title == text
    assert entry.summary == text


def test_windows_1252_declared_utf8_is_decoded_as_1252() -> None:
    text = "Café “Sài Gòn” – giá 25 €"
    body = rss(item(text, guid="g1"), title="Tin Café").encode("cp1252")
    assert parse_feed(body, url=FEED_URL).entries[0].title == text


def test_utf8_declared_windows_1258_is_read_as_utf8() -> None:
    text = "Sở Tài nguyên và Môi trường báo cáo trước ngày 15/12"
    body = rss(item(text, guid="g1"), prolog='<?xml version="1.0" encoding="windows-1258"?>').encode()
    assert parse_feed(body, url=FEED_URL).entries[0].title == text


def test_utf16_with_bom_is_read() -> None:
    text = "Huyện ủy tổ chức hội nghị"
    body = rss(item(text, guid="g1"), prolog='<?xml version="1.0" encoding="utf-16"?>').encode("utf-16")
    assert parse_feed(body, url=FEED_URL).entries[0].title == text


def test_nfd_text_comes_out_nfc() -> None:
    title = "Phó Chủ tịch thường trực kiểm tra công trình"
    summary = "Đoàn kiểm tra yêu cầu khắc phục ngay"
    body = unicodedata.normalize("NFD", rss(item(title, guid="g1", description=summary))).encode()
    parsed = parse_feed(body, url=FEED_URL)
    assert parsed.title == "Tin tỉnh"
    assert (parsed.entries[0].title, parsed.entries[0].summary) == (title, summary)
    assert unicodedata.is_normalized("NFC", parsed.entries[0].title)


def test_identity_prefers_guid_then_link_then_hash() -> None:
    body = rss(
        item("Có guid", guid="id-1", link="https://tinhmau.example.vn/a")
        + item("Chỉ có link", link="/b?utm_source=fb")
        + item("Không có gì", description="Nội dung")
    )
    entries = parse_feed(body.encode(), url=FEED_URL).entries
    assert entries[0].identity == "guid:id-1"
    assert entries[1].identity == "link:https://tinhmau.example.vn/b"
    assert entries[2].identity == f"hash:{entries[2].content_hash}"


def test_duplicate_entries_keep_the_first_and_warn() -> None:
    body = rss(item("Bản đầu", guid="same") + item("Bản đầu", guid="same"))
    parsed = parse_feed(body.encode(), url=FEED_URL)
    assert [entry.title for entry in parsed.entries] == ["Bản đầu"]
    assert parsed.warnings == ("duplicate entry dropped: guid:same",)


def test_a_guid_reused_for_another_entry_keeps_both() -> None:
    """#15: a different entry under a GUID already seen is known by its content (it has no link here)."""
    body = rss(item("Bản đầu", guid="same") + item("Bản sau", guid="same"))
    parsed = parse_feed(body.encode(), url=FEED_URL)
    assert [entry.title for entry in parsed.entries] == ["Bản đầu", "Bản sau"]
    second = parsed.entries[1].identity
    assert second.startswith("hash:")
    assert parsed.warnings == (f"GUID reused for a different entry: guid:same; kept as {second}",)


def test_content_hash_follows_visible_text_only() -> None:
    plain = parse_feed(rss(item("Tin", guid="g", description="Nội dung mới")).encode(), url=FEED_URL)
    marked_up = parse_feed(
        rss(item("Tin", guid="g", description="&lt;p&gt;Nội   dung &lt;b&gt;mới&lt;/b&gt;&lt;/p&gt;")).encode(),
        url=FEED_URL,
    )
    changed = parse_feed(rss(item("Tin", guid="g", description="Nội dung đã sửa")).encode(), url=FEED_URL)
    assert plain.entries[0].content_hash == marked_up.entries[0].content_hash
    assert plain.entries[0].content_hash != changed.entries[0].content_hash


def test_non_http_links_are_dropped() -> None:
    body = rss(item("Tin", link="javascript:alert(1)"))
    entry = parse_feed(body.encode(), url=FEED_URL).entries[0]
    assert entry.link is None
    assert entry.identity.startswith("hash:")


@pytest.mark.parametrize(
    ("channel_extra", "expected"),
    [
        ("<ttl>15</ttl>", 900),
        ("<ttl>0</ttl>", None),
        ("<ttl>mười lăm</ttl>", None),
        ("", None),
    ],
)
def test_rss_ttl_minutes_become_seconds(channel_extra: str, expected: int | None) -> None:
    assert parse_feed(rss("", channel_extra=channel_extra).encode(), url=FEED_URL).ttl_seconds == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("22/11/2026 10:30", datetime(2026, 11, 22, 3, 30, tzinfo=UTC)),
        ("05-01-2026", datetime(2026, 1, 4, 17, 0, tzinfo=UTC)),
        ("1.2.2027 7h05", datetime(2027, 2, 1, 0, 5, tzinfo=UTC)),
        ("31/02/2026", None),
        ("hôm qua", None),
    ],
)
def test_day_first_portal_dates_are_vietnam_time(raw: str, expected: datetime | None) -> None:
    assert parse_vietnamese_date(raw) == expected


def test_rfc822_dates_become_utc() -> None:
    body = rss("<item><guid>x</guid><title>t</title><pubDate>Mon, 23 Nov 2026 07:00:00 +0700</pubDate></item>")
    published = parse_feed(body.encode(), url=FEED_URL).entries[0].published
    assert published == datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    assert published is not None and published.utcoffset() is not None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_only_ever_raise_feed_parse_error(body: bytes) -> None:
    try:
        parse_feed(body, url=FEED_URL)
    except FeedParseError as error:
        assert str(error)


_xml_pieces = st.sampled_from(
    [
        "<rss>",
        "</rss>",
        "<channel>",
        "</channel>",
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<feed xmlns='http://www.w3.org/2005/Atom'>",
        "<entry>",
        "<!DOCTYPE x [",
        "<!ENTITY e 'v'>",
        "]>",
        "&e;",
        "&amp;",
        "<![CDATA[",
        "]]>",
        "<?xml version='1.0' encoding='utf-8'?>",
        "Chủ tịch",
        "\u0301",
        "<link>",
        "javascript:x",
        "http://[::1",
        "<pubDate>",
        "99/99/9999",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_xml_pieces, max_size=30))
def test_feed_shaped_garbage_only_ever_raises_feed_parse_error(pieces: list[str]) -> None:
    try:
        parse_feed("".join(pieces).encode(), url=FEED_URL)
    except FeedParseError as error:
        assert str(error)


def test_an_unparseable_link_costs_only_that_link() -> None:
    body = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Sở Mẫu</title>'
        '<entry><id>tag:a</id><title>Tin một</title><link href="http://[::1/a"/></entry>'
        '<entry><id>tag:b</id><title>Tin hai</title><link href="https://somau.example.vn/b"/></entry></feed>'
    )
    entries = parse_feed(body.encode(), url=FEED_URL).entries
    assert [(entry.identity, entry.link) for entry in entries] == [
        ("guid:tag:a", None),
        ("guid:tag:b", "https://somau.example.vn/b"),
    ]
