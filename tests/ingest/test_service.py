"""The ingest service end to end: real HTTP on loopback, real SQLite and PostgreSQL."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from chidao.adapters.db import Article, Database, Feed, FeedEntryRow, FetchLog
from chidao.adapters.http import Fetcher, FetchLimits
from chidao.core.feeds import FeedSpec
from chidao.services.ingest import poll_feeds
from chidao.services.poll import due_feed_ids, page_refusal
from tests.ingest.service_support import (
    FLOOD_PARAGRAPHS,
    MARKET_PARAGRAPHS,
    NOW,
    Item,
    add_feeds,
    articles,
    count,
    html_of,
    later,
    rss,
)

RSS_TYPE = "application/rss+xml; charset=utf-8"


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchLimits(timeout_seconds=1.0, connect_timeout_seconds=1.0), allow_private=True) as f:
        yield f


def feed_of(server: HTTPServer, feed_id: str, path: str = "/feed.rss", **kw: object) -> FeedSpec:
    return FeedSpec(id=feed_id, url=server.url_for(path), interval_minutes=30, **kw)  # type: ignore[arg-type]


def one_flood_item(server: HTTPServer) -> str:
    return rss(
        [Item("Hội nghị phòng chống thiên tai", server.url_for("/tin/1.html"), "a-1", "", html_of(FLOOD_PARAGRAPHS))]
    )


def get_feed(db: Database, feed_id: str) -> Feed:
    with db.session() as session:
        return session.get_one(Feed, feed_id)


def test_304_round_trip_sends_validators_and_stores_nothing_new(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    feed_server.expect_request("/feed.rss", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    feed_server.expect_request("/feed.rss").respond_with_data(
        one_flood_item(feed_server),
        content_type=RSS_TYPE,
        headers={"ETag": '"v1"', "Last-Modified": "Mon, 31 Aug 2026 02:00:00 GMT"},
    )
    add_feeds(db, feed_of(feed_server, "portal"))

    first = poll_feeds(db, fetcher, ["portal"], now=NOW)
    second = poll_feeds(db, fetcher, ["portal"], now=later(31))

    assert [p.outcome for p in first.polls] == ["ok"]
    assert len(first.polls[0].new_article_ids) == 1
    assert [p.outcome for p in second.polls] == ["not_modified"]
    assert second.stored_article_ids == []
    conditional = feed_server.log[-1][0]
    assert conditional.headers["If-None-Match"] == '"v1"'
    assert conditional.headers["If-Modified-Since"] == "Mon, 31 Aug 2026 02:00:00 GMT"
    assert (count(db, Article), count(db, FeedEntryRow)) == (1, 1)
    feed = get_feed(db, "portal")
    assert (feed.etag, feed.last_modified) == ('"v1"', "Mon, 31 Aug 2026 02:00:00 GMT")
    assert feed.next_poll_at == later(31 + 30)
    assert feed.last_new_entry_at == NOW
    with db.session() as session:
        logged = [
            (r.outcome, r.http_status, r.entries_new) for r in session.scalars(select(FetchLog).order_by(FetchLog.id))
        ]
    assert logged == [("ok", 200, 1), ("not_modified", 304, 0)]


def test_ttl_and_max_age_are_lower_bounds_of_the_next_poll(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    feed_server.expect_request("/ttl.rss").respond_with_data(rss([], ttl_minutes=120), content_type=RSS_TYPE)
    feed_server.expect_request("/maxage.rss").respond_with_data(
        rss([]), content_type=RSS_TYPE, headers={"Cache-Control": "public, max-age=5400"}
    )
    add_feeds(db, feed_of(feed_server, "ttl", "/ttl.rss"), feed_of(feed_server, "maxage", "/maxage.rss"))

    poll_feeds(db, fetcher, ["ttl", "maxage"], now=NOW)

    assert get_feed(db, "ttl").next_poll_at == later(120)
    assert get_feed(db, "maxage").next_poll_at == later(90)
    assert due_feed_ids(db, later(100)) == ["maxage"]
    assert due_feed_ids(db, later(60)) == []
    assert due_feed_ids(db, later(60), force=True) == ["maxage", "ttl"]


def test_429_retry_after_is_a_lower_bound(db: Database, feed_server: HTTPServer, fetcher: Fetcher) -> None:
    feed_server.expect_request("/feed.rss").respond_with_data("slow down", status=429, headers={"Retry-After": "7200"})
    add_feeds(db, feed_of(feed_server, "portal"))

    summary = poll_feeds(db, fetcher, ["portal"], now=NOW)

    assert [(p.outcome, p.http_status, p.error) for p in summary.polls] == [("error", 429, "HTTP 429")]
    feed = get_feed(db, "portal")
    assert feed.next_poll_at is not None and feed.next_poll_at >= later(120)
    assert (feed.consecutive_failures, feed.failing_since, feed.last_error) == (1, NOW, "HTTP 429")


def test_server_errors_back_off_then_recover(db: Database, feed_server: HTTPServer, fetcher: Fetcher) -> None:
    statuses = [500, 500, 500, 200]

    def handler(request: Request) -> Response:
        status = statuses.pop(0)
        if status == 200:
            return Response(one_flood_item(feed_server), content_type=RSS_TYPE)
        return Response("internal error", status=status)

    feed_server.expect_request("/feed.rss").respond_with_handler(handler)
    add_feeds(db, feed_of(feed_server, "portal"))

    delays = []
    when = NOW
    for failures in (1, 2, 3):
        poll_feeds(db, fetcher, ["portal"], now=when)
        feed = get_feed(db, "portal")
        assert (feed.consecutive_failures, feed.failing_since, feed.last_error) == (failures, NOW, "HTTP 500")
        assert feed.next_poll_at is not None
        delay = feed.next_poll_at - when
        # 30 min * 2**n, with jitter in [0.5, 1.0)
        assert timedelta(minutes=30 * 2**failures) * 0.5 <= delay < timedelta(minutes=30 * 2**failures)
        delays.append(delay)
        assert due_feed_ids(db, when + delay - timedelta(seconds=1)) == []
        when = feed.next_poll_at
    assert delays[2] > delays[0]

    poll_feeds(db, fetcher, ["portal"], now=when)

    feed = get_feed(db, "portal")
    assert (feed.consecutive_failures, feed.failing_since, feed.last_error, feed.health) == (0, None, None, "ok")
    assert feed.next_poll_at == when + timedelta(minutes=30)
    assert count(db, Article) == 1
    with db.session() as session:
        outcomes = list(session.scalars(select(FetchLog.outcome).order_by(FetchLog.id)))
    assert outcomes == ["error", "error", "error", "ok"]


def test_slow_portal_fails_alone_while_another_server_succeeds(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    def sleepy(request: Request) -> Response:
        time.sleep(2.5)
        return Response(rss([]), content_type=RSS_TYPE)

    feed_server.expect_request("/slow.rss").respond_with_handler(sleepy)
    other = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    other.start()
    try:
        other.expect_request("/feed.rss").respond_with_data(one_flood_item(other), content_type=RSS_TYPE)
        add_feeds(db, feed_of(feed_server, "slow", "/slow.rss"), feed_of(other, "fast"))
        summary = poll_feeds(db, fetcher, ["slow", "fast"], now=NOW)
    finally:
        other.stop()

    by_feed = {p.feed_id: p for p in summary.polls}
    assert (by_feed["slow"].outcome, by_feed["slow"].error) == ("error", "timed out after 1 s")
    assert (by_feed["fast"].outcome, len(by_feed["fast"].new_article_ids)) == ("ok", 1)
    assert get_feed(db, "slow").last_error == "timed out after 1 s"
    assert get_feed(db, "fast").health == "ok"


def test_oversize_and_garbage_bodies_degrade_only_their_feed(db: Database, feed_server: HTTPServer) -> None:
    feed_server.expect_request("/big.rss").respond_with_data("<rss>" + "x" * 5000 + "</rss>", content_type=RSS_TYPE)
    feed_server.expect_request("/garbage.rss").respond_with_data("\x00\x01 not a feed at all", content_type=RSS_TYPE)
    feed_server.expect_request("/feed.rss").respond_with_data(one_flood_item(feed_server), content_type=RSS_TYPE)
    add_feeds(
        db,
        feed_of(feed_server, "big", "/big.rss"),
        feed_of(feed_server, "garbage", "/garbage.rss"),
        feed_of(feed_server, "good"),
    )

    with Fetcher(FetchLimits(timeout_seconds=2.0, max_bytes=4000), allow_private=True) as small:
        summary = poll_feeds(db, small, ["big", "garbage", "good"], now=NOW)

    errors = {p.feed_id: p.error for p in summary.polls}
    assert errors == {
        "big": "response larger than 4 kB",
        "garbage": "not a usable feed: not XML: no element found",
        "good": None,
    }
    assert get_feed(db, "garbage").last_error == "not a usable feed: not XML: no element found"
    assert get_feed(db, "good").consecutive_failures == 0
    assert count(db, Article) == 1


def test_nfd_feed_content_is_stored_as_nfc(db: Database, feed_server: HTTPServer, fetcher: Fetcher) -> None:
    decomposed = [unicodedata.normalize("NFD", p) for p in FLOOD_PARAGRAPHS]
    title = unicodedata.normalize("NFD", "Hội nghị phòng chống thiên tai")
    assert title != unicodedata.normalize("NFC", title)
    body = rss([Item(title, feed_server.url_for("/tin/nfd.html"), "nfd-1", "", html_of(decomposed))])
    feed_server.expect_request("/feed.rss").respond_with_data(body, content_type=RSS_TYPE)
    add_feeds(db, feed_of(feed_server, "portal"))

    poll_feeds(db, fetcher, ["portal"], now=NOW)

    (article,) = articles(db)
    assert article.title == "Hội nghị phòng chống thiên tai"
    assert unicodedata.is_normalized("NFC", article.text)
    assert unicodedata.is_normalized("NFC", article.raw_text)
    assert "Chủ tịch UBND tỉnh yêu cầu Sở Nông nghiệp và Môi trường" in article.text


def test_summary_only_entry_gets_its_page_text(db: Database, feed_server: HTTPServer, fetcher: Fetcher) -> None:
    page = f"<html><head><title>Tin</title></head><body><nav>Trang chủ</nav><article>{html_of(MARKET_PARAGRAPHS)}</article></body></html>"
    feed_server.expect_request("/tin/cho.html").respond_with_data(page, content_type="text/html; charset=utf-8")
    summary_text = "Khảo sát chợ đầu mối nông sản."
    body = rss([Item("Khảo sát chợ đầu mối", feed_server.url_for("/tin/cho.html"), "cho-1", summary_text)])
    feed_server.expect_request("/feed.rss").respond_with_data(body, content_type=RSS_TYPE)
    add_feeds(db, feed_of(feed_server, "portal"))

    poll_feeds(db, fetcher, ["portal"], now=NOW)

    (article,) = articles(db)
    assert article.fetch_error is None
    assert "nhà lồng chính, bãi đỗ xe tải" in article.text
    assert article.canonical_url == feed_server.url_for("/tin/cho.html")


def test_page_on_a_foreign_host_is_not_fetched(db: Database, feed_server: HTTPServer, fetcher: Fetcher) -> None:
    foreign = HTTPServer(host="127.0.0.1", port=0)
    foreign.start()
    try:
        foreign.expect_request("/tin/x.html").respond_with_data("<html><body>x</body></html>")
        # Another host name for the same loopback machine: a different site for the check.
        link = foreign.url_for("/tin/x.html").replace("127.0.0.1", "localhost")
        body = rss([Item("Tin ngoài", link, "x-1", "Tóm tắt tin ngoài.")])
        feed_server.expect_request("/feed.rss").respond_with_data(body, content_type=RSS_TYPE)
        add_feeds(db, feed_of(feed_server, "portal"))
        poll_feeds(db, fetcher, ["portal"], now=NOW)
        assert foreign.log == []
    finally:
        foreign.stop()
    (article,) = articles(db)
    expected = f"page host 'localhost:{foreign.port}' is not the feed's host and not in its allow_hosts"
    assert article.fetch_error == expected
    assert article.text == "Tóm tắt tin ngoài."


@pytest.mark.parametrize(
    ("page", "allow", "expected"),
    [
        ("https://www.baoxyz.vn/tin-a.html", (), None),
        ("https://media.baoxyz.vn/tin-a.html", (), None),
        ("https://cdn.other.vn/tin-a.html", ("other.vn",), None),
        ("https://other.vn/tin-a.html", (), "page host 'other.vn' is not the feed's host and not in its allow_hosts"),
        ("https://notbaoxyz.vn/a", (), "page host 'notbaoxyz.vn' is not the feed's host and not in its allow_hosts"),
        ("ftp://baoxyz.vn/a", (), "page URL scheme 'ftp' is not http(s)"),
        ("file:///etc/passwd", (), "page URL scheme 'file' is not http(s)"),
    ],
)
def test_page_refusal(page: str, allow: tuple[str, ...], expected: str | None) -> None:
    assert page_refusal(page, "https://baoxyz.vn/rss/home.rss", allow) == expected


def test_intermittent_redirect_does_not_mint_new_identities(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    # Relative links, no GUIDs: the identity is the link, resolved against the configured feed URL.
    body = rss(
        [Item("Tin một", "tin/1.html", None, "Tóm tắt một."), Item("Tin hai", "tin/2.html", None, "Tóm tắt hai.")]
    )
    redirects = [False, True]

    def feed(request: Request) -> Response:
        if redirects.pop(0):
            return Response("", status=302, headers={"Location": feed_server.url_for("/mirror/rss/feed.rss")})
        return Response(body, content_type=RSS_TYPE)

    feed_server.expect_request("/rss/feed.rss").respond_with_handler(feed)
    feed_server.expect_request("/mirror/rss/feed.rss").respond_with_data(body, content_type=RSS_TYPE)
    feed_server.expect_request("/rss/tin/1.html").respond_with_data("<html><body></body></html>")
    feed_server.expect_request("/rss/tin/2.html").respond_with_data("<html><body></body></html>")
    add_feeds(db, feed_of(feed_server, "portal", "/rss/feed.rss"))

    poll_feeds(db, fetcher, ["portal"], now=NOW)
    again = poll_feeds(db, fetcher, ["portal"], now=later(31))

    assert again.polls[0].outcome == "ok"
    assert again.polls[0].new_entries == 0
    with db.session() as session:
        identities = sorted(session.scalars(select(FeedEntryRow.identity)))
    assert identities == [
        f"link:{feed_server.url_for('/rss/tin/1.html')}",
        f"link:{feed_server.url_for('/rss/tin/2.html')}",
    ]
    assert {a.fetch_error for a in articles(db)} == {"no article text in the page"}


def test_a_page_that_failed_to_load_is_fetched_again_on_the_next_poll(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    page = f"<html><body><article>{html_of(MARKET_PARAGRAPHS)}</article></body></html>"
    page_statuses = [503, 200]

    def page_handler(request: Request) -> Response:
        status = page_statuses.pop(0) if page_statuses else 200
        return Response(page if status == 200 else "busy", status=status, content_type="text/html; charset=utf-8")

    feed_server.expect_request("/tin/cho.html").respond_with_handler(page_handler)
    body = rss([Item("Khảo sát chợ đầu mối", feed_server.url_for("/tin/cho.html"), "cho-1", "Tóm tắt.")])
    feed_server.expect_request("/feed.rss").respond_with_data(body, content_type=RSS_TYPE)
    add_feeds(db, feed_of(feed_server, "portal"))

    first = poll_feeds(db, fetcher, ["portal"], now=NOW)
    (article,) = articles(db)
    assert (article.text, article.fetch_error) == ("Tóm tắt.", "page fetch failed: HTTP 503")

    second = poll_feeds(db, fetcher, ["portal"], now=later(31))
    third = poll_feeds(db, fetcher, ["portal"], now=later(62))

    (article,) = articles(db)
    assert article.fetch_error is None
    assert "nhà lồng chính, bãi đỗ xe tải" in article.text
    assert second.polls[0].changed_article_ids == first.polls[0].new_article_ids == [article.id]
    assert third.stored_article_ids == []
    page_requests = [r for r, _ in feed_server.log if r.path == "/tin/cho.html"]
    assert len(page_requests) == 2


def test_with_allow_hosts_a_page_may_not_redirect_elsewhere(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    elsewhere = feed_server.url_for("/other.html").replace("127.0.0.1", "localhost")
    feed_server.expect_request("/tin/r.html").respond_with_data("", status=302, headers={"Location": elsewhere})
    body = rss([Item("Tin chuyển hướng", feed_server.url_for("/tin/r.html"), "r-1", "Tóm tắt.")])
    feed_server.expect_request("/feed.rss").respond_with_data(body, content_type=RSS_TYPE)
    add_feeds(db, feed_of(feed_server, "portal", allow_hosts=("media.example.vn",)))

    poll_feeds(db, fetcher, ["portal"], now=NOW)

    (article,) = articles(db)
    assert article.fetch_error == f"page fetch failed: redirect to host 'localhost:{feed_server.port}' not allowed"
    assert [r.path for r, _ in feed_server.log] == ["/feed.rss", "/tin/r.html"]
