"""VISCII: RFC 1456 (Viet-Std group, 1992), the "VISCII 1.1" table.

VISCII assigns all 134 non-ASCII Vietnamese letters one byte each: all 128 bytes
0x80-0xFF, plus six capitals among the C0 controls (0x02 Ẳ, 0x05 Ẵ, 0x06 Ẫ, 0x14 Ỷ,
0x19 Ỹ, 0x1E Ỵ) — so never strip control characters before decoding. Every other
byte is ASCII. The table below is RFC 1456's chart, row by row.
"""

from __future__ import annotations

from typing import Final

from vicorpus.vietnamese.charsets import _single_byte

# RFC 1456 VISCII, bytes 0x80-0xFF in rows of 16.
_HIGH_ROWS: Final = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ",  # 0x80-0x8F
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ",  # 0x90-0x9F
    "Õắằặấầẩậẽẹếềểễệố",  # 0xA0-0xAF
    "ồổỗỠƠộờởịỰỨỪỬơớƯ",  # 0xB0-0xBF
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ",  # 0xC0-0xCF
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư",  # 0xD0-0xDF
    "àáâãảăữẫèéêẻìíĩỉ",  # 0xE0-0xEF
    "đựòóôõỏọụùúũủýợỮ",  # 0xF0-0xFF
)
# RFC 1456: the six capitals placed on C0 control codes.
_CONTROL_LETTERS: Final = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}

ASSIGNED: Final[dict[int, str]] = {
    **_CONTROL_LETTERS,
    **{0x80 + index: char for index, char in enumerate("".join(_HIGH_ROWS))},
}
assert len(ASSIGNED) == 134

DECODING_TABLE: Final = _single_byte.decoding_table(ASSIGNED)
_single_byte.check_nfc_safe(DECODING_TABLE)
_ENCODING: Final = _single_byte.encoding_table(ASSIGNED)


def decode(data: bytes) -> str:
    """VISCII bytes -> NFC text; never raises."""
    return _single_byte.decode(data, DECODING_TABLE)


def encode(text: str, errors: _single_byte.Errors = "strict") -> bytes:
    """Text -> VISCII bytes."""
    return _single_byte.encode(text, _ENCODING, "viscii", errors)
