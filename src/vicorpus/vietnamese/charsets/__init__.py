"""Byte-exact decoders and encoders for the pre-Unicode Vietnamese encodings.

=========  ======================================================  ==================
name       standard / chart                                        bytes per letter
=========  ======================================================  ==================
tcvn3      TCVN 5712:1993 table VN3 (ABC, .VnTime fonts)           1 (no toned capitals)
vni        VNI-Windows chart (VNI-Times fonts)                     1-2 (letter + mark)
viscii     RFC 1456 VISCII                                         1
vps        VPS chart (VPS fonts)                                   1
viqr       RFC 1456 VIQR (ASCII mnemonics)                         1-3 (ASCII)
cp1258     Windows-1258 (Python's ``cp1258`` codec)                1-2 (letter + tone)
=========  ======================================================  ==================

:func:`decode_legacy` never raises on any bytes and returns NFC text. A byte that a
charset leaves unassigned decodes as a Windows-1252 reader (a browser) shows it — see
:mod:`.cp1252_view` — so stray punctuation such as curly quotes survives. Never strip
control characters or soft hyphens before decoding: TCVN3 stores ``ư`` at 0xAD (a soft
hyphen in cp1252), VISCII and VPS put capitals on C0 control bytes.

:func:`legacy_as_cp1252` / :func:`cp1252_text_to_bytes` turn legacy bytes into the text a
Windows-1252 reader shows (``Céng hßa x· héi chñ nghÜa``) and back, exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from vicorpus.vietnamese.charsets import cp1258, tcvn3, viqr, viscii, vni, vps
from vicorpus.vietnamese.charsets._single_byte import Errors
from vicorpus.vietnamese.charsets.cp1252_view import cp1252_text_to_bytes, legacy_as_cp1252

__all__ = [
    "CHARSETS",
    "canonical_charset",
    "cp1252_text_to_bytes",
    "decode_legacy",
    "encode_legacy",
    "legacy_as_cp1252",
]

CHARSETS: Final[tuple[str, ...]] = ("tcvn3", "vni", "viscii", "vps", "viqr", "cp1258")

_ALIASES: Final = {
    "tcvn": "tcvn3", "tcvn-3": "tcvn3", "tcvn5712": "tcvn3", "tcvn-5712": "tcvn3", "vn3": "tcvn3",
    "abc": "tcvn3", "vni-win": "vni", "vni-windows": "vni", "vni-times": "vni", "windows-1258": "cp1258",
    "cp-1258": "cp1258", "win1258": "cp1258",
}  # fmt: skip

_DECODERS: Final[dict[str, Callable[[bytes], str]]] = {
    "tcvn3": tcvn3.decode, "vni": vni.decode, "viscii": viscii.decode,
    "vps": vps.decode, "viqr": viqr.decode, "cp1258": cp1258.decode,
}  # fmt: skip
_ENCODERS: Final[dict[str, Callable[[str, Errors], bytes]]] = {
    "tcvn3": tcvn3.encode, "vni": vni.encode, "viscii": viscii.encode,
    "vps": vps.encode, "viqr": viqr.encode, "cp1258": cp1258.encode,
}  # fmt: skip


def canonical_charset(charset: str) -> str:
    """The name in :data:`CHARSETS` for ``charset`` or an alias (``vni-win``, ``windows-1258``…).

    Raises ValueError for an unknown name.
    """
    name = charset.strip().lower().replace("_", "-")
    name = _ALIASES.get(name, name)
    if name not in _DECODERS:
        raise ValueError(f"unknown legacy charset {charset!r}; choose one of {', '.join(CHARSETS)}")
    return name


def decode_legacy(data: bytes, charset: str) -> str:
    """Legacy-encoded ``data`` -> NFC Unicode text.

    Never raises on the bytes (only ValueError for an unknown ``charset``). Bytes the
    charset leaves unassigned decode as Windows-1252 shows them (C1 controls for the five
    bytes cp1252 leaves undefined). TCVN3 toned capitals come out lower case, as the bytes
    say. VIQR decoding is conservative; see :mod:`.viqr`.
    """
    decoder = _DECODERS[canonical_charset(charset)]
    return decoder(data if type(data) is bytes else bytes(data))


def encode_legacy(text: str, charset: str, *, errors: Errors = "strict") -> bytes:
    """``text`` (any normalization form) -> bytes in ``charset``; for tests and sample data.

    Characters the charset cannot hold raise :class:`UnicodeEncodeError`, or become ``?``
    with ``errors="replace"``. TCVN3 writes toned capitals with the lower-case bytes (the
    .VnTimeH convention); CP1258 writes every tone as a combining byte; VIQR adds
    backslash escapes where a literal mark would otherwise be read as a tone.
    """
    return _ENCODERS[canonical_charset(charset)](text, errors)
