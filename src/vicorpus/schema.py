"""The batch data model: core columns, output columns and stable record ids.

Column names follow FineWeb-2 where one exists (``url``, ``date``, ``language``,
``language_score``, ``minhash_cluster_size``) so that ``datasets``, datatrove and
DuckDB read vicorpus output directly.
"""

from __future__ import annotations

import polars as pl
import pyarrow as pa
import xxhash

# Core columns every batch carries, in this order.
CORE_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(),
    "text": pl.String(),
    "source": pl.String(),
    "url": pl.String(),
    "domain": pl.String(),
    "origin": pl.String(),
    "license": pl.String(),
    "date": pl.String(),
    "metadata": pl.String(),
    # Web sources (null elsewhere): the WARC record and payload digest it came from, the
    # charset the page was decoded with, and the machine-readable opt-outs it carries
    # (comma-separated signal names, see ``vicorpus.web.optout``).
    "warc_record_id": pl.String(),
    "warc_payload_digest": pl.String(),
    "charset": pl.String(),
    "optout": pl.String(),
}

WEB_COLUMNS: tuple[str, ...] = ("warc_record_id", "warc_payload_digest", "charset", "optout")

# Columns describing why a row left the corpus; null while a document is kept.
DROP_REASON = "drop_reason"
DROPPED_BY = "dropped_by"
DUPLICATE_OF = "duplicate_of"
DROP_SCHEMA: dict[str, pl.DataType] = {
    DROP_REASON: pl.String(),
    DROPPED_BY: pl.String(),
    DUPLICATE_OF: pl.String(),
}

# Row number of a document inside its read task: the deterministic order key used
# by global stages to pick cluster representatives. Internal, never written out.
ORDINAL = "_ordinal"

QUARANTINE_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("origin", pa.string(), nullable=False),
        pa.field("error_code", pa.string(), nullable=False),
        pa.field("error", pa.string(), nullable=False),
        pa.field("raw", pa.binary(), nullable=False),
        pa.field("raw_size", pa.int64(), nullable=False),
        pa.field("raw_truncated", pa.bool_(), nullable=False),
    ]
)


def record_id(source: str, locator: str) -> str:
    """Stable id of a record: a 128-bit hash of the source name and the record's locator.

    The locator is the file path relative to the source's base folder plus the
    record's position in it, so the same input always gives the same id, and
    moving the data folder does not change ids.
    """
    return xxhash.xxh3_128_hexdigest(f"{source}\x00{locator}".encode())


def arrow_schema(columns: dict[str, pl.DataType]) -> pa.Schema:
    """Arrow schema for a Polars column mapping (plain ``string``, readable everywhere)."""
    empty = pl.DataFrame(schema=columns).to_arrow()
    fields = []
    for field in empty.schema:
        dtype = field.type
        if pa.types.is_large_string(dtype) or pa.types.is_string_view(dtype):
            dtype = pa.string()
        fields.append(pa.field(field.name, dtype))
    return pa.schema(fields)
