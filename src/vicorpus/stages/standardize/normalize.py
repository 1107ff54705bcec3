"""Stage ``normalize``: Unicode NFC, line endings and whitespace, with fix counts."""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from vicorpus.stages.base import Stage, StageKind
from vicorpus.text.basics import normalize_basic


class Normalize(Stage):
    """Unicode NFC, LF line endings and tidy whitespace; counts each fix per document."""

    name: ClassVar[str] = "normalize"
    kind: ClassVar[StageKind] = StageKind.TRANSFORM
    output_columns: ClassVar[dict[str, pl.DataType]] = {
        "fix_line_endings": pl.UInt32(),
        "fix_nfc": pl.UInt32(),
        "fix_whitespace": pl.UInt32(),
    }
    counter_columns: ClassVar[tuple[str, ...]] = tuple(output_columns)

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        # Plain Python per document: unicodedata's NFC check beats Polars' on
        # mostly-NFC text (DESIGN.md, Performance).
        texts: list[str] = []
        line_endings: list[int] = []
        nfc: list[int] = []
        whitespace: list[int] = []
        for text in batch["text"].to_list():
            fixed, fixes = normalize_basic(text)
            texts.append(fixed)
            line_endings.append(fixes.line_endings)
            nfc.append(fixes.nfc)
            whitespace.append(fixes.whitespace)
        return batch.with_columns(
            pl.Series("text", texts, dtype=pl.String),
            pl.Series("fix_line_endings", line_endings, dtype=pl.UInt32),
            pl.Series("fix_nfc", nfc, dtype=pl.UInt32),
            pl.Series("fix_whitespace", whitespace, dtype=pl.UInt32),
        )
