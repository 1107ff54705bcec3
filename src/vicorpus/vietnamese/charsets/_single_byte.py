"""Machinery shared by the one-byte-per-letter charsets (TCVN3, VISCII, VPS, CP1258 bytes).

A charset module gives the bytes its standard assigns; every other byte decodes as a
Windows-1252 reader shows it (``cp1252_view.CP1252_VIEW``: cp1252, with C1 controls
for the five bytes cp1252 leaves undefined). Decoding is one ``codecs.charmap_decode``
over a 256-character table, which runs in C.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Mapping
from typing import Final, Literal

from vicorpus.vietnamese.charsets.cp1252_view import CP1252_VIEW

Errors = Literal["strict", "replace"]

# Marks a character that the charset cannot encode; it is not Latin-1, so the final
# ``str.encode("latin-1", errors)`` reports or replaces it at the right position.
_UNENCODABLE: Final = "\uffff"


def decoding_table(assigned: Mapping[int, str]) -> str:
    """256 characters: the standard's assignments over the Windows-1252 view."""
    table = list(CP1252_VIEW)
    for byte, char in assigned.items():
        table[byte] = char
    return "".join(table)


def check_nfc_safe(chars: str) -> None:
    """Fail at import unless text made of ``chars`` is always NFC, so decoding skips NFC.

    Sufficient for our tables: each character is NFC, not a combining mark, and does not
    compose with a preceding letter (the exhaustive pairwise check is a unit test).
    """
    for char in set(chars):
        if unicodedata.combining(char) or unicodedata.normalize("NFC", "a" + char) != "a" + char:
            raise AssertionError(f"{char!r} can change under NFC")


def encoding_table(assigned: Mapping[int, str], extra: Mapping[str, int] | None = None) -> dict[int, str]:
    """A ``str.translate`` table: character -> the Latin-1 character of its byte.

    Bytes the standard assigns (one character each; longer meanings are the caller's
    business) come first, then ``extra``, characters with a conventional byte (TCVN3
    writes toned capitals with lower-case bytes), then the Windows-1252 view of the
    unassigned bytes. Every other Latin-1 character maps to a non-Latin-1 marker so
    that encoding reports it.
    """
    mapping: dict[int, str] = {}
    for byte, char in assigned.items():
        if len(char) == 1:
            mapping.setdefault(ord(char), chr(byte))
    for char, byte in (extra or {}).items():
        mapping.setdefault(ord(char), chr(byte))
    for byte in range(256):
        if byte not in assigned:
            mapping.setdefault(ord(CP1252_VIEW[byte]), chr(byte))
    for code in range(256):
        mapping.setdefault(code, _UNENCODABLE)
    return mapping


def decode(data: bytes, table: str) -> str:
    """``data`` through a 256-character table (NFC if it passed :func:`check_nfc_safe`)."""
    return codecs.charmap_decode(data, "strict", table)[0]


def encode(text: str, mapping: Mapping[int, str], charset: str, errors: Errors) -> bytes:
    """NFC ``text`` through a translate table whose values are Latin-1 strings (one per byte).

    Characters without a byte raise :class:`UnicodeEncodeError` (``errors="strict"``)
    or become ``?`` (``errors="replace"``).
    """
    text = unicodedata.normalize("NFC", text)
    try:
        return text.translate(mapping).encode("latin-1", "strict")
    except UnicodeEncodeError:
        if errors == "replace":
            return text.translate(mapping).encode("latin-1", "replace")
    for index, char in enumerate(text):
        if max(mapping.get(ord(char), char), default="") > "\xff":
            raise UnicodeEncodeError(charset, text, index, index + 1, f"not encodable in {charset}")
    raise AssertionError("unreachable")  # pragma: no cover
