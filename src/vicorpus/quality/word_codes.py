"""The code of a word of letters only: its definition, and the same codes for a batch.

A corpus has ~127,000 distinct letters-only words per 20,000 documents, each classified
once per process; ``letters_word_code`` (the definition) costs ~2.3 µs a word, 0.29 s
a run. Nearly all of them get only the letters-only bits: the others (syllables, their
forms without marks, function and stop words) are a fixed set of ~25,000 lower-case
words. ``letters_word_codes`` spells that set out once, from the syllable rules, and
reads a batch's words against it with array operations, no Python string per word
(those 127,000 words: ~18 ms, and ~10 ms to build the table at first use).

Exact, not a heuristic: a word of ASCII and Vietnamese letters only is in NFC and lower
cases letter for letter, and the definition gives it the code of its lower case (each
letter checked when the table is built); any other word is shown to be none of the set,
or classified by the definition itself. Tested equal to ``letters_word_code`` in
``tests/test_word_codes_fast.py``.
"""

from __future__ import annotations

import string
import unicodedata
from functools import cache
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

from vicorpus.quality import kernels
from vicorpus.quality.stopwords import (
    FINEWEB2_STOPWORDS,
    FUNCTION_SYLLABLES,
    PLAIN_FUNCTION_SYLLABLES,
    VIETNAMESE_ONLY_RE,
)
from vicorpus.quality.words import is_marked
from vicorpus.vietnamese.letters import BASE_VOWELS_LOWER, NGANG, SPLIT, TONE_MARKS, TONED
from vicorpus.vietnamese.syllables import UNACCENTED_SYLLABLES, parse_syllable, toneless_syllables

# FineWeb-2's stop words, numbered 1-13 in a fixed order (0 = none) inside a word code.
FINEWEB2_NUMBERS: Final = {word: number for number, word in enumerate(sorted(FINEWEB2_STOPWORDS), start=1)}
LETTERS_ONLY: Final = kernels.HAS_ALPHA | kernels.HAS_ALNUM | kernels.ALPHABETIC


def letters_word_code(word: str) -> int:
    """``tokens.word_code`` of a word of letters only (``word.isalpha()``), the same bits
    with less work (tested equal to ``word_code``). The definition that
    ``letters_word_codes`` follows."""
    lower = word.lower()
    code = LETTERS_ONLY
    if parse_syllable(word) is not None:
        code |= kernels.VALID
        if is_marked(word):
            code |= kernels.MARKED | (kernels.VIETNAMESE_ONLY if VIETNAMESE_ONLY_RE.search(word) else 0)
    if lower in UNACCENTED_SYLLABLES and word.isascii():
        code |= kernels.UNACCENTED | (kernels.PLAIN_FUNCTION if lower in PLAIN_FUNCTION_SYLLABLES else 0)
    if lower in FUNCTION_SYLLABLES:
        code |= kernels.FUNCTION
    return code | FINEWEB2_NUMBERS.get(lower, 0) << kernels.FINEWEB2_SHIFT


# A word of the table is one integer, 7 bits per letter (the number of the letter in the
# alphabet, 1-93): equal words are equal keys, no hashing and no collision.
_BITS: Final = 7
_LONGEST: Final = 64 // _BITS
_TONES: Final = len(TONE_MARKS)
_FILTER_BITS: Final = 18  # 2^18 slots for ~25,000 keys


class _Table(NamedTuple):
    symbols: npt.NDArray[np.uint8]  # code point -> the number of its lower case; 0: not in the alphabet
    alphabet: frozenset[str]  # the lower-case letters that have a number
    keys: npt.NDArray[np.uint64]  # the words with more than the letters-only bits, sorted
    codes: npt.NDArray[np.int32]  # their codes
    filter: npt.NDArray[np.bool_]  # True at the _filter_slot of each key
    longest: int  # the longest of them, in letters


