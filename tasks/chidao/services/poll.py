"""Poll: which sources are due, fetching them, and which of their entries are new or changed.

Stage "poll" of the README's data flow. Fetching goes through ``chidao.adapters.http`` (conditional GETs,
size and time caps, address checks), feed parsing through ``chidao.core.feedparse``, sitemaps and listings
through ``chidao.services.sources``, the schedule through ``chidao.core.schedule``. A poll's outcome and
the feed's health are stored here (``feeds``, ``fetch_log``); the entries go on to the other stages
(``chidao.services.ingest`` runs them in order).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from chidao.adapters.db import Database, Feed, FetchLog
from chidao.adapters.http import Fetcher, FetchRequest, FetchResult, Origin
from chidao.core.feedparse import SALVAGED, FeedEntry, FeedParseError, parse_feed
from chidao.core.feeds import FeedSpec, SourceOptions, UrlMap
from chidao.core.identity import canonical_url
from chidao.core.schedule import next_poll_after_failure, next_poll_after_success
from chidao.services.sources import RobotsRules, SourceRead, SourceView, fetch_robots, read_sources

log = logging.getLogger("chidao.ingest")

# Feed id -> {identity: (content hash, whether its page should be fetched again)}: the entries a feed
# already brought (``chidao.services.dedup.known_entries``), read only for a feed whose body changed.
KnownOf = Callable[[str], dict[str, tuple[str, bool]]]

DEFAULT_INTERVAL = timedelta(minutes=30)


@dataclass
class FeedPoll:
    """What one poll of one feed produced."""

    feed_id: str
    outcome: str  # ok | not_modified | error
    http_status: int | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    entries_seen: int = 0
    new_article_ids: list[int] = field(default_factory=list)
    changed_article_ids: list[int] = field(default_factory=list)
    duplicate_article_ids: list[int] = field(default_factory=list)
    new_entries: int = 0  # entry rows first seen in this poll (duplicates included)


def sync_feeds(db: Database, specs: Sequence[FeedSpec]) -> None:
    """Make the feeds table match the feeds file; feeds no longer listed are disabled, never deleted."""
    listed = {s.id for s in specs}
    with db.session() as session:
        existing = {f.id: f for f in session.scalars(select(Feed))}
        for spec in specs:
            row = existing.get(spec.id)
            if row is None:
                row = Feed(id=spec.id, url=spec.url, consecutive_failures=0)
                session.add(row)
            elif row.url != spec.url or row.kind != spec.kind:
                # A new URL (or a URL read another way) is a new resource: old validators would be wrong.
                row.etag = row.last_modified = None
                row.next_poll_at = None
            row.url = spec.url
            row.title = spec.title
            row.province = spec.province
            row.enabled = spec.enabled
            row.interval_minutes = spec.interval_minutes
            row.expected_period_hours = spec.expected_period_hours
            row.allow_hosts = list(spec.allow_hosts)
            row.kind = spec.kind
            row.source_options = spec.options.to_json() if spec.kind != "feed" else None
        for feed_id, row in existing.items():
            if feed_id not in listed:
                row.enabled = False


def due_feed_ids(db: Database, now: datetime, *, force: bool = False) -> list[str]:
    with db.session() as session:
        feeds = session.scalars(select(Feed).where(Feed.enabled.is_(True)).order_by(Feed.id)).all()
        return [f.id for f in feeds if force or f.next_poll_at is None or f.next_poll_at <= now]


@dataclass(frozen=True)
class FeedView:
    """What polling needs of a feed row, read once before any network I/O."""

    id: str
    url: str
    etag: str | None
    last_modified: str | None
    allow_hosts: tuple[str, ...]
    interval: timedelta
    kind: str = "feed"
    options: SourceOptions = field(default_factory=SourceOptions)


@dataclass(frozen=True)
class Candidate:
    entry: FeedEntry
    link: str | None  # stable (unresolved) canonical link
    page_url: str | None  # resolved URL of the page to fetch for full text, when allowed and needed
    page_refused: str | None  # why the page was not fetched
    lastmod: datetime | None = None  # sitemap lastmod: the published date when the page gives none


@dataclass
class FeedWork:
    feed: FeedView
    result: FetchResult
    poll: FeedPoll
    ttl_seconds: int | None = None
    candidates: list[Candidate] = field(default_factory=list)


class CrawledSource(Protocol):
    """What fetching a source needs of it: a feeds-file entry (``chidao feeds check``) or a feed row's view
    (a poll)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def options(self) -> SourceOptions: ...
    @property
    def allow_hosts(self) -> tuple[str, ...]: ...


