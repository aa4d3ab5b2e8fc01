"""SIGTERM and SIGINT during ``chidao run``: stop promptly, keep what was committed, exit 143 or 130.

Every write of a pass is its own short transaction (an entry, an article's items, an outbox claim or
mark), so stopping anywhere loses nothing: the transaction in progress is rolled back by the database and
the next ``chidao run`` redoes that step (entries are skipped once stored, articles stay pending until
processed, a post whose answer never came is looked up before any retry). The one thing that could take
long is Prefect reporting the crash to its API: when the signal reached the whole process group (Ctrl-C
in a terminal, a service manager stopping a group) the ephemeral API server died with it, and Prefect's
client retries for a minute or more. So the first signal also arms a timer that ends the process after
:data:`STOP_GRACE_SECONDS`.

Prefect replaces the SIGTERM handler while a flow runs; the C-level wake-up file descriptor still sees
every signal that has a Python handler, so a watcher thread notices the signal whoever handles it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import FrameType

# Long enough for Prefect to record the crash on a live API (about a second), short enough that a stop
# never waits for a dead one.
STOP_GRACE_SECONDS = 10.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def exit_code_for(signum: int) -> int:
    """The shell's convention: 128 + the signal number (SIGTERM 143, SIGINT 130)."""
    return 128 + signum


def stop_message(signum: int) -> str:
    """Said once, when the signal arrives."""
    return (
        f"Stopping on {signal.Signals(signum).name}: committed work is kept, the step in progress is rolled back; "
        "run `chidao run` again to finish the pass"
    )


def stopped_line(signum: int) -> str:
    """The last line when the pass unwound in time."""
    return f"stopped by {signal.Signals(signum).name} before the pass finished (exit {exit_code_for(signum)})"


class RunStopped(BaseException):
    """Raised in the main thread by a stop signal; a BaseException, so that no ``except Exception`` keeps going."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass
class StopWatch:
    """What the watcher saw: the first stop signal, if any."""

    signum: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def signalled(self, signum: int) -> None:
        """First signal: say so and arm the grace timer. Later ones change nothing (Prefect re-sends the
        signal to its own process once it has recorded the crash, and the timer already bounds the stop)."""
        with self._lock:
            if self.signum is not None:
                return
            self.signum = signum
        print(stop_message(signum), file=sys.stderr, flush=True)
        timer = threading.Timer(STOP_GRACE_SECONDS, _end, args=(signum,))
        timer.daemon = True
        timer.start()


def _end(signum: int) -> None:
    """Leave without unwinding further: the database rolls back whatever transaction is open."""
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    os._exit(exit_code_for(signum))


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    raise RunStopped(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[StopWatch]:
    """Within the block, SIGTERM and SIGINT stop the run (see the module docstring); main thread only."""
    watch = StopWatch()
    reading, writing = os.pipe()
    os.set_blocking(writing, False)
    previous = {s: signal.signal(s, _raise_stop) for s in STOP_SIGNALS}
    previous_fd = signal.set_wakeup_fd(writing, warn_on_full_buffer=False)
    watcher = threading.Thread(target=_watch, args=(reading, watch), name="chidao-stop-watcher", daemon=True)
    watcher.start()
    try:
        yield watch
    finally:
        signal.set_wakeup_fd(previous_fd)
        for s, handler in previous.items():
            signal.signal(s, handler)
        os.close(writing)  # ends the watcher: its read returns b""


def _watch(reading: int, watch: StopWatch) -> None:
    try:
        while chunk := os.read(reading, 64):
            for signum in chunk:
                if signum in STOP_SIGNALS:
                    watch.signalled(signum)
    finally:
        os.close(reading)
