"""Vietnamese phone numbers: which digit strings are dialable subscriber numbers.

Sources for the number plan:

- Mobile: Quy hoạch kho số viễn thông (Thông tư 22/2014/TT-BTTTT) and the 2018
  conversion of 11-digit mobile numbers to 10 digits (Quyết định 798/QĐ-BTTTT,
  2018-05-25): 0120-0129 → 070, 076-079; 0162-0169 → 032-039; 0123/0124/0125/0127/0129
  → 081-085; 0186/0188 → 056/058; 0199 → 059. Current mobile prefixes: 032-039, 052,
  055, 056, 058, 059, 070, 076-079, 081-089, 090-099. The old 11-digit ``01x`` forms are
  still common in web text written before 2018 and are accepted too.
- Landline: the 2017 area-code change (Quyết định 2036/QĐ-BTTTT, 2015): every fixed
  number is ``02`` + area code + subscriber, 11 digits: Hà Nội 024 and TP.HCM 028 with 8
  subscriber digits, the other provinces 02xx with 7. Before 2017: ``04``/``08`` + 8
  digits and ``0`` + a 2-3-digit area code (31, 511, 650, …) + 7 digits; before 2008
  subscriber numbers were 7 digits in Hà Nội and TP.HCM ("04 6365884") and 6 in the
  provinces ("058.820666").
- Mobile numbers whose leading 0 was dropped ("978781847"), as comments write them:
  9 digits starting with a mobile prefix.
- Service numbers 1800 (free) and 1900 (premium) and short codes (113, 115, …) are
  not personal: they have no leading ``0`` and are never accepted.
- International forms: ``+84``, ``0084``, ``84`` then the number without its ``0``;
  ``+`` followed by another country code and 7-12 digits is a foreign number (E.164
  allows 15 digits in all).
"""

from __future__ import annotations

MOBILE_PREFIXES = frozenset(
    [f"3{d}" for d in "23456789"]
    + ["52", "55", "56", "58", "59", "70", "76", "77", "78", "79"]
    + [f"8{d}" for d in "123456789"]
    + [f"9{d}" for d in "0123456789"]
)
OLD_MOBILE_PREFIXES = frozenset(
    [f"12{d}" for d in "0123456789"] + [f"16{d}" for d in "23456789"] + ["186", "188", "199"]
)
# Area codes after the 2017 change (without the leading 0); 24 and 28 take 8 digits.
LANDLINE_AREA_CODES = frozenset(
    str(code)
    for code in (
        203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 218, 219, 220, 221,
        222, 225, 226, 227, 228, 229, 232, 233, 234, 235, 236, 237, 238, 239, 251, 252, 254, 255,
        256, 257, 258, 259, 260, 261, 262, 263, 269, 270, 271, 272, 273, 274, 275, 276, 277, 290,
        291, 292, 293, 294, 296, 297, 299,
    )
)  # fmt: skip


def is_national_number(number: str) -> bool:
    """A Vietnamese number without its trunk ``0`` or country code (``912345678``)."""
    size = len(number)
    if size == 8:
        # Before 2008 subscriber numbers were shorter: Hà Nội and TP.HCM 7 digits
        # ("04 6365884"), the provinces 6 ("058.820666", Nha Trang).
        return number[0] in "2345678"
    if size == 9:
        # Mobile (032…099) or a pre-2017 landline: 4/8 + 8 digits, 2-digit area + 7.
        return number[0] in "3456789"
    if size == 10:
        if number[0] == "2":
            return number[:2] in ("24", "28") or number[:3] in LANDLINE_AREA_CODES
        if number[0] == "1":
            return number[:3] in OLD_MOBILE_PREFIXES
        # Pre-2017 landline with a 3-digit area code (511 Đà Nẵng, 650 Bình Dương, …).
        return number[0] in "35678"
    return False


def is_phone_number(digits: str, plus: bool) -> bool:
    """Whether ``digits`` (separators removed; ``plus``: written after a ``+``) is a phone number."""
    if plus or digits.startswith("00"):
        international = digits[2:] if digits.startswith("00") else digits
        if international.startswith("84"):
            national = international[2:]
            return is_national_number(national[1:] if national.startswith("0") else national)
        return plus and 8 <= len(international) <= 15 and international[0] != "0"
    if digits.startswith("0"):
        return is_national_number(digits[1:])
    if digits.startswith("84") and len(digits) == 11:
        return digits[2:4] in MOBILE_PREFIXES  # 84912345678: only the unambiguous mobile form
    if len(digits) == 9:
        # A mobile number whose leading 0 was dropped, as comments write it ("978781847").
        return digits[:2] in MOBILE_PREFIXES
    return False
