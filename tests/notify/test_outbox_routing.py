"""Routing through the real process stage and the drain: an item may go to several channels, and a channel
hears about each item exactly once, also when articles are processed again."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select

from chidao.adapters.db import Article, Database, FollowUpItem
from chidao.core.routing import RoutingRules
from chidao.nlp.analyze import shared_analyzer
from chidao.services.notify import drain_outbox
from chidao.services.process import process_articles
from chidao.settings import DEFAULT_CONFIG_DIR
from tests.notify.support import Clock, no_pacing, outbox, slack
from tests.support.slack_server import SlackTestServer

# Written for this test: a provincial meeting with two assignments, and an unrelated province's article.
MEETING = (
    "Họp bàn tiến độ dự án đường ven biển\n\n"
    "Sáng 3/10, Chủ tịch UBND tỉnh An Giang chủ trì cuộc họp về tiến độ dự án đường ven biển. "
    "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng hoàn thành hồ sơ thiết kế trước ngày 30/10/2025. "
    "Đồng thời, Chủ tịch UBND tỉnh giao Sở Tài chính bố trí đủ vốn cho dự án trong tháng 11/2025."
)
STORM = (
    "Kiểm tra công tác phòng chống thiên tai\n\n"
    "Ngày 5/10, Phó Chủ tịch UBND tỉnh Nghệ An kiểm tra công tác phòng chống thiên tai. "
    "Phó Chủ tịch UBND tỉnh chỉ đạo Sở Xây dựng rà soát các công trình xung yếu trước ngày 15/10/2025."
)

RULES = RoutingRules.from_mapping(
    {
        "default_channel": "#chidao",
        "routes": [
            {"channel": "#an-giang", "provinces": ["An Giang"]},
            {"channel": "#xay-dung", "assignee_pattern": "(?i)sở xây dựng"},
            # Overlaps #an-giang on purpose: the same channel named by two routes is still one channel.
            {"channel": "#an-giang", "assignee_pattern": "(?i)sở"},
        ],
    }
)


def store_article(db: Database, text: str) -> int:
    with db.session() as session:
        article = Article(
            canonical_url=f"https://tin.example.vn/{hashlib.sha256(text.encode()).hexdigest()[:8]}.html",
            raw_text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
        )
        session.add(article)
        session.flush()
        return article.id


def posted_item_ids(server: SlackTestServer, channel: str, db: Database) -> list[int]:
    """Item ids of every message that reached ``channel``, read back through the outbox rows' keys."""
    keys = {m.metadata["event_payload"]["key"] for m in server.messages(channel) if m.metadata}
    ids: list[int] = []
    for row in outbox(db).values():
        if row.dedup_key in keys:
            ids.extend(entry["item_id"] for entry in row.payload["items"])
    return sorted(ids)


def test_each_channel_receives_each_item_once(db: Database, slack_server: SlackTestServer) -> None:
    analyzer = shared_analyzer(DEFAULT_CONFIG_DIR.resolve())
    article_ids = [store_article(db, MEETING), store_article(db, STORM)]
    notifier = slack(slack_server)

    process_articles(db, analyzer, RULES, article_ids, today=date(2025, 10, 6))
    drain_outbox(db, notifier, pacer=no_pacing(), now=Clock())

    with db.session() as session:
        items = session.scalars(select(FollowUpItem).order_by(FollowUpItem.id)).all()
        provinces = {a.id: a.province for a in session.scalars(select(Article))}
    assert len(items) >= 3
    construction = [i.id for i in items if "xây dựng" in (i.assignee or "").lower()]
    in_an_giang = [i.id for i in items if provinces[i.article_id] == "An Giang"]
    assert construction and in_an_giang and set(construction) != set(in_an_giang)
    assert posted_item_ids(slack_server, "#xay-dung", db) == sorted(construction)
    expected_an_giang = sorted({i.id for i in items if i.id in in_an_giang or "sở" in (i.assignee or "").lower()})
    assert posted_item_ids(slack_server, "#an-giang", db) == expected_an_giang
    assert slack_server.messages("#chidao") == []  # every item matched a route
    # One message per article and channel, never one per route.
    assert len(slack_server.messages("#an-giang")) == 2
    assert len(slack_server.messages("#xay-dung")) == 2

    posts = len(slack_server.requests_for("chat.postMessage"))
    process_articles(db, analyzer, RULES, article_ids, today=date(2025, 10, 6))
    drain_outbox(db, notifier, pacer=no_pacing(), now=Clock())

    assert len(slack_server.requests_for("chat.postMessage")) == posts
