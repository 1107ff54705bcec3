"""Language of a document: Vietnamese first, by its own evidence; the rest by py3langid.

Order of decisions:
1. no letters at all → ``und``;
2. code or markup (a high share of ``{}[]<>;=/\\_$|&*#`` among the non-space
   characters, or of tokens shaped like code: ``langid.code``), and not Vietnamese
   prose → ``code``;
3. Vietnamese with diacritics, then without (``vi_no_diacritics``), from the syllable
   evidence of ``langid.vietnamese`` — fast, and robust on short and mixed text where
   character n-gram models confuse unaccented Vietnamese with Tagalog or Indonesian;
4. anything else → the general model (``langid.general``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from vicorpus.langid import vietnamese
from vicorpus.langid.code import looks_like_code
from vicorpus.langid.general import classify
from vicorpus.langid.kernel import evidence_counts
from vicorpus.langid.vietnamese import VietnameseEvidence
from vicorpus.quality.tokens import TokenizedBatch, tokenize_batch, tokenize_column


@dataclass(frozen=True, slots=True)
class LanguageResult:
    language: str  # ISO 639-1 code (ISO 639-3 where there is none), "code" or "und"
    score: float  # confidence in [0, 1]
    vi_no_diacritics: bool  # Vietnamese typed without diacritics
    vi_line_share: float  # share of line characters in Vietnamese lines


_LINE_THRESHOLDS: Final = np.array(
    [
        vietnamese.MIN_MARKED_SHARE,
        vietnamese.MAX_PLAIN_MARKED_SHARE,
        vietnamese.MIN_PLAIN_VALID_SHARE,
        vietnamese.MIN_PLAIN_FUNCTION_SHARE,
        vietnamese.MIN_ALL_SYLLABLE_TOKENS,
    ],
    dtype=np.float64,
)


def _decide(text_of: Callable[[], str], evidence: VietnameseEvidence, line_share: float | None) -> LanguageResult:
    """The decision of ``analyze`` from the evidence; the text itself is read only when
    the evidence is not enough (no letters among the tokens, or not Vietnamese)."""
    if evidence.alphabetic == 0 and not any(character.isalpha() for character in text_of()):
        return LanguageResult("und", 0.0, False, 0.0)
    if evidence.is_vietnamese():
        return LanguageResult("vi", evidence.score(), False, 1.0 if line_share is None else line_share)
    text = text_of()
    if looks_like_code(text):
        return LanguageResult("code", 1.0, False, 0.0 if line_share is None else line_share)
    if evidence.is_unaccented_vietnamese():
        return LanguageResult("vi", evidence.score(), True, 1.0 if line_share is None else line_share)
    language, probability = classify(text)
    if line_share is None:  # one line: in Vietnamese exactly when the document is
        line_share = 1.0 if language == "vi" else 0.0
    return LanguageResult(language, probability, False, line_share)


@dataclass(frozen=True, slots=True)
class LanguageColumns:
    """``LanguageResult`` of every document of a batch, as columns."""

    language: list[str]
    score: npt.NDArray[np.float64]
    vi_no_diacritics: npt.NDArray[np.bool_]
    vi_line_share: npt.NDArray[np.float64]

    def results(self) -> list[LanguageResult]:
        columns = (self.language, self.score.tolist(), self.vi_no_diacritics.tolist(), self.vi_line_share.tolist())
        return [LanguageResult(*row) for row in zip(*columns, strict=True)]


def _analyze_tokens(batch: TokenizedBatch, text_of: Callable[[int], str]) -> LanguageColumns:
    counts = evidence_counts(
        batch.doc_offsets,
        batch.token_offsets,
        batch.word_start,
        batch.codes,
        batch.newlines,
        batch.line_offsets,
        _LINE_THRESHOLDS,
        vietnamese.MIN_LINE_TOKENS,
    )
    alphabetic, marked, only, lines, counted, in_vietnamese = (counts[:, column] for column in (0, 2, 5, 6, 7, 8))
    # Most documents are plainly Vietnamese (``VietnameseEvidence.is_vietnamese``): their
    # results are computed column-wise, with the same float operations as ``_decide``.
    with np.errstate(divide="ignore", invalid="ignore"):
        marked_share = np.where(alphabetic > 0, marked / alphabetic, 0.0)
        line_share = np.where(counted > 0, in_vietnamese / counted, 0.0)
    line_share[lines == 1] = 1.0
    plainly = (alphabetic > 0) & (marked_share >= vietnamese.MIN_MARKED_SHARE) & (only > 0)
    columns = LanguageColumns(
        ["vi"] * len(counts),
        np.minimum(1.0, marked_share / vietnamese.FULL_SCORE_MARKED_SHARE),
        np.zeros(len(counts), dtype=np.bool_),
        line_share,
    )
    for index in np.flatnonzero(~plainly).tolist():
        row = counts[index].tolist()
        evidence = VietnameseEvidence(*row[:6])
        result = _decide(partial(text_of, index), evidence, None if row[6] == 1 else float(line_share[index]))
        columns.language[index] = result.language
        columns.score[index] = result.score
        columns.vi_no_diacritics[index] = result.vi_no_diacritics
        columns.vi_line_share[index] = result.vi_line_share
    return columns


def analyze_batch(texts: Sequence[str]) -> list[LanguageResult]:
    """``analyze`` of every text; the Vietnamese evidence of all of them in one compiled pass."""
    return _analyze_tokens(tokenize_batch(texts), texts.__getitem__).results()


def analyze_column(texts: pl.Series) -> LanguageColumns:
    """``analyze_batch`` of a string column, as columns, read from its Arrow bytes (a
    document's text becomes a Python string only when its evidence is not enough)."""
    return _analyze_tokens(tokenize_column(texts), lambda index: texts[index] or "")


def analyze(text: str) -> LanguageResult:
    """Language, confidence, the no-diacritics flag and the Vietnamese line share."""
    return analyze_batch([text])[0]


def reference_analyze(text: str) -> LanguageResult:
    """``analyze`` with the evidence counted in plain Python (the specification)."""
    evidence, line_share = vietnamese.document_evidence(text)
    return _decide(lambda: text, evidence, line_share)


def identify(text: str) -> tuple[str, float]:
    """``(language, score)``: ISO 639-1 code ("vi", "en", …), "code" or "und"."""
    result = analyze(text)
    return result.language, result.score
