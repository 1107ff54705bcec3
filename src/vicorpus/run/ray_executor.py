"""The Ray executor: the local executor's task functions, run on a Ray cluster.

Each phase (a round of read tasks, a global stage's cluster partitions, its resolve
step) is one Ray Data pipeline over the phase's item numbers: ``map_batches`` hands one
item at a time to an actor that received the run context once, when it started (as the
local pool's initializer does), and that actor runs the very function the local
executor runs — every stage unchanged, batches of Arrow-backed Polars frames, each
task committing its shards and its done-marker atomically under the output folder.

So the output is byte-identical to a local run (the same functions write the same
bytes; nothing depends on where or in which order tasks run) and resume works the same
way (done-markers). The price: the output folder, with its ``.vicorpus/`` working
state, must be a path every node sees (a shared file system or a mounted bucket).
Ray Data's own readers are not used: they would neither quarantine bad records with
their bytes nor keep a document's place in its task, which decides duplicates.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import orjson

from vicorpus.errors import ConfigError
from vicorpus.run.context import RunContext
from vicorpus.run.executor import OnDone, TaskFunction

# Driver-side memory of the local Ray instance started for a run without --address:
# results travel through the object store (a few kB per task), documents never do.
_LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024


def ray_available() -> bool:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


class _TaskRunner:
    """A Ray Data actor: holds the run context, runs one task per batch."""

    def __init__(self, ctx_ref: list[Any], function: TaskFunction, phase_arg: int) -> None:
        import ray

        # The context sits in the object store once per run; the reference travels in a
        # list so that Ray passes it as is instead of inlining the context per actor.
        self.ctx: RunContext = ray.get(ctx_ref[0])
        self.function = function
        self.phase_arg = phase_arg

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        items = [int(item) for item in batch["item"]]
        results = [orjson.dumps(self.function(self.ctx, self.phase_arg, item)) for item in items]
        return {"item": items, "result": results}


class RayExecutor:
    """Runs task functions as Ray Data ``map_batches`` over a phase's items.

    ``address``: an existing cluster ("auto", "ray://head:10001"); None starts a local
    Ray instance with ``workers`` CPUs for the run and stops it afterwards.
    """

    def __init__(self, ctx: RunContext, workers: int | None, address: str | None) -> None:
        self.ctx = ctx
        self.address = address
        self.requested_workers = workers
        self.workers = workers or os.cpu_count() or 1  # CPUs of a local Ray instance
        self._started_ray = False
        self._ctx_ref: Any = None

    def __enter__(self) -> RayExecutor:
        if not ray_available():
            raise ConfigError("--executor ray: Ray is not installed; pip install 'vicorpus[ray]'")
        import ray

        # One Polars thread per task, as in the local executor: Ray schedules one task per CPU.
        runtime_env = {"env_vars": {"POLARS_MAX_THREADS": "1"}}
        if not ray.is_initialized():
            if self.address is None:
                ray.init(
                    num_cpus=self.workers,
                    include_dashboard=False,
                    log_to_driver=False,
                    object_store_memory=_LOCAL_OBJECT_STORE_BYTES,
                    runtime_env=runtime_env,
                    logging_level=logging.WARNING,
                )
            else:
                ray.init(
                    address=self.address, log_to_driver=False, runtime_env=runtime_env, logging_level=logging.WARNING
                )
            self._started_ray = True
        # Concurrent tasks: --workers when given (a cap on a shared cluster), else every CPU.
        cluster_cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]
        self.workers = min(self.requested_workers, cluster_cpus) if self.requested_workers else cluster_cpus
        # Ray Data narrates every dataset on stderr; the run's own progress says enough.
        logging.getLogger("ray").setLevel(logging.WARNING)
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        self._ctx_ref = ray.put(self.ctx)
        data_context = ray.data.DataContext.get_current()
        data_context.enable_progress_bars = False
        data_context.execution_options.verbose_progress = False
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._ctx_ref = None
        if self._started_ray:
            import ray

            ray.shutdown()
            self._started_ray = False

    def run(self, function: TaskFunction, phase_arg: int, items: Sequence[int], on_done: OnDone) -> None:
        """Run ``function(ctx, phase_arg, item)`` for every item on the cluster; ``on_done``
        (in the driver, in completion order) may raise to stop the run."""
        if not items:
            return
        import ray.data

        dataset = ray.data.from_items([{"item": int(item)} for item in items], override_num_blocks=len(items))
        results = dataset.map_batches(
            _TaskRunner,
            fn_constructor_args=([self._ctx_ref], function, phase_arg),
            batch_size=1,
            compute=ray.data.ActorPoolStrategy(min_size=1, max_size=min(self.workers, len(items))),
            num_cpus=1,
            batch_format="numpy",
        )
        for row in results.iter_rows():
            on_done(int(row["item"]), orjson.loads(row["result"]))
