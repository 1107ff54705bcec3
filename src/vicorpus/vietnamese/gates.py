"""Regex gates that clear whole texts for ``fix_text`` without running it.

``fix_text`` already clears most texts with one RE2 scan (``fix._ANY_REPAIR_RE2``).
The gates here say the same thing in a form that any engine with RE2 syntax can run —
the Rust ``regex`` crate behind Polars string expressions in particular — so that a
caller holding many texts in one column can find the few that need ``fix_text`` with
one vectorised scan, and the others are known to come back unchanged with an empty report.

Soundness does not depend on the engine's Unicode tables: every class that depends on
them (letters, NFC-relevant characters) is spelled out as explicit code point ranges,
computed here (once, on first use: about 40 ms) from the running Python's ``unicodedata``
and ``re`` and from RE2's own tables, and widened so that the gate fires wherever either
of them would. Letters are decided only for the code points around Vietnamese text (the
rest count as letters where a letter is asked for, and as non-letters where a non-letter
is), which keeps the classes short. For NFC, code points from U+30000 up (CJK extensions
G and later, private use, tags) are all treated as "might matter": they are rare, and it
keeps that table cheap.

``tone_only_gates`` goes further for the lines these gates flag: it shows which of them
need nothing from ``fix_text`` but the tone step, which a caller may then run column-wise
(``vicorpus.stages.standardize.tone_lines``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Final, NamedTuple

import numpy as np
import re2  # type: ignore[import-untyped]

from vicorpus.text.normal_forms import normal_form_relevant
from vicorpus.vietnamese.entities import REFERENCE_PATTERN
from vicorpus.vietnamese.homoglyphs import LOOKALIKE_CHARACTERS
from vicorpus.vietnamese.invisibles import INVISIBLE_CHARACTERS
from vicorpus.vietnamese.mojibake import UTF8_CONTINUATION_CHARACTERS, UTF8_LEAD_CHARACTERS, unreadable_as_code_page
from vicorpus.vietnamese.scoring import CP1258_TONE_RE, SUSPICIOUS_CHARACTERS
from vicorpus.vietnamese.tones import suspect_re2_pattern

_TABLE_END: Final = 0x30000  # code points below are classified one by one; see the module doc

Ranges = list[tuple[int, int]]  # inclusive (first, last) code point pairs, ascending


def _to_ranges(codes: list[int]) -> Ranges:
    ranges: Ranges = []
    for code in sorted(set(codes)):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def _union(a: Ranges, b: Ranges) -> Ranges:
    merged: Ranges = []
    for first, last in sorted(a + b):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def class_pattern(ranges: Ranges, *, negate: bool = False, extra: str = "") -> str:
    """A character class in RE2/Rust syntax (``\\x{..}`` escapes, so any code point is safe)."""
    body = "".join(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in ranges)
    return "[" + ("^" if negate else "") + body + extra + "]"


# Chunks of code points of one UTF-8 width each (surrogates left out), so that byte
# offsets of RE2 matches turn into code points by a division.
_CHUNKS: Final = ((0, 0x7F), (0x80, 0x7FF), (0x800, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x10FFFF))


@cache
def _chunk(first: int, last: int) -> str:
    return np.arange(first, last + 1, dtype=np.uint32).tobytes().decode("utf-32-le")


def code_point_chunks() -> list[tuple[int, str]]:
    """Every code point but the surrogates, as (first code point, string of consecutive
    code points): for classifying all of Unicode with a few vectorised calls."""
    return [(first, _chunk(first, last)) for first, last in _CHUNKS]


@cache
def _re2_ranges(pattern: str) -> Ranges:
    """The code points RE2 matches with ``pattern`` (one class), from RE2's own tables."""
    ranges: Ranges = []
    compiled = re2.compile(f"(?:{pattern})+".encode())
    for first, last in _CHUNKS:
        width = len(chr(first).encode())
        for match in compiled.finditer(_chunk(first, last).encode()):
            ranges.append((first + match.start() // width, first + match.end() // width - 1))
    return ranges


# Code points classified one by one for the letter classes of the tone gate: the letters
# and the punctuation around them in the text this gate sees. Every other code point is
# counted as both a letter and a non-letter (the gate may fire on more), so the classes
# stay short, cheap to build, and quick for a DFA to run.
_LETTER_CANDIDATES: Final = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF))
_NON_LETTER_CANDIDATES: Final = ((0x00, 0xBF), (0x2000, 0x206F), (0x3000, 0x303F))


