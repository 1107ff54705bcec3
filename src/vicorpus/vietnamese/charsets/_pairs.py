"""Fast decoding of "base letter + mark byte" charsets (VNI, CP1258) without per-byte Python.

Decoding such a charset means: give every byte its own meaning (a letter, or a
combining mark for a mark byte), then compose with NFC. CPython's NFC runs at about
20 MB/s, so :class:`PairDecoder` composes the pairs itself with whole-buffer C
operations (``bytes.translate``, the charmap and UTF-16 codecs, big-integer XOR):

1. each position ``i`` gets a key, the code point ``base_id(byte[i]) << 8 |
   mark_id(byte[i+1])`` (0 where the byte is no base or the next byte no mark), built
   by interleaving two translated byte strings and decoding them as UTF-16;
2. ``codecs.charmap_encode`` maps each key to a class byte: one class per pair that
   NFC composes into one letter, other classes for "no pair" (invalid pairs take the
   codec's C-level ``replace`` path to a "no pair" class);
3. the output, as UTF-16 code units, is every byte's own meaning XOR a per-class
   correction at a pair's base (its own meaning -> the composed letter) XOR a
   correction at the mark it consumed (-> U+FFFF, deleted afterwards);
4. mark bytes left over (after a letter they do not compose with) are rare: only then
   NFC runs, line by line.

The result equals NFC of the byte-by-byte meanings: each replaced pair is canonically
equivalent to what it replaces, and every non-mark meaning is a character NFC leaves
alone.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Mapping
from typing import Final

from vicorpus.text.stream_safe import safe_nfc
from vicorpus.vietnamese.charsets._single_byte import check_nfc_safe

_DELETED: Final = "\uffff"  # consumed mark bytes; never produced otherwise
_PRIVATE_BASE: Final = 0xE000  # stand-ins for bytes that mean several characters


class PairDecoder:
    """Decoder for a table charset whose mark bytes combine with the preceding letter."""

    def __init__(self, meanings: Mapping[int, str], bases: Mapping[int, str], marks: Mapping[int, str]) -> None:
        """``meanings``: all 256 bytes -> text; ``bases``/``marks``: the bytes that pair up."""
        if sorted(meanings) != list(range(256)):
            raise ValueError("meanings must cover all 256 bytes")
        check_nfc_safe("".join(text for byte, text in meanings.items() if byte not in marks))
        # Each byte's own meaning as one UTF-16 code unit: bytes meaning several
        # characters (VNI's circumflex+acute, say) get a private-use stand-in per text.
        stand_in = {text: chr(_PRIVATE_BASE + i) for i, text in enumerate(sorted(set(meanings.values())))}
        unit = {text: text if len(text) == 1 else stand_in[text] for text in meanings.values()}
        self._single = "".join(unit[meanings[byte]] for byte in range(256))
        self._expand = [(stand_in[text], text) for text in sorted(set(meanings.values())) if len(text) > 1]
        # 1. ids: equal texts share an id (upper- and lower-case mark bytes, for instance).
        base_ids = {text: index + 1 for index, text in enumerate(sorted(set(bases.values())))}
        mark_ids = {text: index + 1 for index, text in enumerate(sorted(set(marks.values())))}
        self._base_id = bytes(base_ids[bases[b]] if b in bases else 0 for b in range(256))
        self._mark_id = bytes(mark_ids[marks[b]] if b in marks else 0 for b in range(256))
        self._mark_bytes = bytes(sorted(marks))
        # 2. keys -> classes: the "no pair" keys first, then one class per composable pair.
        keys = [chr(mark) for mark in range(len(mark_ids) + 1)]
        keys += [chr(base << 8) for base in range(1, len(base_ids) + 1)]
        keys.append("?")  # the charmap codec's replacement for an invalid pair
        self._no_pair = bytes(range(len(keys)))
        at_base = ["\x00"] * len(keys)  # class -> correction at the pair's base
        at_mark = ["\x00"] * len(keys)  # class -> correction at the consumed mark
        for base, base_id in base_ids.items():
            for mark, mark_id in mark_ids.items():
                letter = unicodedata.normalize("NFC", base + mark)
                if len(letter) == 1:
                    keys.append(chr(base_id << 8 | mark_id))
                    at_base.append(chr(ord(letter) ^ ord(base)))
                    at_mark.append(chr(ord(unit[mark]) ^ ord(_DELETED)))
        if len(keys) > 256:
            raise ValueError("too many base/mark combinations for one class byte")
        self._key_map = codecs.charmap_build("".join(keys))
        self._at_base = "".join(at_base).ljust(256, "\x00")
        self._at_mark = "".join(at_mark).ljust(256, "\x00")
        assert "\ufffe" not in self._at_base + self._at_mark + self._single  # charmap's "undefined"

    def decode(self, data: bytes) -> str:
        """``data`` -> NFC text; never raises."""
        size = len(data)
        if not size:
            return ""
        keys = bytearray(2 * size)
        keys[0::2] = data.translate(self._base_id)
        keys[1::2] = data[1:].translate(self._mark_id) + b"\x00"
        classes = codecs.charmap_encode(keys.decode("utf-16-be"), "replace", self._key_map)[0]
        pairs = len(classes.translate(None, self._no_pair))
        text = codecs.charmap_decode(data, "strict", self._single)[0]
        if pairs:
            units = (
                int.from_bytes(text.encode("utf-16-be"), "big")
                ^ int.from_bytes(_utf16(classes, self._at_base), "big")
                ^ int.from_bytes(_utf16(b"\x00" + classes[:-1], self._at_mark), "big")
            )
            text = units.to_bytes(2 * size, "big").decode("utf-16-be").replace(_DELETED, "")
        marks = size - len(data.translate(None, self._mark_bytes))
        if marks == pairs:  # every mark byte was composed: the text is NFC already
            return text
        for stand_in, meaning in self._expand:
            if stand_in in text:
                text = text.replace(stand_in, meaning)
        return nfc_by_lines(text)


def _utf16(data: bytes, table: str) -> bytes:
    return codecs.charmap_decode(data, "strict", table)[0].encode("utf-16-be", "surrogatepass")


def nfc_by_lines(text: str) -> str:
    """NFC, line by line: lines without combining marks pass the C quick check at once.
    Bytes decode to marks (VNI): a blob of them is made stream-safe first (``safe_nfc``)."""
    if "\n" not in text:
        return safe_nfc(text)
    return "\n".join([safe_nfc(line) for line in text.split("\n")])
