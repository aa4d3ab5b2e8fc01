"""Ingest: poll due feeds, store new and changed entries as articles.

Decisions (identity, parsing, scheduling) live in the pure core; this module
only moves data between the fetcher and the database. Each entry and each
feed's health is stored in its own transaction, so one broken feed never costs
another feed's entries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from chidao.adapters.db import Article, Database, Feed, FeedEntryRow, FetchLog, utcnow
from chidao.adapters.http import Fetcher, FetchRequest, FetchResult, Origin
from chidao.core.feedparse import SALVAGED, FeedEntry, FeedParseError, parse_feed
from chidao.core.feeds import FeedSpec, SourceOptions
from chidao.core.html import extract_main_text
from chidao.core.identity import (
    canonical_url,
    content_hash,
    fingerprint_syllables,
    from_signed64,
    is_near_duplicate,
    text_fingerprint,
    to_signed64,
)
from chidao.core.messages import render_alert
from chidao.core.pagemeta import PageMeta, page_metadata
from chidao.core.schedule import next_poll_after_failure, next_poll_after_success
from chidao.core.text import normalize_text
from chidao.services.outbox import enqueue
from chidao.services.sources import RobotsRules, SourceRead, SourceView, fetch_robots, read_sources

log = logging.getLogger("chidao.ingest")

DEFAULT_INTERVAL = timedelta(minutes=30)
NEAR_DUPLICATE_WINDOW = timedelta(days=30)
# A copy republished with an extra "Tin liên quan" block is up to ~9 bits away;
# unrelated articles are 18+ bits apart: 8 links copies and nothing else.
DUPLICATE_MAX_DISTANCE = 8
MIN_DUPLICATE_SYLLABLES = 40
PAGE_FETCH_FAILED = "page fetch failed: "
PAGE_RETRY_WINDOW = timedelta(days=2)
UrlMap = Callable[[str], str]


def unchanged_url(url: str) -> str:
    return url


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


@dataclass
class IngestSummary:
    polls: list[FeedPoll] = field(default_factory=list)

    @property
    def polled(self) -> int:
        return len(self.polls)

    @property
    def failed(self) -> int:
        return sum(p.outcome == "error" for p in self.polls)

    @property
    def stored_article_ids(self) -> list[int]:
        """Articles that need processing: new and changed (not near-duplicates)."""
        return [i for p in self.polls for i in (*p.new_article_ids, *p.changed_article_ids)]

    @property
    def new_articles(self) -> int:
        return sum(len(p.new_article_ids) for p in self.polls)


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
class _FeedView:
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
class _Candidate:
    entry: FeedEntry
    link: str | None  # stable (unresolved) canonical link
    page_url: str | None  # resolved URL of the page to fetch for full text, when allowed and needed
    page_refused: str | None  # why the page was not fetched
    lastmod: datetime | None = None  # sitemap lastmod: the published date when the page gives none


@dataclass
class _FeedWork:
    feed: _FeedView
    result: FetchResult
    poll: FeedPoll
    ttl_seconds: int | None = None
    candidates: list[_Candidate] = field(default_factory=list)


def poll_feeds(
    db: Database,
    fetcher: Fetcher,
    feed_ids: Sequence[str],
    *,
    now: datetime | None = None,
    resolve: UrlMap = unchanged_url,
    unresolve: UrlMap = unchanged_url,
) -> IngestSummary:
    """Fetch the given feeds concurrently, then the article pages of all of them concurrently,
    then store each feed's entries in its own transaction.

    Fetching every feed first and every page second means a slow portal costs
    its own time only: the others' feeds and pages are fetched alongside it.
    ``resolve``/``unresolve`` map stored URLs (``sample://``) to fetchable ones
    and back, so identities never contain a loopback port.
    """
    now = now or utcnow()
    with db.session() as session:
        rows = {f.id: f for f in session.scalars(select(Feed).where(Feed.id.in_(feed_ids)))}
        views = [
            _FeedView(
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
    results, sources, robots = _fetch_sources(fetcher, views, now, resolve, unresolve)
    works = [
        _plan_feed_safely(db, feed, result, now, resolve, unresolve, sources.get(feed.id), robots)
        for feed, result in zip(views, results, strict=True)
    ]
    # allow_hosts also bounds where a page may redirect (checked by the fetcher hop by hop).
    page_keys = sorted(
        {(c.page_url, w.feed.allow_hosts) for w in works for c in w.candidates if c.page_url is not None}
    )
    page_requests = [FetchRequest(url=url, allow_hosts=hosts) for url, hosts in page_keys]
    pages = dict(zip(page_keys, fetcher.fetch_many(page_requests), strict=True))
    summary = IngestSummary()
    recent = _RecentFingerprints(db, now)
    for work in works:
        try:
            if work.poll.outcome == "error":
                _record_failure(db, work.feed, work.poll, now, work.result)
            else:
                for candidate in work.candidates:
                    page = pages.get((candidate.page_url, work.feed.allow_hosts)) if candidate.page_url else None
                    _store_one_entry(db, work.feed, candidate, page, work.poll, now, recent)
                _record_success(db, work.feed, work.poll, now, work.result, ttl=work.ttl_seconds)
        except Exception as exc:  # a bug or DB error on one feed must not stop the others
            log.exception("feed %s: storing failed", work.feed.id)
            work.poll = FeedPoll(feed_id=work.feed.id, outcome="error", error=f"storing failed: {exc}")
            _record_failure(db, work.feed, work.poll, now, work.result)
        summary.polls.append(work.poll)
    return summary


def _fetch_sources(
    fetcher: Fetcher, views: Sequence[_FeedView], now: datetime, resolve: UrlMap, unresolve: UrlMap
) -> tuple[list[FetchResult], dict[str, SourceRead], RobotsRules]:
    """Fetch every source's URL concurrently (robots.txt first for sitemaps and listings), then read the
    sitemaps and listings, following index children and next pages in shared rounds."""
    crawled = [f for f in views if f.kind != "feed"]
    robots = fetch_robots(fetcher, [resolve(f.url) for f in crawled])
    refusals = {f.id: robots.refusal(resolve(f.url)) for f in crawled}
    fetchable = [f for f in views if not refusals.get(f.id)]
    requests = [FetchRequest(url=resolve(f.url), etag=f.etag, last_modified=f.last_modified) for f in fetchable]
    fetched = dict(zip([f.id for f in fetchable], fetcher.fetch_many(requests), strict=True))
    results = [fetched.get(f.id) or refused_result(resolve(f.url), refusals[f.id] or "") for f in views]
    to_read = [(f, r) for f, r in zip(views, results, strict=True) if f.kind != "feed" and r.ok and r.body]
    source_views = [
        SourceView(
            id=f.id,
            kind=f.kind,
            url=resolve(f.url),
            options=f.options,
            allowed_page=lambda url, f=f: page_refusal(url, resolve(f.url), f.allow_hosts),  # type: ignore[misc]
        )
        for f, _r in to_read
    ]
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


def _plan_feed_safely(
    db: Database,
    feed: _FeedView,
    result: FetchResult,
    now: datetime,
    resolve: UrlMap,
    unresolve: UrlMap,
    source: SourceRead | None = None,
    robots: RobotsRules | None = None,
) -> _FeedWork:
    try:
        if feed.kind != "feed":
            return _plan_source(db, feed, result, now, resolve, unresolve, source, robots)
        return _plan_feed(db, feed, result, now, resolve, unresolve)
    except Exception as exc:  # a parser surprise or DB error on one feed must not stop the others
        log.exception("feed %s: reading the entries failed", feed.id)
        poll = FeedPoll(feed_id=feed.id, outcome="error", http_status=result.status, error=f"reading failed: {exc}")
        return _FeedWork(feed, result, poll)


def _plan_feed(
    db: Database, feed: _FeedView, result: FetchResult, now: datetime, resolve: UrlMap, unresolve: UrlMap
) -> _FeedWork:
    """Parse one fetched feed and decide which entries are new or changed and which pages to fetch."""
    if result.not_modified:
        return _FeedWork(feed, result, FeedPoll(feed_id=feed.id, outcome="not_modified", http_status=result.status))
    if not result.ok or result.body is None:
        error = result.error or "empty response"
        return _FeedWork(
            feed, result, FeedPoll(feed_id=feed.id, outcome="error", http_status=result.status, error=error)
        )
    try:
        # Parsed against the configured URL, not wherever a redirect led this
        # time: relative links and permalink GUIDs must resolve the same way on
        # every poll, or an intermittent redirect would mint new identities.
        parsed = parse_feed(result.body, url=resolve(feed.url), content_type=result.content_type)
    except FeedParseError as exc:
        poll = FeedPoll(feed_id=feed.id, outcome="error", http_status=result.status, error=f"not a usable feed: {exc}")
        return _FeedWork(feed, result, poll)
    poll = FeedPoll(
        feed_id=feed.id,
        outcome="ok",
        http_status=result.status,
        warnings=parsed.warnings,
        entries_seen=len(parsed.entries),
    )
    work = _FeedWork(feed, result, poll, ttl_seconds=parsed.ttl_seconds)
    _add_candidates(db, work, parsed.entries, now, resolve, unresolve)
    return work


def _add_candidates(
    db: Database,
    work: _FeedWork,
    entries: Sequence[FeedEntry],
    now: datetime,
    resolve: UrlMap,
    unresolve: UrlMap,
    *,
    limit: int | None = None,
    robots: RobotsRules | None = None,
    lastmods: dict[str, datetime] | None = None,
) -> None:
    """Queue the new and changed entries (at most ``limit``, in entry order) with the page each needs."""
    feed = work.feed
    known = _known_entries(db, feed.id, now)
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
        work.candidates.append(_Candidate(entry, entry.link, page_url, refused, lastmod))


def _plan_source(
    db: Database,
    feed: _FeedView,
    result: FetchResult,
    now: datetime,
    resolve: UrlMap,
    unresolve: UrlMap,
    source: SourceRead | None,
    robots: RobotsRules | None,
) -> _FeedWork:
    """A sitemap or listing read by :func:`chidao.services.sources.read_sources`: its entries go the feeds'
    way, the newest ``max_per_poll`` new ones a poll; their pages are fetched only where robots.txt allows."""
    if result.not_modified:
        return _FeedWork(feed, result, FeedPoll(feed_id=feed.id, outcome="not_modified", http_status=result.status))
    error = (source.error if source is not None else None) or result.error or (None if source else "empty response")
    if error is not None or source is None:
        poll = FeedPoll(feed_id=feed.id, outcome="error", http_status=result.status, error=error)
        return _FeedWork(feed, result, poll)
    poll = FeedPoll(
        feed_id=feed.id,
        outcome="ok",
        http_status=result.status,
        warnings=tuple(source.warnings),
        entries_seen=len(source.entries),
    )
    work = _FeedWork(feed, result, poll)
    _add_candidates(
        db,
        work,
        source.entries,
        now,
        resolve,
        unresolve,
        limit=feed.options.max_per_poll,
        robots=robots,
        lastmods=source.lastmods,
    )
    return work


def _known_entries(db: Database, feed_id: str, now: datetime) -> dict[str, tuple[str, bool]]:
    """Identity -> (content hash, whether its page should be fetched again) for the feed's stored entries.

    A page that failed to load (timeout, HTTP 503) left a summary-only article;
    it is tried again on the next polls for :data:`PAGE_RETRY_WINDOW`, because
    the directive is usually in the full text, not in the summary.
    """
    with db.session() as session:
        rows = session.execute(
            select(
                FeedEntryRow.identity,
                FeedEntryRow.content_hash,
                Article.fetch_error,
                Article.feed_id,
                Article.created_at,
            )
            .outerjoin(Article, Article.id == FeedEntryRow.article_id)
            .where(FeedEntryRow.feed_id == feed_id)
        ).all()
    since = now - PAGE_RETRY_WINDOW
    return {
        identity: (
            entry_hash,
            bool(
                fetch_error
                and fetch_error.startswith(PAGE_FETCH_FAILED)
                and article_feed == feed_id
                and created_at is not None
                and created_at >= since
            ),
        )
        for identity, entry_hash, fetch_error, article_feed, created_at in rows
    }


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


def _record_success(
    db: Database, feed_view: _FeedView, poll: FeedPoll, now: datetime, result: FetchResult, ttl: int | None
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


def _record_failure(db: Database, feed_view: _FeedView, poll: FeedPoll, now: datetime, result: FetchResult) -> None:
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


def _article_text(candidate: _Candidate, page: FetchResult | None) -> tuple[str, str | None, str | None]:
    """(text, html hash, fetch error) from the feed's content, else the page, else the summary."""
    entry = candidate.entry
    if entry.content_html:
        text = extract_main_text(entry.content_html, url=candidate.link)
        return (text or entry.summary, content_hash(entry.content_html), None)
    if page is not None and page.ok and page.body:
        text = extract_main_text(page.body, url=candidate.link)
        if text:
            return text, content_hash(page.body.decode("utf-8", "replace")), None
        return (
            entry.summary,
            content_hash(page.body.decode("utf-8", "replace")),
            "no article text in the page",
        )
    if candidate.page_refused:
        return entry.summary, None, candidate.page_refused
    if page is not None and page.error:
        return entry.summary, None, PAGE_FETCH_FAILED + page.error
    return entry.summary, None, "no link to fetch" if not candidate.link else None


def _store_one_entry(
    db: Database,
    feed: _FeedView,
    candidate: _Candidate,
    page: FetchResult | None,
    poll: FeedPoll,
    now: datetime,
    recent: _RecentFingerprints,
) -> None:
    entry = candidate.entry
    text, html_hash, fetch_error = _article_text(candidate, page)
    meta = page_metadata(page.body, url=candidate.link) if page is not None and page.ok and page.body else PageMeta()
    if not text.strip() and meta.lead is not None:  # a listing link whose page has no article body
        text = meta.lead.value
    text = normalize_text(text)
    title, published, provenance = entry_metadata(feed.kind, candidate, meta)
    raw_text = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    body_hash = content_hash(raw_text)
    url = candidate.link or f"entry:{feed.id}:{entry.identity}"
    fingerprint = duplicate_fingerprint(text)
    stored_fingerprint: tuple[int, int, int | None] | None = None
    with db.session() as session:
        article = session.scalars(select(Article).where(Article.canonical_url == url)).one_or_none()
        if article is None:
            duplicate_of = recent.original_of(fingerprint) if fingerprint is not None else None
            article = Article(
                canonical_url=url,
                feed_id=feed.id,
                title=title,
                raw_text=raw_text,
                text=text,
                content_hash=body_hash,
                html_hash=html_hash,
                fingerprint=to_signed64(fingerprint) if fingerprint is not None else None,
                duplicate_of_id=duplicate_of,
                entry_published=published,
                page_meta=provenance,
                state="duplicate" if duplicate_of else "pending",
                fetch_error=fetch_error,
                created_at=now,
            )
            session.add(article)
            session.flush()
            if fingerprint is not None:
                stored_fingerprint = (article.id, fingerprint, duplicate_of)
            (poll.duplicate_article_ids if duplicate_of else poll.new_article_ids).append(article.id)
        elif article.content_hash != body_hash and article.feed_id in (feed.id, None):
            # Only the feed that first brought an article edits it: another feed
            # carrying the same URL (often only a summary) must not flip its text.
            article.title = title
            article.raw_text = raw_text
            article.text = text
            article.content_hash = body_hash
            article.html_hash = html_hash
            article.fingerprint = to_signed64(fingerprint) if fingerprint is not None else None
            article.entry_published = published or article.entry_published
            article.page_meta = provenance
            article.fetch_error = fetch_error
            if article.state != "duplicate":
                article.state = "pending"
                poll.changed_article_ids.append(article.id)
        row = session.scalars(
            select(FeedEntryRow).where(FeedEntryRow.feed_id == feed.id, FeedEntryRow.identity == entry.identity)
        ).one_or_none()
        if row is None and candidate.link:
            # A GUID that changes on every poll (#15): the same link with the same content is the same entry,
            # so its row takes the new identity instead of the feed growing a row per poll.
            row = session.scalars(
                select(FeedEntryRow).where(
                    FeedEntryRow.feed_id == feed.id,
                    FeedEntryRow.link == candidate.link,
                    FeedEntryRow.content_hash == entry.content_hash,
                )
            ).first()
            if row is not None:
                row.identity = entry.identity
        if row is None:
            poll.new_entries += 1
            session.add(
                FeedEntryRow(
                    feed_id=feed.id,
                    identity=entry.identity,
                    link=candidate.link,
                    content_hash=entry.content_hash,
                    article_id=article.id,
                    first_seen_at=now,
                    updated_at=now,
                )
            )
        else:
            row.content_hash = entry.content_hash
            row.article_id = article.id
            row.updated_at = now
    if stored_fingerprint is not None:  # committed: later articles may now be linked to it
        recent.add(*stored_fingerprint)


def entry_metadata(
    kind: str, candidate: _Candidate, meta: PageMeta
) -> tuple[str | None, datetime | None, dict[str, dict[str, str]]]:
    """(title, published, provenance): the entry's own fields first (the feed's pubDate, a Google News
    sitemap's publication date, a listing link's text), then the page's metadata, then a sitemap's lastmod.

    Provenance is stored on the article: ``{"published": {"value": "...", "source": "feed"}, ...}``.
    """
    entry = candidate.entry
    found = meta.to_json()
    provenance: dict[str, dict[str, str]] = {}
    title = normalize_text(entry.title) if entry.title else None
    if title:
        provenance["title"] = {"value": title, "source": kind}
    elif "title" in found:
        title = normalize_text(found["title"]["value"])
        provenance["title"] = {"value": title, "source": f"page:{found['title']['source']}"}
    published = entry.published
    if published is not None:
        provenance["published"] = {"value": published.isoformat(), "source": kind}
    elif meta.published_at is not None:
        published = meta.published_at
        provenance["published"] = {
            "value": found["published"]["value"],
            "source": f"page:{found['published']['source']}",
        }
    elif candidate.lastmod is not None:
        published = candidate.lastmod
        provenance["published"] = {"value": published.isoformat(), "source": "sitemap:lastmod"}
    if entry.summary:
        provenance["lead"] = {"value": normalize_text(entry.summary)[:600], "source": kind}
    elif "lead" in found:
        provenance["lead"] = {"value": found["lead"]["value"], "source": f"page:{found['lead']['source']}"}
    return title, published, provenance


def duplicate_fingerprint(text: str) -> int | None:
    """SimHash of ``text`` when it is long enough to be compared, else None.

    A two-line summary ("UBND tỉnh họp thường kỳ tháng 9") is too short: two
    different meetings would look alike.
    """
    if len(fingerprint_syllables(text)) < MIN_DUPLICATE_SYLLABLES:
        return None
    return text_fingerprint(text)


class _RecentFingerprints:
    """Fingerprints of the recent articles, read once per poll (not once per new article) and kept
    up to date as articles are stored, so that two feeds carrying one story in the same poll are linked too."""

    def __init__(self, db: Database, now: datetime) -> None:
        self._db = db
        self._since = now - NEAR_DUPLICATE_WINDOW
        self._entries: list[tuple[int, int, int | None]] | None = None

    def _loaded(self) -> list[tuple[int, int, int | None]]:
        if self._entries is None:
            with self._db.session() as session:
                rows = session.execute(
                    select(Article.id, Article.fingerprint, Article.duplicate_of_id)
                    .where(Article.fingerprint.is_not(None), Article.created_at >= self._since)
                    .order_by(Article.id)
                ).all()
            self._entries = [(int(i), from_signed64(f), d) for i, f, d in rows if f is not None]
        return self._entries

    def original_of(self, fingerprint: int) -> int | None:
        """The earliest recent article with (almost) the same text: portal and newspaper publishing one story."""
        for article_id, stored, duplicate_of in self._loaded():
            if is_near_duplicate(stored, fingerprint, DUPLICATE_MAX_DISTANCE):
                return int(duplicate_of or article_id)
        return None

    def add(self, article_id: int, fingerprint: int, duplicate_of: int | None) -> None:
        self._loaded().append((article_id, fingerprint, duplicate_of))


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
