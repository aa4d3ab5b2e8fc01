"""Migration 0002 on both backends: items stored before it get their origin evidence row."""

from __future__ import annotations

from sqlalchemy import select

from chidao.adapters.db import Database, FollowUpItem, ItemEvidence, upgrade_database
from tests.tracking.conftest import add_article

TEXT = "Giám đốc Sở yêu cầu các phòng rà soát hồ sơ tồn đọng."


def test_existing_items_get_origin_evidence(empty_database_url: str) -> None:
    upgrade_database(empty_database_url, revision="0001")
    db = Database(empty_database_url)
    try:
        with db.session() as session:
            article = add_article(session, "https://so.gov.vn/tin/1", TEXT)
            session.add(
                FollowUpItem(
                    article_id=article.id,
                    item_key="k",
                    text="rà soát hồ sơ tồn đọng",
                    kind="directive",
                    evidence_sentence=TEXT,
                    evidence_start=34,
                    evidence_end=56,
                    source_url=article.canonical_url,
                )
            )
        db.upgrade()
        with db.session() as session:
            rows = [
                (e.item_id, e.role, e.source_url, e.sentence, e.start, e.end)
                for e in session.scalars(select(ItemEvidence))
            ]
        assert rows == [(1, "origin", "https://so.gov.vn/tin/1", TEXT, 34, 56)]
    finally:
        db.dispose()
