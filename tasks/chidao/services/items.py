"""Querying follow-up items: the library behind ``chidao items``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from chidao.adapters.db import Article, Database, FollowUpItem
from chidao.core.fold import fold
from chidao.core.tracking import STATUS_LABELS_VI

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
        return list(session.scalars(_name_filters(session, build_query(f), f)))


# Counting every match of a broad filter costs a scan of the table; past this the page says "more than".
COUNT_CAP = 10_000


@dataclass(frozen=True)
class ItemPage:
    """One page of the review queue: items as ``item_to_dict`` rows, and how many match in all (at most
    ``COUNT_CAP``; ``more`` says there are more than that)."""

    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return len(self.items) == self.per_page and (self.more or self.page < self.pages)


def queue_order() -> tuple[Any, ...]:
    """Newest first: the primary key's order, so a page is read from the index, not sorted."""
    return (FollowUpItem.id.desc(),)


def _folded_values(session: Session, column: Any, keep: Callable[[str], bool]) -> list[str]:
    """The stored values of a name column that ``keep`` accepts (there are far fewer names than items)."""
    return [value for value in session.scalars(select(column).distinct()) if value is not None and keep(value)]


def _contains(needle: str) -> Callable[[str], bool]:
    return lambda value: _matches_text(value, needle)


def _name_conditions(session: Session, f: ItemFilter) -> list[Any]:
    """Province, assignee, issuer and topic as SQL conditions: the accent-insensitive comparison runs over
    the few distinct stored names, and the rows kept are those whose name is one of the matching ones."""
    conditions: list[Any] = []
    if f.province:
        # An item's province is its article's (never edited), and articles are far fewer than items.
        wanted = f.province
        provinces = set(_folded_values(session, Article.province, lambda v: _same_name(v, wanted)))
        provinces |= set(_folded_values(session, Article.province_current, lambda v: _same_name(v, wanted)))
        conditions.append(or_(FollowUpItem.province.in_(provinces), FollowUpItem.province_current.in_(provinces)))
    for column, needle in ((FollowUpItem.assignee, f.assignee), (FollowUpItem.issuer, f.issuer)):
        if needle:
            conditions.append(column.in_(_folded_values(session, column, _contains(needle))))
    if f.topic:
        # Topic keys are identifiers; the JSON list's text holds each one quoted.
        escaped = f.topic.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(cast(FollowUpItem.topics, String).like(f'%"{escaped}"%', escape="\\"))
    return conditions


def _name_filters(session: Session, query: Select[Any], f: ItemFilter) -> Select[Any]:
    return query.where(*_name_conditions(session, f))


def queue_page(db: Database, f: ItemFilter, page: int = 1, per_page: int = 50) -> ItemPage:
    """The review queue's page ``page`` (from 1) under filter ``f``, newest first, with the total count."""
    page = max(page, 1)
    with db.session() as session:
        names = _name_conditions(session, f)
        matching = _where(select(FollowUpItem.id), f).where(*names).limit(COUNT_CAP + 1).subquery()
        total = int(session.scalar(select(func.count()).select_from(matching)) or 0)
        query = _where(select(FollowUpItem), f).where(*names).order_by(*queue_order())
        rows = session.scalars(query.offset((page - 1) * per_page).limit(per_page))
        items = [item_to_dict(item) for item in rows]
        return ItemPage(items, min(total, COUNT_CAP), page, per_page, more=total > COUNT_CAP)


def matching_ids(db: Database, f: ItemFilter) -> list[int]:
    """Ids of every item under the filter, in queue order (for exports of the current filter)."""
    with db.session() as session:
        query = _name_filters(session, _where(select(FollowUpItem.id), f), f).order_by(*queue_order())
        return list(session.scalars(query))


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
