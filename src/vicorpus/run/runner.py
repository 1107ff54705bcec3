"""Run a pipeline end to end on the local executor: plan → rounds/clusters → govern."""

from __future__ import annotations

import hashlib
import math
import os
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import orjson

from vicorpus.errors import ConfigError, OutputFolderConflict, RunFailed
from vicorpus.pipeline import Pipeline
from vicorpus.readers.base import NOT_A_DOCUMENT
from vicorpus.readers.planning import Plan, make_plan
from vicorpus.run.clustering import cluster_phase, execute_cluster
from vicorpus.run.context import RunContext
from vicorpus.run.executor import LocalExecutor, TaskFunction
from vicorpus.run.layout import OUTPUT_BUCKETS, Layout, read_json, write_json_atomic
from vicorpus.run.ledger import Ledger
from vicorpus.run.manifest import build_manifest, file_digest
from vicorpus.run.progress import ProgressReporter
from vicorpus.run.resolving import execute_resolve, resolve_phase
from vicorpus.run.rounds import execute_round, round_phase
from vicorpus.run.stats import StageStats, TaskStats

if TYPE_CHECKING:
    from vicorpus.run.ray_executor import RayExecutor

GiB = 1024**3
# Early stop for max_bad_fraction only once this many records were seen, so that
# one bad line at the top of a file does not fail a run; the final check is exact.
_EARLY_BAD_FRACTION_MIN_RECORDS = 10_000


def run_pipeline(
    pipeline: Pipeline,
    output: str | Path | None = None,
    workers: int | None = None,
    overwrite: bool = False,
    progress: bool = False,
    executor: Literal["local", "ray"] = "local",
    address: str | None = None,
) -> Ledger:
    """``executor``: "local" (worker processes on this machine) or "ray" (``address``:
    an existing cluster, or None for a local Ray instance); both write the same bytes."""
    started = time.time()
    _check_executor(executor, address)  # before the output folder is touched
    layout = Layout(_output_dir(pipeline, output))
    plan = make_plan(pipeline.sources, pipeline.resolve, pipeline.task_bytes)
    fingerprint = _fingerprint(pipeline, plan)
    digests = _claim_output(layout, fingerprint, plan, overwrite)
    # Partitions only bound the memory of the cluster phase (about 1 GiB of input
    # each); they never change the output.
    partitions = max(1, min(1024, math.ceil(plan.total_bytes / GiB)))
    ctx = RunContext.build(pipeline, layout, plan.tasks, partitions)
    requested = workers or pipeline.workers
    n_workers = requested or os.cpu_count() or 1
    task_items = list(range(len(plan.tasks)))
    phases: dict[str, dict[str, Any]] = {}
    task_stats: dict[int, TaskStats] = {}
    with ProgressReporter(progress) as reporter, _executor(executor, ctx, n_workers, requested, address) as runner:
        n_workers = runner.workers
        for round_index in range(ctx.rounds):
            check = _bad_fraction_guard(pipeline.max_bad_fraction) if round_index == 0 else None
            phase = round_phase(round_index)
            results = _run_phase(layout, phase, execute_round, round_index, task_items, runner, reporter, check)
            for item, result in results.items():
                one_task = TaskStats.from_dict(result)
                task_stats.setdefault(item, TaskStats(item, one_task.source)).add(one_task)
            phases[phase] = _phase_summary(results.values())
            if round_index == 0:
                _final_bad_fraction_check(pipeline.max_bad_fraction, task_stats.values())
            if round_index < len(ctx.globals):
                global_stage = ctx.globals[round_index][1]
                phase = cluster_phase(round_index)
                partition_items = list(range(global_stage.partition_count(partitions)))
                clusters = _run_phase(
                    layout, phase, execute_cluster, round_index, partition_items, runner, reporter, None
                )
                phases[phase] = _phase_summary(clusters.values())
                if global_stage.resolves:
                    phase = resolve_phase(round_index)
                    resolved = _run_phase(layout, phase, execute_resolve, round_index, [0], runner, reporter, None)
                    phases[phase] = _phase_summary(resolved.values())
    ledger = Ledger.from_task_stats([s.name for s in pipeline.sources], list(task_stats.values()))
    stage_stats: dict[str, StageStats] = {}
    for one_task in task_stats.values():
        for label, stage_record in one_task.stages.items():
            stage_stats.setdefault(label, StageStats()).add(stage_record)
    manifest = build_manifest(
        pipeline,
        fingerprint,
        list(plan.files),
        digests,
        stage_stats,
        phases,
        n_workers,
        _outputs(layout),
    )
    manifest["executor"] = {"kind": executor, "address": address}
    _add_timing(manifest, layout, started, redone=any(phase.get("ran", 0) for phase in phases.values()))
    write_json_atomic(layout.root / "ledger.json", ledger.to_dict())
    write_json_atomic(layout.root / "manifest.json", manifest)
    if not ledger.balanced:
        raise RunFailed(f"the ledger does not balance (see {layout.root / 'ledger.json'}): records were lost")
    # Marked complete before the intermediates go: a finished run whose shards are
    # deleted later can then only be redone whole (see _claim_output).
    started_at = read_json(layout.run_file).get("started_at")
    write_json_atomic(
        layout.run_file, {"fingerprint": fingerprint, "digests": digests, "complete": True, "started_at": started_at}
    )
    layout.drop_intermediates()
    _write_papers(layout.root)
    return ledger


