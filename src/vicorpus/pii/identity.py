"""Identity documents: citizen ID (CCCD / CMND) and passport numbers.

- CCCD, 12 digits (Thông tư 07/2016/TT-BCA, now Thông tư 59/2021/TT-BCA, Điều 7):
  3-digit code of the province of birth registration (the administrative code of
  Quyết định 124/2004/QĐ-TTg with a leading 0: 001 Hà Nội … 096 Cà Mau), one digit for
  century and sex (0/1: born 1900-1999, 2/3: 2000-2099, male/female), two digits of the
  birth year, six random digits. A 12-digit run is taken as a CCCD without a context word
  only when this structure holds and the birth year is plausible; with a context word
  (CCCD, căn cước, CMND, …) any 12 digits are.
- CMND, the older 9-digit card: no checkable structure, so only after a context word;
  after one, 9-12 digits are taken (mistyped numbers, and the 10-digit social-insurance
  number, mã số BHXH, which identifies a person as well).
- Passport: one letter and seven digits (Vietnamese passports: B, C, N, …; older and
  foreign forms too), only after a context word (hộ chiếu, passport).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vicorpus.pii import context
from vicorpus.pii.context import words
from vicorpus.pii.spans import PiiKind, Span

PROVINCE_CODES = frozenset(
    f"{code:03d}"
    for code in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34,
        35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67,
        68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)  # fmt: skip
# Births 2000-2029 (century digit 2/3): fixed, not today's year, so results never drift.
_LAST_BIRTH_YEAR_2000S = 29

CITIZEN_ID_CONTEXT = words(
    r"cccd",
    r"cmnd",
    r"cmt",
    r"cmtnd",
    r"cmt/cccd",
    r"cmnd/cccd",
    r"ch[ứu]ng minh( nh[âa]n d[âa]n| th[ưu])?",
    r"c[ăa]n c[ưu][ớo]c( c[ôo]ng d[âa]n)?",
    r"(s[ốo] )?đ[ịi]nh danh( c[áa] nh[âa]n)?",
    r"dinh danh( ca nhan)?",
    r"id card",
    r"identity card",
    r"national id",
    # Social-insurance numbers (mã số BHXH, 10 digits) identify a person the same way.
    r"(m[ãa] )?(s[ốo] )?(s[ổo] )?bhxh",
    r"b[ảa]o hi[ểe]m x[ãa] h[ộo]i",
)
PASSPORT_CONTEXT = words(r"h[ộo] chi[ếe]u", r"passport", r"passport no\.?", r"hc s[ốo]")
# Boundary check after the letter, so that ``re`` can skip to capitals quickly.
# Vietnamese passports are one letter and 7 digits ("B1234567"); news also prints older
# and foreign forms: "B 8333083", "A1116627A", "AX 0222564", "ML 985743", 9-digit numbers.
PASSPORT = re.compile(r"[A-Z](?<![\w\-][A-Z])(?:[A-Z]? ?\d{6,8}(?: ?[A-Z])?|\d{9})(?![\w-])")


def is_structured_citizen_id(digits: str) -> bool:
    """A 12-digit CCCD whose province, century/sex digit and birth year are valid."""
    if len(digits) != 12 or digits[:3] not in PROVINCE_CODES:
        return False
    century = digits[3]
    if century in "01":
        return True
    return century in "23" and int(digits[4:6]) <= _LAST_BIRTH_YEAR_2000S


def is_contextual_citizen_id(digits: str) -> bool:
    """After a context word: a 12-digit CCCD, a 9-digit CMND, or a mistyped one in between."""
    return 9 <= len(digits) <= 12


# Substrings one of which any passport label contains: checked before scanning for the
# number (capital letters are everywhere in news; these words are rare).
_PASSPORT_HINTS = ("chiếu", "CHIẾU", "chieu", "CHIEU", "assport", "ASSPORT", "HC s", "hc s", "HC S", "Hc s")


def find_passport_spans(text: str) -> Iterator[Span]:
    if not any(hint in text for hint in _PASSPORT_HINTS):
        return
    for match in PASSPORT.finditer(text):
        if context.before(text, match.start(), PASSPORT_CONTEXT):
            yield Span(match.start(), match.end(), PiiKind.PASSPORT, match.group())
