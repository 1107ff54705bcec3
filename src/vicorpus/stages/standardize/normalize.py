"""Stage ``normalize``: Vietnamese text standardization with fix counts per document.

Per document: :func:`vicorpus.vietnamese.fix_text_with_report` (legacy encodings and
mojibake repaired line by line, character references, invisible characters, NFC,
look-alike letters, tone marks in the configured style), then line endings and
whitespace (:func:`vicorpus.text.normalize_basic`).
"""

from __future__ import annotations

from typing import ClassVar, Literal

import polars as pl
from pydantic import Field

from vicorpus.stages.base import Stage, StageKind
from vicorpus.text.basics import normalize_basic
from vicorpus.vietnamese.fix import FIX_KINDS, fix_text_with_report

_COLUMNS = tuple(f"fix_{kind}" for kind in (*FIX_KINDS, "line_endings", "whitespace"))


class Normalize(Stage):
    """Repair encodings, mojibake and tone marks; NFC; tidy whitespace; counts each fix."""

    name: ClassVar[str] = "normalize"
    kind: ClassVar[StageKind] = StageKind.TRANSFORM
    output_columns: ClassVar[dict[str, pl.DataType]] = {column: pl.UInt32() for column in _COLUMNS}
    counter_columns: ClassVar[tuple[str, ...]] = _COLUMNS

    tone_style: Literal["old", "new", "keep"] = Field(
        "old",
        description=(
            "Tone placement in open oa/oe/uy syllables: old = hòa, thủy, khỏe (as in news; "
            "default), new = hoà, thuỷ, khoẻ, keep = as written. Misplaced tones are always fixed."
        ),
    )

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        # Plain Python per document: the fast paths inside fix_text and normalize_basic
        # beat Polars expressions on mostly-clean text (DESIGN: measure, don't assume).
        texts: list[str] = []
        counts: dict[str, list[int]] = {column: [] for column in _COLUMNS}
        for text in batch["text"].to_list():
            fixed, report = fix_text_with_report(text, tone_style=self.tone_style)
            fixed, basic = normalize_basic(fixed)
            texts.append(fixed)
            for kind, count in report.counts().items():
                counts[f"fix_{kind}"].append(count)
            counts["fix_line_endings"].append(basic.line_endings)
            counts["fix_whitespace"].append(basic.whitespace)
        return batch.with_columns(
            pl.Series("text", texts, dtype=pl.String),
            *(pl.Series(column, values, dtype=pl.UInt32) for column, values in counts.items()),
        )
