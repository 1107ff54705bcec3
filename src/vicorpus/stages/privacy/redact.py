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

from typing import ClassVar

import numpy as np
import polars as pl
from pydantic import Field, field_validator

from vicorpus.pii import DEFAULT_KINDS, PiiKind, Redactor
from vicorpus.schema import DROP_REASON
from vicorpus.stages.base import Stage, StageKind

PII_COLUMNS: dict[str, pl.DataType] = {f"pii_{kind.value}": pl.UInt32() for kind in PiiKind}
_KIND_ROW = {kind: index for index, kind in enumerate(PiiKind)}
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
        redactor = Redactor(self.kinds, self.placeholders)
        texts = batch["text"].to_list()
        redacted_texts: list[str] = []
        # Most documents hold no PII: counts start at zero and only found spans touch them.
        counts = np.zeros((len(_KIND_ROW), len(texts)), dtype=np.uint32)
        dense: list[int] = []
        for row, text in enumerate(texts):
            redacted, spans = redactor(text)
            redacted_texts.append(redacted)
            for span in spans:
                counts[_KIND_ROW[span.kind], row] += 1
            if (
                self.drop_density is not None
                and len(spans) >= self.drop_min_spans
                and len(spans) * 1000 > self.drop_density * max(len(text), 1)
            ):
                dense.append(row)
        reasons = batch[DROP_REASON]
        if dense:
            reasons = reasons.scatter(dense, DROP_DENSE)
        return batch.with_columns(
            pl.Series("text", redacted_texts, dtype=pl.String),
            *(pl.Series(f"pii_{kind.value}", counts[index]) for kind, index in _KIND_ROW.items()),
            reasons.alias(DROP_REASON),
        )
