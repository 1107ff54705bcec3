"""Every batch leaves a stage with the run's columns, in order, with their types."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import polars as pl

from vicorpus.run.rounds import _conform

_COLUMNS: dict[str, pl.DataType] = {"id": pl.String(), "score": pl.Float32(), "ordinal": pl.UInt32()}


def _context() -> Any:
    return SimpleNamespace(work_columns=_COLUMNS, work_schema=pl.Schema(_COLUMNS))


def test_a_conforming_batch_is_returned_as_it_is() -> None:
    frame = pl.DataFrame({"id": ["a"], "score": [0.5], "ordinal": [0]}, schema=_COLUMNS)
    assert _conform(_context(), frame) is frame


def test_types_order_and_extra_columns_are_conformed() -> None:
    frame = pl.DataFrame({"ordinal": [7], "extra": [1], "score": [0.25], "id": ["a"]})  # Int64, Float64
    conformed = _conform(_context(), frame)
    assert conformed.schema == pl.Schema(_COLUMNS)
    assert conformed.row(0) == ("a", 0.25, 7)


def test_a_wider_type_alone_is_enough_to_cast() -> None:
    frame = pl.DataFrame({"id": ["a"], "score": [0.1], "ordinal": [1]}).with_columns(pl.col("ordinal").cast(pl.UInt32))
    conformed = _conform(_context(), frame)
    assert conformed.schema["score"] == pl.Float32()
    assert conformed["score"].to_list() == [pl.Series([0.1], dtype=pl.Float32).item()]
