"""Ingest throughput on a loopback farm of feeds, sitemaps and listing pages: our fetch + parse per source
kind, and feeds vs lemon24/reader.

    .venv/bin/python benchmarks/ingest_farm.py [--feeds 100] [--items 50] [--repeat 3]

A separate process serves ``--feeds`` RSS feeds of ``--items`` Vietnamese
items each on 127.0.0.1 (so the server does not share our GIL).  Measured:

* ``chidao per_host=N``: ``Fetcher.fetch_many`` over all feeds, then
  ``parse_feed`` on every body (sequential, in this process);
* ``chidao sitemap``: the same number of sources as sitemap indexes, each
  pointing at one ``<urlset>`` of ``--items`` URLs: robots.txt, the index, the
  child (fetched in a second round), parsed and ordered newest first, through
  ``services.sources.read_sources`` as a poll does (article pages not fetched,
  as for the feeds);
* ``chidao listing``: the same number of "Tin trong tỉnh" section pages of
  ``--items`` headlines each, links picked by a URL pattern, robots.txt first;
* ``reader``: ``update_feeds(workers=10)`` into a fresh SQLite file (needs
  ``pip install reader``).  reader also stores every entry, so it does more
  work per item than we do; the comparison bounds our overhead, it is not a
  like-for-like race.

Best of ``--repeat`` runs, in items per second.
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chidao.adapters.http import Fetcher, FetchLimits, FetchRequest
from chidao.core.feedparse import parse_feed
from tests.support.loopback_http import LoopbackHandler, LoopbackHTTPServer

SENTENCES = (
    "Chủ tịch UBND tỉnh yêu cầu các sở, ngành khẩn trương hoàn thành nhiệm vụ được giao trước ngày 30/12.",
    "Giao Sở Tài chính chủ trì, phối hợp với các địa phương rà soát nguồn vốn đầu tư công.",
    "Hội nghị đánh giá kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội và triển khai nhiệm vụ năm tới.",
    "Các huyện ven biển chủ động phương án ứng phó bão, bảo đảm an toàn tính mạng và tài sản của người dân.",
)


def build_feed(feed_number: int, items: int) -> bytes:
    start = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>Cổng thông tin số {feed_number}</title><link>http://127.0.0.1/</link><ttl>30</ttl>",
    ]
    for n in range(items):
        text = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(3))
        published = format_datetime(start - timedelta(minutes=17 * n))
        parts.append(
            f"<item><title>Tin số {n} của cổng {feed_number}: giao ban công tác tháng {n % 12 + 1}</title>"
            f"<link>http://127.0.0.1/tin/{feed_number}/{n}.html?utm_source=rss</link>"
            f"<guid isPermaLink='false'>cong-{feed_number}-tin-{n}</guid>"
            f"<description>&lt;p&gt;{text}&lt;/p&gt;</description><pubDate>{published}</pubDate></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def build_sitemap(feed_number: int, items: int) -> bytes:
    start = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    parts = ['<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for n in range(items):
        lastmod = (start - timedelta(minutes=17 * n)).isoformat()
        parts.append(f"<url><loc>http://127.0.0.1/tin/{feed_number}/{n}.html</loc><lastmod>{lastmod}</lastmod></url>")
    parts.append("</urlset>")
    return "".join(parts).encode("utf-8")


def build_sitemap_index(port: int, feed_number: int) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>http://127.0.0.1:{port}/sitemap/{feed_number}/1.xml</loc><lastmod>2026-11-22</lastmod>"
        "</sitemap></sitemapindex>"
    ).encode()


def build_listing(feed_number: int, items: int) -> bytes:
    rows = "".join(
        f"<div class='news-item'><h3><a href='/tin-trong-tinh/{feed_number}/bai-{n}.html'>Tin số {n} của cổng "
        f"{feed_number}: giao ban công tác tháng {n % 12 + 1}</a></h3><p>{SENTENCES[n % len(SENTENCES)]}</p></div>"
        for n in range(items)
    )
    nav = "<nav><a href='/'>Trang chủ</a> <a href='/gioi-thieu'>Giới thiệu</a> <a href='/lien-he'>Liên hệ</a></nav>"
    return (
        f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Tin trong tỉnh</title></head><body>"
        f"{nav}<h1>Tin trong tỉnh</h1>{rows}<a href='?trang=2'>Trang sau</a></body></html>"
    ).encode()


def serve_farm(port_pipe: object, feeds: int, items: int) -> None:
    bodies = {f"/feed/{n}.xml": build_feed(n, items) for n in range(feeds)}
    bodies.update({f"/sitemap/{n}/1.xml": build_sitemap(n, items) for n in range(feeds)})
    bodies.update({f"/list/{n}.html": build_listing(n, items) for n in range(feeds)})
    bodies["/robots.txt"] = b"User-agent: *\nDisallow: /quan-tri/\n"

    class FarmHandler(LoopbackHandler):
        def do_GET(self) -> None:
            body = bodies.get(self.path.split("?", 1)[0])
            if body is None:
                self.send_error(404)
                return
            kind = "text/html" if self.path.endswith(".html") else "application/xml"
            kind = "application/rss+xml" if self.path.startswith("/feed/") else kind
            self.send(body, f"{kind}; charset=utf-8")

    server = LoopbackHTTPServer(FarmHandler)
    port = server.port
    bodies.update({f"/sitemap/{n}.xml": build_sitemap_index(port, n) for n in range(feeds)})
    port_pipe.send(port)  # type: ignore[attr-defined]
    server.serve_forever()


def run_chidao(urls: list[str], per_host: int) -> tuple[float, int]:
    started = time.perf_counter()
    with Fetcher(FetchLimits(per_host=per_host, total=10), allow_private=True) as fetcher:
        results = fetcher.fetch_many([FetchRequest(url) for url in urls])
    entries = 0
    for result in results:
        if result.body is None:
            raise SystemExit(f"fetch failed: {result.url}: {result.error}")
        entries += len(parse_feed(result.body, url=result.url, content_type=result.content_type).entries)
    return time.perf_counter() - started, entries


def run_sources(kind: str, urls: list[str], per_host: int) -> tuple[float, int]:
    """A poll's reading of sitemap or listing sources: robots.txt, the first fetch, then read_sources."""
    from chidao.core.feeds import SourceOptions
    from chidao.services.sources import SourceView, fetch_robots, read_sources

    options = SourceOptions(link_pattern=r"/tin-trong-tinh/.+\.html$") if kind == "listing" else SourceOptions()
    views = [
        SourceView(id=str(n), kind=kind, url=url, options=options, allowed_page=lambda _url: None)
        for n, url in enumerate(urls)
    ]
    started = time.perf_counter()
    with Fetcher(FetchLimits(per_host=per_host, total=10), allow_private=True) as fetcher:
        robots = fetch_robots(fetcher, urls)
        first = fetcher.fetch_many([FetchRequest(url) for url in urls])
        reads = read_sources(fetcher, views, first, robots, now=datetime.now(UTC), max_age=None)
    failed = [read.error for read in reads if read.error]
    if failed:
        raise SystemExit(f"{kind} read failed: {failed[0]}")
    return time.perf_counter() - started, sum(len(read.entries) for read in reads)


