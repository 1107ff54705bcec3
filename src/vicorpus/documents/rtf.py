"""RTF through striprtf, with legacy Vietnamese repaired line by line.

striprtf turns ``\\'xx`` escapes into characters of the document's code page
(``\\ansicpg``, or a font's ``\\fcharset``) but does not say which font each character
was set in, so runs in ``.VnTime``/``VNI-Times`` come out as Windows-1252 text
(``Céng hßa``). Each line is then repaired by ``vicorpus.vietnamese``'s code-page
repair (the one ``fix_text`` applies): a line is re-decoded as TCVN3, VNI, VISCII or
CP1258 only when the result is clearly better Vietnamese. Only the encoding is repaired
here — tone style, invisible characters and look-alike letters are left to the
``normalize`` stage. TCVN3 all-caps (``.VnTimeH``) headings come out in lower case,
since the font is not known.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Final

from striprtf.striprtf import rtf_to_text

from vicorpus.documents.base import DocumentError, Extracted
from vicorpus.vietnamese.mojibake import repair_line

_HEADER: Final = re.compile(rb"^\s*\{\\rtf")
# A font table entry: "\f1\froman .VnTime;" (\f, its number, then the name, up to ";").
# Read entry by entry: one pattern "\f\d+[^;{}]*?\s(.Vn…|VNI…);" searched from every
# "\f" to the end of its entry, in time quadratic in an entry (10,000 "\f1 x" without ";"
# took 2.35 s). The first "\f" of an entry decides: a later one sees less of it.
_ENTRY_BOUNDARY: Final = re.compile(r"([;{}])")
_FONT_NUMBER: Final = re.compile(r"\\f\d+", re.IGNORECASE)
_LEGACY_NAME: Final = re.compile(r"\s(?:\.Vn|VNI[-_ ])", re.IGNORECASE)
_SURROGATE: Final = re.compile("[\udc80-\udcff]")


def extract_rtf(data: bytes) -> Extracted:
    if not _HEADER.match(data[:64]):
        raise DocumentError("malformed_document", "not an RTF file (no '{\\rtf' header)")
    # RTF is 7-bit; stray 8-bit bytes are read as Windows-1252, as Word does.
    source = data.decode("cp1252", errors="surrogateescape")
    text: str = rtf_to_text(source, encoding="cp1252", errors="surrogateescape")  # type: ignore[no-untyped-call]
    # Bytes undefined in the code page: their Latin-1 character, which maps back to the byte.
    text = _SURROGATE.sub(lambda m: chr(ord(m.group()) - 0xDC00), text)
    repaired: Counter[str] = Counter()
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        fixed, kind = repair_line(line)
        if kind is not None:
            repaired[kind] += 1
        if fixed.strip():
            lines.append(fixed.rstrip())
    metadata: dict[str, Any] = {"format": "rtf", "lines": len(lines)}
    if repaired:
        metadata["repaired_lines"] = dict(sorted(repaired.items()))
    fonts = _legacy_fonts(source[:65536])
    if fonts:
        metadata["legacy_fonts"] = fonts
    return Extracted("\n".join(lines), metadata)


def _legacy_fonts(head: str) -> list[str]:
    """The .Vn (TCVN3) and VNI font names of the font table entries in ``head``."""
    names: set[str] = set()
    pieces = _ENTRY_BOUNDARY.split(head)  # entry, boundary, entry, boundary, …, entry
    for entry, boundary in zip(pieces[::2], pieces[1::2], strict=False):
        number = _FONT_NUMBER.search(entry) if boundary == ";" else None
        name = _LEGACY_NAME.search(entry, number.end()) if number else None
        if name:
            names.add(entry[name.start() + 1 :].strip())
    return sorted(names)
