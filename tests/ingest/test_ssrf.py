"""#15 item 8: SSRF. Scheme, host and port are compared; link-local and metadata are always refused;
with private hosts allowed a redirect stays within the allowed hosts; the fetch connects to the
address that was checked.

Every server here listens on 127.0.0.1. Other ranges (10/8, 169.254/16, fe80::/10, metadata names)
are tested through the pure functions only: no test points chidao at an address outside loopback.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from pytest_httpserver import HTTPServer

from chidao.adapters.db import Database
from chidao.adapters.http import (
    Fetcher,
    FetchLimits,
    FetchRequest,
    Origin,
    address_refusal,
    fetch_refusal,
)
from chidao.core.feeds import FeedSpec
from chidao.services.ingest import poll_feeds
from chidao.services.poll import page_refusal
from tests.ingest.service_support import NOW, Item, add_feeds, articles, rss
from tests.support.loopback_http import LoopbackHandler, serving

LOOPBACK = FetchLimits(timeout_seconds=2.0, connect_timeout_seconds=1.0)
METADATA = "link-local or cloud-metadata address refused"


@pytest.mark.parametrize(
    ("address", "allow_private", "expected"),
    [
        ("93.184.215.14", False, None),
        ("10.1.2.3", False, "private address refused"),
        ("10.1.2.3", True, None),
        ("192.168.1.1", True, None),
        ("127.0.0.1", False, "private address refused"),
        ("169.254.169.254", True, METADATA),
        ("169.254.0.1", True, METADATA),
        ("::ffff:169.254.169.254", True, METADATA),
        ("fe80::1", True, METADATA),
        ("fe80::1%eth0", True, METADATA),
        ("febf::1", True, METADATA),
        ("100.100.100.200", True, METADATA),
        ("fd00:ec2::254", True, METADATA),
        ("fd00::1", True, None),
        ("fd00::1", False, "private address refused"),
        ("not-an-ip", True, "'not-an-ip' is not an IP address"),
    ],
)
def test_address_refusal(address: str, allow_private: bool, expected: str | None) -> None:
    assert address_refusal(address, allow_private=allow_private) == expected


@pytest.mark.parametrize(
    "host", ["metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata", "instance-data", "metadata.goog"]
)
def test_metadata_names_are_refused_whatever_they_resolve_to(host: str) -> None:
    refusal = fetch_refusal(f"http://{host}/computeMetadata/v1/", ["10.0.0.9"], allow_private=True)
    assert refusal == f"cloud-metadata host '{host.lower().rstrip('.')}' refused"


def test_redirect_rules_with_private_hosts_allowed() -> None:
    own = (Origin("http", "intranet.vn", 8080),)
    # Within the request's own scheme, host and port: allowed.
    assert fetch_refusal("http://intranet.vn:8080/b", ["10.0.0.5"], allow_private=True, redirect_within=own) is None
    # Same host, other port: refused.
    assert fetch_refusal("http://intranet.vn:9090/b", ["10.0.0.5"], allow_private=True, redirect_within=own) == (
        "redirect to host 'intranet.vn:9090' not allowed"
    )
    # Another private host: refused.
    assert fetch_refusal("http://10.0.0.7:8080/", ["10.0.0.7"], allow_private=True, redirect_within=own) == (
        "redirect to host '10.0.0.7:8080' not allowed"
    )
    # The metadata range, even "within": refused.
    assert fetch_refusal("http://169.254.169.254/", ["169.254.169.254"], allow_private=True, redirect_within=own) == (
        f"redirect to a {METADATA}"
    )
    # Public feed redirects (no allowed list) may go to any public host but not to a private one.
    assert fetch_refusal("https://moi.vn/rss", ["93.184.215.14"], allow_private=False, redirect_within=()) is None
    assert fetch_refusal("http://10.0.0.7/", ["10.0.0.7"], allow_private=True, redirect_within=()) == (
        "redirect to a private address refused"
    )


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("http://bao.vn/tin/1", None),
        ("http://www.bao.vn:80/tin/1", None),
        ("https://bao.vn/tin/1", None),  # http -> https on the default ports
        ("http://media.bao.vn/tin/1", None),
        ("http://bao.vn:8080/tin/1", "page host 'bao.vn:8080' is not the feed's host and not in its allow_hosts"),
        ("https://bao.vn:8443/", "page host 'bao.vn:8443' is not the feed's host and not in its allow_hosts"),
    ],
)
def test_page_refusal_compares_the_port(page: str, expected: str | None) -> None:
    assert page_refusal(page, "http://bao.vn/rss", ()) == expected


def test_allow_hosts_entry_with_a_port() -> None:
    assert page_refusal("http://cdn.vn:8080/a", "http://bao.vn/rss", ("cdn.vn:8080",)) is None
    assert page_refusal("http://cdn.vn:8081/a", "http://bao.vn/rss", ("cdn.vn:8080",)) == (
        "page host 'cdn.vn:8081' is not the feed's host and not in its allow_hosts"
    )


# --- through loopback servers ---------------------------------------------------------------------


@pytest.fixture
def other_port() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_a_feed_cannot_send_chidao_to_another_port_of_its_host(
    db: Database, feed_server: HTTPServer, other_port: HTTPServer
) -> None:
    other_port.expect_request("/admin").respond_with_data("<html><body>bí mật</body></html>")
    body = rss([Item("Tin", other_port.url_for("/admin"), "p-1", "Tóm tắt.")])
    feed_server.expect_request("/feed.rss").respond_with_data(body, content_type="application/rss+xml")
    add_feeds(db, FeedSpec(id="portal", url=feed_server.url_for("/feed.rss"), interval_minutes=30))
    with Fetcher(LOOPBACK, allow_private=True) as fetcher:
        poll_feeds(db, fetcher, ["portal"], now=NOW)
    assert other_port.log == []
    (article,) = articles(db)
    assert article.fetch_error == (
        f"page host '127.0.0.1:{other_port.port}' is not the feed's host and not in its allow_hosts"
    )


def test_with_private_hosts_allowed_a_redirect_to_another_port_is_refused(
    feed_server: HTTPServer, other_port: HTTPServer
) -> None:
    other_port.expect_request("/secret").respond_with_data("bí mật")
    feed_server.expect_request("/feed").respond_with_data(
        "", status=302, headers={"Location": other_port.url_for("/secret")}
    )
    with Fetcher(LOOPBACK, allow_private=True) as fetcher:
        result = fetcher.fetch(FetchRequest(feed_server.url_for("/feed")))
    assert result.error == f"redirect to host '127.0.0.1:{other_port.port}' not allowed"
    assert other_port.log == []


def test_the_fetch_connects_to_the_address_that_was_checked(feed_server: HTTPServer) -> None:
    """The name is resolved once per hop by chidao's resolver and the connection goes to that address
    (the system resolver knows nothing of 'portal.chidao.test'), Host header kept."""
    feed_server.expect_request("/feed").respond_with_data(
        "", status=302, headers={"Location": f"http://portal.chidao.test:{feed_server.port}/feed2"}
    )
    feed_server.expect_request("/feed2").respond_with_data("<rss/>")
    asked: list[str] = []

    async def resolver(host: str) -> Sequence[str]:
        asked.append(host)
        return ["127.0.0.1"] if host == "portal.chidao.test" else []

    with Fetcher(LOOPBACK, allow_private=True, resolve_host=resolver) as fetcher:
        result = fetcher.fetch(FetchRequest(f"http://portal.chidao.test:{feed_server.port}/feed"))
    assert (result.error, result.body) == (None, b"<rss/>")
    assert asked == ["portal.chidao.test", "portal.chidao.test"]
    assert [request.headers["Host"] for request, _ in feed_server.log] == [f"portal.chidao.test:{feed_server.port}"] * 2


def test_a_name_resolving_to_link_local_is_refused_before_any_connection(feed_server: HTTPServer) -> None:
    async def rebinding(host: str) -> Sequence[str]:
        return ["127.0.0.1", "169.254.169.254"]

    with Fetcher(LOOPBACK, allow_private=True, resolve_host=rebinding) as fetcher:
        result = fetcher.fetch(FetchRequest(f"http://portal.chidao.test:{feed_server.port}/feed"))
    assert result.error == METADATA
    assert feed_server.log == []


def test_two_names_on_one_address_never_share_a_connection() -> None:
    """Connections go to the checked address, so the pool must still key them by name: a connection opened
    for one name (its TLS server name and certificate check) is never reused for another name that resolves
    to the same address. Plain HTTP on loopback shows the pooling; HTTPS pools the same way."""
    seen: list[tuple[int, str]] = []  # (client port of the connection, Host header)

    class Recorder(LoopbackHandler):  # HTTP/1.1 keep-alive: a pooled connection would carry both requests
        def do_GET(self) -> None:
            seen.append((self.client_address[1], self.headers["Host"]))
            self.send(b"<rss/>", None)

    async def one_address(host: str) -> Sequence[str]:
        return ["127.0.0.1"] if host.endswith(".chidao.test") else []

    names = ["alpha.chidao.test", "beta.chidao.test", "alpha.chidao.test", "beta.chidao.test"]
    with serving(Recorder) as server:
        port = server.port
        with Fetcher(LOOPBACK, allow_private=True, resolve_host=one_address) as fetcher:
            results = [fetcher.fetch(FetchRequest(f"http://{name}:{port}/feed")) for name in names]
    assert [(r.error, r.body) for r in results] == [(None, b"<rss/>")] * 4
    assert [host for _, host in seen] == [f"{name}:{port}" for name in names]
    hosts_by_connection: dict[int, set[str]] = {}
    for client_port, host in seen:
        hosts_by_connection.setdefault(client_port, set()).add(host)
    assert sorted(len(hosts) for hosts in hosts_by_connection.values()) == [1, 1]  # kept alive, one per name
