"""Legacy Vietnamese fonts: which encoding a font name implies, and decoding its text.

Before Unicode, Vietnamese documents were typed in fonts whose glyphs sit at the
positions of a legacy encoding. The font name says which:

- ``.VnTime``, ``.VnArial``, ``.VnCentury Schoolbook``, … (the "ABC" fonts): TCVN3.
  The ``H`` fonts (``.VnTimeH``, ``.VnArialH``, ``.VnArial NarrowH``, …) are the
  all-capital variants: TCVN3 has no toned capitals, so these fonts draw the
  *lower-case* code points as capitals. ``vicorpus.vietnamese`` has no uppercase
  TCVN3 table (it decodes what the bytes say, lower case); the mapping is done here:
  decode as TCVN3, then upper-case.
- ``VNI-Times``, ``VNI-Helve``, ``VNI-Top``, …: VNI-Windows.

Word and LibreOffice keep such text as the Windows-1252 characters of the legacy
bytes (``Céng hßa``), so a run's bytes are ``text_to_cp1252_bytes(text)``. In a PDF the
font name may carry a subset prefix and a style (``ABCDEF+.VnTimeH,Bold``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Final

from vicorpus.text.stream_safe import safe_nfc
from vicorpus.vietnamese import decode
from vicorpus.vietnamese.mojibake import text_to_cp1252_bytes


@dataclass(frozen=True)
class LegacyFont:
    """How text in a legacy font is decoded: its charset, and whether it is an all-caps font."""

    charset: str  # "tcvn3" | "vni"
    upper: bool = False

    @property
    def label(self) -> str:
        return f"{self.charset}_upper" if self.upper else self.charset


TCVN3: Final = LegacyFont("tcvn3")
TCVN3_UPPER: Final = LegacyFont("tcvn3", upper=True)
VNI: Final = LegacyFont("vni")

_SUBSET_PREFIX: Final = re.compile(r"^[A-Z]{6}\+")
# Style suffixes PDF producers append to a font name (",Bold", "-BoldItalic", …).
_STYLE_SUFFIX: Final = re.compile(
    r"(?:[,-]\s*(?:bold|italic|oblique|regular|roman|normal|book|semibold|demibold|light|medium|heavy"
    r"|bolditalic|boldoblique|mt|ps|psmt)\b)+$",
    re.IGNORECASE,
)
# ".VnTime" in office documents; PDF producers sometimes drop the leading dot.
_TCVN3_NAME: Final = re.compile(r"^\.vn", re.IGNORECASE)
_TCVN3_PDF_NAME: Final = re.compile(r"^(?:\.[Vv][Nn]|Vn[A-Z])")
_VNI_NAME: Final = re.compile(r"^vni[-_ ]", re.IGNORECASE)


def font_base_name(name: str) -> str:
    """``ABCDEF+.VnTimeH,Bold`` → ``.VnTimeH``: no subset prefix, no style suffix."""
    name = _SUBSET_PREFIX.sub("", name.strip().strip("'\""))
    return _STYLE_SUFFIX.sub("", name).strip()


def legacy_font(name: str | None, *, pdf: bool = False) -> LegacyFont | None:
    """The legacy encoding a font name implies, or None for a Unicode (or unknown) font.

    ``pdf``: also accept the PDF forms (subset prefix, style suffix, ``VnTime`` without
    the dot). VNI fonts are never all-caps (VNI has capitals for every letter).
    """
    if not name:
        return None
    base = font_base_name(name) if pdf else name.strip().strip("'\"")
    if _VNI_NAME.match(base):
        return VNI
    if (_TCVN3_PDF_NAME if pdf else _TCVN3_NAME).match(base):
        return TCVN3_UPPER if base.endswith("H") else TCVN3
    return None


def decode_legacy_bytes(data: bytes, font: LegacyFont) -> str:
    """Legacy bytes drawn in ``font`` → NFC Unicode (all capitals for TCVN3 ``H`` fonts)."""
    text = decode(data, font.charset)
    return upper_case(text) if font.upper else text


def decode_legacy_text(text: str, font: LegacyFont) -> str:
    """A run's text as Word/LibreOffice store it (Windows-1252 characters of the legacy
    bytes) → Unicode. Characters that no Windows-1252 byte gives (a Unicode letter typed
    into a legacy-font run) are kept as they are; the rest is decoded around them."""
    data = text_to_cp1252_bytes(text)
    if data is not None:
        return decode_legacy_bytes(data, font)
    pieces = []
    for mappable, group in itertools.groupby(text, key=lambda ch: text_to_cp1252_bytes(ch) is not None):
        chunk = "".join(group)
        if mappable:
            raw = text_to_cp1252_bytes(chunk)
            assert raw is not None
            pieces.append(decode_legacy_bytes(raw, font))
        else:
            pieces.append(upper_case(chunk) if font.upper else chunk)
    return safe_nfc("".join(pieces))


def upper_case(text: str) -> str:
    """Upper case, one character for one (``str.upper`` turns ``ß`` into ``SS``)."""
    upper = text.upper()
    if len(upper) == len(text):
        return upper
    return "".join(u if len(u := ch.upper()) == 1 else ch for ch in text)
