"""Notify: drain the outbox to the chat.

Delivery protocol, per row:
1. record the attempt (state ``sending``, attempt time) and commit;
2. post with the row's key attached (Slack message metadata);
3. mark ``sent`` with the channel and ``ts``.
A crash between 2 and 3 leaves a ``sending`` row: the next drain asks the
chat whether a message with that key exists (``find_posted``) and marks it
sent instead of posting again. Failed posts go back to ``pending`` with an
exponential backoff and are given up (``dead``, with the reason) after a bound.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from tasks.adapters.db import Database, Notification, utcnow
from tasks.adapters.notifiers import Notifier, NotifierError
from tasks.core.messages import ChatMessage, render_article, render_digest
from tasks.core.pacing import ChannelPacer, should_digest
from tasks.services.process import notice_from_payload

log = logging.getLogger("chidao.notify")

RECONCILE_SLACK = timedelta(minutes=2)


@dataclass
class NotifySummary:
    sent: int = 0
    reconciled: int = 0
    retried: int = 0
    dead: int = 0
    digests: int = 0


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min ... capped at 1 h."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def message_for(row: Notification) -> ChatMessage:
    if row.kind == "article":
        return render_article(notice_from_payload(row.payload))
    blocks = row.payload.get("blocks") or []
    return ChatMessage(text=str(row.payload.get("text", "")), blocks=tuple(blocks))


def drain_outbox(
    db: Database,
    notifier: Notifier,
    *,
    pacer: ChannelPacer | None = None,
    max_attempts: int = 8,
    digest_threshold: int = 10,
    now: Callable[[], datetime] = utcnow,
    sleep: Callable[[float], None] = time.sleep,
) -> NotifySummary:
    summary = NotifySummary()
    pacer = pacer or ChannelPacer()
    _reconcile_interrupted(db, notifier, summary, now())
    with db.session() as session:
        due = session.scalars(
            select(Notification)
            .where(
                Notification.state == "pending",
                or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now()),
            )
            .order_by(Notification.id)
        ).all()
        by_channel: dict[str, list[int]] = {}
        for row in due:
            by_channel.setdefault(row.channel, []).append(row.id)
    for channel, ids in by_channel.items():
        article_ids = [i for i in ids if _kind(db, i) == "article"]
        if should_digest(len(article_ids), digest_threshold):
            _send_digest(db, notifier, pacer, channel, article_ids, summary, max_attempts, now, sleep)
            ids = [i for i in ids if i not in set(article_ids)]
        for row_id in ids:
            _send_one(db, notifier, pacer, row_id, summary, max_attempts, now, sleep)
    return summary


def _kind(db: Database, row_id: int) -> str:
    with db.session() as session:
        return session.get_one(Notification, row_id).kind


def _reconcile_interrupted(db: Database, notifier: Notifier, summary: NotifySummary, at: datetime) -> None:
    with db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.state == "sending")).all()
        for row in rows:
            since = (row.attempt_started_at or at) - RECONCILE_SLACK
            try:
                found = notifier.find_posted(row.channel, row.dedup_key, since, thread_ts=row.thread_ts)
            except NotifierError as exc:
                log.warning("notification %s: could not check for an earlier post: %s", row.id, exc.reason)
                continue  # stay 'sending'; the next drain checks again rather than risk a double post
            if found is not None:
                row.state, row.ts, row.sent_at = "sent", found.ts, at
                summary.reconciled += 1
            else:
                row.state = "pending"


def _post(
    db: Database,
    notifier: Notifier,
    pacer: ChannelPacer,
    row_id: int,
    message: ChatMessage,
    summary: NotifySummary,
    max_attempts: int,
    now: Callable[[], datetime],
    sleep: Callable[[float], None],
) -> str | None:
    with db.session() as session:
        row = session.get_one(Notification, row_id)
        if row.state != "pending":
            return None
        row.state = "sending"
        row.attempts += 1
        row.attempt_started_at = now()
        channel, key, thread_ts, attempts = row.channel, row.dedup_key, row.thread_ts, row.attempts
    delay = pacer.delay_for(channel)
    if delay > 0:
        sleep(delay)
    try:
        result = notifier.post(channel, message, key=key, thread_ts=thread_ts)
    except NotifierError as exc:
        pacer.record(channel)
        with db.session() as session:
            row = session.get_one(Notification, row_id)
            row.last_error = exc.reason
            if exc.retryable and attempts < max_attempts:
                row.state = "pending"
                row.next_attempt_at = now() + retry_delay(attempts)
                summary.retried += 1
            else:
                row.state = "dead"
                summary.dead += 1
        log.warning("notification %s to %s failed: %s", row_id, channel, exc.reason)
        return None
    pacer.record(channel)
    with db.session() as session:
        row = session.get_one(Notification, row_id)
        row.state, row.ts, row.sent_at, row.last_error = "sent", result.ts, now(), None
    summary.sent += 1
    return result.ts


def _send_one(
    db: Database,
    notifier: Notifier,
    pacer: ChannelPacer,
    row_id: int,
    summary: NotifySummary,
    max_attempts: int,
    now: Callable[[], datetime],
    sleep: Callable[[float], None],
) -> None:
    with db.session() as session:
        row = session.get_one(Notification, row_id)
        message = message_for(row)
    _post(db, notifier, pacer, row_id, message, summary, max_attempts, now, sleep)


def _send_digest(
    db: Database,
    notifier: Notifier,
    pacer: ChannelPacer,
    channel: str,
    ids: list[int],
    summary: NotifySummary,
    max_attempts: int,
    now: Callable[[], datetime],
    sleep: Callable[[float], None],
) -> None:
    """A backlog becomes one digest row; the article rows point at it and count as delivered with it."""
    with db.session() as session:
        rows = [session.get_one(Notification, i) for i in ids]
        notices = [notice_from_payload(r.payload) for r in rows]
        message = render_digest(notices)
        digest = Notification(
            dedup_key=f"digest:{channel}:{ids[0]}-{ids[-1]}:{len(ids)}",
            kind="digest",
            channel=channel,
            payload={"text": message.text, "blocks": list(message.blocks), "rows": ids},
            state="pending",
        )
        session.add(digest)
        session.flush()
        for r in rows:
            r.state = "digested"
            r.digest_id = digest.id
        digest_id = digest.id
    summary.digests += 1
    _post(db, notifier, pacer, digest_id, message, summary, max_attempts, now, sleep)
