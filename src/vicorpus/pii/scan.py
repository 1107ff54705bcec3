"""One scan for everything that starts with a digit: IPv4 addresses, licence plates and
digit runs (phones, IDs, tax codes, cards, accounts).

Python's ``re`` skips quickly only to a pattern's first character class, so the
word-boundary check sits after the first digit (a lookbehind over two characters), and
the three shapes are alternatives of one pattern: one pass over the text instead of
three (measured on news: ~85 MB/s for the scan against ~30 MB/s for a pattern that
starts with a lookbehind). A dotted quad that is not an IP address is re-read as a run
("84.912.345.678" is a phone).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vicorpus.pii.network import IPV4_AFTER_FIRST_DIGIT, ipv4_span
from vicorpus.pii.numbers import RUN_AFTER_FIRST_DIGIT, number_spans_at
from vicorpus.pii.plates import PLATE_AFTER_FIRST_DIGIT, plate_span
from vicorpus.pii.spans import Span

_DIGIT_LED = re.compile(
    # Not glued to a word ("pnas.0508989102", a DOI) or a path ("356/2025");
    # "http://1.2.3.4" is fine.
    r"\d(?<!\w\d)(?<![^/]/\d)(?<!\w\.\d)"
    rf"(?:(?P<ip>{IPV4_AFTER_FIRST_DIGIT})|(?P<plate>{PLATE_AFTER_FIRST_DIGIT})|(?P<run>{RUN_AFTER_FIRST_DIGIT}))"
)


def find_digit_led_spans(text: str) -> Iterator[Span]:
    for match in _DIGIT_LED.finditer(text):
        start = match.start()
        if match.group("ip") is not None:
            span = ipv4_span(text, start, match.end())
            if span is not None:
                yield span
                continue
        elif match.group("plate") is not None:
            span = plate_span(text, start, match.end())
            if span is not None:
                yield span
                continue
        yield from number_spans_at(text, start)
