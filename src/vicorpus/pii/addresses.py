"""Street addresses with a house number (off by default: names of streets and places are
not personal on their own, and the pattern is the least precise of the kinds).

Forms: "số 12 ngõ 34 phố Huế", "123/4 Nguyễn Trãi", "số nhà 56, đường Lê Lợi",
"hẻm 45 Trần Hưng Đạo", "ĐC: 14 Đào Tấn": an optional "số (nhà)" or alley word, a house
number (digits, an optional letter, "/" parts), more alley numbers, an optional street
word (đường, phố) and a street name of capitalised words (two or more unless a street
word names it: "phố Huế"). Without a "số"/alley/street word the number must follow an
address cue (địa chỉ, ĐC, tại, ở, trú, ngụ, đến, a dash or a bullet) and must not be a
date ("5/7/2016"), a year or a legal reference ("khoản 2 Điều 5").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vicorpus.pii import context
from vicorpus.pii.context import words
from vicorpus.pii.spans import PiiKind, Span

_ALLEY = r"(?i:ngõ|ngách|hẻm|kiệt|ngo|ngach|hem)"
_ADDRESS = re.compile(
    rf"(?:(?P<label>(?i:số nhà|số|sn)|{_ALLEY})\s+)?"
    r"(?P<number>\d{1,4}[A-Z]?(?:/\d{1,4}[A-Z]?){0,2})(?![\w/])"
    rf"(?P<alleys>(?:,?[ \t]+{_ALLEY}[ \t]+\d{{1,4}}[A-Z]?(?:/\d{{1,4}})*)*)"
    # The name is looked at, not consumed: "SN 1985, ở 24 Hàng Muối" must still reach "24".
    r"(?=,?[ \t]+(?P<street>(?i:đường|phố|duong|pho)[ \t]+)?(?P<name>\w+(?:[ \t]+\w+){0,4}))"
)
_CUE = words(
    r"[đd][ịi]a ch[ỉi]", r"đc", r"t[ạa]i", r"[ởo]", r"tr[úu]", r"ng[ụu]", r"đ[ếe]n", r"tr[ụu] s[ởo]", r"address"
)
_CUE_MARK = re.compile(r"(?:^|[-•:–*]|\s(?:và|and))\s*$")
# Words right before a number that make it something else: "khoản 2", "ngã 3", "Km 1522".
_NOT_HOUSE = re.compile(
    r"(?i:khoản|điều|điểm|chương|mục|ngã|km|tuổi|phòng|lúc|ngày|tháng|năm|quận|phường|lần|số lượng|top|u)[ \t]*$"
)
_DATE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?")
_YEAR = re.compile(r"(?:19|20)\d\d")
# Capitalised words that follow a number without being a street: legal references,
# time words, administrative units, units.
_NOT_STREET = frozenset(
    [
        "Điều",
        "Khoản",
        "Điểm",
        "Chương",
        "Mục",
        "Ngày",
        "Tháng",
        "Năm",
        "Quận",
        "Phường",
        "Huyện",
        "Xã",
        "Tỉnh",
        "Thành",
        "Tp",
        "Tin",
        "Km",
        "Giờ",
    ]
)


def _street_words(name: str) -> list[str]:
    """The leading capitalised words of ``name`` ("Trần Quang Khải, Hà Nội" → 3 words)."""
    taken: list[str] = []
    for word in name.split():
        if not (word[0].isupper() and (len(word) == 1 or word[1:].islower())) or word in _NOT_STREET:
            break
        taken.append(word)
    return taken


def find_address_spans(text: str) -> Iterator[Span]:
    for match in _ADDRESS.finditer(text):
        start = match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/.,+-–"):
            continue
        named = _street_words(match.group("name"))
        street_word = match.group("street") is not None
        if not named or (len(named) < 2 and not street_word):
            continue
        number = match.group("number")
        marked = match.group("label") or match.group("alleys") or street_word
        if not marked:
            if _DATE.fullmatch(number) or _YEAR.fullmatch(number):
                continue
            head = text[max(0, start - 24) : start]
            if _NOT_HOUSE.search(head):
                continue
            if not (context.before(text, start, _CUE, window=24) or _CUE_MARK.search(head)):
                continue
        end = match.start("name")
        for word in named:
            end = text.index(word, end) + len(word)
        yield Span(start, end, PiiKind.STREET_ADDRESS, text[start:end])
