"""A loopback TCP proxy that can fail on cue: the fault tests put it between chidao and a real server.

It relays bytes both ways and watches what the client sends. When the client sends ``trigger`` (say,
``b"INSERT INTO follow_up_items"`` to PostgreSQL, or ``b"chat.postMessage"`` to Slack) it does one of:

* ``cut``: close every connection and refuse new ones until :meth:`restore` (a database going away);
* ``hold``: forward the request but never relay the answer on that connection (the server did the work,
  the client never hears of it: the window in which a crash makes a double post possible).

``triggered`` is set when that happens, so a test can act at exactly that moment.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal

Action = Literal["cut", "hold"]


@dataclass
class _Pair:
    client: socket.socket
    upstream: socket.socket
    held: bool = False
    tail: bytes = b""


@dataclass
class TcpProxy:
    target_port: int
    trigger: bytes | None = None
    action: Action = "cut"
    triggered: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._pairs: list[_Pair] = []
        self._listener: socket.socket | None = None
        self.port = 0
        self._listen()

    # --- control ---------------------------------------------------------------------------------

    def cut(self) -> None:
        """Close the listener and every relayed connection: new connections are refused."""
        with self._lock:
            listener, self._listener = self._listener, None
            pairs, self._pairs = self._pairs, []
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for pair in pairs:
            for sock in (pair.client, pair.upstream):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def restore(self) -> None:
        """Listen again on the same port, relaying normally (the trigger does not fire twice)."""
        self.trigger = None
        self._listen()

    def close(self) -> None:
        self.cut()

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- relaying --------------------------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True, name="tcp-proxy-accept").start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            pair = _Pair(client, upstream)
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    client.close()
                    upstream.close()
                    return
                self._pairs.append(pair)
            threading.Thread(target=self._pump_up, args=(pair,), daemon=True).start()
            threading.Thread(target=self._pump_down, args=(pair,), daemon=True).start()

    def _pump_up(self, pair: _Pair) -> None:
        while True:
            try:
                data = pair.client.recv(65536)
            except OSError:
                return
            if not data:
                with contextlib.suppress(OSError):
                    pair.upstream.shutdown(socket.SHUT_WR)
                return
            seen = pair.tail + data
            fire = self.trigger is not None and not self.triggered.is_set() and self.trigger in seen
            if self.trigger is not None:
                pair.tail = seen[-len(self.trigger) :]
            if fire and self.action == "cut":
                self.triggered.set()
                self.cut()
                return
            if fire:
                pair.held = True
            try:
                pair.upstream.sendall(data)
            except OSError:
                return
            if fire:
                self.triggered.set()

    def _pump_down(self, pair: _Pair) -> None:
        while True:
            try:
                data = pair.upstream.recv(65536)
            except OSError:
                return
            if not data:
                if not pair.held:  # a held client hears neither the answer nor the close: it waits (timeout)
                    with contextlib.suppress(OSError):
                        pair.client.shutdown(socket.SHUT_WR)
                return
            if pair.held:
                continue  # the server answered; the client never hears it
            try:
                pair.client.sendall(data)
            except OSError:
                return