SourceT = TypeVar("SourceT", bound=CrawledSource)


def fetch_allowed(
    fetcher: Fetcher, sources: Sequence[SourceT], resolve: UrlMap, request: Callable[[SourceT], FetchRequest]
) -> tuple[list[FetchResult], RobotsRules]:
    """Every source's URL fetched concurrently, robots.txt first for sitemaps and listings: a source its
    host's robots.txt refuses is never requested and gets a failed result that names the refusal."""
    crawled = [s for s in sources if s.kind != "feed"]
    robots = fetch_robots(fetcher, [resolve(s.url) for s in crawled])
    refusals = {s.id: robots.refusal(resolve(s.url)) for s in crawled}
    fetchable = [s for s in sources if not refusals.get(s.id)]
    fetched = dict(zip([s.id for s in fetchable], fetcher.fetch_many([request(s) for s in fetchable]), strict=True))
    results = [fetched.get(s.id) or refused_result(resolve(s.url), refusals[s.id] or "") for s in sources]
    return results, robots


def source_view(source: CrawledSource, resolve: UrlMap) -> SourceView:
    """The sitemap and listing reader's view of a source, whose pages its allowed hosts bound."""
    home = resolve(source.url)
    return SourceView(
        id=source.id,
        kind=source.kind,
        url=home,
        options=source.options,
        allowed_page=lambda url: page_refusal(url, home, source.allow_hosts),
    )


def fetch_sources(
    fetcher: Fetcher, views: Sequence[FeedView], now: datetime, resolve: UrlMap, unresolve: UrlMap
) -> tuple[list[FetchResult], dict[str, SourceRead], RobotsRules]:
    """Fetch every source's URL concurrently (robots.txt first for sitemaps and listings), then read the
    sitemaps and listings, following index children and next pages in shared rounds."""
    results, robots = fetch_allowed(
        fetcher,
        views,
        resolve,
        lambda f: FetchRequest(url=resolve(f.url), etag=f.etag, last_modified=f.last_modified),
    )
    to_read = [(f, r) for f, r in zip(views, results, strict=True) if f.kind != "feed" and r.ok and r.body]
    source_views = [source_view(f, resolve) for f, _r in to_read]
    reads = read_sources(fetcher, source_views, [r for _f, r in to_read], robots, now=now, unresolve=unresolve)
    return results, {v.id: read for v, read in zip(source_views, reads, strict=True)}, robots


def refused_result(url: str, reason: str) -> FetchResult:
    """A request that was never sent (robots.txt forbids it), as a failed fetch."""
    return FetchResult(
        url=url,
        final_url=None,
        status=None,
        body=None,
        content_type=None,
        etag=None,
        last_modified=None,
        not_modified=False,
        retry_after_seconds=None,
        max_age_seconds=None,
        error=reason,
        elapsed_seconds=0.0,
    )


def _interval(feed: Feed) -> timedelta:
    return timedelta(minutes=feed.interval_minutes) if feed.interval_minutes else DEFAULT_INTERVAL


def plan_feed(
    known_of: KnownOf,
    feed: FeedView,
    result: FetchResult,
    resolve: UrlMap,
    unresolve: UrlMap,
    source: SourceRead | None = None,
    robots: RobotsRules | None = None,
) -> FeedWork:
    try:
        if feed.kind != "feed":
            return _plan_source(known_of, feed, result, resolve, unresolve, source, robots)
        return _plan_rss(known_of, feed, result, resolve, unresolve)
    except Exception as exc:  # a parser surprise or DB error on one feed must not stop the others
        log.exception("feed %s: reading the entries failed", feed.id)
        poll = FeedPoll(feed_id=feed.id, outcome="error", http_status=result.status, error=f"reading failed: {exc}")
        return FeedWork(feed, result, poll)


