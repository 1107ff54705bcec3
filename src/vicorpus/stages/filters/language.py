"""Stage ``language_filter``: keep documents in the wanted languages with enough confidence."""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from pydantic import Field

from vicorpus.stages.base import Stage, StageKind, Threshold
from vicorpus.stages.filters.rules import Rule, below, drop_by_rules, thresholds_of


class LanguageFilter(Stage):
    """Drop documents not in `languages`, below `min_score`, or (optionally) without diacritics."""

    name: ClassVar[str] = "language_filter"
    kind: ClassVar[StageKind] = StageKind.FILTER
    requires_stage: ClassVar[str] = "language"

    languages: list[str] = Field(["vi"], min_length=1, description="ISO 639-1 codes to keep (reason wrong_language).")
    # FineWeb-2 keeps vie_Latn at GlotLID score ≥ 0.802; vicorpus's score is the share of
    # Vietnamese syllables scaled by the share with marks, re-derived in docs/quality.md.
    min_score: float = Field(0.5, ge=0.0, le=1.0, description="Lower language_score: low_language_score.")
    keep_no_diacritics: bool = Field(
        True, description="Keep Vietnamese typed without diacritics (else reason vi_no_diacritics)."
    )
    min_vi_line_share: float | None = Field(
        None, ge=0.0, le=1.0, description="Drop code-mixed documents with fewer Vietnamese lines (vi_line_share)."
    )

    def rules(self) -> list[Rule]:
        rules = [Rule(~pl.col("language").is_in(self.languages), "wrong_language")]
        rules += below("language_score", self.min_score, "low_language_score")
        if not self.keep_no_diacritics:
            rules.append(Rule(pl.col("vi_no_diacritics"), "vi_no_diacritics"))
        rules += below("vi_line_share", self.min_vi_line_share, "low_vi_line_share")
        return rules

    def thresholds(self) -> list[Threshold]:
        return thresholds_of(self.rules())

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        return drop_by_rules(batch, self.rules())
