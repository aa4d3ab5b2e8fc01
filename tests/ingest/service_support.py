"""Feeds and articles written for the ingest service tests (invented text, no corpus material)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

from sqlalchemy import func, select

from chidao.adapters.db import Article, Database, FeedEntryRow, FetchLog
from chidao.core.feeds import FeedSpec
from chidao.services.poll import sync_feeds

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)

# Two unrelated invented articles, long enough for full-text extraction and duplicate detection.
FLOOD_PARAGRAPHS = (
    "Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị trực tuyến với các xã, phường về công tác phòng, chống "
    "thiên tai trong mùa mưa bão năm nay, với sự tham dự của lãnh đạo các sở, ngành và lực lượng vũ trang.",
    "Theo báo cáo của cơ quan khí tượng, từ đầu tháng đến nay trên địa bàn đã xảy ra nhiều đợt mưa lớn, gây "
    "ngập úng cục bộ tại các khu dân cư ven sông và làm sạt lở nhiều đoạn đường giao thông nông thôn.",
    "Kết luận hội nghị, Chủ tịch UBND tỉnh yêu cầu Sở Nông nghiệp và Môi trường rà soát toàn bộ hồ chứa xung "
    "yếu, hoàn thành phương án vận hành an toàn trước ngày 15/10/2026.",
    "Đồng thời giao Sở Xây dựng kiểm tra các tuyến đường có nguy cơ sạt lở, bố trí biển cảnh báo và lực lượng "
    "trực gác tại những điểm xung yếu ngay trong tháng này.",
)
MARKET_PARAGRAPHS = (
    "Chiều qua, đoàn công tác của tỉnh đã khảo sát tiến độ xây dựng chợ đầu mối nông sản tại khu vực phía tây "
    "thành phố, nơi dự kiến trở thành điểm trung chuyển hàng hóa lớn nhất của vùng trong những năm tới.",
    "Chủ đầu tư cho biết phần móng và hệ thống thoát nước đã cơ bản hoàn thành, khối lượng còn lại tập trung "
    "vào nhà lồng chính, bãi đỗ xe tải và khu sơ chế rau quả phục vụ thương lái trong và ngoài tỉnh.",
    "Các hộ tiểu thương bày tỏ mong muốn sớm được bố trí ki-ốt với mức giá thuê hợp lý, thủ tục đơn giản và có "
    "chính sách hỗ trợ trong thời gian đầu chuyển sang kinh doanh tại chợ mới.",
)


def html_of(paragraphs: Sequence[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


@dataclass(frozen=True)
class Item:
    title: str
    link: str
    guid: str | None = None
    summary: str = ""
    content_html: str | None = None


def rss(items: Sequence[Item], *, ttl_minutes: int | None = None) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>']
    parts.append('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>')
    parts.append("<title>Cổng thông tin thử nghiệm</title><link>http://example.invalid/</link>")
    if ttl_minutes is not None:
        parts.append(f"<ttl>{ttl_minutes}</ttl>")
    for item in items:
        parts.append(f"<item><title>{escape(item.title)}</title><link>{escape(item.link)}</link>")
        if item.guid:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        parts.append(f"<description>{escape(item.summary)}</description>")
        if item.content_html is not None:
            parts.append(f"<content:encoded><![CDATA[{item.content_html}]]></content:encoded>")
        parts.append("<pubDate>Mon, 31 Aug 2026 09:00:00 +0700</pubDate></item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def add_feeds(db: Database, *specs: FeedSpec) -> None:
    sync_feeds(db, list(specs))


def later(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)


def count(db: Database, model: type[Article] | type[FeedEntryRow] | type[FetchLog]) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def articles(db: Database) -> list[Article]:
    with db.session() as session:
        return list(session.scalars(select(Article).order_by(Article.id)))
