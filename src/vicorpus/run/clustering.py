"""The cluster phase of a global stage: one partition's signatures → decisions."""

from __future__ import annotations

import time
from typing import Any

import polars as pl

from vicorpus.run.context import RunContext
from vicorpus.run.layout import write_json_atomic
from vicorpus.run.shards import ShardWriter
from vicorpus.schema import arrow_schema


def cluster_phase(stage_index: int) -> str:
    return f"global-{stage_index}"


def execute_cluster(ctx: RunContext, stage_index: int, partition: int) -> dict[str, Any]:
    """Cluster one partition; memory is bounded by the partition, not the corpus.

    The decisions (or, for a stage that ``resolves``, the edges) are written with
    the row order the stage gives them, so reruns write the same bytes."""
    started = time.perf_counter()
    label, stage = ctx.globals[stage_index]
    files = sorted(ctx.layout.signature_dir(stage_index, partition).glob("task-*.parquet"))
    signatures = pl.read_parquet(files) if files else None
    rows = assigned = 0
    if signatures is not None and signatures.height:
        rows = signatures.height
        decisions = stage.cluster(signatures)
        assigned = decisions.height
        schema = arrow_schema(dict(decisions.schema))
        if stage.resolves:
            path = ctx.layout.edges(stage_index, partition)
        else:
            path = ctx.layout.assignments(stage_index, partition)
        writer = ShardWriter(path, schema)
        try:
            writer.write(decisions)
            writer.close()
        except BaseException:
            writer.abort()
            raise
    result = {
        "stage": label,
        "partition": partition,
        "signatures": rows,
        "assigned": assigned,
        "seconds": round(time.perf_counter() - started, 6),
    }
    write_json_atomic(ctx.layout.marker(cluster_phase(stage_index), partition), result)
    return result
