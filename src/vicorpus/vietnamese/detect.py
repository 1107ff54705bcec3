"""Bytes → Unicode: encoding detection and decoding for Vietnamese text.

Detection order: byte-order marks; strict UTF-8; otherwise every legacy candidate is
decoded and scored by Vietnamese phonotactics (``scoring.py``), and the best one wins
with a margin over the runner-up. VPS and VIQR are chosen automatically only on
overwhelming evidence: VPS shares most byte positions with TCVN3, and VIQR is plain
ASCII whose marks are ordinary punctuation.
"""

from __future__ import annotations

import codecs

from vicorpus.text.stream_safe import safe_nfc
from vicorpus.vietnamese.charsets import decode_legacy, legacy_as_cp1252
from vicorpus.vietnamese.scoring import Score, score

ENCODINGS = ("utf-8", "utf-16", "cp1258", "tcvn3", "vni", "viscii", "vps", "viqr")
_ALIASES = {
    "utf8": "utf-8", "utf-8-sig": "utf-8", "utf16": "utf-16", "windows-1258": "cp1258",
    "tcvn": "tcvn3", "abc": "tcvn3", "vn3": "tcvn3", "vni-win": "vni", "vni-windows": "vni",
    "latin-1": "cp1252", "latin1": "cp1252", "iso-8859-1": "cp1252", "windows-1252": "cp1252",
}  # fmt: skip
_AUTO_LEGACY = ("tcvn3", "vni", "viscii", "cp1258")
_SAMPLE_BYTES = 1 << 14  # detection reads this much: enough words, bounded cost
# Legacy detection: the winner must have this valid-syllable share and beat the
# runner-up by this many valid words per hundred; VPS/VIQR need a wider margin.
_MIN_VALID_SHARE = 0.6
_MARGIN = 0.05
_WIDE_MARGIN = 0.25


def _canonical(encoding: str) -> str:
    name = encoding.strip().lower().replace("_", "-")
    name = _ALIASES.get(name, name)
    if name not in (*ENCODINGS, "cp1252", "auto"):
        raise ValueError(f"unknown encoding {encoding!r}; choose auto, {', '.join(ENCODINGS)}")
    return name


def detect_encoding(data: bytes) -> tuple[str, float]:
    """The encoding of ``data`` and a confidence in [0, 1]."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8", 1.0
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 1.0
    sample = data[:_SAMPLE_BYTES]
    if sample.isascii():
        viqr = score(decode_legacy(sample, "viqr"))
        if viqr.marked >= 10 and viqr.marked_share >= 0.3 and viqr.valid_share >= 0.8:
            return "viqr", round(min(1.0, viqr.marked_share + 0.4), 3)
        return "utf-8", 1.0
    if _is_utf8(sample, truncated=len(data) > len(sample)):
        return "utf-8", 0.99
    return _best_legacy(sample)


def decode(data: bytes, encoding: str = "auto") -> str:
    """Bytes to NFC Unicode. ``auto`` detects; a name forces. Never raises on bad bytes.

    With ``auto``, a file mixing UTF-8 and legacy lines is decoded line by line: UTF-8
    lines as UTF-8, the others with the legacy encoding detected on them.
    """
    name = _canonical(encoding)
    if name == "auto":
        return _decode_auto(data)
    return safe_nfc(_decode_named(data, name))


def _decode_named(data: bytes, name: str) -> str:
    if name == "utf-8":
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
    if name == "utf-16":
        return data.decode("utf-16", errors="replace")
    if name == "cp1252":
        return legacy_as_cp1252(data)
    return decode_legacy(data, name)


def _decode_auto(data: bytes) -> str:
    name, _ = detect_encoding(data)
    if name in ("utf-8", "utf-16", "viqr") or _is_utf8(data, truncated=False):
        return safe_nfc(_decode_named(data, name if name != "viqr" else "viqr"))
    lines = data.split(b"\n")
    unicode_lines = [not line.isascii() and _is_utf8(line, truncated=False) for line in lines]
    if not any(unicode_lines):
        return safe_nfc(_decode_named(data, name))
    # Mixed file: UTF-8 lines stay UTF-8, the others use the encoding detected on them.
    legacy = b"\n".join(line for line, is_unicode in zip(lines, unicode_lines, strict=True) if not is_unicode)
    charset, _ = _best_legacy(legacy[:_SAMPLE_BYTES])
    decoded = [
        line.decode("utf-8") if is_unicode else _decode_named(line, charset)
        for line, is_unicode in zip(lines, unicode_lines, strict=True)
    ]
    return safe_nfc("\n".join(decoded))


def _best_legacy(sample: bytes) -> tuple[str, float]:
    # Only lines with 8-bit bytes tell the candidates apart; ASCII reads the same in all.
    sample = b"\n".join(line for line in sample.split(b"\n") if not line.isascii())
    # A small head usually settles it; the whole sample is read only when it is close.
    if len(sample) > _QUICK_BYTES:
        name, confidence = _rank_legacy(sample[:_QUICK_BYTES])
        if confidence >= _QUICK_CONFIDENCE:
            return name, confidence
    return _rank_legacy(sample)


_QUICK_BYTES = 768
_QUICK_CONFIDENCE = 0.85


def _rank_legacy(sample: bytes) -> tuple[str, float]:
    scored: list[tuple[Score, str]] = [
        (score(decode_legacy(sample, cs), non_ascii_only=True), cs) for cs in (*_AUTO_LEGACY, "vps")
    ]
    scored.sort(key=lambda item: item[0].rank, reverse=True)
    automatic = [item for item in scored if item[1] != "vps"]
    best, name = automatic[0]
    runner_up = automatic[1][0]
    vps = next(item[0] for item in scored if item[1] == "vps")
    if vps.words and (vps.valid - best.valid) / vps.words >= _WIDE_MARGIN:
        best, name, runner_up = vps, "vps", best
    baseline = score(_decode_named(sample, "cp1252"), non_ascii_only=True)
    # Foreign names and English terms lower the share of valid syllables in real
    # Vietnamese text; a clear gain over the plain Windows-1252 reading also counts.
    clear_gain = best.marked >= 3 and best.valid_share >= baseline.valid_share + 0.2
    if best.valid_share < _MIN_VALID_SHARE and not clear_gain:
        return "cp1252", 0.3  # not Vietnamese legacy text: keep the bytes' Windows-1252 meaning
    margin = (best.valid - runner_up.valid) / best.words if best.words else 0.0
    confidence = best.valid_share * min(1.0, 0.5 + margin / (2 * _MARGIN))
    return name, round(confidence, 3)


def _is_utf8(data: bytes, *, truncated: bool) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A sample cut in the middle of a multi-byte character is still UTF-8.
        return truncated and error.start >= len(data) - 3 and error.reason == "unexpected end of data"
    return True
