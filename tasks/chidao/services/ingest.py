"""Ingest: one pass over the due feeds, stage by stage: poll, dedup, article text, store the articles.

Each stage has its module (``poll``, ``dedup``, ``article_text``; the README's data-flow table) and none
imports another: this module runs them in order and writes the ``articles`` rows. Each entry and each
feed's health is stored in its own transaction, so one broken feed never costs another feed's entries.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from chidao.adapters.db import Article, Database, utcnow
from chidao.adapters.http import Fetcher, FetchRequest, FetchResult
from chidao.core.feeds import UrlMap, unchanged_url
from chidao.core.identity import to_signed64
from chidao.services.article_text import ArticleText, PageSource, article_text
from chidao.services.dedup import RecentFingerprints, duplicate_fingerprint, known_entries, record_entry
from chidao.services.poll import (
    Candidate,
    FeedPoll,
    FeedView,
    FeedWork,
    feed_views,
    fetch_sources,
    plan_feed,
    record_failure,
    record_success,
)

log = logging.getLogger("chidao.ingest")


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
    when = now or utcnow()
    views = feed_views(db, feed_ids)
    results, sources, robots = fetch_sources(fetcher, views, when, resolve, unresolve)
    works = [
        plan_feed(
            lambda feed_id: known_entries(db, feed_id, when),
            feed,
            result,
            resolve,
            unresolve,
            sources.get(feed.id),
            robots,
        )
        for feed, result in zip(views, results, strict=True)
    ]
    pages = _fetch_pages(fetcher, works)
    summary = IngestSummary()
    recent = RecentFingerprints(db, when)
    for work in works:
        _store_feed(db, work, pages, when, recent)
        summary.polls.append(work.poll)
    return summary


PageKey = tuple[str, tuple[str, ...]]


def _fetch_pages(fetcher: Fetcher, works: Sequence[FeedWork]) -> dict[PageKey, FetchResult]:
    """Every candidate's article page, all feeds at once; allow_hosts also bounds where a page may redirect
    (checked by the fetcher hop by hop)."""
    keys = sorted({(c.page_url, w.feed.allow_hosts) for w in works for c in w.candidates if c.page_url is not None})
    requests = [FetchRequest(url=url, allow_hosts=hosts) for url, hosts in keys]
    return dict(zip(keys, fetcher.fetch_many(requests), strict=True))


def _store_feed(
    db: Database, work: FeedWork, pages: dict[PageKey, FetchResult], now: datetime, recent: RecentFingerprints
) -> None:
    """Store one feed's entries and its poll outcome; a failure here fails this feed only."""
    try:
        if work.poll.outcome == "error":
            record_failure(db, work.feed, work.poll, now, work.result)
            return
        for candidate in work.candidates:
            page = pages.get((candidate.page_url, work.feed.allow_hosts)) if candidate.page_url else None
            _store_one_entry(db, work.feed, candidate, page, work.poll, now, recent)
        record_success(db, work.feed, work.poll, now, work.result, ttl=work.ttl_seconds)
    except Exception as exc:  # a bug or DB error on one feed must not stop the others
        log.exception("feed %s: storing failed", work.feed.id)
        work.poll = FeedPoll(feed_id=work.feed.id, outcome="error", error=f"storing failed: {exc}")
        record_failure(db, work.feed, work.poll, now, work.result)


def _store_one_entry(
    db: Database,
    feed: FeedView,
    candidate: Candidate,
    page: FetchResult | None,
    poll: FeedPoll,
    now: datetime,
    recent: RecentFingerprints,
) -> None:
    """One entry: its article (new, changed or a near-duplicate of a recent one) and its entry row."""
    source = PageSource(feed.kind, candidate.entry, candidate.link, page, candidate.page_refused, candidate.lastmod)
    found = article_text(source)
    url = candidate.link or f"entry:{feed.id}:{candidate.entry.identity}"
    fingerprint = duplicate_fingerprint(found.text)
    stored_fingerprint: tuple[int, int, int | None] | None = None
    with db.session() as session:
        article = session.scalars(select(Article).where(Article.canonical_url == url)).one_or_none()
        if article is None:
            duplicate_of = recent.original_of(fingerprint) if fingerprint is not None else None
            article = _new_article(url, feed.id, found, fingerprint, duplicate_of, now)
            session.add(article)
            session.flush()
            if fingerprint is not None:
                stored_fingerprint = (article.id, fingerprint, duplicate_of)
            (poll.duplicate_article_ids if duplicate_of else poll.new_article_ids).append(article.id)
        elif article.content_hash != found.content_hash and article.feed_id in (feed.id, None):
            # Only the feed that first brought an article edits it: another feed
            # carrying the same URL (often only a summary) must not flip its text.
            _update_article(article, found, fingerprint)
            if article.state != "duplicate":
                article.state = "pending"
                poll.changed_article_ids.append(article.id)
        if record_entry(session, feed.id, candidate.entry, candidate.link, article.id, now):
            poll.new_entries += 1
    if stored_fingerprint is not None:  # committed: later articles may now be linked to it
        recent.add(*stored_fingerprint)


def _new_article(
    url: str, feed_id: str, found: ArticleText, fingerprint: int | None, duplicate_of: int | None, now: datetime
) -> Article:
    return Article(
        canonical_url=url,
        feed_id=feed_id,
        title=found.title,
        raw_text=found.raw_text,
        text=found.text,
        content_hash=found.content_hash,
        html_hash=found.html_hash,
        fingerprint=to_signed64(fingerprint) if fingerprint is not None else None,
        duplicate_of_id=duplicate_of,
        entry_published=found.published,
        page_meta=found.provenance,
        state="duplicate" if duplicate_of else "pending",
        fetch_error=found.fetch_error,
        created_at=now,
    )


def _update_article(article: Article, found: ArticleText, fingerprint: int | None) -> None:
    article.title = found.title
    article.raw_text = found.raw_text
    article.text = found.text
    article.content_hash = found.content_hash
    article.html_hash = found.html_hash
    article.fingerprint = to_signed64(fingerprint) if fingerprint is not None else None
    article.entry_published = found.published or article.entry_published
    article.page_meta = found.provenance
    article.fetch_error = found.fetch_error
