"""Compiled pass that copies one JSON line's text field as UTF-8, never making a Python str.

``orjson.loads`` builds a Python str for every text (UTF-8 → UCS-2/4) and Polars then
encodes it back to UTF-8: on the benchmark file (20,000 lines, 110 MB) that was ~0.57 s
and ~0.34 s of a ~0.87 s read. This pass finds the top-level text field's string, checks
it and unescapes it straight into the batch's UTF-8 buffer; the rest of the line still
goes through orjson (see ``jsonl.TextFieldFastPath``).

It only ever says yes when orjson would decode that string to exactly these bytes; on any
doubt it says no and the line takes the exact path. No: a top level that is not an object,
a missing or duplicate text key, a top-level key written with an escape (it could spell
the text key), a text value that is not a string, a raw control byte, an unknown escape,
a surrogate escape that is not a high-low pair (orjson rejects those), invalid UTF-8.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

_QUOTE = 0x22
_U8 = np.uint8
_BACKSLASH = 0x5C
# Status of ``copy_text_field``: the line's text field was copied, or take the exact path.
COPIED = 1
DOUBT = 0


@njit(cache=True, inline="always")
def _is_space(byte: int) -> bool:  # pragma: no cover - compiled
    return byte == 0x20 or byte == 0x09 or byte == 0x0A or byte == 0x0D


@njit(cache=True, inline="always")
def _hex4(line: Any, at: int) -> int:  # pragma: no cover - compiled
    """The value of four hex digits at ``at``, or -1."""
    value = 0
    for index in range(at, at + 4):
        digit = line[index]
        if 0x30 <= digit <= 0x39:
            value = value * 16 + (digit - 0x30)
        elif 0x61 <= digit <= 0x66:
            value = value * 16 + (digit - 0x57)
        elif 0x41 <= digit <= 0x46:
            value = value * 16 + (digit - 0x37)
        else:
            return -1
    return value


_ONES = np.uint64(0x0101010101010101)
_HIGHS = np.uint64(0x8080808080808080)
_QUOTES = np.uint64(0x2222222222222222)
_BACKSLASHES = np.uint64(0x5C5C5C5C5C5C5C5C)


@njit(cache=True, inline="always")
def _next_quote_or_backslash(line: Any, words: Any, at: int) -> int:  # pragma: no cover - compiled
    """The first index from ``at`` of a '"' or '\\' byte, else ``line.size``. Steps eight
    bytes at a time through ``words`` (``line`` as uint64): a byte-at-a-time scan took
    ~0.8 ns a byte, ~0.09 s on the benchmark's 110 MB."""
    size: int = line.size
    while at < size and at & 7:
        if line[at] == _QUOTE or line[at] == _BACKSLASH:
            return at
        at += 1
    while at + 8 <= size:
        word = words[at >> 3]
        quotes = word ^ _QUOTES
        backslashes = word ^ _BACKSLASHES
        # Some byte of x is zero exactly when (x - 0x01..) & ~x & 0x80.. is not.
        if ((quotes - _ONES) & ~quotes & _HIGHS) | ((backslashes - _ONES) & ~backslashes & _HIGHS):
            break
        at += 8
    while at < size:
        if line[at] == _QUOTE or line[at] == _BACKSLASH:
            return at
        at += 1
    return size


