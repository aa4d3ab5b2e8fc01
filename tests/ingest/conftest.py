"""A threaded loopback HTTP server for the fetcher tests (slow handlers must
not block the others).  Started once per session (stopping a threaded
werkzeug server takes half a second); handlers are cleared after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture(scope="session")
def _loopback_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield server
    finally:
        if server.is_running():
            server.stop()


@pytest.fixture
def feed_server(_loopback_server: HTTPServer) -> Iterator[HTTPServer]:
    _loopback_server.clear()
    try:
        yield _loopback_server
    finally:
        _loopback_server.clear()
