"""Stage ``dialect``: Northern / Central / Southern Vietnamese scores and a label per document.

``dialect`` is ``northern``, ``central``, ``southern`` or ``unknown`` (weak or split
evidence: most standard written text, news included); ``dialect_northern``,
``dialect_central``, ``dialect_southern`` are the shares of the marker evidence (summing to
1, or all 0 without evidence); ``dialect_evidence`` is the evidence total scaled to 1,000
characters, so the label can be re-derived with other thresholds without recomputing.
Method, lexicon, measured accuracy and limits: :mod:`vicorpus.dialect`, ``docs/dialect.md``.
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from pydantic import Field

from vicorpus.dialect import MIN_EVIDENCE, MIN_MARGIN, dialect_scores
from vicorpus.stages.base import Stage, StageKind

DIALECT_COLUMNS: dict[str, pl.DataType] = {
    "dialect": pl.String(),
    "dialect_northern": pl.Float32(),
    "dialect_central": pl.Float32(),
    "dialect_southern": pl.Float32(),
    "dialect_evidence": pl.Float32(),
}


class Dialect(Stage):
    """Label each document Northern / Central / Southern Vietnamese (or unknown) from lexical markers."""

    name: ClassVar[str] = "dialect"
    kind: ClassVar[StageKind] = StageKind.ANNOTATE
    output_columns: ClassVar[dict[str, pl.DataType]] = DIALECT_COLUMNS

    min_evidence: float = Field(
        MIN_EVIDENCE,
        ge=0,
        le=100,
        description="Marker evidence (weights summed, scaled to 1,000 characters) needed for a label; "
        "1.0 = one regional word.",
    )
    min_margin: float = Field(
        MIN_MARGIN,
        ge=0,
        le=1,
        description="Lead of the best region's score over the runner-up needed for a label (scores sum to 1).",
    )

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        labels: list[str] = []
        northern: list[float] = []
        central: list[float] = []
        southern: list[float] = []
        evidence: list[float] = []
        for text in batch["text"].to_list():
            scores = dialect_scores(text or "", min_evidence=self.min_evidence, min_margin=self.min_margin)
            labels.append(scores.label)
            northern.append(scores.northern)
            central.append(scores.central)
            southern.append(scores.southern)
            evidence.append(scores.evidence)
        return batch.with_columns(
            pl.Series("dialect", labels, dtype=pl.String),
            pl.Series("dialect_northern", northern, dtype=pl.Float32),
            pl.Series("dialect_central", central, dtype=pl.Float32),
            pl.Series("dialect_southern", southern, dtype=pl.Float32),
            pl.Series("dialect_evidence", evidence, dtype=pl.Float32),
        )
