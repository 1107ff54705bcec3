"""Stage ``quality_signals``: every quality measurement of a document, as columns.

Computed once per document, a whole batch at a time (:func:`vicorpus.quality.signals.signal_columns_of`,
compiled loops over the batch's characters and tokens); the quality
filters (``gopher_quality``, ``gopher_repetition``, ``fineweb_quality``, ``c4_lines``)
only compare these columns with their thresholds and never split the text again.
"""

from __future__ import annotations

from dataclasses import fields
from typing import ClassVar

import polars as pl

from vicorpus.quality.signals import QualitySignals, signal_columns_of
from vicorpus.stages.base import Stage, StageKind

_TYPES: dict[str, pl.DataType] = {"int": pl.UInt32(), "float": pl.Float32(), "bool": pl.Boolean()}
SIGNAL_COLUMNS: dict[str, pl.DataType] = {field.name: _TYPES[str(field.type)] for field in fields(QualitySignals)}


class QualitySignalsStage(Stage):
    """Add Gopher/FineWeb/C4 quality measurements over syllables as columns (no filtering)."""

    name: ClassVar[str] = "quality_signals"
    kind: ClassVar[StageKind] = StageKind.ANNOTATE
    output_columns: ClassVar[dict[str, pl.DataType]] = SIGNAL_COLUMNS

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        columns = signal_columns_of(batch["text"])
        return batch.with_columns(pl.Series(name, columns[name]).cast(dtype) for name, dtype in SIGNAL_COLUMNS.items())
