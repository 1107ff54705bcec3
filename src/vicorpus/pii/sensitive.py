"""Documents that are records of sensitive personal data: medical records and bank statements.

Under Decree 356/2025/NĐ-CP health and financial data are *sensitive* personal data. A
news article about a hospital or a bank uses the same words in prose; a record uses them
as **field labels** — at the start of a line (after a bullet or number) and followed by
":" or a table separator ("Chẩn đoán: …", "| Số dư cuối kỳ |"). So the signals are the
number of distinct labels used that way and the share of the document's lines that are
labelled fields, or, for statements, transaction rows (a date and an amount on one line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_START = r"^[ \t]*(?:[-•*+|]|\d{1,2}[.)])?[ \t]*"
_LABEL_END = r"[ \t]*(?::|\||\t)"

MEDICAL_LABELS = {
    "patient_name": r"h[ọo] (v[àa] )?t[êe]n (b[ệe]nh nh[âa]n|ng[ưu][ờo]i b[ệe]nh)",
    "patient_code": r"m[ãa] (s[ốo] )?(b[ệe]nh nh[âa]n|bn|ng[ưu][ờo]i b[ệe]nh)",
    "record_number": r"s[ốo] (h[ồo] s[ơo]|b[ệe]nh [áa]n|l[ưu]u tr[ữu])",
    "diagnosis": r"ch[ẩa]n [đd]o[áa]n( x[áa]c [đd][ịi]nh| s[ơo] b[ộo]| ra vi[ệe]n| v[àa]o vi[ệe]n| ch[íi]nh)?",
    "history": r"ti[ềe]n s[ửu]( b[ệe]nh| b[ảa]n th[âa]n| gia [đd][ìi]nh| d[ịi] [ứu]ng)?",
    "admission_reason": r"l[ýy] do (v[àa]o vi[ệe]n|kh[áa]m|nh[ậa]p vi[ệe]n)",
    "admission_date": r"ng[àa]y (v[àa]o|ra|nh[ậa]p|xu[ấa]t) vi[ệe]n",
    "ward": r"khoa( [đd]i[ềe]u tr[ịi])?|s[ốo] gi[ưu][ờo]ng|bu[ồo]ng",
    "symptoms": r"tri[ệe]u ch[ứu]ng|b[ệe]nh s[ửu]",
    "vitals": r"m[ạa]ch|nhi[ệe]t [đd][ộo]|huy[ếe]t [áa]p|nh[ịi]p th[ởo]|c[âa]n n[ặa]ng|spo2",
    "tests": r"k[ếe]t qu[ảa] (x[ée]t nghi[ệe]m|c[ậa]n l[âa]m s[àa]ng)|x[ée]t nghi[ệe]m",
    "treatment": r"(ph[ưu][ơo]ng ph[áa]p )?[đd]i[ềe]u tr[ịi]|ch[ỉi] [đd][ịi]nh|[đd][ơo]n thu[ốo]c|toa thu[ốo]c",
    "doctor": r"b[áa]c s[ĩi]( [đd]i[ềe]u tr[ịi])?",
    "icd": r"m[ãa] icd|icd-?10",
    "insurance_card": r"(s[ốo] )?th[ẻe] bhyt|m[ãa] bhyt",
    "allergy": r"d[ịi] [ứu]ng",
    "blood_group": r"nh[óo]m m[áa]u",
}
FINANCIAL_LABELS = {
    "statement": r"sao k[êe]( t[àa]i kho[ảa]n)?|k[ỳy] sao k[êe]",
    "account_holder": r"ch[ủu] t[àa]i kho[ảa]n|t[êe]n t[àa]i kho[ảa]n",
    "account_number": r"s[ốo] t[àa]i kho[ảa]n|stk",
    "opening_balance": r"s[ốo] d[ưu] [đd][ầa]u k[ỳy]",
    "closing_balance": r"s[ốo] d[ưu] cu[ốo]i k[ỳy]",
    "balance": r"s[ốo] d[ưu]( kh[ảa] d[ụu]ng)?",
    "debit": r"ghi n[ợo]|ph[áa]t sinh n[ợo]|r[úu]t ra|debit",
    "credit": r"ghi c[óo]|ph[áa]t sinh c[óo]|g[ửu]i v[àa]o|credit",
    "description": r"n[ộo]i dung( giao d[ịi]ch| chuy[ểe]n kho[ảa]n)?|di[ễe]n gi[ảa]i",
    "transaction_id": r"m[ãa] giao d[ịi]ch|s[ốo] tham chi[ếe]u|s[ốo] b[úu]t to[áa]n|s[ốo] ct",
    "transaction_date": r"ng[àa]y (giao d[ịi]ch|hi[ệe]u l[ựu]c)",
    "currency": r"lo[ạa]i ti[ềe]n",
    "amount": r"s[ốo] ti[ềe]n( giao d[ịi]ch)?",
    "credit_limit": r"h[ạa]n m[ứu]c|d[ưu] n[ợo]",
}


def _label_pattern(labels: dict[str, str]) -> re.Pattern[str]:
    names = "|".join(f"(?P<{name}>{pattern})" for name, pattern in labels.items())
    return re.compile(rf"{_LINE_START}(?:{names}){_LABEL_END}", re.IGNORECASE | re.MULTILINE)


_MEDICAL = _label_pattern(MEDICAL_LABELS)
_FINANCIAL = _label_pattern(FINANCIAL_LABELS)
# A statement row: a date and an amount after it ("05/03/2024 … 1.500.000"). As one
# pattern (date, ".*", amount) the search read to the line's end from every date, in
# time quadratic in the line (a 32 KB line of dates took 3.8 s): ``_is_transaction_row``
# finds the first date instead, and an amount after where it can end first.
_ROW_DATE = re.compile(r"\b\d{1,2}?[/-]\d{1,2}?(?:[/-]\d{2,4}?)??\b")
_ROW_AMOUNT = re.compile(r"\b\d{1,3}(?:[.,]\d{3})+\b")


def _is_transaction_row(line: str) -> bool:
    """Whether ``line`` (no line break) holds a date and, after it, an amount.

    The same answer as searching ``date.*amount``: the first date's shortest reading ends
    no later than any other date (a later one starts after its "/" and takes 3 characters
    more), so an amount after some date is one after it (tested against that search)."""
    date = _ROW_DATE.search(line)
    return date is not None and _ROW_AMOUNT.search(line, date.end()) is not None


@dataclass(frozen=True)
class SensitiveSignals:
    medical_labels: int  # distinct medical field labels used as labels
    medical_share: float  # share of non-empty lines that are medical fields
    financial_labels: int
    financial_share: float  # labelled lines and transaction rows


def sensitive_signals(text: str) -> SensitiveSignals:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return SensitiveSignals(0, 0.0, 0, 0.0)
    medical_names: set[str] = set()
    financial_names: set[str] = set()
    medical_lines = financial_lines = 0
    for line in lines:
        medical = _MEDICAL.match(line)
        if medical is not None:
            medical_lines += 1
            medical_names.add(next(name for name, value in medical.groupdict().items() if value is not None))
        financial = _FINANCIAL.match(line)
        if financial is not None:
            financial_lines += 1
            financial_names.add(next(name for name, value in financial.groupdict().items() if value is not None))
        elif _is_transaction_row(line):
            financial_lines += 1
    return SensitiveSignals(
        len(medical_names), medical_lines / len(lines), len(financial_names), financial_lines / len(lines)
    )


def sensitive_category(signals: SensitiveSignals, *, min_labels: int, min_share: float) -> str | None:
    """``"medical"``, ``"financial"`` or None: a record is ``min_labels`` distinct labels
    over at least ``min_share`` of the lines."""
    if signals.medical_labels >= min_labels and signals.medical_share >= min_share:
        return "medical"
    if signals.financial_labels >= min_labels and signals.financial_share >= min_share:
        return "financial"
    return None
