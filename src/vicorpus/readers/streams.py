"""Open plain or compressed files as buffered binary streams."""

from __future__ import annotations

import gzip
import io
import lzma
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import zstandard

from vicorpus.readers.strict_decompress import open_bz2, open_xz
from vicorpus.readers.zstd_frames import ZstdFramesReader

if TYPE_CHECKING:
    from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadTask

COMPRESSED_SUFFIXES = (".gz", ".zst", ".zstd", ".xz", ".bz2")
_BUFFER = 1024 * 1024

# Errors a damaged compressed stream raises part-way through (truncated member,
# corrupt block). They end the file's reading; what was read before stays.
STREAM_ERRORS: tuple[type[BaseException], ...] = (
    EOFError,
    zlib.error,
    gzip.BadGzipFile,
    lzma.LZMAError,
    OSError,
    zstandard.ZstdError,
)


def is_compressed(path: str | Path) -> bool:
    return str(path).lower().endswith(COMPRESSED_SUFFIXES)


def open_binary(path: str | Path) -> BinaryIO:
    """A buffered binary stream of the file's (decompressed) bytes."""
    name = str(path).lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    # Not lzma.open/bz2.open: they ignore whatever follows the first bad stream header.
    if name.endswith(".xz"):
        return io.BufferedReader(open_xz(path), buffer_size=_BUFFER)
    if name.endswith(".bz2"):
        return io.BufferedReader(open_bz2(path), buffer_size=_BUFFER)
    if name.endswith((".zst", ".zstd")):
        # Not zstandard's stream_reader alone: it ends quietly on a cut file.
        return io.BufferedReader(ZstdFramesReader(path), buffer_size=_BUFFER)
    return Path(path).open("rb", buffering=_BUFFER)


def read_opened(
    task: ReadTask,
    builder: BatchBuilder,
    read: Callable[[ReadTask, BinaryIO, BatchBuilder], Iterator[ReadBatch]],
) -> Iterator[ReadBatch]:
    """Open the task's file (plain or compressed) and run ``read`` on the stream; a file
    that cannot be opened is one ``unreadable_file`` record. Flushes what is left."""
    try:
        stream = open_binary(task.path)
    except OSError as error:
        builder.quarantine(task.relpath, "unreadable_file", f"cannot open: {error.strerror or error}", b"")
        yield builder.flush()
        return
    with stream:
        yield from read(task, stream, builder)
    if builder.pending or builder.empty_files:
        yield builder.flush()
