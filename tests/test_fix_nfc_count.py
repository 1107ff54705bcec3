"""The NFC step of ``fix_text_with_report`` and of the ``normalize`` stage on text that is
not NFC: the text comes back in NFC and the report counts the step (``nfc`` = 1) exactly
when the input was not NFC, on the short path (nothing else to repair) and on the full one.

``fix`` normalizes once, without checking first (the check of NFD text costs as much as
the normalization); these tests hold the count that check gave."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest

from conftest import news_and_wiki_texts
from vicorpus.stages.standardize.normalize import Normalize
from vicorpus.vietnamese.fix import fix_text_with_report

# What sends a line down the full repair path without touching its letters: a soft hyphen
# before the first letter (removed as an invisible), a character reference (decoded).
_REPAIR_PREFIXES = ("\u00ad", "&amp; ")


@pytest.fixture(scope="module")
def nfc_lines() -> list[str]:
    lines = [line for text in news_and_wiki_texts(80) for line in text.split("\n")]
    marked = [line for line in lines if unicodedata.normalize("NFD", line) != line]
    assert len(marked) > 100
    return marked[:300]


@pytest.mark.parametrize("prefix", ["", *_REPAIR_PREFIXES])
def test_a_line_that_is_not_nfc_is_counted_once(nfc_lines: list[str], prefix: str) -> None:
    for line in nfc_lines:
        as_is, as_is_report = fix_text_with_report(prefix + line)
        decomposed, report = fix_text_with_report(prefix + unicodedata.normalize("NFD", line))
        assert decomposed == as_is
        assert unicodedata.is_normalized("NFC", decomposed)
        assert (as_is_report.nfc, report.nfc) == (0, 1)


def test_texts_of_many_lines_are_counted_once(nfc_lines: list[str]) -> None:
    for start in range(0, len(nfc_lines) - 5, 5):
        lines = nfc_lines[start : start + 5]
        text = "\n".join(lines)
        mixed = "\n".join(unicodedata.normalize("NFD", line) if index % 2 else line for index, line in enumerate(lines))
        mixed = _REPAIR_PREFIXES[start % 2] + mixed
        fixed, report = fix_text_with_report(mixed)
        assert fixed == fix_text_with_report(_REPAIR_PREFIXES[start % 2] + text)[0]
        assert report.nfc == 1


def test_the_stage_counts_documents_that_are_not_nfc(nfc_lines: list[str]) -> None:
    texts = ["\n".join(nfc_lines[start : start + 3]) for start in range(0, 60, 3)]
    decomposed = [unicodedata.normalize("NFD", text) if index % 2 else text for index, text in enumerate(texts)]
    batch = pl.DataFrame({"text": decomposed})
    out = Normalize()(batch)
    assert out["fix_nfc"].to_list() == [index % 2 for index in range(len(texts))]
    assert out["text"].to_list() == Normalize()(pl.DataFrame({"text": texts}))["text"].to_list()
