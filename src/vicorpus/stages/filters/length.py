"""Stage ``length_filter``: drop documents that are too short or too long."""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from pydantic import Field, model_validator

from vicorpus.schema import DROP_REASON
from vicorpus.stages.base import Stage, StageKind, Threshold


class LengthFilter(Stage):
    """Drop documents whose character count is below min_chars or above max_chars."""

    name: ClassVar[str] = "length_filter"
    kind: ClassVar[StageKind] = StageKind.FILTER
    output_columns: ClassVar[dict[str, pl.DataType]] = {"char_count": pl.UInt32()}

    min_chars: int = Field(0, ge=0, description="Drop documents shorter than this (reason too_short).")
    max_chars: int | None = Field(
        None,
        ge=1,
        description="Drop documents longer than this (reason too_long); null = no limit.",
    )

    @model_validator(mode="after")
    def _bounds_in_order(self) -> LengthFilter:
        if self.max_chars is not None and self.max_chars < self.min_chars:
            raise ValueError("max_chars must be at least min_chars")
        return self

    def thresholds(self) -> list[Threshold]:
        limits = [Threshold("char_count", float(self.min_chars), "<", "too_short")] if self.min_chars else []
        if self.max_chars is not None:
            limits.append(Threshold("char_count", float(self.max_chars), ">", "too_long"))
        return limits

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        # The metric is kept as a column so the threshold can be re-tuned later.
        batch = batch.with_columns(pl.col("text").str.len_chars().cast(pl.UInt32).alias("char_count"))
        too_long = pl.lit(False) if self.max_chars is None else pl.col("char_count") > self.max_chars
        reason = (
            pl.when(pl.col("char_count") < self.min_chars)
            .then(pl.lit("too_short"))
            .when(too_long)
            .then(pl.lit("too_long"))
            .otherwise(pl.lit(None, dtype=pl.String))
        )
        return batch.with_columns(reason.alias(DROP_REASON))
