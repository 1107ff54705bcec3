"""A batch of documents as arrays: characters, whitespace tokens, and a code per word.

Shared by the quality signals and the language evidence: both count per-token facts
("is this word a Vietnamese syllable", "does it carry marks", "is it a stop word").
A word (a token without its edge punctuation) is classified once per process
(:mod:`vicorpus.quality.word_codes`) and remembered in an open-addressing table of 64-bit
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
import polars as pl
import pyarrow as pa

from vicorpus.quality import kernels
from vicorpus.quality.stopwords import PLAIN_FUNCTION_SYLLABLES, VIETNAMESE_ONLY_RE
from vicorpus.quality.word_codes import FINEWEB2_NUMBERS, letters_word_codes
from vicorpus.quality.word_codes import letters_word_code as letters_word_code  # the definition, re-exported
from vicorpus.quality.words import BULLETS, CLOSERS, PUNCTUATION, TERMINAL_PUNCTUATION, classify_token
from vicorpus.user_cache import cached_array, source_key

# Bump when ``character_classes``'s cache file changes meaning, so old files are ignored.
_CLASSES_LAYOUT: Final = 1
_CLASSES_PREFIX: Final = "character-classes-"
# What the table is made of: this module (the walk), the class bits and table size
# (kernels) and the punctuation sets (words); the rest is this Python's ``str`` methods,
# hence its version and Unicode database, which ``source_key`` adds.
_CLASSES_SOURCES: Final = ("vicorpus.quality.tokens", "vicorpus.quality.kernels", "vicorpus.quality.words")


@cache
def character_classes() -> npt.NDArray[np.uint8]:
    """Class bits of every code point below ``CLASS_TABLE_SIZE``, from Python's own
    ``str.isalpha``/``isdigit``/``isspace`` (so tokens are exactly ``str.split()``'s).

    Walking 2^18 code points in Python costs ~20 ms of every process that tokenizes
    (each run and each worker); the table is kept in the user's cache folder, read back
    in well under 1 ms. Built again whenever the cache cannot answer (tested)."""
    try:
        key = source_key((str(_CLASSES_LAYOUT),), _CLASSES_SOURCES)
    except OSError:  # no source file to key on: no cache
        return build_character_classes()
    shape = (kernels.CLASS_TABLE_SIZE,)
    return cached_array(_CLASSES_PREFIX, key, np.dtype(np.uint8), shape, build_character_classes)


def build_character_classes() -> npt.NDArray[np.uint8]:
    """``character_classes`` computed, not read from the cache."""
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
    vocabulary has an unbounded tail, so a table half full is emptied and refilled.
    One row per slot: the hash, then the length and the code packed in one integer
    (``kernels.lookup_into``)."""

    def __init__(self, capacity: int = 1 << 20) -> None:
        # 2^20 slots (16 MB) hold 524,288 words before a refill; all 35,440 Báo Mới
        # articles hold 239,632 distinct tokens.
        if capacity & (capacity - 1):
            raise ValueError("the capacity must be a power of two")
        self.capacity = capacity
        self.rows = np.zeros((capacity, 2), dtype=np.uint64)
        self.size = 0

    def codes_of(
        self,
        buffer: npt.NDArray[np.uint32],
        word_start: npt.NDArray[np.int64],
        word_length: npt.NDArray[np.int64],
        word_hash: npt.NDArray[np.uint64],
        word_shape: npt.NDArray[np.uint8],
    ) -> npt.NDArray[np.int32]:
        """Each token's word code; words not in the table are classified and added."""
        codes = np.empty(word_hash.size, dtype=np.int32)
        if kernels.lookup_into(word_hash, word_length, self.rows, codes) == 0:
            return codes
        unknown = np.flatnonzero(codes == kernels.UNKNOWN)
        # One classification per distinct unknown word (its first occurrence).
        positions, word_of = kernels.distinct_words(word_hash, word_length, unknown)
        if self.size + positions.size > self.capacity // 2:
            self.rows[:] = 0
            self.size = 0
            if positions.size > self.capacity // 2:  # one batch with more distinct words than fit
                return _classified(buffer, word_start, word_length, word_shape)
        new_codes = _classified(buffer, word_start[positions], word_length[positions], word_shape[positions])
        self.size += kernels.insert(self.rows, word_hash[positions], word_length[positions], new_codes)
        codes[unknown] = new_codes[word_of]  # each unknown token gets its word's code, no second lookup
        return codes


def _classified(
    buffer: npt.NDArray[np.uint32],
    word_start: npt.NDArray[np.int64],
    word_length: npt.NDArray[np.int64],
    word_shape: npt.NDArray[np.uint8],
) -> npt.NDArray[np.int32]:
    """Codes of words. A word that is not letters only is no syllable, stop word or
    function word (all of those are letters only: tested), so its shape alone gives its
    code; the others are classified together (``letters_word_codes``)."""
    has_alpha = (word_shape & kernels.WORD_HAS_ALPHA) != 0
    has_alnum = has_alpha | ((word_shape & kernels.WORD_HAS_DIGIT) != 0)
    codes = np.where(has_alpha, kernels.HAS_ALPHA, 0) | np.where(has_alnum, kernels.HAS_ALNUM, 0)
    letters_only = np.flatnonzero((word_shape & kernels.WORD_ALL_ALPHA) != 0)
    if letters_only.size:
        starts, lengths = word_start[letters_only], word_length[letters_only]
        ends = np.cumsum(lengths)
        # Every letters-only word's characters, one after another, classified as arrays.
        gather = np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]))
        codes[letters_only] = letters_word_codes(buffer[gather], lengths)
    return codes.astype(np.int32)


_WORDS = WordTable()


