"""Querying follow-up items: the library behind ``chidao items``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, select

from chidao.adapters.db import Database, FollowUpItem
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


def _contains_folded(column: Any, needle: str) -> Any:
    """Substring match on the folded column; the user's % and _ are literal, not wildcards."""
    escaped = fold(needle).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


def build_query(f: ItemFilter) -> Select[Any]:
    query = select(FollowUpItem).order_by(FollowUpItem.id)
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
    out = []
    for item in rows:
        if f.province and not (_same_name(item.province, f.province) or _same_name(item.province_current, f.province)):
            continue
        if not _matches_text(item.assignee, f.assignee) or not _matches_text(item.issuer, f.issuer):
            continue
        if f.topic and f.topic not in (item.topics or []):
            continue
        out.append(item)
    return out


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