def _write_papers(root: Path) -> None:
    """The release papers, from the finished folder. The data is complete by now: a
    failure here is reported as such, and ``vicorpus report`` writes them again."""
    try:
        from vicorpus.release.papers import write_release_papers

        write_release_papers(root)
    except Exception as error:
        if os.environ.get("VICORPUS_DEBUG"):
            raise
        raise RunFailed(
            f"the data is complete in {root}, but writing the release papers failed "
            f"({type(error).__name__}: {error}); run `vicorpus report {root}` to retry"
        ) from error


def _executor(
    kind: str, ctx: RunContext, workers: int, requested: int | None, address: str | None
) -> LocalExecutor | RayExecutor:
    if kind == "ray":
        from vicorpus.run.ray_executor import RayExecutor

        return RayExecutor(ctx, requested, address)
    return LocalExecutor(ctx, workers)


def _check_executor(kind: str, address: str | None) -> None:
    if kind not in ("local", "ray"):
        raise ConfigError(f"--executor: '{kind}' is not an executor; choose local or ray")
    if kind == "local" and address is not None:
        raise ConfigError("--address: only with --executor ray")
    if kind == "ray":
        from vicorpus.run.ray_executor import ray_available

        if not ray_available():
            raise ConfigError("--executor ray: Ray is not installed; pip install 'vicorpus[ray]'")


def _add_timing(manifest: dict[str, Any], layout: Layout, started: float, redone: bool) -> None:
    """``started_at`` (the run's first session), ``finished_at`` and ``wall_seconds`` (the
    last session that did work). A session that finds every task done (e.g. run again
    after editing only the release papers' fields) keeps the timings it found."""
    previous_path = layout.root / "manifest.json"
    previous = read_json(previous_path) if previous_path.exists() else {}
    if not redone and previous.get("config_fingerprint") == manifest["config_fingerprint"]:
        for key in ("started_at", "finished_at", "wall_seconds"):
            if key in previous:
                manifest[key] = previous[key]
        if "finished_at" in manifest:
            return
    manifest["started_at"] = read_json(layout.run_file).get("started_at") or _iso(started)
    manifest["finished_at"] = _iso(time.time())
    manifest["wall_seconds"] = round(time.time() - started, 3)


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def _output_dir(pipeline: Pipeline, output: str | Path | None) -> Path:
    if output is not None:
        return Path(output).expanduser().resolve()
    if pipeline.output:
        return pipeline.resolve(pipeline.output).resolve()
    raise ConfigError("output: no output folder; set 'output' in the pipeline or pass --output")


