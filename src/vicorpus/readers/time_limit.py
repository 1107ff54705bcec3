"""A wall-clock limit on one extraction (an HTML page, a PDF), so that a pathological
document is quarantined instead of stalling a worker.

``SIGALRM`` interrupts pure-Python and most C code at the next bytecode boundary; it
exists only on POSIX and only in the main thread. Elsewhere the limit is not enforced
(the document is extracted without one), which the docstring of each reader states.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class ExtractionTimeout(Exception):
    """The extraction ran over its time limit."""


def _expire(signum: int, frame: FrameType | None) -> None:
    raise ExtractionTimeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``ExtractionTimeout`` inside the block after ``seconds`` (0: no limit)."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
