"""Parquet shard writing with a fixed schema, zstd, committed atomically."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from vicorpus.run.layout import commit, partial_path


class ShardWriter:
    """Writes batches to one Parquet file; nothing appears at ``path`` until ``close``.

    The file is only created when a non-empty batch arrives, so empty shards are
    never written.
    """

    def __init__(self, path: Path, schema: pa.Schema, compression: str = "zstd") -> None:
        self.path = path
        self.schema = schema
        self.compression = compression
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None

    def write(self, frame: pl.DataFrame | pa.Table) -> None:
        if frame.height if isinstance(frame, pl.DataFrame) else frame.num_rows:
            table = frame.to_arrow() if isinstance(frame, pl.DataFrame) else frame
            table = table.select(self.schema.names).cast(self.schema)
            if self._writer is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._writer = pq.ParquetWriter(
                    partial_path(self.path), self.schema, compression=self.compression, write_statistics=True
                )
            self._writer.write_table(table)
            self.rows += table.num_rows

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            commit(partial_path(self.path), self.path)

    def abort(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            partial_path(self.path).unlink(missing_ok=True)
