"""Process: analyse stored articles (clean, classify, extract) and store their items and outbox rows.

The analysis (spaCy) runs outside any database transaction: the article is read in one short
transaction, analysed, then its items and the notifications that announce them are written in a second
one, so a crash can lose neither one without the other. An article whose text changed in between (a poll
stored an edit) is left pending for the next run. Items are keyed per article by their normalised text:
reprocessing an article (a re-run, or an edited entry) updates items instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chidao.adapters.db import Article, Database, Feed, FollowUpItem
from chidao.core.clustering import UpdateCues
from chidao.core.models import ArticleAnalysis
from chidao.core.routing import RouteContext, RoutingRules
from chidao.nlp.analyze import TextAnalyzer
from chidao.services.outbox import enqueue, notice_for, notice_to_payload
from chidao.services.store import apply_article_updates, item_key, link_or_create_item, mark_stale, refresh_item

log = logging.getLogger("chidao.process")

PROCESSABLE_STATES = ("pending", "processed", "failed")


@dataclass
class ProcessSummary:
    processed_article_ids: list[int] = field(default_factory=list)
    failed_article_ids: list[int] = field(default_factory=list)
    new_item_ids: list[int] = field(default_factory=list)
    notifications_queued: int = 0
    changed_meanwhile: list[int] = field(default_factory=list)  # left pending: edited while analysed


@dataclass(frozen=True)
class _Source:
    """What the analysis needs of an article, read in a short transaction of its own."""

    article_id: int
    raw_text: str
    content_hash: str
    feed_province: str | None
    entry_published: date | None


def pending_article_ids(db: Database, limit: int | None = None) -> list[int]:
    with db.session() as session:
        query = select(Article.id).where(Article.state == "pending").order_by(Article.id)
        if limit:
            query = query.limit(limit)
        return list(session.scalars(query))


def process_articles(
    db: Database,
    analyzer: TextAnalyzer,
    routing: RoutingRules,
    article_ids: Sequence[int],
    *,
    today: date | None = None,
) -> ProcessSummary:
    summary = ProcessSummary()
    today = today or date.today()
    for article_id in article_ids:
        try:
            source = _read_source(db, article_id)
            if source is None:
                continue
            analysis = analyzer.analyze(
                source.raw_text, feed_province=source.feed_province, entry_published=source.entry_published
            )
            with db.session() as session:
                stored = _store_analysis(session, routing, analyzer.update_cues, source, analysis, today)
            if stored is None:
                summary.changed_meanwhile.append(article_id)
                continue
            summary.processed_article_ids.append(article_id)
            summary.new_item_ids.extend(stored[0])
            summary.notifications_queued += stored[1]
        except Exception as exc:  # one bad article must not stop the batch; it is marked and kept
            log.exception("article %s: processing failed", article_id)
            summary.failed_article_ids.append(article_id)
            with db.session() as session:
                failed = session.get(Article, article_id)
                if failed is not None:
                    failed.state = "failed"
                    failed.process_error = f"{type(exc).__name__}: {exc}"
    return summary


def _read_source(db: Database, article_id: int) -> _Source | None:
    with db.session() as session:
        article = session.get(Article, article_id)
        if article is None or article.state not in PROCESSABLE_STATES:
            return None
        feed = session.get(Feed, article.feed_id) if article.feed_id else None
        return _Source(
            article_id=article.id,
            raw_text=article.raw_text,
            content_hash=article.content_hash,
            feed_province=feed.province if feed else None,
            entry_published=article.entry_published.date() if article.entry_published else None,
        )


def _store_analysis(
    session: Session,
    routing: RoutingRules,
    cues: UpdateCues,
    source: _Source,
    analysis: ArticleAnalysis,
    today: date,
) -> tuple[list[int], int] | None:
    """Write one article's labels, items and outbox rows; None when the article changed since it was read."""
    article = session.get(Article, source.article_id)
    if article is None or article.state not in PROCESSABLE_STATES or article.content_hash != source.content_hash:
        return None
    _apply_labels(article, analysis)
    existing = {
        item.item_key: item
        for item in session.scalars(select(FollowUpItem).where(FollowUpItem.article_id == article.id))
    }
    new_items: list[FollowUpItem] = []
    seen_keys: set[str] = set()
    for directive in analysis.directives:
        key = item_key(directive.text)
        if key in seen_keys:
            continue
        seen_keys.add(key)
        item = existing.get(key)
        if item is None:
            # Another source may already have reported this directive: link it as evidence instead.
            item, created = link_or_create_item(session, article, directive, today, routing=routing, cues=cues)
            if created:
                new_items.append(item)
        else:
            refresh_item(session, item, directive, article, today)
    for key, item in existing.items():
        if key not in seen_keys:
            mark_stale(session, item)
    session.flush()
    # Follow-up articles that extend a deadline or report completion update the items they name.
    apply_article_updates(session, article, today, routing=routing, cues=cues)
    queued = _queue_notifications(session, routing, article, new_items)
    article.state = "processed"
    article.processed_hash = article.content_hash
    article.process_error = None
    return [i.id for i in new_items], queued


def _apply_labels(article: Article, analysis: ArticleAnalysis) -> None:
    labels = analysis.classification
    article.text = analysis.cleaned.text
    article.title = article.title or analysis.cleaned.title
    article.topics = list(labels.topics)
    article.province = labels.province
    article.province_current = labels.province_current
    article.published = labels.published
    article.article_type = labels.article_type
    article.has_directives = analysis.has_directives


def _queue_notifications(
    session: Session, routing: RoutingRules, article: Article, new_items: Sequence[FollowUpItem]
) -> int:
    """One outbox row per channel for the items this processing created; a channel gets each item once."""
    if not new_items:
        return 0
    per_channel: dict[str, list[FollowUpItem]] = {}
    for item in new_items:
        context = RouteContext(
            feed_id=article.feed_id,
            province=article.province,
            province_current=article.province_current,
            topics=tuple(article.topics or ()),
            assignees=(item.assignee,),
        )
        for channel in routing.channels_for(context):
            per_channel.setdefault(channel, []).append(item)
    queued = 0
    for channel, items in per_channel.items():
        ids = ",".join(str(i.id) for i in sorted(items, key=lambda i: i.id))
        row_id = enqueue(
            session,
            key=f"article:{article.id}:{channel}:{hashlib.sha256(ids.encode()).hexdigest()[:16]}",
            kind="article",
            channel=channel,
            article_id=article.id,
            payload=notice_to_payload(notice_for(article, items)),
        )
        queued += row_id is not None
    return queued
