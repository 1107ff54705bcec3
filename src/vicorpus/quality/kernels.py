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
NEWLINE = 10  # "\n": lines are ``text.split("\n")``

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
def character_counts(data: Any, offsets: Any, doc_offsets: Any) -> int:
    """How many code points valid UTF-8 strings hold (an Arrow string column's bytes,
    and offsets into them from 0): each string's start among them goes to
    ``doc_offsets`` (one more than the strings); returns the total. A code point is a
    byte that is not a continuation byte (10xxxxxx)."""
    total = 0
    for string in range(offsets.size - 1):
        doc_offsets[string] = total
        count = 0
        # Over a slice, not indices from the offsets: Numba then knows no index is
        # negative, and the loop vectorizes (0.054 s → 0.014 s on the benchmark).
        for byte in data[offsets[string] : offsets[string + 1]]:
            count += 1 if (byte & 0xC0) != 0x80 else 0
        total += count
    doc_offsets[offsets.size - 1] = total
    return total


# The payload bits of a byte, by its high nibble: ASCII, continuation, 2-, 3-, 4-byte lead.
_PAYLOAD_MASK = np.array([0x7F] * 8 + [0x3F] * 4 + [0x1F, 0x1F, 0x0F, 0x07], dtype=np.uint32)
_U32_ONE, _U32_FOUR, _U32_SIX = np.uint32(1), np.uint32(4), np.uint32(6)


@njit(cache=True)
def decode_utf8_into(data: Any, buffer: Any) -> None:
    """The code points of valid UTF-8 bytes, into ``buffer`` (``character_counts`` of them).
    Strings one after another decode as one (each starts with a lead byte).

    Without a branch per code point: a lead byte starts a new code point with its payload
    bits, a continuation byte shifts its 6 bits in, and the code point is stored at every
    byte (the last store is the whole code point). Branching on the sequence length
    mispredicts at every switch between ASCII and accented letters, which Vietnamese
    makes several times a word: 0.33 s → 0.13 s on the benchmark's 108 MB (one loop over
    all the bytes: 0.04 s less than a loop per string). Bytes that are not valid UTF-8
    are not detected (an Arrow string column holds none), but never written outside
    ``buffer``."""
    at = np.int64(-1)  # the code point being decoded
    value = np.uint32(0)
    for index in range(data.size):
        byte = np.uint32(data[index])
        lead = np.uint32((byte & 0xC0) != 0x80)
        # A lead byte clears the bits carried over (lead - 1 is 0), a continuation keeps them.
        value = ((value << _U32_SIX) & (lead - _U32_ONE)) | (byte & _PAYLOAD_MASK[byte >> _U32_FOUR])
        at += np.int64(lead)
        buffer[at] = value


@njit(cache=True, inline="always")
def _put_token(
    token: int,
    token_start: int,
    first: int,
    last: int,
    seen: int,
    word_all: int,
    at_last: Any,
    word_start: Any,
    word_length: Any,
    word_hash: Any,
    word_shape: Any,
) -> None:
    """Write a token's word (``first`` < 0: punctuation only). ``seen``: the class bits
    of any of the token's characters; ``word_all``: those of every character of the word."""
    if first >= 0:
        word_start[token] = first
        word_length[token] = last - first
        value = mix64(at_last ^ np.uint64(last - first))
        word_hash[token] = value if value != _ZERO else _ONE  # 0 marks "no word"
        shape = WORD_HAS_ALPHA if (seen & ALPHA) != 0 else 0
        shape |= WORD_HAS_DIGIT if (seen & DIGIT) != 0 else 0
        word_shape[token] = shape | (WORD_ALL_ALPHA if (word_all & ALPHA) != 0 else 0)
    else:
        word_start[token] = token_start
        word_length[token] = 0
        word_hash[token] = _ZERO
        word_shape[token] = 0


