"""Spam terms matched with their diacritics, where folding would make them news words.

The folded copy (``folding``) is what makes matching evasion-resistant, but it merges
words: "lô về" (a lottery number came out) and "lo về" (to worry about) both fold to
``lo ve``. The few such terms (``lexicon.ACCENTED_GAMBLING_TERMS`` and
``ACCENTED_PROMOTION_TERMS``) are matched on the text itself instead, in NFC, as whole
words, written in lower case, with a capital first letter, with every word capitalised
or in capitals ("Lô về", "Lô Về", "LÔ VỀ"): the case styles of headings and posts. No
other case mix is matched, so that the column scan (``ACCENTED_PREFILTER_PATTERN``,
literals only) finds every text that may hold one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

import re2  # type: ignore[import-untyped]

from vicorpus.spam.lexicon import ACCENTED_GAMBLING_TERMS, ACCENTED_PROMOTION_TERMS
from vicorpus.text.stream_safe import safe_nfc


def case_variants(term: str) -> tuple[str, ...]:
    """The ways a term is matched: as listed (lower case), capitalised, title case, capitals."""
    return tuple(dict.fromkeys((term, term[0].upper() + term[1:], term.title(), term.upper())))


def _alternation(terms: tuple[str, ...]) -> str:
    return "|".join(variant for term in terms for variant in case_variants(term))


# Terms are letters and single spaces only (tests/test_spam.py checks), so the same
# alternation is a valid pattern for Python's ``re`` and for the Rust engine of Polars.
_ACCENTED_RE: Final = re.compile(
    rf"(?<!\w)(?:({_alternation(ACCENTED_GAMBLING_TERMS)})|({_alternation(ACCENTED_PROMOTION_TERMS)}))(?!\w)"
)
# Every text in NFC with a match holds one of these literals. A search for them alone is
# fast: for a whole column (``spam.column``, Polars) 0.015-0.03 s for the benchmark's
# 110 MB, against 0.05 s with the engine's case-insensitive mode; for one text (RE2)
# 0.09 s for its 300 longest texts (26 M characters), against 0.84 s for the full
# pattern with Python's engine (the look-behind leaves it no literal to seek).
ACCENTED_PREFILTER_PATTERN: Final = _alternation(ACCENTED_GAMBLING_TERMS + ACCENTED_PROMOTION_TERMS)
# Over UTF-8 bytes: a Python text may hold lone surrogates, which the codec passes through.
_PREFILTER_RE: Final = re2.compile(ACCENTED_PREFILTER_PATTERN.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class AccentedHits:
    """Hits of the accented term lists in one text."""

    gambling: int = 0
    promotion: int = 0


NO_HITS: Final = AccentedHits()


def accented_hits(text: str) -> AccentedHits:
    """The accented gambling and promotion terms in ``text`` (read in NFC)."""
    if not unicodedata.is_normalized("NFC", text):
        text = safe_nfc(text)
    if _PREFILTER_RE.search(text.encode("utf-8", "surrogatepass")) is None:
        return NO_HITS
    gambling = promotion = 0
    for match in _ACCENTED_RE.finditer(text):
        if match.lastindex == 1:
            gambling += 1
        else:
            promotion += 1
    return AccentedHits(gambling, promotion) if gambling or promotion else NO_HITS
