"""Boilerplate lines in one text: cut it into units, key the units, remove some of them.

A *unit* is a non-blank line (``Unit.LINE``) or a paragraph, a run of non-blank lines
between blank lines (``Unit.PARAGRAPH``). Its span covers its characters without the
line break that ends it (``\\n`` or ``\\r\\n``), indentation included, so that removing
units leaves every other byte of the text as it was.

Matching key (``match_key``): NFC, case-folded, whitespace runs collapsed to one space
and trimmed, and — with ``fold_digits`` — every number folded to ``0``, so that
"Lượt xem: 1.234" and "Lượt xem: 87" match while "Theo VnExpress" and "Theo VTC14"
stay apart (letters are never folded). Punctuation is kept: "Theo TTXVN" and
"(TTXVN)" are different lines, as a reader would see them.

A unit can count as boilerplate only if its key has at least ``min_chars`` characters
and one letter: list markers, table cells and numbers ("1.", "−", "2017") repeat in
every document without being boilerplate, and removing them would break the lists.
Callers may also skip units longer than ``max_chars``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from enum import StrEnum

import xxhash

from vicorpus.text.stream_safe import safe_nfc

Span = tuple[int, int]

# A number, with its thousands or decimal separators: "1.234", "1,5" and "87" fold alike.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LETTER = re.compile(r"[^\W\d_]")


class Unit(StrEnum):
    LINE = "line"
    PARAGRAPH = "paragraph"


def unit_spans(text: str, unit: Unit = Unit.LINE) -> list[Span]:
    """``(start, end)`` of each non-blank line or paragraph of ``text``, in order."""
    spans: list[Span] = []
    paragraph_start = paragraph_end = -1
    start = 0
    length = len(text)
    for line in text.split("\n"):
        end = start + len(line)
        # The CR of a CRLF belongs to the line break; a CR at the very end of the text
        # (no LF after it) is content, and blank-checking treats it as whitespace.
        stop = end - 1 if end < length and line.endswith("\r") else end
        if line and not line.isspace():
            if unit is Unit.LINE:
                spans.append((start, stop))
            elif paragraph_start < 0:
                paragraph_start, paragraph_end = start, stop
            else:
                paragraph_end = stop
        elif paragraph_start >= 0:
            spans.append((paragraph_start, paragraph_end))
            paragraph_start = -1
        start = end + 1
    if paragraph_start >= 0:
        spans.append((paragraph_start, paragraph_end))
    return spans


def match_key(unit_text: str, fold_digits: bool = False) -> str:
    """The form in which two units count as the same line."""
    if not unicodedata.is_normalized("NFC", unit_text):
        unit_text = safe_nfc(unit_text)
    key = " ".join(unit_text.casefold().split())
    return _NUMBER.sub("0", key) if fold_digits else key


def is_candidate(key: str, min_chars: int) -> bool:
    """Whether a unit with this key may be counted (long enough, has a letter)."""
    return len(key) >= min_chars and _LETTER.search(key) is not None


def line_hash(group: str, key: str) -> int:
    """64-bit hash of a unit's key within its group (source or domain)."""
    material = f"{group}\x00{key}".encode("utf-8", "surrogatepass")
    return int(xxhash.xxh3_64_intdigest(material))


def unit_hashes(
    text: str,
    group: str,
    unit: Unit,
    min_chars: int,
    fold_digits: bool,
    max_chars: int | None = None,
    keep: Callable[[str], bool] | None = None,
) -> tuple[list[Span], list[int | None]]:
    """Spans of the text's units and, per span, its hash (``None``: not a candidate).

    ``keep(unit_text)`` true makes a unit no candidate: lines the caller protects
    (Wikipedia section headings, say).

    Units longer than ``max_chars`` (before folding) are not candidates and are not
    even folded: boilerplate is short, and the long lines are most of the text (news
    bodies are one line), so skipping them is most of the speed.

    A text of a single unit has no candidates: its one line is the whole document,
    and a document repeated whole is a duplicate (``exact_dedup``, ``minhash_dedup``),
    not a page carrying boilerplate. Counting it would drop every copy of short
    repeated documents (comments such as "Hay quá"), keeping none.
    """
    spans = unit_spans(text, unit)
    if len(spans) < 2:
        return spans, [None] * len(spans)
    hashes: list[int | None] = []
    for start, end in spans:
        if max_chars is not None and end - start > max_chars:
            hashes.append(None)
            continue
        unit_text = text[start:end]
        if keep is not None and keep(unit_text):
            hashes.append(None)
            continue
        key = match_key(unit_text, fold_digits)
        hashes.append(line_hash(group, key) if is_candidate(key, min_chars) else None)
    return spans, hashes


def remove_units(text: str, spans: Sequence[Span], remove: Sequence[bool]) -> str:
    """``text`` without the units marked in ``remove``.

    Whatever lies before the first unit and after the last one stays (the text keeps
    its leading blank lines and its final line break, or lack of one). Between two
    kept units the widest of the separators that stood between them stays (most line
    breaks, the first on a tie): removing a footer between two paragraphs keeps one
    blank line between them, never two, and never joins them.
    """
    kept = [index for index, flag in enumerate(remove) if not flag]
    if len(kept) == len(spans):
        return text
    if not spans:
        return text
    parts = [text[: spans[0][0]]]
    previous = -1
    for index in kept:
        if previous >= 0 and previous == index - 1:  # neighbours: their own separator
            parts.append(text[spans[previous][1] : spans[index][0]])
        elif previous >= 0:
            separators = [text[spans[k][1] : spans[k + 1][0]] for k in range(previous, index)]
            parts.append(max(separators, key=lambda separator: separator.count("\n")))
        start, end = spans[index]
        parts.append(text[start:end])
        previous = index
    parts.append(text[spans[-1][1] :])
    return "".join(parts)
