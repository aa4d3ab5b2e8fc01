"""Tracking: the life of an item after it is found.

Review (confirm, reject, edit), progress (open, in progress, done), the daily status recompute and
reminders, the item detail, the corrections export and the status report. How items are created from
articles, clustered and updated by follow-up articles is the item store's (``chidao.services.store``).

Every change to an item goes through ``history.change`` and leaves an ``ItemHistory`` row (who, when,
field, old → new, why). Nothing is deleted: a rejected item stays, marked ``rejected``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chidao.adapters.db import Article, Database, FollowUpItem, ItemEvidence, ItemHistory
from chidao.core.fold import fold
from chidao.core.messages import EVENT_DUE_SOON, EVENT_OVERDUE
from chidao.core.routing import RoutingRules
from chidao.core.tracking import (
    PROGRESS_DONE,
    REMIND_OVERDUE,
    REVIEW_CONFIRMED,
    REVIEW_EDITED,
    REVIEW_REJECTED,
    FieldEdit,
    compute_status,
    count_statuses,
    on_time_rate,
    reminder_kind,
)
from chidao.services.history import SYSTEM_ACTOR, change
from chidao.services.items import item_to_dict
from chidao.services.outbox import enqueue_item_event
from chidao.services.store import refresh_status


class ItemNotFound(LookupError):
    """``str(exc)`` is the message for a person: "no item with id 42"."""

    def __init__(self, item_id: int) -> None:
        self.item_id = item_id
        super().__init__(f"no item with id {item_id}")


def get_item(session: Session, item_id: int) -> FollowUpItem:
    item = session.get(FollowUpItem, item_id)
    if item is None:
        raise ItemNotFound(item_id)
    return item


# --- review and progress -------------------------------------------------------------------------


def review_item(
    db: Database,
    item_id: int,
    *,
    decision: str,
    edits: Sequence[FieldEdit] = (),
    actor: str,
    note: str | None = None,
    today: date | None = None,
) -> FollowUpItem:
    """Record a reviewer's decision: ``decision`` is 'confirm', 'reject' or 'edit' (with ``edits``).

    Edited fields keep their extracted value in the history, so the correction can be exported as a
    training example; a rejected item stays in the database, marked.
    """
    if decision not in ("confirm", "reject", "edit"):
        raise ValueError(f"unknown decision '{decision}' (confirm, reject or edit)")
    if decision == "edit" and not edits:
        raise ValueError("edit needs at least one FIELD=VALUE")
    today = today or date.today()
    with db.session() as session:
        item = get_item(session, item_id)
        if decision == "edit":
            for edit in edits:
                change(session, item, edit.column, edit.value, actor, note)
                if edit.column == "text":
                    item.text_folded = fold(str(edit.value))
            refresh_status(session, item, today, actor, "due date edited")
            state = REVIEW_EDITED
        else:
            state = REVIEW_CONFIRMED if decision == "confirm" else REVIEW_REJECTED
        change(session, item, "review_state", state, actor, note)
        return item


def set_progress(
    db: Database,
    item_id: int,
    progress: str,
    *,
    actor: str,
    completed_on: date | None = None,
    note: str | None = None,
    today: date | None = None,
) -> FollowUpItem:
    """Move an item to open, in_progress or done (done on ``completed_on``, default today)."""
    today = today or date.today()
    if completed_on is not None and progress != PROGRESS_DONE:
        raise ValueError("a completion date only goes with 'done'")
    if completed_on is not None and completed_on > today:
        raise ValueError(f"{completed_on.isoformat()} is in the future")
    with db.session() as session:
        item = get_item(session, item_id)
        change(session, item, "progress", progress, actor, note)
        change(session, item, "completed_on", (completed_on or today) if progress == PROGRESS_DONE else None, actor)
        refresh_status(session, item, today, actor, note)
        return item


# --- the daily pass ------------------------------------------------------------------------------


@dataclass
class DailySummary:
    status_changes: list[tuple[int, str, str]] = field(default_factory=list)
    reminders_queued: int = 0


def tracked_item_ids(db: Database) -> list[int]:
    """Items the daily pass looks at: not stale, not rejected."""
    with db.session() as session:
        query = (
            select(FollowUpItem.id)
            .where(FollowUpItem.stale.is_(False), FollowUpItem.review_state != REVIEW_REJECTED)
            .order_by(FollowUpItem.id)
        )
        return list(session.scalars(query))


def recompute_statuses(db: Database, item_ids: Sequence[int], today: date) -> list[tuple[int, str, str]]:
    """Recompute the 2×2 status of these items as of ``today``; returns (id, old, new) per change."""
    changes = []
    with db.session() as session:
        for item in session.scalars(select(FollowUpItem).where(FollowUpItem.id.in_(item_ids))):
            old = item.status
            if refresh_status(session, item, today, SYSTEM_ACTOR, f"daily recompute {today.isoformat()}"):
                changes.append((item.id, old, item.status))
    return changes


def queue_reminders(db: Database, item_ids: Sequence[int], routing: RoutingRules, today: date) -> int:
    """Queue due-soon (7 days, 1 day) and newly-overdue reminders, each once per item and due date.

    The dedup key ``reminder:{item_id}:{kind}:{due_date}`` makes a second run on the same or a later
    day a no-op; a moved deadline gives new keys, so the new date is reminded again.
    """
    queued = 0
    with db.session() as session:
        query = select(FollowUpItem).where(
            FollowUpItem.id.in_(item_ids),
            FollowUpItem.stale.is_(False),
            FollowUpItem.review_state != REVIEW_REJECTED,
            FollowUpItem.due_date.is_not(None),
        )
        for item in session.scalars(query):
            kind = reminder_kind(item.due_date, item.completed_on, today)
            if kind is None or item.due_date is None:
                continue
            event = EVENT_OVERDUE if kind == REMIND_OVERDUE else EVENT_DUE_SOON
            days = (item.due_date - today).days
            detail = f"Quá hạn {-days} ngày" if days < 0 else f"Còn {days} ngày"
            queued += enqueue_item_event(
                session, item, routing, event, f"reminder:{item.id}:{kind}:{item.due_date.isoformat()}", detail
            )
    return queued


def run_daily(db: Database, routing: RoutingRules, today: date, batch_size: int = 500) -> DailySummary:
    """The daily pass without Prefect: recompute statuses, then queue reminders, batch by batch."""
    summary = DailySummary()
    ids = tracked_item_ids(db)
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        summary.status_changes.extend(recompute_statuses(db, batch, today))
        summary.reminders_queued += queue_reminders(db, batch, routing, today)
    return summary


# --- reading: detail, corrections, report --------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRow:
    role: str
    url: str | None
    sentence: str
    start: int
    end: int
    article_id: int


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str
    field: str
    old_value: str | None
    new_value: str | None
    note: str | None


@dataclass(frozen=True)
class ItemDetail:
    item: dict[str, Any]
    article_title: str | None
    evidence: tuple[EvidenceRow, ...]
    history: tuple[HistoryRow, ...]


def item_detail(db: Database, item_id: int) -> ItemDetail:
    """Everything ``chidao items show`` prints. Raises ``ItemNotFound``."""
    with db.session() as session:
        item = get_item(session, item_id)
        evidence = [
            EvidenceRow(e.role, e.source_url, e.sentence, e.start, e.end, e.article_id)
            for e in session.scalars(
                select(ItemEvidence).where(ItemEvidence.item_id == item_id).order_by(ItemEvidence.id)
            )
        ]
        if not evidence:
            evidence = [
                EvidenceRow(
                    "origin",
                    item.source_url,
                    item.evidence_sentence,
                    item.evidence_start,
                    item.evidence_end,
                    item.article_id,
                )
            ]
        history = [
            HistoryRow(h.at, h.actor, h.field, h.old_value, h.new_value, h.note)
            for h in session.scalars(select(ItemHistory).where(ItemHistory.item_id == item_id).order_by(ItemHistory.id))
        ]
        return ItemDetail(item_to_dict(item), item.article.title, tuple(evidence), tuple(history))


def action_span(sentence: str, text: str) -> tuple[int, int] | None:
    """Where the item text sits in its sentence, accent- and case-insensitively (for highlighting)."""
    at = fold(sentence).find(fold(text))
    return None if at < 0 else (at, at + len(text))


GOLD_FIELDS = ("text", "kind", "issuer", "assignee", "deadline")
_GOLD_COLUMN = {"text": "text", "kind": "kind", "issuer": "issuer", "assignee": "assignee", "deadline": "deadline_text"}


def export_corrections(db: Database) -> list[dict[str, Any]]:
    """Reviewed articles in the gold format of the annotation guideline, one dict per article.

    ``items`` are the confirmed and edited items as corrected (text, kind, issuer, assignee,
    deadline); ``rejected`` the extractions a reviewer refused (hard negatives); ``corrections`` what
    each edit changed, from the audit log. Unreviewed items of the article are counted, not listed.
    """
    reviewed = (REVIEW_CONFIRMED, REVIEW_EDITED, REVIEW_REJECTED)
    columns = tuple(_GOLD_COLUMN.values())
    out: list[dict[str, Any]] = []
    with db.session() as session:
        article_ids = sorted(
            set(session.scalars(select(FollowUpItem.article_id).where(FollowUpItem.review_state.in_(reviewed))))
        )
        for article_id in article_ids:
            article = session.get(Article, article_id)
            assert article is not None
            items = list(
                session.scalars(
                    select(FollowUpItem)
                    .where(FollowUpItem.article_id == article_id, FollowUpItem.stale.is_(False))
                    .order_by(FollowUpItem.evidence_start, FollowUpItem.id)
                )
            )
            kept = [i for i in items if i.review_state in (REVIEW_CONFIRMED, REVIEW_EDITED)]
            corrections = []
            for item in kept:
                changes = session.scalars(
                    select(ItemHistory)
                    .where(ItemHistory.item_id == item.id, ItemHistory.field.in_(columns))
                    .where(ItemHistory.actor != SYSTEM_ACTOR)
                    .order_by(ItemHistory.id)
                )
                for change in changes:
                    corrections.append(
                        {
                            "item_id": item.id,
                            "field": _gold_name(change.field),
                            "old": change.old_value,
                            "new": change.new_value,
                            "by": change.actor,
                        }
                    )
            out.append(
                {
                    "article": article.canonical_url,
                    "title": article.title,
                    "has_directives": bool(kept),
                    "topics": list(article.topics or []),
                    "province": article.province,
                    "published": article.published.isoformat() if article.published else None,
                    "items": [_gold_item(i) for i in kept],
                    "rejected": [_gold_item(i) for i in items if i.review_state == REVIEW_REJECTED],
                    "corrections": corrections,
                    "unreviewed": sum(1 for i in items if i.review_state not in reviewed),
                    "text": article.text,
                }
            )
    return out


def _gold_name(column: str) -> str:
    return "deadline" if column == "deadline_text" else column


def _gold_item(item: FollowUpItem) -> dict[str, Any]:
    return {name: getattr(item, _GOLD_COLUMN[name]) for name in GOLD_FIELDS}


@dataclass(frozen=True)
class GroupCounts:
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.counts)


@dataclass(frozen=True)
class TrackingReport:
    today: date
    total: GroupCounts
    by_assignee: tuple[GroupCounts, ...]
    by_issuer: tuple[GroupCounts, ...]
    timeline: tuple[tuple[date, dict[str, int]], ...]


def _status_on(item: FollowUpItem, day: date) -> str:
    done = item.completed_on if item.completed_on is not None and item.completed_on <= day else None
    return compute_status(item.due_date, done, day)


def _group(items: Iterable[FollowUpItem], key: Callable[[FollowUpItem], str | None], today: date) -> list[GroupCounts]:
    buckets: dict[str, list[str]] = defaultdict(list)
    for item in items:
        buckets[key(item) or "(không rõ)"].append(_status_on(item, today))
    groups = [GroupCounts(name, count_statuses(statuses)) for name, statuses in buckets.items()]
    return sorted(groups, key=lambda g: (-g.total, fold(g.name)))


def build_report(db: Database, today: date, weeks: int = 12) -> TrackingReport:
    """Counts in the 2×2 status per assignee and per issuer as of ``today`` (rejected and stale left
    out), and a weekly timeline of the status of every item known on each date."""
    with db.session() as session:
        items = list(
            session.scalars(
                select(FollowUpItem).where(FollowUpItem.stale.is_(False), FollowUpItem.review_state != REVIEW_REJECTED)
            )
        )
    timeline = []
    for back in range(weeks - 1, -1, -1):
        day = today - timedelta(weeks=back)
        known = [i for i in items if i.created_at.date() <= day]
        timeline.append((day, count_statuses(_status_on(i, day) for i in known)))
    total = GroupCounts("Tổng", count_statuses(_status_on(i, today) for i in items))
    return TrackingReport(
        today=today,
        total=total,
        by_assignee=tuple(_group(items, lambda i: i.assignee, today)),
        by_issuer=tuple(_group(items, lambda i: i.issuer, today)),
        timeline=tuple(timeline),
    )


def export_rows(db: Database, item_ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Items as flat dicts (the ``items list`` columns plus evidence URLs), for csv/xlsx/json export."""
    with db.session() as session:
        query = select(FollowUpItem).order_by(FollowUpItem.id)
        if item_ids is not None:
            query = query.where(FollowUpItem.id.in_(item_ids))
        rows = []
        for item in session.scalars(query):
            row = item_to_dict(item)
            row["stale"] = item.stale
            row["sources"] = [
                url
                for url in session.scalars(
                    select(ItemEvidence.source_url).where(ItemEvidence.item_id == item.id).order_by(ItemEvidence.id)
                )
                if url
            ] or ([item.source_url] if item.source_url else [])
            rows.append(row)
    return rows


def write_xlsx(rows: Sequence[dict[str, Any]], path: str) -> None:
    """One sheet, header row frozen; list values joined with "; "; text that a spreadsheet would run
    as a formula starts with a single quote (see ``chidao.core.cells``)."""
    from openpyxl import Workbook

    from chidao.core.cells import neutralise_formula

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "items"
    if rows:
        header = list(rows[0].keys())
        sheet.append(header)
        for row in rows:
            sheet.append(
                [neutralise_formula("; ".join(map(str, v)) if isinstance(v, list) else v) for v in row.values()]
            )
        sheet.freeze_panes = "A2"
    workbook.save(path)


__all__ = [
    "DailySummary",
    "ItemDetail",
    "ItemNotFound",
    "TrackingReport",
    "action_span",
    "build_report",
    "export_corrections",
    "export_rows",
    "item_detail",
    "queue_reminders",
    "recompute_statuses",
    "review_item",
    "run_daily",
    "set_progress",
    "tracked_item_ids",
    "write_xlsx",
]
