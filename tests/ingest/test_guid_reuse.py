"""#15 item 3: entries that share one GUID are all kept, once each, on every poll."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from chidao.adapters.db import Database, FeedEntryRow
from chidao.adapters.http import Fetcher, FetchLimits
from chidao.core.feedparse import parse_feed
from chidao.core.feeds import FeedSpec
from chidao.services.ingest import poll_feeds
from tests.ingest.service_support import NOW, Item, add_feeds, articles, count, later, rss


def _html(sentence: str) -> str:
    return f"<p>{sentence}</p>"


# Written for this test: three different entries a careless CMS gives the same GUID.
ENTRIES = (
    ("Họp phòng chống lũ", "/tin/1.html", "UBND tỉnh yêu cầu các huyện rà soát đê điều."),
    ("Họp về chợ nông thôn", "/tin/2.html", "UBND tỉnh yêu cầu Sở Công thương sửa chữa chợ xã."),
    ("Họp về trường học", "/tin/2.html", "UBND tỉnh yêu cầu Sở Giáo dục kiểm tra phòng học."),  # same link too
)


def _feed(server: HTTPServer) -> str:
    # Each its own page here: one URL is one article whatever the entries say.
    return rss(
        [
            Item(title, server.url_for(f"/tin/{number}.html"), "bai-viet", text, _html(text))
            for number, (title, _, text) in enumerate(ENTRIES, start=1)
        ]
    )


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchLimits(timeout_seconds=2.0, connect_timeout_seconds=1.0), allow_private=True) as f:
        yield f


def test_parse_keeps_every_entry_that_shares_a_guid() -> None:
    body = rss([Item(title, f"https://bao.vn{path}", "bai-viet", text, _html(text)) for title, path, text in ENTRIES])
    parsed = parse_feed(body.encode(), url="https://bao.vn/rss")
    identities = [e.identity for e in parsed.entries]
    assert identities[:2] == ["guid:bai-viet", "link:https://bao.vn/tin/2.html"]
    assert identities[2].startswith("hash:")
    assert [e.title for e in parsed.entries] == [title for title, _, _ in ENTRIES]
    assert parsed.warnings == (
        "GUID reused for a different entry: guid:bai-viet; kept as link:https://bao.vn/tin/2.html",
        f"GUID reused for a different entry: guid:bai-viet; kept as {identities[2]}",
    )


def test_an_identical_repeat_is_still_dropped() -> None:
    item = Item("Tin", "https://bao.vn/tin/1.html", "g", "Tóm tắt.")
    parsed = parse_feed(rss([item, item]).encode(), url="https://bao.vn/rss")
    assert [e.identity for e in parsed.entries] == ["guid:g"]
    assert parsed.warnings == ("duplicate entry dropped: guid:g",)


def test_every_entry_sharing_a_guid_is_stored_once_over_two_polls(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    feed_server.expect_request("/feed.rss").respond_with_data(_feed(feed_server), content_type="application/rss+xml")
    add_feeds(db, FeedSpec(id="portal", url=feed_server.url_for("/feed.rss"), interval_minutes=30))
    poll_feeds(db, fetcher, ["portal"], now=NOW)
    poll_feeds(db, fetcher, ["portal"], now=later(31))
    assert sorted(a.title or "" for a in articles(db)) == sorted(title for title, _, _ in ENTRIES)
    assert count(db, FeedEntryRow) == 3


def test_a_guid_that_changes_on_every_poll_keeps_one_row(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    text = "UBND tỉnh yêu cầu Sở Xây dựng kiểm tra cầu yếu."
    link = feed_server.url_for("/tin/cau.html")
    for guid in ("phien-1", "phien-2", "phien-3"):
        feed_server.expect_ordered_request("/feed.rss").respond_with_data(
            rss([Item("Kiểm tra cầu yếu", link, guid, text, _html(text))]), content_type="application/rss+xml"
        )
    add_feeds(db, FeedSpec(id="portal", url=feed_server.url_for("/feed.rss"), interval_minutes=30))

    polls = [poll_feeds(db, fetcher, ["portal"], now=later(31 * n)).polls[0] for n in range(3)]

    assert [poll.new_entries for poll in polls] == [1, 0, 0]
    assert count(db, FeedEntryRow) == 1
    assert [a.title for a in articles(db)] == ["Kiểm tra cầu yếu"]