@dataclass(frozen=True, slots=True)
class TokenizedBatch:
    """Documents as one character array, their whitespace tokens and word codes."""

    buffer: npt.NDArray[np.uint32]  # every document's characters, one after another
    doc_offsets: npt.NDArray[np.int64]  # document i is buffer[doc_offsets[i]:doc_offsets[i + 1]]
    token_offsets: npt.NDArray[np.int64]  # document i's tokens are token_offsets[i]:token_offsets[i + 1]
    word_start: npt.NDArray[np.int64]  # the token without edge punctuation (or the token's start)
    word_length: npt.NDArray[np.int64]  # 0 for punctuation-only tokens
    word_hash: npt.NDArray[np.uint64]  # 0 for punctuation-only tokens
    codes: npt.NDArray[np.int32]  # the word's code (kernels bits); 0 for punctuation-only tokens
    newlines: npt.NDArray[np.int64]  # the position in buffer of every "\n"
    line_offsets: npt.NDArray[np.int64]  # document i's are newlines[line_offsets[i]:line_offsets[i + 1]]

    @property
    def classes(self) -> npt.NDArray[np.uint8]:
        return character_classes()


class _LastBatch:
    """The last batch tokenized from a column, kept for the next call: the ``language``
    and ``quality_signals`` stages read the same texts one after the other, and comparing
    the bytes (a memory comparison) costs far less than tokenizing them again."""

    data: npt.NDArray[np.uint8] | None = None
    offsets: npt.NDArray[np.int64] | None = None
    batch: TokenizedBatch | None = None


def _tokenized(
    buffer: npt.NDArray[np.uint32], doc_offsets: npt.NDArray[np.int64], words: WordTable | None
) -> TokenizedBatch:
    classes = character_classes()
    # Room for a token per 4 characters (the benchmark's news, Wikipedia and comments
    # have one per 4.6-5.3 with its space), and as many line breaks (one per ~200
    # characters there): the passes that count them run only for a batch with more.
    room = int(doc_offsets[-1] - doc_offsets[0]) // 4 + doc_offsets.size + 16
    token_offsets = np.empty(doc_offsets.size, dtype=np.int64)
    line_offsets = np.empty(doc_offsets.size, dtype=np.int64)
    arrays = _token_arrays(room)
    newlines = np.empty(room, dtype=np.int64)
    tokens = kernels.tokenize_into(buffer, doc_offsets, classes, token_offsets, *arrays, line_offsets, newlines)
    if tokens < 0:
        arrays = _token_arrays(kernels.token_count(buffer, doc_offsets, classes))
        text = buffer[doc_offsets[0] : doc_offsets[-1]]
        newlines = np.empty(int(np.count_nonzero(text == kernels.NEWLINE)), dtype=np.int64)
        tokens = kernels.tokenize_into(buffer, doc_offsets, classes, token_offsets, *arrays, line_offsets, newlines)
    word_start, word_length, word_hash, word_shape = arrays
    # Shrunk in place (realloc), not copied: the spare room is not kept alive with the
    # batch. Nothing else refers to these new arrays, hence no reference check.
    for array in arrays:
        array.resize(tokens, refcheck=False)
    newlines.resize(int(line_offsets[-1]), refcheck=False)
    codes = (_WORDS if words is None else words).codes_of(buffer, word_start, word_length, word_hash, word_shape)
    return TokenizedBatch(
        buffer, doc_offsets, token_offsets, word_start, word_length, word_hash, codes, newlines, line_offsets
    )


def _token_arrays(
    room: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint64], npt.NDArray[np.uint8]]:
    """Word start, length, hash and shape arrays for ``room`` tokens (``kernels.tokenize_into``)."""
    return (
        np.empty(room, dtype=np.int64),
        np.empty(room, dtype=np.int64),
        np.empty(room, dtype=np.uint64),
        np.empty(room, dtype=np.uint8),
    )


def decode_utf8(
    data: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """Valid UTF-8 strings (an Arrow string column's bytes, and offsets into them from 0)
    as one array of code points, and each string's [start, end) in it. The arrays are
    NumPy's, not the kernel's: NumPy's large allocations may get huge pages (fewer page
    faults), where the process lets it (``vicorpus.huge_pages``)."""
    doc_offsets = np.empty(offsets.size, dtype=np.int64)
    buffer = np.empty(kernels.character_counts(data, offsets, doc_offsets), dtype=np.uint32)
    kernels.decode_utf8_into(data[: offsets[-1]], buffer)
    return buffer, doc_offsets


def tokenize_batch(texts: Sequence[str], words: WordTable | None = None) -> TokenizedBatch:
    """Tokens and word codes of every text (lone surrogates are kept as characters);
    ``words``: the word table to use (default: the process's own)."""
    buffer = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    doc_offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), out=doc_offsets[1:])
    return _tokenized(buffer, doc_offsets, words)


def tokenize_column(texts: pl.Series) -> TokenizedBatch:
    """``tokenize_batch`` of a string column, read from its Arrow bytes (no Python string
    per document); nulls are empty texts."""
    array = texts.fill_null("").to_arrow()
    if not pa.types.is_large_string(array.type):
        array = array.cast(pa.large_string())
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[array.offset : array.offset + len(array) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, dtype=np.uint8)
    data = data[offsets[0] : offsets[-1]] if len(offsets) else data[:0]
    relative = offsets - offsets[0] if len(offsets) else np.zeros(1, dtype=np.int64)
    last = _LastBatch
    if (
        last.batch is not None
        and last.data is not None
        and last.offsets is not None
        and np.array_equal(relative, last.offsets)
        and np.array_equal(data, last.data)
    ):
        return last.batch
    buffer, doc_offsets = decode_utf8(data, relative)
    batch = _tokenized(buffer, doc_offsets, None)
    last.data, last.offsets, last.batch = data, relative, batch
    return batch
