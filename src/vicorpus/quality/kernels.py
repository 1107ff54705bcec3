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
# Word shapes (what tokenize reports of each word, from the character classes).
WORD_HAS_ALPHA, WORD_HAS_DIGIT, WORD_ALL_ALPHA = 1, 2, 4

FNV_OFFSET = np.uint64(0xCBF29CE484222325)
FNV_PRIME = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_S27, _S30, _S31 = np.uint64(27), np.uint64(30), np.uint64(31)
_ZERO, _ONE = np.uint64(0), np.uint64(1)


@njit(cache=True, inline="always")
def mix64(value: Any) -> Any:
    """SplitMix64's finaliser: every bit of the result depends on every bit of ``value``."""
    value = (value ^ (value >> _S30)) * _MIX1
    value = (value ^ (value >> _S27)) * _MIX2
    return value ^ (value >> _S31)


@njit(cache=True, inline="always")
def class_of(classes: Any, code_point: Any) -> Any:
    """The class bits of a code point (0 above the table: no letter, digit or space there)."""
    return classes[code_point] if code_point < CLASS_TABLE_SIZE else 0


@njit(cache=True)
def decode_utf8(data: Any, offsets: Any) -> Any:
    """Valid UTF-8 strings (an Arrow string column's bytes and offsets) as one array of
    code points, and each string's [start, end) in it."""
    strings = offsets.size - 1
    first, last = offsets[0], offsets[strings]
    count = 0
    for index in range(first, last):
        count += 1 if (data[index] & 0xC0) != 0x80 else 0
    buffer = np.empty(count, dtype=np.uint32)
    doc_offsets = np.empty(strings + 1, dtype=np.int64)
    at = 0
    for string in range(strings):
        doc_offsets[string] = at
        index, end = offsets[string], offsets[string + 1]
        while index < end:
            lead = np.uint32(data[index])
            if lead < 0x80:
                buffer[at] = lead
                index += 1
            elif lead < 0xE0:
                buffer[at] = ((lead & 0x1F) << 6) | (np.uint32(data[index + 1]) & 0x3F)
                index += 2
            elif lead < 0xF0:
                buffer[at] = (
                    ((lead & 0x0F) << 12)
                    | ((np.uint32(data[index + 1]) & 0x3F) << 6)
                    | (np.uint32(data[index + 2]) & 0x3F)
                )
                index += 3
            else:
                buffer[at] = (
                    ((lead & 0x07) << 18)
                    | ((np.uint32(data[index + 1]) & 0x3F) << 12)
                    | ((np.uint32(data[index + 2]) & 0x3F) << 6)
                    | (np.uint32(data[index + 3]) & 0x3F)
                )
                index += 4
            at += 1
    doc_offsets[strings] = at
    return buffer, doc_offsets


@njit(cache=True)
def tokenize(buffer: Any, doc_offsets: Any, classes: Any) -> Any:
    """Whitespace tokens of every document (``str.split()``), and each token's word: the
    token without the punctuation at its ends (``str.strip(PUNCTUATION)``).

    Returns (token_offsets per document, word start, word length, word hash, word shape);
    a token of punctuation only has length 0, hash 0 and its start where the token starts.
    The shape says what Python's ``str`` methods would: ``WORD_HAS_ALPHA``,
    ``WORD_HAS_DIGIT``, ``WORD_ALL_ALPHA`` (no punctuation character is a letter or a
    digit, so counting over the token counts over the word). One pass per character;
    the word's hash is carried along the token and read at its last non-punctuation
    character."""
    # Room for a token per 4 characters (the benchmark's news, Wikipedia and comments
    # have one per 4.6-5.3 with its space): the pass that counts the tokens first runs
    # only for a batch with more.
    guess = (doc_offsets[-1] - doc_offsets[0]) // 4 + doc_offsets.size + 16
    found = _tokenize_into(buffer, doc_offsets, classes, guess)
    if found[0][-1] < 0:
        found = _tokenize_into(buffer, doc_offsets, classes, _token_count(buffer, doc_offsets, classes))
    token_offsets, word_start, word_length, word_hash, word_shape = found
    tokens = token_offsets[-1]
    if tokens == word_start.size:
        return found
    # Copies of the used part: the spare room is not kept alive with the batch.
    return (
        token_offsets,
        word_start[:tokens].copy(),
        word_length[:tokens].copy(),
        word_hash[:tokens].copy(),
        word_shape[:tokens].copy(),
    )


