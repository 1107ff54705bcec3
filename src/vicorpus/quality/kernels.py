"""Compiled loops over the characters and tokens of a whole batch of documents (Numba).

Why compiled: every quality signal and the language evidence are per-token and per-line
counts. Done in Python they cost ~1.5 ms per news article (a dict lookup, a Counter and
NumPy calls per token and line; ``bench/bench_quality_vs_fineweb2.py``); here one pass of
machine code per batch does them in tens of microseconds, with no Python object per token.

Input: the batch's text as one UTF-32 array (one element per Python character, so
positions are Python string indices), each document's ``[start, end)`` in it, and a
table of character classes computed from Python's own ``str`` methods
(:mod:`vicorpus.quality.tokens`), so "whitespace", "letter" and "digit" mean exactly
what ``str.split``, ``str.isalpha`` and ``str.isdigit`` mean.

Hashes are 64-bit (words: FNV-1a over code points, then the SplitMix64 finaliser;
n-grams: a polynomial over word hashes). Lines and paragraphs are compared character by
character when their hashes meet; n-grams are not (two different n-grams of one document
share a hash with probability ~2⁻⁶⁴ per pair).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

# Character classes (bits of CHARACTER_CLASSES in tokens.py).
ALPHA, DIGIT, SPACE, PUNCT, BULLET, TERMINAL, CLOSER = 1, 2, 4, 8, 16, 32, 64
CLASS_TABLE_SIZE = 0x40000  # no code point above is a letter, digit or space (tested)

# Word codes (bits of the per-word table): what the quality signals and the language
# evidence count. FineWeb-2's stop word number (1-13) sits in bits 12-15.
HAS_ALPHA, ALPHABETIC, VALID, MARKED, FUNCTION, HAS_ALNUM = 1, 2, 4, 8, 16, 32
UNACCENTED, PLAIN_FUNCTION, VIETNAMESE_ONLY = 64, 128, 256
FINEWEB2_SHIFT = 12
UNKNOWN = -1

_NEWLINE = 10
_HASH = 35
_DOT = 46
_CURLY = 123
_ELLIPSIS = 0x2026
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GRAM_BASE = np.uint64(0x9E3779B97F4A7C15)
_S27, _S30, _S31 = np.uint64(27), np.uint64(30), np.uint64(31)
_ZERO, _ONE = np.uint64(0), np.uint64(1)


@njit(cache=True, inline="always")
def _mix(value: Any) -> Any:
    value = (value ^ (value >> _S30)) * _MIX1
    value = (value ^ (value >> _S27)) * _MIX2
    return value ^ (value >> _S31)


@njit(cache=True, inline="always")
def _class_of(classes: Any, code_point: Any) -> Any:
    return classes[code_point] if code_point < CLASS_TABLE_SIZE else 0


@njit(cache=True)
def _span_hash(buffer: Any, start: int, end: int) -> Any:
    value = _FNV_OFFSET
    for index in range(start, end):
        value = (value ^ np.uint64(buffer[index])) * _FNV_PRIME
    value = _mix(value ^ np.uint64(end - start))
    return value if value != _ZERO else _ONE  # 0 marks an empty slot


@njit(cache=True)
def tokenize(buffer: Any, doc_offsets: Any, classes: Any) -> Any:
    """Whitespace tokens of every document (``str.split()``), and each token's word: the
    token without the punctuation at its ends (``str.strip(PUNCTUATION)``).

    Returns (token_offsets per document, token start, token end, word start, word end,
    word hash; 0 for a token that is punctuation only)."""
    documents = doc_offsets.size - 1
    count = 0
    for doc in range(documents):
        inside = False
        for index in range(doc_offsets[doc], doc_offsets[doc + 1]):
            space = (_class_of(classes, buffer[index]) & SPACE) != 0
            if not space and not inside:
                count += 1
            inside = not space
    token_offsets = np.empty(documents + 1, dtype=np.int64)
    token_start = np.empty(count, dtype=np.int64)
    token_end = np.empty(count, dtype=np.int64)
    word_start = np.empty(count, dtype=np.int64)
    word_end = np.empty(count, dtype=np.int64)
    word_hash = np.empty(count, dtype=np.uint64)
    token = 0
    for doc in range(documents):
        token_offsets[doc] = token
        index, end = doc_offsets[doc], doc_offsets[doc + 1]
        while index < end:
            while index < end and (_class_of(classes, buffer[index]) & SPACE) != 0:
                index += 1
            if index == end:
                break
            start = index
            while index < end and (_class_of(classes, buffer[index]) & SPACE) == 0:
                index += 1
            first, last = start, index
            while first < last and (_class_of(classes, buffer[first]) & PUNCT) != 0:
                first += 1
            while last > first and (_class_of(classes, buffer[last - 1]) & PUNCT) != 0:
                last -= 1
            token_start[token] = start
            token_end[token] = index
            word_start[token] = first
            word_end[token] = last
            word_hash[token] = _span_hash(buffer, first, last) if last > first else _ZERO
            token += 1
    token_offsets[documents] = token
    return token_offsets, token_start, token_end, word_start, word_end, word_hash


@njit(cache=True)
def lookup(word_hash: Any, word_length: Any, keys: Any, lengths: Any, codes: Any) -> Any:
    """Each token's word code from the open-addressing table; UNKNOWN where absent."""
    mask = keys.size - 1
    out = np.empty(word_hash.size, dtype=np.int32)
    for token in range(word_hash.size):
        key = word_hash[token]
        if key == _ZERO:
            out[token] = 0  # punctuation only: no letter, no digit
            continue
        slot = np.int64(key & np.uint64(mask))
        while True:
            if keys[slot] == _ZERO:
                out[token] = UNKNOWN
                break
            if keys[slot] == key and lengths[slot] == word_length[token]:
                out[token] = codes[slot]
                break
            slot = (slot + 1) & mask
    return out


@njit(cache=True)
def insert(keys: Any, lengths: Any, codes: Any, new_hashes: Any, new_lengths: Any, new_codes: Any) -> int:
    """Add words to the table (absent ones only); returns how many were added."""
    mask = keys.size - 1
    added = 0
    for item in range(new_hashes.size):
        key = new_hashes[item]
        slot = np.int64(key & np.uint64(mask))
        while keys[slot] != _ZERO and not (keys[slot] == key and lengths[slot] == new_lengths[item]):
            slot = (slot + 1) & mask
        if keys[slot] == _ZERO:
            keys[slot] = key
            lengths[slot] = new_lengths[item]
            codes[slot] = new_codes[item]
            added += 1
    return added
