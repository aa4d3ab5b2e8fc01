"""Feed health: alerts when a feed breaks or goes silent, the health ``chidao feeds list`` shows, and
``chidao feeds check`` (fetch one feed now, store nothing).

Not a stage of the data flow but what operators watch of the poll stage: it reads what
``chidao.services.poll`` stored (failures, last error, last new entry) and queues alerts through the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select

from chidao.adapters.db import Database, Feed
from chidao.adapters.http import Fetcher, FetchRequest
from chidao.core.feedparse import FeedParseError, parse_feed
from chidao.core.feeds import FeedSpec, UrlMap, unchanged_url
from chidao.core.messages import render_alert
from chidao.services.outbox import enqueue

ALERT_AFTER_FAILURES = 3


def queue_feed_alerts(db: Database, now: datetime, channel: str | None) -> list[str]:
    """Queue one alert when a feed breaks (3 failed polls) or goes silent past its expected period.

    ``alerted_state`` remembers what was announced, so the alert is sent once,
    not on every poll; recovery clears it so that the next break alerts again.
    """
    if channel is None:
        return []
    queued: list[str] = []
    with db.session() as session:
        for feed in session.scalars(select(Feed).where(Feed.enabled.is_(True)).order_by(Feed.id)):
            state = _alert_state(feed, now)
            if state == feed.alerted_state:
                continue
            feed.alerted_state = state
            if state is None:
                continue
            if state == "broken":
                subject = f"Nguồn tin lỗi: {feed.id}"
                detail = f"{feed.consecutive_failures} lần lấy tin liên tiếp thất bại. Lỗi gần nhất: {feed.last_error}"
            elif _yields_nothing(feed):
                subject = f"Nguồn tin im lặng: {feed.id}"
                detail = "Trang danh sách không còn liên kết bài viết nào (bố cục trang đã thay đổi?)."
            else:
                last = feed.last_new_entry_at or feed.created_at
                subject = f"Nguồn tin im lặng: {feed.id}"
                detail = (
                    f"Không có tin mới từ {last:%d/%m/%Y %H:%M} UTC (dự kiến mỗi {feed.expected_period_hours} giờ)."
                )
            message = render_alert(subject, detail)
            enqueue(
                session,
                key=f"alert:{state}:{feed.id}:{now:%Y%m%dT%H%M%S}",
                kind="alert",
                channel=channel,
                payload={"text": message.text, "blocks": list(message.blocks)},
            )
            queued.append(feed.id)
    return queued


def _yields_nothing(feed: Feed) -> bool:
    """A listing page read fine but matched no article link: its layout changed (or the selector is wrong).
    Unlike a quiet feed this needs no expected period: a section page always shows its latest articles."""
    return feed.kind == "listing" and feed.last_entries_seen == 0


def _alert_state(feed: Feed, now: datetime) -> str | None:
    """What the operators should currently have been told about ``feed``.

    "broken" from the 3rd failed poll in a row; "silent" when a healthy feed
    brought no new entry for longer than its expected period, or a listing's last poll found no link at all;
    None otherwise.
    One or two failures change nothing: they neither raise an alert nor clear
    one (a silent feed that times out once must not be announced twice).
    """
    if feed.consecutive_failures >= ALERT_AFTER_FAILURES:
        return "broken"
    if feed.consecutive_failures:
        return feed.alerted_state
    if _yields_nothing(feed):
        return "silent"
    if feed.expected_period_hours:
        last = feed.last_new_entry_at or feed.created_at
        if now - last > timedelta(hours=feed.expected_period_hours):
            return "silent"
    return None


@dataclass(frozen=True)
class FeedHealth:
    """One feed as ``chidao feeds`` shows it: the feeds file's view joined with the stored health."""

    id: str
    url: str
    enabled: bool
    health: str  # new | ok | failing | disabled
    consecutive_failures: int
    failing_since: datetime | None
    last_error: str | None
    last_success_at: datetime | None
    last_new_entry_at: datetime | None
    next_poll_at: datetime | None
    alerted_state: str | None

    def to_json(self) -> dict[str, object]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "id": self.id,
            "url": self.url,
            "enabled": self.enabled,
            "health": self.health,
            "consecutive_failures": self.consecutive_failures,
            "failing_since": iso(self.failing_since),
            "last_error": self.last_error,
            "last_success_at": iso(self.last_success_at),
            "last_new_entry_at": iso(self.last_new_entry_at),
            "next_poll_at": iso(self.next_poll_at),
            "alerted_state": self.alerted_state,
        }


