"""Process: run the text stages on stored articles, store items and their outbox rows.

Items and the notifications that announce them are written in one
transaction, so a crash can lose neither one without the other. Items are
keyed per article by their normalised text: reprocessing an article (a re-run,
or an edited entry) updates items instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chidao.adapters.db import Article, Database, Feed, FollowUpItem, ItemHistory, Notification
from chidao.core.analyze import TextAnalyzer
from chidao.core.fold import fold
from chidao.core.messages import ArticleNotice, NoticeItem
from chidao.core.models import ArticleAnalysis, Directive
from chidao.core.routing import RouteContext, RoutingRules
from chidao.core.tracking import compute_status
from chidao.services.tracking import apply_article_updates, link_or_create_item

log = logging.getLogger("chidao.process")

_SPACE = re.compile(r"\s+")


def item_key(text: str) -> str:
    """Stable per-article identity of an item: its folded, space-collapsed text."""
    return hashlib.sha256(_SPACE.sub(" ", fold(text)).strip().encode()).hexdigest()[:32]


@dataclass
class ProcessSummary:
    processed_article_ids: list[int] = field(default_factory=list)
    failed_article_ids: list[int] = field(default_factory=list)
    new_item_ids: list[int] = field(default_factory=list)
    notifications_queued: int = 0


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
            with db.session() as session:
                article = session.get(Article, article_id)
                if article is None or article.state not in ("pending", "processed", "failed"):
                    continue
                new_ids, queued = _process_one(session, analyzer, routing, article, today)
            summary.processed_article_ids.append(article_id)
            summary.new_item_ids.extend(new_ids)
            summary.notifications_queued += queued
        except Exception as exc:  # one bad article must not stop the batch; it is marked and kept
            log.exception("article %s: processing failed", article_id)
            summary.failed_article_ids.append(article_id)
            with db.session() as session:
                failed = session.get(Article, article_id)
                if failed is not None:
                    failed.state = "failed"
                    failed.process_error = f"{type(exc).__name__}: {exc}"
    return summary


def _process_one(
    session: Session, analyzer: TextAnalyzer, routing: RoutingRules, article: Article, today: date
) -> tuple[list[int], int]:
    feed_province = None
    if article.feed_id:
        feed = session.get(Feed, article.feed_id)
        feed_province = feed.province if feed else None
    entry_date = article.entry_published.date() if article.entry_published else None
    analysis = analyzer.analyze(article.raw_text, feed_province=feed_province, entry_published=entry_date)
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
            item, created = link_or_create_item(
                session, article, directive, today, routing=routing, cues=analyzer.update_cues
            )
            if created:
                new_items.append(item)
        else:
            _refresh_item(session, item, directive, article, today)
    for key, item in existing.items():
        # An edit removed this directive from the article: keep the item, mark it, never delete.
        if key not in seen_keys and not item.stale:
            item.stale = True
            session.add(
                ItemHistory(
                    item_id=item.id,
                    actor="chidao",
                    field="stale",
                    old_value="false",
                    new_value="true",
                    note="no longer in the edited article",
                )
            )
    session.flush()
    # Follow-up articles that extend a deadline or report completion update the items they name.
    apply_article_updates(session, article, today, routing=routing, cues=analyzer.update_cues)
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


def _fill_item(item: FollowUpItem, d: Directive, article: Article, today: date) -> None:
    item.text = d.text
    item.text_folded = fold(d.text)
    item.kind = d.kind
    item.issuer = d.issuer
    item.assignee = d.assignee
    item.deadline_text = d.deadline
    item.due_date = d.due_date
    item.recurrence = d.recurrence
    item.evidence_sentence = d.sentence
    item.evidence_start = d.start
    item.evidence_end = d.end
    item.confidence = d.confidence
    item.province = article.province
    item.province_current = article.province_current
    item.topics = list(article.topics or [])
    item.source_url = article.canonical_url
    item.status = compute_status(item.due_date, item.completed_on, today)


_TRACKED_FIELDS = ("issuer", "assignee", "deadline_text", "due_date", "kind")


def _refresh_item(session: Session, item: FollowUpItem, d: Directive, article: Article, today: date) -> None:
    """Re-extraction may refine fields; a reviewer's edits win and are never overwritten."""
    if item.review_state in ("confirmed", "edited", "rejected"):
        return
    before = {name: getattr(item, name) for name in _TRACKED_FIELDS}
    _fill_item(item, d, article, today)
    item.stale = False
    for name in _TRACKED_FIELDS:
        old, new = before[name], getattr(item, name)
        if old != new:
            session.add(
                ItemHistory(
                    item_id=item.id,
                    actor="chidao",
                    field=name,
                    old_value=_str(old),
                    new_value=_str(new),
                    note="article re-processed",
                )
            )


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def notice_for(article: Article, items: Sequence[FollowUpItem]) -> ArticleNotice:
    return ArticleNotice(
        article_id=article.id,
        title=article.title,
        url=article.canonical_url if not article.canonical_url.startswith("entry:") else None,
        province=article.province,
        topics=tuple(article.topics or ()),
        published=article.published,
        items=tuple(
            NoticeItem(
                item_id=i.id,
                text=i.text,
                kind=i.kind,
                issuer=i.issuer,
                assignee=i.assignee,
                deadline=i.deadline_text,
                due_date=i.due_date,
                evidence=i.evidence_sentence,
            )
            for i in items
        ),
    )


def notice_to_payload(notice: ArticleNotice) -> dict[str, object]:
    return {
        "article_id": notice.article_id,
        "title": notice.title,
        "url": notice.url,
        "province": notice.province,
        "topics": list(notice.topics),
        "published": notice.published.isoformat() if notice.published else None,
        "items": [
            {
                "item_id": i.item_id,
                "text": i.text,
                "kind": i.kind,
                "issuer": i.issuer,
                "assignee": i.assignee,
                "deadline": i.deadline,
                "due_date": i.due_date.isoformat() if i.due_date else None,
                "evidence": i.evidence,
            }
            for i in notice.items
        ],
    }


def notice_from_payload(payload: dict[str, object]) -> ArticleNotice:
    items = payload.get("items") or []
    assert isinstance(items, list)
    published = payload.get("published")
    return ArticleNotice(
        article_id=int(payload["article_id"]),  # type: ignore[call-overload]
        title=payload.get("title"),  # type: ignore[arg-type]
        url=payload.get("url"),  # type: ignore[arg-type]
        province=payload.get("province"),  # type: ignore[arg-type]
        topics=tuple(payload.get("topics") or ()),  # type: ignore[arg-type]
        published=date.fromisoformat(published) if isinstance(published, str) else None,
        items=tuple(
            NoticeItem(
                item_id=i.get("item_id"),
                text=i["text"],
                kind=i["kind"],
                issuer=i.get("issuer"),
                assignee=i.get("assignee"),
                deadline=i.get("deadline"),
                due_date=date.fromisoformat(i["due_date"]) if i.get("due_date") else None,
                evidence=i.get("evidence"),
            )
            for i in items
        ),
    )


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
        key = f"article:{article.id}:{channel}:{hashlib.sha256(ids.encode()).hexdigest()[:16]}"
        if session.scalars(select(Notification.id).where(Notification.dedup_key == key)).first() is not None:
            continue
        session.add(
            Notification(
                dedup_key=key,
                kind="article",
                channel=channel,
                article_id=article.id,
                payload=notice_to_payload(notice_for(article, items)),
                state="pending",
            )
        )
        queued += 1
    return queued
