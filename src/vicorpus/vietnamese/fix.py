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

from vicorpus.vietnamese.entities import decode_entities
from vicorpus.vietnamese.homoglyphs import LOOKALIKE_CHARACTERS, fold_lookalikes, has_lookalikes
from vicorpus.vietnamese.invisibles import INVISIBLE_CHARACTERS, remove_invisibles
from vicorpus.vietnamese.mojibake import repair_line
from vicorpus.vietnamese.scoring import CP1258_TONE_RE, SUSPICIOUS_CHARACTERS, TRIGGER_RE, looks_suspicious
from vicorpus.vietnamese.tones import normalize_tones

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
_NEEDS_REPAIR_RE = re.compile(
    f"[&{re.escape(SUSPICIOUS_CHARACTERS + INVISIBLE_CHARACTERS + LOOKALIKE_CHARACTERS)}]|{CP1258_TONE_RE.pattern}"
)


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
