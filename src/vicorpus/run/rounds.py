"""One task of one round: read (or re-read), apply, run stages, write.

Round 0 reads the source; round r > 0 re-reads round r-1's intermediate shard and
applies the decisions of global stage r-1. The last round writes the final
``kept``/``rejected``/``duplicates`` shards; the others write an intermediate shard
plus the next global stage's signatures, one file per partition.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from vicorpus.readers.dispatch import read_task
from vicorpus.run.context import RunContext
from vicorpus.run.layout import write_json_atomic
from vicorpus.run.shards import ShardWriter
from vicorpus.run.stats import TaskStats
from vicorpus.schema import (
    CORE_SCHEMA,
    DROP_REASON,
    DROPPED_BY,
    DUPLICATE_OF,
    ORDINAL,
    QUARANTINE_SCHEMA,
    arrow_schema,
)
from vicorpus.stages.base import ORDER, PARTITION, GlobalStage, Stage


def round_phase(round_index: int) -> str:
    return f"round-{round_index}"


def execute_round(ctx: RunContext, round_index: int, task_index: int) -> dict[str, Any]:
    """Run one task of one round and commit its outputs; returns its stats."""
    started = time.perf_counter()
    task = ctx.tasks[task_index]
    stats = TaskStats(task=task_index, source=ctx.pipeline.sources[task.source_index].name)
    last = round_index == ctx.rounds - 1
    layout = ctx.layout
    writers: dict[str, ShardWriter] = {}
    if last:
        writers["kept"] = ShardWriter(layout.shard("kept", task_index), ctx.arrow("kept"))
        writers["rejected"] = ShardWriter(layout.shard("rejected", task_index), ctx.arrow("dropped"))
        writers["duplicates"] = ShardWriter(layout.shard("duplicates", task_index), ctx.arrow("dropped"))
    else:
        # Intermediates live for one round: lz4 is cheaper to write than zstd.
        writers["work"] = ShardWriter(
            layout.intermediate(round_index, task_index), ctx.arrow("work"), compression="lz4"
        )
    signature_writers: dict[int, ShardWriter] = {}
    try:
        if round_index == 0:
            writers["quarantine"] = ShardWriter(layout.shard("quarantine", task_index), QUARANTINE_SCHEMA)
            batches = _read_source(ctx, task_index, stats, writers["quarantine"])
            assignments = None
        else:
            batches = _read_intermediate(ctx, round_index - 1, task_index)
            assignments = _load_assignments(ctx, round_index - 1, task_index)
        for batch in batches:
            active = batch.filter(pl.col(DROP_REASON).is_null())
            dropped = [batch.filter(pl.col(DROP_REASON).is_not_null())]
            chars: int | None = None  # of ``active``'s texts, when known
            if assignments is not None:
                label, global_stage = ctx.globals[round_index - 1]
                active, chars = _run_stage(ctx, label, global_stage, active, stats, dropped, assignments, chars)
            for label, stage in ctx.segments[round_index]:
                active, chars = _run_stage(ctx, label, stage, active, stats, dropped, None, chars)
            out = pl.concat(dropped).sort(ORDINAL)
            if last:
                _write_final(ctx, writers, active, out, stats)
            else:
                writers["work"].write(pl.concat([active, out]).sort(ORDINAL))
                _write_signatures(ctx, round_index, task_index, active, signature_writers)
        for writer in [*writers.values(), *signature_writers.values()]:
            writer.close()
        outputs = {
            writer.path.relative_to(layout.root).as_posix(): writer.rows
            for writer in writers.values()
            if writer.rows and writer.path.parent.parent == layout.root
        }
    except BaseException:
        for writer in [*writers.values(), *signature_writers.values()]:
            writer.abort()
        raise
    stats.seconds = time.perf_counter() - started
    result = stats.to_dict()
    result["outputs"] = outputs  # final shards this task wrote, checked on resume
    write_json_atomic(layout.marker(round_phase(round_index), task_index), result)
    return result


def _read_source(ctx: RunContext, task_index: int, stats: TaskStats, quarantine: ShardWriter) -> Iterator[pl.DataFrame]:
    task = ctx.tasks[task_index]
    source = ctx.pipeline.sources[task.source_index]
    stats.input_bytes = task.size
    ordinal = 0
    extra = {k: v for k, v in ctx.work_columns.items() if k not in CORE_SCHEMA and k != ORDINAL}
    for batch in read_task(task, source, ctx.limits):
        stats.input += batch.docs.height + len(batch.quarantine)
        stats.empty_files += batch.empty_files
        if batch.quarantine:
            for row in batch.quarantine:
                stats.quarantined[row["error_code"]] += 1
            quarantine.write(pa.Table.from_pylist(batch.quarantine, schema=QUARANTINE_SCHEMA))
        if batch.docs.height == 0:
            continue
        docs = batch.docs.with_columns(
            *(pl.lit(None, dtype=dtype).alias(name) for name, dtype in extra.items()),
            pl.int_range(ordinal, ordinal + batch.docs.height, dtype=pl.UInt32).alias(ORDINAL),
        )
        ordinal += batch.docs.height
        yield _conform(ctx, docs)


def _read_intermediate(ctx: RunContext, round_index: int, task_index: int) -> Iterator[pl.DataFrame]:
    path = ctx.layout.intermediate(round_index, task_index)
    if not path.exists():
        return  # the task had no documents
    parquet = pq.ParquetFile(path)
    for group in range(parquet.metadata.num_row_groups):
        frame = pl.from_arrow(parquet.read_row_group(group))
        assert isinstance(frame, pl.DataFrame)
        yield _conform(ctx, frame)


def _load_assignments(ctx: RunContext, stage_index: int, task_index: int) -> pl.DataFrame:
    files = sorted(ctx.layout.assignment_dir(stage_index).glob("*.parquet"))
    if not files:
        return pl.DataFrame(schema={"id": pl.String, "task": pl.UInt32})
    assignments = pl.scan_parquet(files)
    if "task" not in assignments.collect_schema():
        return assignments.collect()  # decisions for every task (e.g. boilerplate lines)
    return assignments.filter(pl.col("task") == task_index).collect()


def _run_stage(
    ctx: RunContext,
    label: str,
    stage: Stage,
    active: pl.DataFrame,
    stats: TaskStats,
    dropped: list[pl.DataFrame],
    assignments: pl.DataFrame | None,
    chars_in: int | None,
) -> tuple[pl.DataFrame, int]:
    """The documents the stage keeps and their characters; ``chars_in``: the characters
    of ``active`` when the previous stage measured them (each text is measured once per
    stage, not three times)."""
    record = stats.stage(label)
    record.docs_in += active.height
    if active.height == 0:
        return active, 0
    record.chars_in += int(active["text"].str.len_chars().sum() or 0) if chars_in is None else chars_in
    started = time.perf_counter()
    if assignments is None:
        out = stage(active)
    else:
        assert isinstance(stage, GlobalStage)
        out = stage.apply(active, assignments)
    if out.height != active.height:
        raise RuntimeError(
            f"stage {label} returned {out.height} rows for {active.height}: stages must not add or remove rows"
        )
    out = _conform(ctx, out)
    record.seconds += time.perf_counter() - started
    for column in stage.counter_columns:
        record.counters[column] += int(out[column].sum() or 0)
    is_dropped = pl.col(DROP_REASON).is_not_null()
    newly = out.filter(is_dropped).with_columns(pl.lit(label).alias(DROPPED_BY))
    record.dropped += newly.height
    lengths = out["text"].str.len_chars()
    dropped_mask = out[DROP_REASON].is_not_null()
    chars_dropped = int(lengths.filter(dropped_mask).sum() or 0)
    chars_kept = int(lengths.filter(~dropped_mask).sum() or 0)
    record.chars_dropped += chars_dropped
    record.chars_out += chars_kept
    dropped.append(newly)
    return out.filter(~is_dropped), chars_kept


def _write_final(
    ctx: RunContext,
    writers: dict[str, ShardWriter],
    kept: pl.DataFrame,
    dropped: pl.DataFrame,
    stats: TaskStats,
) -> None:
    writers["kept"].write(kept)
    stats.kept += kept.height
    is_duplicate = pl.col(DUPLICATE_OF).is_not_null()
    duplicates = dropped.filter(is_duplicate)
    rejected = dropped.filter(~is_duplicate)
    writers["duplicates"].write(duplicates)
    writers["rejected"].write(rejected)
    for label, count in duplicates.group_by(DROPPED_BY).len().iter_rows():
        stats.duplicates[label] += count
    for reason, count in rejected.group_by(DROP_REASON).len().iter_rows():
        stats.rejected[reason] += count


def _write_signatures(
    ctx: RunContext,
    round_index: int,
    task_index: int,
    active: pl.DataFrame,
    writers: dict[int, ShardWriter],
) -> None:
    if active.height == 0:
        return
    _, stage = ctx.globals[round_index]
    order = pl.lit(task_index * 2**32, dtype=pl.UInt64) + pl.col(ORDINAL).cast(pl.UInt64)
    ordered = active.with_columns(order.alias(ORDER))
    signatures = stage.signatures(ordered, ctx.partitions)
    assert signatures.is_empty() or signatures[PARTITION].max() < stage.partition_count(ctx.partitions)  # type: ignore[operator]
    schema = _signature_schema(stage.signature_columns)
    for (partition,), part in signatures.partition_by(PARTITION, as_dict=True, maintain_order=True).items():
        key = int(partition)
        if key not in writers:
            path = ctx.layout.signatures(round_index, key, task_index)
            writers[key] = ShardWriter(path, schema, compression="lz4")
        writers[key].write(part)


def _signature_schema(columns: dict[str, pl.DataType]) -> pa.Schema:
    return arrow_schema({ORDER: pl.UInt64(), PARTITION: pl.UInt32(), **columns})


def _conform(ctx: RunContext, frame: pl.DataFrame) -> pl.DataFrame:
    """Same columns, same order, same types in every batch."""
    if frame.schema == ctx.work_schema:
        # Most stages return the batch conforming already: comparing the schemas costs
        # microseconds, casting every column ~1.5 ms a batch and stage (0.14 s of the
        # benchmark's 96 stage calls).
        return frame
    return frame.select(pl.col(name).cast(dtype) for name, dtype in ctx.work_columns.items())
