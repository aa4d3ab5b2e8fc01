"""End-to-end pipeline benchmark on a loopback farm: ingest → process → notify, direct vs. under Prefect.

    .venv/bin/python benchmarks/pipeline.py [--feeds 10] [--items 50] [--modes direct,prefect]

A separate process serves ``--feeds`` RSS feeds of ``--items`` entries, each entry with its own article
page (different stories, so that near-duplicate detection keeps them apart); the Slack-compatible test
server runs in this process. For each mode, on a fresh SQLite database:

* first pass: poll every feed, store, extract, notify: articles/s and items/s over the whole pass;
* unchanged pass: the same feeds again (forced), nothing new: its cost;
* notification latency: from the start of the pass that discovers an entry to the Slack post that
  announces it (p50 and max over posts; backlogs become digests, so posts < articles);
* peak RSS of this process after the mode (cumulative: the Prefect mode includes the direct one).

``direct`` calls the services as ``tasks/chidao/steps.py`` does, without Prefect; ``prefect`` runs
``flows/pipeline.py`` (one flow run, one untagged task per batch) against ``PREFECT_API_URL`` if set,
else a local test API started before timing. The ratio of the two is the Prefect overhead.

Notification is paced (about one post per second per channel, as Slack asks), so with many entries the
notify stage is bound by the pacer; ``--unpaced`` lifts it to measure chidao's own cost.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.loopback_http import LoopbackHandler, LoopbackHTTPServer, article_page
from tests.support.slack_server import SlackTestServer

OPENINGS = (
    "Sáng nay, UBND tỉnh tổ chức hội nghị đánh giá tình hình thực hiện nhiệm vụ tháng {m} tại huyện số {f}.",
    "Chiều qua, đoàn công tác của tỉnh kiểm tra tiến độ dự án số {n} tại xã số {f}.",
    "UBND tỉnh vừa họp bàn giải pháp tháo gỡ vướng mắc trong giải ngân vốn đầu tư công đợt {n}.",
    "Ban Chỉ huy phòng, chống thiên tai tỉnh họp triển khai phương án ứng phó mưa lũ tại vùng {f}.",
)
MIDDLES = (
    "Theo báo cáo, khối lượng công việc mới đạt khoảng {p} phần trăm kế hoạch, chậm so với yêu cầu.",
    "Nhiều hộ dân tại khu vực {f} chưa đồng thuận với phương án bồi thường, giải phóng mặt bằng.",
    "Lượng nước tại các hồ chứa vùng {f} chỉ đạt {p} phần trăm dung tích thiết kế.",
    "Một số công trình trường học xuống cấp cần sửa chữa trước năm học mới ở địa bàn số {n}.",
    "Tỷ lệ giải ngân vốn của các chủ đầu tư đến hết tháng {m} đạt {p} phần trăm.",
    "Các đơn vị đã bố trí lực lượng trực, chuẩn bị vật tư tại {p} điểm xung yếu.",
)
DIRECTIVES = (
    "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng hoàn thành sửa chữa tuyến đường số {n} trước ngày {d}/{m}/2027.",
    "Phó Chủ tịch UBND tỉnh giao Sở Tài chính rà soát nguồn vốn của dự án số {n}, báo cáo trước ngày {d}/{m}/2027.",
    "Chủ tịch UBND tỉnh đề nghị Sở Nông nghiệp và Môi trường xây dựng kế hoạch điều tiết nước cho hồ số {n}.",
    "Chủ tịch UBND tỉnh chỉ đạo UBND huyện số {f} hoàn thành giải phóng mặt bằng dự án số {n} trong tháng {m}.",
)


def story(feed: int, item: int) -> list[str]:
    rng = random.Random(feed * 10_007 + item)
    values = {"f": feed, "n": item, "m": rng.randint(1, 12), "d": rng.randint(1, 28), "p": rng.randint(10, 95)}
    picks = [rng.choice(OPENINGS), *rng.sample(MIDDLES, 3), rng.choice(DIRECTIVES), rng.choice(MIDDLES)]
    return [s.format(**values) for s in picks]


def build_feed(base: str, feed: int, items: int) -> bytes:
    start = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    parts = [f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Cổng {feed}</title>"]
    for n in range(items):
        published = format_datetime(start - timedelta(minutes=17 * n))
        parts.append(
            f"<item><title>Tin {n} của cổng {feed}</title><link>{base}/tin/{feed}/{n}.html</link>"
            f"<guid isPermaLink='false'>cong-{feed}-tin-{n}</guid><pubDate>{published}</pubDate></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def build_page(feed: int, item: int) -> bytes:
    return article_page(f"Tin {item} của cổng {feed}", story(feed, item)).encode()


def serve_farm(port_pipe: Any, items: int) -> None:
    class FarmHandler(LoopbackHandler):
        base = ""

        def do_GET(self) -> None:
            parts = self.path.split("?", 1)[0].strip("/").split("/")
            if len(parts) == 2 and parts[0] == "feed" and parts[1].endswith(".xml"):
                self.send(build_feed(self.base, int(parts[1][:-4]), items), "application/rss+xml; charset=utf-8")
            elif len(parts) == 3 and parts[0] == "tin":
                self.send(build_page(int(parts[1]), int(parts[2].removesuffix(".html"))), "text/html; charset=utf-8")
            else:
                self.send_error(404)

    server = LoopbackHTTPServer(FarmHandler)
    FarmHandler.base = server.base_url
    port_pipe.send(server.port)
    server.serve_forever()


STAGES: list[tuple[float, float, float]] = []  # direct passes: (ingest, process, notify) seconds


@dataclass
class PassResult:
    seconds: float
    articles: int
    items: int
    posts: int
    latencies: list[float]


@dataclass
class ModeResult:
    mode: str
    first: PassResult
    unchanged: PassResult
    peak_rss_mb: float


def direct_pass(force: bool) -> tuple[int, int]:
    """What the three flows do, with the services called directly."""
    from chidao.adapters.http import Fetcher
    from chidao.runtime import get_runtime
    from chidao.services import ingest, notify, poll, process

    rt = get_runtime()
    db = rt.db
    db.upgrade()
    started = time.monotonic()
    poll.sync_feeds(db, rt.feeds())
    now = datetime.now(UTC)
    due = poll.due_feed_ids(db, now, force=force)
    with Fetcher(rt.fetch_limits, allow_private=True) as fetcher:
        summary = ingest.poll_feeds(db, fetcher, due, now=now)
    ingested = time.monotonic()
    new_items = 0
    while batch := process.pending_article_ids(db, rt.settings.process_batch_size):
        new_items += len(process.process_articles(db, rt.analyzer, rt.routing, batch).new_item_ids)
    processed = time.monotonic()
    notify.drain_outbox(
        db, rt.notifier, max_attempts=rt.settings.notify_max_attempts, digest_threshold=rt.settings.digest_threshold
    )
    STAGES.append((ingested - started, processed - ingested, time.monotonic() - processed))
    return len(summary.stored_article_ids), new_items


def prefect_pass(force: bool) -> tuple[int, int]:
    from chidao.flows.pipeline import pipeline
    from chidao.runtime import get_runtime

    get_runtime().db.upgrade()  # as `chidao run` does before its flow: the flows only check the schema
    result = pipeline(feeds=os.environ["CHIDAO_FEEDS"], force=force)
    return result["ingest"]["new_articles"] + result["ingest"]["changed_articles"], result["process"]["new_items"]


def timed_pass(run: Callable[[bool], tuple[int, int]], force: bool, slack: SlackTestServer) -> PassResult:
    posts_before = len(slack.requests_for("chat.postMessage"))
    started = time.monotonic()
    articles, items = run(force)
    seconds = time.monotonic() - started
    posts = slack.requests_for("chat.postMessage")[posts_before:]
    return PassResult(seconds, articles, items, len(posts), [p.received_at - started for p in posts])


def run_mode(mode: str, workdir: Path, slack: SlackTestServer) -> ModeResult:
    os.environ["CHIDAO_DATABASE_URL"] = f"sqlite:///{workdir / f'{mode}.db'}"
    run = direct_pass if mode == "direct" else prefect_pass
    first = timed_pass(run, True, slack)
    unchanged = timed_pass(run, True, slack)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return ModeResult(mode, first, unchanged, peak)


def prefect_api() -> AbstractContextManager[Any]:
    if os.environ.get("PREFECT_API_URL"):
        return nullcontext()
    from prefect.testing.utilities import prefect_test_harness

    return prefect_test_harness(server_startup_timeout=180)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def print_table(results: list[ModeResult], feeds: int, items: int) -> None:
    print(f"\nfarm: {feeds} feeds x {items} items, {os.cpu_count()} CPUs, python {sys.version.split()[0]}")
    header = (
        f"{'mode':<8} {'first s':>8} {'art/s':>7} {'items/s':>8} {'articles':>8} {'items':>6} {'posts':>5} "
        f"{'lat p50':>8} {'lat max':>8} {'unchanged s':>11} {'peak RSS MB':>11}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        f = r.first
        print(
            f"{r.mode:<8} {f.seconds:>8.1f} {f.articles / f.seconds:>7.1f} {f.items / f.seconds:>8.1f} "
            f"{f.articles:>8} {f.items:>6} {f.posts:>5} {statistics.median(f.latencies or [float('nan')]):>8.1f} "
            f"{max(f.latencies or [float('nan')]):>8.1f} {r.unchanged.seconds:>11.2f} {r.peak_rss_mb:>11.0f}"
        )
    for label, (ingest_s, process_s, notify_s) in zip(("first", "unchanged"), STAGES, strict=False):
        print(
            f"direct {label} pass stages: ingest {ingest_s:.1f} s, process {process_s:.1f} s, notify {notify_s:.1f} s"
        )
    by_mode = {r.mode: r for r in results}
    if {"direct", "prefect"} <= by_mode.keys():
        d, p = by_mode["direct"], by_mode["prefect"]
        print(
            f"\nPrefect / direct: first pass x{p.first.seconds / d.first.seconds:.2f}, "
            f"unchanged pass x{p.unchanged.seconds / d.unchanged.seconds:.2f} "
            f"(+{p.first.seconds - d.first.seconds:.1f} s, +{p.unchanged.seconds - d.unchanged.seconds:.1f} s)"
        )


@contextmanager
def farm(items: int) -> Iterator[int]:
    """A child process serving any feed number (the feeds file picks how many) with `items` entries each."""
    receiving, sending = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=serve_farm, args=(sending, items), daemon=True)
    process.start()
    try:
        port = int(receiving.recv())
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        yield port
    finally:
        process.terminate()
        process.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--modes", default="direct,prefect", help="comma-separated: direct, prefect")
    parser.add_argument("--per-host", type=int, default=10, help="fetch concurrency per host (the farm is one host)")
    parser.add_argument(
        "--unpaced",
        action="store_true",
        help="no Slack pacing (1 post/s per channel in production): measures chidao, not the rate limit",
    )
    options = parser.parse_args()
    modes = [m.strip() for m in options.modes.split(",") if m.strip()]

    with ExitStack() as stack, tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        port = stack.enter_context(farm(options.items))
        slack = SlackTestServer()
        stack.callback(slack.stop)
        feeds_file = workdir / "feeds.yaml"
        feeds_file.write_text(
            "feeds:\n"
            + "".join(
                f"  - id: cong-{n}\n    url: http://127.0.0.1:{port}/feed/{n}.xml\n    interval: 30\n"
                for n in range(options.feeds)
            ),
            encoding="utf-8",
        )
        os.environ.update(
            CHIDAO_FEEDS=str(feeds_file),
            CHIDAO_ALLOW_PRIVATE_HOSTS="true",
            CHIDAO_SLACK_TOKEN=slack.token,
            CHIDAO_SLACK_API_URL=slack.base_url,
            CHIDAO_FETCH_PER_HOST=str(options.per_host),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_LOGGING_LEVEL="WARNING",
        )
        if options.unpaced:
            from chidao.core.pacing import ChannelPacer
            from chidao.services import notify

            # Both modes build their pacer inside drain_outbox from this module attribute.
            notify.ChannelPacer = partial(ChannelPacer, rate_per_second=10_000.0, burst=10_000)  # type: ignore[misc]
        # Load the NLP pipeline before any timing: both modes share it.
        from chidao.runtime import get_runtime

        _ = get_runtime().analyzer
        print(f"farm: {options.feeds} feeds x {options.items} items on 127.0.0.1:{port}; modes: {', '.join(modes)}")
        results = []
        for mode in modes:
            context = prefect_api() if mode == "prefect" else nullcontext()
            with context:
                results.append(run_mode(mode, workdir, slack))
            print(f"{mode}: done", flush=True)
        print_table(results, options.feeds, options.items)


if __name__ == "__main__":
    main()
