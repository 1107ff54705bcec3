"""Stage ``language``: the language of each document, as FineWeb-2 names the columns.

``language`` (ISO 639-1, ``code`` for source code and markup, ``und`` for no letters),
``language_score`` (confidence in [0, 1]), ``vi_no_diacritics`` (Vietnamese typed without
diacritics) and ``vi_line_share`` (share of line characters in Vietnamese lines, for
code-mixed documents). See :mod:`vicorpus.langid`.
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from vicorpus.langid.identify import analyze_column
from vicorpus.stages.base import Stage, StageKind

LANGUAGE_COLUMNS: dict[str, pl.DataType] = {
    "language": pl.String(),
    "language_score": pl.Float32(),
    "vi_no_diacritics": pl.Boolean(),
    "vi_line_share": pl.Float32(),
}


class Language(Stage):
    """Identify each document's language offline (Vietnamese with or without diacritics, others, code)."""

    name: ClassVar[str] = "language"
    kind: ClassVar[StageKind] = StageKind.ANNOTATE
    output_columns: ClassVar[dict[str, pl.DataType]] = LANGUAGE_COLUMNS

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        columns = analyze_column(batch["text"])
        return batch.with_columns(
            pl.Series("language", columns.language, dtype=pl.String),
            pl.Series("language_score", columns.score).cast(pl.Float32),
            pl.Series("vi_no_diacritics", columns.vi_no_diacritics, dtype=pl.Boolean),
            pl.Series("vi_line_share", columns.vi_line_share).cast(pl.Float32),
        )
