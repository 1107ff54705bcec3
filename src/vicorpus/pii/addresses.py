"""Street addresses with a house number (off by default: names of streets and places are
not personal on their own, and the pattern is the least precise of the kinds).

Forms: "số 12 ngõ 34 phố Huế", "123/4 Nguyễn Trãi", "số nhà 56, đường Lê Lợi",
"hẻm 45 Trần Hưng Đạo": an optional "số (nhà)", a house number (digits, optional letter,
"/" parts), optional ngõ/ngách/hẻm/kiệt numbers, an optional street word (đường, phố, …)
and one to five capitalised words. A bare "number + capitalised words" ("2017 Hà Nội")
counts only after an address cue (địa chỉ, tại, ở, nhà, trụ sở) and when the number is
not a year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vicorpus.pii import context
from vicorpus.pii.context import words
from vicorpus.pii.spans import PiiKind, Span

_WORD = r"[A-ZÀ-ỸĐ][^\W\d_]*"
_ADDRESS = re.compile(
    r"(?<![\w/.,])(?P<label>(?i:số nhà|số|sn)\s+)?"
    r"(?P<number>\d{1,4}[A-Z]?(?:/\d{1,4}[A-Z]?){0,3})"
    r"(?P<alleys>(?:,?\s+(?i:ngõ|ngách|hẻm|kiệt|ngo|ngach|hem)\s+\d{1,4}[A-Z]?(?:/\d{1,4})*){0,3})"
    r",?\s+(?P<street>(?i:đường|phố|duong|pho)\s+)?"
    rf"{_WORD}(?:\s+{_WORD}){{0,4}}"
)
_CUE = words(r"[đd][ịi]a ch[ỉi]", r"t[ạa]i", r"[ởo]", r"nh[àa]", r"tr[ụu] s[ởo]", r"address")
_YEAR = re.compile(r"(?:19|20)\d\d")


def find_address_spans(text: str) -> Iterator[Span]:
    for match in _ADDRESS.finditer(text):
        marked = match.group("label") or match.group("alleys") or match.group("street") or "/" in match.group("number")
        if not marked and (
            _YEAR.fullmatch(match.group("number")) or not context.before(text, match.start(), _CUE, window=24)
        ):
            continue
        yield Span(match.start(), match.end(), PiiKind.STREET_ADDRESS, match.group())
