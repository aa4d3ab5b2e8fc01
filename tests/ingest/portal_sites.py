"""Invented portals served on loopback, shaped like real Vietnamese provincial sites.

Every name, headline and sentence here is made up. A :class:`Site` is a dict of paths served by one
``pytest_httpserver`` handler, so a test can change a page between polls (a new layout, a new article) and
see exactly which paths were requested.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"

# Invented article bodies, long enough for trafilatura to call them articles.
BODIES = (
    (
        "Chiều nay, Ủy ban nhân dân tỉnh Hòa Lâm tổ chức phiên họp chuyên đề về tiến độ giải ngân vốn đầu tư công "
        "với sự tham dự của lãnh đạo các sở, ban, ngành và chủ tịch ủy ban nhân dân các xã, phường trong tỉnh.",
        "Theo báo cáo của Sở Tài chính, đến hết tháng tám toàn tỉnh mới giải ngân được một phần ba kế hoạch vốn, "
        "nhiều công trình giao thông liên xã còn vướng mặt bằng và thủ tục điều chỉnh dự án kéo dài.",
        "Kết luận phiên họp, Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng rà soát các gói thầu chậm tiến độ, báo cáo "
        "phương án xử lý trước ngày 20/9/2026 để trình thường trực tỉnh xem xét.",
    ),
    (
        "Sáng nay, đoàn công tác của tỉnh Hòa Lâm đã kiểm tra công tác chuẩn bị năm học mới tại một số trường "
        "học vùng cao, nơi nhiều phòng học tạm vừa được thay thế bằng các dãy nhà kiên cố hai tầng.",
        "Hiệu trưởng các trường cho biết đội ngũ giáo viên cơ bản đủ về số lượng, song còn thiếu giáo viên tiếng "
        "Anh và tin học, thiết bị dạy học tối thiểu cho các lớp đầu cấp chưa được bổ sung kịp thời.",
        "Phó Chủ tịch UBND tỉnh giao Sở Giáo dục và Đào tạo phối hợp với các địa phương bố trí đủ giáo viên, "
        "hoàn thành việc mua sắm thiết bị trước ngày khai giảng năm học mới.",
    ),
    (
        "Tối qua, mưa lớn kéo dài trên địa bàn các xã phía tây tỉnh Hòa Lâm đã làm ngập cục bộ nhiều tuyến "
        "đường liên thôn, một số điểm sạt lở taluy dương khiến giao thông bị chia cắt trong nhiều giờ.",
        "Lực lượng công an, quân sự và dân quân địa phương đã có mặt kịp thời, hỗ trợ người dân di chuyển tài "
        "sản, cắm biển cảnh báo và phân luồng phương tiện tại những vị trí nguy hiểm.",
        "Chủ tịch UBND tỉnh chỉ đạo Sở Nông nghiệp và Môi trường theo dõi chặt chẽ diễn biến thời tiết, chủ "
        "động phương án sơ tán dân ở vùng có nguy cơ sạt lở cao ngay trong tuần này.",
    ),
)


@dataclass
class Site:
    """Paths -> (status, content type, body) on one loopback server; ``requests`` lists every path asked for."""

    server: HTTPServer
    pages: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server.expect_request(re.compile(".*")).respond_with_handler(self._handle)

    def _handle(self, request: Request) -> Response:
        path = request.full_path.rstrip("?")
        self.requests.append(path)
        status, content_type, body = self.pages.get(path, (404, TEXT, b"not found"))
        return Response(body, status=status, content_type=content_type)

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def put(self, path: str, body: str | bytes, content_type: str = HTML, status: int = 200) -> None:
        self.pages[path] = (status, content_type, body.encode("utf-8") if isinstance(body, str) else body)

    def asked(self, prefix: str) -> list[str]:
        return [p for p in self.requests if p.startswith(prefix)]


def article_page(title: str, body: Sequence[str], *, head: str = "", dateline: str = "", lead: str = "") -> str:
    """An article page as portals print it: metadata in ``head``, a date line and a lead above the body."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body)
    return (
        f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{escape(title)} - Cổng TTĐT tỉnh"
        f"</title>{head}</head><body><header><nav><a href='/'>Trang chủ</a> <a href='/tin-trong-tinh'>Tin trong"
        f" tỉnh</a></nav></header><main><article><h1>{escape(title)}</h1>"
        f"<div class='post-date'>{escape(dateline)}</div>"
        f"<p class='sapo'>{escape(lead)}</p>{paragraphs}</article></main>"
        "<footer>Cổng thông tin điện tử tỉnh Hòa Lâm (tỉnh không có thật)</footer></body></html>"
    )


def urlset(entries: Sequence[tuple[str, str | None]], *, news_titles: Sequence[str] = ()) -> str:
    """A ``<urlset>``; with ``news_titles`` a Google News sitemap (publication date = the lastmod)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ]
    for index, (loc, lastmod) in enumerate(entries):
        parts.append(f"<url><loc>{escape(loc)}</loc>")
        if lastmod:
            parts.append(f"<lastmod>{lastmod}</lastmod>")
        if index < len(news_titles):
            parts.append(
                "<news:news><news:publication><news:name>Báo Hòa Lâm</news:name><news:language>vi</news:language>"
                f"</news:publication><news:publication_date>{lastmod}</news:publication_date>"
                f"<news:title>{escape(news_titles[index])}</news:title></news:news>"
            )
        parts.append("</url>")
    parts.append("</urlset>")
    return "".join(parts)


def sitemap_index(children: Sequence[tuple[str, str | None]]) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, lastmod in children:
        parts.append(f"<sitemap><loc>{escape(loc)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else ""))
        parts.append("</sitemap>")
    parts.append("</sitemapindex>")
    return "".join(parts)


def listing_page(items: Sequence[tuple[str, str]], *, next_href: str | None = None, layout: str = "old") -> str:
    """A "Tin trong tỉnh" section page; ``layout="new"`` is the redesign that renames every class."""
    if layout == "old":
        rows = "".join(
            f"<div class='news-item'><h3 class='title'><a href='{escape(href)}'>{escape(title)}</a></h3></div>"
            for href, title in items
        )
    else:
        rows = "".join(
            f"<article class='card'><a class='card__link' data-href='{escape(href)}'>{escape(title)}</a></article>"
            for href, title in items
        )
    pager = f"<div class='pager'><a href='{escape(next_href)}'>Trang sau</a></div>" if next_href else ""
    return (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Tin trong tỉnh</title></head><body>"
        "<nav><a href='/'>Trang chủ</a> <a href='/gioi-thieu'>Giới thiệu chung</a> <a href='/lien-he'>Liên hệ</a>"
        f"</nav><h1>Tin trong tỉnh</h1><div class='list'>{rows}</div>{pager}</body></html>"
    )
