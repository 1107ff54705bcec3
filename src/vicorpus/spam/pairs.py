"""The most frequent pair of adjacent words of a folded copy, counted in one compiled pass.

``signals.top_pair_repeats_plain`` is the definition (words are the runs of ASCII letters;
the count of the most frequent pair of adjacent words). In Python it costs a dict look-up
and a few objects per word: on the pages that give a contact (long pages, ~3,000 words
each) it took 0.2 s of the 1.5 s the ``spam_filter`` stage spent on 16,586 web pages;
here 0.05 s. It takes no Python object per word, and no hash collision can change the
count:

- a word of up to 8 letters is its own key (its bytes as one integer; a letter is never
  a zero byte, so different words are different integers); a longer word is keyed by a
  hash, and words with equal hashes are compared byte by byte;
- words are numbered in an open-addressing table (most pages use a few hundred distinct
  words: the slots in use stay in cache);
- pairs are counted grouped by their first word, with one counter per distinct word.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from vicorpus.quality.kernels import FNV_OFFSET, FNV_PRIME, mix64

_PACKED = 8  # letters that fit in one 64-bit key
_FIBONACCI = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio: spreads keys over the slots


@njit(cache=True, inline="always")
def _is_letter(byte: Any) -> Any:
    # ASCII letters only, as ``signals._LETTERS_ONLY`` keeps (bytes above 127 are no letters there).
    return (65 <= byte <= 90) or (97 <= byte <= 122)


@njit(cache=True, inline="always")
def _home(key: Any, bits: Any) -> Any:
    return np.int64((key * _FIBONACCI) >> np.uint64(64 - bits))


@njit(cache=True)
def _long_key(data: Any, start: Any, end: Any) -> Any:
    value = FNV_OFFSET
    for index in range(start, end):
        value = (value ^ np.uint64(data[index])) * FNV_PRIME
    return mix64(value)


@njit(cache=True)
def _same_bytes(data: Any, one: Any, other: Any, length: Any) -> Any:
    for offset in range(length):  # noqa: SIM110 (Numba compiles loops, not generators)
        if data[one + offset] != data[other + offset]:
            return False
    return True


@njit(cache=True)
def _count_words(data: Any) -> Any:
    words = 0
    previous = False
    for index in range(data.size):
        letter = _is_letter(data[index])
        words += letter and not previous
        previous = letter
    return words


@njit(cache=True)
def word_numbers(data: Any) -> Any:  # pragma: no cover - compiled
    """Each word of ``data`` (a uint8 array; words are the runs of ASCII letters) numbered
    in order of first occurrence: equal words, equal numbers; different words, different
    numbers. Returns (numbers, how many distinct words)."""
    words = _count_words(data)
    numbers = np.empty(words, dtype=np.int64)
    # At most half full whatever the words. The slots are zeroed lazily by the system
    # (np.zeros): a page is only touched when a distinct word lands on it.
    bits = 4
    while (1 << bits) < 2 * words:
        bits += 1
    mask = (1 << bits) - 1
    keys = np.zeros(1 << bits, dtype=np.uint64)
    ends = np.zeros(1 << bits, dtype=np.int64)  # where the slot's word first ends; 0: free
    lengths = np.zeros(1 << bits, dtype=np.int64)
    slot_numbers = np.zeros(1 << bits, dtype=np.int64)
    word = distinct = index = 0
    while index < data.size:
        if not _is_letter(data[index]):
            index += 1
            continue
        start = index
        key = np.uint64(0)
        while index < data.size and _is_letter(data[index]):
            if index - start < _PACKED:
                key = (key << np.uint64(8)) | np.uint64(data[index])
            index += 1
        length = index - start
        if length > _PACKED:
            key = _long_key(data, start, index)
        slot = _home(key, bits)
        while ends[slot] and not (
            keys[slot] == key
            and lengths[slot] == length
            and (length <= _PACKED or _same_bytes(data, ends[slot] - length, start, length))
        ):
            slot = (slot + 1) & mask
        if not ends[slot]:
            keys[slot], ends[slot], lengths[slot], slot_numbers[slot] = key, index, length, distinct
            distinct += 1
        numbers[word] = slot_numbers[slot]
        word += 1
    return numbers, distinct


@njit(cache=True)
def most_frequent_pair(numbers: Any, distinct: Any) -> Any:  # pragma: no cover - compiled
    """How often the most frequent pair of adjacent numbers occurs (0 without a pair);
    ``numbers`` are in ``range(distinct)``."""
    pairs = numbers.size - 1
    if pairs < 1:
        return 0
    # The second number of every pair, grouped by the first (a counting sort): the pairs
    # starting with number n have their seconds in seconds[bounds[n]:bounds[n + 1]].
    bounds = np.zeros(distinct + 1, dtype=np.int64)
    for index in range(pairs):
        bounds[numbers[index] + 1] += 1
    for number in range(distinct):
        bounds[number + 1] += bounds[number]
    filled = bounds[:-1].copy()
    seconds = np.empty(pairs, dtype=np.int64)
    for index in range(pairs):
        first = numbers[index]
        seconds[filled[first]] = numbers[index + 1]
        filled[first] += 1
    # One counter per second number, cleared after each group.
    counts = np.zeros(distinct, dtype=np.int64)
    best = 0
    for first in range(distinct):
        for at in range(bounds[first], bounds[first + 1]):
            counts[seconds[at]] += 1
            best = max(best, counts[seconds[at]])
        for at in range(bounds[first], bounds[first + 1]):
            counts[seconds[at]] = 0
    return best


@njit(cache=True)
def _top_pair_repeats(data: Any) -> Any:  # pragma: no cover - compiled
    numbers, distinct = word_numbers(data)
    return most_frequent_pair(numbers, distinct)


def top_pair_repeats(folded: bytes) -> int:
    """``signals.top_pair_repeats_plain(folded)``, compiled (one entry point: each one
    costs a process ~10 ms to load from numba's cache)."""
    return int(_top_pair_repeats(np.frombuffer(folded, dtype=np.uint8)))
