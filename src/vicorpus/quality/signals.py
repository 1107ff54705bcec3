"""Every quality signal of a document, computed in one pass over its tokens and lines.

The signals are numbers, not decisions: filters compare them with thresholds, so a
threshold can be changed without recomputing anything. Names and definitions follow
Gopher (Rae et al. 2021, appendix A.1), FineWeb's quality filter (Penedo et al. 2024)
and C4 (Raffel et al. 2020) as datatrove implements them, counted over syllables
(whitespace tokens) instead of word-tokenizer words; see ``docs/quality.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, fields
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from vicorpus.quality.signal_kernel import COUNT_NAMES, signal_counts
from vicorpus.quality.tokens import TokenizedBatch, tokenize_batch, tokenize_column

SHORT_LINE_CHARS: Final = 30  # FineWeb's short_line_length
# C4's rules on lines (Raffel et al. 2020, section 2.2): words a page of boilerplate has.
C4_POLICY_WORDS: Final = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
    "chính sách bảo mật",
    "điều khoản sử dụng",
    "sử dụng cookie",
)


@dataclass(frozen=True, slots=True)
class QualitySignals:
    """Per-document quality measurements (shares are in [0, 1])."""

    token_count: int  # whitespace tokens
    syllable_count: int  # tokens with a letter or digit ("non-symbol words" in Gopher)
    valid_syllable_share: float  # alphabetic tokens that are Vietnamese syllables
    diacritic_share: float  # alphabetic tokens with Vietnamese marks
    mean_syllable_length: float  # characters per non-symbol token, edge punctuation removed
    alpha_token_share: float  # tokens with at least one letter (Gopher: ≥ 0.8)
    stopwords_fineweb2: int  # distinct FineWeb-2 stop words present (Gopher: ≥ 2)
    stopword_count: int  # occurrences of Vietnamese function syllables
    hash_ratio: float  # "#" per token
    ellipsis_ratio: float  # "..." and "…" per token
    line_count: int  # non-empty lines
    bullet_line_share: float  # lines starting with a bullet (Gopher's count)
    # Lines starting with a bullet that do not end as a sentence (list items): Vietnamese
    # interviews and dialogue open every turn with a dash and end it with ". ? !"
    bullet_list_line_share: float
    ellipsis_line_share: float  # lines ending with an ellipsis
    terminal_punct_line_share: float  # lines ending in terminal punctuation
    short_line_share: float  # lines of at most 30 characters
    newline_ratio: float  # line breaks per token (FineWeb's "list ratio")
    dup_line_char_share_fineweb: float  # chars of repeated non-empty lines / chars without breaks
    dup_line_share: float  # Gopher: repeated lines / lines
    dup_line_char_share: float
    dup_para_share: float
    dup_para_char_share: float
    top_2gram_char_share: float
    top_3gram_char_share: float
    top_4gram_char_share: float
    dup_5gram_char_share: float
    dup_6gram_char_share: float
    dup_7gram_char_share: float
    dup_8gram_char_share: float
    dup_9gram_char_share: float
    dup_10gram_char_share: float
    c4_javascript_lines: int  # lines mentioning javascript (C4 drops such lines)
    c4_policy_lines: int  # lines with cookie/terms/privacy boilerplate
    c4_has_curly_bracket: bool  # C4 drops pages with "{" (code)
    c4_has_lorem_ipsum: bool  # placeholder text

    def as_tuple(self) -> tuple[int | float | bool, ...]:
        return astuple(self)


SIGNAL_NAMES: Final = tuple(field.name for field in fields(QualitySignals))
_BOILERPLATE_WORDS: Final = ("javascript", "lorem ipsum", *C4_POLICY_WORDS)
# The same words for a case-insensitive regex over a column (Rust regex, Unicode simple
# case folding: it matches wherever Python's str.lower() would, and a little more).
BOILERPLATE_PATTERN: Final = "(?i)(?:" + "|".join(re.escape(words) for words in _BOILERPLATE_WORDS) + ")"


def may_hold_boilerplate(text: str) -> bool:
    """Whether ``text`` may have a C4 line (javascript, cookie/terms/privacy words) or
    lorem ipsum: those are counted in Python, for these texts only."""
    lowered = text.lower()
    return any(words in lowered for words in _BOILERPLATE_WORDS)


def _c4_counts(text: str) -> tuple[int, int, bool]:
    """(lines mentioning javascript, lines with policy words, has lorem ipsum)."""
    javascript = policy = 0
    for line in text.split("\n"):
        lowered = line.strip().lower()
        if not lowered:
            continue
        javascript += "javascript" in lowered
        policy += any(words in lowered for words in C4_POLICY_WORDS)
    return javascript, policy, "lorem ipsum" in text.lower()


def _share(part: npt.NDArray[np.int64], whole: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """part / whole, 0 where whole is 0 (float64 division, as Python's ``/``)."""
    shares = np.zeros(part.shape, dtype=np.float64)
    np.divide(part, whole, out=shares, where=whole != 0)
    return shares


def signal_columns(
    texts: Sequence[str], boilerplate: Sequence[bool] | None = None
) -> dict[str, npt.NDArray[np.generic]]:
    """Every signal of every text, as one array per ``SIGNAL_NAMES`` entry.

    ``boilerplate``: per text, whether it may hold C4 boilerplate (``may_hold_boilerplate``
    or a superset of it); None = compute it.
    """
    flags = [may_hold_boilerplate(text) for text in texts] if boilerplate is None else boilerplate
    return _signal_columns(tokenize_batch(texts), texts.__getitem__, flags)


def signal_columns_of(texts: pl.Series) -> dict[str, npt.NDArray[np.generic]]:
    """``signal_columns`` of a string column, read from its Arrow bytes; the texts that may
    hold C4 boilerplate are found column-wise (case-insensitive regex, a superset of
    Python's lower-case matching) and only those are read again in Python."""
    flags = texts.str.contains(BOILERPLATE_PATTERN).fill_null(False).to_list()
    return _signal_columns(tokenize_column(texts), lambda index: texts[index] or "", flags)


def _signal_columns(
    batch: TokenizedBatch, text_of: Callable[[int], str], boilerplate: Sequence[bool]
) -> dict[str, npt.NDArray[np.generic]]:
    documents = len(boilerplate)
    matrix = signal_counts(
        batch.buffer,
        batch.doc_offsets,
        batch.classes,
        batch.token_offsets,
        batch.word_length,
        batch.word_hash,
        batch.codes,
        batch.newlines,
        batch.line_offsets,
    )
    count = {name: matrix[:, index] for index, name in enumerate(COUNT_NAMES)}
    length = np.maximum(count["length"], 1)
    tokens = count["token_count"]
    lines = count["line_count"]
    javascript = np.zeros(documents, dtype=np.int64)
    policy = np.zeros(documents, dtype=np.int64)
    lorem = np.zeros(documents, dtype=bool)
    for index, flagged in enumerate(boilerplate):
        if flagged:
            javascript[index], policy[index], lorem[index] = _c4_counts(text_of(index))
    fineweb2 = count["fineweb2_mask"]
    stopwords = sum(((fineweb2 >> number) & 1 for number in range(1, 14)), np.zeros_like(fineweb2))
    columns: dict[str, npt.NDArray[np.generic]] = {
        "token_count": tokens,
        "syllable_count": count["syllable_count"],
        "valid_syllable_share": _share(count["valid"], count["alphabetic"]),
        "diacritic_share": _share(count["marked"], count["alphabetic"]),
        "mean_syllable_length": _share(count["word_chars"], count["syllable_count"]),
        "alpha_token_share": _share(count["alpha_tokens"], tokens),
        "stopwords_fineweb2": stopwords,
        "stopword_count": count["stopword_count"],
        "hash_ratio": _share(count["hashes"], tokens),
        "ellipsis_ratio": _share(count["ellipses"], tokens),
        "line_count": lines,
        "bullet_line_share": _share(count["bullet_lines"], lines),
        "bullet_list_line_share": _share(count["bullet_lines"] - count["bullet_sentence_lines"], lines),
        "ellipsis_line_share": _share(count["ellipsis_lines"], lines),
        "terminal_punct_line_share": _share(count["terminal_lines"], lines),
        "short_line_share": _share(count["short_lines"], lines),
        "newline_ratio": _share(count["newlines"], tokens),
        "dup_line_char_share_fineweb": _share(
            count["fineweb_repeated_line_chars"], count["length"] - count["newlines"]
        ),
        "dup_line_share": _share(count["gopher_repeated_lines"], np.maximum(count["gopher_lines"], 1)),
        "dup_line_char_share": _share(count["gopher_repeated_line_chars"], length),
        "dup_para_share": _share(count["gopher_repeated_paragraphs"], np.maximum(count["gopher_paragraphs"], 1)),
        "dup_para_char_share": _share(count["gopher_repeated_paragraph_chars"], length),
        **{f"top_{n}gram_char_share": _share(count[f"top_{n}gram_chars"], length) for n in (2, 3, 4)},
        **{f"dup_{n}gram_char_share": _share(count[f"dup_{n}gram_chars"], length) for n in range(5, 11)},
        "c4_javascript_lines": javascript,
        "c4_policy_lines": policy,
        "c4_has_curly_bracket": count["curly"] > 0,
        "c4_has_lorem_ipsum": lorem,
    }
    return {name: columns[name] for name in SIGNAL_NAMES}


def quality_signals(text: str) -> QualitySignals:
    """All quality signals of ``text`` (best on normalized text: NFC, tidy whitespace)."""
    columns = signal_columns([text])
    return QualitySignals(*(column[0].item() for column in columns.values()))
