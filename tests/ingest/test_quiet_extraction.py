"""#15 item 17: short entries do not flood the log with trafilatura's three lines each."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from chidao.adapters.db import Database
from chidao.adapters.http import Fetcher, FetchLimits
from chidao.core.feeds import FeedSpec
from chidao.services.ingest import poll_feeds
from tests.ingest.service_support import NOW, Item, add_feeds, articles, rss


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchLimits(timeout_seconds=2.0, connect_timeout_seconds=1.0), allow_private=True) as f:
        yield f


def test_a_feed_of_short_entries_logs_nothing_from_trafilatura(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher, caplog: pytest.LogCaptureFixture
) -> None:
    # Written for this test: entries whose pages and content are a few words each.
    items = [
        Item(f"Tin ngắn {n}", feed_server.url_for(f"/tin/{n}.html"), f"ngan-{n}", f"Tóm tắt {n}.", f"<p>Tin {n}.</p>")
        for n in range(1, 6)
    ]
    feed_server.expect_request("/feed.rss").respond_with_data(rss(items), content_type="application/rss+xml")
    add_feeds(db, FeedSpec(id="portal", url=feed_server.url_for("/feed.rss"), interval_minutes=30))
    with caplog.at_level(logging.DEBUG):
        poll_feeds(db, fetcher, ["portal"], now=NOW)
    assert len(articles(db)) == 5
    assert [r.getMessage() for r in caplog.records if r.name.startswith("trafilatura")] == []
