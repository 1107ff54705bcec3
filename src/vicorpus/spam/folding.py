"""An evasion-resistant copy of a text, for matching spam terms and nothing else.

Spam pages hide their words from keyword filters: no diacritics (``nha cai``), letters
spelled out with separators (``n.h.à c.á.i``, ``n h a c a i``), zero-width characters
inside words, Cyrillic or Greek letters that look Latin (``сá cược`` with a Cyrillic
``с``), fullwidth or mathematical letters (``ｎｈà``). The folded copy undoes all of
that: NFKC, lower case, look-alikes to Latin, every mark removed and ``đ`` to ``d``,
invisible characters dropped, single letters joined back into words and the pieces of a
split syllable into the syllable (``nh.à`` -> ``nha``, ``split_syllables``), whitespace
runs to one space. The result is ASCII; it is never shown to anyone or written out.

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
from bisect import bisect_right
from functools import cache
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import re2  # type: ignore[import-untyped]

from vicorpus.spam.split_syllables import join_split_syllables
from vicorpus.text.normal_forms import normal_form_relevant
from vicorpus.text.stream_safe import safe_nfkc
from vicorpus.vietnamese.gates import code_point_chunks
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
_ENCODING_CHARACTERS: Final = (
    _VIETNAMESE_MARKED + "".join(_LOOKALIKE_READINGS) + _OTHER_LATIN + "".join(_PUNCTUATION_READINGS)
)
_CONTROL_BYTES: Final = bytes(code for code in range(128) if _READING[code] == 0)
_UNMAPPED_INVISIBLES = set(INVISIBLE_CHARACTERS) - {chr(code) for code in range(128)}
assert not _UNMAPPED_INVISIBLES & set(_LOOKALIKE_READINGS), "an invisible character would be read as a letter"
assert all(character.lower() in _LOOKALIKE_READINGS or character.isascii() for character in LOOKALIKE_CHARACTERS)

# A spelled-out word: single letters held apart by separators ("n.h.a", "n-h-a", "n.h-a",
# "c.a"; a space may follow each: "n. h. a"). Separators that are list punctuation
# (, : ;) must be the same between every two letters ("a, b, c"): that keeps the last
# word of a list out of the next spelled-out word, "châu Á, r.ú.t" is "chau a, rut", not
# "chau arut" (one pattern for any mix of separators did that). A word is joined when it
# has three letters or more, or two beside another such word with one space between
# ("c.á c.ư.ợ.c", "l.ô đ.ề": most Vietnamese spam terms have syllables of two letters).
# Ordinary text has such runs only in lists and initials ("a, b, c", "T.P H.C.M"), and
# joining those harms nothing when the copy is only matched; a lone pair ("v.v.",
# "tp. hcm") is left alone. A word of two letters is none when its second letter starts
# a word of three: in "a, b.c.d" the "b" is the longer word's.
_MARK: Final = rb"[.\-_*+~|/'`^]+\x20?"  # separators that are not list punctuation, in any mix
_LIST_GAP: Final = rb"[.\-_*+~|/'`^]*[,:;][.\-_*+~|/,:;'`^]*\x20?"  # one with list punctuation
_SINGLE: Final = rb"[a-z](?![a-z0-9])"


def _not_starting_a_word_of_three(group: str) -> bytes:
    """A lookahead: the letter just read starts no spelled-out word of three letters
    (``group``: a name for the gap of a list word, unique in the pattern)."""
    name = group.encode()
    list_word = rb"(?P<" + name + rb">" + _LIST_GAP + rb")" + _SINGLE + rb"(?P=" + name + rb")" + _SINGLE
    return rb"(?!" + _MARK + _SINGLE + _MARK + _SINGLE + rb"|" + list_word + rb")"


_SPELLED_OUT_PUNCT: Final = re.compile(
    rb"(?<![a-z0-9])[a-z](?:"
    + rb"(?:" + _MARK + _SINGLE + rb"){2,}"  # three letters or more, marks in any mix
    + rb"|" + _MARK + _SINGLE + _not_starting_a_word_of_three("after_mark")  # two
    + rb"|(?P<gap>" + _LIST_GAP + rb")" + _SINGLE + rb"(?:(?P=gap)" + _SINGLE + rb")+"  # three or more, one list gap
    + rb"|" + _LIST_GAP + _SINGLE + _not_starting_a_word_of_three("after_list")  # two
    + rb")"
)  # fmt: skip
# Three or more single letters apart by one space each: "n h a".
_SPELLED_OUT_SPACE: Final = re.compile(rb"(?<![a-z0-9])[a-z](?: [a-z](?![a-z0-9])){2,}")
_NOT_LETTER: Final = re.compile(rb"[^a-z]+")
_SPACE_BYTE: Final = 32
# The cheap test first, one RE2 scan (Python's ``re`` took 27 ms per MB of news for it):
# three single letters apart by any mix of the separators above.
MAYBE_SPELLED_OUT_PATTERN: Final = r"(?:^|[^a-z0-9])[a-z](?:(?:[.\-_*+~|/,:;'`^]+ ?| )[a-z]){2}(?:[^a-z0-9]|$)"
_MAYBE_SPELLED_OUT: Final = re2.compile(MAYBE_SPELLED_OUT_PATTERN.encode())
# A spelled-out match holds only single letters (no letter or digit on either side) and
# separators; its first three letters are a match of the cheap test, or, for a pair
# joined beside another word, its two letters and the nearest letter of that word are.
# The slow patterns above run only on the stretches of those around each such match.
_SEPARATORS: Final = frozenset(b".-_*+~|/,:;'`^ ")
_LETTERS: Final = frozenset(range(ord("a"), ord("z") + 1))
_ALNUM: Final = _LETTERS | frozenset(b"0123456789")


# The compatibility characters that make most real text fail the NFKC check, replaced
# by plain substring replacement instead: on baomoi news and Wikipedia 1,351 of 7,000
# texts were not NFKC, 1,126 of them for the ellipsis, 178 for m² and m³; a full NFKC
# costs about 20 ms per MB.
COMMON_COMPATIBILITY: Final = (("\u2026", "..."), ("\u00b2", "2"), ("\u00b3", "3"))
# Every whitespace character is a space by now. A pattern that starts with a literal is
# scanned for several times faster than ``bytes.split`` and ``join`` (measured on baomoi
# news: about 270 MB/s against 95 MB/s).
_SPACE_RUN: Final = re.compile(b"  +")


def _join_letters(match: re.Match[bytes]) -> bytes:
    return _NOT_LETTER.sub(b"", match.group(0))


def replace_common_compatibility(text: str) -> str:
    """``text`` with the ``COMMON_COMPATIBILITY`` characters replaced by their readings."""
    for character, reading in COMMON_COMPATIBILITY:
        text = text.replace(character, reading)
    return text


def nfkc_by_line(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, one line at a time.

    The same text: a line feed is a starter that nothing decomposes into, nothing
    reorders across, and that composes with neither neighbour, so no step of NFKC acts
    across it. A text is rarely off NFKC on more than a few lines (a fraction, a
    fullwidth comma), and ``normalize`` hands back a line that passes its quick check
    as it is: the slow full normalization runs on those few lines only (on real pages
    5x less time than on the whole text).

    Runs of combining marks are cut first (``safe_nfkc``): junk with long runs would take
    time quadratic in their length.
    """
    if "\n" not in text:
        return safe_nfkc(text)
    return "\n".join([safe_nfkc(line) for line in text.split("\n")])


