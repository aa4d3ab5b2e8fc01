"""Notify: drain the outbox to the chat (the "send" stage).

Delivery protocol, per row:
1. claim the row (``pending`` -> ``sending``, attempt counted and timed) in its own committed transaction;
   the claim is a compare-and-set, so two drains running at once never both post the same row;
2. post with the row's key attached (Slack message metadata);
3. mark ``sent`` with ``ts`` and the channel id the transport reported (``payload["posted_channel"]``).
A crash between 2 and 3 leaves a ``sending`` row: once the attempt is older than ``stale_after`` (so a drain
still working on it is not disturbed), the next drain asks the chat whether a message with that key exists
(``find_posted``, inside the thread for replies) and marks it sent instead of posting again. A post that got
no answer (a timeout or a dropped connection after sending: the chat may have stored it) is left the same
way, marked to be checked by the next drain at once. Transports that cannot look (webhooks, console) deliver
at least once: such a row is posted again, with a warning and the reason on the row.

Failed posts go back to ``pending`` with an exponential backoff and are given up (``dead``, with the reason)
after ``max_attempts`` or at once when the failure cannot succeed later (``invalid_auth``, unknown channel).
When the chat asks for a pause longer than the transport waits (Retry-After over a minute), the drain stops
and leaves the rest for the next run (``NotifySummary.paused``).

Pacing: channels are served round-robin through a ``ChannelPacer`` (about one message per second per
channel after a small burst). A channel whose backlog of article messages exceeds the digest threshold gets
one digest instead, and so does a backlog of item events (reminders, status changes, further sources):
folding is a compare-and-set too, so two drains never announce the same rows. ``item_event`` rows are posted
as replies in the thread of the message that announced their item in the same channel.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from chidao.adapters.db import Database, FollowUpItem, Notification, utcnow
from chidao.adapters.notifiers import Notifier, NotifierError, PostResult
from chidao.core.messages import (
    ChatMessage,
    EventLine,
    render_article,
    render_digest,
    render_event_digest,
    render_test_message,
)
from chidao.core.pacing import ChannelPacer, should_digest
from chidao.services.outbox import enqueue, notice_from_payload

log = logging.getLogger("chidao.notify")

# find_posted looks this far before the recorded attempt: clocks of the database host and the chat differ.
RECONCILE_SLACK = timedelta(minutes=2)
# A 'sending' row younger than this may still be in flight in another drain (a post with its retries and
# Retry-After pauses takes minutes at worst); only older ones are treated as interrupted.
STALE_SENDING = timedelta(minutes=10)
# The longest a row waits when the chat asked for a longer pause than chidao waits in-process.
MAX_RETRY_AFTER_DELAY = timedelta(hours=1)


@dataclass
class NotifySummary:
    sent: int = 0
    reconciled: int = 0
    retried: int = 0
    dead: int = 0
    digests: int = 0
    deferred: int = 0  # item events waiting for the message they reply to
    unknown_outcome: int = 0  # posted but unanswered: checked in the chat before any new attempt
    resent_unverified: int = 0  # re-sent without a check (the transport cannot look): may appear twice
    paused: str | None = None  # why the drain stopped early (a long Retry-After); the rest waits
    left_for_next_run: int = 0
    dead_reasons: list[str] = field(default_factory=list)  # one per row given up in this run


# The first back-off of a failed post (the setting CHIDAO_NOTIFY_RETRY_BASE_SECONDS); it doubles per attempt.
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)


def retry_delay(attempts: int, base: timedelta = RETRY_BASE) -> timedelta:
    """``base``, 2 × ``base``, 4 × ``base`` ... capped at 1 h (30 s, 1 min, 2 min ... by default)."""
    # In float seconds: 2.0 ** n cannot overflow a timedelta the way base * 2 ** n can after many attempts.
    seconds = base.total_seconds() * 2.0 ** min(max(0, attempts - 1), 64)
    return timedelta(seconds=min(RETRY_CAP.total_seconds(), seconds))


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
    retry_base: timedelta = RETRY_BASE,
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
        _post(db, notifier, pacer, row_id, prepared, summary, max_attempts, retry_base, now)
        if summary.paused is not None:
            summary.left_for_next_run = 1 + sum(len(q) for q in queues.values())
            log.warning("%s: %d notifications left for the next run", summary.paused, summary.left_for_next_run)
            break
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
        ids = [row_id for row_id, _ in rows]
        # The article digest goes first so that item events about its items can reply in its thread.
        for kind in ("article", "item_event"):
            of_kind = [row_id for row_id, row_kind in rows if row_kind == kind]
            if not should_digest(len(of_kind), digest_threshold):
                continue
            digest_id = _make_digest(db, channel, kind, of_kind, web_base_url)
            rest = [row_id for row_id in ids if row_id not in set(of_kind)]
            ids = [digest_id, *rest] if digest_id is not None else rest
            summary.digests += digest_id is not None
        if ids:  # empty when another drain folded every row of this channel meanwhile
            queues[channel] = deque(ids)
    return queues


def _make_digest(
    db: Database, channel: str, kind: str, ids: Sequence[int], web_base_url: str | None = None
) -> int | None:
    """Fold the rows of ``ids`` that are still pending into one digest row; its id, or None if none was.

    The digest row is written first (on SQLite that takes the write lock at once), then the rows are taken
    with one conditional UPDATE: a row another drain folded or claimed meanwhile is not taken twice.
    """
    with db.session() as session:
        digest_id = enqueue(
            session, key=f"digest:{channel}:claim:{uuid.uuid4().hex}", kind="digest", channel=channel, payload={}
        )
        assert digest_id is not None
        session.execute(
            update(Notification)
            .where(Notification.id.in_(list(ids)), Notification.state == "pending", Notification.kind == kind)
            .values(state="digested", digest_id=digest_id)
            .execution_options(synchronize_session=False)
        )
        taken = list(
            session.scalars(select(Notification).where(Notification.digest_id == digest_id).order_by(Notification.id))
        )
        digest = session.get_one(Notification, digest_id)
        if not taken:
            session.delete(digest)
            return None
        message = _digest_message(kind, taken, web_base_url)
        digest.dedup_key = f"digest:{channel}:{kind}:{taken[0].id}-{taken[-1].id}:{len(taken)}"
        digest.payload = {
            "text": message.text,
            "blocks": list(message.blocks),
            "rows": [r.id for r in taken],
            "of": kind,
        }
        return digest_id


def _digest_message(kind: str, rows: Sequence[Notification], web_base_url: str | None = None) -> ChatMessage:
    if kind == "article":
        return render_digest([notice_from_payload(r.payload) for r in rows], web_base_url)
    events = [
        EventLine(
            event=str(r.payload.get("event") or ""),
            text=str(r.payload.get("item_text") or r.payload.get("text") or ""),
            detail=r.payload.get("detail"),
        )
        for r in rows
    ]
    return render_event_digest(events)


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
            if parent_ts is not None:
                # Stored before the claim, so a reconcile looks inside the thread; only while still pending.
                session.execute(
                    update(Notification)
                    .where(Notification.id == row_id, Notification.state == "pending")
                    .values(thread_ts=parent_ts)
                    .execution_options(synchronize_session=False)
                )
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
            .values(state="sending", attempts=Notification.attempts + 1, attempt_started_at=at, next_attempt_at=None)
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
    retry_base: timedelta,
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
        _record_failure(db, row_id, channel, attempts, exc, summary, max_attempts, retry_base, now())
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


def _record_failure(
    db: Database,
    row_id: int,
    channel: str,
    attempts: int,
    exc: NotifierError,
    summary: NotifySummary,
    max_attempts: int,
    retry_base: timedelta,
    at: datetime,
) -> None:
    with db.session() as session:
        row = session.get_one(Notification, row_id)
        row.last_error = exc.reason
        if exc.outcome_unknown:
            # Like a crash between post and mark: stay 'sending'; next_attempt_at marks it for the next
            # drain's reconcile at once (no other drain is working on it).
            row.next_attempt_at = at
            row.last_error = f"{exc.reason}; checked in the chat before any new attempt"
            summary.unknown_outcome += 1
        elif exc.retry_after is not None:
            # Not a failed attempt: the chat asked for a pause. The row waits; the drain stops.
            row.state, row.attempts = "pending", max(0, row.attempts - 1)
            row.next_attempt_at = at + min(timedelta(seconds=exc.retry_after), MAX_RETRY_AFTER_DELAY)
            summary.paused = exc.reason
        elif exc.retryable and attempts < max_attempts:
            row.state = "pending"
            row.next_attempt_at = at + retry_delay(attempts, retry_base)
            summary.retried += 1
        else:
            row.state = "dead"
            summary.dead += 1
            summary.dead_reasons.append(exc.reason)
    log.warning("notification %s to %s failed (attempt %d): %s", row_id, channel, attempts, exc.reason)


def _reconcile_interrupted(
    db: Database,
    notifier: Notifier,
    summary: NotifySummary,
    at: datetime,
    stale_after: timedelta,
    max_attempts: int,
) -> None:
    """Settle rows left 'sending' (a crash, or a post without an answer): sent if the chat has them, else
    pending again (or dead at the bound). The chat is asked outside any transaction; each row is settled
    with a compare-and-set, so a drain running at the same time is not overruled."""
    with db.session() as session:
        rows = session.execute(
            select(Notification.id, Notification.channel, Notification.dedup_key)
            .add_columns(Notification.thread_ts, Notification.attempt_started_at, Notification.attempts)
            .where(
                Notification.state == "sending",
                or_(
                    Notification.attempt_started_at.is_(None),
                    Notification.attempt_started_at <= at - stale_after,
                    Notification.next_attempt_at <= at,
                ),
            )
            .order_by(Notification.id)
        ).all()
    for row_id, channel, key, thread_ts, started, attempts in rows:
        since = (started or at) - RECONCILE_SLACK
        try:
            found = notifier.find_posted(channel, key, since, thread_ts=thread_ts)
        except NotifierError as exc:
            if exc.retryable:
                # Stay 'sending': the next drain checks again rather than risk a double post.
                log.warning("notification %s: could not check for an earlier post: %s", row_id, exc.reason)
                continue
            # The chat cannot be asked (unknown channel: nothing was posted there; a missing history scope):
            # like a transport that cannot look, deliver at least once.
            log.warning("notification %s: cannot check for an earlier post, sending again: %s", row_id, exc.reason)
            found = None
        except Exception as exc:  # any failure of the check leaves the row for the next drain, never a crash
            log.warning("notification %s: checking for an earlier post failed: %s", row_id, type(exc).__name__)
            continue
        _settle(db, notifier, summary, row_id, attempts, found, at, max_attempts)


def _settle(
    db: Database,
    notifier: Notifier,
    summary: NotifySummary,
    row_id: int,
    attempts: int,
    found: PostResult | None,
    at: datetime,
    max_attempts: int,
) -> None:
    with db.session() as session:
        row = session.get_one(Notification, row_id)
        if row.state != "sending" or row.attempts != attempts:
            return  # another drain settled or re-claimed it meanwhile
        if found is not None:
            row.state, row.ts, row.sent_at, row.last_error = "sent", found.ts, at, None
            row.payload = {**row.payload, "posted_channel": found.channel}
            summary.reconciled += 1
        elif row.attempts >= max_attempts:
            row.state = "dead"
            row.last_error = f"gave up after {row.attempts} attempts; {row.last_error or 'last one interrupted'}"
            summary.dead += 1
            summary.dead_reasons.append(row.last_error)
        else:
            if not getattr(notifier, "can_find_posted", False):
                row.last_error = (
                    f"outcome of attempt {row.attempts} unknown and {notifier.name} cannot be checked: "
                    "sent again (it may appear twice)"
                )
                log.warning("notification %s to %s: %s", row_id, row.channel, row.last_error)
                summary.resent_unverified += 1
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
