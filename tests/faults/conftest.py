"""Helpers for the fault suite: `chidao run` as a real child process against the session's Prefect API."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from chidao.adapters.db import Article, Database, FollowUpItem, Notification
from tests.integration.processes import Child, chidao, child_env
from tests.support.samples import SAMPLE_PAGES, expected_sample_items
from tests.support.slack_server import SlackTestServer

RUN_TIMEOUT = 300.0


def run_env(database_url: str, slack_api_url: str, token: str, **extra: str) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    return child_env(
        PREFECT_API_URL=str(PREFECT_API_URL.value()),
        CHIDAO_DATABASE_URL=database_url,
        CHIDAO_SLACK_TOKEN=token,
        CHIDAO_SLACK_API_URL=slack_api_url,
        **extra,
    )


def start_run(cwd: Path, env: dict[str, str], name: str, *args: str) -> Child:
    return chidao(["run", *args], cwd, env, f"{name}.log")


def finish(child: Child) -> int:
    """Wait for a run to end by itself; a hang is a failure, reported with the run's output."""
    try:
        return child.process.wait(timeout=RUN_TIMEOUT)
    except Exception:
        child.stop()
        raise AssertionError(f"chidao run did not end:\n{child.output()[-4000:]}") from None


@dataclass(frozen=True)
class Stored:
    articles: int
    distinct_urls: int
    unprocessed: int
    items: int
    distinct_item_keys: int
    notifications: int
    sent: int
    notification_ts: frozenset[str]


def stored(database_url: str) -> Stored:
    db = Database(database_url)
    try:
        with db.session() as session:
            count = session.scalar
            ts = frozenset(t for t in session.scalars(select(Notification.ts)) if t)
            return Stored(
                articles=count(select(func.count(Article.id))) or 0,
                distinct_urls=count(select(func.count(func.distinct(Article.canonical_url)))) or 0,
                unprocessed=count(select(func.count(Article.id)).where(Article.state != "processed")) or 0,
                items=count(select(func.count(FollowUpItem.id))) or 0,
                distinct_item_keys=len(set(session.execute(select(FollowUpItem.article_id, FollowUpItem.item_key)))),
                notifications=count(select(func.count(Notification.id))) or 0,
                sent=count(select(func.count(Notification.id)).where(Notification.state == "sent")) or 0,
                notification_ts=ts,
            )
    finally:
        db.dispose()


def assert_complete_once(database_url: str, slack: SlackTestServer) -> Stored:
    """Every sample article and item stored once, every notification sent once and only once."""
    now = stored(database_url)
    assert now.articles == now.distinct_urls == len(SAMPLE_PAGES)
    assert now.unprocessed == 0
    assert now.items == now.distinct_item_keys == expected_sample_items()
    assert now.notifications == now.sent > 0
    messages = slack.messages()
    assert len(messages) == now.sent, "a notification was posted twice (or one was lost)"
    assert {m.ts for m in messages} == now.notification_ts
    return now
