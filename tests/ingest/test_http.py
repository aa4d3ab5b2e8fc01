"""Fetcher against real HTTP servers on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import asyncio
import gzip
import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from chidao.adapters.http import (
    Fetcher,
    FetchLimits,
    FetchRequest,
    FetchResult,
    human_size,
    parse_max_age,
    parse_retry_after,
)
from chidao.core.feedparse import parse_feed
from tests.ingest.feedjson import parsed_feed_to_json

GOLDEN = Path(__file__).parent / "golden"
LOOPBACK = FetchLimits(timeout_seconds=5.0, connect_timeout_seconds=2.0)


def fetch_one(request: FetchRequest, limits: FetchLimits = LOOPBACK) -> FetchResult:
    """One request through a fresh fetcher that may reach loopback."""
    with Fetcher(limits, allow_private=True) as fetcher:
        return fetcher.fetch(request)


def test_fetch_then_parse_golden_feed(feed_server: HTTPServer) -> None:
    body = (GOLDEN / "rss2_portal.xml").read_bytes()
    feed_server.expect_request("/rss/tin-tuc.rss").respond_with_data(
        body,
        content_type="application/rss+xml; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Sun, 22 Nov 2026 01:00:00 GMT", "Cache-Control": "max-age=600"},
    )
    url = feed_server.url_for("/rss/tin-tuc.rss")
    with Fetcher(LOOPBACK, allow_private=True) as fetcher:
        result = fetcher.fetch(FetchRequest(url))
    assert result.ok and result.error is None
    assert (result.status, result.body, result.final_url) == (200, body, url)
    assert (result.etag, result.last_modified, result.max_age_seconds) == (
        '"v1"',
        "Sun, 22 Nov 2026 01:00:00 GMT",
        600,
    )
    assert result.content_type == "application/rss+xml; charset=utf-8"
    assert result.not_modified is False
    parsed = parse_feed(result.body or b"", url=result.final_url or url, content_type=result.content_type)
    expected = json.loads((GOLDEN / "rss2_portal.expected.json").read_text(encoding="utf-8"))
    # Relative links resolve against the loopback URL here, so compare the rest.
    assert [entry["title"] for entry in parsed_feed_to_json(parsed)["entries"]] == [
        entry["title"] for entry in expected["entries"]
    ]


def test_304_round_trip_sends_the_validators(feed_server: HTTPServer) -> None:
    feed_server.expect_request(
        "/feed.xml",
        headers={"If-None-Match": '"abc"', "If-Modified-Since": "Sat, 21 Nov 2026 10:00:00 GMT"},
    ).respond_with_data("", status=304, headers={"Cache-Control": "max-age=300"})
    feed_server.expect_request("/feed.xml").respond_with_data("validators missing", status=412)
    request = FetchRequest(
        feed_server.url_for("/feed.xml"), etag='"abc"', last_modified="Sat, 21 Nov 2026 10:00:00 GMT"
    )
    result = fetch_one(request)
    assert result.error is None
    assert result.not_modified is True
    assert result.body is None
    assert result.status == 304
    # The 304 did not repeat the validators: the stored ones stay valid.
    assert result.etag == '"abc"'
    assert result.last_modified == "Sat, 21 Nov 2026 10:00:00 GMT"
    assert result.max_age_seconds == 300


def test_429_with_retry_after_seconds(feed_server: HTTPServer) -> None:
    feed_server.expect_request("/busy").respond_with_data("chậm lại", status=429, headers={"Retry-After": "120"})
    result = fetch_one(FetchRequest(feed_server.url_for("/busy")))
    assert (result.ok, result.error, result.status, result.retry_after_seconds) == (
        False,
        "HTTP 429",
        429,
        120.0,
    )


def test_503_with_retry_after_http_date(feed_server: HTTPServer) -> None:
    later = datetime.now(UTC) + timedelta(hours=2)
    feed_server.expect_request("/maintenance").respond_with_data(
        "bảo trì", status=503, headers={"Retry-After": format_datetime(later, usegmt=True)}
    )
    result = fetch_one(FetchRequest(feed_server.url_for("/maintenance")))
    assert result.error == "HTTP 503"
    retry_after = result.retry_after_seconds
    assert retry_after is not None and 7000 < retry_after <= 7200


@pytest.mark.parametrize("status", [500, 502, 404, 410])
def test_http_errors(feed_server: HTTPServer, status: int) -> None:
    feed_server.expect_request("/broken").respond_with_data("lỗi", status=status)
    result = fetch_one(FetchRequest(feed_server.url_for("/broken")))
    assert (result.error, result.status, result.body, result.retry_after_seconds) == (
        f"HTTP {status}",
        status,
        None,
        None,
    )


def test_response_that_never_comes_is_cut_at_the_total_timeout(feed_server: HTTPServer) -> None:
    release = threading.Event()

    def answer_after_20_seconds(request: Request) -> Response:
        release.wait(20)
        return Response("muộn", status=200)

    feed_server.expect_request("/slow").respond_with_handler(answer_after_20_seconds)
    try:
        result = fetch_one(
            FetchRequest(feed_server.url_for("/slow")),
            FetchLimits(timeout_seconds=0.5, connect_timeout_seconds=0.5),
        )
    finally:
        release.set()
    assert result.error == "timed out after 0.5 s"
    assert result.body is None


def test_trickling_body_is_cut_at_the_total_timeout(feed_server: HTTPServer) -> None:
    """Each read arrives well within a per-read timeout; only a total deadline stops it."""

    def trickle(request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            for _ in range(200):
                time.sleep(0.1)
                yield b"<item></item>"

        return Response(chunks(), content_type="application/rss+xml")

    feed_server.expect_request("/trickle").respond_with_handler(trickle)
    result = fetch_one(
        FetchRequest(feed_server.url_for("/trickle")), FetchLimits(timeout_seconds=0.6, connect_timeout_seconds=0.5)
    )
    assert result.error == "timed out after 0.6 s"


def test_oversize_body_with_content_length_is_refused(feed_server: HTTPServer) -> None:
    feed_server.expect_request("/big").respond_with_data(b"x" * 1_500_000)
    result = fetch_one(FetchRequest(feed_server.url_for("/big")), FetchLimits(max_bytes=1_000_000))
    assert (result.error, result.body) == ("response larger than 1 MB", None)


def test_oversize_streamed_body_is_aborted(feed_server: HTTPServer) -> None:
    def endless(request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            for _ in range(10_000):
                yield b"y" * 10_000

        return Response(chunks(), content_type="application/xml")

    feed_server.expect_request("/endless").respond_with_handler(endless)
    result = fetch_one(FetchRequest(feed_server.url_for("/endless")), FetchLimits(max_bytes=200_000))
    assert result.error == "response larger than 200 kB"


def test_gzip_bomb_counts_decoded_bytes(feed_server: HTTPServer) -> None:
    compressed = gzip.compress(b"\0" * 20_000_000)
    assert len(compressed) < 100_000
    feed_server.expect_request("/bomb").respond_with_data(
        compressed, headers={"Content-Encoding": "gzip"}, content_type="application/xml"
    )
    result = fetch_one(FetchRequest(feed_server.url_for("/bomb")), FetchLimits(max_bytes=1_000_000))
    assert result.error == "response larger than 1 MB"


def test_gzip_body_is_decoded(feed_server: HTTPServer) -> None:
    text = "<rss><channel><title>Tin tỉnh</title></channel></rss>".encode()
    feed_server.expect_request("/gz").respond_with_data(gzip.compress(text), headers={"Content-Encoding": "gzip"})
    assert fetch_one(FetchRequest(feed_server.url_for("/gz"))).body == text


def test_redirects_are_followed_hop_by_hop(feed_server: HTTPServer) -> None:
    feed_server.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/moved"})
    feed_server.expect_request("/moved").respond_with_data(
        "", status=302, headers={"Location": feed_server.url_for("/new.xml")}
    )
    feed_server.expect_request("/new.xml").respond_with_data("<rss/>")
    result = fetch_one(FetchRequest(feed_server.url_for("/old")))
    assert result.error is None
    assert result.final_url == feed_server.url_for("/new.xml")
    assert result.body == b"<rss/>"


def test_redirect_loop_stops(feed_server: HTTPServer) -> None:
    feed_server.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    result = fetch_one(FetchRequest(feed_server.url_for("/loop")))
    assert result.error == "too many redirects (more than 5)"


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://tinhmau.example.vn/feed.xml", "gopher://x/"])
def test_redirect_to_another_scheme_is_refused(feed_server: HTTPServer, location: str) -> None:
    feed_server.expect_request("/r").respond_with_data("", status=302, headers={"Location": location})
    result = fetch_one(FetchRequest(feed_server.url_for("/r")))
    scheme = location.split(":", 1)[0]
    assert result.error == f"redirect to unsupported URL scheme '{scheme}' refused"


def test_redirect_from_public_host_to_private_address_is_refused() -> None:
    # Pure: a loopback test cannot have a public origin without connecting outside loopback
    # (the fetcher connects to the address it checked). tests/hostile/test_ssrf.py has the rest.
    from chidao.adapters.http import fetch_refusal

    for allow_private in (False, True):
        refusal = fetch_refusal(
            "http://127.0.0.1/internal", ["127.0.0.1"], allow_private=allow_private, redirect_within=()
        )
        assert refusal == "redirect to a private address refused"


def test_private_address_is_refused_unless_allowed(feed_server: HTTPServer) -> None:
    feed_server.expect_request("/feed.xml").respond_with_data("<rss/>")
    url = feed_server.url_for("/feed.xml")
    with Fetcher(LOOPBACK) as fetcher:
        assert fetcher.fetch(FetchRequest(url)).error == "private address refused"
        assert fetcher.fetch(FetchRequest("http://[::ffff:10.0.0.1]/")).error == "private address refused"
        assert fetcher.fetch(FetchRequest("http://169.254.169.254/latest/")).error == (
            "link-local or cloud-metadata address refused"
        )
    with Fetcher(LOOPBACK, allow_private=True) as fetcher:
        assert fetcher.fetch(FetchRequest(url)).body == b"<rss/>"


def test_private_to_private_redirect_is_allowed_when_private_is(feed_server: HTTPServer) -> None:
    # Within the request's own origin; another host or port is refused (tests/hostile/test_ssrf.py).
    feed_server.expect_request("/a").respond_with_data(
        "", status=302, headers={"Location": f"http://127.0.0.1:{feed_server.port}/b"}
    )
    feed_server.expect_request("/b").respond_with_data("ok")
    assert fetch_one(FetchRequest(feed_server.url_for("/a"))).body == b"ok"


def test_allow_hosts_limits_where_an_article_may_redirect(feed_server: HTTPServer) -> None:
    feed_server.expect_request("/article").respond_with_data(
        "", status=302, headers={"Location": f"http://localhost:{feed_server.port}/elsewhere"}
    )
    feed_server.expect_request("/elsewhere").respond_with_data("trang khác")
    url = feed_server.url_for("/article")
    refused = fetch_one(FetchRequest(url, allow_hosts=("cdn.tinhmau.example.vn",)))
    assert refused.error == f"redirect to host 'localhost:{feed_server.port}' not allowed"
    allowed = fetch_one(FetchRequest(url, allow_hosts=("cdn.tinhmau.example.vn", f"localhost:{feed_server.port}")))
    assert allowed.body == "trang khác".encode()


def test_connection_refused_and_unknown_scheme() -> None:
    with Fetcher(LOOPBACK, allow_private=True) as fetcher:
        refused, bad_scheme, no_host = fetcher.fetch_many(
            [FetchRequest("http://127.0.0.1:9/feed"), FetchRequest("ftp://x/y"), FetchRequest("http:///feed")]
        )
    assert refused.error == "connection refused"
    assert bad_scheme.error == "unsupported URL scheme 'ftp' refused"
    assert no_host.error == "invalid URL, no host: 'http:///feed'"


def test_fetch_many_keeps_order_and_isolates_failures(feed_server: HTTPServer) -> None:
    for n in range(4):
        feed_server.expect_request(f"/f{n}").respond_with_data(f"feed {n}")
    feed_server.expect_request("/down").respond_with_data("", status=500)
    urls = [feed_server.url_for(path) for path in ("/f0", "/down", "/f1", "/f2", "/f3")]
    requests = [FetchRequest(url) for url in urls]
    requests.insert(2, FetchRequest("http://127.0.0.1:9/closed"))
    with Fetcher(LOOPBACK, allow_private=True) as fetcher:
        results = fetcher.fetch_many(requests)
    assert [result.url for result in results] == [request.url for request in requests]
    assert [result.body for result in results] == [b"feed 0", None, None, b"feed 1", b"feed 2", b"feed 3"]
    assert [result.error for result in results] == [None, "HTTP 500", "connection refused", None, None, None]


def test_per_host_limit_holds(feed_server: HTTPServer) -> None:
    in_flight = 0
    peak = 0
    lock = threading.Lock()
    # Two requests must meet at the barrier: proves two ran at once, and the
    # counter proves a third never joined them.
    barrier = threading.Barrier(2, timeout=5)

    def counting(request: Request) -> Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        try:
            barrier.wait()
        finally:
            with lock:
                in_flight -= 1
        return Response("ok")

    feed_server.expect_request("/counted").respond_with_handler(counting)
    requests = [FetchRequest(feed_server.url_for(f"/counted?n={n}")) for n in range(6)]
    with Fetcher(FetchLimits(per_host=2, total=10), allow_private=True) as fetcher:
        results = fetcher.fetch_many(requests)
    assert [result.error for result in results] == [None] * 6
    assert peak == 2


def test_user_agent_is_sent(feed_server: HTTPServer) -> None:
    feed_server.expect_request("/ua", headers={"User-Agent": "chidao-test/1"}).respond_with_data("ok")
    result = fetch_one(FetchRequest(feed_server.url_for("/ua")), FetchLimits(user_agent="chidao-test/1"))
    assert result.body == b"ok"


def test_usable_from_inside_a_running_event_loop(feed_server: HTTPServer) -> None:
    feed_server.expect_request("/in-loop").respond_with_data("ok")

    async def caller() -> bytes | None:
        with Fetcher(LOOPBACK, allow_private=True) as fetcher:
            return fetcher.fetch(FetchRequest(feed_server.url_for("/in-loop"))).body

    assert asyncio.run(caller()) == b"ok"


def test_fetcher_reuses_its_client_across_calls_and_survives_close(feed_server: HTTPServer) -> None:
    feed_server.expect_request("/again").respond_with_data("ok")
    five = [FetchRequest(feed_server.url_for("/again"))] * 5
    fetcher = Fetcher(LOOPBACK, allow_private=True)
    assert fetcher.fetch_many([]) == []
    # Five requests against one host with per_host=2: the semaphores are
    # really waited on, which binds them to the fetcher's loop.
    assert [result.body for result in fetcher.fetch_many(five)] == [b"ok"] * 5
    assert fetcher.fetch(FetchRequest(feed_server.url_for("/again"))).body == b"ok"
    fetcher.close()
    fetcher.close()
    # Used again after close(): a new loop needs new semaphores.
    assert [result.body for result in fetcher.fetch_many(five)] == [b"ok"] * 5
    fetcher.close()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("120", 120.0), ("0", 0.0), (" 30 ", 30.0), ("soon", None), ("", None), (None, None)],
)
def test_parse_retry_after_seconds(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date() -> None:
    now = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    assert parse_retry_after("Sun, 22 Nov 2026 10:05:00 GMT", now=now) == 300.0
    assert parse_retry_after("Sun, 22 Nov 2026 09:00:00 GMT", now=now) == 0.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("public, max-age=600", 600),
        ("max-age=0", 0),
        ('max-age="60"', 60),
        ("s-maxage=100", None),
        ("no-cache, max-age=600", None),
        ("no-store", None),
        (None, None),
    ],
)
def test_parse_max_age(value: str | None, expected: int | None) -> None:
    assert parse_max_age(value) == expected


@pytest.mark.parametrize(
    ("size", "text"), [(5_000_000, "5 MB"), (1_500, "1.5 kB"), (900, "900 bytes"), (2_500_000, "2.5 MB")]
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text
