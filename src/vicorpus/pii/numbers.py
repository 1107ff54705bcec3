"""Digit runs: phone numbers, citizen IDs, tax codes, cards and bank accounts.

One scan finds every run of 6+ digits with single separators (``.``, ``-``, space,
parentheses) between them; each run is cut into its digit groups, and windows of
consecutive groups are tried longest first, so that "0912345678 0987654321" gives two
phones and "năm 2017 0912 345 678" one. Each window is classified by its digits and the
label in front of it (``context``); the order below decides between kinds that share a
shape (a 10-digit number after "MST" is a tax code, the same digits after "SĐT" a phone).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from vicorpus.pii import context
from vicorpus.pii.finance import (
    ACCOUNT_CONTEXT,
    BANK_NAMES,
    ENTERPRISE_CODE_LABEL,
    ORGANISATION_CONTEXT,
    ORGANISATION_WINDOW,
    TAX_CONTEXT,
    is_account_number,
    is_card_number,
    is_tax_code,
)
from vicorpus.pii.identity import CITIZEN_ID_CONTEXT, is_contextual_citizen_id, is_structured_citizen_id
from vicorpus.pii.phones import is_phone_number
from vicorpus.pii.spans import PiiKind, Span

# 6+ digits, single separators (or ". ": "069. 292. 8312") between any two, starting at a
# digit; a "+" or "(" in front is taken by ``_prefix_start``. ``scan.py`` matches the
# first digit and the boundary before it. Possessive: nothing follows the run in either
# pattern, so giving digits back never makes a match, and without it Python's engine keeps
# a backtracking point per digit (3 MB of digits: 953 MB of memory and 1.5 s; now 35 MB
# and 0.1 s).
RUN_AFTER_FIRST_DIGIT = r"(?:\)?(?:\. |[ .\-])?\(?\d){5,}+"
_RUN = re.compile(r"\d" + RUN_AFTER_FIRST_DIGIT)
_GROUP = re.compile(r"\d+")
# A run followed by "/" (document numbers: 1234567/QĐ-UBND) or a decimal comma. Letters
# right after are allowed: social posts glue words to numbers ("0338929069catvitel").
_GLUED_AFTER = re.compile(r"/|,\d")
# Amounts: "1.500.000", "2 500 000": grouped by thousands, not starting with 0.
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:([. ])\d{3})(?:\1\d{3})*")
# Book and serial numbers: "ISBN 0-521-37293-3, 0521372933", "ISBN 978-0521779333".
_ISBN_LABEL = context.words(r"isbn(-1[03])?", r"issn", r"e-?isbn")
_ISBN_WINDOW = 24
# A unit right after the number: an amount or a count, whatever its shape.
_UNIT_AFTER = re.compile(r"\s?(?:đ|đồng|dong|vnđ|vnd|usd|\$|%|triệu|tỷ|nghìn|ngàn)(?!\w)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"[$€£¥]\s?$")
# Dates and year ranges, the most common runs in news: "12.05.2017", "2016-2017",
# "2013-01-02" (also with Wikipedia's stray leading 0: "02013-01-02"), "tháng 10.2016".
_DATE = re.compile(
    r"\d{1,2}([./\-]) ?\d{1,2}\1 ?(?:19|20)\d\d|(?:19|20)\d\d[\-.](?:19|20)\d\d|0?(?:19|20)\d\d-\d\d-\d\d"
    r"|\d{1,2}[./\-](?:19|20)\d\d"  # month and year: "10.2016"
)
_PLAIN_SEPARATORS = frozenset({" ", ".", "-", ". "})
_GLUING_SEPARATORS = frozenset({".", "-"})
_LABELS = (TAX_CONTEXT, CITIZEN_ID_CONTEXT, ACCOUNT_CONTEXT, BANK_NAMES)
# Digits of the shortest (bank account) and longest (card, account) kinds.
_MIN_DIGITS = 6
_MAX_DIGITS = 19
# Without a label nothing has fewer digits: old 6-digit subscribers "058.820666" have 9.
_MIN_UNLABELLED_DIGITS = 9
# Windows never span more groups: "+84 (0) 912 345 678" and "4111 1111 1111 1111 110" have 5.
_MAX_GROUPS = 5


def number_spans_at(text: str, start: int) -> Iterator[Span]:
    """The spans of the digit run starting at ``start`` (a digit not glued to a word)."""
    run = _RUN.match(text, start)
    if run is None or _GLUED_AFTER.match(text, run.end()):
        return
    if start >= 2 and text[start - 1] == "," and text[start - 2].isdigit():
        return  # the decimals of "28,349523125"
    if (
        _UNIT_AFTER.match(text, run.end())
        or _CURRENCY_BEFORE.search(text, max(0, start - 2), start)
        or context.anywhere_before(text, start, _ISBN_LABEL, _ISBN_WINDOW)
    ):
        return
    yield from _classify_run(text, run)


def _classify_run(text: str, run: re.Match[str]) -> Iterator[Span]:
    groups = [(run.start() + m.start(), run.start() + m.end()) for m in _GROUP.finditer(run.group())]
    digits_before = list(itertools.accumulate((b - a for a, b in groups), initial=0))
    prefix_start = _prefix_start(text, run.start())
    plus = "+" in text[prefix_start : run.start()]
    labels = _Labels(text, run.start())
    first = 0
    while first < len(groups):
        if first > 0 and text[groups[first - 1][1] : groups[first][0]] in _GLUING_SEPARATORS:
            first += 1  # a window starts at the run's start or after a space: not inside "4.082.000"
            continue
        found_until = None
        for last in range(min(len(groups), first + _MAX_GROUPS), first, -1):
            size = digits_before[last] - digits_before[first]
            if size < _MIN_DIGITS:
                break  # shorter windows only have fewer digits
            if size > _MAX_DIGITS or (
                last < len(groups) and text[groups[last - 1][1] : groups[last][0]] in _GLUING_SEPARATORS
            ):
                continue  # too long, or ends inside "4.082.000": only at a space or parenthesis
            if not (plus and first == 0) and not labels.any() and not _could_be_unlabelled(text, groups, first, last):
                continue
            window = groups[first:last]
            digits = "".join(text[a:b] for a, b in window)
            kind = _kind_of(text, window, digits, plus and first == 0, labels)
            if kind is not None:
                span_start = prefix_start if first == 0 else window[0][0]
                yield _span(text, span_start, window, kind)
                found_until = last
                break
        first = found_until if found_until is not None else first + 1


def _could_be_unlabelled(text: str, groups: list[tuple[int, int]], first: int, last: int) -> bool:
    """Whether a window with no label before it can be PII at all: a phone starts with 0,
    a card is grouped by four, a CCCD or a dropped-0 mobile is one group; nothing has
    fewer than 9 digits ("058.820666"). Skips most windows of number tables cheaply."""
    size = sum(b - a for a, b in groups[first:last])
    if size < _MIN_UNLABELLED_DIGITS:
        return False
    if last - first == 1 or size == _MIN_UNLABELLED_DIGITS or text[groups[first][0]] == "0":
        return True
    return all(b - a == 4 for a, b in groups[first : last - 1])


def _prefix_start(text: str, start: int) -> int:
    """Where "+", "(", "(+" or "+(" in front of a run begins."""
    position = start
    while position > start - 2 and position > 0 and text[position - 1] in "+(":
        position -= 1
    return position


class _Labels:
    """``context.before``/``after`` for the windows of one run, each looked up once.

    A label stands before the run, so a window after a number of the run has none, and a
    run with no label in front of it at all (the usual case) answers every lookup at once:
    tables of numbers are long runs with many windows."""

    def __init__(self, text: str, run_start: int) -> None:
        self._text = text
        self._run_start = run_start
        self._any: bool | None = None
        self._seen: dict[tuple[re.Pattern[str], int], bool] = {}

    def any(self) -> bool:
        """Whether any label stands before the run."""
        if self._any is None:
            self._any = any(context.before(self._text, self._run_start, label) for label in _LABELS)
        return self._any

    def before(self, pattern: re.Pattern[str], start: int) -> bool:
        if not self.any():
            return False
        key = (pattern, start)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = not context.number_between(self._text, self._run_start, start) and context.before(
                self._text, start, pattern
            )
        return found

    def bank_after(self, end: int) -> bool:
        key = (BANK_NAMES, -end)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = context.after(self._text, end, BANK_NAMES)
        return found


def _kind_of(text: str, window: list[tuple[int, int]], digits: str, plus: bool, labels: _Labels) -> PiiKind | None:
    size = len(digits)
    start, end = window[0][0], window[-1][1]
    single = len(window) == 1
    if _DATE.fullmatch(text, start, end):
        return None
    if not plus and _THOUSANDS.fullmatch(text, start, end):
        # An amount ("589.000.000", also inside a run of several), unless a long number
        # is labelled: "Số tài khoản: 102.010.002.585.585".
        return PiiKind.BANK_ACCOUNT if size >= 9 and labels.before(ACCOUNT_CONTEXT, start) else None
    if not all(text[a:b] in _PLAIN_SEPARATORS for (_, a), (b, _) in itertools.pairwise(window)):
        # Only phones are written with parentheses: "(024) 3825 1234", and before 2008 with
        # 6-7 subscriber digits after the area code: "(058) 844319", "(08) 8959779".
        if _phone_grouping(text, window, plus) and (
            is_phone_number(digits, plus) or _old_area_code_form(text, window, digits)
        ):
            return PiiKind.PHONE
        return None
    if not plus and size in (10, 12, 13) and labels.before(TAX_CONTEXT, start):
        tax = _tax_kind(text, window, digits, start)
        if tax is not None:
            return tax
    if not plus and _is_branch_form(text, window) and is_tax_code(digits[:10]):
        return PiiKind.COMPANY_TAX_CODE  # "0312345673-001" needs no label: a dependent unit's code
    if not plus and is_contextual_citizen_id(digits) and labels.before(CITIZEN_ID_CONTEXT, start):
        return PiiKind.CITIZEN_ID
    if not plus and is_account_number(digits) and labels.before(ACCOUNT_CONTEXT, start):
        return PiiKind.BANK_ACCOUNT
    if _phone_grouping(text, window, plus) and is_phone_number(digits, plus):
        return PiiKind.PHONE
    if (single or all(b - a == 4 for a, b in window[:-1])) and is_card_number(digits):
        return PiiKind.BANK_CARD
    if not plus and is_account_number(digits) and (labels.before(BANK_NAMES, start) or labels.bank_after(end)):
        return PiiKind.BANK_ACCOUNT
    if single and is_structured_citizen_id(digits):
        return PiiKind.CITIZEN_ID
    return None


def _old_area_code_form(text: str, window: list[tuple[int, int]], digits: str) -> bool:
    """ "(0xx) nnnnnn[n]": a parenthesised trunk-0 area code and 6-7 subscriber digits."""
    a, b = window[0]
    return (
        len(window) >= 2
        and text[a - 1 : a] == "("
        and text[b : b + 1] == ")"
        and text[a] == "0"
        and 2 <= b - a <= 4
        and 6 <= len(digits) - (b - a) <= 7
    )


def _tax_kind(text: str, window: list[tuple[int, int]], digits: str, start: int) -> PiiKind | None:
    if len(digits) == 12:
        return PiiKind.TAX_CODE if is_structured_citizen_id(digits) else None  # a person's code since 2025
    branch = len(digits) == 13
    if branch and not _is_branch_form(text, window):
        return None
    # The label decides; the mod-11 check digit is not required: a labelled number with a
    # wrong one is a mistyped (or invented) tax code, not a phone number.
    company = (
        branch
        or context.before(text, start, ENTERPRISE_CODE_LABEL)
        or context.anywhere_before(text, start, ORGANISATION_CONTEXT, ORGANISATION_WINDOW)
    )
    return PiiKind.COMPANY_TAX_CODE if company else PiiKind.TAX_CODE


def _is_branch_form(text: str, window: list[tuple[int, int]]) -> bool:
    """ "NNNNNNNNNN-NNN": a tax code and the 3-digit number of a dependent unit."""
    (a, b), (c, d) = window[0], window[-1]
    return len(window) == 2 and b - a == 10 and d - c == 3 and text[b:c] == "-"


def _phone_grouping(text: str, window: list[tuple[int, int]], plus: bool) -> bool:
    """Phone digits come in groups of 2+ ("0912 345 678", "(024) 3825 1234"). A lone digit
    is only a country code or the area code after it ("+1 202 …", "+84.8.8482981") or the
    trunk "0" in parentheses ("+84 (0) 912…"); "0-7190-3526-0" is not a phone."""
    return all(
        b - a >= 2 or (plus and index <= 1) or (text[a:b] == "0" and text[a - 1 : a] == "(")
        for index, (a, b) in enumerate(window)
    )


def _span(text: str, prefix_start: int, window: list[tuple[int, int]], kind: PiiKind) -> Span:
    start, end = window[0][0], window[-1][1]
    prefix = text[prefix_start:start]
    # "(024) 3825 1234" and "(+84) 912…" keep their "(" when its ")" is inside;
    # "(0912345678)" does not; "+84 …" keeps its "+".
    if "(" in prefix and ")" in text[start:end]:
        start = prefix_start + prefix.index("(")
    elif "+" in prefix:
        start = prefix_start + prefix.index("+")
    return Span(start, end, kind, text[start:end])
