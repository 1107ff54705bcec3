"""Gopher repetition signals over syllables (Rae et al. 2021, *Scaling Language Models:
Methods, Analysis & Insights from Training Gopher*, appendix A.1, table A1).

Definitions follow datatrove's ``GopherRepetitionFilter`` (the implementation FineWeb
and FineWeb-2 used), so the numbers are comparable:

- duplicated lines / paragraphs: the share of lines (paragraphs) that repeat an earlier
  one, and the share of the text's characters in those repeats;
- top n-gram (n = 2, 3, 4): characters of the most frequent n-gram (words joined by a
  space) times its count, over the text's characters (the first-seen n-gram wins a tie);
- duplicated n-grams (n = 5 … 10): scanning left to right, an n-gram seen before adds
  its characters (words joined without spaces) and the scan jumps past it; the sum over
  the text's characters.

N-grams are integer keys counted with NumPy; the left-to-right scan visits only the
positions whose n-gram repeats, and only for the n where any does (a repeated 6-gram
implies a repeated 5-gram, so most clean text stops at n = 5).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

TOP_NGRAM_SIZES: Final = (2, 3, 4)
DUP_NGRAM_SIZES: Final = (5, 6, 7, 8, 9, 10)
_PARAGRAPH_BREAK_RE: Final = re.compile(r"\n{2,}")
_LINE_BREAK_RE: Final = re.compile(r"\n+")


def duplicated_elements(elements: list[str]) -> tuple[int, int]:
    """(number of elements that repeat an earlier one, their characters)."""
    seen: set[str] = set()
    count = chars = 0
    for element in elements:
        if element in seen:
            count += 1
            chars += len(element)
        else:
            seen.add(element)
    return count, chars


def duplicated_lines_and_paragraphs(text: str) -> tuple[float, float, float, float]:
    """(line share, line char share, paragraph share, paragraph char share) of repeats."""
    length = max(len(text), 1)
    stripped = text.strip()
    paragraphs = _PARAGRAPH_BREAK_RE.split(stripped)
    lines = _LINE_BREAK_RE.split(stripped)
    para_count, para_chars = duplicated_elements(paragraphs)
    line_count, line_chars = duplicated_elements(lines)
    return (
        line_count / max(len(lines), 1),
        line_chars / length,
        para_count / max(len(paragraphs), 1),
        para_chars / length,
    )


def ngram_repetition(words: list[str], text_length: int) -> tuple[list[float], list[float]]:
    """(top n-gram char shares for n = 2, 3, 4; duplicated n-gram char shares for n = 5 … 10)."""
    length = max(text_length, 1)
    top = [0.0] * len(TOP_NGRAM_SIZES)
    dup = [0.0] * len(DUP_NGRAM_SIZES)
    if len(words) < 2:
        return top, dup
    # Words become small integers and an n-gram the integer key·base + id, renumbered
    # after each step (exact: no hashing, no collisions; never overflows).
    index = {word: number for number, word in enumerate(dict.fromkeys(words))}
    ids = np.fromiter(map(index.__getitem__, words), dtype=np.int64, count=len(words))
    base = np.int64(len(index))
    cumulative = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, words), dtype=np.int64, count=len(words)), out=cumulative[1:])
    keys = ids
    for n in range(2, DUP_NGRAM_SIZES[-1] + 1):
        if len(words) < n:
            break
        groups = _group(keys[:-1] * base + ids[n - 1 :])
        keys = groups.key_of
        chars = cumulative[n:] - cumulative[:-n]  # characters of each n-gram's words
        if n in TOP_NGRAM_SIZES:
            best = int(groups.sizes.max())
            # the first-seen n-gram among equals, as Counter.most_common(1) in datatrove
            at = int(groups.first[groups.sizes == best].min())
            top[n - TOP_NGRAM_SIZES[0]] = (int(chars[at]) + n - 1) * best / length  # joined with spaces
        elif groups.first.size == keys.size:
            break  # no n-gram repeats, so no longer one does either
        else:
            dup[n - DUP_NGRAM_SIZES[0]] = _repeated_chars(keys, groups.first, chars, n) / length
    return top, dup


class _Groups(NamedTuple):
    key_of: npt.NDArray[np.int64]  # per position: its n-gram's number, 0, 1, … in sorted order
    first: npt.NDArray[np.int64]  # per n-gram number: the first position it occurs at
    sizes: npt.NDArray[np.int64]  # per n-gram number: how often it occurs


def _group(values: npt.NDArray[np.int64]) -> _Groups:
    """Equal values grouped with one sort (what ``np.unique`` with index, inverse and
    counts does, without its generic overhead and with the faster unstable sort: this
    runs up to 9 times per document). A group's first position is its smallest."""
    order = np.argsort(values)
    ordered = values[order]
    starts_mask = np.empty(ordered.size, dtype=bool)
    starts_mask[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_mask[1:])
    starts = np.flatnonzero(starts_mask)
    key_of = np.empty(values.size, dtype=np.int64)
    key_of[order] = np.cumsum(starts_mask) - 1
    sizes = np.diff(np.append(starts, ordered.size))
    return _Groups(key_of, np.minimum.reduceat(order, starts), sizes)


def _repeated_chars(
    keys: npt.NDArray[np.int64], first: npt.NDArray[np.int64], chars: npt.NDArray[np.int64], n: int
) -> int:
    """datatrove's ``find_all_duplicate``: scanning left to right, an n-gram already seen
    counts its characters (words joined without spaces) and the scan jumps past it.

    Only positions whose n-gram occurred before are visited. A position the scan jumped
    over was never "seen", so an n-gram whose earlier occurrences were all jumped over
    does not count.
    """
    candidates = np.flatnonzero(first[keys] != np.arange(keys.size))
    candidate_keys = keys[candidates]
    # Windows the scan jumped over, [start, end), in increasing order and disjoint, so a
    # position is looked up by bisection (laws repeat thousands of n-grams). A window that
    # covers a first occurrence comes from an earlier candidate, so it is known in time.
    skipped_starts: list[int] = []
    skipped_ends: list[int] = []
    seen: set[int] = set()  # n-grams visited at a repeated position
    repeated = resume = 0
    for position, key, key_first, size in zip(
        candidates.tolist(),
        candidate_keys.tolist(),
        first[candidate_keys].tolist(),
        chars[candidates].tolist(),
        strict=True,
    ):
        if position < resume:
            continue  # jumped over: not visited, not "seen"
        if key in seen or not _inside(key_first, skipped_starts, skipped_ends):
            repeated += size
            skipped_starts.append(position + 1)
            skipped_ends.append(position + n)
            resume = position + n
        seen.add(key)
    return repeated


def _inside(position: int, starts: list[int], ends: list[int]) -> bool:
    index = bisect_right(starts, position) - 1
    return index >= 0 and position < ends[index]