def _complement(ranges: Ranges) -> Ranges:
    """The code points (surrogates left out) that are not in ``ranges``."""
    gaps: Ranges = []
    for first, last in _CHUNKS:
        start = first
        for a, b in ranges:
            if b < start or a > last:
                continue
            if a > start:
                gaps.append((start, a - 1))
            start = b + 1
        if start <= last:
            gaps.append((start, last))
    return _union(gaps, [])


@cache
def letter_classes() -> tuple[Ranges, Ranges]:
    """(``after``, ``inner``): the letter classes of the tone gate, widened.

    ``after`` holds every code point that Python's ``[^\\W\\d_]`` or RE2's ``[\\pL\\pN]``
    counts as a letter (a gate that asks for a letter may fire on more); ``inner`` only
    code points that both Python's ``[^\\W\\d_]`` and RE2's ``\\pL`` count (a gate that
    asks for a non-letter may fire on more). Decided for the code points of
    ``_LETTER_CANDIDATES`` and ``_NON_LETTER_CANDIDATES`` by both engines; every other
    code point is in ``after`` and not in ``inner``.
    """
    python = re.compile(r"[^\W\d_]")
    letter, letter_or_number = re2.compile(rb"\pL"), re2.compile(rb"[\pL\pN]")

    def codes(candidates: tuple[tuple[int, int], ...]) -> list[int]:
        return [code for first, last in candidates for code in range(first, last + 1)]

    inner = [
        code for code in codes(_LETTER_CANDIDATES) if python.match(chr(code)) and letter.search(chr(code).encode())
    ]
    other = [
        code
        for code in codes(_NON_LETTER_CANDIDATES)
        if not python.match(chr(code)) and not letter_or_number.search(chr(code).encode())
    ]
    return _complement(_to_ranges(other)), _to_ranges(inner)


@cache
def nfc_relevant_ranges() -> Ranges:
    """Code points whose presence may make a text not NFC; a text without any is NFC.

    Non-starters (combining class > 0), characters NFC changes on their own, characters
    that compose with the character before them (the second half of a canonical pair,
    Hangul vowel and final jamo), and characters whose decomposition starts with one of
    those. Without these, NFD splits and NFC recomposes each character on its own.
    """
    relevant = normal_form_relevant("NFC", _TABLE_END)
    ranges = _to_ranges(relevant)
    ranges.append((_TABLE_END, 0x10FFFF))
    return ranges


def _repair_characters() -> str:
    return "".join(sorted(set(SUSPICIOUS_CHARACTERS + INVISIBLE_CHARACTERS + LOOKALIKE_CHARACTERS)))


@cache
def suspect_gate_pattern(tone_style: str) -> str:
    """The tone part of ``fix_gate_pattern``: it matches wherever ``tones._SUSPECT[tone_style]``
    (Python ``re``) does, whatever the Unicode version of the engine that runs it, so a
    line of NFC text it does not match comes back from ``normalize_tones`` unchanged."""
    after, inner = letter_classes()
    return suspect_re2_pattern(
        tone_style, after=class_pattern(after), not_letter=class_pattern(inner, negate=True, extra="\\n")
    )


@cache
def nfc_gate_pattern() -> str:
    """A class of the code points that may make a text not NFC: a text it does not match is NFC."""
    return class_pattern(nfc_relevant_ranges())


@cache
def fix_gate_pattern(tone_style: str) -> str:
    """A pattern that matches in every line ``fix_text`` could change (RE2 and Rust syntax).

    It fires wherever ``fix._ANY_REPAIR_RE2`` does and wherever the text is not NFC, so
    a text it does not match comes back from ``fix_text_with_report`` unchanged with an
    empty report. No match holds a newline. It also fires wherever the repairs of
    ``fix._fix_once`` (Python ``re``) could start, whatever the Unicode version of the
    engine that runs it.
    """
    repair = _to_ranges([ord(c) for c in _repair_characters()])
    return "|".join(
        (
            REFERENCE_PATTERN,
            class_pattern(repair),
            CP1258_TONE_RE.pattern,
            suspect_gate_pattern(tone_style),
            nfc_gate_pattern(),
        )
    )


