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
from dataclasses import dataclass, field, replace
from typing import Any, Final

import re2  # type: ignore[import-untyped]

from vicorpus.text.stream_safe import make_stream_safe, safe_nfc
from vicorpus.vietnamese.entities import REFERENCE_PATTERN, decode_entities
from vicorpus.vietnamese.gates import fix_gate_re2
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
    nfc: int = 0  # 1 when the text needed Unicode NFC composition (2: also runs of marks cut)
    lookalikes: int = 0  # words whose eth/Cyrillic/Greek look-alike letters were folded
    tones: int = 0  # syllables whose tone mark was moved (misplaced or tone style)
    legacy_charsets: dict[str, int] = field(default_factory=dict)  # repaired lines per charset

    @property
    def total(self) -> int:
        return (
            self.html_entities
            + self.mojibake_lines
            + self.legacy_lines
            + self.invisibles
            + self.nfc
            + self.lookalikes
            + self.tones
        )

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
    safe = make_stream_safe(text)
    if safe is not text:  # runs of over 30 combining marks cut (UAX #15), counted as NFC
        fixed, report = fix_text_with_report(safe, tone_style=tone_style)
        return fixed, replace(report, nfc=report.nfc + 1)
    lines = _lines_to_fix(text, tone_style)
    if lines is None:
        return _fix_block_by_lines(text, tone_style) if "\n" in text else _fix_block(text, tone_style)
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


