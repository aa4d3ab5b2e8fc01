"""#15 item 17: a truncated feed whose entries were salvaged is stored, and its health says it is degraded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from chidao.adapters.db import Database
from chidao.adapters.http import Fetcher, FetchLimits
from chidao.core.feeds import FeedSpec
from chidao.services.feed_health import feed_health
from chidao.services.ingest import poll_feeds
from tests.ingest.service_support import NOW, Item, add_feeds, articles, later, rss

TEXT = "UBND tỉnh yêu cầu Sở Xây dựng kiểm tra các công trình."


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchLimits(timeout_seconds=2.0, connect_timeout_seconds=1.0), allow_private=True) as f:
        yield f


def _feed(server: HTTPServer) -> str:
    return rss(
        [
            Item("Kiểm tra công trình", server.url_for("/tin/1.html"), "tin-1", TEXT, f"<p>{TEXT}</p>"),
            Item("Tin thứ hai", server.url_for("/tin/2.html"), "tin-2", TEXT, f"<p>{TEXT}</p>"),
        ]
    )


def test_a_truncated_feed_is_degraded_until_a_clean_poll(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    whole = _feed(feed_server)
    cut = whole[: whole.index("<item>", whole.index("<item>") + 1) + len("<it")]
    feed_server.expect_ordered_request("/feed.rss").respond_with_data(cut, content_type="application/rss+xml")
    feed_server.expect_ordered_request("/feed.rss").respond_with_data(whole, content_type="application/rss+xml")
    add_feeds(db, FeedSpec(id="portal", url=feed_server.url_for("/feed.rss"), interval_minutes=30))

    first = poll_feeds(db, fetcher, ["portal"], now=NOW).polls[0]
    (health,) = feed_health(db, [FeedSpec(id="portal", url=feed_server.url_for("/feed.rss"))])
    assert [a.title for a in articles(db)] == ["Kiểm tra công trình"]
    assert first.warnings[0].startswith("recovered from malformed XML:")
    assert (health.health, health.last_error, health.consecutive_failures) == ("degraded", first.warnings[0], 0)

    poll_feeds(db, fetcher, ["portal"], now=later(31))
    (health,) = feed_health(db, [FeedSpec(id="portal", url=feed_server.url_for("/feed.rss"))])
    assert (health.health, health.last_error) == ("ok", None)
    assert sorted(a.title or "" for a in articles(db)) == ["Kiểm tra công trình", "Tin thứ hai"]
