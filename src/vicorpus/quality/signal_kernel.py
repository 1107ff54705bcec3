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
    "bullet_sentence_lines",
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
_C_BULLET_SENTENCES = _COLUMN["bullet_sentence_lines"]
_SHORT_LINE_CHARS = 30  # FineWeb's short_line_length
_HASH, _DOT, _CURLY, _ELLIPSIS = 35, 46, 123, 0x2026
_OPEN_BRACKET, _CLOSE_BRACKET = 40, 41
# A credit after a list item's last sentence, "(AFP)", "(Theo VnExpress)", "(Ảnh: Reuters)":
# the bracket and what it holds, at most this many characters. World-news digests end
# every item so (9 of the 33,759 VNTC train articles were removed as bullet lists for it).
MAX_CREDIT_CHARS = 40
_GRAM_BASE = np.uint64(0x9E3779B97F4A7C15)
_STAMP, _KEY = 0, 1  # columns of a hash-table row; 2 and 3 hold what the table maps to
_VISITED, _COUNT_BITS = 1 << 31, (1 << 31) - 1  # the low half of an n-gram row's second word


@njit(cache=True)
def _span_key(buffer: Any, start: int, end: int) -> Any:
    """A key of the text [start, end), for lines and line pieces (equal texts, equal
    keys; tables compare the texts themselves when keys meet). FNV-1a in four lanes
    (characters 0, 4, 8, … in the first, 1, 5, 9, … in the second …): one chain of
    multiplications is latency-bound, four run side by side (lines: 0.08 s of the
    benchmark's 12 batches, measured)."""
    lane0 = lane1 = lane2 = lane3 = FNV_OFFSET
    index = start
    while index + 4 <= end:
        lane0 = (lane0 ^ np.uint64(buffer[index])) * FNV_PRIME
        lane1 = (lane1 ^ np.uint64(buffer[index + 1])) * FNV_PRIME
        lane2 = (lane2 ^ np.uint64(buffer[index + 2])) * FNV_PRIME
        lane3 = (lane3 ^ np.uint64(buffer[index + 3])) * FNV_PRIME
        index += 4
    while index < end:
        lane0 = (lane0 ^ np.uint64(buffer[index])) * FNV_PRIME
        index += 1
    value = mix64(lane0 ^ np.uint64(end - start))
    value = mix64(value ^ lane1)
    value = mix64(value ^ lane2)
    return mix64(value ^ lane3)


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
    slots: Any,
    gram_table: Any,
    generation: int,
    mask: int,
) -> int:
    """Top n-gram characters (n = 2, 3, 4) and duplicated n-gram characters (n = 5 … 10)
    of one document's words, into ``out``; returns the last table generation used.

    Only n-grams that occur more than once matter to either signal, and an n-gram can
    repeat only where its first n - 1 words do and its last n - 1 words do (if the
    n-grams at i and j are equal, so are the (n - 1)-grams at i + 1 and j + 1): each
    step counts the n-grams at the positions i whose (n - 1)-gram repeated and whose
    i + 1 did too (all positions for n = 2) and keeps those whose n-gram repeats for the
    next step. The second condition saves ~0.06 s of the benchmark's 12 batches (0.69 s
    → 0.64 s for the counts, measured; n = 3 counts 5.6 M n-grams instead of 8.4 M).
    ``grams[i]`` is the key of the n-gram at word i, grown by one word per step. Every
    occurrence of a repeated n-gram is such a position, so the positions, in increasing
    order, meet each n-gram first at its first occurrence: the table needs no "first
    position".

    ``gram_table`` rows (16 bytes, four to a cache line): the key, then the generation
    (high 32 bits), a "visited" bit (bit 31, the duplicate scan's set) and the count
    (low 31 bits; a document has fewer than 2³¹ words). Probing, counting and keeping
    are written without data-dependent branches where they can be (selects): new and
    repeated n-grams alternate unpredictably. Against rows of 4 (generation, key, count,
    first position), a second lookup per n-gram in the duplicate scan and branches, this
    saved 0.22 s of 1.45 s on the benchmark's 12 batches (measured; a table twice as
    large per document was 0.03 s slower, one sized per step no faster).
    """
    for index in range(count):
        grams[index] = words[index]
        candidates[index] = index
    kept = count  # candidates[:kept]: the positions to count, increasing
    for n in range(2, 11):
        grams_count = count - n + 1
        if grams_count <= 0:
            break
        generation += 1
        stamp = np.int64(generation) << 32
        if n > 2:
            # Keep the positions whose successor was kept too (the next item: candidates
            # increase). Before the cut below, which would drop the last successor.
            adjacent = 0
            for item in range(kept - 1):
                position = candidates[item]
                candidates[adjacent] = position
                adjacent += 1 if candidates[item + 1] == position + 1 else 0
            kept = adjacent
        while kept > 0 and candidates[kept - 1] >= grams_count:
            kept -= 1  # no n-gram starts there
        # Count the n-grams at the candidates. The key grows by one word only where it
        # is counted: candidates only shrink.
        for item in range(kept):
            position = candidates[item]
            gram = grams[position] * _GRAM_BASE + words[position + n - 1]
            grams[position] = gram
            key = np.int64(gram)  # the same 64 bits, signed
            slot = key & mask  # keys are sums of mixed word hashes
            while (gram_table[slot, 1] >> 32) == generation and gram_table[slot, 0] != key:
                slot = (slot + 1) & mask
            meta = gram_table[slot, 1]
            gram_table[slot, 1] = (meta + 1) if (meta >> 32) == generation else (stamp | 1)
            gram_table[slot, 0] = key
            slots[item] = slot
        # Keep the repeated ones (with their slots); the most frequent, first seen among
        # equals (Counter.most_common(1)); with no repeat, the n-gram at position 0, once.
        best_count, best_first = 1, 0
        repeats = 0
        for item in range(kept):
            slot = slots[item]
            seen = gram_table[slot, 1] & _COUNT_BITS
            position = candidates[item]
            candidates[repeats] = position
            slots[repeats] = slot
            if seen > best_count:
                best_count, best_first = seen, position
            repeats += 1 if seen >= 2 else 0
        kept = repeats
        if n <= 4:
            out[_C_TOP + n - 2] = (prefix[best_first + n] - prefix[best_first] + n - 1) * best_count
            continue
        # datatrove's find_all_duplicate: left to right, an n-gram seen before adds its
        # characters (words joined without spaces) and the scan jumps past it. An n-gram
        # that occurs once is never "seen before", so only repeated ones are visited;
        # "seen" is the visited bit of the n-gram's row (no second lookup).
        repeated = 0
        resume = 0
        for item in range(kept):
            position = candidates[item]
            if position < resume:
                continue  # jumped over: not visited
            slot = slots[item]
            meta = gram_table[slot, 1]
            if (meta & _VISITED) != 0:
                repeated += prefix[position + n] - prefix[position]
                resume = position + n
            else:
                gram_table[slot, 1] = meta | _VISITED
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


