"""Syllables of spam terms split by a separator inside them (``nh.à``, ``c.ái``, ``cư.ợc``).

``folding``'s spelled-out join takes runs of single letters (``n.h.à`` -> ``nha``); spam
also cuts a syllable into pieces of one to three letters (``nh.à c.ái``, ``tr.ực t.iếp``,
``ng.ân h.àng``, ``ch.ứng ch.ỉ``): 11 of the 568 spam check pages of
``bench/spam_check_pages.jsonl`` do. Here a word made of letter pieces held together by
separators, and of nothing else (no digit, no space), is joined when its letters are one
of the syllables of the term lists (``lexicon``; ``TERM_SYLLABLES``).

Only those syllables: any Vietnamese syllable would also join initials and names that
mean nothing to the terms ("m.u" for M.U, "t.hanh" for T.Hạnh, "chi/em"; 391 of the
20,000 texts of the quality benchmark hold one), and the column path would then have
to search every flagged text word by word.

Works on the folded copy (ASCII bytes, lower case); pure, knows nothing of batches.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import re2  # type: ignore[import-untyped]

from vicorpus.spam.lexicon import (
    ADULT_CODED_TERMS,
    ADULT_TERMS,
    CONTACT_TERMS,
    GAMBLING_TERMS,
    KEYWORD_LIST_MARKERS,
    LOAN_TERMS,
    PROMOTION_TERMS,
    REPORTING_TERMS,
    SCAM_CODED_TERMS,
    SCAM_TERMS,
)
from vicorpus.vietnamese.syllables import UNACCENTED_SYLLABLES

# The separators of ``folding``'s spelled-out letters, without the space (a space between
# two pieces makes two words) and without "*", which also stands in for a vowel ("c*ợc"
# is "cược", matched so by the terms' patterns, not "cọc").
SEPARATOR_CLASS: Final = r"[.\-_+~|/'`^]"
_SEPARATOR_BYTES: Final = b".-_+~|/'`^"
_ALNUM: Final = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")


def syllables_of(terms: Iterable[str]) -> frozenset[str]:
    """The Vietnamese syllables (written without marks) of ``terms``; the other words of
    the terms ("casino", "zalo", "18+") are no syllable a split could hide."""
    return frozenset(syllable for term in terms for syllable in term.split(" ")) & UNACCENTED_SYLLABLES


TERM_SYLLABLES: Final = syllables_of(
    (
        *GAMBLING_TERMS,
        *ADULT_TERMS,
        *ADULT_CODED_TERMS,
        *LOAN_TERMS,
        *SCAM_TERMS,
        *SCAM_CODED_TERMS,
        *CONTACT_TERMS,
        *PROMOTION_TERMS,
        *REPORTING_TERMS,
        *KEYWORD_LIST_MARKERS,
    )
)


def split_syllable_pattern(syllables: Iterable[str]) -> str:
    """An RE2 pattern (ASCII) for any of ``syllables`` split by at least one run of
    separators, as a word of its own (``c.ai``, ``ca-i``, ``n.h.a``, not ``xc.ai``).

    Every word ``join_split_syllables`` joins into one of ``syllables`` matches it (a
    match may be part of a longer word, ``c.ai.x``, which is not joined).
    """
    separators, maybe_separators = SEPARATOR_CLASS + "+", SEPARATOR_CLASS + "*"
    forms: list[str] = []
    for syllable in sorted(syllables):
        # The first separator after letter ``cut``; any may follow the later letters.
        for cut in range(1, len(syllable)):
            rest = "".join(letter + maybe_separators for letter in syllable[cut:-1]) + syllable[-1]
            forms.append(syllable[:cut] + separators + rest)
    if not forms:
        return "(?!)"
    return "(?:^|[^a-z0-9])(?:" + "|".join(forms) + ")(?:[^a-z0-9]|$)"


_SPLIT_TERM_SYLLABLE: Final = re2.compile(split_syllable_pattern(TERM_SYLLABLES).encode("ascii"))
# Letter pieces held together by separators; RE2 finds the leftmost start and runs each
# match as far as it goes. A match beside a letter or digit is part of a longer word
# (``x9.ai``, ``ab.cd9``) and is left alone (checked in Python: RE2 has no look-around).
_LETTER_PIECES: Final = re2.compile(rb"[a-z]+(?:" + SEPARATOR_CLASS.encode() + rb"+[a-z]+)+")


def join_split_syllables(folded: bytes) -> bytes:
    """``folded`` with each word of letter pieces and separators whose letters are one of
    ``TERM_SYLLABLES`` joined: ``b"nh.a c.ai uy t.in"`` -> ``b"nha cai uy tin"``;
    ``folded`` itself when there is none."""
    if _SPLIT_TERM_SYLLABLE.search(folded) is None:  # one scan; the words are read only after it
        return folded
    pieces: list[bytes] = []
    copied = 0
    for match in _LETTER_PIECES.finditer(folded):
        start, end = match.start(), match.end()
        if (start and folded[start - 1] in _ALNUM) or (end < len(folded) and folded[end] in _ALNUM):
            continue
        letters = match.group().translate(None, _SEPARATOR_BYTES)
        if letters.decode("ascii") in TERM_SYLLABLES:
            pieces += (folded[copied:start], letters)
            copied = end
    if not pieces:
        return folded
    pieces.append(folded[copied:])
    return b"".join(pieces)
