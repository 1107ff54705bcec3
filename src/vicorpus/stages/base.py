"""The stage contract.

A stage is a pure, picklable function object from batch to batch, configured by
keyword arguments (its pydantic fields). The runner hands a stage only the rows that
are still kept, and expects the same rows back, in the same order:

- ``transform`` rewrites ``text`` and records what it changed in its own columns;
- ``annotate`` adds columns;
- ``filter`` writes a stable reason code into ``drop_reason`` for rows that fail a
  threshold; it never deletes rows, the runner moves them to ``rejected`` and fills
  ``dropped_by``. The metric is an annotation column, the threshold is the config;
- ``global`` needs the whole corpus and runs as phases with on-disk artefacts:
  ``signatures`` per task (map) → ``cluster`` per partition → ``apply`` per task.
  A stage whose clusters cross partitions (MinHash: a document meets its duplicates
  in different bands) sets ``resolves``: its ``cluster`` returns graph edges, and one
  ``resolve`` step joins them into components before ``apply``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Literal, Protocol

import polars as pl
from pydantic import BaseModel, ConfigDict

# Columns of global-stage signatures: the document's position in input order
# (task << 32 | row), which decides cluster representatives, and its partition.
ORDER = "_order"
PARTITION = "_partition"


class DocumentIndex(Protocol):
    """What ``GlobalStage.resolve`` may know about the documents of a run."""

    def task_sizes(self) -> list[int]:
        """Per read task, an upper bound of its ordinals (documents read by the task)."""
        ...

    def ids(self, task: int) -> pl.DataFrame:
        """``id`` and ``_ordinal`` of every document of one task, in ordinal order."""
        ...

    def texts(self, task: int, ordinals: list[int]) -> list[str]:
        """The texts (as the global stage saw them) of some documents of one task."""
        ...


@dataclass(frozen=True)
class Threshold:
    """A filter drops a document when ``column`` ``op`` ``limit`` holds (reason ``reason``)."""

    column: str
    limit: float
    op: Literal["<", ">"]
    reason: str


class StageKind(StrEnum):
    TRANSFORM = "transform"
    ANNOTATE = "annotate"
    FILTER = "filter"
    GLOBAL = "global"


class Stage(BaseModel):
    """Base class of every stage; subclasses declare their settings as fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: ClassVar[str]
    kind: ClassVar[StageKind]
    # Columns the stage adds, with their types, so every shard has one schema.
    output_columns: ClassVar[dict[str, pl.DataType]] = {}
    # Numeric columns whose totals go into the run statistics.
    counter_columns: ClassVar[tuple[str, ...]] = ()
    # A stage whose columns this one reads; it must come earlier in the pipeline.
    requires_stage: ClassVar[str | None] = None

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        raise NotImplementedError

    def thresholds(self) -> list[Threshold]:
        """The column thresholds this stage drops by, for reports (none by default)."""
        return []

    def content_digest(self) -> str | None:
        """A digest of files the stage reads besides its settings (e.g. a model), so that a
        changed file is a changed configuration; None when there are none."""
        return None

    def settings(self) -> dict[str, object]:
        """The stage's settings as they appear in the pipeline YAML."""
        return self.model_dump(mode="json")

    @classmethod
    def summary(cls) -> str:
        """One-line description: the first line of the class docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""


class GlobalStage(Stage):
    """A stage that needs the whole corpus, run as signatures → cluster → apply."""

    kind: ClassVar[StageKind] = StageKind.GLOBAL
    # Types of the columns ``signatures`` returns besides ``_partition`` and the order
    # key, so that artefacts of all tasks share one schema.
    signature_columns: ClassVar[dict[str, pl.DataType]] = {}
    # True when ``cluster`` returns edges that ``resolve`` joins across partitions.
    resolves: ClassVar[bool] = False

    def partition_count(self, corpus_partitions: int) -> int:
        """How many partitions ``signatures`` spreads rows over (``_partition`` values
        are below this), given the corpus-size-based default."""
        return corpus_partitions

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        return batch

    def signatures(self, batch: pl.DataFrame, partitions: int) -> pl.DataFrame:
        """Rows with ``_order`` (given in the batch), ``_partition`` and ``signature_columns``.

        Rows that can only be duplicates of each other must share a partition, so
        that each partition clusters independently with bounded memory.
        """
        raise NotImplementedError

    def cluster(self, signatures: pl.DataFrame) -> pl.DataFrame:
        """From one partition's signatures to decisions, in a deterministic row order.

        Usually ``task`` and the stage's assignment columns (e.g. ``id`` and
        ``duplicate_of``), one row per document the stage has something to say about;
        without a ``task`` column every task receives all rows. With ``resolves``:
        edges for ``resolve``.
        """
        raise NotImplementedError

    def resolve(self, edges: Iterator[pl.DataFrame], documents: DocumentIndex) -> Iterator[pl.DataFrame]:
        """With ``resolves``: all partitions' edges → assignments with a ``task`` column,
        sorted by task. Runs once per run, in one process."""
        raise NotImplementedError

    def apply(self, batch: pl.DataFrame, assignments: pl.DataFrame) -> pl.DataFrame:
        """Apply this task's assignments (joined on ``id``) to a batch of kept rows."""
        raise NotImplementedError