@njit(cache=True)
def _unescape_into(line: Any, words: Any, start: int, out: Any, at: int) -> tuple[int, int]:  # pragma: no cover
    """Unescape the string body starting at ``line[start]`` into ``out[at:]``. Returns
    the index of its closing quote and the bytes written; (-1, 0) on doubt: no closing
    quote, an unknown escape, a surrogate escape that is not a high-low pair."""
    size = line.size
    index = start
    written = at
    while True:
        run = index
        index = _next_quote_or_backslash(line, words, index)
        out[written : written + index - run] = line[run:index]
        written += index - run
        if index >= size:
            return -1, 0  # no closing quote
        if line[index] == _QUOTE:
            return index, written - at
        if index + 1 >= size:
            return -1, 0  # a backslash escaping nothing
        code = -1
        escape = line[index + 1]
        index += 2
        if escape == 0x22 or escape == 0x5C or escape == 0x2F:  # " \ /
            code = escape
        elif escape == 0x62:  # b
            code = 0x08
        elif escape == 0x66:  # f
            code = 0x0C
        elif escape == 0x6E:  # n
            code = 0x0A
        elif escape == 0x72:  # r
            code = 0x0D
        elif escape == 0x74:  # t
            code = 0x09
        elif escape == 0x75 and index + 4 <= size:  # u
            code = _hex4(line, index)  # -1 if a quote or anything but a hex digit is there
            index += 4
            if 0xDC00 <= code <= 0xDFFF:
                return -1, 0
            if 0xD800 <= code <= 0xDBFF:
                if index + 6 > size or line[index] != _BACKSLASH or line[index + 1] != 0x75:
                    return -1, 0
                low = _hex4(line, index + 2)
                if not 0xDC00 <= low <= 0xDFFF:
                    return -1, 0
                index += 6
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        if code < 0:
            return -1, 0
        written += _write_utf8(code, out, written)


@njit(cache=True)
def _find_and_copy_text(line: Any, key: Any, out: Any, at: int) -> tuple[int, int, int]:  # pragma: no cover - compiled
    """Byte range of the body (between the quotes) of the top-level ``key``'s string
    value, unescaped into ``out[at:]`` on the way, and the bytes written; (-1, -1, 0) on
    doubt. Tokenizes strings only: the grammar around them is checked by orjson on the
    line without this body. Copying while tokenizing scans the body once, not twice (the
    second scan was ~0.03 s of the benchmark's ~0.1 s in this kernel)."""
    size = line.size
    words = line[: size - size % 8].view(np.uint64)
    index = 0
    while index < size and _is_space(line[index]):
        index += 1
    if index >= size or line[index] != 0x7B:  # "{"
        return -1, -1, 0
    depth = 0
    expect_key = False  # the next string at depth 1 is a key
    expect_value = False  # the next token at depth 1 is a value
    value_is_text = False  # ... of the text key
    seen_key = False
    body_start, body_end, written = -1, -1, 0
    while index < size:
        byte = line[index]
        if _is_space(byte):
            index += 1
            continue
        if byte == _QUOTE:
            if depth == 1 and expect_value and value_is_text:
                end, written = _unescape_into(line, words, index + 1, out, at)
                if end < 0:
                    return -1, -1, 0
                body_start, body_end = index + 1, end
                expect_value = False
                value_is_text = False
                index = end + 1
                continue
            end = index + 1
            escaped = False
            while True:
                end = _next_quote_or_backslash(line, words, end)
                if end >= size or line[end] == _QUOTE:
                    break
                escaped = True
                end += 2  # the escaped byte is no quote
            if end >= size:
                return -1, -1, 0
            if depth == 1 and expect_key:
                if escaped:
                    return -1, -1, 0
                is_key = end - index - 1 == key.size
                if is_key:
                    for offset in range(key.size):
                        if line[index + 1 + offset] != key[offset]:
                            is_key = False
                            break
                if is_key:
                    if seen_key:
                        return -1, -1, 0  # orjson keeps the last of duplicate keys: let it
                    seen_key = True
                value_is_text = is_key
                expect_key = False
            elif depth == 1 and expect_value:
                expect_value = False
                value_is_text = False
            index = end + 1
            continue
        if depth == 1 and expect_value:
            if value_is_text:
                return -1, -1, 0  # not a string: the exact path names its type
            expect_value = False
        if byte == 0x7B or byte == 0x5B:  # "{" "["
            depth += 1
            expect_key = depth == 1
        elif byte == 0x7D or byte == 0x5D:  # "}" "]"
            depth -= 1
            if depth == 0:
                break
        elif depth == 1:
            if byte == 0x2C:  # ","
                expect_key = True
            elif byte == 0x3A:  # ":"
                expect_value = True
        index += 1
    return body_start, body_end, written