@njit(cache=True)
def tokenize_into(
    buffer: Any,
    doc_offsets: Any,
    classes: Any,
    token_offsets: Any,
    word_start: Any,
    word_length: Any,
    word_hash: Any,
    word_shape: Any,
    line_offsets: Any,
    newlines: Any,
) -> int:
    """Whitespace tokens of every document (``str.split()``), and each token's word: the
    token without the punctuation at its ends (``str.strip(PUNCTUATION)``). Returns the
    number of tokens, or -1 when there are more tokens or line breaks than the arrays hold.

    Fills token_offsets (per document, one more than the documents); the position of
    every "\n" in ``newlines``, and each document's first one in ``line_offsets`` (like
    token_offsets): the language evidence and the line signals walk the lines from these
    instead of each searching the characters for line breaks (a search is 0.044 s of the
    benchmark's 12 batches; the test here, in the whitespace branch only, 0.01-0.04 s
    as the compiled code's layout falls, measured). Per token, the
    word start, length, hash and shape; a token of punctuation only has length 0, hash 0
    and its start where the token starts. The shape says what Python's ``str`` methods
    would: ``WORD_HAS_ALPHA``, ``WORD_HAS_DIGIT``, ``WORD_ALL_ALPHA`` (no punctuation
    character is a letter or a digit, so a letter anywhere in the token is one in the
    word). One pass per character; the word's hash, and the class bits its characters
    all have, are carried along the token and read at its last non-punctuation
    character (OR and AND of the class bits, not counts of letters and digits: 0.39 s →
    0.345 s on the benchmark's 83 M characters).

    The caller allocates the arrays: NumPy's large allocations may get huge pages,
    Numba's do not (their page faults were ~0.1 s of system time a benchmark run, before
    the CLI turned NumPy's huge pages off: ``vicorpus.huge_pages``). Branch-free
    variants (token boundaries and word state by masks) measured 0.69 s against this
    loop's 0.35 s: more work per character than the mispredictions they save."""
    documents = doc_offsets.size - 1
    capacity = word_start.size
    token = lines = 0
    for doc in range(documents):
        token_offsets[doc] = token
        line_offsets[doc] = lines
        inside = False
        token_start = first = last = -1
        seen = every = word_all = 0
        running = at_last = FNV_OFFSET
        # A slice per document: its indices are known not to be negative (no wraparound
        # test per character; 3 % faster).
        base = doc_offsets[doc]
        text = buffer[base : doc_offsets[doc + 1]]
        for offset in range(text.size):
            code_point = text[offset]
            index = base + offset
            bits = class_of(classes, code_point)
            if (bits & SPACE) != 0:
                if inside:
                    if token == capacity:
                        return -1
                    _put_token(
                        token, token_start, first, last, seen, word_all, at_last,
                        word_start, word_length, word_hash, word_shape,
                    )  # fmt: skip
                    token += 1
                    inside = False
                if code_point == NEWLINE:
                    if lines == newlines.size:
                        return -1
                    newlines[lines] = index
                    lines += 1
                continue
            if not inside:
                inside = True
                token_start = index
                first = -1
                seen = 0
            seen |= bits
            if first >= 0:
                running = (running ^ np.uint64(code_point)) * FNV_PRIME
                every &= bits
            if (bits & PUNCT) == 0:
                if first < 0:
                    first = index
                    running = (FNV_OFFSET ^ np.uint64(code_point)) * FNV_PRIME
                    every = bits
                last = index + 1
                at_last = running
                word_all = every
        if inside:  # the document's last token
            if token == capacity:
                return -1
            _put_token(
                token, token_start, first, last, seen, word_all, at_last,
                word_start, word_length, word_hash, word_shape,
            )  # fmt: skip
            token += 1
    token_offsets[documents] = token
    line_offsets[documents] = lines
    return token


@njit(cache=True)
def token_count(buffer: Any, doc_offsets: Any, classes: Any) -> int:
    """How many whitespace tokens the documents hold."""
    count = 0
    for doc in range(doc_offsets.size - 1):
        inside = False
        for index in range(doc_offsets[doc], doc_offsets[doc + 1]):
            space = (class_of(classes, buffer[index]) & SPACE) != 0
            if not space and not inside:
                count += 1
            inside = not space
    return count


# A word table row: the word's hash, then its length (high 32 bits) and code (low 32).
# One row per slot puts a probe's key, length and code in one cache line (three
# separate arrays cost three misses): 0.11 s → 0.07 s for the benchmark's 18 M lookups.
_LENGTH_SHIFT = np.uint64(32)
_CODE_BITS = np.uint64(0xFFFFFFFF)
# A longer word's length does not fit its row: it is never put in the table, and looked
# up as this length plus one, which no row has.
MAX_TABLE_WORD_LENGTH = (1 << 32) - 2