@njit(cache=True, inline="always")
def _ends_sentence(buffer: Any, first: int, last: int, classes: Any) -> bool:
    """Whether [first, last) ends with terminal punctuation, before any closing quotes
    and brackets."""
    closing = last
    while closing > first and (class_of(classes, buffer[closing - 1]) & CLOSER) != 0:
        closing -= 1
    return closing > first and (class_of(classes, buffer[closing - 1]) & TERMINAL) != 0


@njit(cache=True)
def _credited_sentence(buffer: Any, first: int, last: int, classes: Any) -> bool:
    """Whether the stripped line [first, last) is a sentence followed by a credit in
    brackets, "… bị thương. (AFP)": the last "(" within ``MAX_CREDIT_CHARS`` of the end
    (the line ending with ")"), and terminal punctuation before it and its spaces."""
    if buffer[last - 1] != _CLOSE_BRACKET:
        return False
    opening = last - 2
    limit = max(first, last - MAX_CREDIT_CHARS)
    while opening >= limit and buffer[opening] != _OPEN_BRACKET:
        opening -= 1
    if opening < limit:
        return False
    end = opening
    while end > first and (class_of(classes, buffer[end - 1]) & SPACE) != 0:
        end -= 1
    return _ends_sentence(buffer, first, end, classes)


