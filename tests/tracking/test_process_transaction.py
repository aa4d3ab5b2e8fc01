"""The process stage analyses outside any database transaction, and an article edited meanwhile is left for
the next run (real spaCy analyzer, real SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select

from chidao.adapters.db import Article, Database, FollowUpItem
from chidao.core.models import ArticleAnalysis
from chidao.nlp.analyze import TextAnalyzer, shared_analyzer
from chidao.resources import bundled_config_dir
from chidao.services.process import process_articles
from tests.tracking.conftest import ROUTING

TEXT = (
    "Hội nghị giao ban tháng 10 của UBND tỉnh Tây Ninh\n\n"
    "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng hoàn thành sửa chữa đường tỉnh 786 trước ngày 30/11/2025."
)
EDITED = TEXT + "\nGiám đốc Sở Tài chính cam kết bố trí đủ vốn trong tháng 12/2025."


def pending_article(db: Database, text: str) -> int:
    with db.session() as session:
        article = Article(
            canonical_url="https://tayninh.example.vn/giao-ban.html",
            raw_text=text,
            text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            state="pending",
        )
        session.add(article)
        session.flush()
        return article.id


class Watching(TextAnalyzer):
    """The real analyzer; records how many database connections are checked out while it works, and can
    play a poll that stores an edit of the article meanwhile."""

    def __init__(self, db: Database, edit_to: str | None = None) -> None:
        real = shared_analyzer(bundled_config_dir())
        super().__init__(real.extractor, real.classifier, real.update_cues)
        self.db = db
        self.edit_to = edit_to
        self.connections_in_use: list[int] = []

    def analyze(self, raw_text: str, **labels: object) -> ArticleAnalysis:
        self.connections_in_use.append(self.db.engine.pool.checkedout())  # type: ignore[attr-defined]
        if self.edit_to is not None:
            with self.db.session() as session:
                article = session.scalars(select(Article)).one()
                article.raw_text = article.text = self.edit_to
                article.content_hash = hashlib.sha256(self.edit_to.encode()).hexdigest()
                article.state = "pending"
        return super().analyze(raw_text, **labels)  # type: ignore[arg-type]


def test_no_connection_is_held_while_the_text_is_analysed(db: Database) -> None:
    article_id = pending_article(db, TEXT)
    analyzer = Watching(db)

    summary = process_articles(db, analyzer, ROUTING, [article_id], today=date(2025, 11, 3))

    assert analyzer.connections_in_use == [0]
    assert summary.processed_article_ids == [article_id]
    with db.session() as session:
        texts = session.scalars(select(FollowUpItem.text)).all()
    assert texts == ["hoàn thành sửa chữa đường tỉnh 786 trước ngày 30/11/2025"]


def test_an_article_edited_during_its_analysis_is_left_pending_for_the_next_run(db: Database) -> None:
    article_id = pending_article(db, TEXT)

    first = process_articles(db, Watching(db, edit_to=EDITED), ROUTING, [article_id], today=date(2025, 11, 3))

    assert (first.processed_article_ids, first.changed_meanwhile) == ([], [article_id])
    with db.session() as session:
        assert session.get_one(Article, article_id).state == "pending"
        assert session.scalars(select(FollowUpItem.id)).all() == []

    second = process_articles(db, Watching(db), ROUTING, [article_id], today=date(2025, 11, 3))

    assert second.processed_article_ids == [article_id]
    with db.session() as session:
        assert session.get_one(Article, article_id).state == "processed"
        assert len(session.scalars(select(FollowUpItem.id)).all()) == 2
