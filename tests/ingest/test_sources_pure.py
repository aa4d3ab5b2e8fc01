"""The pure readers behind sitemap and listing sources: sitemaps, listing pages, robots.txt, page metadata."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from chidao.core.pagemeta import page_metadata
from chidao.core.sources import (
    MAX_SITEMAP_URLS,
    SourceParseError,
    common_link_pattern,
    parse_listing,
    parse_sitemap,
    parse_w3c_datetime,
    robots_allows,
    robots_sitemaps,
)
from chidao.services.poll import page_refusal
from tests.ingest.portal_sites import listing_page, sitemap_index, urlset


def test_a_sitemap_is_read_newest_first_with_undated_urls_last_in_file_order() -> None:
    body = urlset(
        [
            ("https://hoalam.invalid/a.html", "2026-08-01"),
            ("https://hoalam.invalid/b.html", None),
            ("https://hoalam.invalid/c.html", "2026-08-31T09:00:00+07:00"),
            ("https://hoalam.invalid/d.html", None),
        ]
    ).encode()
    sitemap = parse_sitemap(body)
    assert not sitemap.is_index
    assert [(u.loc.rsplit("/", 1)[1], u.lastmod) for u in sitemap.urls] == [
        ("c.html", datetime(2026, 8, 31, 2, 0, tzinfo=UTC)),
        ("a.html", datetime(2026, 7, 31, 17, 0, tzinfo=UTC)),
        ("b.html", None),
        ("d.html", None),
    ]


def test_a_google_news_sitemap_gives_titles_and_publication_dates() -> None:
    body = urlset([("https://hoalam.invalid/a.html", "2026-08-31T09:00:00+07:00")], news_titles=["Tin một"])
    (url,) = parse_sitemap(body.encode()).urls
    assert (url.title, url.published) == ("Tin một", datetime(2026, 8, 31, 2, 0, tzinfo=UTC))


def test_a_gzip_sitemap_index_is_read() -> None:
    body = gzip.compress(sitemap_index([("https://hoalam.invalid/s1.xml", "2026-08-31")]).encode())
    sitemap = parse_sitemap(body)
    assert (sitemap.is_index, [u.loc for u in sitemap.urls]) == (True, ["https://hoalam.invalid/s1.xml"])


def test_a_gzip_bomb_is_refused_before_it_is_inflated() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 60_000_000)
    assert len(bomb) < 100_000
    with pytest.raises(SourceParseError, match=r"^gzip sitemap inflates to more than 50 MB$"):
        parse_sitemap(bomb)


def test_more_urls_than_the_protocol_allows_are_counted_and_dropped() -> None:
    body = urlset([(f"https://hoalam.invalid/{n}", None) for n in range(MAX_SITEMAP_URLS + 2)]).encode()
    sitemap = parse_sitemap(body)
    assert (len(sitemap.urls), sitemap.dropped) == (MAX_SITEMAP_URLS, 2)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty response"),
        ("<!DOCTYPE html><html><body>Trang chủ</body></html>".encode(), "HTML page, not a sitemap"),
        (
            b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>',
            "sitemap declares XML entities (refused: entity expansion)",
        ),
        (b"<rss><channel></channel></rss>", "not a sitemap (root element <rss>)"),
    ],
)
def test_what_is_not_a_sitemap(body: bytes, message: str) -> None:
    with pytest.raises(SourceParseError) as info:
        parse_sitemap(body)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2026-08-31", "2026-08-30T17:00:00+00:00"),
        ("2026-08-31T09:00:00+07:00", "2026-08-31T02:00:00+00:00"),
        ("2026-08-31T02:00Z", "2026-08-31T02:00:00+00:00"),
        ("2026-08-31 09:00:00.123", "2026-08-31T02:00:00+00:00"),
        ("31/08/2026", None),
        ("2026-02-30", None),
        ("", None),
    ],
)
def test_w3c_datetimes(raw: str, iso: str | None) -> None:
    parsed = parse_w3c_datetime(raw)
    assert (parsed.isoformat() if parsed else None) == iso


def test_listing_links_by_pattern_and_by_selector_and_the_next_page() -> None:
    body = listing_page(
        [("/tin-trong-tinh/a-1.html", "Tin một"), ("/tin-trong-tinh/b-2.html", "Tin hai"), ("/lien-he", "Liên hệ")],
        next_href="/tin-trong-tinh?trang=2",
    ).encode()
    base = "https://hoalam.invalid/tin-trong-tinh"
    by_pattern = parse_listing(body, base, link_pattern=r"/tin-trong-tinh/.+\.html$")
    by_selector = parse_listing(body, base, link_selector="div.news-item h3")
    expected = [
        ("https://hoalam.invalid/tin-trong-tinh/a-1.html", "Tin một"),
        ("https://hoalam.invalid/tin-trong-tinh/b-2.html", "Tin hai"),
    ]
    assert [(link.url, link.title) for link in by_pattern.links] == expected
    # The selector takes every headline of the list, the contact page included: the pattern is stricter.
    assert [(link.url, link.title) for link in by_selector.links] == [
        *expected,
        ("https://hoalam.invalid/lien-he", "Liên hệ"),
    ]
    assert by_pattern.next_url == "https://hoalam.invalid/tin-trong-tinh?trang=2"


def test_a_pattern_starting_with_a_slash_is_matched_against_the_path() -> None:
    body = b"<html><body><a href='/tin-bai/a/b'>A</a><a href='/x/tin-bai/a/b'>B</a></body></html>"
    page = parse_listing(body, "https://hoalam.invalid/", link_pattern=r"^/tin-bai/[^/]+/[^/]+/?$")
    assert [link.url for link in page.links] == ["https://hoalam.invalid/tin-bai/a/b"]


def test_listing_ignores_script_links_fragments_and_repeats() -> None:
    body = (
        "<html><body><a href='javascript:void(0)'>x</a><a href='/t/a.html#binh-luan'>A</a>"
        "<a href='/t/a.html'>A lần nữa</a><link rel='next' href='/t?p=2'></body></html>"
    ).encode()
    page = parse_listing(body, "https://hoalam.invalid/t", link_pattern="/t/")
    assert [(link.url, link.title) for link in page.links] == [("https://hoalam.invalid/t/a.html", "A")]
    assert page.next_url == "https://hoalam.invalid/t?p=2"


def test_a_redesigned_listing_yields_no_links() -> None:
    body = listing_page([("/tin-trong-tinh/a-1.html", "Tin một")], layout="new").encode()
    page = parse_listing(body, "https://hoalam.invalid/tin-trong-tinh", link_selector="div.news-item h3 a")
    assert (page.links, page.next_url) == ((), None)


def test_robots_txt_rules() -> None:
    forbid_all = "User-agent: *\nDisallow: /\n"
    only_us = "User-agent: chidao\nDisallow: /bao-tri/\n\nUser-agent: *\nDisallow:\n"
    assert robots_allows(forbid_all, "https://hoalam.invalid/sitemap.xml", "chidao") is False
    assert robots_allows(only_us, "https://hoalam.invalid/bao-tri/a.html", "chidao") is False
    assert robots_allows(only_us, "https://hoalam.invalid/tin/a.html", "chidao") is True
    assert robots_allows(None, "https://hoalam.invalid/anything", "chidao") is True
    assert robots_sitemaps(
        "Sitemap: /sitemap.xml\nsitemap: https://hoalam.invalid/news.xml\n", "https://hoalam.invalid"
    ) == [
        "https://hoalam.invalid/sitemap.xml",
        "https://hoalam.invalid/news.xml",
    ]


@pytest.mark.parametrize(
    "link",
    [
        "http://10.0.0.7/tin-trong-tinh/a.html",
        "http://192.168.1.1/tin-trong-tinh/a.html",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00::1]/tin-trong-tinh/a.html",
        "http://metadata.google.internal/computeMetadata/v1/",
    ],
)
def test_links_from_a_public_listing_to_private_or_metadata_addresses_are_refused(link: str) -> None:
    """Pure: no request is made to these ranges in any test."""
    refusal = page_refusal(link, "https://hoalam.invalid/tin-trong-tinh", ())
    assert (
        refusal is not None
        and refusal.startswith("page host '")
        and refusal.endswith("' is not the feed's host and not in its allow_hosts")
    )


def test_common_link_pattern() -> None:
    urls = ["https://hoalam.invalid/thoi-su/a-1.html", "https://hoalam.invalid/thoi-su/b-2.html"]
    assert common_link_pattern(urls) == r"^https://hoalam\.invalid/thoi-su/.+\.html$"
    assert common_link_pattern(urls[:1]) is None


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        (
            "<meta property='article:published_time' content='2026-08-31T09:15:00+07:00'>"
            '<script type=\'application/ld+json\'>{"datePublished": "2020-01-01"}</script>',
            "",
            ("2026-08-31T02:15:00+00:00", "meta:article:published_time"),
        ),
        (
            '<script type=\'application/ld+json\'>{"@graph": [{"@type": "NewsArticle", '
            '"datePublished": "2026-08-30T07:45:00+07:00"}]}</script>',
            "",
            ("2026-08-30T00:45:00+00:00", "jsonld:datePublished"),
        ),
        (
            "",
            "<time datetime='2026-08-29T21:40:00+07:00'>tối qua</time>",
            ("2026-08-29T14:40:00+00:00", "time:datetime"),
        ),
        (
            "",
            "<div class='meta'><span>Thứ Hai, 08/07/2024 - 10:15</span></div>",
            ("2024-07-08T10:15:00+07:00", "dateline"),
        ),
        ("", "<p>20:55, 22/06/2022</p><p>Nội dung bài.</p>", ("2022-06-22T20:55:00+07:00", "dateline")),
        ("<meta name='pubdate' content='2023-05-06'>", "", ("2023-05-05T17:00:00+00:00", "meta:pubdate")),
        ("", "<p>Hạn chót là ngày 30/9/2026, các đơn vị phải báo cáo đầy đủ kết quả.</p>", None),
    ],
)
def test_page_published_date_and_where_it_came_from(head: str, body: str, published: tuple[str, str] | None) -> None:
    meta = page_metadata(f"<html><head>{head}</head><body><h1>Tiêu đề</h1>{body}</body></html>".encode())
    assert ((meta.published.value, meta.published.source) if meta.published else None) == published


def test_page_title_and_lead_with_their_sources() -> None:
    page = (
        "<html><head><title>Tiêu đề - Cổng TTĐT</title><meta property='og:title' content='Tiêu đề chia sẻ'>"
        "<meta name='description' content='Mô tả ngắn.'></head><body><h1>Tiêu đề trang</h1>"
        "<p class='sapo'>Đoạn mở đầu.</p></body></html>"
    )
    assert page_metadata(page).to_json() == {
        "title": {"value": "Tiêu đề chia sẻ", "source": "meta:og:title"},
        "lead": {"value": "Mô tả ngắn.", "source": "meta:description"},
    }
    bare = "<html><body><h1>Tiêu đề trang</h1><p class='sapo'>Đoạn mở đầu.</p></body></html>"
    assert page_metadata(bare).to_json() == {
        "title": {"value": "Tiêu đề trang", "source": "h1"},
        "lead": {"value": "Đoạn mở đầu.", "source": "sapo"},
    }
    assert page_metadata(b"").to_json() == {}
    assert page_metadata(b"\x00\x01 not html").to_json() == {}
