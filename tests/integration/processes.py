"""Child processes for the integration and fault tests: own session, logs in files, killed as a group."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx

T = TypeVar("T")

# Generous: the machine has 2 cores and the whole suite may be running beside us.
STARTUP_TIMEOUT = 180.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env(**extra: str) -> dict[str, str]:
    """The test process's environment without any CHIDAO_ setting, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIDAO_", "PREFECT_"))}
    env.update(COLUMNS="200", PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


@dataclass
class Child:
    """A child process in its own session; ``log`` holds its stdout and stderr."""

    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill9(self) -> None:
        """SIGKILL to the whole group: no cleanup, no atexit, like a power cut."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM to the group, SIGKILL after 20 s; always reaps the process."""
        if self.alive():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
            except ProcessLookupError:
                pass
        # grandchildren (flow-run subprocesses) share the group; make sure none outlive the test
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)


def spawn(args: list[str], cwd: Path, env: dict[str, str], log_name: str) -> Child:
    log = cwd / log_name
    with log.open("wb") as sink:
        process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Child(process, log)


def chidao(args: list[str], cwd: Path, env: dict[str, str], log_name: str) -> Child:
    return spawn([sys.executable, "-m", "chidao.cli", *args], cwd, env, log_name)


def wait_for(condition: Callable[[], T | None], timeout: float, what: str, child: Child | None = None) -> T:
    """Poll ``condition`` until it returns something truthy; fail naming ``what`` (and the child's log)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if child is not None and not child.alive():
            raise AssertionError(f"{what}: the child exited ({child.process.returncode}):\n{child.output()[-4000:]}")
        if time.monotonic() > deadline:
            tail = f"\n--- log:\n{child.output()[-4000:]}" if child is not None else ""
            raise AssertionError(f"gave up waiting for {what}{tail}")
        time.sleep(0.5)


def start_prefect_server(home: Path) -> tuple[Child, str]:
    """``prefect server start`` on a free loopback port with its own PREFECT_HOME (SQLite for Prefect itself)."""
    port = free_port()
    env = child_env(PREFECT_HOME=str(home), PREFECT_SERVER_API_HOST="127.0.0.1")
    home.mkdir(parents=True, exist_ok=True)
    prefect = str(Path(sys.executable).with_name("prefect"))
    server = spawn([prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)], home, env, "server.log")
    api_url = f"http://127.0.0.1:{port}/api"

    def healthy() -> bool:
        try:
            return httpx.get(f"{api_url}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(healthy, STARTUP_TIMEOUT, "the Prefect server to answer /api/health", server)
    except BaseException:
        server.stop()
        raise
    return server, api_url
