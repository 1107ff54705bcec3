"""The counts behind every quality signal, for a whole batch, in one compiled pass.

The definitions are those of :mod:`vicorpus.quality.reference` (plain Python, the
readable specification; the tests hold the two equal on real and generated text). This
module only counts; :mod:`vicorpus.quality.signals` turns counts into shares.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from vicorpus.quality.kernels import (
    ALPHABETIC,
    BULLET,
    CLOSER,
    FINEWEB2_SHIFT,
    FNV_OFFSET,
    FNV_PRIME,
    FUNCTION,
    HAS_ALNUM,
    HAS_ALPHA,
    MARKED,
    SPACE,
    TERMINAL,
    VALID,
    class_of,
    mix64,
)

# Columns of the count matrix ``signal_counts`` returns.
COUNT_NAMES = (
    "length",
    "token_count",
    "syllable_count",
    "alpha_tokens",
    "alphabetic",
    "valid",
    "marked",
    "stopword_count",
    "fineweb2_mask",
    "word_chars",
    "hashes",
    "ellipses",
    "newlines",
    "curly",
    "line_count",
    "bullet_lines",
    "ellipsis_lines",
    "terminal_lines",
    "short_lines",
    "fineweb_repeated_line_chars",
    "gopher_lines",
    "gopher_repeated_lines",
    "gopher_repeated_line_chars",
    "gopher_paragraphs",
    "gopher_repeated_paragraphs",
    "gopher_repeated_paragraph_chars",
    "top_2gram_chars",
    "top_3gram_chars",
    "top_4gram_chars",
    "dup_5gram_chars",
    "dup_6gram_chars",
    "dup_7gram_chars",
    "dup_8gram_chars",
    "dup_9gram_chars",
    "dup_10gram_chars",
)
_COLUMN = {name: index for index, name in enumerate(COUNT_NAMES)}
_C_LENGTH, _C_TOKENS, _C_SYLLABLES, _C_ALPHA, _C_ALPHABETIC = (_COLUMN[n] for n in COUNT_NAMES[:5])
_C_VALID, _C_MARKED, _C_STOP, _C_FINEWEB2, _C_WORD_CHARS = (_COLUMN[n] for n in COUNT_NAMES[5:10])
_C_HASHES, _C_ELLIPSES, _C_NEWLINES, _C_CURLY = (_COLUMN[n] for n in COUNT_NAMES[10:14])
_C_LINES, _C_BULLETS, _C_ELLIPSIS_LINES, _C_TERMINAL, _C_SHORT = (_COLUMN[n] for n in COUNT_NAMES[14:19])
_C_FINEWEB_REPEATS = _COLUMN["fineweb_repeated_line_chars"]
_C_GOPHER_LINES = _COLUMN["gopher_lines"]
_C_GOPHER_PARAGRAPHS = _COLUMN["gopher_paragraphs"]
_C_TOP = _COLUMN["top_2gram_chars"]
_C_DUP = _COLUMN["dup_5gram_chars"]
_SHORT_LINE_CHARS = 30  # FineWeb's short_line_length
_NEWLINE, _HASH, _DOT, _CURLY, _ELLIPSIS = 10, 35, 46, 123, 0x2026
_GRAM_BASE = np.uint64(0x9E3779B97F4A7C15)
_STAMP, _KEY = 0, 1  # columns of a hash-table row; 2 and 3 hold what the table maps to


@njit(cache=True)
def _span_key(buffer: Any, start: int, end: int) -> Any:
    value = FNV_OFFSET
    for index in range(start, end):
        value = (value ^ np.uint64(buffer[index])) * FNV_PRIME
    return mix64(value ^ np.uint64(end - start))


@njit(cache=True)
def _same_span(buffer: Any, a: int, a_end: int, b: int, b_end: int) -> bool:
    if a_end - a != b_end - b:
        return False
    for offset in range(a_end - a):  # noqa: SIM110 (Numba compiles loops, not generators)
        if buffer[a + offset] != buffer[b + offset]:
            return False
    return True


@njit(cache=True)
def _seen_key(buffer: Any, key: Any, start: int, end: int, table: Any, generation: int, mask: int) -> bool:
    """Whether the text [start, end) (whose key is ``key``) was added to the set before;
    adds it if not. ``table`` rows: generation, key, start, end."""
    slot = np.int64(key) & mask
    while table[slot, _STAMP] == generation:
        if table[slot, _KEY] == key and _same_span(buffer, table[slot, 2], table[slot, 3], start, end):
            return True
        slot = (slot + 1) & mask
    table[slot, _STAMP] = generation
    table[slot, _KEY] = key
    table[slot, 2] = start
    table[slot, 3] = end
    return False


@njit(cache=True)
def _ngram_counts(
    words: Any,
    count: int,
    prefix: Any,
    out: Any,
    grams: Any,
    candidates: Any,
    repeated_at: Any,
    table: Any,
    generation: int,
    mask: int,
) -> int:
    """Top n-gram characters (n = 2, 3, 4) and duplicated n-gram characters (n = 5 … 10)
    of one document's words, into ``out``; returns the last table generation used.

    Only n-grams that occur more than once matter to either signal, and an n-gram can
    repeat only where its first n - 1 words do: each step counts the n-grams at the
    positions whose (n - 1)-gram repeated (all positions for n = 2) and keeps those whose
    n-gram repeats for the next step. ``grams[i]`` is the key of the n-gram at word i,
    grown by one word per step.
    """
    for index in range(count):
        grams[index] = words[index]
    kept = count  # candidates[:kept]: the positions to count, increasing
    for index in range(count):
        candidates[index] = index
    for n in range(2, 11):
        grams_count = count - n + 1
        if grams_count <= 0:
            break
        generation += 1
        # Count the n-grams at the candidates (table rows: count, first position). The
        # key grows by one word only where it is counted: candidates only shrink.
        for item in range(kept):
            position = candidates[item]
            if position >= grams_count:
                kept = item
                break
            grams[position] = grams[position] * _GRAM_BASE + words[position + n - 1]
            key = np.int64(grams[position])  # the same 64 bits, signed
            slot = key & mask  # keys are sums of mixed word hashes
            while True:
                if table[slot, _STAMP] != generation:
                    table[slot, _STAMP] = generation
                    table[slot, _KEY] = key
                    table[slot, 2] = 1  # count
                    table[slot, 3] = position  # first position
                    break
                if table[slot, _KEY] == key:
                    table[slot, 2] += 1
                    break
                slot = (slot + 1) & mask
            repeated_at[item] = slot
        # Keep the repeated ones; the most frequent, first seen among equals
        # (Counter.most_common(1)); with no repeat, the n-gram at position 0, once.
        best_count, best_first = 1, 0
        repeats = 0
        for item in range(kept):
            slot = repeated_at[item]
            seen = table[slot, 2]
            if seen >= 2:
                candidates[repeats] = candidates[item]
                repeats += 1
                first = table[slot, 3]
                if seen > best_count or (seen == best_count and first < best_first):
                    best_count, best_first = seen, first
        kept = repeats
        if n <= 4:
            out[_C_TOP + n - 2] = (prefix[best_first + n] - prefix[best_first] + n - 1) * best_count
            continue
        # datatrove's find_all_duplicate: left to right, an n-gram seen before adds its
        # characters (words joined without spaces) and the scan jumps past it. An n-gram
        # that occurs once is never "seen before", so only repeated ones are visited.
        generation += 1
        repeated = 0
        resume = 0
        for item in range(kept):
            position = candidates[item]
            if position < resume:
                continue  # jumped over: not visited
            key = np.int64(grams[position])
            slot = key & mask
            found = False
            while table[slot, _STAMP] == generation:
                if table[slot, _KEY] == key:
                    found = True
                    break
                slot = (slot + 1) & mask
            if found:
                repeated += prefix[position + n] - prefix[position]
                resume = position + n
            else:
                table[slot, _STAMP] = generation
                table[slot, _KEY] = key
        out[_C_DUP + n - 5] = repeated
        if kept == 0:
            break  # no repeated n-gram: no longer one repeats either
    return generation


@njit(cache=True)
def _capacity(elements: int) -> int:
    capacity = 16
    while capacity < 2 * elements:
        capacity *= 2
    return capacity


@njit(cache=True)
def _line_counts(
    buffer: Any,
    start: int,
    end: int,
    classes: Any,
    out: Any,
    lines: Any,
    table: Any,
    generation: int,
    mask: int,
) -> int:
    """Per non-empty line (``text.split("\\n")``, kept when ``line.strip()``): bullets,
    ellipses, terminal punctuation, short lines, and characters of repeated lines.

    Every line's [start, end) and key go to ``lines`` (rows: start, end, key) for the
    Gopher elements; returns the number of lines."""
    count = 0
    line_start = start
    while line_start <= end:
        line_end = line_start
        value = FNV_OFFSET
        while line_end < end and buffer[line_end] != _NEWLINE:
            value = (value ^ np.uint64(buffer[line_end])) * FNV_PRIME
            line_end += 1
        key = np.int64(mix64(value ^ np.uint64(line_end - line_start)))
        lines[count, 0] = line_start
        lines[count, 1] = line_end
        lines[count, 2] = key
        count += 1
        first, last = line_start, line_end  # the stripped line is [first, last)
        while first < last and (class_of(classes, buffer[first]) & SPACE) != 0:
            first += 1
        while last > first and (class_of(classes, buffer[last - 1]) & SPACE) != 0:
            last -= 1
        if last > first:
            out[_C_LINES] += 1
            if (class_of(classes, buffer[first]) & BULLET) != 0:
                out[_C_BULLETS] += 1
            if buffer[last - 1] == _ELLIPSIS or (
                last - first >= 3 and buffer[last - 1] == _DOT and buffer[last - 2] == _DOT and buffer[last - 3] == _DOT
            ):
                out[_C_ELLIPSIS_LINES] += 1
            closing = last
            while closing > first and (class_of(classes, buffer[closing - 1]) & CLOSER) != 0:
                closing -= 1
            if closing > first and (class_of(classes, buffer[closing - 1]) & TERMINAL) != 0:
                out[_C_TERMINAL] += 1
            if line_end - line_start <= _SHORT_LINE_CHARS:
                out[_C_SHORT] += 1
            if _seen_key(buffer, key, line_start, line_end, table, generation, mask):
                out[_C_FINEWEB_REPEATS] += line_end - line_start
        line_start = line_end + 1
    return count


@njit(cache=True)
def _gopher_repeats(
    buffer: Any,
    start: int,
    end: int,
    classes: Any,
    out: Any,
    lines: Any,
    count: int,
    table: Any,
    generation: int,
    mask: int,
) -> int:
    """Gopher's duplicated lines and paragraphs: ``text.strip()`` split on runs of line
    breaks (lines) and on runs of two or more (paragraphs); how many elements, how many
    repeat an earlier one, and the characters of those repeats. Built from the lines of
    ``_line_counts``: an element is a non-empty line cut to the stripped text, a paragraph
    consecutive such lines. Returns the last table generation used."""
    while start < end and (class_of(classes, buffer[start]) & SPACE) != 0:
        start += 1
    while end > start and (class_of(classes, buffer[end - 1]) & SPACE) != 0:
        end -= 1
    if start == end:  # [""]: one element, no repeat
        out[_C_GOPHER_LINES] += 1
        out[_C_GOPHER_PARAGRAPHS] += 1
        return generation
    # Element keys: the line's own unless the stripped text cuts it (first and last).
    for line in range(count):
        first, last = max(lines[line, 0], start), min(lines[line, 1], end)
        if last <= first:
            lines[line, 2] = 0  # no element (an empty line, or outside the stripped text)
            continue
        if first != lines[line, 0] or last != lines[line, 1]:
            lines[line, 0], lines[line, 1] = first, last
            lines[line, 2] = np.int64(_span_key(buffer, first, last))
        if lines[line, 2] == 0:
            lines[line, 2] = 1  # 0 marks "no element"
    generation += 1
    for line in range(count):
        key = lines[line, 2]
        if key == 0:
            continue
        out[_C_GOPHER_LINES] += 1
        if _seen_key(buffer, key, lines[line, 0], lines[line, 1], table, generation, mask):
            out[_C_GOPHER_LINES + 1] += 1
            out[_C_GOPHER_LINES + 2] += lines[line, 1] - lines[line, 0]
    generation += 1
    line = 0
    while line < count:
        if lines[line, 2] == 0:
            line += 1
            continue
        paragraph_start = lines[line, 0]
        value = FNV_OFFSET
        while line < count and lines[line, 2] != 0:
            value = (value ^ np.uint64(lines[line, 2])) * FNV_PRIME
            paragraph_end = lines[line, 1]
            line += 1
        key = np.int64(mix64(value))
        out[_C_GOPHER_PARAGRAPHS] += 1
        if _seen_key(buffer, key, paragraph_start, paragraph_end, table, generation, mask):
            out[_C_GOPHER_PARAGRAPHS + 1] += 1
            out[_C_GOPHER_PARAGRAPHS + 2] += paragraph_end - paragraph_start
    return generation


@njit(cache=True)
def signal_counts(
    buffer: Any,
    doc_offsets: Any,
    classes: Any,
    token_offsets: Any,
    word_length: Any,
    word_hash: Any,
    codes: Any,
) -> Any:
    """The count matrix (documents × ``COUNT_NAMES``) of a tokenized batch."""
    documents = doc_offsets.size - 1
    out = np.zeros((documents, len(COUNT_NAMES)), dtype=np.int64)
    most = 1
    for doc in range(documents):
        breaks = 0
        for index in range(doc_offsets[doc], doc_offsets[doc + 1]):
            if buffer[index] == _NEWLINE:
                breaks += 1
        out[doc, _C_NEWLINES] = breaks
        most = max(most, breaks + 1, token_offsets[doc + 1] - token_offsets[doc])
    capacity = _capacity(most)
    # One row per slot (generation, key, two values): a probe touches one cache line.
    table = np.zeros((capacity, 4), dtype=np.int64)
    grams = np.empty(most, dtype=np.uint64)
    lines = np.empty((most, 3), dtype=np.int64)
    candidates = np.empty(most, dtype=np.int64)
    repeated_at = np.empty(most, dtype=np.int64)
    words = np.empty(most, dtype=np.uint64)
    prefix = np.zeros(most + 1, dtype=np.int64)
    generation = 0
    for doc in range(documents):
        row = out[doc]
        start, end = doc_offsets[doc], doc_offsets[doc + 1]
        row[_C_LENGTH] = end - start
        dots = 0
        for index in range(start, end):
            character = buffer[index]
            if character == _DOT:
                dots += 1
                continue
            row[_C_ELLIPSES] += dots // 3
            dots = 0
            if character == _HASH:
                row[_C_HASHES] += 1
            elif character == _ELLIPSIS:
                row[_C_ELLIPSES] += 1
            elif character == _CURLY:
                row[_C_CURLY] = 1
        row[_C_ELLIPSES] += dots // 3
        first_token, last_token = token_offsets[doc], token_offsets[doc + 1]
        mask = _capacity(max(row[_C_NEWLINES] + 1, last_token - first_token)) - 1
        generation += 1
        line_count = _line_counts(buffer, start, end, classes, row, lines, table, generation, mask)
        generation = _gopher_repeats(buffer, start, end, classes, row, lines, line_count, table, generation, mask)
        row[_C_TOKENS] = last_token - first_token
        fineweb2 = 0
        count = 0
        for token in range(first_token, last_token):
            code = codes[token]
            if (code & HAS_ALPHA) != 0:
                row[_C_ALPHA] += 1
            if (code & ALPHABETIC) != 0:
                row[_C_ALPHABETIC] += 1
                if (code & VALID) != 0:
                    row[_C_VALID] += 1
                if (code & MARKED) != 0:
                    row[_C_MARKED] += 1
            if (code & HAS_ALNUM) != 0:
                if (code & FUNCTION) != 0:
                    row[_C_STOP] += 1
                stopword = code >> FINEWEB2_SHIFT
                if stopword != 0:
                    fineweb2 |= 1 << stopword
                length = word_length[token]
                words[count] = word_hash[token]
                prefix[count + 1] = prefix[count] + length
                count += 1
        row[_C_FINEWEB2] = fineweb2
        row[_C_SYLLABLES] = count
        row[_C_WORD_CHARS] = prefix[count]
        generation = _ngram_counts(words, count, prefix, row, grams, candidates, repeated_at, table, generation, mask)
    return out
