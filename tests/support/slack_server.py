"""A small Slack-Web-API-compatible HTTP server for tests.

The real ``slack_sdk.WebClient`` talks to it through ``base_url=server.base_url``; incoming-webhook style
clients post to ``server.webhook_url()``. It keeps channels and messages in memory, records every request
and can be told to fail:

    server.fail_next("chat.postMessage", status=429, retry_after=1)
    server.fail_next("chat.postMessage", status=500, times=4)
    server.fail_next("chat.postMessage", error="channel_not_found")
    server.stop()   # later requests get "connection refused"
    server.answer_late("chat.postMessage", 2.0)   # stored now, answered after the client's timeout
    server.drop_answer("chat.postMessage")        # stored, then the connection closes without an answer

Use the fixture from another test module with
``from tests.support.slack_server import slack_server  # noqa: F401``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.support.loopback_http import LoopbackHandler, LoopbackHTTPServer

DEFAULT_TOKEN = "xoxb-test-0000-secret-token"
WEBHOOK_METHOD = "webhook"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it; ``args`` merges query string, form and JSON body."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any
    form: dict[str, str]
    args: dict[str, Any]
    received_at: float


@dataclass(frozen=True)
class CannedResponse:
    status: int
    body: Any
    headers: dict[str, str]


@dataclass
class StoredMessage:
    channel: str
    ts: str
    text: str
    blocks: list[Any] | None
    thread_ts: str | None
    metadata: dict[str, Any] | None
    edited: bool = False

    def as_api(self, include_metadata: bool) -> dict[str, Any]:
        message: dict[str, Any] = {"type": "message", "user": "U000BOT", "bot_id": "B000", "ts": self.ts}
        message["text"] = self.text
        if self.blocks is not None:
            message["blocks"] = self.blocks
        if self.thread_ts is not None:
            message["thread_ts"] = self.thread_ts
        if self.edited:
            message["edited"] = {"user": "U000BOT", "ts": self.ts}
        if include_metadata and self.metadata is not None:
            message["metadata"] = self.metadata
        return message


@dataclass
class _State:
    token: str
    channels: dict[str, str] = field(default_factory=dict)  # name without "#" -> id
    messages: list[StoredMessage] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    canned: dict[str, deque[CannedResponse]] = field(default_factory=dict)
    ts_counter: int = 0
    history_page_size: int = 100
    late: dict[str, deque[float]] = field(default_factory=dict)  # seconds before answering; < 0: no answer


def _truthy(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


class SlackTestServer:
    """Real HTTP server on 127.0.0.1 (ephemeral port) speaking enough of the Slack Web API for chidao."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.token = token
        self._lock = threading.Lock()
        self._state = _State(token=token)
        self._httpd = LoopbackHTTPServer(self._make_handler())
        self.port: int = self._httpd.port
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="slack-test-server", daemon=True
        )
        self._thread.start()
        self._running = True

    # ------------------------------------------------------------------ addresses
    @property
    def base_url(self) -> str:
        """For ``WebClient(base_url=...)``; ends with "/" as slack_sdk requires."""
        return f"http://127.0.0.1:{self.port}/api/"

    def webhook_url(self, name: str = "T000/B000/hook") -> str:
        return f"http://127.0.0.1:{self.port}/services/{name}"

    # ------------------------------------------------------------------ control
    def stop(self) -> None:
        """Shut down and close the socket: later requests to this port are refused."""
        if self._running:
            self._running = False
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=5)

    def fail_next(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        body: Any = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` ("chat.postMessage", ..., "webhook") with a failure.

        status 429 -> {"ok": false, "error": "ratelimited"} with Retry-After; status 5xx -> internal_error;
        status 200 with ``error`` -> {"ok": false, "error": error} (how Slack reports invalid_auth and co.).
        ``body`` replaces the JSON body entirely (a str is sent as text/plain).
        """
        if body is None:
            default_error = {429: "ratelimited"}.get(status, "internal_error" if status >= 500 else "invalid")
            body = {"ok": False, "error": error or default_error}
            if method == WEBHOOK_METHOD:
                body = error or default_error
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self._lock:
            queue = self._state.canned.setdefault(method, deque())
            queue.extend(CannedResponse(status, body, headers) for _ in range(times))

    def answer_late(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Handle the next ``times`` calls of ``method`` normally (a post is stored) but answer only after
        ``seconds``: a client with a shorter timeout sees no answer although the call took effect."""
        with self._lock:
            self._state.late.setdefault(method, deque()).extend([seconds] * times)

    def drop_answer(self, method: str, *, times: int = 1) -> None:
        """Handle the next ``times`` calls of ``method`` normally, then close the connection without an answer."""
        self.answer_late(method, -1.0, times=times)

    def add_channel(self, name: str) -> str:
        """Create (or find) a channel and return its id, e.g. add_channel("#chidao") -> "C0000001"."""
        with self._lock:
            return self._channel_id(name)

    @property
    def history_page_size(self) -> int:
        return self._state.history_page_size

    @history_page_size.setter
    def history_page_size(self, size: int) -> None:
        self._state.history_page_size = size

    # ------------------------------------------------------------------ inspection
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._state.requests)

    def requests_for(self, method: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.method == method]

    def messages(self, channel: str | None = None) -> list[StoredMessage]:
        """Stored messages (oldest first), optionally of one channel given by name or id."""
        with self._lock:
            if channel is None:
                return list(self._state.messages)
            channel_id = self._lookup_channel(channel)
            return [message for message in self._state.messages if message.channel == channel_id]

    def channel_id(self, name: str) -> str | None:
        with self._lock:
            return self._lookup_channel(name)

    # ------------------------------------------------------------------ internals (lock held)
    def _lookup_channel(self, channel: str) -> str | None:
        if channel in self._state.channels.values():
            return channel
        return self._state.channels.get(channel.lstrip("#"))

    def _channel_id(self, channel: str) -> str:
        found = self._lookup_channel(channel)
        if found is not None:
            return found
        new_id = f"C{len(self._state.channels) + 1:07d}"
        self._state.channels[channel.lstrip("#")] = new_id
        return new_id

    def _next_ts(self) -> str:
        self._state.ts_counter += 1
        return f"{int(time.time())}.{self._state.ts_counter:06d}"

    def _handle(self, method: str, args: dict[str, Any], headers: dict[str, str]) -> CannedResponse:
        with self._lock:
            queue = self._state.canned.get(method)
            if queue:
                return queue.popleft()
            if method == WEBHOOK_METHOD:
                return CannedResponse(200, "ok", {})
            auth = headers.get("authorization", "")
            if auth != f"Bearer {self.token}":
                return CannedResponse(200, {"ok": False, "error": "invalid_auth"}, {})
            handler = getattr(self, "_api_" + method.replace(".", "_"), None)
            if handler is None:
                return CannedResponse(404, {"ok": False, "error": "unknown_method"}, {})
            return CannedResponse(200, handler(args), {})

    def _api_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://chidao-test.slack.com/",
            "team": "chidao-test",
            "user": "chidao",
            "team_id": "T000",
            "user_id": "U000BOT",
            "bot_id": "B000",
        }

    def _api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not args.get("text") and not args.get("blocks"):
            return {"ok": False, "error": "no_text"}
        channel_id = self._channel_id(str(channel))
        blocks = args.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        metadata = args.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        thread_ts = args.get("thread_ts") or None
        message = StoredMessage(
            channel=channel_id,
            ts=self._next_ts(),
            text=str(args.get("text") or ""),
            blocks=blocks,
            thread_ts=thread_ts,
            metadata=metadata,
        )
        self._state.messages.append(message)
        return {"ok": True, "channel": channel_id, "ts": message.ts, "message": message.as_api(True)}

    def _api_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel_id = self._lookup_channel(str(args.get("channel") or ""))
        if channel_id is None:
            return {"ok": False, "error": "channel_not_found"}
        for message in self._state.messages:
            if message.channel == channel_id and message.ts == args.get("ts"):
                message.text = str(args.get("text") or "")
                blocks = args.get("blocks")
                message.blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
                message.edited = True
                return {"ok": True, "channel": channel_id, "ts": message.ts, "text": message.text}
        return {"ok": False, "error": "message_not_found"}

    def _api_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        # Like Slack: an id is required, a "#name" is channel_not_found.
        channel = str(args.get("channel") or "")
        if channel not in self._state.channels.values():
            return {"ok": False, "error": "channel_not_found"}
        oldest = float(args.get("oldest") or 0)
        include_metadata = _truthy(args.get("include_all_metadata"))
        top_level = [
            message
            for message in reversed(self._state.messages)
            if message.channel == channel
            and float(message.ts) > oldest
            and (message.thread_ts is None or message.thread_ts == message.ts)
        ]
        start = int(args.get("cursor") or 0)
        limit = min(int(args.get("limit") or 100), self._state.history_page_size)
        page = top_level[start : start + limit]
        more = start + limit < len(top_level)
        return {
            "ok": True,
            "messages": [message.as_api(include_metadata) for message in page],
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _api_conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if channel not in self._state.channels.values():
            return {"ok": False, "error": "channel_not_found"}
        parent_ts = str(args.get("ts") or "")
        thread = [
            message
            for message in self._state.messages
            if message.channel == channel and parent_ts in (message.ts, message.thread_ts)
        ]
        if not any(message.ts == parent_ts for message in thread):
            return {"ok": False, "error": "thread_not_found"}
        oldest = float(args.get("oldest") or 0)
        include_metadata = _truthy(args.get("include_all_metadata"))
        # Slack always returns the parent first, then the replies oldest first.
        selected = [m for m in thread if m.ts == parent_ts or float(m.ts) > oldest]
        start = int(args.get("cursor") or 0)
        limit = min(int(args.get("limit") or 100), self._state.history_page_size)
        page = selected[start : start + limit]
        more = start + limit < len(selected)
        return {
            "ok": True,
            "messages": [message.as_api(include_metadata) for message in page],
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _api_conversations_list(self, args: dict[str, Any]) -> dict[str, Any]:
        channels = [{"id": cid, "name": name, "is_channel": True} for name, cid in self._state.channels.items()]
        return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": ""}}

    def _make_handler(self) -> type[LoopbackHandler]:
        server = self

        class Handler(LoopbackHandler):
            def _serve(self) -> None:
                received_at = time.monotonic()
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                content_type = (self.headers.get("Content-Type") or "").lower()
                body_json: Any = None
                form: dict[str, str] = {}
                if raw and "json" in content_type:
                    body_json = json.loads(raw.decode("utf-8"))
                elif raw:
                    form = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
                args: dict[str, Any] = dict(parse_qsl(split.query, keep_blank_values=True))
                args.update(form)
                if isinstance(body_json, dict):
                    args.update(body_json)
                if split.path.startswith("/api/"):
                    method = split.path[len("/api/") :]
                elif split.path.startswith("/services/"):
                    method = WEBHOOK_METHOD
                else:
                    method = split.path
                headers = {key.lower(): value for key, value in self.headers.items()}
                with server._lock:
                    server._state.requests.append(
                        RecordedRequest(method, split.path, headers, body_json, form, args, received_at)
                    )
                canned = server._handle(method, args, headers)
                with server._lock:
                    late = server._state.late.get(method)
                    delay = late.popleft() if late else None
                if delay is not None and delay < 0:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if delay is not None:
                    time.sleep(delay)
                if isinstance(canned.body, str):
                    payload, ctype = canned.body.encode("utf-8"), "text/plain; charset=utf-8"
                else:
                    payload, ctype = (
                        json.dumps(canned.body).encode("utf-8"),
                        "application/json; charset=utf-8",
                    )
                # send() also copes with a client that gave up waiting (answer_late)
                self.send(payload, ctype, canned.status, canned.headers.items())

            def do_POST(self) -> None:
                self._serve()

            def do_GET(self) -> None:
                self._serve()

        return Handler


@pytest.fixture
def slack_server() -> Iterator[SlackTestServer]:
    """A fresh Slack-compatible server per test, stopped afterwards."""
    server = SlackTestServer()
    try:
        yield server
    finally:
        server.stop()