class ToneOnlyGates(NamedTuple):
    """Patterns (RE2 and Rust syntax, every class spelled out) that show a line of NFC text
    needs nothing from ``fix._fix_block`` but the tone step: it then comes back as
    ``normalize_tones`` returns it, with only its tone count in the report.

    That holds when ``blocking`` does not match, and ``suspicious`` does not match or
    ``unreadable`` matches and ``utf8_pair`` does not. Then no character reference is
    decoded, no invisible or look-alike character is there, and ``mojibake.repair_line``
    returns the line as it is: it finds no trace of a wrong code page, or the line has
    no reading as a whole (``mojibake.unreadable_as_code_page``) and no word it could
    read again as UTF-8. One pass of ``_fix_once`` then only re-tones, and ends the loop.
    """

    blocking: str  # a character reference, an invisible or a look-alike character
    suspicious: str  # what makes ``scoring.looks_suspicious`` true
    unreadable: str  # a character that rules out a reading of the whole line
    utf8_pair: str  # a UTF-8 lead and continuation byte read as Windows-1252/Latin-1


# Where Vietnamese lines find an ``unreadable`` character (ệ, ố, ữ, ...): a subset of all
# such characters is enough (a line without one takes the full repair), and keeps the
# table cheap to build (about 2 ms).
_UNREADABLE_CANDIDATES: Final = ((0x100, 0x4FF), (0x1E00, 0x1EFF))


@cache
def tone_only_gates() -> ToneOnlyGates:
    """The patterns of :class:`ToneOnlyGates`, built once."""

    def codes(characters: str) -> Ranges:
        return _to_ranges([ord(c) for c in characters])

    unreadable = [
        code
        for first, last in _UNREADABLE_CANDIDATES
        for code in range(first, last + 1)
        if unreadable_as_code_page(chr(code))
    ]
    return ToneOnlyGates(
        blocking=f"{REFERENCE_PATTERN}|{class_pattern(codes(INVISIBLE_CHARACTERS + LOOKALIKE_CHARACTERS))}",
        suspicious=f"{class_pattern(codes(SUSPICIOUS_CHARACTERS))}|{CP1258_TONE_RE.pattern}",
        unreadable=class_pattern(_to_ranges(unreadable)),
        utf8_pair=class_pattern(codes(UTF8_LEAD_CHARACTERS)) + class_pattern(codes(UTF8_CONTINUATION_CHARACTERS)),
    )


@cache
def repair_gate_pattern(tone_style: str) -> str:
    """The pattern of ``fix._ANY_REPAIR_RE2`` (the gate ``fix_text`` itself applies), with
    RE2's Unicode classes spelled out: another engine matches exactly where RE2 does."""
    return "|".join(
        (
            REFERENCE_PATTERN,
            class_pattern(_to_ranges([ord(c) for c in _repair_characters()])),
            CP1258_TONE_RE.pattern,
            suspect_re2_pattern(
                tone_style,
                after=class_pattern(_re2_ranges(r"[\pL\pN]")),
                not_letter=class_pattern(_re2_ranges(r"\pL"), negate=True, extra="\\n"),
            ),
        )
    )


@cache
def fix_gate_re2(tone_style: str) -> Any:
    """``fix_gate_pattern`` compiled by RE2 for UTF-8 bytes; a match runs to the end of its
    line, so that there is one match per flagged line."""
    return re2.compile(f"(?:{fix_gate_pattern(tone_style)})[^\n]*".encode())


__all__ = [
    "ToneOnlyGates",
    "class_pattern",
    "code_point_chunks",
    "fix_gate_pattern",
    "fix_gate_re2",
    "letter_classes",
    "nfc_gate_pattern",
    "nfc_relevant_ranges",
    "repair_gate_pattern",
    "suspect_gate_pattern",
    "tone_only_gates",
]
