"""A Zstandard reader that reports a truncated or damaged file instead of ending quietly.

``zstandard``'s ``stream_reader`` (0.25) returns end-of-file, without an error, when the
file stops in the middle of a frame: the records of every block it did not reach vanish
silently. It also raises on bytes after the last frame, discarding the output of the
read that met them. This reader walks the frame structure itself (RFC 8878: frame
header, then 3-byte block headers, so a frame's end is found by seeking, without
decompressing), decompresses one complete frame at a time with ``stream_reader``, and
raises ``ZstdError`` once everything decodable has been returned.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO, Any, cast

import zstandard

_FRAME_MAGIC = 0xFD2FB528
_SKIPPABLE_MAGIC = 0x184D2A50  # ... 0x184D2A5F
_DICT_ID_BYTES = (0, 1, 2, 4)
_CONTENT_SIZE_BYTES = (0, 2, 4, 8)


class ZstdFrameError(zstandard.ZstdError):
    """The file is cut inside a frame, or holds bytes that are not a frame."""


def find_frame(fd: int, start: int, size: int) -> tuple[int, int, ZstdFrameError | None]:
    """From ``start``, skip skippable frames and find the next frame's (start, end, problem).

    A frame cut by the end of the file comes back as (its start, ``size``, the problem),
    so that what it holds can still be decoded; bytes that are not a frame, as
    (``start``, ``start``, the problem).
    """
    try:
        while True:
            magic = _read_int(fd, start, 4, size, start)
            if not _SKIPPABLE_MAGIC <= magic <= _SKIPPABLE_MAGIC + 15:
                break
            start += 8 + _read_int(fd, start + 4, 4, size, start)
            if start >= size:
                if start > size:
                    raise ZstdFrameError(f"file ends inside a skippable frame at byte {start}")
                return size, size, None
    except ZstdFrameError as problem:
        return start, start, problem
    if magic != _FRAME_MAGIC:
        return start, start, ZstdFrameError(f"bytes at offset {start} are not a Zstandard frame")
    try:
        return start, _frame_end(fd, start, size), None
    except ZstdFrameError as problem:
        return start, size, problem


def _frame_end(fd: int, start: int, size: int) -> int:
    descriptor = _read_int(fd, start + 4, 1, size, start)
    single_segment = (descriptor >> 5) & 1
    header = (
        1
        + (0 if single_segment else 1)
        + _DICT_ID_BYTES[descriptor & 3]
        + (_CONTENT_SIZE_BYTES[descriptor >> 6] or single_segment)
    )
    position = start + 4 + header
    while True:
        block = _read_int(fd, position, 3, size, start)
        kind = (block >> 1) & 3
        if kind == 3:
            raise ZstdFrameError(f"corrupt Zstandard block header at byte {position}")
        position += 3 + (1 if kind == 1 else block >> 3)
        if block & 1:  # last block
            break
    end = position + (4 if descriptor & 4 else 0)  # content checksum
    if end > size:
        raise ZstdFrameError(f"file ends inside the Zstandard frame that starts at byte {start}")
    return end


def _read_int(fd: int, position: int, length: int, size: int, frame_start: int) -> int:
    data = os.pread(fd, length, position) if position + length <= size else b""
    if len(data) < length:
        raise ZstdFrameError(f"file ends inside the Zstandard frame that starts at byte {frame_start}")
    return int.from_bytes(data, "little")


class _Window:
    """The bytes [start, end) of a file, as a source for ``stream_reader``."""

    def __init__(self, fd: int, start: int, end: int) -> None:
        self.fd = fd
        self.position = start
        self.end = end

    def read(self, size: int = -1) -> bytes:
        left = self.end - self.position
        count = left if size < 0 else min(size, left)
        data = os.pread(self.fd, count, self.position) if count > 0 else b""
        self.position += len(data)
        return data


class ZstdFramesReader(io.RawIOBase):
    """Raw binary stream of the concatenated frames of a .zst file."""

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self._file = Path(path).open("rb", buffering=0)  # noqa: SIM115 - closed in close()
        self._fd = self._file.fileno()
        self._size = os.fstat(self._fd).st_size
        self._next = 0  # where the next frame starts
        self._frame: zstandard.ZstdDecompressionReader | None = None  # the current frame's
        self._problem: ZstdFrameError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._frame is None and not self._open_next_frame():
                return 0
            assert self._frame is not None
            count = self._frame.readinto(buffer)
            if count:
                return count
            self._frame = None
            if self._problem is not None:  # the damaged frame was decoded as far as it goes
                problem, self._problem = self._problem, None
                self._next = self._size
                raise problem

    def _open_next_frame(self) -> bool:
        if self._next >= self._size:
            return False
        start, end, problem = find_frame(self._fd, self._next, self._size)
        self._next = end
        if problem is not None and start == end:  # not a frame at all: nothing to decode
            self._next = self._size
            raise problem
        self._problem = problem  # a cut frame: decode what it holds, then report
        if start == end:
            return False
        window = cast("IO[bytes]", _Window(self._fd, start, end))  # stream_reader only calls read()
        self._frame = zstandard.ZstdDecompressor().stream_reader(window, read_across_frames=False)
        return True

    def close(self) -> None:
        if not self.closed:
            self._frame = None
            self._file.close()
        super().close()
