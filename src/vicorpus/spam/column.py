"""``fold_to_bytes`` for a whole column at once, to find the documents without spam evidence.

``spam_signals`` folds each text and scans the folded copy; on clean text the scan finds
nothing, and then every signal the stage keeps is zero. Here the fold of a whole Arrow
string column runs in one compiled pass over its UTF-8 bytes (numba), one code point
table lookup per character (``folding.fold_table``), and the evidence scan runs over the
folded column with Polars (Rust regex). Only documents the scan flags, and the few the
table cannot fold exactly (not NFKC, letters spelled out), need ``spam_signals``.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any, Final

import numpy as np
import polars as pl
import pyarrow as pa
from numba import njit

from vicorpus.spam.folding import COMMON_COMPATIBILITY, MAYBE_SPELLED_OUT_PATTERN, fold_table, join_spelled_out
from vicorpus.spam.signals import EVIDENCE_PATTERN, has_evidence

_UNSAFE: Final = -1  # the text must take the Python path
_DROP: Final = 0
_ELLIPSIS: Final = 256  # folds to "..." (the only character that folds to more than one byte)
_RELEVANT: Final = 512  # added to the fold of a character that may make a text not NFKC
_SPACE: Final = 32


@cache
def _code_table() -> np.ndarray:
    """Code point -> its fold (an ASCII byte, ``_DROP`` or ``_ELLIPSIS``; plus ``_RELEVANT``
    for an NFKC-relevant character), or ``_UNSAFE``."""
    mapping, unsafe, nfkc_relevant = fold_table()
    table = np.zeros(0x110000, dtype=np.int16)  # every character outside the table is dropped
    table[:128] = np.arange(128)
    for character, folded in mapping.items():
        if len(folded) > 1:
            raise AssertionError(f"{character!r} folds to {folded!r}")  # fold_table says it cannot
        table[ord(character)] = ord(folded) if folded else _DROP
    table[nfkc_relevant] += _RELEVANT
    table[unsafe] = _UNSAFE
    for character, reading in COMMON_COMPATIBILITY:  # replaced before the fold, whatever else
        table[ord(character)] = _ELLIPSIS if reading == "..." else ord(reading)
    return table


@njit(cache=True)
def _fold(data: Any, offsets: Any, table: Any) -> Any:  # pragma: no cover - compiled
    """The folded bytes of each string of a valid UTF-8 column, whether each string holds
    a character the table cannot fold (then its folded bytes mean nothing), and whether
    it holds an NFKC-relevant one (then they hold if the text is NFKC)."""
    strings = offsets.size - 1
    out = np.empty(max(offsets[strings] - offsets[0], 1), dtype=np.uint8)
    out_offsets = np.empty(strings + 1, dtype=np.int64)
    unsafe = np.zeros(strings, dtype=np.bool_)
    relevant = np.zeros(strings, dtype=np.bool_)
    at = 0
    for string in range(strings):
        out_offsets[string] = at
        index, end = offsets[string], offsets[string + 1]
        space = True  # a space here would lead: the edges are stripped
        while index < end:
            lead = np.int32(data[index])
            if lead < 0x80:
                folded = table[lead]
                index += 1
            else:
                if lead < 0xE0:
                    code = ((lead & 0x1F) << 6) | (np.int32(data[index + 1]) & 0x3F)
                    index += 2
                elif lead < 0xF0:
                    code = ((lead & 0x0F) << 12) | ((np.int32(data[index + 1]) & 0x3F) << 6)
                    code |= np.int32(data[index + 2]) & 0x3F
                    index += 3
                else:
                    code = ((lead & 0x07) << 18) | ((np.int32(data[index + 1]) & 0x3F) << 12)
                    code |= ((np.int32(data[index + 2]) & 0x3F) << 6) | (np.int32(data[index + 3]) & 0x3F)
                    index += 4
                folded = table[code]
                if folded >= _RELEVANT:
                    relevant[string] = True
                    folded -= _RELEVANT
            if folded > _SPACE:
                if folded == _ELLIPSIS:
                    out[at] = out[at + 1] = out[at + 2] = 46
                    at += 3
                else:
                    out[at] = folded
                    at += 1
                space = False
            elif folded == _SPACE:
                if not space:  # runs of spaces become one
                    out[at] = _SPACE
                    at += 1
                    space = True
            elif folded == _UNSAFE:
                unsafe[string] = True
                break
            elif folded != _DROP:  # control bytes the fold keeps (none, but the table decides)
                out[at] = folded
                at += 1
                space = False
        if space and at > out_offsets[string]:
            at -= 1  # a trailing space
    out_offsets[strings] = at
    return out[:at], out_offsets, unsafe, relevant


def _arrow_bytes(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    array = texts.rechunk().to_arrow()
    if not pa.types.is_large_string(array.type):
        array = array.cast(pa.large_string())
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[array.offset : array.offset + len(array) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, dtype=np.uint8)
    return data, offsets


@cache
def _rust_patterns() -> tuple[str, str]:
    # RE2's \b is ASCII-only; so is Rust's (?-u:\b), which its DFA runs (the folded text is ASCII).
    if "\\\\b" in EVIDENCE_PATTERN:
        raise AssertionError("a literal backslash before b would be rewritten")
    return EVIDENCE_PATTERN.replace("\\b", "(?-u:\\b)"), MAYBE_SPELLED_OUT_PATTERN


def evidence_candidates(texts: pl.Series) -> list[tuple[int, bytes | None]]:
    """The rows of ``texts`` (no nulls) where ``spam_signals`` may find evidence, each with
    its folded copy (``fold_to_bytes``), or None when the table cannot fold it.

    Every other row folds to a copy without any topic term, brand token, contact term,
    phone number or ISBN: ``spam_signals`` would count zero for all of them (and leave
    the other counts None).
    """
    data, offsets = _arrow_bytes(texts)
    out, out_offsets, unsafe, relevant = _fold(data, offsets, _code_table())
    folded = pl.Series(pa.LargeStringArray.from_buffers(len(texts), pa.py_buffer(out_offsets), pa.py_buffer(out)))
    # Texts with an NFKC-relevant character: the fold holds when the text is NFKC after
    # the common replacements (as fold_to_bytes checks), which most such texts are.
    check = (pl.Series(relevant) & ~pl.Series(unsafe)).arg_true()
    for row, text in zip(check.to_list(), texts.gather(check).to_list(), strict=True):
        for character, reading in COMMON_COMPATIBILITY:
            text = text.replace(character, reading)
        unsafe[row] = not unicodedata.is_normalized("NFKC", text)
    evidence, spelled_out = _rust_patterns()
    # One scan for both: evidence, or letters that joining may turn into evidence.
    hits = folded.str.contains(f"{evidence}|{spelled_out}") | pl.Series(unsafe)
    candidates: list[tuple[int, bytes | None]] = []
    bounds = out_offsets.tolist()
    for row in hits.arg_true().to_list():
        if unsafe[row]:
            candidates.append((row, None))
            continue
        copy = join_spelled_out(out[bounds[row] : bounds[row + 1]].tobytes())
        if has_evidence(copy):
            candidates.append((row, copy))
    return candidates
