"""A filter as an ordered list of rules over annotation columns: the first that fails
names the drop reason. Metrics live in columns, thresholds in the stage's settings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import polars as pl

from vicorpus.schema import DROP_REASON
from vicorpus.stages.base import Threshold


class Rule(NamedTuple):
    """A condition that drops the document, its drop reason, and, for a plain
    comparison of one column with a limit, that threshold (drawn in the run report)."""

    condition: pl.Expr
    reason: str
    threshold: Threshold | None = None


def thresholds_of(rules: Sequence[Rule]) -> list[Threshold]:
    return [rule.threshold for rule in rules if rule.threshold is not None]


def drop_by_rules(batch: pl.DataFrame, rules: Sequence[Rule]) -> pl.DataFrame:
    """Write the reason of the first failing rule into ``drop_reason`` (null when all pass)."""
    if not rules:
        return batch.with_columns(pl.lit(None, dtype=pl.String).alias(DROP_REASON))
    # Each rule yields its reason or null; the first non-null is the first failing rule.
    reasons = [pl.when(rule.condition).then(pl.lit(rule.reason)) for rule in rules]
    return batch.with_columns(pl.coalesce(reasons).cast(pl.String).alias(DROP_REASON))


def above(column: str, limit: float | None, reason: str) -> list[Rule]:
    if limit is None:
        return []
    return [Rule(pl.col(column) > limit, reason, Threshold(column, float(limit), ">", reason))]


def below(column: str, limit: float | None, reason: str) -> list[Rule]:
    if limit is None:
        return []
    return [Rule(pl.col(column) < limit, reason, Threshold(column, float(limit), "<", reason))]
