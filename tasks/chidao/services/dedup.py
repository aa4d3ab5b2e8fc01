"""Dedup: which entries a feed already brought, and which new article is a copy of a recent one.

Stage "dedup" of the README's data flow. An entry is known by its identity (GUID, else canonical link,
else content hash: ``chidao.core.identity``), one ``feed_entries`` row per feed and identity; an entry whose
identity and content hash are both known is skipped before its page is fetched. A new article whose
SimHash fingerprint is within a few bits of a recent article's is stored as a duplicate of it (a portal
and a newspaper publishing one story).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from chidao.adapters.db import Article, Database, FeedEntryRow
from chidao.core.feedparse import FeedEntry
from chidao.core.html import PAGE_FETCH_FAILED
from chidao.core.identity import fingerprint_syllables, from_signed64, is_near_duplicate, text_fingerprint

NEAR_DUPLICATE_WINDOW = timedelta(days=30)
# A copy republished with an extra "Tin liên quan" block is up to ~9 bits away;
# unrelated articles are 18+ bits apart: 8 links copies and nothing else.
DUPLICATE_MAX_DISTANCE = 8
MIN_DUPLICATE_SYLLABLES = 40
PAGE_RETRY_WINDOW = timedelta(days=2)

# Identity -> (content hash, whether its page should be fetched again).
KnownEntries = dict[str, tuple[str, bool]]


def known_entries(db: Database, feed_id: str, now: datetime) -> KnownEntries:
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


def record_entry(
    session: Session, feed_id: str, entry: FeedEntry, link: str | None, article_id: int, now: datetime
) -> bool:
    """Remember that ``feed_id`` brought ``entry`` (stored as ``article_id``); True when it is a new entry row."""
    row = session.scalars(
        select(FeedEntryRow).where(FeedEntryRow.feed_id == feed_id, FeedEntryRow.identity == entry.identity)
    ).one_or_none()
    if row is None and link:
        # A GUID that changes on every poll (#15): the same link with the same content is the same entry,
        # so its row takes the new identity instead of the feed growing a row per poll.
        row = session.scalars(
            select(FeedEntryRow).where(
                FeedEntryRow.feed_id == feed_id,
                FeedEntryRow.link == link,
                FeedEntryRow.content_hash == entry.content_hash,
            )
        ).first()
        if row is not None:
            row.identity = entry.identity
    if row is None:
        session.add(
            FeedEntryRow(
                feed_id=feed_id,
                identity=entry.identity,
                link=link,
                content_hash=entry.content_hash,
                article_id=article_id,
                first_seen_at=now,
                updated_at=now,
            )
        )
        return True
    row.content_hash = entry.content_hash
    row.article_id = article_id
    row.updated_at = now
    return False


def duplicate_fingerprint(text: str) -> int | None:
    """SimHash of ``text`` when it is long enough to be compared, else None.

    A two-line summary ("UBND tỉnh họp thường kỳ tháng 9") is too short: two
    different meetings would look alike.
    """
    if len(fingerprint_syllables(text)) < MIN_DUPLICATE_SYLLABLES:
        return None
    return text_fingerprint(text)


class RecentFingerprints:
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
