"""VNI-Windows: the VNI Software Company encoding of the VNI-Times family of fonts.

VNI keeps ASCII and writes most Vietnamese letters as two bytes: the ASCII base
letter followed by a *mark* byte, a zero-width glyph drawn over the previous letter
(``a`` + 0xF9 = á, ``e`` + 0xE1 = ế, ``a`` + 0xEA = ă). A few letters are single bytes
(ơ ư đ, the toned i's and ỵ); ơ and ư take a tone byte after them (0xF6 0xF8 = ừ).
Capital letters use the capital mark bytes, 0x20 below the lower-case ones
(``A`` + 0xD9 = Á). Mark and letter bytes are those of the VNI-Windows character
chart; all other bytes (0x80-0xBF and the unused 0xC7 0xD0 0xD7 0xDD-0xDF and their
lower-case twins) decode as a Windows-1252 reader shows them.

Decoding gives each mark byte its Unicode combining characters and composes them, as
NFC would, with whatever precedes: that is what the font draws (done fast by
:class:`~._pairs.PairDecoder`). A mark byte after a letter it cannot compose with
stays a combining mark.
"""

from __future__ import annotations

from typing import Final

from vicorpus.vietnamese.charsets import _single_byte
from vicorpus.vietnamese.charsets._letters import (
    ACUTE,
    BREVE,
    CIRCUMFLEX,
    DOT,
    GRAVE,
    HOOK,
    HORN,
    SPLIT,
    TILDE,
)
from vicorpus.vietnamese.charsets._pairs import PairDecoder
from vicorpus.vietnamese.charsets.cp1252_view import CP1252_VIEW

# VNI-Windows mark bytes, lower-case forms; the capital form is the byte - 0x20.
_MARKS: Final = {
    0xF9: ACUTE, 0xF8: GRAVE, 0xFB: HOOK, 0xF5: TILDE, 0xEF: DOT,  # ù ø û õ ï
    0xE2: CIRCUMFLEX, 0xE1: CIRCUMFLEX + ACUTE, 0xE0: CIRCUMFLEX + GRAVE,  # â á à
    0xE5: CIRCUMFLEX + HOOK, 0xE3: CIRCUMFLEX + TILDE, 0xE4: CIRCUMFLEX + DOT,  # å ã ä
    0xEA: BREVE, 0xE9: BREVE + ACUTE, 0xE8: BREVE + GRAVE,  # ê é è
    0xFA: BREVE + HOOK, 0xFC: BREVE + TILDE, 0xEB: BREVE + DOT,  # ú ü ë
}  # fmt: skip
# VNI-Windows single-byte letters, lower case; the capital is the byte - 0x20.
_LETTERS: Final = {
    0xF4: "ơ", 0xF6: "ư", 0xF1: "đ",  # ô ö ñ
    0xEC: "ì", 0xED: "í", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ",  # ì í æ ó ò î
}  # fmt: skip

ASSIGNED: Final[dict[int, str]] = {
    **_MARKS,
    **{byte - 0x20: mark for byte, mark in _MARKS.items()},
    **_LETTERS,
    **{byte - 0x20: letter.upper() for byte, letter in _LETTERS.items()},
}

_MEANINGS: Final = {byte: ASSIGNED.get(byte, CP1252_VIEW[byte]) for byte in range(256)}
# Pairs composed without NFC: an ASCII vowel or ơ/ư byte followed by a mark byte.
_DECODER: Final = PairDecoder(
    _MEANINGS,
    bases={byte: text for byte, text in _MEANINGS.items() if len(text) == 1 and text in "aeiouyAEIOUYơưƠƯ"},
    marks={byte: text for byte, text in ASSIGNED.items() if byte in _MARKS or byte + 0x20 in _MARKS},
)


def decode(data: bytes) -> str:
    """VNI-Windows bytes -> NFC text; never raises."""
    return _DECODER.decode(data)


def _letter_bytes(letter: str) -> bytes:
    """One letter's VNI bytes: base letter (or one-byte letter) + mark byte."""
    base, quality, tone = SPLIT[letter]
    upper = letter.isupper()
    shift = 0x20 if upper else 0
    for byte, single in _LETTERS.items():  # ơ ư đ and the toned i/ỵ are single bytes
        if single == letter.lower():
            return bytes([byte - shift])
    if quality == HORN:  # ơ/ư + tone byte
        body = {"o": 0xF4, "u": 0xF6}[base.lower()] - shift
        return bytes([body]) + (bytes([_mark_byte(tone) - shift]) if tone else b"")
    return base.encode("ascii") + bytes([_mark_byte(quality + tone) - shift])


def _mark_byte(marks: str) -> int:
    return next(byte for byte, text in _MARKS.items() if text == marks)


# Character -> its VNI bytes as Latin-1 text: the letters, free-standing marks (lower-case
# mark bytes), and every other character at the byte a cp1252 reader would show.
_ENCODING: Final = {
    **_single_byte.encoding_table(ASSIGNED),
    **{ord(letter): _letter_bytes(letter).decode("latin-1") for letter in SPLIT},
}


def encode(text: str, errors: _single_byte.Errors = "strict") -> bytes:
    """Text -> VNI-Windows bytes (capital letters take the capital mark bytes)."""
    return _single_byte.encode(text, _ENCODING, "vni", errors)