def fold_to_bytes(text: str) -> bytes:
    """The folded copy as ASCII bytes (what the matchers in ``signals`` scan)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = replace_common_compatibility(text)
        if not unicodedata.is_normalized("NFKC", text):
            text = nfkc_by_line(text)
    encoded, _ = codecs.charmap_encode(text.lower(), "ignore", _ENCODING_MAP)
    folded: bytes = encoded.translate(_READING, _CONTROL_BYTES)
    if b"  " in folded:
        folded = _SPACE_RUN.sub(b" ", folded)
    folded = folded.strip(b" ")
    # Split syllables first: joined after the spelled-out letters, "ca.i, x.y z.w" would
    # give "cai, x.y z.w" (the "i" had made a list pair with "x"), which folds again to
    # "cai, xy zw"; this way the fold is the same however often it runs.
    return join_spelled_out(join_split_syllables(folded))


def spelled_out_joined(folded: bytes) -> bytes | None:
    """``join_spelled_out(folded)``, or None when the cheap test finds no letters that may
    be spelled out (then it is ``folded`` itself)."""
    core = _MAYBE_SPELLED_OUT.search(folded)
    if core is None:
        return None
    # One RE2 pass finds the stretches for both patterns. Joining leaves every byte
    # outside its matches as it was, with the same neighbours (a match starts and ends
    # on a letter: a byte beside one is in no single letter), so the second pattern's
    # matches lie in the first's stretches, moved left by what was joined before them:
    # no second pass over the joined copy (on the 595 benchmark pages with letters that
    # may be spelled out, 0.03 s of 0.07 s).
    stretches = _stretches(folded, core)
    joined, ends, removed = _sub_in_stretches_tracked(_SPELLED_OUT_PUNCT, folded, stretches)
    if ends:
        # A match lies inside its stretch (not in the two bytes after it), so no stretch
        # edge is inside a match: an edge moves by what the matches ending before it removed.
        stretches = [
            (start - removed[bisect_right(ends, start)], end - removed[bisect_right(ends, end)])
            for start, end in stretches
        ]
    return _sub_in_stretches(_SPELLED_OUT_SPACE, joined, stretches)


def join_spelled_out(folded: bytes) -> bytes:
    """The last step of ``fold_to_bytes``: letters spelled out with separators joined."""
    joined = spelled_out_joined(folded)
    return folded if joined is None else joined


def _single_or_separator(data: bytes, index: int) -> bool:
    byte = data[index]
    if byte in _SEPARATORS:
        return True
    return (
        byte in _LETTERS
        and (index == 0 or data[index - 1] not in _ALNUM)
        and (index + 1 == len(data) or data[index + 1] not in _ALNUM)
    )


def _stretches(data: bytes, core: Any) -> list[tuple[int, int]]:
    """Where ``_sub_in_runs`` searches, from ``core`` (the first match of ``_MAYBE_SPELLED_OUT``) on."""
    stretches: list[tuple[int, int]] = []
    searched = 0
    while core is not None:
        start, end = core.start(), core.end()
        while start > searched and _single_or_separator(data, start - 1):
            start -= 1
        while end < len(data) and _single_or_separator(data, end):
            end += 1
        # Two bytes past the stretch: a match could take the first (a letter that is not
        # single) only if the byte after it were no letter, which the search must see.
        stretches.append((max(start, searched), min(end + 2, len(data))))
        searched = max(searched, end)
        # Cores overlap when one's closing byte opens the next ("a.b.c(d.e.f"): each
        # search starts on the last byte of the stretch searched.
        core = _MAYBE_SPELLED_OUT.search(data, max(end - 1, core.start() + 1))
    return stretches


def _sub_in_stretches(pattern: re.Pattern[bytes], data: bytes, stretches: list[tuple[int, int]]) -> bytes:
    """``pattern.sub(_join_letters, data)``, searching only the stretches."""
    return _sub_in_stretches_tracked(pattern, data, stretches)[0]


def _sub_in_stretches_tracked(
    pattern: re.Pattern[bytes], data: bytes, stretches: list[tuple[int, int]]
) -> tuple[bytes, list[int], list[int]]:
    """``_sub_in_stretches``, and where its matches end in ``data`` with how many bytes the
    matches up to each had removed (``removed[i]``: before the i-th end; one more entry)."""
    pieces: list[bytes] = []
    ends: list[int] = []
    removed = [0]
    copied = 0
    for start, end in stretches:
        for match in _matches_to_join(pattern, data, start, end):
            letters = _join_letters(match)
            pieces += (data[copied : match.start()], letters)
            copied = match.end()
            ends.append(copied)
            removed.append(removed[-1] + copied - match.start() - len(letters))
    if not pieces:
        return data, ends, removed
    pieces.append(data[copied:])
    return b"".join(pieces), ends, removed


def _matches_to_join(pattern: re.Pattern[bytes], data: bytes, start: int, end: int) -> list[re.Match[bytes]]:
    """The matches of ``pattern`` in ``data[start:end]`` that are joined: all of them, but
    for ``_SPELLED_OUT_PUNCT`` only words of three letters or more and pairs of letters
    beside another spelled-out word, one space apart."""
    matches = list(pattern.finditer(data, start, end))
    if pattern is not _SPELLED_OUT_PUNCT:
        return matches
    return [match for index, match in enumerate(matches) if _long_or_beside_another(data, matches, index)]


def _long_or_beside_another(data: bytes, matches: list[re.Match[bytes]], index: int) -> bool:
    match = matches[index]
    if len(_NOT_LETTER.sub(b"", match.group())) >= 3:
        return True
    before = index > 0 and _one_space_apart(data, matches[index - 1], match)
    after = index + 1 < len(matches) and _one_space_apart(data, match, matches[index + 1])
    return before or after


def _one_space_apart(data: bytes, first: re.Match[bytes], second: re.Match[bytes]) -> bool:
    return first.end() + 1 == second.start() and data[first.end()] == _SPACE_BYTE


def _sub_in_runs(pattern: re.Pattern[bytes], data: bytes) -> bytes:
    """``pattern.sub(_join_letters, data)`` (a spelled-out pattern), searching only around
    the matches of ``_MAYBE_SPELLED_OUT``. A search from ``pos`` looks behind it, so each match is the one
    the whole-text search finds; no match holds the byte that ends a stretch, so
    stretches searched one after the other find them all."""
    return _sub_in_stretches(pattern, data, _stretches(data, _MAYBE_SPELLED_OUT.search(data)))


def fold_for_matching(text: str) -> str:
    """The evasion-resistant copy of ``text``: ``"N.h.à C.á.i"`` -> ``"nha cai"``.

    NFKC, lower case, Cyrillic/Greek look-alikes read as Latin, diacritics removed
    (``đ`` -> ``d``), zero-width and other invisible characters removed, letters spelled
    out with separators joined, syllables split by separators joined (``cư.ợc`` ->
    ``cuoc``), whitespace runs to one space. ASCII only.
    """
    return fold_to_bytes(text).decode("ascii")


# --- The fold as a per-character table, for callers that fold a whole column at once ---
#
# Outside NFKC and the spelled-out letters, ``fold_to_bytes`` maps each character on its
# own: ``str.lower`` is context-free here (its one context rule, the final sigma, picks
# between two letters that are both outside the code page), and the codec and the byte
# table work character by character. So a text that is NFKC (once the common
# compatibility characters are replaced) folds to the concatenation of each character's
# fold, then space runs collapse and the edges are stripped.


def _character_fold(character: str) -> bytes:
    encoded, _ = codecs.charmap_encode(character.lower(), "ignore", _ENCODING_MAP)
    folded: bytes = encoded.translate(_READING, _CONTROL_BYTES)
    return folded


def _changes_case() -> list[int]:
    """The code points ``str.lower`` changes, found with one call per chunk of Unicode."""
    changed: list[int] = []
    for first, chunk in code_point_chunks():
        lowered = chunk.lower()
        if len(lowered) != len(chunk):  # U+0130 lowers to two code points: "i" + U+0307
            changed.extend(first + index for index, character in enumerate(chunk) if character.lower() != character)
            continue
        a = np.frombuffer(chunk.encode("utf-32-le"), dtype=np.uint32)
        b = np.frombuffer(lowered.encode("utf-32-le"), dtype=np.uint32)
        changed.extend((first + np.nonzero(a != b)[0]).tolist())
    return changed


@cache
def fold_table() -> tuple[dict[str, str], list[int], np.ndarray]:
    """(``mapping``, ``unsafe``, ``nfkc_relevant``) for folding a column of texts.

    ``mapping``: every ASCII character whose fold is not itself, and every other
    character whose fold is not empty (upper case, marked and look-alike letters,
    punctuation read as ASCII) -> its fold, an ASCII string; all other characters fold
    to nothing. ``unsafe``: the code points whose fold is not ASCII (the code page's
    padding). ``nfkc_relevant``: code points that may make a text not NFKC (as
    ``vicorpus.vietnamese.gates.nfc_relevant_ranges`` for NFC). A text without unsafe
    characters, and NFKC after the ``COMMON_COMPATIBILITY`` replacements (certainly so
    without any NFKC-relevant character), folds as the table says.
    """
    candidates = {*range(128), *map(ord, _ENCODING_CHARACTERS), *_changes_case(), 0xFFFE}
    mapping: dict[str, str] = {}
    unsafe: list[int] = []
    for code in sorted(candidates):
        character = chr(code)
        folded = _character_fold(character)
        if not folded.isascii():
            unsafe.append(code)
        elif folded != character.encode() and (folded or character.isascii()):
            mapping[character] = folded.decode("ascii")
    return mapping, unsafe, _nfkc_relevant()


def code_page_description() -> bytes:
    """The private code page as bytes: its characters beyond ASCII, the byte each encodes
    to, and how the bytes read (for keying a cache of what is built from it)."""
    encoded, _ = codecs.charmap_encode(_ENCODING_CHARACTERS, "strict", _ENCODING_MAP)
    return b"\0".join((_ENCODING_CHARACTERS.encode("utf-8"), encoded, _READING, _CONTROL_BYTES))


def _nfkc_relevant() -> np.ndarray:
    """Code points that may make a text not NFKC (see ``fold_table``); U+30000 up all count.

    An array, not a list: numpy takes 900,000 Python ints as an index in about 60 ms, once per process.
    """
    below = np.array(normal_form_relevant("NFKC", 0x30000), dtype=np.int64)
    return np.concatenate((below, np.arange(0x30000, 0x110000, dtype=np.int64)))
