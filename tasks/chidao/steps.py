"""Thin Prefect ``@task`` wrappers over the services.

One task per batch (all due feeds, a batch of articles, the outbox), never
one per item: a task run costs 7–75 ms here. Arguments are ids and file
names only; heavy objects come from ``chidao.runtime``. Each stage emits
Prefect events for what it stored, one per batch of ids (not one per object:
an event costs about as much as a small task run), so that downstream
deployments can trigger on them; events carry ids, never secrets or article text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.events import emit_event

from chidao.runtime import get_runtime
from chidao.services import ingest as ingest_service
from chidao.services import notify as notify_service
from chidao.services import poll as poll_service
from chidao.services import process as process_service
from chidao.services.feed_health import queue_feed_alerts
from chidao.settings import Settings

ARTICLE_STORED = "chidao.article.stored"
ITEM_CREATED = "chidao.item.created"
NOTIFICATION_SENT = "chidao.notifications.sent"


# Prefect's server drops an event with more than 100 related resources (PREFECT_SERVER_EVENTS_MAXIMUM_RELATED_
# RESOURCES); the run context adds its own (flow, flow run, task run, tags), so a batch stays well below.
EVENT_BATCH = 50


def emit_stored(event: str, kind: str, ids: Sequence[int], labels: dict[str, str] | None = None) -> None:
    """One ``event`` per batch of ``ids``: resource ``chidao.<kind>.batch.<first id>``, each id a related resource.

    The deployment triggers match ``chidao.<kind>.*`` and fire on the first event of a burst, so batching
    changes nothing downstream; whoever needs the ids finds them as ``chidao.<kind>.<id>`` (role ``kind``).
    """
    for start in range(0, len(ids), EVENT_BATCH):
        batch = ids[start : start + EVENT_BATCH]
        emit_event(
            event=event,
            resource={
                "prefect.resource.id": f"chidao.{kind}.batch.{batch[0]}",
                "chidao.count": str(len(batch)),
                **(labels or {}),
            },
            related=[{"prefect.resource.id": f"chidao.{kind}.{i}", "prefect.resource.role": kind} for i in batch],
        )


def _settings(feeds: str | None) -> Settings:
    return Settings(feeds=Path(feeds)) if feeds else Settings()


@task(name="poll-feeds", cache_policy=NO_CACHE, tags=["chidao-fetch"])
def poll_feeds(feeds: str | None = None, force: bool = False, demo: bool = False) -> dict[str, Any]:
    """Sync the feeds table with the feeds file, poll the due feeds, store new and changed articles.

    ``demo`` (only ``chidao run`` without a feeds file sets it) polls the bundled samples on loopback.
    """
    logger = get_run_logger()
    rt = get_runtime(_settings(feeds), demo=demo)
    db = rt.db
    db.check_schema()  # migrations are their own step (`chidao db upgrade`); flows never migrate
    specs = rt.feeds()
    poll_service.sync_feeds(db, specs)
    now = datetime.now(UTC)
    due = poll_service.due_feed_ids(db, now, force=force)
    with rt.fetching() as fetch:
        summary = ingest_service.poll_feeds(
            db, fetch.fetcher, due, now=now, resolve=fetch.resolve, unresolve=fetch.unresolve
        )
    for feed_id in queue_feed_alerts(db, now, rt.routing.default_channel):
        logger.warning("feed %s: alert queued for the operators", feed_id)
    for poll in summary.polls:
        if poll.outcome == "error":
            logger.warning("feed %s failed: %s", poll.feed_id, poll.error)
        else:
            logger.info(
                "feed %s: %s, %d entries, %d new articles",
                poll.feed_id,
                poll.outcome,
                poll.entries_seen,
                len(poll.new_article_ids),
            )
        for warning in poll.warnings:
            logger.warning("feed %s: %s", poll.feed_id, warning)
        emit_stored(
            ARTICLE_STORED,
            "article",
            [*poll.new_article_ids, *poll.changed_article_ids],
            {"chidao.feed": poll.feed_id},
        )
    return {
        "feeds_total": len(specs),
        "feeds_enabled": sum(s.enabled for s in specs),
        "feeds_polled": summary.polled,
        "feeds_failed": summary.failed,
        "new_articles": summary.new_articles,
        "changed_articles": sum(len(p.changed_article_ids) for p in summary.polls),
        "duplicate_articles": sum(len(p.duplicate_article_ids) for p in summary.polls),
        "article_ids": summary.stored_article_ids,
    }


@task(name="process-pending", cache_policy=NO_CACHE, tags=["chidao-nlp"])
def process_pending(limit: int) -> dict[str, Any]:
    """Pick the next ``limit`` pending articles and process them; ``selected`` is 0 once none is left.

    One task per batch, not one to list the batch and one to process it: every task run costs round trips
    to the Prefect API (about a second each on a busy 2-core machine, most of the Prefect overhead of a pass).
    """
    db = get_runtime().db
    db.check_schema()
    article_ids = process_service.pending_article_ids(db, limit)
    return {"selected": len(article_ids), **_process(article_ids)}


@task(name="process-articles", cache_policy=NO_CACHE, tags=["chidao-nlp"])
def process_articles(article_ids: Sequence[int]) -> dict[str, Any]:
    """Clean, classify and extract a batch of articles; store items and queue their notifications."""
    return _process(list(article_ids))


def _process(article_ids: list[int]) -> dict[str, Any]:
    logger = get_run_logger()
    rt = get_runtime()
    summary = process_service.process_articles(rt.db, rt.analyzer, rt.routing, article_ids)
    for article_id in summary.failed_article_ids:
        logger.warning("article %s could not be processed (kept, marked failed)", article_id)
    emit_stored(ITEM_CREATED, "item", summary.new_item_ids)
    if article_ids:  # the last batch of a drain is empty: nothing to say
        logger.info(
            "%d articles processed, %d new items, %d notifications queued",
            len(summary.processed_article_ids),
            len(summary.new_item_ids),
            summary.notifications_queued,
        )
    return {
        "processed": len(summary.processed_article_ids),
        "failed": len(summary.failed_article_ids),
        "new_items": len(summary.new_item_ids),
        "item_ids": summary.new_item_ids,
        "notifications_queued": summary.notifications_queued,
    }


@task(name="drain-outbox", cache_policy=NO_CACHE, tags=["chidao-slack"])
def drain_outbox() -> dict[str, Any]:
    """Send every due notification; failures stay in the outbox for the next run."""
    logger = get_run_logger()
    rt = get_runtime()
    rt.db.check_schema()
    summary = notify_service.drain_outbox(
        rt.db,
        rt.notifier,
        max_attempts=rt.settings.notify_max_attempts,
        digest_threshold=rt.settings.digest_threshold,
        web_base_url=rt.settings.web_base_url,
        retry_base=timedelta(seconds=rt.settings.notify_retry_base_seconds),
    )
    if summary.sent or summary.reconciled:
        emit_event(
            event=NOTIFICATION_SENT,
            resource={"prefect.resource.id": "chidao.outbox"},
            payload={"sent": summary.sent, "reconciled": summary.reconciled},
        )
    logger.info(
        "%d notifications sent (%d digests), %d reconciled, %d to retry, %d given up",
        summary.sent,
        summary.digests,
        summary.reconciled,
        summary.retried,
        summary.dead,
    )
    if summary.unknown_outcome:
        logger.warning("%d posted without an answer: checked in the chat before any retry", summary.unknown_outcome)
    if summary.resent_unverified:
        logger.warning("%d re-sent after an unknown outcome: they may appear twice", summary.resent_unverified)
    if summary.paused is not None:
        logger.warning("stopped early: %s; %d left for the next run", summary.paused, summary.left_for_next_run)
    return {
        "sent": summary.sent,
        "digests": summary.digests,
        "reconciled": summary.reconciled,
        "retried": summary.retried,
        "dead": summary.dead,
        "deferred": summary.deferred,
        "unknown_outcome": summary.unknown_outcome,
        "resent_unverified": summary.resent_unverified,
        "paused": summary.paused,
        "left_for_next_run": summary.left_for_next_run,
        "dead_reasons": summary.dead_reasons[:3],
    }
