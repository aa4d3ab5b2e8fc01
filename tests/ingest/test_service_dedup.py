"""Identity, dedup, edits and feed alerts through the ingest service (real HTTP, SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from chidao.adapters.db import Article, Database, Feed, FeedEntryRow, FollowUpItem, Notification
from chidao.adapters.http import Fetcher, FetchLimits
from chidao.adapters.samples import SampleServer
from chidao.core.feeds import FeedSpec, load_feeds
from chidao.core.html import extract_main_text
from chidao.core.identity import fingerprint_distance, text_fingerprint
from chidao.core.routing import RoutingRules
from chidao.nlp.analyze import TextAnalyzer, shared_analyzer
from chidao.services.feed_health import queue_feed_alerts
from chidao.services.ingest import poll_feeds
from chidao.services.process import pending_article_ids, process_articles
from chidao.settings import DEFAULT_CONFIG_DIR
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
CHANNEL = "#ops"


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchLimits(timeout_seconds=2.0), allow_private=True) as f:
        yield f


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return shared_analyzer(DEFAULT_CONFIG_DIR.resolve())


def spec(server: HTTPServer, feed_id: str, path: str, **kw: object) -> FeedSpec:
    return FeedSpec(id=feed_id, url=server.url_for(path), interval_minutes=30, **kw)  # type: ignore[arg-type]


RELATED_HEADLINE = "Hồ chứa thủy lợi trên địa bàn tỉnh đã tích đầy nước sau đợt mưa"


def fingerprint_of(paragraphs: tuple[str, ...]) -> int:
    text = extract_main_text(html_of(paragraphs))
    assert text is not None
    return text_fingerprint(text)


@pytest.mark.parametrize("same_poll", [False, True], ids=["later-poll", "same-poll"])
def test_same_text_under_another_url_in_another_feed_is_linked_not_reprocessed(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher, same_poll: bool
) -> None:
    # The newspaper's copy: its own URL, a byline and a "Tin liên quan" block.
    copy = ("Thu Hà", *FLOOD_PARAGRAPHS, "Tin liên quan", RELATED_HEADLINE)
    # A follow-up article repeating most of the first one is news of its own.
    follow_up = (*FLOOD_PARAGRAPHS[:3], MARKET_PARAGRAPHS[0])
    # Both sides of the threshold, so the test means something: copy within 8 bits but not 3, follow-up beyond 8.
    assert 3 < fingerprint_distance(fingerprint_of(FLOOD_PARAGRAPHS), fingerprint_of(copy)) <= 8
    assert fingerprint_distance(fingerprint_of(FLOOD_PARAGRAPHS), fingerprint_of(follow_up)) > 8
    portal = rss(
        [Item("Phòng chống thiên tai", feed_server.url_for("/portal/a.html"), "p-1", "", html_of(FLOOD_PARAGRAPHS))]
    )
    newspaper = rss(
        [
            Item("Tỉnh họp về phòng chống thiên tai", feed_server.url_for("/bao/b.html"), "b-1", "", html_of(copy)),
            Item("Chợ đầu mối nông sản", feed_server.url_for("/bao/c.html"), "b-2", "", html_of(MARKET_PARAGRAPHS)),
            Item("Tiếp tục ứng phó mưa lũ", feed_server.url_for("/bao/d.html"), "b-3", "", html_of(follow_up)),
        ]
    )
    feed_server.expect_request("/portal.rss").respond_with_data(portal, content_type=RSS_TYPE)
    feed_server.expect_request("/bao.rss").respond_with_data(newspaper, content_type=RSS_TYPE)
    add_feeds(db, spec(feed_server, "portal", "/portal.rss"), spec(feed_server, "bao", "/bao.rss"))

    if same_poll:
        summary = poll_feeds(db, fetcher, ["portal", "bao"], now=later(1))
    else:
        poll_feeds(db, fetcher, ["portal"], now=NOW)
        summary = poll_feeds(db, fetcher, ["bao"], now=later(1))
    (bao_poll,) = [p for p in summary.polls if p.feed_id == "bao"]

    original, copied, unrelated, follow = articles(db)
    assert (original.feed_id, original.state, original.duplicate_of_id) == ("portal", "pending", None)
    assert (copied.feed_id, copied.state, copied.duplicate_of_id) == ("bao", "duplicate", original.id)
    assert (unrelated.state, unrelated.duplicate_of_id) == ("pending", None)
    assert (follow.state, follow.duplicate_of_id) == ("pending", None)
    assert bao_poll.duplicate_article_ids == [copied.id]
    assert bao_poll.new_article_ids == [unrelated.id, follow.id]
    assert pending_article_ids(db) == [original.id, unrelated.id, follow.id]
    with db.session() as session:
        assert session.get_one(Feed, "bao").last_new_entry_at == later(1)


def test_same_canonical_url_in_two_feeds_is_one_article(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    link = feed_server.url_for("/tin/a.html")
    feed_server.expect_request("/one.rss").respond_with_data(
        rss([Item("Tin A", link + "?utm_source=rss", "one-1", "", html_of(FLOOD_PARAGRAPHS))]), content_type=RSS_TYPE
    )
    feed_server.expect_request("/two.rss").respond_with_data(
        rss([Item("Tin A", link, None, "", html_of(FLOOD_PARAGRAPHS[:2]))]), content_type=RSS_TYPE
    )
    add_feeds(db, spec(feed_server, "one", "/one.rss"), spec(feed_server, "two", "/two.rss"))

    poll_feeds(db, fetcher, ["one", "two"], now=NOW)

    (article,) = articles(db)
    assert article.feed_id == "one"
    assert "Chủ tịch UBND tỉnh yêu cầu" in article.text  # the second feed's shorter copy did not overwrite it
    with db.session() as session:
        rows = session.execute(select(FeedEntryRow.feed_id, FeedEntryRow.identity, FeedEntryRow.article_id)).all()
    assert sorted(rows) == [("one", "guid:one-1", article.id), ("two", f"link:{link}", article.id)]


def test_edited_entry_is_reprocessed_without_duplicating_items(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher, analyzer: TextAnalyzer
) -> None:
    routing = RoutingRules.from_file(DEFAULT_CONFIG_DIR / "routing.yaml")
    edited = (*FLOOD_PARAGRAPHS[:-1], FLOOD_PARAGRAPHS[-1] + " Lực lượng xung kích các xã trực 24/24 giờ.")
    versions = [html_of(FLOOD_PARAGRAPHS), html_of(edited)]

    def handler(request: Request) -> Response:
        content = versions[0] if len(versions) == 2 else versions[-1]
        return Response(
            rss([Item("Thiên tai", feed_server.url_for("/tin/1.html"), "t-1", "", content)]), content_type=RSS_TYPE
        )

    feed_server.expect_request("/feed.rss").respond_with_handler(handler)
    add_feeds(db, spec(feed_server, "portal", "/feed.rss"))

    poll_feeds(db, fetcher, ["portal"], now=NOW)
    (article_id,) = pending_article_ids(db)
    process_articles(db, analyzer, routing, [article_id])
    with db.session() as session:
        keys_before = sorted(session.scalars(select(FollowUpItem.item_key)))
    assert keys_before, "the invented article holds directives; the extractor must find at least one"

    unchanged = poll_feeds(db, fetcher, ["portal"], now=later(31))
    assert unchanged.stored_article_ids == []
    versions.pop(0)
    changed = poll_feeds(db, fetcher, ["portal"], now=later(62))

    assert changed.polls[0].changed_article_ids == [article_id]
    assert changed.polls[0].new_article_ids == []
    (article,) = articles(db)
    assert article.state == "pending"
    assert "trực 24/24 giờ" in article.text
    assert count(db, FeedEntryRow) == 1

    process_articles(db, analyzer, routing, pending_article_ids(db))
    with db.session() as session:
        keys_after = list(session.scalars(select(FollowUpItem.item_key)))
    assert len(keys_after) == len(set(keys_after))
    assert set(keys_before) <= set(keys_after)
    assert articles(db)[0].state == "processed"


def alerts(db: Database) -> list[tuple[str, str]]:
    with db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.kind == "alert").order_by(Notification.id))
        return [(n.channel, n.payload["text"]) for n in rows]


def test_broken_feed_alerts_once_and_again_after_recovery_and_a_new_break(
    db: Database, feed_server: HTTPServer, fetcher: Fetcher
) -> None:
    statuses = [500] * 5 + [200] + [404] * 3

    def handler(request: Request) -> Response:
        status = statuses.pop(0)
        return Response(rss([]), content_type=RSS_TYPE) if status == 200 else Response("no", status=status)

    feed_server.expect_request("/feed.rss").respond_with_handler(handler)
    add_feeds(db, spec(feed_server, "portal", "/feed.rss"))

    queued_per_poll = []
    for poll_number in range(9):
        when = later(60 * poll_number)
        poll_feeds(db, fetcher, ["portal"], now=when)
        queued_per_poll.append(queue_feed_alerts(db, when, CHANNEL))

    assert queued_per_poll == [[], [], ["portal"], [], [], [], [], [], ["portal"]]
    texts = [text for _, text in alerts(db)]
    assert len(texts) == 2
    assert "Nguồn tin lỗi: portal" in texts[0] and "HTTP 500" in texts[0]
    assert "HTTP 404" in texts[1]
    assert {channel for channel, _ in alerts(db)} == {CHANNEL}


def test_silent_feed_alerts_once(db: Database, feed_server: HTTPServer, fetcher: Fetcher) -> None:
    feed_server.expect_request("/feed.rss").respond_with_data(rss([]), content_type=RSS_TYPE)
    add_feeds(db, spec(feed_server, "portal", "/feed.rss", expected_period_hours=24))
    with db.session() as session:
        session.get_one(Feed, "portal").created_at = NOW

    queued = []
    for hours in (1, 23, 25, 30, 50):
        poll_feeds(db, fetcher, ["portal"], now=later(60 * hours))
        queued.append(queue_feed_alerts(db, later(60 * hours), CHANNEL))

    assert queued == [[], [], ["portal"], [], []]
    (alert,) = alerts(db)
    assert "Nguồn tin im lặng: portal" in alert[1]
    assert queue_feed_alerts(db, later(60 * 60), None) == []


def test_sample_feeds_keep_their_identities_across_runs_on_new_ports(db: Database) -> None:
    specs = load_feeds(DEFAULT_CONFIG_DIR / "feeds.sample.yaml")
    add_feeds(db, *specs)
    ids = [s.id for s in specs]
    snapshots = []
    for run in range(2):
        with SampleServer(DEFAULT_CONFIG_DIR / "samples") as server, Fetcher(allow_private=True) as fetcher:
            summary = poll_feeds(
                db, fetcher, ids, now=later(60 * run), resolve=server.resolve, unresolve=server.unresolve
            )
        assert summary.failed == 0
        with db.session() as session:
            snapshots.append(
                (
                    sorted(session.scalars(select(FeedEntryRow.identity))),
                    sorted(session.scalars(select(Article.canonical_url))),
                )
            )
        if run == 1:
            assert summary.stored_article_ids == []
    assert snapshots[0] == snapshots[1]
    identities, urls = snapshots[0]
    assert len(identities) == 5
    assert all(url.startswith("sample://") for url in urls)
    assert not any("127.0.0.1" in identity for identity in identities)
    assert all(article.fetch_error is None for article in articles(db))
