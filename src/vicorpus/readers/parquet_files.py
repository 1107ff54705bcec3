"""Parquet reader: streamed by row group; big files split into tasks of row groups."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadTask


def read_parquet(task: ReadTask, builder: BatchBuilder) -> Iterator[ReadBatch]:
    source = builder.source
    try:
        parquet = pq.ParquetFile(task.path)
    except (OSError, pa.ArrowException) as error:
        builder.quarantine(task.relpath, "unreadable_file", f"not a readable Parquet file: {error}", b"")
        yield builder.flush()
        return
    metadata = parquet.metadata
    if metadata.num_rows == 0:
        builder.empty_files += 1
        yield builder.flush()
        return
    present = set(parquet.schema_arrow.names)
    wanted = [source.text_field, source.url_field, source.date_field, *source.keep_fields]
    columns = [c for c in dict.fromkeys(wanted) if c is not None and c in present]
    end = metadata.num_row_groups if task.end is None else task.end
    groups = list(range(task.start, end))
    row = sum(metadata.row_group(g).num_rows for g in range(task.start))
    try:
        batches = parquet.iter_batches(
            batch_size=builder.limits.batch_size,
            row_groups=groups,
            columns=columns,
            use_threads=False,
        )
        for record_batch in batches:
            for record in record_batch.to_pylist():
                _add_row(record, f"{task.relpath}#{row}", builder)
                row += 1
                if builder.full():
                    yield builder.flush()
    except (OSError, pa.ArrowException) as error:
        message = f"corrupt Parquet data after row {row}: {error}"
        builder.quarantine(f"{task.relpath}#{row}", "truncated_stream", message, b"")
    if builder.pending:
        yield builder.flush()


def _add_row(record: dict[str, Any], locator: str, builder: BatchBuilder) -> None:
    text = record.get(builder.source.text_field)
    if isinstance(text, str) and len(text) > builder.limits.max_record_bytes:
        builder.quarantine_oversized(locator, len(text.encode("utf-8")), text[:4096].encode("utf-8"))
        return
    if isinstance(text, str):
        builder.add_record(record, locator, b"")  # raw only matters for quarantine
        return
    raw = orjson.dumps(record, default=repr, option=orjson.OPT_SORT_KEYS)
    builder.add_record(record, locator, raw)