def _plan_rss(known_of: KnownOf, feed: FeedView, result: FetchResult, resolve: UrlMap, unresolve: UrlMap) -> FeedWork:
    """Parse one fetched feed and decide which entries are new or changed and which pages to fetch."""
    if result.not_modified:
        return FeedWork(feed, result, FeedPoll(feed_id=feed.id, outcome="not_modified", http_status=result.status))
    if not result.ok or result.body is None:
        error = result.error or "empty response"
        return FeedWork(
            feed, result, FeedPoll(feed_id=feed.id, outcome="error", http_status=result.status, error=error)
        )
    try:
        # Parsed against the configured URL, not wherever a redirect led this
        # time: relative links and permalink GUIDs must resolve the same way on
        # every poll, or an intermittent redirect would mint new identities.
        parsed = parse_feed(result.body, url=resolve(feed.url), content_type=result.content_type)
    except FeedParseError as exc:
        poll = FeedPoll(feed_id=feed.id, outcome="error", http_status=result.status, error=f"not a usable feed: {exc}")
        return FeedWork(feed, result, poll)
    poll = FeedPoll(
        feed_id=feed.id,
        outcome="ok",
        http_status=result.status,
        warnings=parsed.warnings,
        entries_seen=len(parsed.entries),
    )
    work = FeedWork(feed, result, poll, ttl_seconds=parsed.ttl_seconds)
    _add_candidates(known_of, work, parsed.entries, resolve, unresolve)
    return work


def _add_candidates(
    known_of: KnownOf,
    work: FeedWork,
    entries: Sequence[FeedEntry],
    resolve: UrlMap,
    unresolve: UrlMap,
    *,
    limit: int | None = None,
    robots: RobotsRules | None = None,
    lastmods: dict[str, datetime] | None = None,
) -> None:
    """Queue the new and changed entries (at most ``limit``, in entry order) with the page each needs."""
    feed = work.feed
    known = known_of(feed.id)
    for raw_entry in entries:
        if limit is not None and len(work.candidates) >= limit:
            break
        entry = stable_entry(raw_entry, unresolve)
        known_hash, retry_page = known.get(entry.identity, (None, False))
        if known_hash == entry.content_hash and not retry_page:
            continue
        page_url: str | None = None
        refused: str | None = None
        if entry.link and not entry.content_html:
            resolved = resolve(entry.link)
            refused = page_refusal(resolved, resolve(feed.url), feed.allow_hosts)
            if refused is None and robots is not None:
                refused = robots.refusal(resolved)
            if refused and robots is not None:
                # A sitemap URL or listing link is nothing but its page: without the page there is no article.
                work.poll.warnings = (*work.poll.warnings, f"{entry.link} skipped: {refused}")
                continue
            page_url = None if refused else resolved
        lastmod = (lastmods or {}).get(raw_entry.identity)
        work.candidates.append(Candidate(entry, entry.link, page_url, refused, lastmod))


def _plan_source(
    known_of: KnownOf,
    feed: FeedView,
    result: FetchResult,
    resolve: UrlMap,
    unresolve: UrlMap,
    source: SourceRead | None,
    robots: RobotsRules | None,
) -> FeedWork:
    """A sitemap or listing read by :func:`chidao.services.sources.read_sources`: its entries go the feeds'
    way, the newest ``max_per_poll`` new ones a poll; their pages are fetched only where robots.txt allows."""
    if result.not_modified:
        return FeedWork(feed, result, FeedPoll(feed_id=feed.id, outcome="not_modified", http_status=result.status))
    error = (source.error if source is not None else None) or result.error or (None if source else "empty response")
    if error is not None or source is None:
        poll = FeedPoll(feed_id=feed.id, outcome="error", http_status=result.status, error=error)
        return FeedWork(feed, result, poll)
    poll = FeedPoll(
        feed_id=feed.id,
        outcome="ok",
        http_status=result.status,
        warnings=tuple(source.warnings),
        entries_seen=len(source.entries),
    )
    work = FeedWork(feed, result, poll)
    _add_candidates(
        known_of,
        work,
        source.entries,
        resolve,
        unresolve,
        limit=feed.options.max_per_poll,
        robots=robots,
        lastmods=source.lastmods,
    )
    return work


def stable_entry(entry: FeedEntry, unresolve: UrlMap) -> FeedEntry:
    """The entry with its link, GUID and identity mapped back to their stored form.

    With the bundled samples, ``http://127.0.0.1:41234/articles/a.html``
    becomes ``sample://articles/a.html``: the port changes every run, the
    identity must not.  Other URLs pass through unchanged.
    """
    link = canonical_url(unresolve(entry.link)) if entry.link else None
    guid = unresolve(entry.guid) if entry.guid else None
    if entry.identity.startswith("guid:") and guid:
        identity = f"guid:{guid}"
    elif entry.identity.startswith("link:") and link:
        identity = f"link:{link}"
    else:
        identity = entry.identity
    return replace(entry, link=link, guid=guid, identity=identity)


