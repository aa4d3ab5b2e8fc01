"""Notify: drain the outbox to the chat.

Delivery protocol, per row:
1. claim the row (``pending`` -> ``sending``, attempt counted and timed) in its own committed transaction;
   the claim is a compare-and-set, so two drains running at once never both post the same row;
2. post with the row's key attached (Slack message metadata);
3. mark ``sent`` with ``ts`` and the channel id the transport reported (``payload["posted_channel"]``).
A crash between 2 and 3 leaves a ``sending`` row: once the attempt is older than ``stale_after`` (so a drain
still working on it is not disturbed), the next drain asks the chat whether a message with that key exists
(``find_posted``, inside the thread for replies) and marks it sent instead of posting again. Transports that
cannot look (webhooks, console, or Slack without the history scopes) deliver at least once: such a row is
posted again.

Failed posts go back to ``pending`` with an exponential backoff and are given up (``dead``, with the reason)
after ``max_attempts`` or at once when the failure cannot succeed later (``invalid_auth``, unknown channel).

Pacing: channels are served round-robin through a ``ChannelPacer`` (about one message per second per
channel after a small burst), and a channel whose backlog of article messages exceeds the digest threshold
gets one digest instead. ``item_event`` rows (reminders, status changes) are posted as replies in the thread
of the message that announced their item in the same channel.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from chidao.adapters.db import Database, FollowUpItem, Notification, utcnow
from chidao.adapters.notifiers import Notifier, NotifierError
from chidao.core.messages import ChatMessage, render_article, render_digest, render_test_message
from chidao.core.pacing import ChannelPacer, should_digest
from chidao.services.process import notice_from_payload

log = logging.getLogger("chidao.notify")

# find_posted looks this far before the recorded attempt: clocks of the database host and the chat differ.
RECONCILE_SLACK = timedelta(minutes=2)
# A 'sending' row younger than this may still be in flight in another drain (a post with its retries and
# Retry-After pauses takes minutes at worst); only older ones are treated as interrupted.
STALE_SENDING = timedelta(minutes=10)

STATES = ("pending", "sending", "sent", "digested", "dead")


@dataclass
class NotifySummary:
    sent: int = 0
    reconciled: int = 0
    retried: int = 0
    dead: int = 0
    digests: int = 0
    deferred: int = 0  # item events waiting for the message they reply to


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min ... capped at 1 h."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def message_for(row: Notification, web_base_url: str | None = None) -> ChatMessage:
    """Article rows are rendered at send time from their stored notice (so a re-post keeps its buttons);
    other kinds carry text and blocks."""
    if row.kind == "article":
        return render_article(notice_from_payload(row.payload), web_base_url)
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
    stale_after: timedelta = STALE_SENDING,
    web_base_url: str | None = None,
) -> NotifySummary:
    """Send every due row once; see the module docstring for the protocol. A re-run posts nothing new."""
    summary = NotifySummary()
    pacer = pacer or ChannelPacer()
    _reconcile_interrupted(db, notifier, summary, now(), stale_after, max_attempts)
    queues = _due_queues(db, now(), digest_threshold, summary, web_base_url)
    while queues:
        # Round-robin by readiness: a channel that must wait does not hold up the others.
        channel = min(queues, key=pacer.delay_for)
        row_id = queues[channel].popleft()
        if not queues[channel]:
            del queues[channel]
        prepared = _prepare(db, row_id, summary, web_base_url)
        if prepared is None:
            continue
        delay = pacer.delay_for(channel)
        if delay > 0:
            sleep(delay)
        _post(db, notifier, pacer, row_id, prepared, summary, max_attempts, now)
    return summary


def _due_queues(
    db: Database, at: datetime, digest_threshold: int, summary: NotifySummary, web_base_url: str | None = None
) -> dict[str, deque[int]]:
    with db.session() as session:
        due = session.execute(
            select(Notification.id, Notification.channel, Notification.kind)
            .where(
                Notification.state == "pending",
                or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= at),
            )
            .order_by(Notification.id)
        ).all()
    by_channel: dict[str, list[tuple[int, str]]] = {}
    for row_id, channel, kind in due:
        by_channel.setdefault(channel, []).append((row_id, kind))
    queues: dict[str, deque[int]] = {}
    for channel, rows in by_channel.items():
        article_ids = [row_id for row_id, kind in rows if kind == "article"]
        ids = [row_id for row_id, _ in rows]
        if should_digest(len(article_ids), digest_threshold):
            digest_id = _make_digest(db, channel, article_ids, web_base_url)
            summary.digests += 1
            # The digest goes first so that item events about its items can reply in its thread.
            ids = [digest_id, *(row_id for row_id, kind in rows if kind != "article")]
        queues[channel] = deque(ids)
    return queues


def _make_digest(db: Database, channel: str, ids: Sequence[int], web_base_url: str | None = None) -> int:
    """A backlog becomes one digest row; the article rows point at it and count as delivered with it."""
    with db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.id.in_(ids)).order_by(Notification.id))
        articles = list(rows)
        message = render_digest([notice_from_payload(r.payload) for r in articles], web_base_url)
        digest = Notification(
            dedup_key=f"digest:{channel}:{ids[0]}-{ids[-1]}:{len(ids)}",
            kind="digest",
            channel=channel,
            payload={"text": message.text, "blocks": list(message.blocks), "rows": list(ids)},
            state="pending",
        )
        session.add(digest)
        session.flush()
        for row in articles:
            row.state = "digested"
            row.digest_id = digest.id
        return digest.id


@dataclass(frozen=True)
class _Prepared:
    message: ChatMessage


def _prepare(db: Database, row_id: int, summary: NotifySummary, web_base_url: str | None = None) -> _Prepared | None:
    """The message of a still-pending row; None when it is gone or must wait (a reply before its parent)."""
    with db.session() as session:
        row = session.get_one(Notification, row_id)
        if row.state != "pending":
            return None
        if row.kind == "item_event" and row.thread_ts is None and row.item_id is not None:
            wait, parent_ts = _thread_parent(session, row)
            if wait:
                summary.deferred += 1
                return None
            row.thread_ts = parent_ts  # stored before the claim, so a reconcile looks inside the thread
        return _Prepared(message_for(row, web_base_url))


def _thread_parent(session: Session, row: Notification) -> tuple[bool, str | None]:
    """(wait, ts) of the message that announced ``row``'s item in ``row``'s channel.

    The article row whose payload lists the item, or the digest it was folded into. ``wait`` is True while
    that message is still to be sent; ts None (post top-level) when there is none, it died, or the
    transport gave no ts (webhooks).
    """
    item = session.get(FollowUpItem, row.item_id)
    if item is None:
        return False, None
    candidates = session.scalars(
        select(Notification)
        .where(Notification.kind == "article", Notification.article_id == item.article_id)
        .order_by(Notification.id)
    )
    for parent in candidates:
        if row.channel not in (parent.channel, parent.payload.get("posted_channel")):
            continue
        if row.item_id not in {entry.get("item_id") for entry in parent.payload.get("items") or []}:
            continue
        if parent.state == "digested" and parent.digest_id is not None:
            parent = session.get_one(Notification, parent.digest_id)
        if parent.state in ("pending", "sending"):
            return True, None
        if parent.state == "sent":
            return False, parent.ts
        return False, None
    return False, None


def _claim(db: Database, row_id: int, at: datetime) -> tuple[str, str, str | None, int] | None:
    """pending -> sending as one conditional UPDATE; None when another drain got there first."""
    with db.session() as session:
        claimed = session.execute(
            update(Notification)
            .where(Notification.id == row_id, Notification.state == "pending")
            .values(state="sending", attempts=Notification.attempts + 1, attempt_started_at=at)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = session.get_one(Notification, row_id)
        return row.channel, row.dedup_key, row.thread_ts, row.attempts


def _post(
    db: Database,
    notifier: Notifier,
    pacer: ChannelPacer,
    row_id: int,
    prepared: _Prepared,
    summary: NotifySummary,
    max_attempts: int,
    now: Callable[[], datetime],
) -> None:
    claimed = _claim(db, row_id, now())
    if claimed is None:
        return
    channel, key, thread_ts, attempts = claimed
    try:
        result = notifier.post(channel, prepared.message, key=key, thread_ts=thread_ts)
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
        log.warning("notification %s to %s failed (attempt %d): %s", row_id, channel, attempts, exc.reason)
        return
    except Exception as exc:
        # Unknown outcome (a bug, not a transport failure): the row stays 'sending' for the reconcile, which
        # checks the chat before any new attempt. Only the type is kept: a message could carry a secret.
        log.error("notification %s to %s: unexpected %s; left for reconciliation", row_id, channel, type(exc).__name__)
        with db.session() as session:
            session.get_one(Notification, row_id).last_error = f"unexpected error: {type(exc).__name__}"
        return
    pacer.record(channel)
    with db.session() as session:
        row = session.get_one(Notification, row_id)
        row.state, row.ts, row.sent_at, row.last_error = "sent", result.ts, now(), None
        row.payload = {**row.payload, "posted_channel": result.channel}
    summary.sent += 1


def _reconcile_interrupted(
    db: Database,
    notifier: Notifier,
    summary: NotifySummary,
    at: datetime,
    stale_after: timedelta,
    max_attempts: int,
) -> None:
    """Settle rows left 'sending' by a crash: sent if the chat has them, else pending (or dead at the bound)."""
    with db.session() as session:
        rows = session.scalars(
            select(Notification).where(
                Notification.state == "sending",
                or_(Notification.attempt_started_at.is_(None), Notification.attempt_started_at <= at - stale_after),
            )
        ).all()
        for row in rows:
            since = (row.attempt_started_at or at) - RECONCILE_SLACK
            try:
                found = notifier.find_posted(row.channel, row.dedup_key, since, thread_ts=row.thread_ts)
            except NotifierError as exc:
                if exc.retryable:
                    # Stay 'sending': the next drain checks again rather than risk a double post.
                    log.warning("notification %s: could not check for an earlier post: %s", row.id, exc.reason)
                    continue
                # The chat cannot be asked (unknown channel: nothing was posted there; a missing history
                # scope): like a transport that cannot look, deliver at least once.
                log.warning("notification %s: cannot check for an earlier post, sending again: %s", row.id, exc.reason)
                found = None
            if found is not None:
                row.state, row.ts, row.sent_at, row.last_error = "sent", found.ts, at, None
                row.payload = {**row.payload, "posted_channel": found.channel}
                summary.reconciled += 1
            elif row.attempts >= max_attempts:
                row.state = "dead"
                row.last_error = f"gave up after {row.attempts} attempts; {row.last_error or 'last one interrupted'}"
                summary.dead += 1
            else:
                row.state = "pending"
                row.next_attempt_at = None


# --- operator views and actions ------------------------------------------------------------------


@dataclass
class ChannelOutbox:
    """Counts per state for one channel, and the newest error of a row not yet delivered."""

    channel: str
    counts: dict[str, int] = field(default_factory=dict)
    last_error: str | None = None
    last_error_row: int | None = None


def outbox_status(db: Database) -> list[ChannelOutbox]:
    """One entry per channel (sorted by name), e.g. ChannelOutbox("#chidao", {"sent": 12, "dead": 1}, ...)."""
    with db.session() as session:
        counted = session.execute(
            select(Notification.channel, Notification.state, func.count()).group_by(
                Notification.channel, Notification.state
            )
        ).all()
        channels: dict[str, ChannelOutbox] = {}
        for channel, state, count in counted:
            channels.setdefault(channel, ChannelOutbox(channel)).counts[state] = count
        failing = session.execute(
            select(Notification.channel, Notification.id, Notification.last_error)
            .where(Notification.last_error.is_not(None), Notification.state.in_(("pending", "sending", "dead")))
            .order_by(Notification.id.desc())
        ).all()
        for channel, row_id, error in failing:
            entry = channels[channel]
            if entry.last_error is None:
                entry.last_error, entry.last_error_row = error, row_id
    return [channels[name] for name in sorted(channels)]


def retry_outbox(db: Database, *, include_dead: bool = False) -> int:
    """Make backed-off pending rows due now and, with ``include_dead``, dead rows pending again (attempts
    start over). Returns how many rows changed."""
    with db.session() as session:
        changed = session.execute(
            update(Notification)
            .where(Notification.state == "pending", Notification.next_attempt_at.is_not(None))
            .values(next_attempt_at=None)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        if include_dead:
            changed += session.execute(
                update(Notification)
                .where(Notification.state == "dead")
                .values(state="pending", attempts=0, next_attempt_at=None)
                .execution_options(synchronize_session=False)
            ).rowcount  # type: ignore[attr-defined]
    return int(changed)


@dataclass(frozen=True)
class ChannelCheck:
    channel: str
    ok: bool
    detail: str  # "posted, ts 1700000000.000100" or why it failed


def send_test_messages(
    notifier: Notifier, channels: Sequence[str], *, now: Callable[[], datetime] = utcnow
) -> list[ChannelCheck]:
    """Post ``render_test_message`` once to each channel; failures are reported, not raised."""
    checks = []
    stamp = now().strftime("%Y%m%dT%H%M%S")
    for channel in channels:
        try:
            result = notifier.post(channel, render_test_message(channel), key=f"test:{channel}:{stamp}")
        except NotifierError as exc:
            checks.append(ChannelCheck(channel, False, exc.reason))
            continue
        checks.append(ChannelCheck(channel, True, "posted" if result.ts is None else f"posted, ts {result.ts}"))
    return checks
