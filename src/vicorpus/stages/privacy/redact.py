"""Stage ``redact_pii``: replace Vietnamese personal data by typed placeholders.

Per document: :func:`vicorpus.pii.redact` (phones, e-mails, citizen IDs, passports,
personal tax codes, cards, bank accounts, licence plates, IP addresses; company tax codes
and street addresses on request), one ``pii_<kind>`` count column per kind, totals in the
run statistics. With ``drop_density`` set, a document with at least ``drop_min_spans``
spans and more than ``drop_density`` spans per 1,000 characters (contact lists, leaked
tables) is dropped with reason ``pii_dense``; it is redacted all the same, so no stage
output — ``rejected/`` included — carries the numbers it held.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

import polars as pl
from pydantic import Field, field_validator

from vicorpus.pii import DEFAULT_KINDS, PiiKind, Redactor
from vicorpus.schema import DROP_REASON
from vicorpus.stages.base import Stage, StageKind

PII_COLUMNS: dict[str, pl.DataType] = {f"pii_{kind.value}": pl.UInt32() for kind in PiiKind}
DROP_DENSE = "pii_dense"


class RedactPii(Stage):
    """Replace phones, e-mails, IDs, tax codes, cards, accounts, plates, IPs by <PLACEHOLDERS>; count them."""

    name: ClassVar[str] = "redact_pii"
    kind: ClassVar[StageKind] = StageKind.TRANSFORM
    output_columns: ClassVar[dict[str, pl.DataType]] = PII_COLUMNS
    counter_columns: ClassVar[tuple[str, ...]] = tuple(PII_COLUMNS)

    kinds: list[PiiKind] = Field(
        default_factory=lambda: sorted(DEFAULT_KINDS),
        min_length=1,
        description=(
            "Kinds to redact. Default: all but company_tax_code (not personal data) and street_address (least precise)."
        ),
    )
    placeholders: dict[PiiKind, str] = Field(
        default_factory=dict,
        description="Placeholder per kind, e.g. {phone: '[SĐT]'}; others keep <PHONE>, <EMAIL>, <ID>, …",
    )
    drop_density: float | None = Field(
        None, gt=0, description="Drop (reason pii_dense) documents with more PII spans per 1,000 characters."
    )
    drop_min_spans: int = Field(3, ge=1, description="With drop_density: spans a document needs before it can drop.")

    @field_validator("placeholders")
    @classmethod
    def _placeholders_hold_no_pii(cls, value: dict[PiiKind, str]) -> dict[PiiKind, str]:
        for kind, placeholder in value.items():
            if any(character.isdigit() or character == "@" for character in placeholder):
                raise ValueError(f"placeholder for {kind.value} must not contain digits or '@': {placeholder!r}")
        return value

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        texts: list[str] = []
        counts: dict[str, list[int]] = {column: [] for column in PII_COLUMNS}
        reasons: list[str | None] = []
        redactor = Redactor(self.kinds, self.placeholders)
        previous = batch[DROP_REASON].to_list()
        for text, reason in zip(batch["text"].to_list(), previous, strict=True):
            redacted, spans = redactor(text)
            texts.append(redacted)
            per_kind = Counter(span.kind for span in spans)
            for kind in PiiKind:
                counts[f"pii_{kind.value}"].append(per_kind[kind])
            dense = (
                self.drop_density is not None
                and len(spans) >= self.drop_min_spans
                and len(spans) * 1000 > self.drop_density * max(len(text), 1)
            )
            reasons.append(DROP_DENSE if dense else reason)
        return batch.with_columns(
            pl.Series("text", texts, dtype=pl.String),
            *(pl.Series(column, values, dtype=pl.UInt32) for column, values in counts.items()),
            pl.Series(DROP_REASON, reasons, dtype=pl.String),
        )
