"""A loopback HTTP server for the bundled sample feeds (``sample://`` URLs).

The embedded default run polls the sample feeds over real HTTP, so that the
demo exercises the same fetch path as production. Stored URLs keep the
``sample://`` form: the port changes on every run, the identity must not.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

SAMPLE_SCHEME = "sample://"


class _SampleHandler(SimpleHTTPRequestHandler):
    """Static files, with ``sample://`` links rewritten to this server's address."""

    base_url = ""
    extensions_map = {  # noqa: RUF012 - class attribute of the stdlib handler
        **SimpleHTTPRequestHandler.extensions_map,
        ".rss": "application/rss+xml; charset=utf-8",
        ".atom": "application/atom+xml; charset=utf-8",
        ".xml": "application/xml; charset=utf-8",
        ".html": "text/html; charset=utf-8",
    }

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404, "not found")
            return
        body = path.read_bytes().replace(SAMPLE_SCHEME.encode(), self.base_url.encode())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SampleServer:
    """Serves ``root`` on 127.0.0.1 on an ephemeral port while in a ``with`` block."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> SampleServer:
        class _BoundSampleHandler(_SampleHandler):
            pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_BoundSampleHandler, directory=str(self.root)))
        _BoundSampleHandler.base_url = self.base_url
        self._thread = threading.Thread(target=self._server.serve_forever, name="chidao-samples", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self._server = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("sample server is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def resolve(self, url: str) -> str:
        """Map ``sample://path`` to the loopback URL; other URLs pass through."""
        if url.startswith(SAMPLE_SCHEME):
            return self.base_url + url[len(SAMPLE_SCHEME) :].lstrip("/")
        return url

    def unresolve(self, url: str) -> str:
        """Map a loopback URL back to its stable ``sample://`` form."""
        if self._server is not None and url.startswith(self.base_url):
            return SAMPLE_SCHEME + url[len(self.base_url) :]
        return url
