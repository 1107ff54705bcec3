"""Which characters can make a text leave a Unicode normal form (pure, no pipeline)."""

from __future__ import annotations

import unicodedata
from typing import Literal

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
    compatibility = form == "NFKC"
    decompose: Literal["NFD", "NFKD"] = "NFKD" if compatibility else "NFD"
    combining, decomposition = unicodedata.combining, unicodedata.decomposition
    relevant: list[int] = [code for code in _HANGUL_V_AND_T if code < end]
    seconds: set[int] = set()
    decomposed: list[int] = []
    for code in [*range(min(end, 0xD800)), *range(0xE000, end)]:
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
