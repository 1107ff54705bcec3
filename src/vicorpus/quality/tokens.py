"""A batch of documents as arrays: characters, whitespace tokens, and a code per word.

Shared by the quality signals and the language evidence: both count per-token facts
("is this word a Vietnamese syllable", "does it carry marks", "is it a stop word").
A word (a token without its edge punctuation) is classified in Python once per process
(:mod:`vicorpus.quality.words`) and remembered in an open-addressing table of 64-bit
word hashes that the compiled loops read (:mod:`vicorpus.quality.kernels`); after the
first batches almost every word of a new document is already there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

import numpy as np
import numpy.typing as npt

from vicorpus.quality import kernels
from vicorpus.quality.stopwords import FINEWEB2_STOPWORDS, PLAIN_FUNCTION_SYLLABLES, VIETNAMESE_ONLY_RE
from vicorpus.quality.words import BULLETS, CLOSERS, PUNCTUATION, TERMINAL_PUNCTUATION, classify_token

# FineWeb-2's stop words, numbered 1-13 in a fixed order (0 = none) inside a word code.
FINEWEB2_NUMBERS: Final = {word: number for number, word in enumerate(sorted(FINEWEB2_STOPWORDS), start=1)}


@cache
def character_classes() -> npt.NDArray[np.uint8]:
    """Class bits of every code point below ``CLASS_TABLE_SIZE``, from Python's own
    ``str.isalpha``/``isdigit``/``isspace`` (so tokens are exactly ``str.split()``'s)."""
    classes = np.zeros(kernels.CLASS_TABLE_SIZE, dtype=np.uint8)
    for code_point in range(kernels.CLASS_TABLE_SIZE):
        character = chr(code_point)
        bits = kernels.ALPHA if character.isalpha() else 0
        bits |= kernels.DIGIT if character.isdigit() else 0
        bits |= kernels.SPACE if character.isspace() else 0
        if bits:
            classes[code_point] = bits
    for characters, bit in (
        (PUNCTUATION, kernels.PUNCT),
        (BULLETS, kernels.BULLET),
        (TERMINAL_PUNCTUATION, kernels.TERMINAL),
        (CLOSERS, kernels.CLOSER),
    ):
        for character in characters:
            classes[ord(character)] |= bit
    return classes


def word_code(word: str) -> int:
    """The code of a word (a token without edge punctuation): bits of ``kernels``."""
    info = classify_token(word)
    code = (kernels.HAS_ALPHA if info.has_alpha else 0) | (kernels.HAS_ALNUM if info.has_alnum else 0)
    if info.alphabetic:
        code |= kernels.ALPHABETIC
        if info.valid_syllable:
            code |= kernels.VALID
            if info.marked:
                code |= kernels.MARKED
                code |= kernels.VIETNAMESE_ONLY if VIETNAMESE_ONLY_RE.search(info.word) else 0
        if info.unaccented_syllable:
            code |= kernels.UNACCENTED
            code |= kernels.PLAIN_FUNCTION if info.word.lower() in PLAIN_FUNCTION_SYLLABLES else 0
    if info.has_alnum:
        code |= kernels.FUNCTION if info.function_syllable else 0
        number = FINEWEB2_NUMBERS.get(info.fineweb2_stopword or "", 0)
        code |= number << kernels.FINEWEB2_SHIFT
    return code


class WordTable:
    """word hash (and length) -> word code, for the compiled lookup. Bounded: a corpus
    vocabulary has an unbounded tail, so a table half full is emptied and refilled."""

    def __init__(self, capacity: int = 1 << 20) -> None:
        # 2^20 slots (20 MB) hold 524,288 words before a refill; all 35,440 Báo Mới
        # articles hold 239,632 distinct tokens.
        if capacity & (capacity - 1):
            raise ValueError("the capacity must be a power of two")
        self.capacity = capacity
        self.keys = np.zeros(capacity, dtype=np.uint64)
        self.lengths = np.zeros(capacity, dtype=np.int64)
        self.codes = np.zeros(capacity, dtype=np.int32)
        self.size = 0

    def codes_of(
        self,
        text: str,
        word_start: npt.NDArray[np.int64],
        word_end: npt.NDArray[np.int64],
        word_hash: npt.NDArray[np.uint64],
    ) -> npt.NDArray[np.int32]:
        lengths = word_end - word_start
        codes: npt.NDArray[np.int32] = kernels.lookup(word_hash, lengths, self.keys, self.lengths, self.codes)
        unknown = np.flatnonzero(codes == kernels.UNKNOWN)
        if unknown.size == 0:
            return codes
        # One classification per distinct unknown word (first occurrence of each hash).
        _, first = np.unique(word_hash[unknown], return_index=True)
        positions = unknown[np.sort(first)]
        if self.size + positions.size > self.capacity // 2:
            self.keys[:] = 0
            self.size = 0
            if positions.size > self.capacity // 2:  # one batch with more distinct words than fit
                return np.fromiter(
                    (
                        word_code(text[start:end]) if end > start else 0
                        for start, end in zip(word_start.tolist(), word_end.tolist(), strict=True)
                    ),
                    dtype=np.int32,
                    count=word_start.size,
                )
        new_codes = np.fromiter(
            (
                word_code(text[start:end])
                for start, end in zip(word_start[positions].tolist(), word_end[positions].tolist(), strict=True)
            ),
            dtype=np.int32,
            count=positions.size,
        )
        self.size += kernels.insert(
            self.keys, self.lengths, self.codes, word_hash[positions], lengths[positions], new_codes
        )
        resolved: npt.NDArray[np.int32] = kernels.lookup(
            word_hash[unknown], lengths[unknown], self.keys, self.lengths, self.codes
        )
        codes[unknown] = resolved
        return codes


_WORDS = WordTable()


@dataclass(frozen=True, slots=True)
class TokenizedBatch:
    """Documents as one character array, their whitespace tokens and word codes."""

    buffer: npt.NDArray[np.uint32]  # every document's characters, one after another
    doc_offsets: npt.NDArray[np.int64]  # document i is buffer[doc_offsets[i]:doc_offsets[i + 1]]
    token_offsets: npt.NDArray[np.int64]  # document i's tokens are token_offsets[i]:token_offsets[i + 1]
    token_start: npt.NDArray[np.int64]
    token_end: npt.NDArray[np.int64]
    word_start: npt.NDArray[np.int64]  # the token without edge punctuation
    word_end: npt.NDArray[np.int64]
    word_hash: npt.NDArray[np.uint64]  # 0 for punctuation-only tokens
    codes: npt.NDArray[np.int32]  # the word's code (kernels bits); 0 for punctuation-only tokens

    @property
    def classes(self) -> npt.NDArray[np.uint8]:
        return character_classes()


def tokenize_batch(texts: Sequence[str], words: WordTable | None = None) -> TokenizedBatch:
    """Tokens and word codes of every text (lone surrogates are kept as characters);
    ``words``: the word table to use (default: the process's own)."""
    joined = "".join(texts)
    buffer = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    doc_offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), out=doc_offsets[1:])
    classes = character_classes()
    token_offsets, token_start, token_end, word_start, word_end, word_hash = kernels.tokenize(
        buffer, doc_offsets, classes
    )
    codes = (_WORDS if words is None else words).codes_of(joined, word_start, word_end, word_hash)
    return TokenizedBatch(
        buffer, doc_offsets, token_offsets, token_start, token_end, word_start, word_end, word_hash, codes
    )