def run_reader(urls: list[str]) -> tuple[float, int]:
    from reader import make_reader

    with tempfile.TemporaryDirectory() as folder:
        feed_reader = make_reader(str(Path(folder) / "reader.sqlite"))
        for url in urls:
            feed_reader.add_feed(url)
        started = time.perf_counter()
        feed_reader.update_feeds(workers=10)
        elapsed = time.perf_counter() - started
        entries = feed_reader.get_entry_counts().total or 0
        feed_reader.close()
    return elapsed, entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    receiving, sending = multiprocessing.Pipe(duplex=False)
    farm = multiprocessing.Process(target=serve_farm, args=(sending, options.feeds, options.items), daemon=True)
    farm.start()
    port = receiving.recv()
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    urls = [f"http://127.0.0.1:{port}/feed/{n}.xml" for n in range(options.feeds)]
    sitemaps = [f"http://127.0.0.1:{port}/sitemap/{n}.xml" for n in range(options.feeds)]
    listings = [f"http://127.0.0.1:{port}/list/{n}.html" for n in range(options.feeds)]
    print(f"farm: {options.feeds} sources of each kind x {options.items} items on 127.0.0.1:{port}")

    contenders: list[tuple[str, Callable[[], tuple[float, int]]]] = [
        ("chidao fetch+parse per_host=10", lambda: run_chidao(urls, per_host=10)),
        ("chidao fetch+parse per_host=2 (default)", lambda: run_chidao(urls, per_host=2)),
        ("chidao sitemap per_host=2 (index+child)", lambda: run_sources("sitemap", sitemaps, per_host=2)),
        ("chidao listing per_host=2", lambda: run_sources("listing", listings, per_host=2)),
    ]
    try:
        import reader  # noqa: F401

        contenders.append(("reader update_feeds(workers=10)", lambda: run_reader(urls)))
    except ImportError:
        print("reader not installed: pip install reader to compare")
    try:
        for name, run in contenders:
            elapsed, entries = min((run() for _ in range(options.repeat)), key=lambda outcome: outcome[0])
            print(f"{name:42s} {entries:6d} items in {elapsed:6.2f} s = {entries / elapsed:8.0f} items/s")
    finally:
        farm.terminate()
        farm.join()


if __name__ == "__main__":
    main()
