""".xz and .bz2 streams that report bytes after the last compressed stream.

The standard library's ``lzma.open`` and ``bz2.open`` stop quietly at the first bytes
after a stream that do not start a new one (``_compression.DecompressReader`` ignores
"trailing data"), so a damaged second stream, and every record in it, vanishes. This
reader follows the same logic but raises instead; NUL padding after a stream (allowed
by the xz format) is still accepted. A cut stream raises EOFError, as the standard
library does.
"""

from __future__ import annotations

import bz2
import io
import lzma
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

_CHUNK = 64 * 1024  # compressed bytes fed at a time; output is bounded by the caller's buffer


class _Decompressor(Protocol):
    @property
    def eof(self) -> bool: ...
    @property
    def needs_input(self) -> bool: ...
    @property
    def unused_data(self) -> bytes: ...

    def decompress(self, data: bytes, max_length: int = -1) -> bytes: ...


class StrictDecompressReader(io.RawIOBase):
    """Raw binary stream of every compressed stream in a file, back to back."""

    def __init__(self, path: str | Path, factory: Callable[[], _Decompressor]) -> None:
        super().__init__()
        self._file = Path(path).open("rb")  # noqa: SIM115 - closed in close()
        self._factory = factory
        self._decompressor = factory()
        self._fed = False  # has the current decompressor been given any input?
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = len(buffer)
        while not self._done and size:
            data = self._step(size)
            if data:
                buffer[: len(data)] = data
                return len(data)
        return 0

    def _step(self, size: int) -> bytes:
        decompressor = self._decompressor
        if decompressor.eof:
            rest = decompressor.unused_data or self._file.read(_CHUNK)
            rest = rest.lstrip(b"\0")  # stream padding
            while not rest:
                more = self._file.read(_CHUNK)
                if not more:
                    self._done = True
                    return b""
                rest = more.lstrip(b"\0")
            self._decompressor = self._factory()
            self._fed = True
            return self._decompressor.decompress(rest, size)  # not a stream: raises
        if decompressor.needs_input:
            raw = self._file.read(_CHUNK)
            if not raw:
                if not self._fed:  # an empty file holds no stream, and no records
                    self._done = True
                    return b""
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            self._fed = True
            return decompressor.decompress(raw, size)
        return decompressor.decompress(b"", size)

    def close(self) -> None:
        if not self.closed:
            self._file.close()
        super().close()


def open_xz(path: str | Path) -> StrictDecompressReader:
    return StrictDecompressReader(path, lzma.LZMADecompressor)


def open_bz2(path: str | Path) -> StrictDecompressReader:
    return StrictDecompressReader(path, bz2.BZ2Decompressor)
