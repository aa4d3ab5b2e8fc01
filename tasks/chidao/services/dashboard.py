"""Read-only views the web app shows beside the queue: deadlines to watch, a timeline, an item's article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from chidao.adapters.db import Article, Database, Feed, FollowUpItem
from chidao.core.tracking import PROGRESS_DONE, REVIEW_REJECTED, compute_status, count_statuses
from chidao.services.feed_health import FeedHealth
from chidao.services.items import item_to_dict
from chidao.services.tracking import ItemNotFound


@dataclass(frozen=True)
class Deadlines:
    overdue: list[dict[str, Any]]
    due_this_week: list[dict[str, Any]]


def _tracked() -> Any:
    return select(FollowUpItem).where(
        FollowUpItem.stale.is_(False),
        FollowUpItem.review_state != REVIEW_REJECTED,
        FollowUpItem.progress != PROGRESS_DONE,
        FollowUpItem.due_date.is_not(None),
    )


def deadlines(db: Database, today: date, limit: int = 50) -> Deadlines:
    """Open items past their due date (oldest deadline first) and those due in the next seven days."""
    with db.session() as session:
        overdue = session.scalars(
            _tracked().where(FollowUpItem.due_date < today).order_by(FollowUpItem.due_date).limit(limit)
        )
        overdue_rows = [item_to_dict(i) for i in overdue]
        soon = session.scalars(
            _tracked()
            .where(FollowUpItem.due_date >= today, FollowUpItem.due_date <= today + timedelta(days=7))
            .order_by(FollowUpItem.due_date)
            .limit(limit)
        )
        return Deadlines(overdue_rows, [item_to_dict(i) for i in soon])


def status_timeline(db: Database, today: date, weeks: int = 12) -> list[tuple[date, dict[str, int]]]:
    """Week by week, the 2×2 status of every item whose article was published by then.

    An item counts from its article's date (the day the directive was given), or from the day it was found
    when the article has none; rejected and stale items are left out.
    """
    query = (
        select(FollowUpItem.due_date, FollowUpItem.completed_on, Article.published, FollowUpItem.created_at)
        .join(Article, Article.id == FollowUpItem.article_id)
        .where(FollowUpItem.stale.is_(False), FollowUpItem.review_state != REVIEW_REJECTED)
    )
    with db.session() as session:
        rows = [(due, done, published or created.date()) for due, done, published, created in session.execute(query)]
    timeline = []
    for back in range(weeks - 1, -1, -1):
        day = today - timedelta(weeks=back)
        statuses = (
            compute_status(due, done if done is not None and done <= day else None, day)
            for due, done, since in rows
            if since <= day
        )
        timeline.append((day, count_statuses(statuses)))
    return timeline


def polled_feeds(db: Database) -> list[FeedHealth]:
    """Health of every feed the database knows (whatever feeds file polled it), by id."""
    with db.session() as session:
        rows = list(session.scalars(select(Feed).order_by(Feed.id)))
    return [
        FeedHealth(
            id=row.id,
            url=row.url,
            enabled=row.enabled,
            health=row.health if row.enabled else "disabled",
            consecutive_failures=row.consecutive_failures,
            failing_since=row.failing_since,
            last_error=row.last_error,
            last_success_at=row.last_success_at,
            last_new_entry_at=row.last_new_entry_at,
            next_poll_at=row.next_poll_at if row.enabled else None,
            alerted_state=row.alerted_state,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ArticleView:
    id: int
    title: str | None
    url: str
    published: date | None
    feed_id: str | None
    text: str


def article_of_item(db: Database, item_id: int) -> ArticleView:
    """The article an item was found in, with its cleaned text. Raises ``ItemNotFound``."""
    with db.session() as session:
        item = session.get(FollowUpItem, item_id)
        if item is None:
            raise ItemNotFound(item_id)
        a = item.article
        return ArticleView(a.id, a.title, a.canonical_url, a.published, a.feed_id, a.text or "")
