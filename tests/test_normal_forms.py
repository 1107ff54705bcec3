"""``normal_form_relevant`` looks closer only at the code points ``marked_or_decomposable``
finds in bulk; the definition looks at every code point. Both must give the same list."""

from __future__ import annotations

import unicodedata

import pytest

from vicorpus.text.normal_forms import marked_or_decomposable, normal_form_relevant, relevant_among


def _every_code_point(end: int) -> tuple[int, ...]:
    return (*range(min(end, 0xD800)), *range(0xE000, end))


@pytest.mark.parametrize("end", [0x80, 0x300, 0x370, 0x1E00, 0xAC01, 0x30000, 0x110000])
def test_marked_or_decomposable_is_every_such_code_point(end: int) -> None:
    expected = tuple(
        code
        for code in _every_code_point(end)
        if unicodedata.combining(chr(code)) or unicodedata.decomposition(chr(code))
    )
    assert marked_or_decomposable(end) == expected


@pytest.mark.parametrize("form", ["NFC", "NFKC"])
@pytest.mark.parametrize("end", [0x300, 0x30000])
def test_normal_form_relevant_equals_the_definition(form: str, end: int) -> None:
    assert normal_form_relevant(form, end) == relevant_among(form, end, _every_code_point(end))  # type: ignore[arg-type]
