"""VPS: the Vietnamese Professionals Society code table (VPS fonts, VPSKeys).

Like VISCII, VPS gives each of the 134 non-ASCII letters one byte, but keeps more of
Latin-1 in place (à á â ã è é ê ì í ò ó ô õ ù ú Á Â É Ê Ô Ú Ý and also ç î ö ü ß at their
Latin-1 bytes, the cp1252 quotes ‘ ’ at 0x91/0x92 and the no-break space at 0xA0) and
puts 14 capitals on C0 control bytes (0x02-0x06, 0x10-0x15, 0x19, 0x1C, 0x1D). Every
byte 0x80-0xFF is assigned. Source: the published VPS chart (the per-letter
comparison charts of VPS/VNI/VISCII/TCVN3), checked against the VPS table that
Netscape/Mozilla shipped (intl/uconv ``vps.ut``).
"""

from __future__ import annotations

from typing import Final

from vicorpus.vietnamese.charsets import _single_byte

# VPS bytes 0x80-0xFF in rows of 16 (0xA0 is the no-break space).
_HIGH_ROWS: Final = (
    "ÀẢÃẤẦẨọỗĂếềểệẮẰẲ",  # 0x80-0x8F
    "Ế\u2018\u2019ỀỂỄỐỒỔỖýỷỵỚỜỞ",  # 0x90-0x9F
    "\xa0ắằẳẵặỠớÙờởỡŨỨợỪ",  # 0xA0-0xAF
    "ổỬỲỸÍÌộỈĨÓửữÒỎÕự",  # 0xB0-0xBF
    "ầÁÂấẩẫậđẻÉÊẹỉễịỹ",  # 0xC0-0xCF
    "ƯỦồốÔỏơÈừứÚũưÝẺß",  # 0xD0-0xDF
    "àáâãảạăçèéêẽìíîĩ",  # 0xE0-0xEF
    "ẴĐòóôõöƠụùúủüỶẼỳ",  # 0xF0-0xFF
)
# Capitals on C0 control bytes.
_CONTROL_LETTERS: Final = {
    0x02: "Ạ", 0x03: "Ậ", 0x04: "Ặ", 0x05: "Ẹ", 0x06: "Ệ",
    0x10: "Ị", 0x11: "Ọ", 0x12: "Ộ", 0x13: "Ợ", 0x14: "Ụ", 0x15: "Ự",
    0x19: "Ỵ", 0x1C: "Ẫ", 0x1D: "Ữ",
}  # fmt: skip

ASSIGNED: Final[dict[int, str]] = {
    **_CONTROL_LETTERS,
    **{0x80 + index: char for index, char in enumerate("".join(_HIGH_ROWS))},
}
assert len(ASSIGNED) == 142

DECODING_TABLE: Final = _single_byte.decoding_table(ASSIGNED)
_single_byte.check_nfc_safe(DECODING_TABLE)
_ENCODING: Final = _single_byte.encoding_table(ASSIGNED)


def decode(data: bytes) -> str:
    """VPS bytes -> NFC text; never raises."""
    return _single_byte.decode(data, DECODING_TABLE)


def encode(text: str, errors: _single_byte.Errors = "strict") -> bytes:
    """Text -> VPS bytes."""
    return _single_byte.encode(text, _ENCODING, "vps", errors)