def _seen_as(letter: str, lower: str) -> bool:
    """Whether ``letters_word_code`` sees ``letter`` as its lower case: one code point,
    in NFC next to any letter (no Latin letter composes with a letter: tested), and the
    same to each test that it applies letter by letter (``isascii``, ``is_marked`` and
    a search for a Vietnamese-only letter)."""
    return (
        len(lower) == 1
        and unicodedata.is_normalized("NFC", letter)
        and not unicodedata.combining(letter)
        and letter.isascii() == lower.isascii()
        and is_marked(letter) == is_marked(lower)
        and bool(VIETNAMESE_ONLY_RE.search(letter)) == bool(VIETNAMESE_ONLY_RE.search(lower))
    )


def _packed(
    symbols: npt.NDArray[np.uint8], points: npt.NDArray[np.uint32], lengths: npt.NDArray[np.int64], longest: int
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_]]:
    """Whether each word's letters all have a number, and the key of each such word of
    at most ``longest`` letters (0 for the others). ``points``: the words' code points
    one after another."""
    numbers = symbols.take(points, mode="clip")  # the last entry (0) stands for every code point above
    ends = np.cumsum(lengths)
    starts = ends - lengths
    whole = np.ones(lengths.size, dtype=np.bool_)
    whole[np.searchsorted(ends, np.flatnonzero(numbers == 0), side="right")] = False  # the word of each
    keys = np.zeros(lengths.size, dtype=np.uint64)
    packed = np.flatnonzero(whole & (lengths <= longest) & (lengths > 0))
    # Letter by letter over the words (at most ``longest`` passes), not character by
    # character over the batch: a few operations on short arrays.
    first, length = starts[packed], lengths[packed]
    key = numbers[first].astype(np.uint64)
    for at in range(1, longest):
        longer = np.flatnonzero(length > at)
        key[longer] |= numbers[first[longer] + at].astype(np.uint64) << np.uint64(_BITS * at)
    keys[packed] = key
    return keys, whole


