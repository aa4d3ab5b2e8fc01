"""Builders for outbox tests: articles, items and outbox rows stored the way the process stage stores them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from chidao.adapters.db import Article, Database, FollowUpItem, Notification
from chidao.adapters.notifiers import SlackNotifier
from chidao.core.messages import NoticeItem, render_item_event
from chidao.core.pacing import ChannelPacer
from chidao.services.outbox import notice_for, notice_to_payload
from tests.support.slack_server import DEFAULT_TOKEN, SlackTestServer

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class Clock:
    """An injectable ``now`` that tests move by hand."""

    def __init__(self, start: datetime = T0) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


def no_pacing() -> ChannelPacer:
    """A pacer that never makes a test wait (pacing has its own tests)."""
    return ChannelPacer(rate_per_second=1000.0, burst=1000)


def slack(server: SlackTestServer, **options: object) -> SlackNotifier:
    settings: dict[str, object] = {"retry_interval": 0.01, **options}
    return SlackNotifier(DEFAULT_TOKEN, base_url=server.base_url, **settings)  # type: ignore[arg-type]


def add_article(db: Database, title: str, item_texts: Sequence[str], assignee: str | None = None) -> list[int]:
    """Store an article with one item per text; returns the item ids."""
    with db.session() as session:
        count = len(session.scalars(select(Article.id)).all())
        article = Article(
            canonical_url=f"https://tin.example.vn/bai-{count + 1}.html",
            title=title,
            raw_text=title,
            text=title,
            content_hash=hashlib.sha256(title.encode()).hexdigest(),
            province="An Giang",
            topics=["economy"],
            state="processed",
        )
        session.add(article)
        session.flush()
        items = [
            FollowUpItem(article_id=article.id, item_key=f"k{n}", text=text, kind="directive", assignee=assignee)
            for n, text in enumerate(item_texts)
        ]
        session.add_all(items)
        session.flush()
        return [item.id for item in items]


def queue_article(db: Database, item_ids: Sequence[int], channel: str) -> int:
    """The outbox row announcing these items of one article in ``channel`` (as the process stage writes it)."""
    with db.session() as session:
        items = [session.get_one(FollowUpItem, i) for i in item_ids]
        article = session.get_one(Article, items[0].article_id)
        row = Notification(
            dedup_key=f"article:{article.id}:{channel}:{','.join(map(str, item_ids))}",
            kind="article",
            channel=channel,
            article_id=article.id,
            payload=notice_to_payload(notice_for(article, items)),
            state="pending",
        )
        session.add(row)
        session.flush()
        return row.id


def queue_item_event(db: Database, item_id: int, channel: str, event: str = "overdue") -> int:
    """An item_event row as the tracking stage writes it: payload {"text", "blocks"} and item_id."""
    with db.session() as session:
        item = session.get_one(FollowUpItem, item_id)
        notice = NoticeItem(item.id, item.text, item.kind, item.issuer, item.assignee, None, None, None)
        message = render_item_event(notice, event)
        row = Notification(
            dedup_key=f"item:{item_id}:{event}:{channel}",
            kind="item_event",
            channel=channel,
            item_id=item_id,
            payload={"text": message.text, "blocks": list(message.blocks)},
            state="pending",
        )
        session.add(row)
        session.flush()
        return row.id


def outbox(db: Database) -> dict[int, Notification]:
    with db.session() as session:
        return {row.id: row for row in session.scalars(select(Notification).order_by(Notification.id))}
