"""Clustering fed by the real text stages: a portal article, a newspaper rewrite, a completion report.

The articles are written for this test. Expectations are on the item about the bridge, whatever
else the extractor finds, so that extractor refinements do not break it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from chidao.adapters.db import Database, FollowUpItem, ItemEvidence
from chidao.core.fold import fold
from chidao.nlp.analyze import shared_analyzer
from chidao.services import store
from chidao.settings import Settings
from tests.support.config import CUES
from tests.tracking.conftest import add_article

PORTAL = """Chủ tịch UBND tỉnh làm việc với Sở Giao thông vận tải về các công trình trọng điểm

Chiều 12/9/2025, đồng chí Lê Minh Tâm, Chủ tịch UBND tỉnh đã làm việc với Sở Giao thông vận tải.

Kết luận buổi làm việc, Chủ tịch UBND tỉnh Lê Minh Tâm yêu cầu Sở Giao thông vận tải khẩn trương hoàn \
thành việc sửa chữa cầu Tân An trước ngày 30/9/2025; phối hợp với UBND huyện Châu Thành bàn giao mặt \
bằng tuyến đường tránh trong tháng 10/2025.
"""
NEWSPAPER = """Đẩy nhanh tiến độ sửa chữa cầu Tân An

Ngày 12/9, Chủ tịch UBND tỉnh Lê Minh Tâm chủ trì buổi làm việc với Sở Giao thông vận tải.

Phát biểu kết luận, ông Lê Minh Tâm yêu cầu Sở Giao thông vận tải khẩn trương hoàn thành sửa chữa cầu \
Tân An trước ngày 30/9; đồng thời giao Sở Tài chính bố trí đủ kinh phí cho các công trình giao thông.
"""
COMPLETION = """Cầu Tân An được thông xe

Sáng 28/9/2025, Sở Giao thông vận tải cho biết đơn vị đã hoàn thành việc sửa chữa cầu Tân An, sớm hơn \
kế hoạch hai ngày.
"""


def test_portal_newspaper_and_completion_make_one_tracked_item(sqlite_url: str) -> None:
    analyzer = shared_analyzer(Settings().config_dir)
    db = Database(sqlite_url)
    db.upgrade()
    for url, raw in (
        ("https://tinh.gov.vn/tin/1", PORTAL),
        ("https://baotinh.vn/bai/2", NEWSPAPER),
        ("https://baotinh.vn/bai/3", COMPLETION),
    ):
        analysis = analyzer.analyze(raw)
        with db.session() as session:
            article = add_article(session, url, analysis.cleaned.text, published=analysis.classification.published)
            for directive in analysis.directives:
                store.link_or_create_item(session, article, directive, date(2025, 9, 13), cues=CUES)
            store.apply_article_updates(session, article, date(2025, 9, 29), cues=CUES)
    with db.session() as session:
        bridge = [i for i in session.scalars(select(FollowUpItem)) if "cau tan an" in i.text_folded]
        assert len(bridge) == 1
        item = bridge[0]
        assert (item.assignee, item.due_date) == ("Sở Giao thông vận tải", date(2025, 9, 30))
        assert (item.progress, item.completed_on, item.status) == ("done", date(2025, 9, 28), "done_on_time")
        evidence = session.scalars(
            select(ItemEvidence).where(ItemEvidence.item_id == item.id).order_by(ItemEvidence.id)
        )
        assert [(e.role, e.source_url) for e in evidence] == [
            ("origin", "https://tinh.gov.vn/tin/1"),
            ("source", "https://baotinh.vn/bai/2"),
            ("completion", "https://baotinh.vn/bai/3"),
        ]
        finance = [i for i in session.scalars(select(FollowUpItem)) if fold("kinh phí") in i.text_folded]
        assert [(i.assignee, i.article_id) for i in finance] == [("Sở Tài chính", 2)]