def _fix_block_by_lines(text: str, tone_style: str) -> tuple[str, FixReport]:
    """``_fix_block(text)`` for a text that is not NFC, repairing only the lines that need it
    (see ``_fix_lines_as_block``). Text that RE2 cannot read takes the whole path."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return _fix_block(text, tone_style)
    split = text.split("\n")
    flagged = _flagged_lines(fix_gate_re2(tone_style), data)
    fixed, total = _fix_lines_as_block([split[index] for index in flagged], tone_style)
    for index, line in zip(flagged, fixed, strict=True):
        split[index] = line
    return "\n".join(split), total


def _fix_lines_as_block(lines: list[str], tone_style: str) -> tuple[list[str], FixReport]:
    """What ``_fix_block`` does to these lines, and its report, when they are the lines of
    a text (not NFC) that ``gates.fix_gate_pattern`` flags.

    Every step of ``_fix_once`` is local to a line and each count is a sum over lines,
    except ``nfc``, which is 1 per pass when any line was not NFC; the passes end on what
    the whole text did. Lines the gate does not flag (NFC, nothing any repair starts from)
    come back from ``_fix_once`` unchanged with an empty report in every pass, so only the
    flagged lines are repaired, all of them in every pass, as in the whole text.
    """
    lines = list(lines)
    total = FixReport()
    for _ in range(_MAX_PASSES):
        fixed, report = _fix_each(lines, tone_style)
        if fixed == lines:
            break
        if report.nfc:
            report = replace(report, nfc=1)
        lines = fixed
        total = _add(total, report)
        if not (report.html_entities or report.mojibake_lines or report.legacy_lines or report.invisibles):
            break
    return lines, total


def _fix_each(lines: list[str], tone_style: str) -> tuple[list[str], FixReport]:
    """``_fix_once`` on each line, and the sum of their reports. Most lines take its short
    path (NFC and tones: NFD text): those are summed as they go, without a report each."""
    fixed: list[str] = []
    total = FixReport()
    nfc = tones = 0
    for line in lines:
        if _NEEDS_REPAIR_RE.search(line):
            line, report = _fix_once(line, tone_style)
            total = _add(total, report)
        else:
            line, line_nfc, line_tones = _nfc_and_tones(line, tone_style)
            nfc += line_nfc
            tones += line_tones
        fixed.append(line)
    return fixed, _add(total, FixReport(nfc=nfc, tones=tones))


def _nfc_and_tones(text: str, tone_style: str) -> tuple[str, int, int]:
    """The short path of ``_fix_once``, for text with nothing any other repair starts from:
    (text, 1 if it was not NFC, syllables re-toned)."""
    # ``normalize`` returns NFC text itself after the quick check that ``is_normalized``
    # makes, and normalizes other text once, where checking first would do it twice: the
    # check of NFD Vietnamese costs a normalization (its marks are "maybe" to the quick
    # check). Measured: 0.053 s in place of 0.072 s for the 33 NFD documents of the
    # 20,000-document benchmark.
    normalized = safe_nfc(text)
    text, nfc = normalized, int(normalized != text)
    text, tones = normalize_tones(text, tone_style)
    return text, nfc, tones


def fix_flagged_lines(
    lines: list[str], *, one_line: bool, tone_style: str = "old", repair_flags: list[bool] | None = None
) -> tuple[list[str], FixReport]:
    """``fix_text_with_report`` for a text given by the lines ``gates.fix_gate_pattern`` flags.

    ``lines`` are, in order, the lines of the text (split at "\\n") where the gate matches,
    and ``one_line`` says whether the text is that one line. Returns those lines repaired
    and the report of the whole text: every other line comes back unchanged, so a caller
    holding the text as a column of lines repairs only these. The text must be valid
    Unicode (no lone surrogates), as any text in an Arrow column is. ``repair_flags``, when
    given, says for each line whether ``gates.repair_gate_pattern`` matches in it.
    """
    if tone_style not in TONE_STYLES:
        raise ValueError(f"tone_style must be one of {', '.join(TONE_STYLES)}, not {tone_style!r}")
    # The unflagged lines are NFC (the gate fires on every character that could break it).
    if not all(unicodedata.is_normalized("NFC", line) for line in lines):
        if one_line:
            fixed, report = _fix_block(lines[0], tone_style)
            return [fixed], report
        return _fix_lines_as_block(lines, tone_style)
    # NFC text: fix_text_with_report repairs each line its own gate flags, on its own.
    if repair_flags is None:
        gate = _ANY_REPAIR_RE2[tone_style]
        repair_flags = [gate.search(line.encode("utf-8")) is not None for line in lines]
    total = FixReport()
    fixed_lines = []
    for line, flagged in zip(lines, repair_flags, strict=True):
        if flagged:
            line, report = _fix_block(line, tone_style)
            if report.total:
                total = _add(total, report)
        fixed_lines.append(line)
    return fixed_lines, total


def fix_line(line: str, *, tone_style: str = "old") -> tuple[str, FixReport]:
    """What ``fix_text_with_report`` does to a line of an NFC text that its own gate flags
    (``gates.repair_gate_pattern``), and the report of that line: the report of the text
    is the sum over its lines. The line must hold no newline."""
    return _fix_block(line, tone_style)


_EMPTY: Final = FixReport()


def _add(a: FixReport, b: FixReport) -> FixReport:
    # Most sums have an empty side (a line's first fix, a pass that fixed nothing).
    if b == _EMPTY:
        return a
    if a == _EMPTY:
        return b
    charsets: dict[str, int] = {}
    if a.legacy_charsets or b.legacy_charsets:
        merged = Counter(a.legacy_charsets)
        merged.update(b.legacy_charsets)
        charsets = dict(sorted(merged.items()))
    # Field by field (FIX_KINDS in order), without a Counter when there is nothing to
    # merge: a line-by-line sum adds thousands of reports.
    return FixReport(
        a.html_entities + b.html_entities,
        a.mojibake_lines + b.mojibake_lines,
        a.legacy_lines + b.legacy_lines,
        a.invisibles + b.invisibles,
        a.nfc + b.nfc,
        a.lookalikes + b.lookalikes,
        a.tones + b.tones,
        charsets,
    )


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
    return _flagged_lines(gate, data)


def _flagged_lines(gate: Any, data: bytes) -> list[int]:
    """Indices of the lines of ``data`` where ``gate`` (no match holds a newline) matches."""
    lines: list[int] = []
    line = counted_until = 0  # line = number of newlines in data[:counted_until]
    for match in gate.finditer(data):  # no match holds a newline
        start = match.start()
        line += data.count(b"\n", counted_until, start)
        counted_until = start
        if not lines or lines[-1] != line:
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
        text, nfc, tones = _nfc_and_tones(text, tone_style)
        return text, FixReport(nfc=nfc, tones=tones)
    entities = mojibake = legacy = invisibles = nfc = lookalikes = 0
    charsets: Counter[str] = Counter()
    # One pass is idempotent: decoded characters are never "&", so no new reference appears.
    text, entities = decode_entities(text)
    if looks_suspicious(text):
        lines = text.split("\n")
        for index in _suspicious_lines(text) if len(lines) > 1 else [0]:
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
    normalized = safe_nfc(text)  # one normalization: see _nfc_and_tones
    if normalized != text:
        text, nfc = normalized, 1
    if has_lookalikes(text):
        text, lookalikes = fold_lookalikes(text)
    text, tones = normalize_tones(text, tone_style)
    report = FixReport(entities, mojibake, legacy, invisibles, nfc, lookalikes, tones, dict(sorted(charsets.items())))
    return text, report
