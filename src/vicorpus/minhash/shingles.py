"""Shingles of a batch of texts: hashed n-grams of folded syllables, all in NumPy.

A Vietnamese syllable is a whitespace-separated token, so syllable n-grams need no word
segmenter (FineWeb-2 runs pyvi for this, its slowest step). The whole batch is handled
as one array of code points:

1. fold every code point through the table of ``folding.py`` (one indexing pass);
2. tokens are the runs of non-separator code points; each token's hash comes from a
   prefix sum of ``code point × P^position`` (a polynomial hash that does not depend
   on where the token sits, thanks to the inverse powers of the odd constant P);
3. a shingle hash combines ``n`` consecutive token hashes of the same document.

A document with fewer than ``n`` tokens gives one shingle of all its tokens (otherwise
short documents could never be found as duplicates); one without tokens gives none.
The hashes depend only on the document's own text, never on the batch around it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from vicorpus.minhash.folding import DIGIT, DROPPED, DiacriticsFolding, folding_table

U64 = npt.NDArray[np.uint64]

# Code points folded per NumPy pass: bounds the temporary arrays (about 60 bytes per
# code point) to ~120 MB whatever the batch, plus 32 MB of cached powers; a longer
# single document is one pass of its own.
CHUNK_CODE_POINTS: Final = 1 << 21
_P: Final = np.uint64(0x100000001B3)  # FNV-1 64-bit prime: odd, so invertible mod 2^64
_P_INVERSE: Final = np.uint64(pow(0x100000001B3, -1, 2**64))
_Q: Final = np.uint64(0x9E3779B97F4A7C15)  # golden-ratio constant, odd: mixes n-gram positions


def splitmix64(values: U64) -> U64:
    """SplitMix64's finalizer (Steele, Lea & Flood 2014): a bijective 64-bit mixer."""
    x = values + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


class _Powers:
    """P^(i+1) and P^-(i+1) for i < length, grown on demand up to one chunk."""

    def __init__(self) -> None:
        self.forward: U64 = np.empty(0, dtype=np.uint64)
        self.inverse: U64 = np.empty(0, dtype=np.uint64)

    def get(self, length: int) -> tuple[U64, U64]:
        if length <= self.forward.size:
            return self.forward[:length], self.inverse[:length]
        size = max(length, CHUNK_CODE_POINTS)
        forward: U64 = np.cumprod(np.full(size, _P, dtype=np.uint64), dtype=np.uint64)
        inverse: U64 = np.cumprod(np.full(size, _P_INVERSE, dtype=np.uint64), dtype=np.uint64)
        if size == CHUNK_CODE_POINTS:  # kept for the next chunks; a longer text's are not
            self.forward, self.inverse = forward, inverse
        return forward[:length], inverse[:length]


_POWERS = _Powers()


def shingle_hashes(
    texts: Sequence[str],
    n: int = 5,
    diacritics: DiacriticsFolding = DiacriticsFolding.TONES,
    fold_numbers: bool = True,
) -> tuple[U64, npt.NDArray[np.int64]]:
    """Shingle hashes of every text, flat, with offsets: text i owns ``flat[off[i]:off[i+1]]``."""
    if n < 1:
        raise ValueError("n must be at least 1")
    table = folding_table(diacritics, fold_numbers)
    parts: list[U64] = []
    counts = np.zeros(len(texts), dtype=np.int64)
    start = 0
    while start < len(texts):
        stop, size = start, 0
        while stop < len(texts) and (stop == start or size + len(texts[stop]) + 1 <= CHUNK_CODE_POINTS):
            size += len(texts[stop]) + 1
            stop += 1
        hashes, per_text = _chunk_shingles(texts[start:stop], n, table, fold_numbers)
        parts.append(hashes)
        counts[start:stop] = per_text
        start = stop
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    flat = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
    return flat, offsets


def _chunk_shingles(
    texts: Sequence[str], n: int, table: npt.NDArray[np.uint32], fold_numbers: bool
) -> tuple[U64, npt.NDArray[np.int64]]:
    # Texts joined by NUL, a separator: no token spans two texts.
    joined = "\x00".join(texts) + "\x00"
    code_points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # mode="clip" sends every code point above the BMP to the last entry, ASTRAL_INDEX.
    folded = np.take(table, code_points, mode="clip")
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    text_ends = np.cumsum(lengths)  # one past each text's NUL
    removed = folded == DROPPED
    if fold_numbers:
        # A digit right after a digit of the text is dropped: a number folds to one "0".
        is_digit = folded == DIGIT
        removed[1:] |= is_digit[1:] & is_digit[:-1]
    gone = np.flatnonzero(removed)
    if gone.size:
        folded = np.delete(folded, gone)
        text_ends = text_ends - np.searchsorted(gone, text_ends)

    in_token = folded != 0
    edges = np.diff(in_token.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    token_starts = np.flatnonzero(edges == 1)
    token_ends = np.flatnonzero(edges == -1)
    forward, inverse = _POWERS.get(folded.size)
    prefix = np.zeros(folded.size + 1, dtype=np.uint64)
    np.cumsum(folded.astype(np.uint64) * forward, out=prefix[1:])
    tokens = splitmix64((prefix[token_ends] - prefix[token_starts]) * inverse[token_starts])

    tokens_before_end = np.searchsorted(token_starts, text_ends)
    tokens_per_text = np.diff(tokens_before_end, prepend=0).astype(np.int64)
    first_token = tokens_before_end - tokens_per_text
    token_text = np.repeat(np.arange(len(texts)), tokens_per_text)
    # Tokens left in the text from each token on (itself included).
    left = (first_token + tokens_per_text)[token_text] - np.arange(tokens.size)
    combined = tokens.copy()
    for k in range(1, n):
        following = np.zeros_like(tokens)
        following[:-k] = tokens[k:]
        following[left <= k] = 0  # past the end of the text
        combined = combined * _Q + following
    is_first = np.arange(tokens.size) == first_token[token_text]
    keep = (left >= n) | (is_first & (tokens_per_text[token_text] < n))
    shingles = splitmix64(combined[keep])
    shingles_per_text = np.bincount(token_text[keep], minlength=len(texts)).astype(np.int64)
    return shingles, shingles_per_text
