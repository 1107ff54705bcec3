"""Repair a line of text that was decoded with the wrong code page.

Two kinds of damage, both common on the Vietnamese web and in converted documents:

- UTF-8 bytes read as Windows-1252, Latin-1 or Windows-1258: ``Viá»‡t Nam``;
- legacy Vietnamese bytes (TCVN3, VNI, VISCII, CP1258) read as Windows-1252:
  ``Céng hßa x· héi chñ nghÜa`` (TCVN3), ``Vieät Nam`` (VNI).

The line is turned back into the bytes it was read from, each candidate decoding is
scored by Vietnamese phonotactics (``scoring.py``), and the best one replaces the line
only with a clear margin; otherwise the line stays as it is. Lines without any
character typical of a wrong decoding are never touched.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata

from vicorpus.text.stream_safe import safe_nfc, safe_nfd
from vicorpus.vietnamese.charsets import decode_legacy
from vicorpus.vietnamese.scoring import (
    SUSPICIOUS_CHARACTERS,
    SUSPICIOUS_RE,
    Score,
    looks_suspicious,
    marked_letters,
    score,
)

# Legacy encodings tried on cp1252-read text; VPS and VIQR only when asked by name
# (their byte ranges overlap TCVN3's and ASCII punctuation, false positives dominate).
LEGACY_CANDIDATES = ("tcvn3", "vni", "viscii", "cp1258")
# VPS overlaps TCVN3 and VISCII byte for byte: it wins only with this many more valid
# words per word than the best of the others.
VPS_MARGIN = 0.1
# Evidence needed to replace a line by a legacy decoding: most words valid syllables,
# clearly more than before, and enough words carrying Vietnamese marks.
MIN_VALID_SHARE = 0.75
MIN_GAIN = 0.1
MIN_STRONG_GAIN = 0.3
MIN_CLEANUP_GAIN = 0.15
MIN_MARKED_SHARE = 0.2
MIN_MARKED = 3

# Text → the bytes it was decoded from, for Windows-1252 as browsers implement it (the
# five undefined bytes map to C1 controls) and for Latin-1 (every C1 control).
_BYTE_OF: dict[str, int] = {chr(byte): byte for byte in range(256)}  # Latin-1 reading
_BYTE_OF.update(
    {bytes([byte]).decode("cp1252"): byte for byte in range(0x80, 0xA0) if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
)


# The characters beyond Latin-1 in that table (€ ‚ ƒ „ …), as the Latin-1 characters of
# their bytes: with them swapped, the Latin-1 codec gives the bytes of ``_BYTE_OF``.
_CP1252_EXTRAS = {ord(ch): chr(byte) for ch, byte in _BYTE_OF.items() if ord(ch) > 0xFF}


# Bytes other than printable ASCII: only they can give a reading a letter beyond ASCII.
_NOT_PRINTABLE_ASCII = bytes(byte for byte in range(256) if not 0x20 <= byte <= 0x7E)
# ASCII words between printable ASCII non-letters (or the line's ends). Every legacy code
# page reads printable ASCII as itself, never changes it for a byte before it, and joins
# a following byte only to a letter (VNI and CP1258 marks): such a word is a word of
# every reading (tested).
_STAYING_WORD_RE = re.compile(rb"(?<![^\x20-\x40\x5b-\x60\x7b-\x7e])[A-Za-z]{2,}(?![^\x20-\x40\x5b-\x60\x7b-\x7e])")


def legacy_reading_can_win(raw: bytes) -> bool:
    """Whether a legacy reading of the bytes ``raw`` could have the marked syllables that
    ``_better_legacy`` asks for; False proves none can, without decoding or scoring.

    A marked syllable holds a letter beyond ASCII, which only a byte outside printable
    ASCII gives (one such byte is at most one syllable): at most ``outside`` marked
    syllables, among at least ``staying + marked`` words. Lines of other languages with
    a few Latin-1 letters (für, ação, français) end here.
    """
    outside = len(raw) - len(raw.translate(None, _NOT_PRINTABLE_ASCII))
    if outside < MIN_MARKED:
        return False
    staying = len(_STAYING_WORD_RE.findall(raw))
    return outside / (staying + outside) >= MIN_MARKED_SHARE


def text_to_cp1252_bytes(text: str) -> bytes | None:
    """The bytes a Windows-1252 (or Latin-1) reader turned into ``text``; None if impossible."""
    # ``bytes(_BYTE_OF[ch] for ch in text)``, by the codec: a character-by-character
    # generator costs more than the rest of a typical repair_line call.
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError as error:
        if ord(text[error.start]) not in _CP1252_EXTRAS:
            return None  # a character no such reader produces
    try:
        return text.translate(_CP1252_EXTRAS).encode("latin-1")
    except UnicodeEncodeError:
        return None


def _utf8_readings(line: str, raw: bytes | None) -> list[str]:
    """UTF-8 readings of ``line``, whose Windows-1252 bytes are ``raw`` (None: it has none)."""
    readings = []
    if raw is None:
        for form in (line, safe_nfd(line)):
            try:
                raw = form.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    if raw is not None:
        with contextlib.suppress(UnicodeDecodeError):
            readings.append(raw.decode("utf-8"))
    return readings


# Words holding a character that mojibake leaves behind (others are never visited). A
# match starts where a word does: the search then reads a word without such a character
# once, not again from each of its positions (quadratic: 4.9 s for a 40,000-letter word).
_SUSPICIOUS_WORD_RE = re.compile(rf"(?<!\S)\S*[{re.escape(SUSPICIOUS_CHARACTERS)}]\S*")
# A strict UTF-8 reading of non-ASCII bytes needs a lead byte (0xC2-0xF4) right before a
# continuation byte (0x80-0xBF); as Windows-1252 or Latin-1 text, one of these pairs. A
# line without any has no word ``_repair_utf8_words`` could change, and this one scan is
# much cheaper than that pattern, which backtracks through every word.
UTF8_LEAD_CHARACTERS = "".join(map(chr, range(0xC2, 0xF5)))
UTF8_CONTINUATION_CHARACTERS = "".join(sorted(ch for ch, byte in _BYTE_OF.items() if 0x80 <= byte <= 0xBF))
_UTF8_PAIR_RE = re.compile(f"[{re.escape(UTF8_LEAD_CHARACTERS)}][{re.escape(UTF8_CONTINUATION_CHARACTERS)}]")


def _repair_utf8_words(line: str) -> str:
    """Re-read as UTF-8 each word that holds suspicious characters, where that works.

    A multi-byte UTF-8 sequence never contains a space, so words can be repaired one by
    one; a word is replaced only by a strict UTF-8 reading with fewer suspicious characters.
    """

    if not _UTF8_PAIR_RE.search(line):
        return line

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        raw = text_to_cp1252_bytes(word)
        if raw is None or raw.isascii():
            return word
        try:
            decoded = safe_nfc(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return word
        return decoded if len(SUSPICIOUS_RE.findall(decoded)) < len(SUSPICIOUS_RE.findall(word)) else word

    return _SUSPICIOUS_WORD_RE.sub(fix, line)


def unreadable_as_code_page(character: str) -> bool:
    """Whether a line holding ``character`` is neither text a Windows-1252/Latin-1 reader
    made nor text Windows-1258 can encode, in NFC or in NFD: ``repair_line`` then has no
    reading of the whole line, and only repairs words when ``UTF8_LEAD_CHARACTERS`` and
    ``UTF8_CONTINUATION_CHARACTERS`` stand side by side (most Vietnamese letters qualify:
    ệ, ố, ữ)."""
    if text_to_cp1252_bytes(character) is not None:
        return False
    for form in (character, unicodedata.normalize("NFD", character)):
        try:
            form.encode("cp1258")
        except UnicodeEncodeError:
            continue
        return False
    return True


def repair_line(line: str) -> tuple[str, str | None]:
    """The repaired line and the kind of repair (``utf8_mojibake``, ``tcvn3``, …), or None."""
    if not looks_suspicious(line):
        return line, None
    raw = text_to_cp1252_bytes(line)
    readings = _utf8_readings(line, raw)
    if raw is None and not readings:
        # Mojibake words inside an otherwise Unicode line ("Viá»‡t Nam, hoà bình, bảo").
        repaired = _repair_utf8_words(line)
        return (repaired, "utf8_mojibake") if repaired != line else (line, None)
    # UTF-8 mojibake: a strict UTF-8 decode of the recovered bytes is strong evidence by
    # itself; read twice for text that was mangled twice.
    current = line
    for attempt in range(2):
        if attempt:
            readings = _utf8_readings(current, text_to_cp1252_bytes(current))
        if not readings:
            break
        current = safe_nfc(readings[0])
        if not looks_suspicious(current):
            break
    if current != line and _better_utf8(score(current), score(line)):
        return current, "utf8_mojibake"
    if raw is None or not legacy_reading_can_win(raw):
        return line, None
    candidates = [(charset, decode_legacy(raw, charset)) for charset in LEGACY_CANDIDATES]
    vps_text = decode_legacy(raw, "vps")
    # A legacy reading wins only with MIN_MARKED syllables holding a Vietnamese-only
    # letter: where no reading has that many such letters, none can, and the readings
    # need no scoring (most lines of foreign text with a few Latin-1 letters end here).
    if all(marked_letters(text) < MIN_MARKED for text in (vps_text, *(text for _, text in candidates))):
        return line, None
    best: tuple[Score, str, str] | None = None
    for charset, candidate in candidates:
        result = score(candidate)
        if best is None or result.rank > best[0].rank:
            best = (result, candidate, charset)
    assert best is not None
    vps = score(vps_text)
    vps_ahead = vps.words and (vps.valid - best[0].valid) / vps.words >= VPS_MARGIN
    if vps_ahead or (vps.valid == best[0].valid and vps.common > best[0].common):
        best = (vps, vps_text, "vps")
    if _better_legacy(best[0], score(line)):
        return best[1], best[2]
    return line, None


def _better_utf8(after: Score, before: Score) -> bool:
    return after.suspicious < before.suspicious and after.valid_share >= before.valid_share - 0.05


def _better_legacy(after: Score, before: Score) -> bool:
    """Enough evidence that the legacy decoding is the text the writer typed.

    Three ways to show it, each requiring fewer suspicious characters than before and
    several syllables with Vietnamese marks: a mostly valid result; a large gain in
    valid syllables (lines full of foreign names stay below the share); or every
    suspicious character gone with a clear gain (VISCII and CP1258 share many bytes
    with Windows-1252, so part of such a line already reads as Vietnamese).
    """
    if after.suspicious >= before.suspicious or after.marked < MIN_MARKED or after.marked_share < MIN_MARKED_SHARE:
        return False
    gain = after.valid_share - before.valid_share
    mostly_vietnamese = after.valid_share >= MIN_VALID_SHARE and gain >= MIN_GAIN
    strong_gain = gain >= MIN_STRONG_GAIN
    cleaned_up = after.suspicious == 0 and before.suspicious >= 3 and gain >= MIN_CLEANUP_GAIN
    return mostly_vietnamese or strong_gain or cleaned_up
