"""Bytes of a web page → ``str``, honouring what the page declares.

Order: a byte-order mark; valid UTF-8 (what a declaration says does not matter then: a
page that decodes as UTF-8 is UTF-8); a legacy Vietnamese font named in the page
(``<font face=".VnTime">``, ``font-family: VNI-Times``): its text is TCVN3 or VNI bytes
whatever the charset says, so the page is decoded with that legacy table; the HTTP
``Content-Type`` charset, then ``<meta charset>`` / ``http-equiv``; otherwise detection
(``vicorpus.vietnamese.decode``, auto). Windows-1258 goes through
``vicorpus.vietnamese`` too, which composes its combining tone marks (NFC).
"""

from __future__ import annotations

import codecs
import re

from vicorpus.vietnamese import decode

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_LEGACY_FONT = re.compile(rb"""(?:face|font-family)\s*[=:]\s*["']?\s*(\.Vn\w*|VNI[-_ ]?\w+)""", re.IGNORECASE)
_HEAD = 4096  # the HTML spec asks for the meta charset within the first 1024 bytes; be lenient
# Declared names → vicorpus.vietnamese encodings (Vietnamese-specific or repaired there).
_VIETNAMESE = {"windows-1258": "cp1258", "cp1258": "cp1258", "x-viet-tcvn5712": "tcvn3", "tcvn": "tcvn3",
               "x-viet-vni": "vni", "viscii": "viscii"}  # fmt: skip


def declared_charset(content_type: str | None, payload: bytes) -> str | None:
    """The charset of the HTTP ``Content-Type`` header, else of the page's meta tags."""
    if content_type and (header := _HEADER_CHARSET.search(content_type)):
        return header.group(1).lower()
    if meta := _META_CHARSET.search(payload[:_HEAD]):
        return meta.group(1).decode("ascii", "replace").lower()
    return None


def legacy_font(payload: bytes) -> str | None:
    """``tcvn3`` or ``vni`` when the page sets text in a legacy Vietnamese font."""
    match = _LEGACY_FONT.search(payload)
    if match is None:
        return None
    return "tcvn3" if match.group(1).startswith(b".") else "vni"


def decode_html(payload: bytes, content_type: str | None = None) -> tuple[str, str]:
    """``(text, charset used)``; never raises."""
    if payload.startswith(codecs.BOM_UTF8):
        return payload[3:].decode("utf-8", errors="replace"), "utf-8"
    if payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return payload.decode("utf-16", errors="replace"), "utf-16"
    try:
        return payload.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    font = legacy_font(payload)
    if font is not None:
        return decode(payload, font), f"{font} (font)"
    declared = declared_charset(content_type, payload)
    if declared in _VIETNAMESE:
        return decode(payload, _VIETNAMESE[declared]), _VIETNAMESE[declared]
    if declared and declared not in ("utf-8", "utf8"):
        try:
            codecs.lookup(declared)
        except LookupError:
            pass
        else:
            return payload.decode(declared, errors="replace"), declared
    return decode(payload, "auto"), "auto"
