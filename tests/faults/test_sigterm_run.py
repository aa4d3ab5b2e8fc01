"""SIGTERM (and Ctrl-C) during a long `chidao run`: it ends promptly with exit 143 (130 for SIGINT), keeps
what it committed, and a rerun completes without duplicates.

The signal is placed by a condition, not by timing: one article page of a loopback feed stalls (the
server holds the request until the test releases it), so the run is stuck fetching when it is signalled.
Nothing asserts on elapsed time: the run must end within a generous bound, that is all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import finish, run_env, start_run, stored
from tests.integration.processes import Child, wait_for
from tests.support.loopback_http import LoopbackHandler, article_page, serving
from tests.support.slack_server import SlackTestServer

pytestmark = [pytest.mark.slow, pytest.mark.prefect]

ENTRIES = 6  # one per story below
STALLED_ENTRY = 4
# Far longer than a prompt exit needs and far shorter than the 3.6 minutes a stalled run used to take.
EXIT_BOUND = 60.0

# Invented stories with the structure of provincial reports (none copied from any article), each its own
# words so that no page is a near-duplicate of another.
STORIES = (
    (
        "Sáng nay, UBND tỉnh họp bàn tiến độ nâng cấp tuyến đường liên huyện qua vùng đồi phía tây.",
        "Theo báo cáo, nhà thầu mới hoàn thành khoảng một phần ba khối lượng nền đường và cống thoát nước.",
        "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng hoàn thành sửa chữa mặt đường trước ngày 30/11/2027.",
    ),
    (
        "Chiều qua, Ban Chỉ huy phòng chống thiên tai tỉnh kiểm tra các hồ chứa trước mùa mưa lũ.",
        "Nhiều đập đất nhỏ đã xuống cấp, tràn xả lũ bị bồi lắng và thiếu thiết bị quan trắc mực nước.",
        "Phó Chủ tịch UBND tỉnh giao Sở Nông nghiệp và Môi trường lập phương án gia cố đập trước ngày 15/10/2027.",
    ),
    (
        "Hội nghị đánh giá công tác tuyển sinh đầu cấp được tổ chức tại hội trường trung tâm hành chính.",
        "Một số trường vùng cao vẫn thiếu phòng học, giáo viên tiếng Anh và bếp ăn bán trú cho học sinh.",
        "Chủ tịch UBND tỉnh chỉ đạo Sở Giáo dục và Đào tạo bố trí đủ giáo viên trước khi khai giảng năm học mới.",
    ),
    (
        "Đoàn công tác của tỉnh làm việc với các doanh nghiệp chế biến gỗ tại khu công nghiệp phía nam.",
        "Các doanh nghiệp phản ánh thủ tục thuê đất kéo dài và hạ tầng điện chưa đáp ứng nhu cầu mở rộng.",
        "Chủ tịch UBND tỉnh đề nghị Sở Tài chính rà soát hồ sơ thuê đất, báo cáo kết quả trước ngày 20/12/2027.",
    ),
    (
        "Lãnh đạo tỉnh tiếp công dân định kỳ tại trụ sở tiếp dân về bồi thường giải phóng mặt bằng.",
        "Nhiều hộ gia đình chưa nhận tiền hỗ trợ tái định cư dù đã bàn giao đất cho dự án cầu vượt sông.",
        "Phó Chủ tịch UBND tỉnh yêu cầu UBND huyện giải quyết dứt điểm kiến nghị của người dân trong tháng 12.",
    ),
    (
        "Sở Y tế báo cáo tình hình dịch sốt xuất huyết tăng nhanh ở các phường ven đô trong tuần qua.",
        "Số ca nhập viện gấp đôi cùng kỳ, nhiều ổ lăng quăng được phát hiện ở khu trọ của công nhân.",
        "Chủ tịch UBND tỉnh giao Sở Y tế tổ chức chiến dịch diệt lăng quăng tại các khu dân cư trước ngày 5/11/2027.",
    ),
)


def page_html(n: int) -> bytes:
    return article_page(f"Tin số {n}", STORIES[n]).encode()


class StallingSite:
    """A loopback feed of ``ENTRIES`` entries whose page ``STALLED_ENTRY`` stalls until ``release``."""

    def __init__(self) -> None:
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.base = ""  # set once served

    def handler(self) -> type[LoopbackHandler]:
        site = self

        class Handler(LoopbackHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == "/feed.xml":
                    self.send(site.feed(), "application/rss+xml; charset=utf-8")
                elif path.startswith("/tin/") and path.endswith(".html"):
                    n = int(path[len("/tin/") : -len(".html")])
                    if n == STALLED_ENTRY and not site.release.is_set():
                        site.stalled.set()
                        site.release.wait(600)
                    self.send(page_html(n), "text/html; charset=utf-8")
                else:
                    self.send_error(404)

        return Handler

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>Tin số {n}</title><link>{self.base}/tin/{n}.html</link>"
            f"<guid isPermaLink='false'>tin-{n}</guid><pubDate>Mon, 23 Nov 2026 0{n}:00:00 +0000</pubDate></item>"
            for n in range(ENTRIES)
        )
        return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Cổng thử</title>{items}</channel></rss>".encode()


@pytest.fixture
def stalling_site() -> Iterator[StallingSite]:
    site = StallingSite()
    with serving(site.handler()) as server:
        site.base = server.base_url
        yield site
        site.release.set()  # a request still held (the test failed before releasing it) is let go, not left waiting


def feeds_file(tmp_path: Path, site: StallingSite) -> Path:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - id: cong-thu\n    url: {site.base}/feed.xml\n", encoding="utf-8")
    return feeds


def signalled_run(
    tmp_path: Path, site: StallingSite, slack: SlackTestServer, database_url: str, signum: int, *, group: bool
) -> tuple[Child, int]:
    """`chidao run` until it is stuck on the stalling page, then ``signum`` to it (``group``: to its whole
    process group, its own ephemeral Prefect API server included, as Ctrl-C or a service manager does)."""
    env = run_env(database_url, slack.base_url, slack.token, CHIDAO_ALLOW_PRIVATE_HOSTS="true")
    if group:
        del env["PREFECT_API_URL"]  # the run starts its own API server, in its own process group
    first = start_run(tmp_path, env, "first", "--feeds", str(feeds_file(tmp_path, site)))
    wait_for(site.stalled.is_set, 300, "the run to request the stalling page", first)
    if group:
        os.killpg(first.process.pid, signum)
    else:
        first.process.send_signal(signum)
    try:
        code = first.process.wait(timeout=EXIT_BOUND)
    except subprocess.TimeoutExpired:
        first.stop()
        raise AssertionError(f"chidao run did not end after the signal:\n{first.output()[-4000:]}") from None
    return first, code


@pytest.mark.parametrize(
    ("signum", "group", "exit_code"),
    [
        pytest.param(signal.SIGTERM, False, 143, id="SIGTERM-to-the-process"),
        pytest.param(signal.SIGTERM, True, 143, id="SIGTERM-to-the-group"),
        pytest.param(signal.SIGINT, True, 130, id="ctrl-c"),
    ],
)
def test_signal_during_a_long_run_ends_it_then_a_rerun_completes_once(
    prefect_harness: None,
    slack_server: SlackTestServer,
    stalling_site: StallingSite,
    tmp_path: Path,
    signum: int,
    group: bool,
    exit_code: int,
) -> None:
    database_url = f"sqlite:///{tmp_path / 'chidao.db'}"
    first, code = signalled_run(tmp_path, stalling_site, slack_server, database_url, signum, group=group)
    output = first.output()
    assert code == exit_code, output[-4000:]
    assert "Traceback" not in output, output[-4000:]
    assert f"Stopping on {signal.Signals(signum).name}: committed work is kept" in output, output[-4000:]
    # The pages are fetched before anything is stored: the pass stopped with nothing half-written.
    before = stored(database_url)
    assert (before.articles, before.items, before.notifications) == (0, 0, 0)
    assert not slack_server.messages()

    stalling_site.release.set()
    env = run_env(database_url, slack_server.base_url, slack_server.token, CHIDAO_ALLOW_PRIVATE_HOSTS="true")
    rerun = start_run(tmp_path, env, "rerun", "--feeds", str(tmp_path / "feeds.yaml"))
    assert finish(rerun) == 0, rerun.output()[-3000:]
    after = stored(database_url)
    assert after.articles == after.distinct_urls == ENTRIES
    assert after.unprocessed == 0
    assert after.items == after.distinct_item_keys > 0
    assert after.notifications == after.sent == len(slack_server.messages()) > 0