def feed_health(db: Database, specs: Sequence[FeedSpec]) -> list[FeedHealth]:
    """Health of every feed in the feeds file, in file order; never-polled feeds are "new".

    Reads only: the feeds table is brought in line with the file by the next poll.
    """
    with db.session() as session:
        rows = {f.id: f for f in session.scalars(select(Feed).where(Feed.id.in_([s.id for s in specs])))}
    health: list[FeedHealth] = []
    for spec in specs:
        row = rows.get(spec.id)
        state = _health_state(spec.enabled, row)
        health.append(
            FeedHealth(
                id=spec.id,
                url=spec.url,
                enabled=spec.enabled,
                health=state,
                consecutive_failures=row.consecutive_failures if row else 0,
                failing_since=row.failing_since if row else None,
                last_error=row.last_error if row else None,
                last_success_at=row.last_success_at if row else None,
                last_new_entry_at=row.last_new_entry_at if row else None,
                next_poll_at=row.next_poll_at if row and spec.enabled else None,
                alerted_state=row.alerted_state if row else None,
            )
        )
    return health


def _health_state(enabled: bool, row: Feed | None) -> str:
    if not enabled:
        return "disabled"
    return row.health if row is not None else "new"


@dataclass(frozen=True)
class FeedCheck:
    """What fetching one feed now found (``chidao feeds check``); nothing is stored."""

    url: str
    final_url: str | None
    http_status: int | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    max_age_seconds: int | None
    retry_after_seconds: float | None
    error: str | None
    conditional_status: int | None = None  # status of a repeat request with the validators (304 = they work)
    feed_format: str | None = None
    title: str | None = None
    entry_count: int = 0
    first_titles: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    ttl_seconds: int | None = None
    summary_only_entries: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def check_feed(fetcher: Fetcher, url: str, *, resolve: UrlMap = unchanged_url, titles: int = 5) -> FeedCheck:
    """Fetch and parse ``url`` now, without storing anything, and report what was found.

    When the server sent validators, a second request sends them back: a 304
    answer means polls will be cheap; a 200 means the server ignores them.
    """
    fetch_url = resolve(url)
    result = fetcher.fetch(FetchRequest(url=fetch_url))
    check = FeedCheck(
        url=url,
        final_url=result.final_url if result.final_url not in (None, fetch_url) else None,
        http_status=result.status,
        content_type=result.content_type,
        etag=result.etag,
        last_modified=result.last_modified,
        max_age_seconds=result.max_age_seconds,
        retry_after_seconds=result.retry_after_seconds,
        error=result.error,
    )
    if not result.ok or result.body is None:
        return replace(check, error=result.error or "empty response")
    try:
        parsed = parse_feed(result.body, url=fetch_url, content_type=result.content_type)
    except FeedParseError as exc:
        return replace(check, error=f"not a usable feed: {exc}")
    conditional_status = None
    if result.etag or result.last_modified:
        again = fetcher.fetch(FetchRequest(url=fetch_url, etag=result.etag, last_modified=result.last_modified))
        conditional_status = again.status
    return replace(
        check,
        conditional_status=conditional_status,
        feed_format=parsed.format,
        title=parsed.title,
        entry_count=len(parsed.entries),
        first_titles=tuple(e.title for e in parsed.entries[:titles]),
        warnings=parsed.warnings,
        ttl_seconds=parsed.ttl_seconds,
        summary_only_entries=sum(1 for e in parsed.entries if not e.content_html),
    )
