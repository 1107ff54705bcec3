"""JSON Lines reader: plain or compressed, streamed line by line, bounded memory.

A plain file larger than ``task_bytes`` is split into byte ranges; a line belongs to
the task in whose range it starts. The locator of a record is its byte offset in the
(decompressed) file, so ids do not depend on how the file was split.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import orjson

from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadTask
from vicorpus.readers.streams import STREAM_ERRORS, read_opened

_SKIP_CHUNK = 1024 * 1024
_BOM = b"\xef\xbb\xbf"


def read_jsonl(task: ReadTask, builder: BatchBuilder) -> Iterator[ReadBatch]:
    return read_opened(task, builder, _read_lines)


def _read_lines(task: ReadTask, stream: BinaryIO, builder: BatchBuilder) -> Iterator[ReadBatch]:
    limit = builder.limits.max_record_bytes
    offset = 0
    seen_any = False
    try:
        if task.start > 0:
            stream.seek(task.start - 1)
            offset = task.start
            if stream.read(1) != b"\n":  # we are mid-line: that line is the previous task's
                offset += _skip_rest_of_line(stream)[0]
        while task.end is None or offset < task.end:
            line = stream.readline(limit + 1)
            if not line:
                break
            start = offset
            offset += len(line)
            locator = f"{task.relpath}@{start}"
            if start == 0:
                line = line.removeprefix(_BOM)  # Windows tools start the file with a BOM
            seen_any = seen_any or bool(line)
            if len(line) > limit and not (len(line) == limit + 1 and line.endswith(b"\n")):
                rest, tail = (0, b"") if line.endswith(b"\n") else _skip_rest_of_line(stream)
                offset += rest
                size = len(line) + rest - _line_ending((line[-2:] + tail)[-2:])
                builder.quarantine_oversized(locator, size, line[:4096])
            else:
                _parse_line(line, locator, builder)
            if builder.full():
                yield builder.flush()
    except STREAM_ERRORS as error:
        message = f"stream ended abnormally after {offset} bytes: {error}"
        builder.quarantine(f"{task.relpath}@{offset}", "truncated_stream", message, b"")
    if not seen_any and task.start == 0:
        builder.empty_files += 1


def _parse_line(line: bytes, locator: str, builder: BatchBuilder) -> None:
    if not line.strip():
        return  # blank lines separate nothing and are not records
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raw = line.rstrip(b"\r\n")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            record = _legacy_record(raw, builder.source.effective_encoding)
            if record is None:
                builder.quarantine(locator, "invalid_utf8", f"invalid UTF-8 at byte {bad.start}", raw)
                return
        else:
            builder.quarantine(locator, "malformed_json", str(error), raw)
            return
    if not isinstance(record, dict):
        kind = type(record).__name__
        builder.quarantine(locator, "not_an_object", f"a JSON {kind}, not an object", line.rstrip(b"\r\n"))
        return
    builder.add_record(record, locator, line.rstrip(b"\r\n"))


def _legacy_record(raw: bytes, encoding: str) -> object | None:
    """A line that is not UTF-8, decoded with a legacy encoding when the source allows it."""
    if encoding == "utf-8":
        return None
    from vicorpus.vietnamese.detect import decode

    try:
        record: object = orjson.loads(decode(raw, encoding))
    except orjson.JSONDecodeError:
        return None
    return record


def _skip_rest_of_line(stream: BinaryIO) -> tuple[int, bytes]:
    """Consume up to and including the next newline without holding it in memory.

    Returns the number of bytes consumed and the last two of them.
    """
    skipped = 0
    tail = b""
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        skipped += len(chunk)
        tail = (tail + chunk[-2:])[-2:]
        if not chunk or chunk.endswith(b"\n"):
            return skipped, tail


def _line_ending(tail: bytes) -> int:
    """Bytes of the line terminator at the end of ``tail``: a record's size excludes it."""
    return 2 if tail.endswith(b"\r\n") else 1 if tail.endswith(b"\n") else 0
