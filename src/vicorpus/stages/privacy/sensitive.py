"""Stage ``sensitive_filter`` (off by default): drop documents that are medical records or
bank statements (reasons ``sensitive_medical``, ``sensitive_financial``).

The signals (:mod:`vicorpus.pii.sensitive`) are kept as columns; the thresholds are the
settings. Defaults: 4 distinct field labels over at least 30 % of the non-empty lines —
a record is mostly fields; an article quoting one ("Chẩn đoán: …") has one or two labels
in a small share of its lines (measured in ``docs/pii.md``).
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from pydantic import Field

from vicorpus.pii.sensitive import sensitive_category, sensitive_signals
from vicorpus.schema import DROP_REASON
from vicorpus.stages.base import Stage, StageKind

SENSITIVE_COLUMNS: dict[str, pl.DataType] = {
    "sensitive_medical_labels": pl.UInt32(),
    "sensitive_medical_share": pl.Float32(),
    "sensitive_financial_labels": pl.UInt32(),
    "sensitive_financial_share": pl.Float32(),
}


class SensitiveFilter(Stage):
    """Drop medical records and bank statements (reasons sensitive_medical, sensitive_financial)."""

    name: ClassVar[str] = "sensitive_filter"
    kind: ClassVar[StageKind] = StageKind.FILTER
    output_columns: ClassVar[dict[str, pl.DataType]] = SENSITIVE_COLUMNS

    min_labels: int = Field(4, ge=1, description="Distinct field labels (Chẩn đoán:, Số dư cuối kỳ:, …) needed.")
    min_share: float = Field(0.3, ge=0, le=1, description="Share of non-empty lines that must be fields or rows.")

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        columns: dict[str, list[float]] = {column: [] for column in SENSITIVE_COLUMNS}
        reasons: list[str | None] = []
        for text, reason in zip(batch["text"].to_list(), batch[DROP_REASON].to_list(), strict=True):
            signals = sensitive_signals(text)
            columns["sensitive_medical_labels"].append(signals.medical_labels)
            columns["sensitive_medical_share"].append(signals.medical_share)
            columns["sensitive_financial_labels"].append(signals.financial_labels)
            columns["sensitive_financial_share"].append(signals.financial_share)
            category = sensitive_category(signals, min_labels=self.min_labels, min_share=self.min_share)
            reasons.append(f"sensitive_{category}" if category is not None else reason)
        return batch.with_columns(
            *(pl.Series(column, values, dtype=SENSITIVE_COLUMNS[column]) for column, values in columns.items()),
            pl.Series(DROP_REASON, reasons, dtype=pl.String),
        )
