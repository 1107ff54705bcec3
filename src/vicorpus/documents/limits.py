"""Guards against hostile or broken documents: a time limit, and bounded unpacking.

- :func:`time_limit` (``vicorpus.time_limit``) interrupts an extraction that runs too
  long (a pathological PDF can keep pdfminer busy for hours); a single C call (one zlib
  decompression) finishes first, which is why unpacked sizes are bounded separately.
- :func:`check_zip` refuses a DOCX/ODT whose members would unpack to more than a limit
  (a zip bomb): Python's ``zipfile`` never returns more bytes for a member than its
  declared ``file_size`` (and checks the CRC), so the declared sizes bound the work.
- :func:`check_pdf_streams` does the same for a PDF's Flate streams, which pdfminer
  inflates in one ``zlib.decompress`` call each.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Sequence
from typing import Final

from vicorpus.documents.base import DocumentError


def check_zip(archive: zipfile.ZipFile, limit: int, members: Sequence[str] | None = None) -> None:
    """Raise ``too_large_when_unpacked`` when the members (default: all) declare more than
    ``limit`` bytes in total."""
    infos = archive.infolist() if members is None else [archive.getinfo(name) for name in members]
    total = sum(info.file_size for info in infos)
    if total > limit:
        raise DocumentError(
            "too_large_when_unpacked",
            f"the archive's members unpack to {total} bytes, over the limit of {limit}",
        )


def read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """One member's bytes, at most ``limit`` (its declared size was checked before)."""
    if archive.getinfo(name).flag_bits & 0x1:
        raise DocumentError("encrypted", f"'{name}' is encrypted (a password-protected zip archive)")
    with archive.open(name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise DocumentError("too_large_when_unpacked", f"'{name}' unpacks to more than {limit} bytes")
    return data


_STREAM: Final = re.compile(rb"stream\r?\n")
_CHUNK: Final = 1 << 16
_MAX_NESTING: Final = 3  # [/FlateDecode /FlateDecode ...]: inflate the inflated again


def check_pdf_streams(data: bytes, limit: int) -> int:
    """Total inflated size of the PDF's zlib streams; ``too_large_when_unpacked`` over ``limit``.

    Every ``stream`` keyword is tried (no PDF parsing needed: a non-zlib stream fails on
    its first bytes); each is inflated in chunks that stop at the remaining budget.
    """
    budget = limit
    for match in _STREAM.finditer(data):
        start = match.end()
        if start + 2 > len(data) or not _zlib_header(data[start : start + 2]):
            continue
        budget -= _inflated_size(data, start, budget, _MAX_NESTING)
        if budget < 0:
            raise DocumentError(
                "too_large_when_unpacked", f"the PDF's compressed streams inflate to more than {limit} bytes"
            )
    return limit - budget


def _zlib_header(head: bytes) -> bool:
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def _inflated_size(data: bytes, start: int, budget: int, nesting: int) -> int:
    """Bytes the zlib stream at ``start`` inflates to, counting at most ``budget + 1``."""
    inflater = zlib.decompressobj()
    size = 0
    nested: list[bytes] | None = None  # the output, kept only when it is zlib again
    position = start
    try:
        while not inflater.eof and size <= budget:
            if inflater.unconsumed_tail:
                pending = inflater.unconsumed_tail
            elif position < len(data):
                pending = data[position : position + _CHUNK]
                position += len(pending)
            else:
                break
            out = inflater.decompress(pending, min(_CHUNK, budget + 1 - size))
            if size == 0 and nesting > 1 and _zlib_header(out[:2]):
                nested = []
            if nested is not None:
                nested.append(out)
            size += len(out)
    except zlib.error:
        pass  # damaged: pdfminer inflates what it can, never more than this
    if nested is not None and size <= budget:
        return size + _inflated_size(b"".join(nested), 0, budget - size, nesting - 1)
    return size
