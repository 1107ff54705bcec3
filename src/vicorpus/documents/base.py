"""What every document extractor returns, and the error it raises."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from vicorpus.documents.fonts import LegacyFont, decode_legacy_text


class DocumentError(Exception):
    """A document that cannot be read; ``code`` is the quarantine reason
    (``malformed_document``, ``encrypted``, ``too_large_when_unpacked``, ``unsupported_format``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Extracted:
    """A document's text and what was found on the way (JSON-serialisable ``metadata``)."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class LineCollector:
    """Collects a document's lines, decoding runs of legacy fonts and counting them."""

    lines: list[str] = field(default_factory=list)
    legacy_runs: Counter[str] = field(default_factory=Counter)
    legacy_fonts: set[str] = field(default_factory=set)

    def add_runs(self, runs: list[tuple[str, LegacyFont | None, str]]) -> None:
        """One line from (text, legacy font or None, font name) runs; consecutive runs in
        the same legacy encoding are decoded together (a VNI mark byte may start a run)."""
        pieces: list[str] = []
        pending: list[str] = []
        pending_font: LegacyFont | None = None
        for text, font, name in [*runs, ("", None, "")]:
            if pending and font != pending_font:
                assert pending_font is not None
                pieces.append(decode_legacy_text("".join(pending), pending_font))
                self.legacy_runs[pending_font.label] += 1
                pending = []
            if font is None:
                pieces.append(text)
            elif text:
                pending.append(text)
                pending_font = font
                self.legacy_fonts.add(name)
        self.add_line("".join(pieces))

    def add_line(self, line: str) -> None:
        """Whitespace-only lines (spacing paragraphs, empty cells) are dropped."""
        for part in line.split("\n"):
            if part.strip():
                self.lines.append(part.rstrip())

    def metadata(self) -> dict[str, Any]:
        found: dict[str, Any] = {"lines": len(self.lines)}
        if self.legacy_runs:
            found["legacy_runs"] = dict(sorted(self.legacy_runs.items()))
            found["legacy_fonts"] = sorted(self.legacy_fonts)
        return found
