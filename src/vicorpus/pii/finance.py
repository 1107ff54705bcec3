"""Tax codes, payment cards and bank accounts.

- Tax code (mã số thuế, MST; Thông tư 105/2020/TT-BTC): 10 digits whose 10th is a
  mod-11 check digit (weights 31 29 23 19 17 13 7 5 3; ``stdnum.vn.mst``), ``-NNN`` for a
  dependent unit. A 10-digit number is a tax code only after a label (MST, mã số thuế, …):
  1 in 11 random 10-digit strings passes the check, and a labelled number with a wrong
  check digit is a mistyped tax code, not a phone. Without a label only the branch form
  ``NNNNNNNNNN-NNN`` with a valid check digit is one. Companies' codes are not personal
  data; a code is a company's when the line before it names an organisation (công ty,
  TNHH, doanh nghiệp, …), it carries a branch suffix, or its label is the enterprise code
  (mã số doanh nghiệp). Since 2025-07-01 a person's tax code is their 12-digit CCCD
  (Thông tư 86/2024/TT-BTC), found as such.
- Payment card: 13-19 digits passing the Luhn check (ISO/IEC 7812-1) with an issuer
  prefix in use: 4 Visa, 51-55 and 2221-2720 Mastercard, 34/37 Amex, 35 JCB, 62 UnionPay,
  9704 NAPAS (Vietnamese domestic cards, 16 or 19 digits).
- Bank account: 6-19 digits; there is no national format (each bank has its own
  lengths), so only after an account label (STK, số tài khoản, …) or a bank name.
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.vn import mst

from vicorpus.pii.context import words

TAX_CONTEXT = words(
    r"mst",
    r"m[ãa] s[ốo] thu[ếe]",
    r"m[ãa] s[ốo] doanh nghi[ệe]p",
    r"m[ãa] s[ốo] dn",
    r"msdn",
    r"mst/msdn",
    r"tax code",
    r"tax id",
)
ENTERPRISE_CODE_LABEL = re.compile(r"m[ãa] s[ốo] (doanh nghi[ệe]p|dn)|msdn", re.IGNORECASE)
ORGANISATION_CONTEXT = words(
    r"c[ôo]ng ty",
    r"cty",
    r"t[ổo]ng c[ôo]ng ty",
    r"doanh nghi[ệe]p",
    r"tnhh",
    r"c[ổo] ph[ầa]n",
    r"t[ậa]p đo[àa]n",
    r"chi nh[áa]nh",
    r"h[ợo]p t[áa]c x[ãa]",
    r"htx",
    r"ng[âa]n h[àa]ng",
    r"company",
    r"corporation",
    r"jsc",
    r"co\., ?ltd",
    r"ltd",
)
# How far back the organisation's name may start: "Công ty TNHH Thương mại và Dịch vụ
# Kỹ thuật ABC (MST: …)" runs to ~60 characters; a whole line is the limit.
ORGANISATION_WINDOW = 160

ACCOUNT_CONTEXT = words(
    r"stk",
    r"s[ốo] t[àa]i kho[ảa]n",
    r"t[àa]i kho[ảa]n( s[ốo])?",
    r"s[ốo] tk",
    r"tk( s[ốo])?",
    r"account( number| no\.?)?",
    r"acc(ount)? no\.?",
    r"a/c",
)
BANK_NAMES = words(
    r"ng[âa]n h[àa]ng",
    r"bank",
    r"vietcombank",
    r"vcb",
    r"agribank",
    r"bidv",
    r"vietinbank",
    r"techcombank",
    r"tcb",
    r"mb ?bank",
    r"acb",
    r"sacombank",
    r"vpbank",
    r"tpbank",
    r"shb",
    r"hdbank",
    r"vib",
    r"ocb",
    r"seabank",
    r"msb",
    r"maritime ?bank",
    r"eximbank",
    r"lienvietpostbank",
    r"lpbank",
    r"nam a ?bank",
    r"bac a ?bank",
    r"kienlongbank",
    r"abbank",
    r"pvcombank",
    r"scb",
    r"saigonbank",
    r"vietabank",
    r"vietbank",
    r"ncb",
    r"baoviet ?bank",
    r"gpbank",
    r"oceanbank",
    r"dong ?a ?bank",
    r"shinhan( bank)?",
    r"hsbc",
    r"citibank",
    r"uob",
    r"woori( bank)?",
)

_CARD_ISSUERS = ("4", "34", "35", "37", "51", "52", "53", "54", "55", "62", "9704")


def is_tax_code(digits: str) -> bool:
    """10 digits with a valid MST check digit (a ``-NNN`` suffix is handled by the caller)."""
    return len(digits) == 10 and mst.is_valid(digits)


def is_card_number(digits: str) -> bool:
    size = len(digits)
    if not 13 <= size <= 19:
        return False
    issuer_ok = digits.startswith(_CARD_ISSUERS) or 2221 <= int(digits[:4]) <= 2720
    if digits.startswith("9704") and size not in (16, 19):
        return False
    return issuer_ok and luhn.is_valid(digits)


def is_account_number(digits: str) -> bool:
    return 6 <= len(digits) <= 19
