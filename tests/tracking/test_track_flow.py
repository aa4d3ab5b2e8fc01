"""The daily ``track`` flow under a real Prefect test API: statuses recomputed, reminders queued once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from chidao.adapters.db import Database, FollowUpItem, Notification
from chidao.services import store
from tests.support.config import CUES
from tests.tracking.conftest import add_article, directive_in

TEXT = "Chủ tịch UBND tỉnh yêu cầu Sở Công Thương hoàn thành kiểm tra các chợ đầu mối trước ngày 30/9/2025."


@pytest.mark.slow
@pytest.mark.prefect
def test_track_flow_twice(prefect_harness: None, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from chidao.flows.track import track

    db = Database(sqlite_url)
    db.upgrade()
    with db.session() as session:
        article = add_article(session, "https://tinh.gov.vn/tin/1", TEXT)
        directive = directive_in(
            TEXT,
            "hoàn thành kiểm tra các chợ đầu mối trước ngày 30/9/2025",
            assignee="Sở Công Thương",
            deadline="trước ngày 30/9/2025",
            due=date(2025, 9, 30),
        )
        item_id = store.link_or_create_item(session, article, directive, date(2025, 9, 1), cues=CUES)[0].id
    monkeypatch.setenv("CHIDAO_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CHIDAO_SLACK_CHANNEL", "#nhac-viec")

    assert track(today="2025-10-01") == {"items": 1, "status_changes": 1, "reminders_queued": 1}
    assert track(today="2025-10-01") == {"items": 1, "status_changes": 0, "reminders_queued": 0}
    with db.session() as session:
        rows = list(session.scalars(select(Notification)))
        assert [(n.dedup_key, n.kind, n.channel) for n in rows] == [
            (f"reminder:{item_id}:overdue:2025-09-30", "item_event", "#nhac-viec")
        ]
        assert session.scalar(select(FollowUpItem.status)) == "open_overdue"
