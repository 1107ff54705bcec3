"""How legacy bytes look to a program that reads them as Windows-1252, and back.

Legacy Vietnamese files were usually opened, copied and pasted into web pages by
software that assumed Windows-1252, which is where text like ``Céng hßa x· héi chñ
nghÜa`` (TCVN3 read as cp1252) comes from. We follow the WHATWG Encoding Standard's
``windows-1252`` decoder, which is what browsers do: the 27 printable cp1252 characters
at 0x80-0x9F, Latin-1 everywhere else, and the five bytes cp1252 leaves undefined
(0x81 0x8D 0x8F 0x90 0x9D) become the C1 controls U+0081 U+008D U+008F U+0090 U+009D.

The inverse also accepts every C1 control U+0080-U+009F (what a true Latin-1 reader
produces for those bytes), so text seen through either reader maps back exactly.
"""

from __future__ import annotations

import codecs
import re
from typing import Final


def _view_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D: undefined in cp1252
        return chr(byte)


# byte -> the character a Windows-1252 reader shows (256 characters, one per byte).
CP1252_VIEW: Final = "".join(_view_char(byte) for byte in range(256))
_ENCODING_MAP: Final = codecs.charmap_build(CP1252_VIEW)
# C1 controls a Latin-1 reader produces where cp1252 has a printable character.
_C1_TO_VIEW: Final = {byte: CP1252_VIEW[byte] for byte in range(0x80, 0xA0) if CP1252_VIEW[byte] != chr(byte)}
_C1: Final = re.compile("[\x80-\x9f]")


def legacy_as_cp1252(data: bytes) -> str:
    """``data`` as a Windows-1252 reader (browsers: WHATWG windows-1252) shows it; never raises."""
    return codecs.charmap_decode(data, "strict", CP1252_VIEW)[0]


def cp1252_text_to_bytes(text: str) -> bytes | None:
    """The bytes a Windows-1252 or Latin-1 reader turned into ``text``.

    Exact inverse of :func:`legacy_as_cp1252`. None when ``text`` has a character no
    byte can produce that way (anything outside Latin-1 except the 27 cp1252 extras).
    """
    try:
        return codecs.charmap_encode(text, "strict", _ENCODING_MAP)[0]
    except UnicodeEncodeError:
        pass
    if not _C1.search(text):
        return None
    try:  # Latin-1 reading: C1 controls stand for their own bytes
        return codecs.charmap_encode(text.translate(_C1_TO_VIEW), "strict", _ENCODING_MAP)[0]
    except UnicodeEncodeError:
        return None
