"""TCVN3: TCVN 5712:1993, table VN3 (the "ABC" charset of the .VnTime fonts).

VN3 keeps all of ASCII and the C0/C1 controls and assigns 75 bytes in 0xA0-0xFE:
the no-break space, the seven plain capitals Ă Â Ê Ô Ơ Ư Đ and all 67 lower-case
letters. It has no toned capitals: documents set headings in the all-capital
".VnTimeH" fonts, which draw the *lower-case* bytes as capitals, so the bytes of a
heading say "á" where the reader saw "Á". We decode what the bytes say (lower case).

The 21 bytes VN3 leaves free in 0xA0-0xFF (0xAF, 0xB0-0xB4, 0xBA, 0xBF, 0xC0-0xC5,
0xCD, 0xD9-0xDB, 0xE0, 0xF0, 0xFF; VN2/VN1 put combining tone marks and some toned
capitals there) and 0x80-0x9F decode as a Windows-1252 reader shows them.
Note 0xAD (``ư``) is a soft hyphen in cp1252: never strip soft hyphens before decoding.
"""

from __future__ import annotations

from typing import Final

from vicorpus.vietnamese.charsets import _single_byte
from vicorpus.vietnamese.charsets._letters import SPLIT

# TCVN 5712:1993 VN3, bytes 0xA0-0xFE in rows of 16; "\x00" marks a byte VN3 leaves free.
_ROWS: Final = (
    "\xa0ĂÂÊÔƠƯĐăâêôơưđ\x00",  # 0xA0-0xAF
    "\x00\x00\x00\x00\x00àảãáạ\x00ằẳẵắ\x00",  # 0xB0-0xBF
    "\x00\x00\x00\x00\x00\x00ặầẩẫấậè\x00ẻẽ",  # 0xC0-0xCF
    "éẹềểễếệìỉ\x00\x00\x00ĩíịò",  # 0xD0-0xDF
    "\x00ỏõóọồổỗốộờởỡớợù",  # 0xE0-0xEF
    "\x00ủũúụừửữứựỳỷỹýỵ\x00",  # 0xF0-0xFF
)
ASSIGNED: Final[dict[int, str]] = {0xA0 + index: char for index, char in enumerate("".join(_ROWS)) if char != "\x00"}
assert len(ASSIGNED) == 75

DECODING_TABLE: Final = _single_byte.decoding_table(ASSIGNED)
_single_byte.check_nfc_safe(DECODING_TABLE)
_BYTE_OF: Final = {char: byte for byte, char in ASSIGNED.items()}
# Toned capitals have no byte: written with the lower-case byte, as .VnTimeH fonts expect.
_CAPITAL_FOLDS: Final = {
    letter: _BYTE_OF[letter.lower()] for letter in SPLIT if letter.isupper() and letter not in _BYTE_OF
}
_ENCODING: Final = _single_byte.encoding_table(ASSIGNED, _CAPITAL_FOLDS)


def decode(data: bytes) -> str:
    """TCVN3 bytes -> NFC text; never raises."""
    return _single_byte.decode(data, DECODING_TABLE)


def encode(text: str, errors: _single_byte.Errors = "strict") -> bytes:
    """Text -> TCVN3 bytes; toned capitals become their lower-case bytes (lossy, like the fonts)."""
    return _single_byte.encode(text, _ENCODING, "tcvn3", errors)