@njit(cache=True, inline="always")
def _slot_of(rows: Any, key: Any, length: Any) -> Any:
    """The slot of the word (hash ``key``, ``length``) in the table, or the empty slot
    where it would go."""
    mask = rows.shape[0] - 1
    slot = np.int64(key & np.uint64(mask))
    wanted = np.uint64(length) << _LENGTH_SHIFT
    while rows[slot, 0] != _ZERO and not (rows[slot, 0] == key and (rows[slot, 1] & ~_CODE_BITS) == wanted):
        slot = (slot + 1) & mask
    return slot


@njit(cache=True)
def lookup_into(word_hash: Any, word_length: Any, rows: Any, out: Any) -> int:
    """Each token's word code from the open-addressing table (``rows``, see above);
    UNKNOWN where absent. Returns how many are UNKNOWN. (The probe is spelled out, not
    ``_slot_of``: reading each word of the row once is ~15 % faster.)"""
    mask = rows.shape[0] - 1
    unknown = 0
    for token in range(word_hash.size):
        key = word_hash[token]
        if key == _ZERO:
            out[token] = 0  # punctuation only: no letter, no digit
            continue
        slot = np.int64(key & np.uint64(mask))
        wanted = np.uint64(min(word_length[token], MAX_TABLE_WORD_LENGTH + 1)) << _LENGTH_SHIFT
        while True:
            stored = rows[slot, 0]
            if stored == _ZERO:
                out[token] = UNKNOWN
                unknown += 1
                break
            packed = rows[slot, 1]
            if stored == key and (packed & ~_CODE_BITS) == wanted:
                out[token] = np.int32(packed & _CODE_BITS)
                break
            slot = (slot + 1) & mask
    return unknown


@njit(cache=True)
def insert(rows: Any, new_hashes: Any, new_lengths: Any, new_codes: Any) -> int:
    """Add words to the table (absent ones only); returns how many were added. A word
    longer than ``MAX_TABLE_WORD_LENGTH`` is left out: it stays unknown, classified
    again in each batch that has it."""
    added = 0
    for item in range(new_hashes.size):
        key, length = new_hashes[item], new_lengths[item]
        if length > MAX_TABLE_WORD_LENGTH:
            continue
        slot = _slot_of(rows, key, length)
        if rows[slot, 0] == _ZERO:
            rows[slot, 0] = key
            rows[slot, 1] = (np.uint64(length) << _LENGTH_SHIFT) | np.uint64(new_codes[item])
            added += 1
    return added


@njit(cache=True)
def _grown(keys: Any, lengths: Any, numbers: Any) -> tuple[Any, Any, Any]:
    bigger_keys = np.zeros(2 * keys.size, dtype=np.uint64)
    bigger_lengths = np.zeros(2 * keys.size, dtype=np.int64)
    bigger_numbers = np.zeros(2 * keys.size, dtype=np.int64)
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
        bigger_numbers[slot] = numbers[old]
    return bigger_keys, bigger_lengths, bigger_numbers


@njit(cache=True)
def distinct_words(word_hash: Any, word_length: Any, tokens: Any) -> tuple[Any, Any]:
    """The items of ``tokens`` (increasing token numbers, words with letters or digits)
    whose word (hash and length) no earlier item has, in order; and for each item, the
    number of its word in that list (so the words' codes spread back to every item
    without looking them up again). The set grows with the distinct words (tens of
    thousands per batch), not the tokens (over a million): a small table stays in
    cache, and this is linear where sorting the hashes is not."""
    keys = np.zeros(1 << 12, dtype=np.uint64)
    lengths = np.zeros(1 << 12, dtype=np.int64)
    numbers = np.zeros(1 << 12, dtype=np.int64)
    firsts = np.empty(tokens.size, dtype=np.int64)
    word_of = np.empty(tokens.size, dtype=np.int64)
    count = 0
    for item in range(tokens.size):
        token = tokens[item]
        key = word_hash[token]
        mask = keys.size - 1
        slot = np.int64(key & np.uint64(mask))
        while keys[slot] != _ZERO and not (keys[slot] == key and lengths[slot] == word_length[token]):
            slot = (slot + 1) & mask
        if keys[slot] != _ZERO:
            word_of[item] = numbers[slot]
            continue
        keys[slot] = key
        lengths[slot] = word_length[token]
        numbers[slot] = count
        firsts[count] = token
        word_of[item] = count
        count += 1
        if 2 * count > keys.size:
            keys, lengths, numbers = _grown(keys, lengths, numbers)
    return firsts[:count], word_of
