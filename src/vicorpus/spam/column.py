"""``fold_to_bytes`` for a whole column at once, to find the documents without spam evidence.

``spam_signals`` folds each text and scans the folded copy; on clean text the scan finds
nothing, and then every signal the stage keeps is zero. Here the fold of a whole Arrow
string column runs in one compiled pass over its UTF-8 bytes (numba), one code point
table lookup per character (``folding.fold_table``), and the evidence scan runs over the
folded copies with one RE2 pattern. Only documents the scan flags are counted (on
their folded copy, ``folded_spam_signals``). Where the table alone is not the fold, the
fold is finished per text: spelled-out letters and split syllables are joined
(``join_spelled_out``, ``split_syllables``; the scan also flags a text with a term's
syllable split, which only the join can make evidence), and a
text that is not NFKC is folded again from its NFKC form. Only a text with a character
the table cannot fold at all (none today) goes through ``spam_signals`` whole. The
accented terms (``accented``) are looked for with one literal search of the column;
only texts that hold one, or are not NFC, are read in Python.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any, Final

import numpy as np
import polars as pl
import pyarrow as pa
import re2  # type: ignore[import-untyped]
from numba import njit

from vicorpus.spam.accented import ACCENTED_PREFILTER_PATTERN, NO_HITS, AccentedHits, accented_hits
from vicorpus.spam.folding import (
    COMMON_COMPATIBILITY,
    MAYBE_SPELLED_OUT_PATTERN,
    fold_table,
    nfkc_by_line,
    replace_common_compatibility,
    spelled_out_joined,
)
from vicorpus.spam.signals import EVIDENCE_PATTERN, has_evidence
from vicorpus.spam.split_syllables import TERM_SYLLABLES, join_split_syllables, split_syllable_pattern
from vicorpus.spam.table_cache import cached_table

_UNSAFE: Final = -1  # the text must take the Python path
_DROP: Final = 0
_ELLIPSIS: Final = 256  # folds to "..." (the only character that folds to more than one byte)
_RELEVANT: Final = 512  # added to the fold of a character that may make a text not NFKC
_SPACE: Final = 32
_SEARCH_MEMORY: Final = 32 << 20


@cache
def _code_table() -> np.ndarray:
    """Code point -> its fold (an ASCII byte, ``_DROP`` or ``_ELLIPSIS``; plus ``_RELEVANT``
    for an NFKC-relevant character), or ``_UNSAFE``; from the user's cache folder when
    it holds it (see ``table_cache``)."""
    return cached_table(build_code_table)


def build_code_table() -> np.ndarray:
    """``_code_table``, built."""
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
    if not ((table[:128] >= 0) & (table[:128] < 128)).all():
        raise AssertionError("an ASCII character must fold to one ASCII byte or none (_fold reads them so)")
    return table


@njit(cache=True)
def _fold(data: Any, offsets: Any, table: Any) -> Any:  # pragma: no cover - compiled
    """The folded bytes of each string of a valid UTF-8 column, whether each string holds
    a character the table cannot fold (then its folded bytes mean nothing), and where
    its first and last NFKC-relevant characters are (-1 without any; else the folded
    bytes hold if the text is NFKC): the byte offset in ``data`` of the first one's
    start and of the last one's end.

    The table's ASCII rows are plain bytes (``_code_table`` checks), so an ASCII
    character needs no test beyond the common step, which has no branch on the byte
    but one for dropped characters (rare): words and spaces alternate every few bytes,
    and a branch on "space or not" was mispredicted at almost every word (the pass took
    ~12 % longer on Vietnamese text, twice as long on ASCII text).
    """
    strings = offsets.size - 1
    # A space is stored before it is known to be kept: the buffer never runs out, as no
    # character folds to more bytes than it takes in UTF-8 ("..." takes 3 too).
    out = np.empty(max(offsets[strings] - offsets[0], 1), dtype=np.uint8)
    out_offsets = np.empty(strings + 1, dtype=np.int64)
    unsafe = np.zeros(strings, dtype=np.bool_)
    first_relevant = np.full(strings, -1, dtype=np.int64)
    last_relevant = np.full(strings, -1, dtype=np.int64)
    at = 0
    for string in range(strings):
        out_offsets[string] = start = at
        index, end = offsets[string], offsets[string + 1]
        # The fold of the last character not dropped; a space here would lead (the edges
        # are stripped). It is a space exactly when the last byte kept is one (or none is).
        last = np.int32(_SPACE)
        while index < end:
            lead = np.int32(data[index])
            character = index
            if lead < 0x80:
                folded = np.int32(table[lead])
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
                folded = np.int32(table[code])
                if folded >= _ELLIPSIS:
                    if folded >= _RELEVANT:
                        if first_relevant[string] < 0:
                            first_relevant[string] = character
                        last_relevant[string] = index
                        folded -= _RELEVANT
                    if folded == _ELLIPSIS:
                        out[at] = out[at + 1] = out[at + 2] = 46
                        at += 3
                        last = np.int32(46)
                        continue
                elif folded == _UNSAFE:
                    unsafe[string] = True
                    break
            if folded == _DROP:
                continue
            out[at] = folded
            at += (folded != _SPACE) | (last != _SPACE)  # runs of spaces become one
            last = folded
        if last == _SPACE and at > start:
            at -= 1  # a trailing space
    out_offsets[strings] = at
    return out[:at], out_offsets, unsafe, first_relevant, last_relevant


def _arrow_bytes(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    array = texts.rechunk().to_arrow()
    if not pa.types.is_large_string(array.type):
        array = array.cast(pa.large_string())
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[array.offset : array.offset + len(array) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, dtype=np.uint8)
    return data, offsets


@cache
def _evidence_or_spelled_out() -> Any:
    """One RE2 pattern for all three: evidence, letters that joining may turn into
    evidence, or a term's syllable split by separators (``c.ai``, ``cu.oc``). Any term's:
    a joined syllable may complete an evidence term whose next letter a symbol stands in
    for ("t.a* xiu" is "ta* xiu", "tai xiu" with "*" for "i"), not only a syllable of one.

    Without capture groups: a search then only needs the bounds of the whole match.
    """
    split = split_syllable_pattern(TERM_SYLLABLES)
    options = re2.Options()
    # RE2's default budget (8 MiB) runs out with the split syllables: its DFA then gives up
    # and the search falls back to a slower engine (10.8 CPU s against 1.4 s for the
    # benchmark's 20,000 texts). 32 MiB is enough, measured then.
    options.max_mem = _SEARCH_MEMORY
    return re2.compile(f"{EVIDENCE_PATTERN}|{MAYBE_SPELLED_OUT_PATTERN}|{split}".encode("ascii"), options)


def _scan(out: np.ndarray, out_offsets: np.ndarray, skip: np.ndarray) -> list[tuple[int, bytes]]:
    """The strings of a folded column (``_fold``'s bytes and offsets), not in ``skip``, whose
    copy (spelled-out letters joined) may hold evidence, each with that copy.

    Each string is searched on its own with RE2 (on a memoryview: no copy); an RE2
    object keeps the DFA states it built between searches. Polars' ``str.contains`` over
    the folded column costs ~13 ms per call on top of the scan, the same when a batch is
    scanned again (likely a lazy DFA starting cold on every call): on the benchmark's 12
    batches of 20,000 documents it took 0.30 s, these searches 0.16 s.
    """
    search = _evidence_or_spelled_out().search
    split_syllable = _split_syllable().match
    folded = out.data  # a memoryview of the bytes
    bounds = out_offsets.tolist()
    found: list[tuple[int, bytes]] = []
    for row in np.flatnonzero(~skip).tolist():
        view = folded[bounds[row] : bounds[row + 1]]
        match = search(view)
        if match is None:
            continue
        copy = bytes(view)
        split_joined = join_split_syllables(copy)  # first, as in ``fold_to_bytes``
        spelled_out = spelled_out_joined(split_joined)
        joined = split_joined if spelled_out is None else spelled_out
        if joined is copy and split_syllable(match.group()) is None:
            # Nothing to join, and the search found evidence (a copy without any would
            # still count zero everywhere).
            found.append((row, copy))
        elif has_evidence(joined):
            # Joined, or found a split syllable: initials ("T.Ư", "B.I.") match one
            # and hold no evidence (counting signals for them cost more than this search).
            found.append((row, joined))
    return found


@cache
def _split_syllable() -> Any:
    """The split-syllable alternative of ``_evidence_or_spelled_out`` alone."""
    return re2.compile(split_syllable_pattern(TERM_SYLLABLES).encode("ascii"))


def _not_nfkc(
    data: np.ndarray, offsets: np.ndarray, first: np.ndarray, last: np.ndarray, rows: np.ndarray
) -> tuple[list[int], list[str], list[int]]:
    """Those of ``rows`` whose text is not NFKC after the common replacements (as
    ``fold_to_bytes`` checks), each with the NFKC form that ``fold_to_bytes`` folds; and
    those of ``rows`` whose text is not NFC.

    Only the lines from the first NFKC-relevant character (``first``) to the last
    (``last``) are read: NFKC and NFC act on each line alone (``nfkc_by_line``), and the
    other lines hold no relevant character (every NFC-relevant character is NFKC-relevant;
    the common replacements give ASCII), which saves decoding and checking whole pages
    for a fraction or a fullwidth comma.
    """
    found: list[int] = []
    normalized: list[str] = []
    not_nfc: list[int] = []
    bounds = offsets.tolist()
    for row, first_at, last_at in zip(rows.tolist(), first[rows].tolist(), last[rows].tolist(), strict=True):
        text = data[bounds[row] : bounds[row + 1]].tobytes()
        start = text.rfind(b"\n", 0, first_at - bounds[row]) + 1  # 0 when on the first line
        stop = text.find(b"\n", last_at - bounds[row])
        stop = len(text) if stop < 0 else stop
        written = text[start:stop].decode("utf-8")
        if not unicodedata.is_normalized("NFC", written):
            not_nfc.append(row)
        lines = replace_common_compatibility(written)
        if not unicodedata.is_normalized("NFKC", lines):
            found.append(row)
            normalized.append(text[:start].decode("utf-8") + nfkc_by_line(lines) + text[stop:].decode("utf-8"))
    return found, normalized, not_nfc


def evidence_candidates(texts: pl.Series) -> list[tuple[int, bytes | None, AccentedHits]]:
    """The rows of ``texts`` (no nulls) where ``spam_signals`` may find evidence, in order,
    each with its folded copy (``fold_to_bytes``), or None when the table cannot fold it
    or no copy was made, and its ``accented_hits``.

    Every other row folds to a copy without any topic term, brand token, contact term,
    phone number or ISBN, and holds no accented gambling term: ``spam_signals`` would
    count zero for all of them (and leave the other counts None).
    """
    table = _code_table()
    data, offsets = _arrow_bytes(texts)
    out, out_offsets, skip, first, last = _fold(data, offsets, table)
    candidates: list[tuple[int, bytes | None]] = [(row, None) for row in np.flatnonzero(skip).tolist()]
    # Texts with an NFKC-relevant character: the fold holds when the text is NFKC after
    # the common replacements, which most such texts are. The others are folded again
    # from their NFKC form (the table folds an NFKC text exactly), and those copies are
    # scanned instead.
    rows, normalized, not_nfc = _not_nfkc(data, offsets, first, last, np.flatnonzero((first >= 0) & ~skip))
    skip[rows] = True  # their copies above are not theirs
    candidates += _scan(out, out_offsets, skip)
    if rows:
        more, more_offsets, more_skip, _, _ = _fold(*_arrow_bytes(pl.Series(normalized, dtype=pl.String)), table)
        candidates += [(rows[index], None) for index in np.flatnonzero(more_skip).tolist()]
        candidates += [(rows[index], copy) for index, copy in _scan(more, more_offsets, more_skip)]
    hits = _accented(texts, not_nfc)
    found = [(row, copy, hits.get(row, NO_HITS)) for row, copy in candidates]
    # An accented gambling term is evidence of its own: such a row without any other is
    # judged from its text (rare).
    judged = {row for row, _ in candidates}
    found += [(row, None, row_hits) for row, row_hits in hits.items() if row_hits.gambling and row not in judged]
    return sorted(found, key=lambda candidate: candidate[0])


def _accented(texts: pl.Series, not_nfc: list[int]) -> dict[int, AccentedHits]:
    """``accented_hits`` of the rows that may have any (the others have none): the texts
    that hold one of the terms' literals (exact for a text in NFC, which ``accented_hits``
    reads as it is), and the texts that are not NFC (``not_nfc``; rows the table cannot
    fold are judged from their text whole, and not among them). One literal search of
    the column: 0.015-0.03 s for the benchmark's 110 MB; ``accented_hits`` on every text
    with an NFKC-relevant character took 0.76 s (Python's regex engine on long laws)."""
    maybe = texts.str.contains(ACCENTED_PREFILTER_PATTERN).to_numpy()
    maybe[not_nfc] = True
    rows = np.flatnonzero(maybe)
    if not len(rows):
        return {}
    found = zip(rows.tolist(), map(accented_hits, texts.gather(rows).to_list()), strict=True)
    return {row: row_hits for row, row_hits in found if row_hits is not NO_HITS}
