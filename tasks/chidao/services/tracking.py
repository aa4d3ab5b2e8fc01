"""Tracking: the life of an item after it is found.

Review (confirm, reject, edit), progress (open, in progress, done), the daily status recompute and
reminders, clustering of several reports of one directive into one item, updates from follow-up
articles (deadline extended, work completed), the corrections export and the status report.

Every change to an item goes through ``_change`` and leaves an ``ItemHistory`` row (who, when,
field, old → new, why). Nothing is deleted: a rejected item stays, marked ``rejected``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chidao.adapters.db import Article, Database, FollowUpItem, ItemEvidence, ItemHistory, Notification
from chidao.core.clustering import (
    UPDATE_CONTAINMENT,
    ItemSignature,
    UpdateCues,
    best_match,
    update_containment,
    update_kind,
)
from chidao.core.fold import fold
from chidao.core.messages import (
    EVENT_DUE_SOON,
    EVENT_OVERDUE,
    EVENT_SECOND_SOURCE,
    EVENT_STATUS_CHANGED,
    NoticeItem,
    format_date_vi,
    render_item_event,
)
from chidao.core.models import Directive
from chidao.core.routing import RouteContext, RoutingRules
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

SYSTEM_ACTOR = "chidao"
# Reports of one directive arrive within weeks; comparing with older items only costs time.
CLUSTER_WINDOW_DAYS = 180
_SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+|\n+")


class ItemNotFound(LookupError):
    """``str(exc)`` is the message for a person: "no item with id 42"."""

    def __init__(self, item_id: int) -> None:
        self.item_id = item_id
        super().__init__(f"no item with id {item_id}")


# --- audit ---------------------------------------------------------------------------------------


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _change(
    session: Session, item: FollowUpItem, column: str, new: object, actor: str, note: str | None = None
) -> bool:
    """Set ``item.column`` to ``new`` and log it; a value that does not change logs nothing."""
    old = getattr(item, column)
    if old == new:
        return False
    setattr(item, column, new)
    session.add(
        ItemHistory(
            item_id=item.id,
            actor=actor,
            field=column,
            old_value=_as_text(old),
            new_value=_as_text(new),
            note=note,
        )
    )
    return True


def _refresh_status(session: Session, item: FollowUpItem, today: date, actor: str, note: str | None) -> bool:
    return _change(session, item, "status", compute_status(item.due_date, item.completed_on, today), actor, note)


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
                _change(session, item, edit.column, edit.value, actor, note)
                if edit.column == "text":
                    item.text_folded = fold(str(edit.value))
            _refresh_status(session, item, today, actor, "due date edited")
            state = REVIEW_EDITED
        else:
            state = REVIEW_CONFIRMED if decision == "confirm" else REVIEW_REJECTED
        _change(session, item, "review_state", state, actor, note)
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
        _change(session, item, "progress", progress, actor, note)
        _change(session, item, "completed_on", (completed_on or today) if progress == PROGRESS_DONE else None, actor)
        _refresh_status(session, item, today, actor, note)
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
            if _refresh_status(session, item, today, SYSTEM_ACTOR, f"daily recompute {today.isoformat()}"):
                changes.append((item.id, old, item.status))
    return changes


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


def queue_item_event(
    session: Session,
    item: FollowUpItem,
    routing: RoutingRules,
    event: str,
    dedup_base: str,
    detail: str | None = None,
) -> int:
    """One ``item_event`` outbox row per channel, unless its dedup key exists; returns rows added.

    The first channel gets ``dedup_base`` itself ("reminder:12:due_7d:2025-09-30"), further channels
    ``dedup_base@channel``.
    """
    message = render_item_event(notice_item(item), event, detail)
    added = 0
    for index, channel in enumerate(item_channels(session, item, routing)):
        key = dedup_base if index == 0 else f"{dedup_base}@{channel}"
        if session.scalars(select(Notification.id).where(Notification.dedup_key == key)).first() is not None:
            continue
        session.add(
            Notification(
                dedup_key=key,
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
                },
                state="pending",
            )
        )
        added += 1
    session.flush()
    return added


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
            queued += queue_item_event(
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


# --- clustering and follow-up articles -----------------------------------------------------------


def _add_evidence(
    session: Session,
    item: FollowUpItem,
    article: Article,
    role: str,
    sentence: str,
    span: tuple[int, int] = (0, 0),
    similarity: float | None = None,
) -> bool:
    exists = session.scalars(
        select(ItemEvidence.id).where(ItemEvidence.item_id == item.id, ItemEvidence.article_id == article.id)
    ).first()
    if exists is not None:
        return False
    session.add(
        ItemEvidence(
            item_id=item.id,
            article_id=article.id,
            role=role,
            source_url=article.canonical_url,
            sentence=sentence,
            start=span[0],
            end=span[1],
            similarity=similarity,
        )
    )
    return True


def record_origin_evidence(session: Session, item: FollowUpItem) -> bool:
    """Give an item created by processing its own article as the first evidence row (idempotent)."""
    session.flush()
    return _add_evidence(
        session, item, item.article, "origin", item.evidence_sentence, (item.evidence_start, item.evidence_end)
    )


def _candidate_signatures(session: Session, article: Article, today: date) -> list[ItemSignature]:
    """Like ``_candidates`` but only the compared columns: cheap enough to run per directive."""
    since = datetime.combine(today - timedelta(days=CLUSTER_WINDOW_DAYS), datetime.min.time(), UTC)
    query = select(
        FollowUpItem.id,
        FollowUpItem.text,
        FollowUpItem.issuer,
        FollowUpItem.assignee,
        FollowUpItem.due_date,
        FollowUpItem.province_current,
    ).where(
        FollowUpItem.article_id != article.id,
        FollowUpItem.stale.is_(False),
        FollowUpItem.created_at >= since,
    )
    return [
        ItemSignature(text, issuer, assignee, due, item_id)
        for item_id, text, issuer, assignee, due, province in session.execute(query.order_by(FollowUpItem.id))
        if not article.province_current or province in (None, article.province_current)
    ]


def _candidates(session: Session, article: Article, today: date) -> list[FollowUpItem]:
    since = datetime.combine(today - timedelta(days=CLUSTER_WINDOW_DAYS), datetime.min.time(), UTC)
    query = select(FollowUpItem).where(
        FollowUpItem.article_id != article.id,
        FollowUpItem.stale.is_(False),
        FollowUpItem.created_at >= since,
    )
    items = list(session.scalars(query.order_by(FollowUpItem.id)))
    if article.province_current:
        # A directive of one province is never the same as another province's.
        items = [i for i in items if i.province_current in (None, article.province_current)]
    return items


def link_or_create_item(
    session: Session,
    article: Article,
    directive: Directive,
    today: date,
    *,
    routing: RoutingRules | None = None,
    cues: UpdateCues,
) -> tuple[FollowUpItem, bool]:
    """The item this directive reports: an existing one from another article, or a new one.

    A match (same folded wording, compatible issuer and assignee) adds an evidence row instead of a
    second item; when the sentence says the deadline was extended ("gia hạn", "lùi thời hạn") and
    the directive carries a new due date, the item's due date moves and the history says so. With
    ``routing``, a "second source" reply is queued in the item's thread. Returns ``(item, created)``.
    """
    from chidao.services.process import item_key

    signature = ItemSignature(directive.text, directive.issuer, directive.assignee, directive.due_date)
    found = best_match(signature, _candidate_signatures(session, article, today))
    if found is not None:
        item = session.get_one(FollowUpItem, found[0].item_id)
        extension = update_kind(directive.sentence, cues) == "extension"
        role = "extension" if extension and directive.due_date not in (None, item.due_date) else "source"
        if _add_evidence(session, item, article, role, directive.sentence, (directive.start, directive.end), found[1]):
            session.add(
                ItemHistory(
                    item_id=item.id,
                    actor=SYSTEM_ACTOR,
                    field="evidence",
                    new_value=article.canonical_url,
                    note=f"also reported by article {article.id} (similarity {found[1]:.2f})",
                )
            )
            if role == "extension":
                _extend(session, item, article, directive.deadline, directive.due_date, today)
            if routing is not None:
                queue_item_event(
                    session,
                    item,
                    routing,
                    EVENT_SECOND_SOURCE,
                    f"source:{item.id}:{article.id}",
                    _public_url(article),
                )
        return item, False
    item = FollowUpItem(
        article_id=article.id,
        item_key=item_key(directive.text),
        review_state="new",
        progress="open",
        text=directive.text,
        text_folded=fold(directive.text),
        kind=directive.kind,
        issuer=directive.issuer,
        assignee=directive.assignee,
        deadline_text=directive.deadline,
        due_date=directive.due_date,
        recurrence=directive.recurrence,
        evidence_sentence=directive.sentence,
        evidence_start=directive.start,
        evidence_end=directive.end,
        confidence=directive.confidence,
        province=article.province,
        province_current=article.province_current,
        topics=list(article.topics or []),
        source_url=article.canonical_url,
        status=compute_status(directive.due_date, None, today),
    )
    item.article = article
    session.add(item)
    session.flush()
    session.add(ItemHistory(item_id=item.id, actor=SYSTEM_ACTOR, field="created", new_value=item.text))
    record_origin_evidence(session, item)
    return item, True


def _public_url(article: Article) -> str | None:
    return None if article.canonical_url.startswith("entry:") else article.canonical_url


def _extend(
    session: Session,
    item: FollowUpItem,
    article: Article,
    deadline_text: str | None,
    due: date | None,
    today: date,
) -> None:
    note = f"deadline extended by article {article.id} ({article.canonical_url})"
    _change(session, item, "due_date", due, SYSTEM_ACTOR, note)
    _change(session, item, "deadline_text", deadline_text, SYSTEM_ACTOR, note)
    _refresh_status(session, item, today, SYSTEM_ACTOR, note)


@dataclass(frozen=True)
class ItemUpdate:
    item_id: int
    kind: str  # extension | completion
    sentence: str


def sentences_of(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for each sentence; ends at . ! ? ; … or a line break."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start(), text[start : match.start()]))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text), text[start:]))
    return spans


def apply_article_updates(
    session: Session,
    article: Article,
    today: date,
    *,
    cues: UpdateCues,
    deadline_parser: Callable[[str, date], tuple[str, date] | None] | None = None,
    routing: RoutingRules | None = None,
) -> list[ItemUpdate]:
    """Read a follow-up article for extensions and completions of items found elsewhere.

    A sentence with an extension cue ("gia hạn đến ngày 31/12/2025") moves the due date of the open
    item it mostly contains; one with a completion cue ("Sở Xây dựng đã hoàn thành việc nâng cấp
    ...") marks it done on the article's date. Each change is logged in the item's history with the
    article, and the article becomes an evidence row of the item. With ``routing``, a "status
    changed" reply is queued in the item's thread (once per item, article and kind).
    """
    parse = deadline_parser or partial(_parse_deadline, lunar_new_year=cues.lunar_new_year)
    updates: list[ItemUpdate] = []
    # Most articles have no follow-up sentence: look for cues before loading any item.
    cued = [
        (start, end, sentence, kind)
        for start, end, sentence in sentences_of(article.text or "")
        if (kind := update_kind(sentence, cues)) is not None
    ]
    if not cued:
        return updates
    candidates = [
        i
        for i in _candidates(session, article, today)
        if i.progress != PROGRESS_DONE and i.review_state != REVIEW_REJECTED
    ]
    reference = article.published or today
    for start, end, sentence, kind in cued:
        scored = [(update_containment(item.text, item.deadline_text, sentence, cues), item) for item in candidates]
        scored = [(score, item) for score, item in scored if score >= UPDATE_CONTAINMENT]
        if not scored:
            continue
        score, item = max(scored, key=lambda pair: (pair[0], -pair[1].id))
        if kind == "extension":
            parsed = parse(sentence, reference)
            if parsed is None or parsed[1] == item.due_date:
                continue
            _add_evidence(session, item, article, "extension", sentence.strip(), (start, end), score)
            _extend(session, item, article, parsed[0], parsed[1], today)
            detail = f"Gia hạn đến {format_date_vi(parsed[1])}"
        else:
            note = f"completion reported by article {article.id} ({article.canonical_url})"
            _add_evidence(session, item, article, "completion", sentence.strip(), (start, end), score)
            _change(session, item, "progress", PROGRESS_DONE, SYSTEM_ACTOR, note)
            _change(session, item, "completed_on", completion_date(sentence, reference, today), SYSTEM_ACTOR, note)
            _refresh_status(session, item, today, SYSTEM_ACTOR, note)
            candidates.remove(item)
            assert item.completed_on is not None
            detail = f"Đã hoàn thành ngày {format_date_vi(item.completed_on)}"
        if routing is not None:
            url = _public_url(article)
            queue_item_event(
                session,
                item,
                routing,
                EVENT_STATUS_CHANGED,
                f"update:{item.id}:{article.id}:{kind}",
                f"{detail} ({url})" if url else detail,
            )
        updates.append(ItemUpdate(item.id, kind, sentence.strip()))
    return updates


_WRITTEN_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")


def completion_date(sentence: str, reference: date, today: date) -> date:
    """The day a completion sentence names, else ``reference`` (the article's date, or today).

    "Sáng 28/9/2025, Sở đã hoàn thành ..." -> 2025-09-28; "Ngày 3/10, ..." takes the reference's
    year; a date after ``today`` (a plan, not a report) or an impossible one is ignored.
    """
    for day, month, year in _WRITTEN_DATE.findall(sentence):
        try:
            found = date(int(year) if year else reference.year, int(month), int(day))
        except ValueError:
            continue
        if found <= today:
            return found
    return reference


def _parse_deadline(sentence: str, reference: date, *, lunar_new_year: Mapping[int, date]) -> tuple[str, date] | None:
    from chidao.nlp.deadline import find_deadline, normalize_deadline

    expression = find_deadline(sentence)
    if expression is None:
        return None
    due, _recurrence = normalize_deadline(expression, reference, lunar_new_year=lunar_new_year)
    return None if due is None else (expression, due)


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
    from chidao.services.items import item_to_dict

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
    from chidao.services.items import item_to_dict

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
    """One sheet, header row frozen; list values joined with "; "."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "items"
    if rows:
        header = list(rows[0].keys())
        sheet.append(header)
        for row in rows:
            sheet.append(["; ".join(map(str, v)) if isinstance(v, list) else v for v in row.values()])
        sheet.freeze_panes = "A2"
    workbook.save(path)


__all__ = [
    "DailySummary",
    "ItemDetail",
    "ItemNotFound",
    "ItemUpdate",
    "TrackingReport",
    "action_span",
    "apply_article_updates",
    "build_report",
    "export_corrections",
    "export_rows",
    "item_detail",
    "link_or_create_item",
    "queue_reminders",
    "recompute_statuses",
    "record_origin_evidence",
    "review_item",
    "run_daily",
    "set_progress",
    "tracked_item_ids",
    "write_xlsx",
]
