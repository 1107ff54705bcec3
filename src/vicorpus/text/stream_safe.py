"""Unicode's Stream-Safe Text Format (UAX #15, section 13): no run of more than 30
non-starters, so that normalizing a text takes time in proportion to its length.

CPython's ``unicodedata.normalize`` puts a run of combining marks in canonical order by
insertion sort: NFC of one letter followed by 100,000 alternating marks (U+0301 U+0323)
takes 4.8 s (Python 3.11), and the time grows with the square of the run. Real text has
a few marks per letter (Vietnamese two), but junk has long runs: "Zalgo" text, and a blob
of bytes read as VNI, which decodes them to combining marks. One such document would stall a
worker, so every NFC of text from outside goes through :func:`safe_nfc`.

As UAX #15 says, a COMBINING GRAPHEME JOINER (U+034F, invisible, a starter for the
ordering) goes after every 30 non-starters of a run. A non-starter here is a character
with a canonical combining class other than 0, or one whose canonical decomposition
starts with one (U+0F73, U+0F75, U+0F81). UAX #15 counts in the decomposed text, where
a few characters become two marks (U+0344) and letters excluded from composition leave
a mark behind (U+0958): :func:`safe_nfc` therefore cuts again after NFC where NFC made a
run longer, so that its result is NFC, stream-safe, and unchanged by a second call.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

import re2  # type: ignore[import-untyped]

# UAX #15, section 13: "no more than 30 non-starters in a row".
MAX_NON_STARTERS: Final = 30
GRAPHEME_JOINER: Final = "\u034f"


# Where Unicode puts combining characters: the Basic and Supplementary Multilingual Planes
# and the special-purpose plane (none elsewhere up to Unicode 15; scanning only these
# takes 8 ms instead of 57 at import).
_PLANES_WITH_MARKS: Final = (range(0x20000), range(0xE0000, 0xE1000))


def _non_starters() -> str:
    characters = [chr(code) for plane in _PLANES_WITH_MARKS for code in plane if unicodedata.combining(chr(code))]
    characters += ["\u0f73", "\u0f75", "\u0f81"]  # canonical decompositions start with one
    return "".join(sorted(characters))


def _ranges(characters: str) -> str:
    """``characters`` as a regex class body of ranges (915 characters, 292 ranges)."""
    codes = sorted(map(ord, characters))
    parts: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code == previous + 1:
            previous = code
            continue
        parts.append(f"\\x{{{start:x}}}-\\x{{{previous:x}}}" if previous > start else f"\\x{{{start:x}}}")
        start = previous = code
    return "".join(parts)


NON_STARTERS: Final = _non_starters()
# For Rust regex (Polars) and RE2: more than MAX_NON_STARTERS non-starters in a row.
LONG_RUN_PATTERN: Final = f"[{_ranges(NON_STARTERS)}]{{{MAX_NON_STARTERS + 1}}}"
_NON_STARTER_CLASS: Final = "[" + re.escape(NON_STARTERS) + "]"
_LONG_RUN_RE: Final = re.compile(f"{_NON_STARTER_CLASS}{{{MAX_NON_STARTERS + 1},}}")


# The search runs on every line the repairs normalize: RE2 (a DFA over the UTF-8 bytes)
# takes 2 µs for a 240-character line where Python's engine, testing the 917-character
# class at every position, takes 42 µs. Python's engine still reads what RE2 cannot
# (lone surrogates) and makes the cuts.
_LONG_RUN_RE2: Final = re2.compile(LONG_RUN_PATTERN)


def has_long_run(text: str) -> bool:
    """Whether ``text`` holds more than 30 non-starters in a row."""
    try:
        return _LONG_RUN_RE2.search(text) is not None
    except UnicodeEncodeError:  # a lone surrogate
        return _LONG_RUN_RE.search(text) is not None


def make_stream_safe(text: str) -> str:
    """``text`` with U+034F after every 30 non-starters of a run; other text unchanged."""
    if text.isascii() or not has_long_run(text):
        return text

    def split(match: re.Match[str]) -> str:
        run = match.group()
        pieces = [run[at : at + MAX_NON_STARTERS] for at in range(0, len(run), MAX_NON_STARTERS)]
        return GRAPHEME_JOINER.join(pieces)

    return _LONG_RUN_RE.sub(split, text)


def safe_nfc(text: str) -> str:
    """``unicodedata.normalize("NFC", text)`` in time linear in the text's length: runs of
    non-starters are cut first (:func:`make_stream_safe`), and again where NFC's
    decompositions made one longer."""
    return _safe_normalize("NFC", text)


def safe_nfd(text: str) -> str:
    """``unicodedata.normalize("NFD", text)`` in linear time, as :func:`safe_nfc`."""
    return _safe_normalize("NFD", text)


# Halfwidth katakana sound marks: starters to NFC, marks (U+3099, U+309A) to NFKC.
_HALFWIDTH_SOUND_MARKS: Final = str.maketrans({"\uff9e": "\u3099", "\uff9f": "\u309a"})


def safe_nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)`` in linear time, as :func:`safe_nfc`. The
    halfwidth sound marks are read as the marks NFKC makes of them first."""
    if "\uff9e" in text or "\uff9f" in text:
        text = text.translate(_HALFWIDTH_SOUND_MARKS)  # what NFKC does to them
    return _safe_normalize("NFKC", text)


def _safe_normalize(form: Literal["NFC", "NFD", "NFKC"], text: str) -> str:
    safe = make_stream_safe(text)
    normalized = unicodedata.normalize(form, safe)
    # ``normalize`` hands back its argument when nothing changes: no run grew.
    return normalized if normalized is safe else make_stream_safe(normalized)
