"""Stage ``exact_dedup``: remove documents whose text is identical to an earlier one.

A global stage: each map task hashes its kept documents (xxh3-128) into partition
files; each partition is clustered on its own (memory bounded by the partition, not
the corpus); each task then marks its duplicates. The representative of a group is
the document that comes first in input order (source order in the config, then file
order, then position in the file), so the choice does not depend on the number of
workers.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import polars as pl
import xxhash
from pydantic import Field

from vicorpus.schema import DROP_REASON, DUPLICATE_OF
from vicorpus.stages.base import ORDER, PARTITION, GlobalStage


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class ExactDedup(GlobalStage):
    """Drop documents whose (normalized) text exactly repeats an earlier document's."""

    name: ClassVar[str] = "exact_dedup"
    signature_columns: ClassVar[dict[str, pl.DataType]] = {"id": pl.String(), "key": pl.Binary()}

    key: Literal["text", "casefold_whitespace"] = Field(
        "text",
        description=(
            "What is hashed: the text as it is at this point of the pipeline, or the "
            "text case-folded with whitespace runs collapsed."
        ),
    )

    def signatures(self, batch: pl.DataFrame, partitions: int) -> pl.DataFrame:
        fold = _fold if self.key == "casefold_whitespace" else None
        keys: list[bytes] = []
        parts: list[int] = []
        for text in batch["text"].to_list():
            digest = xxhash.xxh3_128_digest((fold(text) if fold else text).encode("utf-8"))
            keys.append(digest)
            parts.append(int.from_bytes(digest[:4], "little") % partitions)
        return pl.DataFrame(
            {
                "id": batch["id"],
                ORDER: batch[ORDER],
                PARTITION: pl.Series(parts, dtype=pl.UInt32),
                "key": pl.Series(keys, dtype=pl.Binary),
            }
        )

    def cluster(self, signatures: pl.DataFrame) -> pl.DataFrame:
        ordered = signatures.sort(ORDER)
        representatives = ordered.group_by("key", maintain_order=True).agg(pl.col("id").first().alias(DUPLICATE_OF))
        return (
            ordered.join(representatives, on="key", how="inner")
            .filter(pl.col("id") != pl.col(DUPLICATE_OF))
            .select("id", (pl.col(ORDER) // 2**32).cast(pl.UInt32).alias("task"), DUPLICATE_OF)
            .sort("task", "id")
        )

    def apply(self, batch: pl.DataFrame, assignments: pl.DataFrame) -> pl.DataFrame:
        if assignments.is_empty():
            return batch
        marked = batch.drop(DUPLICATE_OF).join(
            assignments.select("id", DUPLICATE_OF), on="id", how="left", maintain_order="left"
        )
        return marked.with_columns(
            pl.when(pl.col(DUPLICATE_OF).is_not_null())
            .then(pl.lit("exact_duplicate"))
            .otherwise(pl.col(DROP_REASON))
            .alias(DROP_REASON)
        ).select(batch.columns)