def _code_points(words: list[str]) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    points = np.frombuffer("".join(words).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return points, np.fromiter(map(len, words), dtype=np.int64, count=len(words))


def _counts(
    flags: npt.NDArray[np.int64], numbers: npt.NDArray[np.uint8], ends: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Per word (its letters' numbers one after another, ending at ``ends``), how many of
    its letters are flagged."""
    running = np.zeros(numbers.size + 1, dtype=np.int64)
    np.cumsum(flags[numbers], out=running[1:])
    return np.diff(running[ends], prepend=0)


def _check_fit(
    words: list[str],
    points: npt.NDArray[np.uint32],
    lengths: npt.NDArray[np.int64],
    symbols: npt.NDArray[np.uint8],
    number: dict[str, int],
) -> None:
    """Raise unless every word is lower-case letters of the alphabet, short enough for
    64 bits: a word the keys cannot spell would be read wrong, not missed."""
    letters = np.zeros(len(number) + 1, dtype=np.uint32)  # number -> its letter (0: none)
    letters[list(number.values())] = [ord(letter) for letter in number]
    fits = letters[symbols.take(points, mode="clip")] == points
    if not fits.all() or lengths.max() > _LONGEST:
        unfit = [word for word in words if len(word) > _LONGEST or not all(c in number for c in word)]
        raise RuntimeError(f"words the word table cannot hold: {unfit[:5]}")


def _syllables(
    number: dict[str, int], symbols: npt.NDArray[np.uint8]
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int32]]:
    """Keys and codes of every lower-case form ``parse_syllable`` accepts, spelled out as
    ``syllables.syllable_forms`` does (each toneless syllable with each tone it takes,
    the mark on any one of its vowel letters), but as keys: 4x faster than strings."""
    entries = toneless_syllables()
    points, lengths = _code_points([bare for bare, _ in entries])
    _check_fit([bare for bare, _ in entries], points, lengths, symbols, number)
    keys, _ = _packed(symbols, points, lengths, _LONGEST)
    numbers = symbols.take(points, mode="clip")
    ends = np.cumsum(lengths)
    word = np.repeat(np.arange(lengths.size), lengths)  # each letter's syllable
    shift = ((np.arange(points.size) - (ends - lengths)[word]) * _BITS).astype(np.uint64)
    kinds = {tones: kind for kind, tones in enumerate(dict.fromkeys(tones for _, tones in entries))}
    takes_by_kind = np.zeros((len(kinds), _TONES), dtype=np.bool_)
    for tones, kind in kinds.items():
        takes_by_kind[kind, list(tones)] = True
    takes = takes_by_kind[np.fromiter((kinds[tones] for _, tones in entries), dtype=np.int64, count=len(entries))]
    # toned[n, tone]: the number of letter n with that tone mark; 0 when n takes none.
    toned = np.zeros((len(number) + 1, _TONES), dtype=np.uint8)
    for base in BASE_VOWELS_LOWER:
        toned[number[base]] = [number[form] for form in TONED[base]]
    # is_marked and the Vietnamese-only search look at each letter on its own, so a form
    # has a mark when one of its letters has: counted per syllable, corrected per tone.
    marks = np.zeros(len(number) + 1, dtype=np.int64)
    only = np.zeros(len(number) + 1, dtype=np.int64)
    for letter, letter_number in number.items():
        marks[letter_number] = is_marked(letter)
        only[letter_number] = VIETNAMESE_ONLY_RE.search(letter) is not None
    bare_marks, bare_only = _counts(marks, numbers, ends), _counts(only, numbers, ends)
    form_keys, form_marks, form_only = (
        [keys[takes[:, NGANG]]],
        [bare_marks[takes[:, NGANG]]],
        [bare_only[takes[:, NGANG]]],
    )
    for tone in range(NGANG + 1, _TONES):
        at = np.flatnonzero((toned[numbers, tone] != 0) & takes[word, tone])
        plain, mark, syllable = numbers[at], toned[numbers[at], tone], word[at]
        # The letter's 7 bits hold its number: XOR takes it out and puts the toned one in.
        form_keys.append(
            keys[syllable] ^ (plain.astype(np.uint64) << shift[at]) ^ (mark.astype(np.uint64) << shift[at])
        )
        form_marks.append(bare_marks[syllable] - marks[plain] + marks[mark])
        form_only.append(bare_only[syllable] - only[plain] + only[mark])
    marked, vietnamese_only = np.concatenate(form_marks) > 0, np.concatenate(form_only) > 0
    codes = np.full(marked.size, LETTERS_ONLY | kernels.VALID, dtype=np.int32)
    codes[marked] |= kernels.MARKED
    codes[marked & vietnamese_only] |= kernels.VIETNAMESE_ONLY
    return np.concatenate(form_keys), codes


@cache
def _table() -> _Table:
    """The table, built at first use (~10 ms): from the syllable rules and the word sets
    that ``letters_word_code`` reads, never from a corpus."""
    letters = {*string.ascii_letters, *SPLIT, "đ", "Đ"}
    alphabet = sorted(letter for letter in letters if letter.lower() == letter and _seen_as(letter, letter))
    number = {letter: at for at, letter in enumerate(alphabet, start=1)}
    if len(alphabet) >= 1 << _BITS:
        raise RuntimeError("the alphabet has outgrown the bits of a letter")
    symbols = np.zeros(max(map(ord, letters)) + 2, dtype=np.uint8)  # the last entry: every code point above
    for letter in letters:
        lower = letter.lower()
        if lower in number and _seen_as(letter, lower):
            symbols[ord(letter)] = number[lower]

    keys, codes = _syllables(number, symbols)
    # Words read by their lower case: unaccented syllables, function and stop words.
    extra: dict[str, int] = {}
    for word in UNACCENTED_SYLLABLES:
        if word.isascii():
            extra[word] = kernels.UNACCENTED | (kernels.PLAIN_FUNCTION if word in PLAIN_FUNCTION_SYLLABLES else 0)
    for word in FUNCTION_SYLLABLES:
        extra[word] = extra.get(word, 0) | kernels.FUNCTION
    for word, stop_number in FINEWEB2_NUMBERS.items():
        extra[word] = extra.get(word, 0) | stop_number << kernels.FINEWEB2_SHIFT
    extra_points, extra_lengths = _code_points(list(extra))
    _check_fit(list(extra), extra_points, extra_lengths, symbols, number)
    extra_keys, _ = _packed(symbols, extra_points, extra_lengths, _LONGEST)

    all_keys = np.concatenate((keys, extra_keys))
    all_codes = np.concatenate((codes, np.fromiter(extra.values(), dtype=np.int32, count=len(extra)) | LETTERS_ONLY))
    order = np.argsort(all_keys)
    all_keys, all_codes = all_keys[order], all_codes[order]
    # A word in both (a syllable that is also a function word) gets the bits of both.
    first = np.flatnonzero(np.diff(all_keys, prepend=~all_keys[:1]) != 0)
    merged = np.bitwise_or.reduceat(all_codes, first).astype(np.int32)
    longest = max(max(map(len, extra)), max(len(bare) for bare, _ in toneless_syllables()))
    keys = all_keys[first]
    filter_ = np.zeros(1 << _FILTER_BITS, dtype=np.bool_)
    filter_[_filter_slot(keys)] = True
    return _Table(symbols, frozenset(alphabet), keys, merged, filter_, longest)


def letters_word_codes(points: npt.NDArray[np.uint32], lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
    """``letters_word_code`` of each word (any string, letters only or not); ``points``:
    the words' code points (Python characters) one after another, ``lengths``: how many
    each has."""
    table = _table()
    keys, whole = _packed(table.symbols, points, lengths, table.longest)
    codes = np.full(lengths.size, LETTERS_ONLY, dtype=np.int32)
    # Words of alphabet letters: the code of their lower case, LETTERS_ONLY when it is in
    # no table (longer words are in none). The filter passes every table word and ~1 in
    # 10 others, so the binary search runs on few.
    short = np.flatnonzero(whole & (lengths <= table.longest))
    short = short[table.filter[_filter_slot(keys[short])]]
    at = np.minimum(np.searchsorted(table.keys, keys[short]), table.keys.size - 1)
    found = table.keys[at] == keys[short]
    codes[short[found]] = table.codes[at[found]]
    others = np.flatnonzero(~whole)
    if others.size:
        codes[others] = _other_codes(points, lengths, others, table.alphabet)
    return codes


def _filter_slot(keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """A key's bit in the filter: Fibonacci hashing, the top bits of key * 2^64/φ."""
    slots: npt.NDArray[np.uint64] = (keys * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - _FILTER_BITS)
    return slots


def _other_codes(
    points: npt.NDArray[np.uint32],
    lengths: npt.NDArray[np.int64],
    others: npt.NDArray[np.int64],
    alphabet: frozenset[str],
) -> list[int]:
    """Codes of words with a letter outside the alphabet (other scripts, other Latin
    letters). A word in NFC whose lower case has a letter outside the alphabet is no
    syllable (parse_syllable reads that lower case) and none of the words of the sets
    (all in the alphabet): LETTERS_ONLY. The rest go to the definition.

    Read as one text, the words separated by spaces: a space is stable under NFC (no
    composition or reordering crosses it), so the text is in NFC when each word is,
    and lower-casing it gives each word's lower case (the only context Python's
    ``str.lower`` reads is for a final sigma, Greek either way; no lower case holds a
    space)."""
    other_lengths = lengths[others]
    gather = _gather(np.cumsum(lengths)[others] - other_lengths, other_lengths)
    spaced = np.full(gather.size + others.size, ord(" "), dtype=np.uint32)
    spaced[np.arange(gather.size) + np.repeat(np.arange(others.size), other_lengths)] = points[gather]
    text = spaced[:-1].tobytes().decode("utf-32-le", "surrogatepass")
    in_alphabet = alphabet.issuperset
    if (spaced == ord(" ")).sum() == others.size and unicodedata.is_normalized("NFC", text):
        lowers = text.lower().split(" ")
        if len(lowers) == others.size:
            words = text.split(" ")
            return [
                letters_word_code(word) if in_alphabet(lower) else LETTERS_ONLY
                for word, lower in zip(words, lowers, strict=True)
            ]
    # A word holds a space, or is not in NFC: word by word.
    codes = []
    ends = (np.cumsum(other_lengths) + np.arange(others.size)).tolist()
    for end, length in zip(ends, other_lengths.tolist(), strict=True):
        word = text[end - length : end]
        plain = unicodedata.is_normalized("NFC", word) and not in_alphabet(word.lower())
        codes.append(LETTERS_ONLY if plain else letters_word_code(word))
    return codes


def _gather(starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The positions of the ranges [start, start + length), one after another."""
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]) if ends.size else 0)
