"""``fix_text``: repair already-decoded Vietnamese text, block by block, idempotently.

Order matters: character references first (they may hide invisibles), then the
line-by-line repair of wrong code pages (which needs the soft hyphens and controls
that legacy encodings use as letters), then invisible characters, NFC, look-alike
letters, and last the tone marks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Final

import re2  # type: ignore[import-untyped]

from vicorpus.vietnamese.entities import REFERENCE_PATTERN, decode_entities
from vicorpus.vietnamese.homoglyphs import LOOKALIKE_CHARACTERS, fold_lookalikes, has_lookalikes
from vicorpus.vietnamese.invisibles import INVISIBLE_CHARACTERS, remove_invisibles
from vicorpus.vietnamese.mojibake import repair_line
from vicorpus.vietnamese.scoring import CP1258_TONE_RE, SUSPICIOUS_CHARACTERS, TRIGGER_RE, looks_suspicious
from vicorpus.vietnamese.tones import SUSPECT_RE2_PATTERNS, normalize_tones

TONE_STYLES = ("old", "new", "keep")
FIX_KINDS = ("html_entities", "mojibake_lines", "legacy_lines", "invisibles", "nfc", "lookalikes", "tones")


@dataclass(frozen=True)
class FixReport:
    """What ``fix_text`` changed in one text, counted per kind of fix."""

    html_entities: int = 0  # character references decoded
    mojibake_lines: int = 0  # lines of UTF-8 read as a single-byte code page, repaired
    legacy_lines: int = 0  # lines of TCVN3/VNI/VISCII/CP1258 read as Windows-1252, repaired
    invisibles: int = 0  # zero-width, soft hyphen, BOM and control characters removed
    nfc: int = 0  # 1 when the text needed Unicode NFC composition
    lookalikes: int = 0  # words whose eth/Cyrillic/Greek look-alike letters were folded
    tones: int = 0  # syllables whose tone mark was moved (misplaced or tone style)
    legacy_charsets: dict[str, int] = field(default_factory=dict)  # repaired lines per charset

    @property
    def total(self) -> int:
        return sum(getattr(self, kind) for kind in FIX_KINDS)

    def counts(self) -> dict[str, int]:
        return {kind: getattr(self, kind) for kind in FIX_KINDS}


def fix_text(text: str, *, tone_style: str = "old") -> str:
    """Repair decoded Vietnamese text; see :func:`fix_text_with_report`."""
    return fix_text_with_report(text, tone_style=tone_style)[0]


def fix_text_with_report(text: str, *, tone_style: str = "old") -> tuple[str, FixReport]:
    """Repair decoded text and say what was changed.

    Repairs: legacy-encoded text read as Windows-1252/Latin-1 (TCVN3, VNI, VISCII,
    CP1258), UTF-8 read as Windows-1252/Latin-1/Windows-1258, letter-like HTML character
    references, NFD and mixed combining marks, look-alike letters inside Vietnamese words,
    invisible characters, and tone marks: misplaced ones always, and the tone style
    ``"old"`` (hòa, thủy, khỏe — the default), ``"new"`` (hoà, thuỷ, khoẻ) or ``"keep"``.
    On clean text only NFC and the tone style change anything.
    """
    if tone_style not in TONE_STYLES:
        raise ValueError(f"tone_style must be one of {', '.join(TONE_STYLES)}, not {tone_style!r}")
    lines = _lines_to_fix(text, tone_style)
    if lines is None:
        return _fix_block(text, tone_style)
    if not lines:
        return text, FixReport()
    # Every repair is local to a line (the tone context stops at line ends too), so only
    # the lines the scan flagged are repaired; the others are already what they would become.
    split = text.split("\n")
    total = FixReport()
    for index in lines:
        split[index], report = _fix_block(split[index], tone_style)
        if report.total:
            total = _add(total, report)
    return "\n".join(split), total


def _fix_block(text: str, tone_style: str) -> tuple[str, FixReport]:
    total = FixReport()
    # A repair can uncover another (an invisible control hiding mojibake); repeating
    # until nothing changes makes fix_text idempotent. Clean text takes one pass.
    for _ in range(_MAX_PASSES):
        fixed, report = _fix_once(text, tone_style)
        if fixed == text:
            break
        text, total = fixed, _add(total, report)
        if not (report.html_entities or report.mojibake_lines or report.legacy_lines or report.invisibles):
            break  # NFC, look-alikes and tones are idempotent on their own
    return text, total


_MAX_PASSES = 4


def _add(a: FixReport, b: FixReport) -> FixReport:
    charsets = Counter(a.legacy_charsets)
    charsets.update(b.legacy_charsets)
    counts = {kind: getattr(a, kind) + getattr(b, kind) for kind in FIX_KINDS}
    return FixReport(**counts, legacy_charsets=dict(sorted(charsets.items())))


# Every character that can start a repair other than NFC and tones, in one class: clean
# text is cleared by a single scan.
_REPAIR_CHARACTERS: Final = SUSPICIOUS_CHARACTERS + INVISIBLE_CHARACTERS + LOOKALIKE_CHARACTERS
_NEEDS_REPAIR_RE = re.compile(f"[&{re.escape(_REPAIR_CHARACTERS)}]|{CP1258_TONE_RE.pattern}")


# The fast path: one RE2 scan (a DFA over the UTF-8 bytes, several times faster than
# Python's backtracking ``re`` on Vietnamese text) for anything any repair starts from —
# a character reference, a character a wrong code page leaves behind, an invisible or
# look-alike character, a CP1258 tone byte, a tone mark in a suspicious position. When
# it finds nothing in NFC text, the full repair would change nothing either; the tests
# check that on real text and on generated text.
_ANY_REPAIR_RE2: Final = {
    # Compiled for bytes: the binding re-encodes a str argument at every match.
    style: re2.compile(
        (
            "(?:"
            + "|".join(
                (
                    REFERENCE_PATTERN,
                    "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(set(_REPAIR_CHARACTERS))) + "]",
                    CP1258_TONE_RE.pattern,
                    SUSPECT_RE2_PATTERNS[style],
                )
            )
            # The rest of the line joins the match: one match per line to repair.
            + ")[^\n]*"
        ).encode("utf-8")
    )
    for style in TONE_STYLES
}


def _lines_to_fix(text: str, tone_style: str) -> list[int] | None:
    """Indices of the lines the scan flags, ascending; None when the whole text needs the
    full repair (not NFC, or lone surrogates that RE2 cannot read as UTF-8)."""
    if not unicodedata.is_normalized("NFC", text):
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    gate = _ANY_REPAIR_RE2[tone_style]
    if gate.search(data) is None:  # the common case, without match objects
        return []
    lines: list[int] = []
    line = counted_until = 0  # line = number of newlines in data[:counted_until]
    for match in gate.finditer(data):  # no match holds a newline
        start = match.start()
        line += data.count(b"\n", counted_until, start)
        counted_until = start
        lines.append(line)
    return lines


def _needs_nothing(text: str, tone_style: str) -> bool:
    """Whether the fast path may return ``text`` as it is."""
    return _lines_to_fix(text, tone_style) == []


def _suspicious_lines(text: str) -> list[int]:
    """Indices of the lines holding a character that asks for a closer look."""
    positions = sorted(m.start() for pattern in (TRIGGER_RE, CP1258_TONE_RE) for m in pattern.finditer(text))
    indices: list[int] = []
    line, line_end = 0, text.find("\n")
    for position in positions:
        while line_end != -1 and position > line_end:
            line, line_end = line + 1, text.find("\n", line_end + 1)
        if not indices or indices[-1] != line:
            indices.append(line)
    return indices


def _fix_once(text: str, tone_style: str) -> tuple[str, FixReport]:
    if not _NEEDS_REPAIR_RE.search(text):
        nfc = 0
        if not unicodedata.is_normalized("NFC", text):
            text, nfc = unicodedata.normalize("NFC", text), 1
        text, tones = normalize_tones(text, tone_style)
        return text, FixReport(nfc=nfc, tones=tones)
    entities = mojibake = legacy = invisibles = nfc = lookalikes = 0
    charsets: Counter[str] = Counter()
    # One pass is idempotent: decoded characters are never "&", so no new reference appears.
    text, entities = decode_entities(text)
    if looks_suspicious(text):
        lines = text.split("\n")
        for index in _suspicious_lines(text):
            repaired, kind = repair_line(lines[index])
            if kind is None:
                continue
            lines[index] = repaired
            if kind == "utf8_mojibake":
                mojibake += 1
            else:
                legacy += 1
                charsets[kind] += 1
        text = "\n".join(lines)
    text, invisibles = remove_invisibles(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        nfc = 1
    if has_lookalikes(text):
        text, lookalikes = fold_lookalikes(text)
    text, tones = normalize_tones(text, tone_style)
    report = FixReport(entities, mojibake, legacy, invisibles, nfc, lookalikes, tones, dict(sorted(charsets.items())))
    return text, report