@njit(cache=True)
def _token_count(buffer: Any, doc_offsets: Any, classes: Any) -> int:
    documents = doc_offsets.size - 1
    count = 0
    for doc in range(documents):
        inside = False
        for index in range(doc_offsets[doc], doc_offsets[doc + 1]):
            space = (class_of(classes, buffer[index]) & SPACE) != 0
            if not space and not inside:
                count += 1
            inside = not space
    return count


@njit(cache=True)
def _tokenize_into(buffer: Any, doc_offsets: Any, classes: Any, capacity: int) -> Any:
    """``tokenize`` with room for ``capacity`` tokens; the last token offset is -1 when
    there are more."""
    documents = doc_offsets.size - 1
    token_offsets = np.empty(documents + 1, dtype=np.int64)
    word_start = np.empty(capacity, dtype=np.int64)
    word_length = np.empty(capacity, dtype=np.int64)
    word_hash = np.empty(capacity, dtype=np.uint64)
    word_shape = np.empty(capacity, dtype=np.uint8)
    token = 0
    for doc in range(documents):
        token_offsets[doc] = token
        end = doc_offsets[doc + 1]
        inside = False
        token_start = first = last = -1
        letters = digits = 0
        running = at_last = FNV_OFFSET
        for index in range(doc_offsets[doc], end + 1):
            code_point = buffer[index] if index < end else 32
            bits = class_of(classes, code_point) if index < end else SPACE
            if (bits & SPACE) != 0:
                if inside:
                    if token == capacity:
                        token_offsets[documents] = -1
                        return token_offsets, word_start, word_length, word_hash, word_shape
                    if first >= 0:
                        word_start[token] = first
                        word_length[token] = last - first
                        value = mix64(at_last ^ np.uint64(last - first))
                        word_hash[token] = value if value != _ZERO else _ONE  # 0 marks "no word"
                        shape = WORD_HAS_ALPHA if letters else 0
                        shape |= WORD_HAS_DIGIT if digits else 0
                        word_shape[token] = shape | (WORD_ALL_ALPHA if letters == last - first else 0)
                    else:
                        word_start[token] = token_start
                        word_length[token] = 0
                        word_hash[token] = _ZERO
                        word_shape[token] = 0
                    token += 1
                    inside = False
                continue
            if not inside:
                inside = True
                token_start = index
                first = -1
                letters = digits = 0
            letters += 1 if (bits & ALPHA) != 0 else 0
            digits += 1 if (bits & DIGIT) != 0 else 0
            if first >= 0:
                running = (running ^ np.uint64(code_point)) * FNV_PRIME
            if (bits & PUNCT) == 0:
                if first < 0:
                    first = index
                    running = (FNV_OFFSET ^ np.uint64(code_point)) * FNV_PRIME
                last = index + 1
                at_last = running
    token_offsets[documents] = token
    return token_offsets, word_start, word_length, word_hash, word_shape


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


@njit(cache=True)
def _grown(keys: Any, lengths: Any) -> tuple[Any, Any]:
    bigger_keys = np.zeros(2 * keys.size, dtype=np.uint64)
    bigger_lengths = np.zeros(2 * keys.size, dtype=np.int64)
    mask = bigger_keys.size - 1
    for old in range(keys.size):
        key = keys[old]
        if key == _ZERO:
            continue
        slot = np.int64(key & np.uint64(mask))
        while bigger_keys[slot] != _ZERO:
            slot = (slot + 1) & mask
        bigger_keys[slot] = key
        bigger_lengths[slot] = lengths[old]
    return bigger_keys, bigger_lengths


@njit(cache=True)
def first_occurrences(word_hash: Any, word_length: Any, tokens: Any) -> Any:
    """The items of ``tokens`` (increasing token numbers, words with letters or digits)
    whose word (hash and length) no earlier item has, in order. The set grows with the
    distinct words (tens of thousands per batch), not the tokens (over a million): a
    small table stays in cache, and this is linear where sorting the hashes is not."""
    keys = np.zeros(1 << 12, dtype=np.uint64)
    lengths = np.zeros(1 << 12, dtype=np.int64)
    out = np.empty(tokens.size, dtype=np.int64)
    count = 0
    for item in range(tokens.size):
        token = tokens[item]
        key = word_hash[token]
        mask = keys.size - 1
        slot = np.int64(key & np.uint64(mask))
        while keys[slot] != _ZERO and not (keys[slot] == key and lengths[slot] == word_length[token]):
            slot = (slot + 1) & mask
        if keys[slot] != _ZERO:
            continue
        keys[slot] = key
        lengths[slot] = word_length[token]
        out[count] = token
        count += 1
        if 2 * count > keys.size:
            keys, lengths = _grown(keys, lengths)
    return out[:count]
