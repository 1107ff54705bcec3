"""CSV reader: a header row names the columns; one task per file.

CSV files are not split across tasks, because a quoted field may hold newlines and a
byte offset cannot tell where a record starts.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from typing import BinaryIO

from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadTask
from vicorpus.readers.streams import STREAM_ERRORS, read_opened

csv.field_size_limit(sys.maxsize)


class _LineTap:
    """Feeds decoded lines to ``csv.reader`` and remembers the raw bytes of the record."""

    def __init__(self, stream: BinaryIO, keep: int) -> None:
        self.stream = stream
        self.keep = keep
        self.raw = bytearray()
        self.raw_size = 0
        self.tail = b""  # last bytes of the record's last line, for its line ending
        self.first = True

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        line = self.stream.readline()
        if not line:
            raise StopIteration
        if self.first:
            self.first = False
            line = line.removeprefix(b"\xef\xbb\xbf")
        self.raw_size += len(line)
        self.tail = line[-2:]
        if len(self.raw) < self.keep:
            self.raw += line[: self.keep - len(self.raw)]
        # surrogateescape keeps invalid bytes visible so the row can be quarantined.
        return line.decode("utf-8", errors="surrogateescape")

    def take_raw(self) -> tuple[bytes, int]:
        """The record's raw bytes (at most ``keep``) and its size, both without the line ending."""
        ending = 2 if self.tail.endswith(b"\r\n") else 1 if self.tail.endswith(b"\n") else 0
        raw, size = bytes(self.raw).rstrip(b"\r\n"), self.raw_size - ending
        self.raw.clear()
        self.raw_size = 0
        return raw, size


def read_csv(task: ReadTask, builder: BatchBuilder) -> Iterator[ReadBatch]:
    return read_opened(task, builder, _read_rows)


def _read_rows(task: ReadTask, stream: BinaryIO, builder: BatchBuilder) -> Iterator[ReadBatch]:
    limit = builder.limits.max_record_bytes
    tap = _LineTap(stream, keep=min(limit, 1024 * 1024))
    reader = csv.reader(tap, delimiter=builder.source.csv_delimiter)
    row_number = 0
    encoding = builder.source.effective_encoding
    try:
        header = next(reader, None)
        tap.take_raw()
        if header is None:
            builder.empty_files += 1
            return
        while True:
            row_number += 1
            locator = f"{task.relpath}#{row_number}"
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raw, _ = tap.take_raw()
                builder.quarantine(locator, "malformed_csv", str(error), raw)
                continue
            raw, size = tap.take_raw()
            if not row:
                row_number -= 1  # blank line: not a record
                continue
            if size > limit:
                builder.quarantine_oversized(locator, size, raw[:4096])
            elif len(row) != len(header):
                message = f"{len(row)} fields, the header has {len(header)}"
                builder.quarantine(locator, "ragged_row", message, raw)
            elif any(_has_bad_bytes(value) for value in row) and encoding == "utf-8":
                builder.quarantine(locator, "invalid_utf8", "invalid UTF-8 bytes in the row", raw)
            elif any(_has_bad_bytes(value) for value in row):
                values = [_redecode(value, encoding) for value in row]
                builder.add_record(dict(zip(header, values, strict=True)), locator, raw)
            else:
                builder.add_record(dict(zip(header, row, strict=True)), locator, raw)
            if builder.full():
                yield builder.flush()
    except STREAM_ERRORS as error:
        message = f"stream ended abnormally at record {row_number}: {error}"
        builder.quarantine(f"{task.relpath}#{row_number}", "truncated_stream", message, b"")


def _redecode(value: str, encoding: str) -> str:
    """A field read with surrogateescape, decoded again from its original bytes."""
    if not _has_bad_bytes(value):
        return value
    from vicorpus.vietnamese.detect import decode

    return decode(value.encode("utf-8", errors="surrogateescape"), encoding)


def _has_bad_bytes(value: str) -> bool:
    # Lone surrogates only come from surrogateescape, i.e. from invalid UTF-8.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