@njit(cache=True)
def _line_counts(
    buffer: Any,
    start: int,
    end: int,
    breaks: Any,
    classes: Any,
    out: Any,
    lines: Any,
    table: Any,
    generation: int,
    mask: int,
) -> int:
    """Per non-empty line (``text.split("\\n")``, kept when ``line.strip()``): bullets,
    ellipses, terminal punctuation, bullets that end as a sentence, short lines, and
    characters of repeated lines.

    The lines end at ``breaks`` (the positions of the text's "\n") and at ``end``.
    Every line's [start, end) and key go to ``lines`` (rows: start, end, key) for the
    Gopher elements; returns the number of lines."""
    count = 0
    line_start = start
    for line in range(breaks.size + 1):
        line_end = breaks[line] if line < breaks.size else end
        # The same key as a line cut by ``_gopher_repeats``: equal texts, equal keys.
        key = np.int64(_span_key(buffer, line_start, line_end))
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
            if _ends_sentence(buffer, first, last, classes):
                out[_C_TERMINAL] += 1
                if (class_of(classes, buffer[first]) & BULLET) != 0:
                    out[_C_BULLET_SENTENCES] += 1
            elif (class_of(classes, buffer[first]) & BULLET) != 0 and _credited_sentence(buffer, first, last, classes):
                out[_C_BULLET_SENTENCES] += 1
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
def _character_counts(characters: Any, row: Any) -> None:
    """The "#", "…" and "{" of a document, and its "..." (``str.count``: a run of dots
    holds run // 3). One loop of counts without branches over a slice: it
    vectorizes; the runs of dots are walked only in a document with two dots in a row
    (3,861 of the benchmark's 20,000). Measured on its 12 batches: a branchy loop over
    every character cost 0.19 s plus a newline pass; this one 0.16 s in all (the four
    counts 0.07 s, the pairs 0.06 s; counting the pairs in the same loop, 0.2 s). Line
    breaks, then the fourth count, are now the tokenizer's (``newlines``)."""
    hashes = ellipses = curly = 0
    for character in characters:
        hashes += 1 if character == _HASH else 0
        ellipses += 1 if character == _ELLIPSIS else 0
        curly += 1 if character == _CURLY else 0
    pairs = 0
    # Numba has neither itertools.pairwise nor zip(strict=...)
    for character, following in zip(characters[:-1], characters[1:]):  # noqa: B905, RUF007
        pairs += 1 if (character == _DOT) & (following == _DOT) else 0
    if pairs:
        dots = 0
        for character in characters:
            if character == _DOT:
                dots += 1
            else:
                ellipses += dots // 3
                dots = 0
        ellipses += dots // 3
    row[_C_HASHES] = hashes
    row[_C_ELLIPSES] = ellipses
    row[_C_CURLY] = 1 if curly else 0


