"""Timing helpers shared by the language-identification benchmarks (standard library only:
``bench_langid_models.py`` runs in its own virtualenv without vicorpus)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path


def _busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_idle(limit_s: float) -> float:
    """Wait (at most ``limit_s``) until other processes use under 10% of a core; return what they used last."""
    deadline = time.monotonic() + limit_s
    others = 0.0
    while True:
        busy, own = _busy_seconds(), time.process_time()
        time.sleep(0.5)
        others = (_busy_seconds() - busy - (time.process_time() - own)) / 0.5
        if others < 0.1 or time.monotonic() >= deadline:
            return others


def timed(function: Callable[[str], object], texts: list[str], repeat: int) -> dict[str, float]:
    """Median wall seconds of ``repeat`` passes, with the CPU other processes used meanwhile."""
    walls, cpus, others = [], [], []
    for _ in range(repeat):
        busy, cpu, started = _busy_seconds(), time.process_time(), time.perf_counter()
        for text in texts:
            function(text)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
        others.append(max(0.0, _busy_seconds() - busy - cpus[-1]))
    middle = sorted(range(repeat), key=lambda k: walls[k])[repeat // 2]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return {
        "docs": len(texts),
        "mb": megabytes,
        "seconds": walls[middle],
        "cpu_seconds": cpus[middle],
        "other_cpu_s": others[middle],
    }
