"""Words of a document as the quality signals see them: whitespace-separated tokens.

Vietnamese writes one syllable per token, so splitting on whitespace gives syllables
(plus numbers, punctuation runs, URLs). FineWeb-2 and Gopher count words with a word
tokenizer (pyvi for Vietnamese, which joins syllables into words like "Hà_Nội"); here
the unit is the syllable, so every threshold is re-derived (see ``docs/quality.md``).

Each distinct token is classified once and remembered (a corpus has a few hundred
thousand distinct tokens, a document repeats most of its own), so the per-token cost is
a dict lookup.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from vicorpus.quality.stopwords import FINEWEB2_STOPWORDS, FUNCTION_SYLLABLES
from vicorpus.vietnamese.syllables import is_unaccented_syllable, is_valid_syllable

# Punctuation stripped from both ends of a token before it is looked at; Gopher and
# datatrove count a token made only of these as a "symbol" token, not a word.
PUNCTUATION: Final = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»‹›‘’‚‛“”„‟–—―‐‑‒…·•‧※¡¿、。，：；！？（）【】《》〈〉「」『』"
# Characters that end a sentence, for "lines ending in terminal punctuation" (a line
# may close a quotation or bracket after it: «… hết.» , (xem trên.)).
TERMINAL_PUNCTUATION: Final = ".!?…。！？‼⁇⁈⁉"
CLOSERS: Final = "\"'”’»)]"
# Bullets that start list lines (Gopher counts "•" and "-"; web text also uses these).
BULLETS: Final = ("•", "-", "–", "—", "*", "·", "●", "▪", "►", "+", "✓", "✔")
_VIETNAMESE_ONLY: Final = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")


class TokenInfo(NamedTuple):
    """What a token is, computed once per distinct token."""

    word: str  # the token without edge punctuation ("" for a symbol-only token)
    has_alpha: bool  # at least one letter
    has_alnum: bool  # at least one letter or digit (a "non-symbol word")
    alphabetic: bool  # letters only
    valid_syllable: bool  # a Vietnamese syllable, with or without tone marks
    marked: bool  # carries Vietnamese marks (a letter outside ASCII that Vietnamese uses)
    unaccented_syllable: bool  # ASCII letters that spell a syllable with its marks removed (muon)
    function_syllable: bool  # a Vietnamese function syllable (stopwords.FUNCTION_SYLLABLES)
    fineweb2_stopword: str | None  # which FineWeb-2 stop word it is, lower-cased


def is_marked(word: str) -> bool:
    """Whether ``word`` carries a Vietnamese mark (a letter outside ASCII that Vietnamese uses)."""
    if word.isascii():
        return False
    return any(ch in _VIETNAMESE_ONLY or "\u00c0" <= ch <= "\u1ef9" for ch in word)


def classify_token(token: str) -> TokenInfo:
    """What ``token`` is (its edge punctuation removed first)."""
    word = token.strip(PUNCTUATION)
    alphabetic = word.isalpha()
    has_alpha = alphabetic or any(ch.isalpha() for ch in word)
    has_alnum = has_alpha or any(ch.isdigit() for ch in word)
    valid = alphabetic and is_valid_syllable(word)
    lower = word.lower()
    return TokenInfo(
        word,
        has_alpha,
        has_alnum,
        alphabetic,
        valid,
        valid and is_marked(word),
        alphabetic and is_unaccented_syllable(word),
        lower in FUNCTION_SYLLABLES,
        lower if lower in FINEWEB2_STOPWORDS else None,
    )


class _TokenTable(dict[str, TokenInfo]):
    def __missing__(self, token: str) -> TokenInfo:
        if len(self) >= _TABLE_LIMIT:
            self.clear()  # the tail of a corpus vocabulary is unbounded
        info = self[token] = classify_token(token)
        return info


# Each table is bounded (a corpus vocabulary has an unbounded tail; all 35,440 baomoi
# articles hold 239,632 distinct tokens): 200,000 entries cost tens of MB per worker,
# and a full table is emptied and refilled as it goes.
_TABLE_LIMIT: Final = 200_000
TOKENS: Final = _TokenTable()


class _WordTable(dict[str, str]):
    """token -> its word (edge punctuation removed), "" for symbol-only tokens."""

    def __missing__(self, token: str) -> str:
        if len(self) >= _TABLE_LIMIT:
            self.clear()
        info = TOKENS[token]
        word = self[token] = info.word if info.has_alnum else ""
        return word


WORDS: Final = _WordTable()


# Per distinct token, the flags the signals count, as one small integer: a document's
# counts are then a Counter over at most 64 codes, built in C.
HAS_ALPHA, ALPHABETIC, VALID, MARKED, FUNCTION, FINEWEB2 = 1, 2, 4, 8, 16, 32


class _CodeTable(dict[str, int]):
    def __missing__(self, token: str) -> int:
        if len(self) >= _TABLE_LIMIT:
            self.clear()
        info = TOKENS[token]
        code = (
            (HAS_ALPHA if info.has_alpha else 0)
            | (ALPHABETIC if info.alphabetic else 0)
            | (VALID if info.valid_syllable else 0)
            | (MARKED if info.marked else 0)
            | (FUNCTION if info.has_alnum and info.function_syllable else 0)
            | (FINEWEB2 if info.has_alnum and info.fineweb2_stopword else 0)
        )
        self[token] = code
        return code


CODES: Final = _CodeTable()
