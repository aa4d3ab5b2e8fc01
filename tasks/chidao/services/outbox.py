"""The outbox: the ``notifications`` table every stage writes to and the notify stage drains.

``enqueue`` is the one function that adds a row. Stages call it inside the transaction that stores what the
row announces (items, an item's update, a feed alert), so a crash loses neither one without the other, and
a row whose dedup key exists is not added again (re-runs queue nothing twice).

States: ``pending`` -> ``sending`` (attempt recorded before the post) -> ``sent``; back to ``pending`` with
a backoff; ``dead`` after the attempt bound or an error that cannot succeed later; ``digested`` (folded into
a digest row that is sent instead); ``suppressed`` (kept but never sent: ``backfill --no-notify``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from chidao.adapters.db import Article, FollowUpItem, Notification
from chidao.core.messages import ArticleNotice, NoticeItem, render_item_event
from chidao.core.routing import RouteContext, RoutingRules

STATES = ("pending", "sending", "sent", "digested", "dead", "suppressed")
KINDS = ("article", "item_event", "alert", "digest")


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    channel: str,
    payload: dict[str, Any],
    article_id: int | None = None,
    item_id: int | None = None,
) -> int | None:
    """Add a pending row unless one with ``key`` exists; the new row's id, or None when it existed."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind '{kind}' (one of {', '.join(KINDS)})")
    if session.scalars(select(Notification.id).where(Notification.dedup_key == key)).first() is not None:
        return None
    row = Notification(
        dedup_key=key,
        kind=kind,
        channel=channel,
        article_id=article_id,
        item_id=item_id,
        payload=payload,
        state="pending",
    )
    session.add(row)
    session.flush()
    return row.id


def suppress_for_articles(session: Session, article_ids: Sequence[int], reason: str) -> int:
    """Mark the pending rows of these articles (and their items) ``suppressed``: kept, never sent."""
    result = session.execute(
        update(Notification)
        .where(Notification.article_id.in_(list(article_ids)), Notification.state == "pending")
        .values(state="suppressed", last_error=reason)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- article notices -----------------------------------------------------------------------------


def public_url(article: Article) -> str | None:
    """The article's URL as a reader can open it (None for entries stored without a link)."""
    return None if article.canonical_url.startswith("entry:") else article.canonical_url


def notice_item(item: FollowUpItem) -> NoticeItem:
    return NoticeItem(
        item_id=item.id,
        text=item.text,
        kind=item.kind,
        issuer=item.issuer,
        assignee=item.assignee,
        deadline=item.deadline_text,
        due_date=item.due_date,
        evidence=item.evidence_sentence,
    )


def notice_for(article: Article, items: Sequence[FollowUpItem]) -> ArticleNotice:
    return ArticleNotice(
        article_id=article.id,
        title=article.title,
        url=public_url(article),
        province=article.province,
        topics=tuple(article.topics or ()),
        published=article.published,
        items=tuple(notice_item(i) for i in items),
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


# --- item events (thread replies) ----------------------------------------------------------------


def item_channels(session: Session, item: FollowUpItem, routing: RoutingRules) -> tuple[str, ...]:
    """Where the item was announced (so that replies land in that thread), else where routing sends it."""
    announced: list[str] = []
    rows = session.scalars(
        select(Notification)
        .where(Notification.article_id == item.article_id, Notification.kind == "article")
        .order_by(Notification.id)
    )
    for row in rows:
        ids = {entry.get("item_id") for entry in (row.payload or {}).get("items", [])}
        if item.id in ids and row.channel not in announced:
            announced.append(row.channel)
    if announced:
        return tuple(announced)
    context = RouteContext(
        feed_id=item.article.feed_id if item.article else None,
        province=item.province,
        province_current=item.province_current,
        topics=tuple(item.topics or ()),
        assignees=(item.assignee,),
    )
    return routing.channels_for(context)


def enqueue_item_event(
    session: Session,
    item: FollowUpItem,
    routing: RoutingRules,
    event: str,
    dedup_base: str,
    detail: str | None = None,
) -> int:
    """One ``item_event`` row per channel of the item, unless its dedup key exists; returns rows added.

    The first channel gets ``dedup_base`` itself ("reminder:12:due_7d:2025-09-30"), further channels
    ``dedup_base@channel``.
    """
    message = render_item_event(notice_item(item), event, detail)
    added = 0
    for index, channel in enumerate(item_channels(session, item, routing)):
        row_id = enqueue(
            session,
            key=dedup_base if index == 0 else f"{dedup_base}@{channel}",
            kind="item_event",
            channel=channel,
            article_id=item.article_id,
            item_id=item.id,
            payload={
                "text": message.text,
                "blocks": list(message.blocks),
                "event": event,
                "item_id": item.id,
                "article_id": item.article_id,
                "item_text": item.text,
                "detail": detail,
            },
        )
        added += row_id is not None
    return added
