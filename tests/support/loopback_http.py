"""A plain HTTP server on 127.0.0.1 for tests and benchmarks that need more control than pytest-httpserver
gives (a request held until the test releases it, the client port of each connection, a farm in another
process).

Subclass ``LoopbackHandler``, answer with ``self.send(...)``, and serve it with ``serving(Handler)``
(a daemon thread, shut down on exit) or ``LoopbackHTTPServer(Handler).serve_forever()``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def article_page(title: str, paragraphs: Iterable[str]) -> str:
    """A news article as a portal serves it: the title, then the paragraphs inside ``<article>``."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


class LoopbackHandler(BaseHTTPRequestHandler):
    """Keep-alive (as the sites chidao reads are) and silent: no line on stderr per request."""

    protocol_version = "HTTP/1.1"

    def send(
        self, body: bytes, content_type: str | None, status: int = 200, headers: Iterable[tuple[str, str]] = ()
    ) -> None:
        """The whole response. A client that went away before it is written (a killed `chidao run`, a
        client that gave up waiting) is no error of the server: the connection is closed without a
        traceback."""
        try:
            self.send_response(status)
            if content_type is not None:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except ConnectionError:  # BrokenPipeError, ConnectionResetError, ...
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        return


class LoopbackHTTPServer(ThreadingHTTPServer):
    """``handler`` on 127.0.0.1, on a port the system picks; one daemon thread per connection, so that a
    request held open never keeps the process alive."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[LoopbackHTTPServer]:
    """``handler`` served from a daemon thread until the block ends; then the port is closed."""
    server = LoopbackHTTPServer(handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
