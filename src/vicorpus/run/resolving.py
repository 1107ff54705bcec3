"""The resolve phase of a global stage whose clusters cross partitions.

After every partition has written its edges, one step (one process) reads them back
partition by partition and lets the stage join them into components; the assignments
it returns go where ``apply`` reads them. Like every phase it commits its file
atomically and leaves a done-marker, so a killed run redoes only this step.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from vicorpus.run.context import RunContext
from vicorpus.run.layout import read_json, write_json_atomic
from vicorpus.run.shards import ShardWriter
from vicorpus.schema import ORDINAL, arrow_schema


def resolve_phase(stage_index: int) -> str:
    return f"resolve-{stage_index}"


class RunDocuments:
    """The ``DocumentIndex`` of a run: read-task sizes and the ids of a round's shards."""

    def __init__(self, ctx: RunContext, stage_index: int) -> None:
        self._ctx = ctx
        self._stage_index = stage_index

    def task_sizes(self) -> list[int]:
        layout = self._ctx.layout
        # Round 0 counted every record a task read; ordinals number its documents.
        return [int(read_json(layout.marker("round-0", task))["input"]) for task in range(len(self._ctx.tasks))]

    def ids(self, task: int) -> pl.DataFrame:
        path = self._ctx.layout.intermediate(self._stage_index, task)
        if not path.exists():
            return pl.DataFrame(schema={"id": pl.String(), ORDINAL: pl.UInt32()})
        frame = pl.from_arrow(pq.read_table(path, columns=["id", ORDINAL]))
        assert isinstance(frame, pl.DataFrame)
        return frame.sort(ORDINAL)

    def texts(self, task: int, ordinals: list[int]) -> list[str]:
        path = self._ctx.layout.intermediate(self._stage_index, task)
        table = pq.read_table(path, columns=[ORDINAL, "text"], filters=[(ORDINAL, "in", ordinals)])
        by_ordinal = dict(zip(table[ORDINAL].to_pylist(), table["text"].to_pylist(), strict=True))
        return [by_ordinal[ordinal] for ordinal in ordinals]


def _edges(ctx: RunContext, stage_index: int) -> Iterator[pl.DataFrame]:
    for path in sorted(ctx.layout.edge_dir(stage_index).glob("p*.parquet")):
        frame = pl.from_arrow(pq.read_table(path))
        assert isinstance(frame, pl.DataFrame)
        yield frame


def execute_resolve(ctx: RunContext, stage_index: int, item: int) -> dict[str, Any]:
    started = time.perf_counter()
    label, stage = ctx.globals[stage_index]
    writer: ShardWriter | None = None
    rows = 0
    try:
        for assignments in stage.resolve(_edges(ctx, stage_index), RunDocuments(ctx, stage_index)):
            if writer is None:
                writer = ShardWriter(ctx.layout.assignments(stage_index, 0), arrow_schema(dict(assignments.schema)))
            writer.write(assignments)
            rows += assignments.height
        if writer is not None:
            writer.close()
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    result = {"stage": label, "assigned": rows, "seconds": round(time.perf_counter() - started, 6)}
    write_json_atomic(ctx.layout.marker(resolve_phase(stage_index), item), result)
    return result
