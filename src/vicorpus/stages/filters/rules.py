"""A filter as an ordered list of rules over annotation columns: the first that fails
names the drop reason. Metrics live in columns, thresholds in the stage's settings."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from vicorpus.schema import DROP_REASON

Rule = tuple[pl.Expr, str]  # (condition that drops the document, drop reason)


def drop_by_rules(batch: pl.DataFrame, rules: Sequence[Rule]) -> pl.DataFrame:
    """Write the reason of the first failing rule into ``drop_reason`` (null when all pass)."""
    if not rules:
        return batch.with_columns(pl.lit(None, dtype=pl.String).alias(DROP_REASON))
    # Each rule yields its reason or null; the first non-null is the first failing rule.
    reasons = [pl.when(condition).then(pl.lit(reason)) for condition, reason in rules]
    return batch.with_columns(pl.coalesce(reasons).cast(pl.String).alias(DROP_REASON))


def above(column: str, limit: float | None, reason: str) -> list[Rule]:
    return [] if limit is None else [(pl.col(column) > limit, reason)]


def below(column: str, limit: float | None, reason: str) -> list[Rule]:
    return [] if limit is None else [(pl.col(column) < limit, reason)]
