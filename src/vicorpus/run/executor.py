"""The local executor: worker processes on one machine, no server.

Workers are started with ``spawn`` (a fork after Polars has started its thread pool
can deadlock) and with ``POLARS_MAX_THREADS=1``: one process per core.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from vicorpus.run.context import RunContext

TaskFunction = Callable[[RunContext, int, int], dict[str, Any]]
OnDone = Callable[[int, dict[str, Any]], None]


def run_local(
    function: TaskFunction,
    ctx: RunContext,
    phase_arg: int,
    items: Sequence[int],
    workers: int,
    on_done: OnDone,
) -> None:
    """Run ``function(ctx, phase_arg, item)`` for every item; ``on_done`` may raise to stop."""
    if workers <= 1 or len(items) <= 1:
        for item in items:
            on_done(item, function(ctx, phase_arg, item))
        return
    previous = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"  # inherited by the spawned workers
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(items)), mp_context=multiprocessing.get_context("spawn")
    )
    try:
        pending: dict[Future[dict[str, Any]], int] = {}
        queue = list(items)
        # Keep a bounded number of tasks in flight so a failure stops the run soon.
        while queue or pending:
            while queue and len(pending) < 2 * workers:
                item = queue.pop(0)
                pending[pool.submit(function, ctx, phase_arg, item)] = item
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: pending[f]):
                item = pending.pop(future)
                on_done(item, future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if previous is None:
            os.environ.pop("POLARS_MAX_THREADS", None)
        else:
            os.environ["POLARS_MAX_THREADS"] = previous
