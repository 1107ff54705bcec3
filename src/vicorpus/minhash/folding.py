"""The dedup key: what two documents must share to count as the same text.

Near-duplicate detection compares documents after folding away differences that do
not make a different text: letter case, punctuation and spacing, number values
(re-crawls of a results page differ only in numbers), and — configurably — Vietnamese
marks. Folding works on code points through one lookup table per setting, so a whole
batch is folded by one NumPy indexing pass (see ``shingles.py``).

Diacritics settings (``DiacriticsFolding``):

- ``keep`` — marks stay: "hòa" and "hoa" are different syllables.
- ``tones`` — the five tone marks are removed, the vowel letters ă â ê ô ơ ư đ are kept:
  "hòa", "hoà" and "hoa" fold together, "hoa" and "hơ" do not. This also absorbs
  tone-placement style (old style hòa / new style hoà) and misplaced tones, which
  differ between re-crawls of the same article.
- ``all`` — every mark is removed and đ becomes d, as FineWeb-2 does
  (datatrove's ``simplify_text`` with ``norm_unicode_diacritics``): unaccented
  ("không dấu") copies of an article fold onto the original.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from functools import cache
from typing import Final

import numpy as np
import numpy.typing as npt

# Table values that are not code points: a separator between tokens, and a code point
# that is dropped without separating (a combining mark that folding removes).
SEPARATOR: Final = 0
DROPPED: Final = 0xFFFFFFFF
# Every decimal digit of every script folds to "0"; runs of digits then collapse to one
# "0" (shingles.py), as datatrove's NUMBERS_PATTERN does, so "2017" and "6" fold alike.
DIGIT: Final = ord("0")
# Code points above the Basic Multilingual Plane (emoji, rare CJK) all take this index
# of the table: they separate tokens. No Vietnamese letter lives there.
TABLE_SIZE: Final = 0x10000 + 1
ASTRAL_INDEX: Final = 0x10000

# The five Vietnamese tone marks as combining characters (grave, acute, tilde, hook
# above, dot below). The other marks (breve, circumflex, horn) make vowel letters.
TONE_MARKS: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")


class DiacriticsFolding(StrEnum):
    KEEP = "keep"
    TONES = "tones"
    ALL = "all"


def _fold_letter(lowered: str, diacritics: DiacriticsFolding) -> int:
    """Folded code point of one lower-cased character that is part of a token."""
    if diacritics is DiacriticsFolding.KEEP:
        return ord(lowered)
    decomposed = unicodedata.normalize("NFD", lowered)
    if diacritics is DiacriticsFolding.ALL:
        kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        kept = kept.replace("đ", "d")
    else:
        kept = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    if not kept:
        return DROPPED  # the character was only a mark
    return ord(kept) if len(kept) == 1 else ord(lowered)


@cache
def folding_table(diacritics: DiacriticsFolding, fold_numbers: bool) -> npt.NDArray[np.uint32]:
    """Code point (BMP; index ``ASTRAL_INDEX`` for the rest) → folded code point.

    Letters, digits and marks (Unicode categories L, N, M) are token characters; the
    rest (punctuation, symbols, spaces, controls) separate tokens.
    """
    table = np.zeros(TABLE_SIZE, dtype=np.uint32)
    for code_point in range(0x10000):
        char = chr(code_point)
        category = unicodedata.category(char)
        if category[0] not in "LNM":
            continue
        if category == "Nd" and fold_numbers:
            table[code_point] = DIGIT
            continue
        lowered = char.lower()
        if len(lowered) != 1:  # "İ" lower-cases to two code points: keep the letter as it is
            lowered = char
        table[code_point] = _fold_letter(lowered, diacritics)
    table[ASTRAL_INDEX] = SEPARATOR
    return table


def fold_text(text: str, diacritics: DiacriticsFolding = DiacriticsFolding.TONES, fold_numbers: bool = True) -> str:
    """The dedup key of one text as a string (for reading and testing; the batch path
    in ``shingles.py`` never builds it): tokens joined by single spaces."""
    table = folding_table(diacritics, fold_numbers)
    tokens: list[str] = []
    current: list[str] = []
    previous = SEPARATOR
    for char in text:
        code_point = ord(char)
        folded = int(table[code_point if code_point < 0x10000 else ASTRAL_INDEX])
        after_digit, previous = previous == DIGIT, folded
        if folded == DROPPED:
            continue
        if folded == SEPARATOR:
            if current:
                tokens.append("".join(current))
                current = []
            continue
        if folded == DIGIT and fold_numbers and after_digit:
            continue  # a digit right after a digit: a number folds to one "0"
        current.append(chr(folded))
    if current:
        tokens.append("".join(current))
    return " ".join(tokens)
