"""A feed that starts answering garbage degrades alone: the other feed's new article still goes through."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from chidao.adapters.db import Article, Database, Feed, FetchLog, FollowUpItem
from tests.faults.conftest import finish, run_env, start_run
from tests.support.loopback_http import article_page
from tests.support.slack_server import SlackTestServer

pytestmark = [pytest.mark.slow, pytest.mark.prefect]

# Three different stories: near-duplicate detection must not fold them into one.
STORIES = {
    "a/1": (
        "Sáng nay, Ủy ban nhân dân tỉnh tổ chức họp bàn giải pháp bảo đảm nước tưới cho vụ đông xuân và phòng, "
        "chống hạn hán, xâm nhập mặn trong mùa khô năm nay trên địa bàn các huyện phía nam.",
        "Theo báo cáo, lượng nước tại nhiều hồ chứa chỉ đạt khoảng sáu mươi phần trăm dung tích thiết kế; một số "
        "công trình thủy lợi xuống cấp cần được sửa chữa trước khi bước vào cao điểm mùa khô.",
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh yêu cầu Sở Nông nghiệp và Môi trường hoàn thành kế hoạch điều tiết "
        "nước cho từng hồ chứa trước ngày 15/12/2026.",
    ),
    "a/2": (
        "Chiều qua, Phó Chủ tịch UBND tỉnh đi kiểm tra tiến độ xây dựng tuyến đường nối trung tâm tỉnh với khu "
        "công nghiệp phía bắc, công trình trọng điểm được khởi công từ đầu năm.",
        "Nhà thầu cho biết khối lượng đào đắp nền đường đã đạt hơn một nửa, nhưng còn vướng mặt bằng tại hai xã "
        "do chưa thống nhất được giá bồi thường với một số hộ dân.",
        "Phó Chủ tịch UBND tỉnh giao Sở Xây dựng phối hợp với các xã hoàn thành giải phóng mặt bằng trước ngày "
        "31/1/2027.",
    ),
    "b/1": (
        "Hội nghị tổng kết năm học của ngành giáo dục diễn ra tại hội trường tỉnh với sự tham dự của đại diện "
        "các trường học và phòng giáo dục các huyện.",
        "Năm học vừa qua, tỷ lệ học sinh tốt nghiệp trung học phổ thông tăng so với năm trước; nhiều trường được "
        "công nhận đạt chuẩn quốc gia, cơ sở vật chất từng bước được cải thiện.",
        "Phát biểu tại hội nghị, lãnh đạo tỉnh đề nghị Sở Giáo dục và Đào tạo rà soát đội ngũ giáo viên, sắp xếp "
        "mạng lưới trường lớp phù hợp với quy mô dân số.",
    ),
}


def page(key: str) -> str:
    return article_page(f"Tin {key}", STORIES[key])


def rss(base: str, feed: str, numbers: list[int]) -> str:
    items = "".join(
        f"<item><title>Tin {n} của nguồn {feed}</title><link>{base}{feed}/{n}.html</link>"
        f"<guid isPermaLink='false'>{feed}-{n}</guid><pubDate>Sun, 22 Nov 2026 0{n}:00:00 +0000</pubDate></item>"
        for n in numbers
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Nguồn {feed}</title>"
        f"<link>{base}</link>{items}</channel></rss>"
    )


def serve_pass(server: HTTPServer, a_items: list[int], b_body: str | bytes) -> None:
    base = server.url_for("/")
    server.clear()
    server.expect_request("/a.rss").respond_with_data(rss(base, "a", a_items), content_type="application/rss+xml")
    server.expect_request("/b.rss").respond_with_data(b_body, content_type="application/rss+xml")
    for n in a_items:
        server.expect_request(f"/a/{n}.html").respond_with_data(page(f"a/{n}"), content_type="text/html")
    server.expect_request("/b/1.html").respond_with_data(page("b/1"), content_type="text/html")


def test_garbage_feed_degrades_alone(
    prefect_harness: None, slack_server: SlackTestServer, httpserver: HTTPServer, tmp_path: Path
) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        "feeds:\n"
        f"  - id: a\n    url: {httpserver.url_for('/a.rss')}\n    interval: 30\n"
        f"  - id: b\n    url: {httpserver.url_for('/b.rss')}\n    interval: 30\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'chidao.db'}"
    env = run_env(url, slack_server.base_url, slack_server.token, CHIDAO_ALLOW_PRIVATE_HOSTS="true")

    serve_pass(httpserver, [1], rss(httpserver.url_for("/"), "b", [1]))
    first = start_run(tmp_path, env, "first", "--feeds", str(feeds))
    assert finish(first) == 0, first.output()[-3000:]

    garbage = b"\x00\x9f<<<rss \xff\xfe not a feed at all" * 40
    serve_pass(httpserver, [1, 2], garbage)
    second = start_run(tmp_path, env, "second", "--feeds", str(feeds), "--force")
    assert finish(second) == 0, second.output()[-3000:]

    db = Database(url)
    with db.session() as session:
        feed_a, feed_b = session.get_one(Feed, "a"), session.get_one(Feed, "b")
        assert (feed_a.consecutive_failures, feed_a.last_error) == (0, None)
        assert feed_b.consecutive_failures == 1
        assert feed_b.last_error
        outcomes = [(log.feed_id, log.outcome) for log in session.scalars(select(FetchLog).order_by(FetchLog.id))]
        assert outcomes[-2:] == [("a", "ok"), ("b", "error")] or outcomes[-2:] == [("b", "error"), ("a", "ok")]
        articles = {
            a.canonical_url.rsplit("/", 2)[-2] + "/" + a.canonical_url.rsplit("/", 1)[-1]: a
            for a in session.scalars(select(Article))
        }
        assert sorted(articles) == ["a/1.html", "a/2.html", "b/1.html"]
        assert {a.state for a in articles.values()} == {"processed"}
        new_items = session.scalars(
            select(FollowUpItem).where(FollowUpItem.article_id == articles["a/2.html"].id)
        ).all()
        assert any("giải phóng mặt bằng" in item.text for item in new_items)
    db.dispose()
