"""Invisible characters that carry no text: zero-width spaces, soft hyphens, BOMs, controls.

Removed only AFTER legacy-encoding repair: TCVN3 stores ``ư`` as 0xAD (a soft hyphen
when read as Windows-1252) and VISCII puts capital letters among the C0/C1 control
bytes, so these characters are evidence until the encoding question is settled.

Kept on purpose: tab, line feed, carriage return; ZWJ/ZWNJ (U+200C/U+200D), which
join emoji sequences and shape Indic and Persian text.
"""

from __future__ import annotations

import re

_INVISIBLE_CODES = [
    *range(0x00, 0x09),  # C0 controls before tab
    0x0B,
    0x0C,
    *range(0x0E, 0x20),  # C0 controls after carriage return
    *range(0x7F, 0xA0),  # DEL and the C1 controls
    0x00AD,  # soft hyphen
    0x180E,  # Mongolian vowel separator (formerly a space)
    0x200B,  # zero-width space
    0x200E,  # left-to-right mark
    0x200F,  # right-to-left mark
    0x2060,  # word joiner
    0xFEFF,  # byte order mark / zero-width no-break space
]
INVISIBLE_CHARACTERS = "".join(map(chr, _INVISIBLE_CODES))
_INVISIBLE_RE = re.compile(f"[{re.escape(INVISIBLE_CHARACTERS)}]")
_DELETE_TABLE = dict.fromkeys(_INVISIBLE_CODES)


def has_invisibles(text: str) -> bool:
    return _INVISIBLE_RE.search(text) is not None


def remove_invisibles(text: str) -> tuple[str, int]:
    """The text without invisible characters, and how many were removed."""
    if not _INVISIBLE_RE.search(text):
        return text, 0
    cleaned = text.translate(_DELETE_TABLE)
    return cleaned, len(text) - len(cleaned)
