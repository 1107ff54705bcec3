"""Which characters can make a text leave a Unicode normal form (pure, no pipeline)."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Literal

import numpy as np

# Hangul vowel (V) and final (T) jamo compose with the character before them.
_HANGUL_V_AND_T = (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))


def normal_form_relevant(form: Literal["NFC", "NFKC"], end: int) -> list[int]:
    """Code points below ``end`` whose presence may make a text not ``form``; a text
    without any of them is in ``form`` already.

    They are: non-starters (combining class > 0), characters the form changes on their
    own, characters that compose with the one before them (the second half of a
    canonical pair, Hangul V and T jamo), and characters whose decomposition starts with
    one of those. Without these, decomposition splits and composition recomposes each
    character on its own. NFKC also counts compatibility decompositions.
    """
    return relevant_among(form, end, marked_or_decomposable(end))


def relevant_among(form: Literal["NFC", "NFKC"], end: int, codes: tuple[int, ...]) -> list[int]:
    """``normal_form_relevant(form, end)`` when ``codes`` (ascending, below ``end``, no
    surrogates) holds every code point below ``end`` with a combining class or a
    decomposition: the others are never relevant but as Hangul V or T jamo, added here.
    Given every code point, this is the definition itself."""
    compatibility = form == "NFKC"
    decompose: Literal["NFD", "NFKD"] = "NFKD" if compatibility else "NFD"
    combining, decomposition = unicodedata.combining, unicodedata.decomposition
    relevant: list[int] = [code for code in _HANGUL_V_AND_T if code < end]
    seconds: set[int] = set()
    decomposed: list[int] = []
    for code in codes:
        character = chr(code)
        if combining(character):
            relevant.append(code)
            continue
        parts = decomposition(character)
        if not parts:
            continue
        canonical = parts[0] != "<"
        if canonical or compatibility:
            decomposed.append(code)
        halves = parts.split()
        if canonical and len(halves) == 2:
            seconds.add(int(halves[1], 16))
    relevant.extend(seconds)
    for code in decomposed:
        character = chr(code)
        head = unicodedata.normalize(decompose, character)[0]
        if unicodedata.normalize(form, character) != character or combining(head) or ord(head) in seconds:
            relevant.append(code)
    return relevant


# Marks around each code point in the scan of ``marked_or_decomposable``: combining
# classes 240 and 1 (the lowest above 0; checked there).
_HIGH_CLASS_MARK, _LOWEST_CLASS_MARK = 0x345, 0x334
_BLOCK = 64  # code points per ``is_normalized`` call (measured best among 16 to 128)


@cache
def marked_or_decomposable(end: int) -> tuple[int, ...]:
    """The code points below ``end`` (surrogates left out) with a combining class or a
    decomposition, ascending: about 7,000 of 196,000 below U+30000. Shared by NFC and
    NFKC (the spam stage asks for NFKC, normalization for NFC).

    Each code point is written between a mark of combining class 240 and one of class 1,
    and blocks of them are tested with ``is_normalized("NFKD")`` (in C): a block without
    such a code point is in NFKD (between starters the marks stand 1, 240, in canonical
    order), one with a decomposition is not (NFKD rewrites it), nor one with a combining
    class k > 0 (the marks around it stand 240, k, 1: out of order, for k = 1 as for
    k > 1). Only the code points of the other blocks are looked at one by one. Measured:
    12 ms, where a Python loop over every code point took about 30 ms for each form."""
    high, low = chr(_HIGH_CLASS_MARK), chr(_LOWEST_CLASS_MARK)
    # Their classes, and that neither decomposes (the pair, in this order, is in NFKD).
    if (
        unicodedata.combining(low) != 1
        or unicodedata.combining(high) <= 1
        or not unicodedata.is_normalized("NFKD", low + high)
    ):
        raise AssertionError("the marks of this scan no longer have the combining classes it needs")
    codes = np.arange(end, dtype=np.uint32)
    codes = codes[(codes < 0xD800) | (codes > 0xDFFF)]
    entries = np.empty((len(codes), 3), dtype=np.uint32)
    entries[:, 0], entries[:, 1], entries[:, 2] = _HIGH_CLASS_MARK, codes, _LOWEST_CLASS_MARK
    marked = entries.tobytes().decode("utf-32-le")
    combining, decomposition = unicodedata.combining, unicodedata.decomposition
    found: list[int] = []
    for first in range(0, len(codes), _BLOCK):
        if not unicodedata.is_normalized("NFKD", marked[3 * first : 3 * (first + _BLOCK)]):
            block = map(chr, codes[first : first + _BLOCK].tolist())
            found += [ord(character) for character in block if combining(character) or decomposition(character)]
    return tuple(found)