@njit(cache=True)
def _token_counts(codes: Any, word_length: Any, word_hash: Any, row: Any, words: Any, prefix: Any) -> int:
    """The token counts of a document's ``codes`` into ``row``; its words (tokens with a
    letter or digit) into ``words`` and their character counts' prefix sums into
    ``prefix``; returns the number of words. Counts are added, not branched on: the
    bits vary from token to token (0.08 s of 1.0 s on the benchmark's 12 batches)."""
    alpha = alphabetic = valid = marked = stop = fineweb2 = count = 0
    for token in range(codes.size):
        code = codes[token]
        alpha += 1 if (code & HAS_ALPHA) != 0 else 0
        is_alphabetic = 1 if (code & ALPHABETIC) != 0 else 0
        alphabetic += is_alphabetic
        valid += is_alphabetic if (code & VALID) != 0 else 0
        marked += is_alphabetic if (code & MARKED) != 0 else 0
        is_word = 1 if (code & HAS_ALNUM) != 0 else 0
        stop += is_word if (code & FUNCTION) != 0 else 0
        fineweb2 |= is_word << (code >> FINEWEB2_SHIFT)  # stop word 0 (none) sets bit 0
        # Written at every token, kept (count grows) at words only.
        words[count] = word_hash[token]
        prefix[count + 1] = prefix[count] + word_length[token]
        count += is_word
    row[_C_ALPHA] = alpha
    row[_C_ALPHABETIC] = alphabetic
    row[_C_VALID] = valid
    row[_C_MARKED] = marked
    row[_C_STOP] = stop
    row[_C_FINEWEB2] = fineweb2 & ~1
    row[_C_SYLLABLES] = count
    row[_C_WORD_CHARS] = prefix[count]
    return count


@njit(cache=True)
def signal_counts(
    buffer: Any,
    doc_offsets: Any,
    classes: Any,
    token_offsets: Any,
    word_length: Any,
    word_hash: Any,
    codes: Any,
    newlines: Any,
    line_offsets: Any,
) -> Any:
    """The count matrix (documents × ``COUNT_NAMES``) of a tokenized batch (``newlines``
    and ``line_offsets``: its line breaks, see ``TokenizedBatch``)."""
    documents = doc_offsets.size - 1
    out = np.zeros((documents, len(COUNT_NAMES)), dtype=np.int64)
    most = 1
    for doc in range(documents):
        _character_counts(buffer[doc_offsets[doc] : doc_offsets[doc + 1]], out[doc])
        out[doc, _C_NEWLINES] = line_offsets[doc + 1] - line_offsets[doc]
        most = max(most, out[doc, _C_NEWLINES] + 1, token_offsets[doc + 1] - token_offsets[doc])
    capacity = _capacity(most)
    # Allocated here rather than by NumPy outside (huge pages): ~1,400 page faults and
    # under 0.02 s of system time for the benchmark's 12 batches (measured).
    # One row per slot (generation, key, two values): a probe touches one cache line.
    table = np.zeros((capacity, 4), dtype=np.int64)
    gram_table = np.zeros((capacity, 2), dtype=np.int64)  # rows: see _ngram_counts
    grams = np.empty(most, dtype=np.uint64)
    lines = np.empty((most, 3), dtype=np.int64)
    candidates = np.empty(most, dtype=np.int64)
    slots = np.empty(most, dtype=np.int64)
    words = np.empty(most, dtype=np.uint64)
    prefix = np.zeros(most + 1, dtype=np.int64)
    # Table generations: a few per document, and below 2³¹ per batch (n-gram rows hold
    # them in 32 bits).
    generation = 0
    for doc in range(documents):
        row = out[doc]
        start, end = doc_offsets[doc], doc_offsets[doc + 1]
        row[_C_LENGTH] = end - start
        first_token, last_token = token_offsets[doc], token_offsets[doc + 1]
        mask = _capacity(max(row[_C_NEWLINES] + 1, last_token - first_token)) - 1
        generation += 1
        breaks = newlines[line_offsets[doc] : line_offsets[doc + 1]]
        line_count = _line_counts(buffer, start, end, breaks, classes, row, lines, table, generation, mask)
        generation = _gopher_repeats(buffer, start, end, classes, row, lines, line_count, table, generation, mask)
        row[_C_TOKENS] = last_token - first_token
        count = _token_counts(
            codes[first_token:last_token],
            word_length[first_token:last_token],
            word_hash[first_token:last_token],
            row,
            words,
            prefix,
        )
        generation = _ngram_counts(words, count, prefix, row, grams, candidates, slots, gram_table, generation, mask)
    return out
