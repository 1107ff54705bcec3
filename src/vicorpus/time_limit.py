"""A wall-clock limit on one extraction (an HTML page, a PDF, …), so that a pathological
document is quarantined instead of stalling a worker.

It uses ``SIGALRM`` through ``signal.setitimer``, which only works in the main thread of
a process on a POSIX system — where vicorpus runs its readers: the in-process executor
and each worker process call the reader from their main thread. Elsewhere (another
thread, Windows) there is no limit. Pure-Python code is interrupted between bytecodes;
a single long C call (a zlib inflate, an HTML parser's main-content pass) finishes first,
which is why readers also bound sizes and nesting before extracting.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class ExtractionTimeout(BaseException):
    """Raised inside an extraction when its time limit is over. A BaseException, so that
    a library's ``except Exception`` cannot swallow it."""


def time_limits_available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ExtractionTimeout` in the block after ``seconds`` (None or ≤ 0: no limit).

    Restores the previous ``SIGALRM`` handler and re-arms a timer that was running
    before (less the time spent here), so that nesting is safe.
    """
    if not seconds or seconds <= 0 or not time_limits_available():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise ExtractionTimeout

    previous_handler = signal.signal(signal.SIGALRM, expire)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler if previous_handler is not None else signal.SIG_DFL)
        if previous_delay > 0:
            remaining = max(previous_delay - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, remaining, previous_interval)
