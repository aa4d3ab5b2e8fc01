"""Tracking service on real databases (SQLite file and PostgreSQL): audit, clustering, updates, reminders."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from chidao.adapters.db import Database, FollowUpItem, ItemEvidence, ItemHistory, Notification
from chidao.core.tracking import FieldEdit
from chidao.services import store, tracking
from tests.support.config import CUES
from tests.tracking.conftest import ROUTING, add_article, directive_in

PORTAL = (
    "Chủ tịch UBND tỉnh Lê Minh Tâm yêu cầu Sở Giao thông vận tải khẩn trương hoàn thành việc "
    "sửa chữa cầu Tân An trước ngày 30/9/2025."
)
PORTAL_ACTION = "khẩn trương hoàn thành việc sửa chữa cầu Tân An trước ngày 30/9/2025"
NEWSPAPER = (
    "Tại buổi kiểm tra, ông Lê Minh Tâm giao Sở Giao thông vận tải khẩn trương hoàn thành sửa chữa "
    "cầu Tân An trước ngày 30/9; đồng thời yêu cầu Sở Tài chính bố trí đủ kinh phí cho việc sửa chữa cầu Tân An."
)
NEWSPAPER_ACTION = "khẩn trương hoàn thành sửa chữa cầu Tân An trước ngày 30/9"
NEWSPAPER_OTHER = "bố trí đủ kinh phí cho việc sửa chữa cầu Tân An"
TODAY = date(2025, 9, 1)


def _portal_item(db: Database) -> int:
    with db.session() as session:
        article = add_article(session, "https://tayninh.gov.vn/tin/1", PORTAL, published=date(2025, 8, 30))
        directive = directive_in(
            PORTAL,
            PORTAL_ACTION,
            issuer="Lê Minh Tâm",
            assignee="Sở Giao thông vận tải",
            deadline="trước ngày 30/9/2025",
            due=date(2025, 9, 30),
        )
        item, created = store.link_or_create_item(session, article, directive, TODAY, cues=CUES)
        assert created
        return item.id


def _history(db: Database, item_id: int) -> list[tuple[str, str, str | None, str | None, str | None]]:
    with db.session() as session:
        rows = session.scalars(select(ItemHistory).where(ItemHistory.item_id == item_id).order_by(ItemHistory.id))
        return [(h.actor, h.field, h.old_value, h.new_value, h.note) for h in rows]


def test_portal_and_newspaper_reports_are_one_item_with_two_sources(db: Database) -> None:
    item_id = _portal_item(db)
    with db.session() as session:
        paper = add_article(session, "https://baotayninh.vn/bai/2", NEWSPAPER, published=date(2025, 8, 31))
        same = directive_in(
            NEWSPAPER,
            NEWSPAPER_ACTION,
            issuer="Lê Minh Tâm",
            assignee="Sở Giao thông vận tải",
            deadline="trước ngày 30/9",
            due=date(2025, 9, 30),
        )
        other = directive_in(NEWSPAPER, NEWSPAPER_OTHER, issuer="Lê Minh Tâm", assignee="Sở Tài chính")
        linked, created = store.link_or_create_item(session, paper, same, TODAY, routing=ROUTING, cues=CUES)
        assert (linked.id, created) == (item_id, False)
        second, created_other = store.link_or_create_item(session, paper, other, TODAY, routing=ROUTING, cues=CUES)
        assert created_other and second.id != item_id
        paper_id = paper.id
    with db.session() as session:
        evidence = session.scalars(
            select(ItemEvidence).where(ItemEvidence.item_id == item_id).order_by(ItemEvidence.id)
        )
        assert [(e.role, e.source_url) for e in evidence] == [
            ("origin", "https://tayninh.gov.vn/tin/1"),
            ("source", "https://baotayninh.vn/bai/2"),
        ]
        assert session.scalar(select(FollowUpItem.due_date).where(FollowUpItem.id == item_id)) == date(2025, 9, 30)
        events = list(session.scalars(select(Notification).where(Notification.kind == "item_event")))
        assert [(n.dedup_key, n.channel, n.item_id) for n in events] == [
            (f"source:{item_id}:{paper_id}", "#theo-doi", item_id)
        ]
        assert events[0].payload["event"] == "second_source"
        assert events[0].payload["text"].startswith("Thêm nguồn đưa tin: khẩn trương hoàn thành việc sửa chữa")
    history = _history(db, item_id)
    assert history[0][:2] == ("chidao", "created")
    assert history[1][:4] == ("chidao", "evidence", None, "https://baotayninh.vn/bai/2")


def test_reprocessing_the_second_source_adds_nothing(db: Database) -> None:
    item_id = _portal_item(db)
    with db.session() as session:
        paper = add_article(session, "https://baotayninh.vn/bai/2", NEWSPAPER)
        same = directive_in(NEWSPAPER, NEWSPAPER_ACTION, assignee="Sở Giao thông vận tải")
        store.link_or_create_item(session, paper, same, TODAY, routing=ROUTING, cues=CUES)
        store.link_or_create_item(session, paper, same, TODAY, routing=ROUTING, cues=CUES)
    with db.session() as session:
        assert len(list(session.scalars(select(ItemEvidence).where(ItemEvidence.item_id == item_id)))) == 2
        assert len(list(session.scalars(select(Notification)))) == 1


def test_other_province_is_never_the_same_item(db: Database) -> None:
    _portal_item(db)
    with db.session() as session:
        paper = add_article(session, "https://baolongan.vn/bai/9", NEWSPAPER, province_current="Đồng Nai")
        _, created = store.link_or_create_item(
            session, paper, directive_in(NEWSPAPER, NEWSPAPER_ACTION), TODAY, cues=CUES
        )
        assert created


def test_extension_in_a_later_directive_moves_the_due_date(db: Database) -> None:
    item_id = _portal_item(db)
    text = (
        "UBND tỉnh đồng ý gia hạn cho Sở Giao thông vận tải khẩn trương hoàn thành sửa chữa cầu Tân An "
        "trước ngày 31/12/2025."
    )
    with db.session() as session:
        later = add_article(session, "https://tayninh.gov.vn/tin/3", text)
        directive = directive_in(
            text,
            "khẩn trương hoàn thành sửa chữa cầu Tân An trước ngày 31/12/2025",
            assignee="Sở Giao thông vận tải",
            deadline="trước ngày 31/12/2025",
            due=date(2025, 12, 31),
        )
        _, created = store.link_or_create_item(session, later, directive, date(2025, 10, 2), cues=CUES)
        assert not created
    with db.session() as session:
        stored = session.get(FollowUpItem, item_id)
        assert stored is not None
        assert (stored.due_date, stored.deadline_text, stored.status) == (
            date(2025, 12, 31),
            "trước ngày 31/12/2025",
            "open_on_time",
        )
        roles = list(session.scalars(select(ItemEvidence.role).where(ItemEvidence.item_id == item_id)))
        assert roles == ["origin", "extension"]
    note = "deadline extended by article 2 (https://tayninh.gov.vn/tin/3)"
    changes = [h for h in _history(db, item_id) if h[1] in ("due_date", "deadline_text")]
    assert changes == [
        ("chidao", "due_date", "2025-09-30", "2025-12-31", note),
        ("chidao", "deadline_text", "trước ngày 30/9/2025", "trước ngày 31/12/2025", note),
    ]


def test_follow_up_article_reports_extension_then_completion(db: Database) -> None:
    item_id = _portal_item(db)
    extension = (
        "Theo báo cáo của Sở Giao thông vận tải, do mưa kéo dài, UBND tỉnh đồng ý lùi thời hạn sửa chữa "
        "cầu Tân An đến ngày 15/11/2025. Các công trình khác vẫn đúng tiến độ."
    )
    completion = "Sở Giao thông vận tải đã hoàn thành việc sửa chữa cầu Tân An và thông xe từ sáng nay."
    with db.session() as session:
        first = add_article(session, "https://baotayninh.vn/bai/5", extension, published=date(2025, 9, 25))
        updates = store.apply_article_updates(session, first, date(2025, 9, 26), cues=CUES)
        assert [(u.item_id, u.kind) for u in updates] == [(item_id, "extension")]
    with db.session() as session:
        item = session.get(FollowUpItem, item_id)
        assert item is not None and item.due_date == date(2025, 11, 15)
        assert item.deadline_text == "đến ngày 15/11/2025"
    with db.session() as session:
        done = add_article(session, "https://baotayninh.vn/bai/6", completion, published=date(2025, 11, 20))
        updates = store.apply_article_updates(session, done, date(2025, 11, 21), routing=ROUTING, cues=CUES)
        assert [(u.item_id, u.kind) for u in updates] == [(item_id, "completion")]
        # The same article read again changes nothing.
        assert store.apply_article_updates(session, done, date(2025, 11, 21), routing=ROUTING, cues=CUES) == []
        events = list(session.scalars(select(Notification)))
        assert [(n.dedup_key, n.payload["event"]) for n in events] == [
            (f"update:{item_id}:{done.id}:completion", "status_changed")
        ]
        assert (
            "Đã hoàn thành ngày 20/11/2025 (https://baotayninh.vn/bai/6)"
            in events[0].payload["blocks"][0]["text"]["text"]
        )
    with db.session() as session:
        item = session.get(FollowUpItem, item_id)
        assert item is not None
        assert (item.progress, item.completed_on, item.status) == ("done", date(2025, 11, 20), "done_late")
        roles = list(session.scalars(select(ItemEvidence.role).where(ItemEvidence.item_id == item_id)))
        assert roles == ["origin", "extension", "completion"]
    fields = [(h[1], h[2], h[3]) for h in _history(db, item_id)]
    assert fields[-3:] == [
        ("progress", "open", "done"),
        ("completed_on", None, "2025-11-20"),
        ("status", "open_on_time", "done_late"),
    ]


def test_review_decisions_are_audited(db: Database) -> None:
    item_id = _portal_item(db)
    tracking.review_item(db, item_id, decision="confirm", actor="lan", note="đúng")
    tracking.review_item(
        db,
        item_id,
        decision="edit",
        edits=[FieldEdit("assignee", "Sở Xây dựng"), FieldEdit("due_date", date(2025, 9, 15))],
        actor="lan",
        today=date(2025, 9, 20),
    )
    tracking.review_item(db, item_id, decision="reject", actor="minh", note="không phải chỉ đạo")
    assert _history(db, item_id)[1:] == [
        ("lan", "review_state", "new", "confirmed", "đúng"),
        ("lan", "assignee", "Sở Giao thông vận tải", "Sở Xây dựng", None),
        ("lan", "due_date", "2025-09-30", "2025-09-15", None),
        ("lan", "status", "open_on_time", "open_overdue", "due date edited"),
        ("lan", "review_state", "confirmed", "edited", None),
        ("minh", "review_state", "edited", "rejected", "không phải chỉ đạo"),
    ]
    with db.session() as session:
        assert session.get(FollowUpItem, item_id) is not None  # rejected, kept


def test_progress_changes_are_audited(db: Database) -> None:
    item_id = _portal_item(db)
    tracking.set_progress(db, item_id, "in_progress", actor="lan", today=date(2025, 9, 10))
    tracking.set_progress(db, item_id, "done", actor="lan", completed_on=date(2025, 9, 30), today=date(2025, 10, 3))
    tracking.set_progress(db, item_id, "open", actor="minh", note="chưa xong", today=date(2025, 10, 4))
    assert [h[:4] for h in _history(db, item_id)[1:]] == [
        ("lan", "progress", "open", "in_progress"),
        ("lan", "progress", "in_progress", "done"),
        ("lan", "completed_on", None, "2025-09-30"),
        ("lan", "status", "open_on_time", "done_on_time"),
        ("minh", "progress", "done", "open"),
        ("minh", "completed_on", "2025-09-30", None),
        ("minh", "status", "done_on_time", "open_overdue"),
    ]


def test_completion_in_the_future_is_refused(db: Database) -> None:
    item_id = _portal_item(db)
    with pytest.raises(ValueError, match=r"^2025-09-02 is in the future$"):
        tracking.set_progress(db, item_id, "done", actor="lan", completed_on=date(2025, 9, 2), today=TODAY)
    assert _history(db, item_id)[1:] == []


def test_unknown_item(db: Database) -> None:
    with pytest.raises(tracking.ItemNotFound, match=r"^no item with id 42$"):
        tracking.review_item(db, 42, decision="confirm", actor="lan")


def test_reminders_queued_once_across_daily_runs(db: Database) -> None:
    item_id = _portal_item(db)

    def keys() -> list[str]:
        with db.session() as session:
            return list(session.scalars(select(Notification.dedup_key).order_by(Notification.id)))

    assert tracking.run_daily(db, ROUTING, date(2025, 9, 22)).reminders_queued == 0
    first = tracking.run_daily(db, ROUTING, date(2025, 9, 23))
    second = tracking.run_daily(db, ROUTING, date(2025, 9, 24))
    assert (first.reminders_queued, second.reminders_queued) == (1, 0)
    assert tracking.run_daily(db, ROUTING, date(2025, 9, 29)).reminders_queued == 1
    assert tracking.run_daily(db, ROUTING, date(2025, 9, 30)).reminders_queued == 0
    overdue = tracking.run_daily(db, ROUTING, date(2025, 10, 1))
    assert overdue.reminders_queued == 1
    assert overdue.status_changes == [(item_id, "open_on_time", "open_overdue")]
    assert tracking.run_daily(db, ROUTING, date(2025, 10, 2)).reminders_queued == 0
    assert keys() == [
        f"reminder:{item_id}:due_7d:2025-09-30",
        f"reminder:{item_id}:due_1d:2025-09-30",
        f"reminder:{item_id}:overdue:2025-09-30",
    ]
    with db.session() as session:
        row = session.scalars(select(Notification).order_by(Notification.id.desc())).first()
        assert row is not None
        assert (row.kind, row.item_id, row.channel, row.state) == ("item_event", item_id, "#theo-doi", "pending")
        assert row.payload["text"] == "Quá hạn: khẩn trương hoàn thành việc sửa chữa cầu Tân An trước ngày 30/9/2025"
        assert "Quá hạn 1 ngày" in row.payload["blocks"][0]["text"]["text"]
    status_history = [h for h in _history(db, item_id) if h[1] == "status"]
    assert status_history == [("chidao", "status", "open_on_time", "open_overdue", "daily recompute 2025-10-01")]


def test_rejected_and_done_items_get_no_reminders(db: Database) -> None:
    item_id = _portal_item(db)
    tracking.review_item(db, item_id, decision="reject", actor="lan")
    assert tracking.run_daily(db, ROUTING, date(2025, 9, 29)).reminders_queued == 0
    tracking.review_item(db, item_id, decision="confirm", actor="lan")
    tracking.set_progress(db, item_id, "done", actor="lan", completed_on=date(2025, 9, 28))
    assert tracking.run_daily(db, ROUTING, date(2025, 9, 29)).reminders_queued == 0


def test_export_corrections_in_gold_format(db: Database) -> None:
    item_id = _portal_item(db)
    with db.session() as session:
        paper = add_article(session, "https://baotayninh.vn/bai/2", NEWSPAPER)
        other = directive_in(NEWSPAPER, NEWSPAPER_OTHER, issuer="Lê Minh Tâm", assignee="Sở Tài chính")
        rejected_id = store.link_or_create_item(session, paper, other, TODAY, cues=CUES)[0].id
    tracking.review_item(db, item_id, decision="edit", edits=[FieldEdit("deadline_text", "trước 30/9")], actor="lan")
    tracking.review_item(db, rejected_id, decision="reject", actor="lan")
    exported = tracking.export_corrections(db)
    assert [a["article"] for a in exported] == ["https://tayninh.gov.vn/tin/1", "https://baotayninh.vn/bai/2"]
    portal, paper_export = exported
    assert portal["items"] == [
        {
            "text": PORTAL_ACTION,
            "kind": "directive",
            "issuer": "Lê Minh Tâm",
            "assignee": "Sở Giao thông vận tải",
            "deadline": "trước 30/9",
        }
    ]
    assert portal["corrections"] == [
        {"item_id": item_id, "field": "deadline", "old": "trước ngày 30/9/2025", "new": "trước 30/9", "by": "lan"}
    ]
    assert (portal["has_directives"], portal["unreviewed"], portal["text"]) == (True, 0, PORTAL)
    assert paper_export["items"] == [] and paper_export["has_directives"] is False
    assert paper_export["rejected"][0]["text"] == NEWSPAPER_OTHER


def test_report_counts_per_assignee_and_issuer(db: Database) -> None:
    item_id = _portal_item(db)
    with db.session() as session:
        paper = add_article(session, "https://baotayninh.vn/bai/2", NEWSPAPER)
        other = directive_in(NEWSPAPER, NEWSPAPER_OTHER, issuer="Lê Minh Tâm", assignee="Sở Tài chính")
        store.link_or_create_item(session, paper, other, TODAY, cues=CUES)
    tracking.set_progress(db, item_id, "done", actor="lan", completed_on=date(2025, 9, 29))
    report = tracking.build_report(db, date(2025, 10, 5), weeks=2)
    by_assignee = {g.name: (g.counts, g.on_time_rate) for g in report.by_assignee}
    assert by_assignee["Sở Giao thông vận tải"][0]["done_on_time"] == 1
    assert by_assignee["Sở Giao thông vận tải"][1] == 1.0
    assert by_assignee["Sở Tài chính"][0]["no_deadline"] == 1
    assert by_assignee["Sở Tài chính"][1] is None
    assert [(g.name, g.total) for g in report.by_issuer] == [("Lê Minh Tâm", 2)]
    assert report.total.total == 2
    assert [day for day, _ in report.timeline] == [date(2025, 9, 28), date(2025, 10, 5)]
