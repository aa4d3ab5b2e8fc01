"""Querying follow-up items: the library behind ``chidao items``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from chidao.adapters.db import Article, Database, FollowUpItem
from chidao.core.fold import fold
from chidao.core.tracking import REVIEW_NEW, STATUS_LABELS_VI

ITEM_FIELDS = (
    "id",
    "text",
    "kind",
    "issuer",
    "assignee",
    "deadline",
    "due_date",
    "status",
    "status_vi",
    "review_state",
    "progress",
    "province",
    "province_current",
    "topics",
    "evidence_sentence",
    "source_url",
    "article_id",
    "created_at",
)


@dataclass(frozen=True)
class ItemFilter:
    province: str | None = None
    status: str | None = None
    since: date | None = None
    search: str | None = None
    assignee: str | None = None
    issuer: str | None = None
    review_state: str | None = None
    topic: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    include_stale: bool = False
    limit: int | None = None
    feed: str | None = None
    item_ids: tuple[int, ...] | None = None

    @property
    def needs_row_check(self) -> bool:
        """Filters compared accent-insensitively in Python, after the SQL query."""
        return bool(self.province or self.assignee or self.issuer or self.topic)


def _contains_folded(column: Any, needle: str) -> Any:
    """Substring match on the folded column; the user's % and _ are literal, not wildcards."""
    escaped = fold(needle).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


def build_query(f: ItemFilter) -> Select[Any]:
    return _where(select(FollowUpItem).order_by(FollowUpItem.id), f)


def _where(query: Select[Any], f: ItemFilter) -> Select[Any]:
    """The filters SQL can apply (everything but the accent-insensitive name comparisons)."""
    if f.feed:
        query = query.join(Article, Article.id == FollowUpItem.article_id).where(Article.feed_id == f.feed)
    if f.item_ids is not None:
        query = query.where(FollowUpItem.id.in_(f.item_ids))
    if not f.include_stale:
        query = query.where(FollowUpItem.stale.is_(False))
    if f.status:
        query = query.where(FollowUpItem.status == f.status)
    if f.since:
        query = query.where(FollowUpItem.created_at >= datetime.combine(f.since, datetime.min.time(), UTC))
    if f.search:
        query = query.where(_contains_folded(FollowUpItem.text_folded, f.search))
    if f.review_state:
        query = query.where(FollowUpItem.review_state == f.review_state)
    if f.due_from:
        query = query.where(FollowUpItem.due_date >= f.due_from)
    if f.due_to:
        query = query.where(FollowUpItem.due_date <= f.due_to)
    if f.limit:
        query = query.limit(f.limit)
    return query


def _matches_text(value: str | None, needle: str | None) -> bool:
    return needle is None or (value is not None and fold(needle) in fold(value))


def list_items(db: Database, f: ItemFilter) -> list[FollowUpItem]:
    """Items matching the filter. Province, assignee, issuer and topic compare accent-insensitively."""
    with db.session() as session:
        rows: list[FollowUpItem] = list(session.scalars(build_query(f)))
    return [item for item in rows if _row_matches(f, item.province, item.province_current, item)]


def _row_matches(f: ItemFilter, province: str | None, province_current: str | None, row: Any) -> bool:
    if f.province and not (_same_name(province, f.province) or _same_name(province_current, f.province)):
        return False
    if not _matches_text(row.assignee, f.assignee) or not _matches_text(row.issuer, f.issuer):
        return False
    return not (f.topic and f.topic not in (row.topics or []))


@dataclass(frozen=True)
class ItemPage:
    """One page of the review queue: items as ``item_to_dict`` rows, and how many match in all."""

    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def queue_order() -> tuple[Any, ...]:
    """Unreviewed items first, newest first within each group."""
    return (case((FollowUpItem.review_state == REVIEW_NEW, 0), else_=1), FollowUpItem.id.desc())


def queue_page(db: Database, f: ItemFilter, page: int = 1, per_page: int = 50) -> ItemPage:
    """The review queue's page ``page`` (from 1) under filter ``f``.

    Without name filters the database counts and pages; with them only the compared columns of the
    matching rows are read, checked here, and the page's items loaded afterwards.
    """
    offset = (max(page, 1) - 1) * per_page
    with db.session() as session:
        if not f.needs_row_check:
            total = int(session.scalar(_where(select(func.count(FollowUpItem.id)), f)) or 0)
            query = _where(select(FollowUpItem), f).order_by(*queue_order()).offset(offset).limit(per_page)
            rows = [item_to_dict(item) for item in session.scalars(query)]
            return ItemPage(rows, total, max(page, 1), per_page)
        matching = _matching_ids(session, f)
        wanted = matching[offset : offset + per_page]
        loaded = {i.id: i for i in session.scalars(select(FollowUpItem).where(FollowUpItem.id.in_(wanted)))}
        return ItemPage([item_to_dict(loaded[i]) for i in wanted], len(matching), max(page, 1), per_page)


def _matches(f: ItemFilter, row: Any) -> bool:
    return _row_matches(f, row.province, row.province_current, row)


def matching_ids(db: Database, f: ItemFilter) -> list[int]:
    """Ids of every item under the filter, in queue order (for exports of the current filter)."""
    with db.session() as session:
        return _matching_ids(session, f)


def _matching_ids(session: Session, f: ItemFilter) -> list[int]:
    columns = select(
        FollowUpItem.id,
        FollowUpItem.province,
        FollowUpItem.province_current,
        FollowUpItem.assignee,
        FollowUpItem.issuer,
        FollowUpItem.topics,
    )
    return [r.id for r in session.execute(_where(columns, f).order_by(*queue_order())) if _matches(f, r)]


def _same_name(a: str | None, b: str) -> bool:
    return a is not None and fold(a) == fold(b)


def item_to_dict(item: FollowUpItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text,
        "kind": item.kind,
        "issuer": item.issuer,
        "assignee": item.assignee,
        "deadline": item.deadline_text,
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "recurrence": item.recurrence,
        "status": item.status,
        "status_vi": STATUS_LABELS_VI.get(item.status, item.status),
        "review_state": item.review_state,
        "progress": item.progress,
        "completed_on": item.completed_on.isoformat() if item.completed_on else None,
        "province": item.province,
        "province_current": item.province_current,
        "topics": list(item.topics or []),
        "evidence_sentence": item.evidence_sentence,
        "evidence_start": item.evidence_start,
        "evidence_end": item.evidence_end,
        "confidence": item.confidence,
        "source_url": item.source_url,
        "article_id": item.article_id,
        "created_at": item.created_at.isoformat() if item.created_at else None,
    }


def items_to_json_ready(items: list[FollowUpItem]) -> list[dict[str, Any]]:
    return [item_to_dict(i) for i in items]