def _site(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def page_refusal(page_url: str, feed_url: str, allow_hosts: Sequence[str]) -> str | None:
    """Why an entry's page may not be fetched, or None when it may.

    Pages come only over http(s) from the feed's own site (``www.`` ignored,
    subdomains included) or from a host listed in the feed's ``allow_hosts``:
    a feed cannot make chidao fetch arbitrary addresses. Examples, feed
    ``https://baoxyz.vn/rss``::

        https://www.baoxyz.vn/tin-a.html      -> None
        https://media.baoxyz.vn/tin-a.html    -> None
        https://other.vn/tin-a.html           -> "page host 'other.vn' is not the feed's host ..."
        ftp://baoxyz.vn/a                     -> "page URL scheme 'ftp' is not http(s)"

    The port counts (#15): a feed on one port cannot send chidao to another port of its host.
    """
    page = Origin.of(page_url)
    feed = Origin.of(feed_url)
    if page is None:
        scheme = page_url.partition(":")[0] if ":" in page_url else ""
        if scheme.lower() not in ("http", "https"):
            return f"page URL scheme '{scheme}' is not http(s)"
        return "page URL is not valid"
    allowed = [*((feed,) if feed else ()), *(o for h in allow_hosts for o in Origin.of_host(h))]
    if page.within(allowed, subdomains=True):
        return None
    host = page.host if page.default_port else f"{page.host}:{page.port}"
    return f"page host '{host}' is not the feed's host and not in its allow_hosts"


def record_success(
    db: Database, feed_view: FeedView, poll: FeedPoll, now: datetime, result: FetchResult, ttl: int | None
) -> None:
    with db.session() as session:
        feed = session.get_one(Feed, feed_view.id)
        if result.etag or result.last_modified or not result.not_modified:
            feed.etag = result.etag
            feed.last_modified = result.last_modified
        feed.last_polled_at = now
        feed.last_success_at = now
        if poll.outcome == "ok":
            feed.last_entries_seen = poll.entries_seen
        feed.consecutive_failures = 0
        feed.failing_since = None
        # A feed read only by salvaging a broken body is not "ok": its health says so until a clean poll.
        feed.last_error = next((w for w in poll.warnings if w.startswith(SALVAGED)), None)
        if poll.new_entries:
            feed.last_new_entry_at = now
        feed.next_poll_at = next_poll_after_success(
            now,
            feed_view.interval,
            ttl_seconds=ttl,
            max_age_seconds=result.max_age_seconds,
            retry_after_seconds=result.retry_after_seconds,
        )
        _log_fetch(session, feed.id, poll, now, result)


def record_failure(db: Database, feed_view: FeedView, poll: FeedPoll, now: datetime, result: FetchResult) -> None:
    with db.session() as session:
        feed = session.get_one(Feed, feed_view.id)
        feed.last_polled_at = now
        feed.consecutive_failures = (feed.consecutive_failures or 0) + 1
        feed.failing_since = feed.failing_since or now
        feed.last_error = poll.error
        feed.next_poll_at = next_poll_after_failure(
            now,
            feed_view.interval,
            feed.consecutive_failures,
            retry_after_seconds=result.retry_after_seconds,
        )
        _log_fetch(session, feed.id, poll, now, result)


def _log_fetch(session: Session, feed_id: str, poll: FeedPoll, now: datetime, result: FetchResult) -> None:
    session.add(
        FetchLog(
            feed_id=feed_id,
            started_at=now,
            http_status=result.status,
            outcome=poll.outcome,
            error=poll.error,
            warnings=list(poll.warnings),
            entries_seen=poll.entries_seen,
            entries_new=poll.new_entries,
            elapsed_ms=int(result.elapsed_seconds * 1000),
        )
    )


def feed_views(db: Database, feed_ids: Sequence[str]) -> list[FeedView]:
    """What polling needs of the given feeds, in the given order, read once before any network I/O."""
    with db.session() as session:
        rows = {f.id: f for f in session.scalars(select(Feed).where(Feed.id.in_(feed_ids)))}
        return [
            FeedView(
                id=row.id,
                url=row.url,
                etag=row.etag,
                last_modified=row.last_modified,
                allow_hosts=tuple(row.allow_hosts or ()),
                interval=_interval(row),
                kind=row.kind or "feed",
                options=SourceOptions.from_json(row.source_options),
            )
            for row in (rows[i] for i in feed_ids if i in rows)
        ]
