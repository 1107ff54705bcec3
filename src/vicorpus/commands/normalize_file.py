"""``vicorpus normalize``: convert one file (or stdin) to clean UTF-8, streaming.

The input is read in blocks of whole lines, so memory stays bounded whatever the file
size. The encoding is detected once, on the first block (``--encoding auto``); UTF-8
blocks that hold legacy lines are decoded line by line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, TextIO

from vicorpus.vietnamese import decode, detect_encoding, fix_text_with_report

BLOCK_BYTES = 4 * 1024 * 1024


@dataclass
class NormalizeSummary:
    encoding: str = ""
    confidence: float = 0.0
    bytes_in: int = 0
    chars_out: int = 0
    fixes: Counter[str] = field(default_factory=Counter)
    legacy_charsets: Counter[str] = field(default_factory=Counter)


def _blocks(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    """Blocks of whole lines, starting with ``head`` (already read)."""
    pending = head
    while True:
        cut = pending.rfind(b"\n")
        if cut >= 0:
            yield pending[: cut + 1]
            pending = pending[cut + 1 :]
        chunk = stream.read(BLOCK_BYTES)
        if not chunk:
            break
        pending += chunk
    if pending:
        yield pending


def normalize_stream(source: BinaryIO, target: TextIO, encoding: str, tone_style: str) -> NormalizeSummary:
    """Decode, repair and write; returns what was detected and fixed."""
    summary = NormalizeSummary()
    head = source.read(BLOCK_BYTES)
    if encoding == "auto":
        summary.encoding, summary.confidence = detect_encoding(head)
    else:
        summary.encoding, summary.confidence = encoding, 1.0
    if summary.encoding == "utf-16":
        # Lines cannot be cut on b"\n" in UTF-16; such files are read whole.
        blocks: Iterator[bytes] = iter([head + source.read()])
    else:
        blocks = _blocks(head, source)
    # UTF-8 may still hold legacy lines: auto keeps deciding line by line.
    chosen = "auto" if encoding == "auto" and summary.encoding == "utf-8" else summary.encoding
    for block in blocks:
        summary.bytes_in += len(block)
        fixed, report = fix_text_with_report(decode(block, chosen), tone_style=tone_style)
        summary.fixes.update(report.counts())
        summary.legacy_charsets.update(report.legacy_charsets)
        summary.chars_out += len(fixed)
        target.write(fixed)
    return summary
