"""Everything a worker needs to run one task, built once by the parent and pickled."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import polars as pl
import pyarrow as pa

from vicorpus.pipeline import Pipeline
from vicorpus.readers.base import ReadLimits, ReadTask
from vicorpus.run.layout import Layout
from vicorpus.schema import CORE_SCHEMA, DROP_SCHEMA, ORDINAL, arrow_schema
from vicorpus.stages.base import GlobalStage, Stage

Labelled = tuple[str, Stage]


@dataclass(frozen=True)
class RunContext:
    pipeline: Pipeline
    layout: Layout
    tasks: tuple[ReadTask, ...]
    # Stages between global stages: segments[r] runs in round r, after globals[r-1]
    # has been applied.
    segments: tuple[tuple[Labelled, ...], ...]
    globals: tuple[tuple[str, GlobalStage], ...]
    partitions: int

    @classmethod
    def build(cls, pipeline: Pipeline, layout: Layout, tasks: tuple[ReadTask, ...], partitions: int) -> RunContext:
        segments: list[list[Labelled]] = [[]]
        globals_: list[tuple[str, GlobalStage]] = []
        for label, stage in pipeline.labelled_stages():
            if isinstance(stage, GlobalStage):
                globals_.append((label, stage))
                segments.append([])
            else:
                segments[-1].append((label, stage))
        return cls(pipeline, layout, tasks, tuple(tuple(s) for s in segments), tuple(globals_), partitions)

    @property
    def rounds(self) -> int:
        return len(self.globals) + 1

    @property
    def limits(self) -> ReadLimits:
        p = self.pipeline
        return ReadLimits(p.batch_size, p.batch_bytes, p.max_record_bytes)

    @property
    def kept_columns(self) -> dict[str, pl.DataType]:
        columns = dict(CORE_SCHEMA)
        for stage in self.pipeline.stages:
            columns.update(stage.output_columns)
        return columns

    @property
    def dropped_columns(self) -> dict[str, pl.DataType]:
        return {**self.kept_columns, **DROP_SCHEMA}

    @property
    def work_columns(self) -> dict[str, pl.DataType]:
        return {**self.dropped_columns, ORDINAL: pl.UInt32()}

    @cached_property
    def work_schema(self) -> pl.Schema:
        """``work_columns`` as a Polars schema, built once (compared with every batch's)."""
        return pl.Schema(self.work_columns)

    def arrow(self, which: str) -> pa.Schema:
        columns = {
            "kept": self.kept_columns,
            "dropped": self.dropped_columns,
            "work": self.work_columns,
        }
        return arrow_schema(columns[which])
