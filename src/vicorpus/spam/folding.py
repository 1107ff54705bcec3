"""An evasion-resistant copy of a text, for matching spam terms and nothing else.

Spam pages hide their words from keyword filters: no diacritics (``nha cai``), letters
spelled out with separators (``n.h.à c.á.i``, ``n h a c a i``), zero-width characters
inside words, Cyrillic or Greek letters that look Latin (``сá cược`` with a Cyrillic
``с``), fullwidth or mathematical letters (``ｎｈà``). The folded copy undoes all of
that: NFKC, lower case, look-alikes to Latin, every mark removed and ``đ`` to ``d``,
invisible characters dropped, single letters joined back into words, whitespace runs to
one space. The result is ASCII; it is never shown to anyone or written out.

Speed: the whole fold is two C-level codec passes instead of a per-character Python
``str.translate`` (measured on baomoi news: 15 MB/s for ``strip_diacritics``, about
200 MB/s for the charmap encode below). ``codecs.charmap_encode`` maps each character
to one byte of a private 256-byte code page; ``bytes.translate`` then maps those bytes
to ASCII letters. Characters outside the code page (combining marks left by NFKC,
zero-width and other invisible characters, emoji, CJK) are dropped by the codec's
``ignore`` error handler: for matching, a dropped emoji between two letters is what we
want (``n🎰hà`` is ``nha``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import TYPE_CHECKING, Final

import re2  # type: ignore[import-untyped]

from vicorpus.vietnamese.homoglyphs import LOOKALIKE_CHARACTERS
from vicorpus.vietnamese.invisibles import INVISIBLE_CHARACTERS
from vicorpus.vietnamese.letters import ALL_VOWELS

if TYPE_CHECKING:
    from _codecs import _EncodeCharMap

# Lower-case Cyrillic and Greek letters that pass for Latin ones, with their Latin
# reading. The capitals of vicorpus.vietnamese.homoglyphs are read through their lower
# case here (the fold lowers first), so Greek eta (capital H) reads "h"; the tests check
# that every look-alike of that module folds to an ASCII letter.
_LOOKALIKE_READINGS: Final = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ӏ": "l",
    "α": "a", "β": "b", "ε": "e", "η": "h", "ι": "i", "κ": "k", "μ": "m", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "y", "χ": "x", "ζ": "z",
    "ð": "d", "đ": "d", "ɖ": "d",
}  # fmt: skip
# A few letters of the other Latin alphabets a Vietnamese page quotes; the rest, like any
# character outside the page, are dropped (the page holds 256 characters and the
# Vietnamese letters come first).
_OTHER_LATIN: Final = "äçñöüß"
_LIGATURE_READINGS: Final = {"ß": "s"}
# Dashes, quotes and bullets read as their ASCII cousins, so that "nhà cái–uy tín" keeps
# two words apart (dropped, it would read "caiuy"). Not as spaces: " – " is the most
# common dash in news, and three spaces in a row cost a rewrite of the folded copy.
_PUNCTUATION_READINGS: Final = {
    "–": "-", "—": "-", "“": '"', "”": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
    "•": "*", "·": "*", "●": "*", "★": "*", "→": ">",
}  # fmt: skip
_VIETNAMESE_MARKED: Final = "".join(letter for letter in ALL_VOWELS if letter.islower() and not letter.isascii())


def _reading(character: str) -> str:
    """The ASCII byte a character of the private code page stands for."""
    if character in _LOOKALIKE_READINGS:
        return _LOOKALIKE_READINGS[character]
    if character in _PUNCTUATION_READINGS:
        return _PUNCTUATION_READINGS[character]
    if character in _LIGATURE_READINGS:
        return _LIGATURE_READINGS[character]
    return unicodedata.normalize("NFD", character)[0]


def _code_page() -> tuple[_EncodeCharMap, bytes]:
    """The charmap encoding table and the byte table that reads it as ASCII."""
    extra = _VIETNAMESE_MARKED + "".join(_LOOKALIKE_READINGS) + _OTHER_LATIN + "".join(_PUNCTUATION_READINGS)
    characters = [chr(code) for code in range(128)] + sorted(set(extra) - set(_VIETNAMESE_MARKED))
    characters[128:128] = list(_VIETNAMESE_MARKED)
    assert len(characters) <= 256, "the private code page is full"
    reading = bytearray(range(256))
    for byte, character in enumerate(characters[128:], start=128):
        reading[byte] = ord(_reading(character))
    for character in INVISIBLE_CHARACTERS:  # the ASCII ones (C0 controls); the rest are not in the page
        if ord(character) < 128:
            reading[ord(character)] = ord(" ") if character in "\t\n\r" else 0
    for space in "\t\n\r\x0b\x0c":
        reading[ord(space)] = ord(" ")
    padded = "".join(characters) + "\ufffe" * (256 - len(characters))
    return codecs.charmap_build(padded), bytes(reading)


_ENCODING_MAP, _READING = _code_page()
_CONTROL_BYTES: Final = bytes(code for code in range(128) if _READING[code] == 0)
_UNMAPPED_INVISIBLES = set(INVISIBLE_CHARACTERS) - {chr(code) for code in range(128)}
assert not _UNMAPPED_INVISIBLES & set(_LOOKALIKE_READINGS), "an invisible character would be read as a letter"
assert all(character.lower() in _LOOKALIKE_READINGS or character.isascii() for character in LOOKALIKE_CHARACTERS)

# Three or more single letters held apart by the same kind of separator: "n.h.a",
# "n-h-a", "n_h_a", "n h a". Ordinary text has such runs only in lists and initials
# ("a, b, c", "v.v."), and joining those harms nothing when the copy is only matched.
_SPELLED_OUT_PUNCT: Final = re.compile(rb"(?<![a-z0-9])[a-z](?:[.\-_*+~|/,:;'`^]+ ?[a-z](?![a-z0-9])){2,}")
_SPELLED_OUT_SPACE: Final = re.compile(rb"(?<![a-z0-9])[a-z](?: [a-z](?![a-z0-9])){2,}")
_NOT_LETTER: Final = re.compile(rb"[^a-z]+")
# The cheap test first, one RE2 scan (Python's ``re`` took 27 ms per MB of news for it):
# three single letters apart by any mix of the separators above.
_MAYBE_SPELLED_OUT: Final = re2.compile(rb"(?:^|[^a-z0-9])[a-z](?:(?:[.\-_*+~|/,:;'`^]+ ?| )[a-z]){2}(?:[^a-z0-9]|$)")


# The compatibility characters that make most real text fail the NFKC check, replaced
# by plain substring replacement instead: on baomoi news and Wikipedia 1,351 of 7,000
# texts were not NFKC, 1,126 of them for the ellipsis, 178 for m² and m³; a full NFKC
# costs about 20 ms per MB.
_COMMON_COMPATIBILITY: Final = (("\u2026", "..."), ("\u00b2", "2"), ("\u00b3", "3"))
# Every whitespace character is a space by now. A pattern that starts with a literal is
# scanned for several times faster than ``bytes.split`` and ``join`` (measured on baomoi
# news: about 270 MB/s against 95 MB/s).
_SPACE_RUN: Final = re.compile(b"  +")


def _join_letters(match: re.Match[bytes]) -> bytes:
    return _NOT_LETTER.sub(b"", match.group(0))


def fold_to_bytes(text: str) -> bytes:
    """The folded copy as ASCII bytes (what the matchers in ``signals`` scan)."""
    if not unicodedata.is_normalized("NFKC", text):
        for character, reading in _COMMON_COMPATIBILITY:
            text = text.replace(character, reading)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    encoded, _ = codecs.charmap_encode(text.lower(), "ignore", _ENCODING_MAP)
    folded: bytes = encoded.translate(_READING, _CONTROL_BYTES)
    if b"  " in folded:
        folded = _SPACE_RUN.sub(b" ", folded)
    folded = folded.strip(b" ")
    if _MAYBE_SPELLED_OUT.search(folded):
        folded = _SPELLED_OUT_PUNCT.sub(_join_letters, folded)
        folded = _SPELLED_OUT_SPACE.sub(_join_letters, folded)
    return folded


def fold_for_matching(text: str) -> str:
    """The evasion-resistant copy of ``text``: ``"N.h.à C.á.i"`` -> ``"nha cai"``.

    NFKC, lower case, Cyrillic/Greek look-alikes read as Latin, diacritics removed
    (``đ`` -> ``d``), zero-width and other invisible characters removed, letters spelled
    out with separators joined, whitespace runs to one space. ASCII only.
    """
    return fold_to_bytes(text).decode("ascii")
