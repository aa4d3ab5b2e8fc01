"""Sitemap and listing sources end to end: invented portals on loopback, real SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from chidao.adapters.db import Database, Feed, Notification
from chidao.adapters.http import Fetcher, FetchLimits, FetchRequest
from chidao.core.feeds import FeedSpec
from chidao.services.feed_health import queue_feed_alerts
from chidao.services.ingest import poll_feeds
from tests.ingest.portal_sites import (
    BODIES,
    RSS,
    TEXT,
    XML,
    Site,
    article_page,
    listing_page,
    sitemap_index,
    urlset,
)
from tests.ingest.service_support import NOW, add_feeds, articles, later

CHANNEL = "#ops"


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchLimits(timeout_seconds=2.0, connect_timeout_seconds=1.0), allow_private=True) as f:
        yield f


@pytest.fixture
def site(feed_server: HTTPServer) -> Site:
    return Site(feed_server)


def get_feed(db: Database, feed_id: str) -> Feed:
    with db.session() as session:
        return session.get_one(Feed, feed_id)


def meta_of(db: Database) -> list[tuple[str | None, dict[str, dict[str, str]] | None]]:
    return [(a.title, a.page_meta) for a in articles(db)]


def sitemap_portal(site: Site) -> None:
    """A portal with no feed at all: robots.txt names a sitemap index of a news sitemap and a monthly one."""
    site.put("/robots.txt", f"User-agent: *\nDisallow: /quan-tri/\nSitemap: {site.url('/sitemap.xml')}\n", TEXT)
    site.put(
        "/sitemap.xml",
        sitemap_index(
            [(site.url("/sitemaps/news.xml"), "2026-08-31T10:00:00+07:00"), (site.url("/sitemaps/2026-08.xml"), None)]
        ),
        XML,
    )
    site.put(
        "/sitemaps/news.xml",
        urlset(
            [(site.url("/tin-tuc/giai-ngan-von-dau-tu-cong-101.html"), "2026-08-31T09:30:00+07:00")],
            news_titles=["Hòa Lâm đẩy nhanh giải ngân vốn đầu tư công"],
        ),
        XML,
    )
    site.put(
        "/sitemaps/2026-08.xml",
        urlset(
            [
                (site.url("/tin-tuc/chuan-bi-nam-hoc-moi-102.html"), "2026-08-30T08:00:00+07:00"),
                (site.url("/tin-tuc/mua-lon-cac-xa-phia-tay-103.html"), "2026-08-29"),
                (site.url("/tin-tuc/le-hoi-cu-2019-1.html"), "2019-05-01"),  # archive: older than 30 days
            ]
        ),
        XML,
    )
    site.put(
        "/tin-tuc/giai-ngan-von-dau-tu-cong-101.html",
        article_page(
            "Đẩy nhanh giải ngân vốn đầu tư công",
            BODIES[0],
            head="<meta property='article:published_time' content='2026-08-31T09:15:00+07:00'>",
        ),
    )
    site.put(
        "/tin-tuc/chuan-bi-nam-hoc-moi-102.html",
        article_page(
            "Kiểm tra chuẩn bị năm học mới",
            BODIES[1],
            head='<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2026-08-30T07:45:00+07:00", "description": "Đoàn công tác kiểm tra trường vùng cao."}'
            "</script>",
        ),
    )
    site.put(
        "/tin-tuc/mua-lon-cac-xa-phia-tay-103.html",
        article_page("Mưa lớn gây sạt lở ở các xã phía tây", BODIES[2], dateline="Thứ Bảy, 29/08/2026 - 21:40"),
    )


def sitemap_spec(site: Site, **options: object) -> FeedSpec:
    return FeedSpec(
        id="hoalam-sitemap",
        url=site.url("/sitemap.xml"),
        kind="sitemap",
        **options,  # type: ignore[arg-type]
    )


def test_sitemap_index_portal_stores_each_article_once_with_its_date_and_where_it_came_from(
    db: Database, site: Site, fetcher: Fetcher
) -> None:
    sitemap_portal(site)
    add_feeds(db, sitemap_spec(site))

    first = poll_feeds(db, fetcher, ["hoalam-sitemap"], now=NOW)

    assert [(p.outcome, p.error, p.entries_seen, len(p.new_article_ids)) for p in first.polls] == [("ok", None, 3, 3)]
    assert sorted(site.requests) == [
        "/robots.txt",
        "/sitemap.xml",
        "/sitemaps/2026-08.xml",
        "/sitemaps/news.xml",
        "/tin-tuc/chuan-bi-nam-hoc-moi-102.html",
        "/tin-tuc/giai-ngan-von-dau-tu-cong-101.html",
        "/tin-tuc/mua-lon-cac-xa-phia-tay-103.html",
    ]
    stored = {a.canonical_url.rsplit("/", 1)[1]: a for a in articles(db)}
    news = stored["giai-ngan-von-dau-tu-cong-101.html"]
    assert (news.title, news.entry_published) == (
        "Hòa Lâm đẩy nhanh giải ngân vốn đầu tư công",
        datetime(2026, 8, 31, 2, 30, tzinfo=UTC),
    )
    assert news.page_meta == {
        "title": {"value": "Hòa Lâm đẩy nhanh giải ngân vốn đầu tư công", "source": "sitemap"},
        "published": {"value": "2026-08-31T02:30:00+00:00", "source": "sitemap"},
    }
    school = stored["chuan-bi-nam-hoc-moi-102.html"]
    assert school.page_meta == {
        "title": {"value": "Kiểm tra chuẩn bị năm học mới", "source": "page:h1"},
        "published": {"value": "2026-08-30T00:45:00+00:00", "source": "page:jsonld:datePublished"},
        "lead": {"value": "Đoàn công tác kiểm tra trường vùng cao.", "source": "page:jsonld:description"},
    }
    rain = stored["mua-lon-cac-xa-phia-tay-103.html"]
    assert rain.page_meta == {
        "title": {"value": "Mưa lớn gây sạt lở ở các xã phía tây", "source": "page:h1"},
        "published": {"value": "2026-08-29T21:40:00+07:00", "source": "page:dateline"},
    }
    assert rain.entry_published is not None and rain.entry_published.isoformat() == "2026-08-29T14:40:00+00:00"
    assert "Sở Nông nghiệp và Môi trường" in rain.text

    site.requests.clear()
    second = poll_feeds(db, fetcher, ["hoalam-sitemap"], now=later(30))
    assert [(p.outcome, p.new_entries, p.new_article_ids) for p in second.polls] == [("ok", 0, [])]
    assert not site.asked("/tin-tuc/"), "known URLs with the same lastmod are not fetched again"


def test_a_new_lastmod_fetches_the_page_again_and_updates_the_article(
    db: Database, site: Site, fetcher: Fetcher
) -> None:
    sitemap_portal(site)
    add_feeds(db, sitemap_spec(site))
    poll_feeds(db, fetcher, ["hoalam-sitemap"], now=NOW)
    site.put(
        "/sitemaps/2026-08.xml",
        urlset([(site.url("/tin-tuc/mua-lon-cac-xa-phia-tay-103.html"), "2026-08-31T11:00:00+07:00")]),
        XML,
    )
    site.put(
        "/tin-tuc/mua-lon-cac-xa-phia-tay-103.html",
        article_page(
            "Mưa lớn gây sạt lở ở các xã phía tây",
            (*BODIES[2], "Đến trưa nay, các tuyến đường bị chia cắt đã được thông xe trở lại."),
            dateline="Thứ Bảy, 29/08/2026 - 21:40",
        ),
    )
    site.requests.clear()

    poll = poll_feeds(db, fetcher, ["hoalam-sitemap"], now=later(30)).polls[0]

    assert site.asked("/tin-tuc/") == ["/tin-tuc/mua-lon-cac-xa-phia-tay-103.html"]
    assert (len(poll.changed_article_ids), poll.new_article_ids) == (1, [])
    rain = next(a for a in articles(db) if a.canonical_url.endswith("-103.html"))
    assert rain.text.endswith("các tuyến đường bị chia cắt đã được thông xe trở lại.")


def test_listing_portal_with_broken_pagination_keeps_the_first_page(db: Database, site: Site, fetcher: Fetcher) -> None:
    site.put("/robots.txt", "User-agent: *\nDisallow:\n", TEXT)
    site.put(
        "/tin-trong-tinh",
        listing_page(
            [
                ("/tin-trong-tinh/giai-ngan-von-201.html", "Đẩy nhanh giải ngân vốn đầu tư công"),
                ("/tin-trong-tinh/nam-hoc-moi-202.html", "Kiểm tra chuẩn bị năm học mới"),
                ("/gioi-thieu", "Giới thiệu chung"),
            ],
            next_href="/tin-trong-tinh?trang=2",
        ),
    )
    site.put("/tin-trong-tinh?trang=2", "lỗi máy chủ", TEXT, status=500)
    site.put(
        "/tin-trong-tinh/giai-ngan-von-201.html",
        article_page("Đẩy nhanh giải ngân vốn đầu tư công", BODIES[0], dateline="Cập nhật: 31/8/2026"),
    )
    site.put(
        "/tin-trong-tinh/nam-hoc-moi-202.html",
        article_page("Kiểm tra chuẩn bị năm học mới", BODIES[1], dateline="20:55, 30/08/2026"),
    )
    spec = FeedSpec(
        id="hoalam-tin-trong-tinh",
        url=site.url("/tin-trong-tinh"),
        kind="listing",
        link_pattern=r"/tin-trong-tinh/.+-\d+\.html$",
        pages=3,
    )
    add_feeds(db, spec)

    poll = poll_feeds(db, fetcher, ["hoalam-tin-trong-tinh"], now=NOW).polls[0]

    assert (poll.outcome, poll.entries_seen, len(poll.new_article_ids)) == ("ok", 2, 2)
    assert poll.warnings == (f"{site.url('/tin-trong-tinh?trang=2')} not read: HTTP 500",)
    assert [(title, (meta or {})["published"]) for title, meta in meta_of(db)] == [
        ("Đẩy nhanh giải ngân vốn đầu tư công", {"value": "2026-08-31T00:00:00+07:00", "source": "page:dateline"}),
        ("Kiểm tra chuẩn bị năm học mới", {"value": "2026-08-30T20:55:00+07:00", "source": "page:dateline"}),
    ]
    assert [(t, (m or {})["title"]["source"]) for t, m in meta_of(db)] == [
        ("Đẩy nhanh giải ngân vốn đầu tư công", "listing"),
        ("Kiểm tra chuẩn bị năm học mới", "listing"),
    ]


def test_pagination_is_off_by_default_and_a_loop_is_noticed(db: Database, site: Site, fetcher: Fetcher) -> None:
    site.put("/robots.txt", "", TEXT)
    items = [("/tin-trong-tinh/giai-ngan-von-201.html", "Đẩy nhanh giải ngân vốn đầu tư công")]
    site.put("/tin-trong-tinh", listing_page(items, next_href="/tin-trong-tinh?trang=2"))
    site.put("/tin-trong-tinh?trang=2", listing_page(items, next_href="/tin-trong-tinh"))
    site.put("/tin-trong-tinh/giai-ngan-von-201.html", article_page("Giải ngân", BODIES[0]))
    add_feeds(
        db,
        FeedSpec(
            id="default-pages",
            url=site.url("/tin-trong-tinh"),
            kind="listing",
            link_selector="div.news-item h3 a",
        ),
        FeedSpec(
            id="looping",
            url=site.url("/tin-trong-tinh"),
            kind="listing",
            link_selector="div.news-item h3 a",
            pages=5,
        ),
    )

    summary = poll_feeds(db, fetcher, ["default-pages", "looping"], now=NOW)

    assert [(p.feed_id, p.outcome, p.entries_seen, p.warnings) for p in summary.polls] == [
        ("default-pages", "ok", 1, ()),
        (
            "looping",
            "ok",
            1,
            (f"{site.url('/tin-trong-tinh?trang=2')}: the next page link leads back to a page already read",),
        ),
    ]
    assert site.requests.count("/tin-trong-tinh?trang=2") == 1


def test_a_listing_whose_layout_changed_raises_the_silent_alert_once(
    db: Database, site: Site, fetcher: Fetcher
) -> None:
    site.put("/robots.txt", "", TEXT)
    items = [("/tin-trong-tinh/giai-ngan-von-201.html", "Đẩy nhanh giải ngân vốn đầu tư công")]
    site.put("/tin-trong-tinh", listing_page(items))
    site.put("/tin-trong-tinh/giai-ngan-von-201.html", article_page("Giải ngân", BODIES[0]))
    add_feeds(
        db,
        FeedSpec(
            id="hoalam-list",
            url=site.url("/tin-trong-tinh"),
            kind="listing",
            link_selector="div.news-item h3.title a",
        ),
    )
    poll_feeds(db, fetcher, ["hoalam-list"], now=NOW)
    assert queue_feed_alerts(db, NOW, CHANNEL) == []

    site.put("/tin-trong-tinh", listing_page(items, layout="new"))
    poll = poll_feeds(db, fetcher, ["hoalam-list"], now=later(30)).polls[0]

    assert (poll.outcome, poll.entries_seen) == ("ok", 0)
    assert queue_feed_alerts(db, later(30), CHANNEL) == ["hoalam-list"]
    assert queue_feed_alerts(db, later(60), CHANNEL) == []
    with db.session() as session:
        alerts = [n.payload["text"] for n in session.scalars(select(Notification).where(Notification.kind == "alert"))]
    assert len(alerts) == 1
    assert "Nguồn tin im lặng: hoalam-list" in alerts[0]
    assert "Trang danh sách không còn liên kết bài viết nào (bố cục trang đã thay đổi?)." in alerts[0]

    site.put("/tin-trong-tinh", listing_page(items))
    poll_feeds(db, fetcher, ["hoalam-list"], now=later(60))
    queue_feed_alerts(db, later(60), CHANNEL)
    assert get_feed(db, "hoalam-list").alerted_state is None


def test_robots_txt_that_forbids_everything_stops_the_source_before_any_other_request(
    db: Database, site: Site, fetcher: Fetcher
) -> None:
    sitemap_portal(site)
    site.put("/robots.txt", "User-agent: *\nDisallow: /\n", TEXT)
    add_feeds(db, sitemap_spec(site))

    poll = poll_feeds(db, fetcher, ["hoalam-sitemap"], now=NOW).polls[0]

    assert (poll.outcome, poll.error) == ("error", "robots.txt forbids this URL")
    assert site.requests == ["/robots.txt"]
    feed = get_feed(db, "hoalam-sitemap")
    assert (feed.consecutive_failures, feed.last_error) == (1, "robots.txt forbids this URL")


def test_robots_txt_that_forbids_article_pages_skips_them_and_names_them(
    db: Database, site: Site, fetcher: Fetcher
) -> None:
    sitemap_portal(site)
    site.put("/robots.txt", "User-agent: chidao\nDisallow: /tin-tuc/chuan-bi\n", TEXT)
    add_feeds(db, sitemap_spec(site))

    poll = poll_feeds(db, fetcher, ["hoalam-sitemap"], now=NOW).polls[0]

    forbidden = site.url("/tin-tuc/chuan-bi-nam-hoc-moi-102.html")
    assert poll.warnings == (f"{forbidden} skipped: robots.txt forbids this URL",)
    assert len(poll.new_article_ids) == 2
    assert "/tin-tuc/chuan-bi-nam-hoc-moi-102.html" not in site.requests


def test_a_robots_txt_that_fails_to_load_postpones_the_source(db: Database, site: Site, fetcher: Fetcher) -> None:
    sitemap_portal(site)
    site.put("/robots.txt", "bảo trì", TEXT, status=503)
    add_feeds(db, sitemap_spec(site))

    poll = poll_feeds(db, fetcher, ["hoalam-sitemap"], now=NOW).polls[0]

    assert (poll.outcome, poll.error) == ("error", "robots.txt could not be read (HTTP 503)")
    assert site.requests == ["/robots.txt"]


def test_a_sitemap_of_50000_urls_fetches_only_the_newest_pages_of_the_poll_bound(
    db: Database, site: Site, fetcher: Fetcher
) -> None:
    site.put("/robots.txt", "", TEXT)
    # Newest last in the file: the order must come from lastmod, not from the file.
    entries = [
        (site.url(f"/a/{n}"), (NOW - timedelta(seconds=30 * (50_000 - n))).isoformat()) for n in range(1, 50_001)
    ]
    body = urlset(entries)
    assert len(body) < 5_000_000  # under the fetcher's size cap
    site.put("/sitemap.xml", body, XML)
    for n in range(49_996, 50_001):
        site.put(f"/a/{n}", article_page(f"Tin số {n}", BODIES[n % 3]))
    add_feeds(db, sitemap_spec(site, max_per_poll=5))

    poll = poll_feeds(db, fetcher, ["hoalam-sitemap"], now=NOW).polls[0]

    assert (poll.outcome, poll.entries_seen, poll.new_entries, len(articles(db))) == ("ok", 50_000, 5, 5)
    assert sorted(site.asked("/a/")) == [f"/a/{n}" for n in range(49_996, 50_001)]
    site.requests.clear()
    poll_feeds(db, fetcher, ["hoalam-sitemap"], now=later(1))
    assert sorted(site.asked("/a/")) == [f"/a/{n}" for n in range(49_991, 49_996)], "the next poll: the next newest"


def test_a_sitemap_bomb_of_nested_indexes_costs_three_requests(db: Database, site: Site, fetcher: Fetcher) -> None:
    site.put("/robots.txt", "", TEXT)
    site.put("/sitemap.xml", sitemap_index([(site.url(f"/bomb/{n}.xml"), None) for n in range(200)]), XML)
    for n in range(200):
        site.put(f"/bomb/{n}.xml", sitemap_index([(site.url(f"/bomb/{n}/{m}.xml"), None) for m in range(200)]), XML)
    add_feeds(db, sitemap_spec(site))

    poll = poll_feeds(db, fetcher, ["hoalam-sitemap"], now=NOW).polls[0]

    assert (poll.outcome, poll.entries_seen) == ("ok", 0)
    assert site.requests[:2] == ["/robots.txt", "/sitemap.xml"]
    assert sorted(site.requests[2:]) == ["/bomb/0.xml", "/bomb/1.xml", "/bomb/2.xml"]
    assert poll.warnings == tuple(
        f"{site.url(f'/bomb/{n}.xml')} is another sitemap index: nested indexes are not followed" for n in range(3)
    )


def test_links_to_other_hosts_are_skipped_without_a_request(db: Database, site: Site, fetcher: Fetcher) -> None:
    """Loopback only: 127.0.0.2 and localhost stand for any other host (other ranges: pure tests below)."""
    port = site.server.port
    site.put("/robots.txt", "", TEXT)
    site.put(
        "/tin-trong-tinh",
        listing_page(
            [
                (f"http://127.0.0.2:{port}/tin-trong-tinh/mo-phong-301.html", "Một liên kết sang máy khác"),
                (f"http://localhost:{port}/tin-trong-tinh/mo-phong-302.html", "Một liên kết sang tên máy khác"),
            ]
        ),
    )
    add_feeds(
        db,
        FeedSpec(
            id="hoalam-list",
            url=site.url("/tin-trong-tinh"),
            kind="listing",
            link_pattern=r"/tin-trong-tinh/.+\.html$",
        ),
    )

    poll = poll_feeds(db, fetcher, ["hoalam-list"], now=NOW).polls[0]

    assert poll.warnings == (
        f"http://127.0.0.2:{port}/tin-trong-tinh/mo-phong-301.html skipped: "
        f"page host '127.0.0.2:{port}' is not the feed's host and not in its allow_hosts",
        f"http://localhost:{port}/tin-trong-tinh/mo-phong-302.html skipped: "
        f"page host 'localhost:{port}' is not the feed's host and not in its allow_hosts",
    )
    assert (poll.entries_seen, poll.new_article_ids, articles(db)) == (2, [], [])
    assert site.requests == ["/robots.txt", "/tin-trong-tinh"]


def test_a_summary_only_feed_entry_without_a_date_gets_the_page_date(
    db: Database, site: Site, fetcher: Fetcher
) -> None:
    link = site.url("/tin-tuc/giai-ngan-von-dau-tu-cong-101.html")
    site.put(
        "/rss/tin-tuc.rss",
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin tức</title>'
        f"<item><title>Đẩy nhanh giải ngân</title><link>{link}</link><description>Phiên họp chuyên đề về vốn."
        "</description></item></channel></rss>",
        RSS,
    )
    site.put(
        "/tin-tuc/giai-ngan-von-dau-tu-cong-101.html",
        article_page(
            "Đẩy nhanh giải ngân vốn đầu tư công",
            BODIES[0],
            head="<meta property='article:published_time' content='2026-08-31T09:15:00+07:00'>",
        ),
    )
    add_feeds(db, FeedSpec(id="hoalam-rss", url=site.url("/rss/tin-tuc.rss")))

    poll_feeds(db, fetcher, ["hoalam-rss"], now=NOW)

    assert meta_of(db) == [
        (
            "Đẩy nhanh giải ngân",
            {
                "title": {"value": "Đẩy nhanh giải ngân", "source": "feed"},
                "published": {"value": "2026-08-31T02:15:00+00:00", "source": "page:meta:article:published_time"},
                "lead": {"value": "Phiên họp chuyên đề về vốn.", "source": "feed"},
            },
        )
    ]
    assert "/robots.txt" not in site.requests, "feeds are not crawled: robots.txt is for sitemaps and listings"


def test_a_surprise_while_reading_one_source_leaves_the_others_alone(site: Site, fetcher: Fetcher) -> None:
    """A selector stored before validation existed (or any parser surprise) fails its own source only."""
    from chidao.core.sources import SourceOptions
    from chidao.services.sources import RobotsRules, SourceView, read_sources

    site.put("/tin-trong-tinh", listing_page([("/tin-trong-tinh/giai-ngan-von-201.html", "Giải ngân")]))
    views = [
        SourceView(
            "broken", "listing", site.url("/tin-trong-tinh"), SourceOptions(link_selector="div[["), lambda _u: None
        ),
        SourceView(
            "fine", "listing", site.url("/tin-trong-tinh"), SourceOptions(link_selector="h3 a"), lambda _u: None
        ),
    ]
    first = fetcher.fetch_many([FetchRequest(url=v.url) for v in views])

    broken, fine = read_sources(fetcher, views, first, RobotsRules(), now=NOW)

    assert broken.error is not None and broken.error.startswith("reading failed: SelectorSyntaxError: ")
    assert (fine.error, [e.link for e in fine.entries]) == (None, [site.url("/tin-trong-tinh/giai-ngan-von-201.html")])
