"""JSON Lines reader: plain or compressed, streamed line by line, bounded memory.

A plain file larger than ``task_bytes`` is split into byte ranges; a line belongs to
the task in whose range it starts. The locator of a record is its byte offset in the
(decompressed) file, so ids do not depend on how the file was split.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import numpy as np
import orjson

from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadTask, UnwritableMetadata
from vicorpus.readers.json_text_kernel import COPIED, copy_text_field
from vicorpus.readers.streams import STREAM_ERRORS, read_opened

_SKIP_CHUNK = 1024 * 1024
_BOM = b"\xef\xbb\xbf"
# Shorter lines take the exact path: the fast path's fixed cost (~2 us a line: the
# kernel call, the line without its text) outweighs what it saves below ~800 bytes.
# Measured on 20 MB of Vietnamese lines (CPU s, exact → fast): 150-char texts 0.64 →
# 0.82, 300 chars 0.475 → 0.478, 600 chars 0.32 → 0.31, 1200 chars 0.25 → 0.18.
FAST_PATH_MIN_LINE_BYTES = 1024


def read_jsonl(task: ReadTask, builder: BatchBuilder) -> Iterator[ReadBatch]:
    return read_opened(task, builder, _read_lines)


def _read_lines(task: ReadTask, stream: BinaryIO, builder: BatchBuilder) -> Iterator[ReadBatch]:
    limit = builder.limits.max_record_bytes
    fast_path = TextFieldFastPath.for_builder(builder)
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
            # Windows tools start a file with a BOM, and files joined with `cat` carry
            # theirs into the middle: a line's leading BOM is no part of its record.
            line = line.removeprefix(_BOM)
            seen_any = seen_any or bool(line)
            if len(line) > limit and not (len(line) == limit + 1 and line.endswith(b"\n")):
                rest, tail = (0, b"") if line.endswith(b"\n") else _skip_rest_of_line(stream)
                offset += rest
                size = len(line) + rest - _line_ending((line[-2:] + tail)[-2:])
                builder.quarantine_oversized(locator, size, line[:4096])
            elif fast_path is None or len(line) < FAST_PATH_MIN_LINE_BYTES or not fast_path.add(line, locator):
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


class TextFieldFastPath:
    """Adds a line's document without a Python str of its text: the compiled pass copies
    the text string into the batch's UTF-8 buffer and orjson parses the line without it.

    Exact by construction: the pass accepts a string body only if it is one orjson
    decodes to those bytes, and the line with that body emptied parses with orjson
    exactly when the whole line does, to the same object but for the text. Anything
    else (``add`` returns False) goes to ``_parse_line``, which decides as before.
    """

    def __init__(self, builder: BatchBuilder) -> None:
        self._builder = builder
        self._texts = builder.encoded_texts
        self._field = builder.source.text_field
        self._key = np.frombuffer(self._field.encode(), dtype=np.uint8)
        builder.texts_as_utf8 = True  # the exact path's texts join them: no scatter at flush

    @classmethod
    def for_builder(cls, builder: BatchBuilder) -> TextFieldFastPath | None:
        source = builder.source
        field = source.text_field
        # The emptied text must not be read as another column, and the key must be
        # spelt in the line exactly as its UTF-8 bytes (no character JSON escapes).
        if field in (source.url_field, source.date_field) or field in source.keep_fields:
            return None
        if any(character in '"\\' or ord(character) < 0x20 for character in field):
            return None
        return cls(builder)

    def add(self, line: bytes, locator: str) -> bool:
        texts = self._texts
        texts.reserve(len(line))
        line_bytes = np.frombuffer(line, dtype=np.uint8)
        status, start, end, length, characters = copy_text_field(line_bytes, self._key, texts.data, texts.size)
        if status != COPIED:
            return False
        try:
            record = orjson.loads(line[:start] + line[end:])
        except orjson.JSONDecodeError:
            return False
        if not isinstance(record, dict) or record.get(self._field) != "":
            return False
        try:
            url, date, metadata = self._builder.record_fields(record)
        except UnwritableMetadata:
            return False  # the general path quarantines the record
        self._builder.add_encoded_document(length, characters, locator, url=url, date=date, metadata=metadata)
        return True


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