@njit(cache=True)
def _is_clean_utf8(line: Any, start: int, end: int) -> bool:  # pragma: no cover - compiled
    """Whether ``line[start:end]`` is well-formed UTF-8 (Unicode Table 3-7: no overlongs,
    no surrogates, nothing past U+10FFFF) free of raw control bytes, which JSON strings
    may not hold. ``line[start - 3:start]`` must be ASCII (the caller checks).

    Each byte is judged by itself and the three before it, with no early exit: a byte
    must continue a sequence exactly when one of those three leads a sequence that
    long. A table-driven automaton took ~2 ns a byte (each step waits for the last),
    branching per sequence length ~3.5 ns; this ~0.15 ns."""
    current = line[start:end]
    back_1 = line[start - 1 : end - 1]
    back_2 = line[start - 2 : end - 2]
    back_3 = line[start - 3 : end - 3]
    bad = _U8(0)
    for index in range(current.size):
        byte, before_1 = current[index], back_1[index]
        continues = (byte & _U8(0xC0)) == _U8(0x80)
        must_continue = (before_1 >= _U8(0xC0)) | (back_2[index] >= _U8(0xE0)) | (back_3[index] >= _U8(0xF0))
        wrong = (continues != must_continue) | (byte < _U8(0x20)) | (byte >= _U8(0xF5))
        wrong |= (byte == _U8(0xC0)) | (byte == _U8(0xC1))
        # The second byte's range after the leads that narrow it.
        wrong |= (before_1 == _U8(0xE0)) & (byte < _U8(0xA0))
        wrong |= (before_1 == _U8(0xED)) & (byte > _U8(0x9F))
        wrong |= (before_1 == _U8(0xF0)) & (byte < _U8(0x90))
        wrong |= (before_1 == _U8(0xF4)) & (byte > _U8(0x8F))
        # max, not |=: only this reduction let LLVM vectorize the loop (0.012 s, not 0.11 s,
        # on the benchmark's text); counting characters here too stopped it again.
        bad = max(bad, _U8(wrong))
    # The last sequence must end inside the body.
    bad |= _U8(line[end - 1] >= 0xC0) | _U8(line[end - 2] >= 0xE0) | _U8(line[end - 3] >= 0xF0)
    return bool(bad == 0)


@njit(cache=True)
def _count_characters(line: Any, start: int, end: int) -> int:  # pragma: no cover - compiled
    """Bytes of ``line[start:end]`` that do not continue a UTF-8 sequence."""
    body = line[start:end]
    characters = 0
    for index in range(body.size):
        characters += (body[index] & 0xC0) != 0x80
    return characters


@njit(cache=True)
def copy_text_field(line: Any, key: Any, out: Any, at: int) -> tuple[int, int, int, int, int]:  # pragma: no cover
    """Unescape the top-level ``key``'s string of a JSON object line into ``out[at:]``
    (room for the line's length is needed; on doubt its bytes there are garbage).
    Returns (status, body start, body end, bytes written, characters written)."""
    start, end, written = _find_and_copy_text(line, key, out, at)
    if start < 0:
        return DOUBT, 0, 0, 0, 0
    # Before the body come '"', then ':' or spaces, then '"' or spaces in any line
    # orjson accepts; _is_clean_utf8 needs them ASCII.
    if start < 3 or line[start - 2] >= 0x80 or line[start - 3] >= 0x80:
        return DOUBT, 0, 0, 0, 0
    if not _is_clean_utf8(line, start, end):
        return DOUBT, 0, 0, 0, 0
    # Counted in the copy, where each escape is already one character.
    return COPIED, start, end, written, _count_characters(out, at, at + written)


@njit(cache=True, inline="always")
def _write_utf8(code: int, out: Any, at: int) -> int:  # pragma: no cover - compiled
    """Write one code point as UTF-8 at ``out[at:]``; returns its length."""
    if code < 0x80:
        out[at] = code
        return 1
    if code < 0x800:
        out[at] = 0xC0 | (code >> 6)
        out[at + 1] = 0x80 | (code & 0x3F)
        return 2
    if code < 0x10000:
        out[at] = 0xE0 | (code >> 12)
        out[at + 1] = 0x80 | ((code >> 6) & 0x3F)
        out[at + 2] = 0x80 | (code & 0x3F)
        return 3
    out[at] = 0xF0 | (code >> 18)
    out[at + 1] = 0x80 | ((code >> 12) & 0x3F)
    out[at + 2] = 0x80 | ((code >> 6) & 0x3F)
    out[at + 3] = 0x80 | (code & 0x3F)
    return 4
