"""Phone numbers spelled out digit by digit ("0 3 6 8 • 4 2 9 • 1 5 7", "0.9.2.8.4.7.1.6.3.5"),
or in groups spaced out around a dot, dash or bullet ("0869 . 274 . 153", "0938 • 572 • 416").

Spam and posts that dodge contact filters space a number out so that no run of two
digits is left, and ``numbers.py`` (digit groups of 2+) cannot see it. Here a number is a
maximal run of single digits (the first may be "0" and one more digit), each apart from
the next by one to three separator characters on one line, holding exactly the 10 or 11
digits of a Vietnamese number with its trunk 0 (``phones.is_phone_number``).

Counted on 2026-11-25 over the clean texts of ``../shared/data`` (baomoi news, Wikipedia,
VNTC train and test, UIT-VSFC and ViHSD comments, the VLC laws, the PII silver set:
168,647 texts): 35 runs of 8+ single digits (tennis scores "6-7 6-3 5-7 7-6 6-1", league
tables "2 2 0 0 5 2 6"), none of them taken for a phone number. The spam pages of
``bench/spam_check_pages.jsonl`` and ``tests/data/spam_pages.jsonl`` spell out 68
numbers on 64 pages (2026-11-25, evening): all 68 are found. Rows of single digits that
start with 0 and a mobile prefix (an answer key "0 3 2 1 3 2 0 1 2 3", a code written
"0-3-8-7-2-5-1-9-6-4") are taken for phone numbers; none is in the clean texts.

Groups of 3 and 4 digits apart by " . ", " - ", " • " (``numbers.py`` takes one separator
character between groups, or ". "): ads write numbers so; 2-digit groups are left out,
as lottery results are written "05 - 08 - 15 - 25 - 31". Over the 20,000 documents of the
quality benchmark, the form adds no phone number to the 139 ``find_pii`` finds
(2026-11-25); it finds the spam check pages' "0869 . 274 . 153" and "0938 ● 572 ● 416".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vicorpus.pii.phones import MOBILE_PREFIXES, is_phone_number
from vicorpus.pii.spans import PiiKind, Span

# Separators seen between spelled-out digits: spaces, dots, hyphens and dashes, bullets,
# stars, underscores, bars. Not "," (digit lists), "/" (dates), "+" or ":" (scores, times).
_GAP = r"[ \t.\-\u2013\u2014\u2022\u00b7*_~|]{1,3}"
# Every number here starts with its trunk 0, and a pattern that starts with a literal is
# searched for as fast as a substring: 0.03 s for 20,000 news articles, against 0.29 s
# when it started with any digit (``find_pii`` takes 1.6 s). The first group is "0" or "0"
# and one more digit ("09 3 8 5 2 7 4 1 6"); every later digit stands alone, so a number
# of two digits or more after the run ("… 9 6 4 - 500k", "… 7 8 24/7") ends it before its
# gap. Possessive: a run is taken whole, and one with a letter glued to its end is none.
# Not after a decimal separator ("3,0 3 6 …").
_SPELLED_RUN = re.compile(rf"0(?<!\w0)(?<!\d[,.]0)\d?(?!\d)(?:{_GAP}\d(?!\d))++(?![^\W\d_])")
# A digit and a gap right before the run: the run is the tail of a longer row of numbers
# ("12 0 3 6 8 4 2 9 1 5 7", a table), not a number on its own. ``\Z``, not ``$``: a
# line break before the run is no gap.
_DIGIT_AND_GAP_BEFORE = re.compile(rf"\d{_GAP}\Z")
# Match scores are pairs: "0-3 2-1 1-1 4-0 2-2", "0 - 3 2 - 1 …", "0-3 | 2-1 | …".
_SCORE_PAIRS = re.compile(r"\d ?[\-\u2013] ?\d(?:(?:[ \t]*[|\u2022\u00b7][ \t]*|[ \t]+)\d ?[\-\u2013] ?\d)+")


# Runs of digit groups apart by a dot, dash or bullet with a space on each side, not glued
# to a word, a digit or a decimal separator; in a run, each three consecutive groups of 3-4
# digits that make a number (the first starting with 0) are one, wherever they stand:
# "0869 . 274 . 153 - 0912 . 345 . 678" holds two, "0912 . 345 . 678 . 999" and "mã 1234 .
# 0869 . 274 . 153" one each.
_SPACED_GROUP_GAP = " [.\\-\u2013\u2014\u2022\u00b7\u25cf*] "
_SPACED_RUN = re.compile(rf"(?<![\w.,])\d+(?:{_SPACED_GROUP_GAP}\d+)+(?!\d)(?![^\W\d_])")
_DIGITS = re.compile(r"\d+")
_SPACED_GROUPS_PER_NUMBER = 3


def find_spelled_phone_spans(text: str) -> Iterator[Span]:
    """Phone numbers written one digit at a time, or in spaced-out groups; each span runs
    from the first digit to the last."""
    spans = list(_spelled_out(text))
    if "0" in text and _SPACED_RUN.search(text):
        spans = sorted([*spans, *_spaced_groups(text)], key=lambda span: span.start)
    yield from spans


def _spaced_groups(text: str) -> Iterator[Span]:
    for run in _SPACED_RUN.finditer(text):
        groups = list(_DIGITS.finditer(text, run.start(), run.end()))
        index = 0
        while index + _SPACED_GROUPS_PER_NUMBER <= len(groups):
            window = groups[index : index + _SPACED_GROUPS_PER_NUMBER]
            if _is_spaced_number(window):
                start, end = window[0].start(), window[-1].end()
                yield Span(start, end, PiiKind.PHONE, text[start:end])
                index += _SPACED_GROUPS_PER_NUMBER
            else:
                index += 1


def _is_spaced_number(groups: list[re.Match[str]]) -> bool:
    """Groups of 3-4 digits, the first starting with 0, that make a phone number."""
    if not all(3 <= len(group.group()) <= 4 for group in groups) or groups[0].group()[0] != "0":
        return False
    return _is_spelled_out_number("".join(group.group() for group in groups))


def _spelled_out(text: str) -> Iterator[Span]:
    for match in _SPELLED_RUN.finditer(text):
        digits = "".join(character for character in match.group() if character.isdigit())
        if (
            _is_spelled_out_number(digits)
            and not _SCORE_PAIRS.fullmatch(match.group())
            and not _DIGIT_AND_GAP_BEFORE.search(text, max(0, match.start() - 4), match.start())
        ):
            yield Span(match.start(), match.end(), PiiKind.PHONE, match.group())


def _is_spelled_out_number(digits: str) -> bool:
    """A mobile number (10 digits, a current mobile prefix), or 11 digits of a landline
    with its new area code (02…) or an old mobile (01…). Pre-2017 landline forms (10 or 11
    digits from 03… to 08…) are left out: spam spells out mobiles, and ten single digits
    from 06… or eleven from 03… are as likely a row of scores or counts."""
    if len(digits) == 10:
        return digits[0] == "0" and digits[1:3] in MOBILE_PREFIXES
    return len(digits) == 11 and digits[:2] in ("01", "02") and is_phone_number(digits, plus=False)
