"""Store items: the write path from an analysed article to follow-up items.

A directive becomes a new item, or evidence of an item another article already reported (clustering); a
re-processed article refreshes its items (a reviewer's edits win) and marks the ones its edit removed as
stale; a follow-up article that extends a deadline or reports completion updates the item it names.
Every change goes to the item's history (``chidao.services.history``); the thread replies these changes
deserve are queued through the outbox (``chidao.services.outbox``), in the same transaction.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from chidao.adapters.db import Article, FollowUpItem, ItemEvidence
from chidao.core.clustering import (
    UPDATE_CONTAINMENT,
    ItemSignature,
    UpdateCues,
    best_match,
    update_containment,
    update_kind,
)
from chidao.core.fold import fold
from chidao.core.messages import EVENT_SECOND_SOURCE, EVENT_STATUS_CHANGED, format_date_vi
from chidao.core.models import Directive
from chidao.core.routing import RoutingRules
from chidao.core.tracking import PROGRESS_DONE, REVIEW_REJECTED, compute_status
from chidao.services.history import SYSTEM_ACTOR, change, record_history
from chidao.services.outbox import enqueue_item_event, public_url

# Reports of one directive arrive within weeks; comparing with older items only costs time.
CLUSTER_WINDOW_DAYS = 180
_SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+|\n+")
_SPACE = re.compile(r"\s+")
# Fields whose change by re-extraction is worth a history row.
_TRACKED_FIELDS = ("issuer", "assignee", "deadline_text", "due_date", "kind")


def item_key(text: str) -> str:
    """Stable per-article identity of an item: its folded, space-collapsed text."""
    return hashlib.sha256(_SPACE.sub(" ", fold(text)).strip().encode()).hexdigest()[:32]


def refresh_status(session: Session, item: FollowUpItem, today: date, actor: str, note: str | None) -> bool:
    return change(session, item, "status", compute_status(item.due_date, item.completed_on, today), actor, note)


# --- items of the article itself -----------------------------------------------------------------


def fill_item(item: FollowUpItem, d: Directive, article: Article, today: date) -> None:
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


def refresh_item(session: Session, item: FollowUpItem, d: Directive, article: Article, today: date) -> None:
    """Re-extraction may refine fields; a reviewer's edits win and are never overwritten."""
    if item.review_state in ("confirmed", "edited", "rejected"):
        return
    before = {name: getattr(item, name) for name in _TRACKED_FIELDS}
    fill_item(item, d, article, today)
    item.stale = False
    for name in _TRACKED_FIELDS:
        old, new = before[name], getattr(item, name)
        if old != new:
            record_history(session, item.id, name, actor=SYSTEM_ACTOR, old=old, new=new, note="article re-processed")


def mark_stale(session: Session, item: FollowUpItem) -> None:
    """An edit removed this directive from its article: keep the item, mark it, never delete."""
    if not item.stale:
        item.stale = True
        note = "no longer in the edited article"
        record_history(session, item.id, "stale", actor=SYSTEM_ACTOR, old="false", new="true", note=note)


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
    extension = update_kind(directive.sentence, cues) == "extension"
    signature = ItemSignature(
        directive.text, directive.issuer, directive.assignee, directive.due_date, extends_deadline=extension
    )
    found = best_match(signature, _candidate_signatures(session, article, today))
    if found is not None:
        item = session.get_one(FollowUpItem, found[0].item_id)
        role = "extension" if extension and directive.due_date not in (None, item.due_date) else "source"
        if _add_evidence(session, item, article, role, directive.sentence, (directive.start, directive.end), found[1]):
            note = f"also reported by article {article.id} (similarity {found[1]:.2f})"
            record_history(session, item.id, "evidence", actor=SYSTEM_ACTOR, new=article.canonical_url, note=note)
            if role == "extension":
                _extend(session, item, article, directive.deadline, directive.due_date, today)
            if routing is not None:
                enqueue_item_event(
                    session,
                    item,
                    routing,
                    EVENT_SECOND_SOURCE,
                    f"source:{item.id}:{article.id}",
                    public_url(article),
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
    record_history(session, item.id, "created", actor=SYSTEM_ACTOR, new=item.text)
    record_origin_evidence(session, item)
    return item, True


def _extend(
    session: Session,
    item: FollowUpItem,
    article: Article,
    deadline_text: str | None,
    due: date | None,
    today: date,
) -> None:
    note = f"deadline extended by article {article.id} ({article.canonical_url})"
    change(session, item, "due_date", due, SYSTEM_ACTOR, note)
    change(session, item, "deadline_text", deadline_text, SYSTEM_ACTOR, note)
    refresh_status(session, item, today, SYSTEM_ACTOR, note)


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
            change(session, item, "progress", PROGRESS_DONE, SYSTEM_ACTOR, note)
            change(session, item, "completed_on", completion_date(sentence, reference, today), SYSTEM_ACTOR, note)
            refresh_status(session, item, today, SYSTEM_ACTOR, note)
            candidates.remove(item)
            assert item.completed_on is not None
            detail = f"Đã hoàn thành ngày {format_date_vi(item.completed_on)}"
        if routing is not None:
            url = public_url(article)
            enqueue_item_event(
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
