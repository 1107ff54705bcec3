"""A folder of text files, one document per file.

UTF-8 (with or without BOM) and UTF-16 with BOM are recognised. Legacy Vietnamese
encodings (TCVN3, VNI, ...) plug in here through ``vicorpus.vietnamese.decode``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadTask


def decode_text_file(data: bytes, encoding: str = "utf-8") -> tuple[str | None, str]:
    """Decode a whole file; returns (text, "") or (None, error_code).

    ``encoding`` other than ``utf-8`` goes through ``vicorpus.vietnamese.decode``
    (``auto`` detects TCVN3, VNI, VISCII, CP1258, and mixed UTF-8/legacy files).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            return None, "invalid_utf16"
    if b"\x00" in data and encoding != "utf-16":
        return None, "binary_content"
    if encoding != "utf-8":
        from vicorpus.vietnamese.detect import decode

        return decode(data, encoding), ""
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return None, "invalid_utf8"


def read_whole_files(
    task: ReadTask, builder: BatchBuilder, read_one: Callable[[str, bytes], None]
) -> Iterator[ReadBatch]:
    """The loop of every one-document-per-file reader (text, html, documents): each file
    of the task is read whole and handed to ``read_one(relative path, bytes)``; a file
    that cannot be opened is ``unreadable_file``, one over ``max_record_bytes``
    ``record_too_large``, an empty one is counted in ``empty_files``."""
    limit = builder.limits.max_record_bytes
    for absolute, relative in task.files:
        try:
            with Path(absolute).open("rb") as handle:
                data = handle.read(limit + 1)
                size = os.fstat(handle.fileno()).st_size if len(data) > limit else len(data)
        except OSError as error:
            builder.quarantine(relative, "unreadable_file", f"cannot read: {error.strerror or error}", b"")
        else:
            if size == 0:
                builder.empty_files += 1
            elif size > limit:
                builder.quarantine_oversized(relative, size, data[:4096])
            else:
                read_one(relative, data)
        if builder.full():
            yield builder.flush()
    if builder.pending or builder.empty_files:
        yield builder.flush()


def read_text_files(task: ReadTask, builder: BatchBuilder) -> Iterator[ReadBatch]:
    def read_one(relative: str, data: bytes) -> None:
        text, code = decode_text_file(data, builder.source.effective_encoding)
        if text is None:
            builder.quarantine(relative, code, f"{code.replace('_', ' ')} in file", data)
        else:
            builder.add_document(text, relative)

    return read_whole_files(task, builder, read_one)
