"""Open plain or compressed files as buffered binary streams."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from pathlib import Path
from typing import BinaryIO

import zstandard

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
    if name.endswith(".xz"):
        return lzma.open(path, "rb")  # type: ignore[return-value]
    if name.endswith(".bz2"):
        return bz2.open(path, "rb")  # type: ignore[return-value]
    if name.endswith((".zst", ".zstd")):
        raw = Path(path).open("rb")  # noqa: SIM115 - closed by the reader (closefd)
        # read_across_frames: files written by several zstd runs concatenate frames.
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
        return io.BufferedReader(reader, buffer_size=_BUFFER)
    return Path(path).open("rb", buffering=_BUFFER)
