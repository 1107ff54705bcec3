"""CP1258 (Windows-1258, Microsoft's Vietnamese code page).

Bytes are Python's ``cp1258`` codec (generated from Microsoft's CP1258 table as
published by the Unicode Consortium): Windows-1252 with Ă ă Đ đ Ơ ơ Ư ư ₫ and the five
combining tone marks (0xCC grave, 0xD2 hook above, 0xDE tilde, 0xEC acute, 0xF2 dot
below) in place of Ã ã Ð ð Õ õ Ý ý þ and Ì Ò Þ ì ò. A toned letter is a base letter
(possibly precomposed with its breve/circumflex/horn) followed by a tone byte:
``a`` 0xEC = á, ``â`` 0xCC = ầ. Decoding is the table plus NFC composition (done by
:class:`~._pairs.PairDecoder`). The bytes cp1258 leaves undefined (0x81 0x8A 0x8D
0x8E 0x8F 0x90 0x9A 0x9D 0x9E) decode as a Windows-1252 reader shows them (Š Ž š ž
and C1 controls).

Encoding writes every tone as its combining byte, even where cp1258 has a precomposed
letter (á = ``a`` 0xEC, not 0xE1): that is what the Windows Vietnamese keyboard and
converters such as UniKey produce, and it decodes to the same NFC text.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from vicorpus.vietnamese.charsets import _single_byte
from vicorpus.vietnamese.charsets._letters import SPLIT, TONES
from vicorpus.vietnamese.charsets._pairs import PairDecoder


def _cp1258_char(byte: int) -> str | None:
    try:
        return bytes([byte]).decode("cp1258")
    except UnicodeDecodeError:
        return None


# Every byte Python's cp1258 codec defines (all but nine).
ASSIGNED: Final[dict[int, str]] = {byte: char for byte in range(256) if (char := _cp1258_char(byte)) is not None}
DECODING_TABLE: Final = _single_byte.decoding_table(ASSIGNED)
_TONE_BYTES: Final = {byte: char for byte, char in ASSIGNED.items() if char in TONES}
# Pairs composed without NFC: a vowel letter (with its breve/circumflex/horn) + a tone byte.
_DECODER: Final = PairDecoder(
    dict(enumerate(DECODING_TABLE)),
    bases={byte: char for byte, char in enumerate(DECODING_TABLE) if char in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"},
    marks=_TONE_BYTES,
)
assert sorted(_TONE_BYTES) == [0xCC, 0xD2, 0xDE, 0xEC, 0xF2]


def _letter_bytes(letter: str) -> str:
    """A toned letter's cp1258 bytes, as Latin-1 text: base (with its quality mark) + tone byte."""
    base, quality, tone = SPLIT[letter]
    return (unicodedata.normalize("NFC", base + quality) + tone).encode("cp1258").decode("latin-1")


_ENCODING: Final = {
    **_single_byte.encoding_table(ASSIGNED),
    **{ord(letter): _letter_bytes(letter) for letter, (_, _, tone) in SPLIT.items() if tone},
}


def decode(data: bytes) -> str:
    """CP1258 bytes -> NFC text (base letter + tone byte composed); never raises."""
    return _DECODER.decode(data)


def encode(text: str, errors: _single_byte.Errors = "strict") -> bytes:
    """Text -> CP1258 bytes, tones as combining bytes."""
    return _single_byte.encode(text, _ENCODING, "cp1258", errors)
