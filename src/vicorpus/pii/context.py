"""Context words: the few characters before (or after) a candidate that say what it is.

Vietnamese web text drops diacritics and abbreviates freely ("so tai khoan", "STK",
"Số TK"), so keywords are matched on a lower-cased copy in accented and unaccented forms.
"""

from __future__ import annotations

import re

# How far before a number its label may stand: "Số tài khoản (VND) tại Vietcombank: 0011…"
# puts ~35 characters between them. Longer windows start to catch the previous sentence.
BEFORE = 48
AFTER = 32


def words(*alternatives: str) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of the alternatives as whole words."""
    # Not inside a placeholder: "<IP>" and "<BANK_ACCOUNT>" are not labels.
    return re.compile(r"(?<![\w<])(?:" + "|".join(alternatives) + r")(?![\w>])", re.IGNORECASE)


# Another number, or a placeholder of a redacted one, between a label and a candidate
# means the label is not the candidate's.
_OTHER_NUMBER = re.compile(r"\d[\d.,]{3}|<[A-Z_]+>")


def before(text: str, start: int, pattern: re.Pattern[str], window: int = BEFORE) -> bool:
    """Whether ``pattern`` labels the number at ``start``: it occurs in the ``window``
    characters before it on the same line, with no other number (4+ digits and
    separators: "22.560") in between
    ("STK: 0011…, ĐT: 0912…": the label belongs to the first number only)."""
    head = text[max(0, start - window) : start]
    newline = head.rfind("\n")
    if newline >= 0:
        head = head[newline + 1 :]
    label_end = -1
    for match in pattern.finditer(head):
        label_end = match.end()
    return label_end >= 0 and _OTHER_NUMBER.search(head, label_end) is None


def number_between(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a number that would unbind a label before it."""
    return _OTHER_NUMBER.search(text, start, end) is not None


def anywhere_before(text: str, start: int, pattern: re.Pattern[str], window: int) -> bool:
    """Whether ``pattern`` occurs in the ``window`` characters before ``start`` on the same line."""
    head = text[max(0, start - window) : start]
    newline = head.rfind("\n")
    if newline >= 0:
        head = head[newline + 1 :]
    return pattern.search(head) is not None


def after(text: str, end: int, pattern: re.Pattern[str], window: int = AFTER) -> bool:
    """Whether ``pattern`` occurs in the ``window`` characters after ``end`` on the same line,
    before any other number."""
    tail = text[end : end + window]
    newline = tail.find("\n")
    if newline >= 0:
        tail = tail[:newline]
    first = pattern.search(tail)
    return first is not None and _OTHER_NUMBER.search(tail, 0, first.start()) is None