def _fingerprint(pipeline: Pipeline, plan: Plan) -> str:
    config = pipeline.to_dict()
    for source in config["sources"]:
        for key in ("kind", "homepage", "redistributable", "collection_period", "crawler", "legal_basis"):
            source.pop(key, None)
    # Where, how fast, when to stop, and what the papers say: none changes the data.
    for key in ("output", "workers", "max_bad_fraction", "release"):
        config.pop(key, None)
    material: dict[str, object] = {
        "vicorpus": version("vicorpus"),
        "config": config,
        "files": [(f.source, f.relpath, f.size, f.mtime_ns) for f in plan.files],
    }
    # Files stages read (a model, a robots.txt snapshot): only when there are any, so the
    # fingerprint of a run without such files stays what it was.
    stage_files = [stage.content_digest() for stage in pipeline.stages]
    if any(stage_files):
        material["stage_files"] = stage_files
    return hashlib.sha256(orjson.dumps(material, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _claim_output(layout: Layout, fingerprint: str, plan: Plan, overwrite: bool) -> dict[str, str | None]:
    """Start or resume a run in the output folder; returns the input digests."""
    root = layout.root
    if layout.is_vicorpus_output():
        previous = read_json(layout.run_file)
        if previous.get("fingerprint") == fingerprint and not overwrite:
            layout.clear_partials()
            digests = dict(previous.get("digests", {}))
            if previous.get("complete") and layout.outputs_missing():
                # The intermediates of a finished run are gone: redo it all (same bytes).
                layout.forget_done()
                write_json_atomic(
                    layout.run_file,
                    {"fingerprint": fingerprint, "digests": digests, "started_at": previous.get("started_at")},
                )
            return digests
        if not overwrite:
            raise OutputFolderConflict(
                f"{root} holds a run with a different configuration or different input files; "
                "pass --overwrite to replace it, or choose another --output"
            )
        layout.clear()
    elif root.exists() and any(root.iterdir()):
        raise OutputFolderConflict(
            f"{root} is not empty and is not a vicorpus output folder; choose an empty or new folder"
        )
    digests = {f.path: file_digest(f.path) for f in plan.files}
    started_at = _iso(time.time())
    write_json_atomic(layout.run_file, {"fingerprint": fingerprint, "digests": digests, "started_at": started_at})
    return digests


Check = Callable[[dict[int, dict[str, Any]]], None]


def _run_phase(
    layout: Layout,
    phase: str,
    function: TaskFunction,
    phase_arg: int,
    items: list[int],
    executor: LocalExecutor | RayExecutor,
    reporter: ProgressReporter,
    check: Check | None,
) -> dict[int, dict[str, Any]]:
    results: dict[int, dict[str, Any]] = {}
    for item in items:
        marker = layout.marker(phase, item)
        if marker.exists():
            result = read_json(marker)
            # A finished task whose output shards were deleted since is done again.
            if all((layout.root / path).exists() for path in result.get("outputs", {})):
                results[item] = result
    todo = [item for item in items if item not in results]
    reporter.phase(phase, total=len(items), done=len(results))

    def on_done(item: int, result: dict[str, Any]) -> None:
        results[item] = {**result, "_this_session": True}
        reporter.advance()
        if check is not None:
            check(results)

    executor.run(function, phase_arg, todo, on_done)
    return dict(sorted(results.items()))


def _bad_fraction_guard(limit: float) -> Check:
    def check(results: dict[int, dict[str, Any]]) -> None:
        seen = sum(r["input"] for r in results.values())
        bad = sum(_bad(r["quarantined"]) for r in results.values())
        if seen >= _EARLY_BAD_FRACTION_MIN_RECORDS and bad > limit * seen:
            raise RunFailed(_bad_fraction_message(bad, seen, limit))

    return check


def _final_bad_fraction_check(limit: float, stats: Sequence[TaskStats] | Any) -> None:
    seen = sum(s.input for s in stats)
    bad = sum(_bad(s.quarantined) for s in stats)
    if bad > limit * seen:
        raise RunFailed(_bad_fraction_message(bad, seen, limit))


def _bad(quarantined: dict[str, int]) -> int:
    """Quarantined records that are bad input (not records that are no document by design)."""
    return sum(count for code, count in quarantined.items() if code not in NOT_A_DOCUMENT)


def _bad_fraction_message(bad: int, seen: int, limit: float) -> str:
    return (
        f"{bad} of {seen} records were quarantined as bad input ({bad / max(seen, 1):.4%}), more than "
        f"max_bad_fraction={limit}; see the quarantine/ shards, fix the input or raise max_bad_fraction"
    )


def _phase_summary(results: Any) -> dict[str, Any]:
    items = list(results)
    summary = {"items": len(items), "seconds": round(sum(r.get("seconds", 0.0) for r in items), 3)}
    summary["ran"] = sum(1 for r in items if r.get("_this_session"))
    if any("assigned" in r for r in items):  # cluster and resolve phases: rows of decisions or edges
        summary["assigned"] = sum(int(r.get("assigned", 0)) for r in items)
    return summary


def _outputs(layout: Layout) -> list[dict[str, Any]]:
    files = []
    for bucket in OUTPUT_BUCKETS:
        for path in sorted(layout.bucket(bucket).glob("*.parquet")):
            files.append({"path": path.relative_to(layout.root).as_posix(), "bytes": path.stat().st_size})
    return files
