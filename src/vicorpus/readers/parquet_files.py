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
            for record in _decoded_rows(record_batch):
                locator = f"{task.relpath}#{row}"
                if isinstance(record, dict):
                    _add_row(record, locator, builder)
                else:
                    column, raw, bad = record
                    message = f"invalid UTF-8 in column '{column}' at byte {bad.start}"
                    builder.quarantine(locator, "invalid_utf8", message, raw)
                row += 1
                if builder.full():
                    yield builder.flush()
    except (OSError, pa.ArrowException) as error:
        message = f"corrupt Parquet data after row {row}: {error}"
        builder.quarantine(f"{task.relpath}#{row}", "truncated_stream", message, b"")
    if builder.pending:
        yield builder.flush()


BadRow = tuple[str, bytes, UnicodeDecodeError]  # column, its raw bytes, the error
_BINARY_OF = {pa.string(): pa.binary(), pa.large_string(): pa.large_binary()}


def _decoded_rows(batch: pa.RecordBatch) -> list[dict[str, Any]] | list[dict[str, Any] | BadRow]:
    """The batch's rows; a row whose string column holds invalid UTF-8 comes back as a
    BadRow (pyarrow does not check the bytes of Parquet strings, Python's decoding does)."""
    try:
        decoded: list[dict[str, Any]] = batch.to_pylist()
    except UnicodeDecodeError:
        pass
    else:
        return decoded
    rows: list[dict[str, Any] | BadRow] = []
    for index in range(batch.num_rows):
        one = batch.slice(index, 1)
        try:
            rows.append(one.to_pylist()[0])
        except UnicodeDecodeError:
            rows.append(_bad_row(one))
    return rows


def _bad_row(one: pa.RecordBatch) -> BadRow:
    for name, column in zip(one.schema.names, one.columns, strict=True):
        try:
            column.to_pylist()
        except UnicodeDecodeError as error:
            as_bytes = _BINARY_OF.get(column.type)  # nested columns: no raw bytes to show
            raw = column.view(as_bytes)[0].as_py() if as_bytes is not None else None
            return name, raw or b"", error
    raise AssertionError("a row failed to decode but none of its columns does")  # pragma: no cover


def _add_row(record: dict[str, Any], locator: str, builder: BatchBuilder) -> None:
    text = record.get(builder.source.text_field)
    limit = builder.limits.max_record_bytes
    # Up to 4 bytes a character: only a text that long can be over the byte limit.
    if isinstance(text, str) and len(text) * 4 > limit and (size := len(text.encode("utf-8"))) > limit:
        builder.quarantine_oversized(locator, size, text[:4096].encode("utf-8"))
        return
    if isinstance(text, str):
        builder.add_record(record, locator, b"")  # raw only matters for quarantine
        return
    raw = orjson.dumps(record, default=repr, option=orjson.OPT_SORT_KEYS)
    builder.add_record(record, locator, raw)
