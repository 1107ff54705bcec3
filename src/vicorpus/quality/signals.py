"""Every quality signal of a document, computed in one pass over its tokens and lines.

The signals are numbers, not decisions: filters compare them with thresholds, so a
threshold can be changed without recomputing anything. Names and definitions follow
Gopher (Rae et al. 2021, appendix A.1), FineWeb's quality filter (Penedo et al. 2024)
and C4 (Raffel et al. 2020) as datatrove implements them, counted over syllables
(whitespace tokens) instead of word-tokenizer words; see ``docs/quality.md``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple, dataclass, fields
from typing import Final

from vicorpus.quality.repetition import duplicated_elements, duplicated_lines_and_paragraphs, ngram_repetition
from vicorpus.quality.words import (
    ALPHABETIC,
    CODES,
    FINEWEB2,
    FUNCTION,
    HAS_ALPHA,
    MARKED,
    TOKENS,
    VALID,
    WORDS,
)

# Characters that end a sentence, for "lines ending in terminal punctuation" (a line
# may close a quotation or bracket after it: «… hết.» , (xem trên.)).
TERMINAL_PUNCTUATION: Final = ".!?…。！？‼⁇⁈⁉"
_CLOSERS: Final = "\"'”’»)]"
# Bullets that start list lines (Gopher counts "•" and "-"; web text also uses these).
BULLETS: Final = ("•", "-", "–", "—", "*", "·", "●", "▪", "►", "+", "✓", "✔")
SHORT_LINE_CHARS: Final = 30  # FineWeb's short_line_length
# C4's rules on lines (Raffel et al. 2020, section 2.2): words a page of boilerplate has.
_C4_POLICY_WORDS: Final = (
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
    bullet_line_share: float  # lines starting with a bullet
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


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _line_signals(text: str) -> tuple[int, float, float, float, float, float, int, int]:
    lines = [line for line in text.split("\n") if line.strip()]
    count = len(lines)
    bullets = ellipses = terminal = short = javascript = policy = 0
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(BULLETS):
            bullets += 1
        if stripped.endswith(("...", "…")):
            ellipses += 1
        end = stripped.rstrip(_CLOSERS)
        if end and end[-1] in TERMINAL_PUNCTUATION:
            terminal += 1
        if len(line) <= SHORT_LINE_CHARS:
            short += 1
        lowered = stripped.lower()
        if "javascript" in lowered:
            javascript += 1
        if any(words in lowered for words in _C4_POLICY_WORDS):
            policy += 1
    _, repeated_chars = duplicated_elements(lines)
    chars_without_breaks = len(text) - text.count("\n")
    return (
        count,
        _share(bullets, count),
        _share(ellipses, count),
        _share(terminal, count),
        _share(short, count),
        _share(repeated_chars, chars_without_breaks),
        javascript,
        policy,
    )


def quality_signals(text: str) -> QualitySignals:
    """All quality signals of ``text`` (best on normalized text: NFC, tidy whitespace)."""
    tokens = text.split()
    token_count = len(tokens)
    words = list(filter(None, map(WORDS.__getitem__, tokens)))  # in C: no per-token Python
    syllable_count = len(words)
    alpha = alphabetic = valid = marked = stop_count = 0
    fineweb2 = False
    for code, count in Counter(map(CODES.__getitem__, tokens)).items():
        alpha += count if code & HAS_ALPHA else 0
        alphabetic += count if code & ALPHABETIC else 0
        valid += count if code & VALID else 0
        marked += count if code & MARKED else 0
        stop_count += count if code & FUNCTION else 0
        fineweb2 = fineweb2 or bool(code & FINEWEB2)
    # Which of FineWeb-2's stop words occur (Gopher counts distinct ones): rare lookups.
    present = {TOKENS[token].fineweb2_stopword for token in set(tokens)} - {None} if fineweb2 else set()
    word_chars = sum(map(len, words))
    lines = _line_signals(text)
    dup_lines = duplicated_lines_and_paragraphs(text)
    top, dup = ngram_repetition(words, len(text))
    return QualitySignals(
        token_count,
        syllable_count,
        _share(valid, alphabetic),
        _share(marked, alphabetic),
        _share(word_chars, syllable_count),
        _share(alpha, token_count),
        len(present),
        stop_count,
        _share(text.count("#"), token_count),
        _share(text.count("...") + text.count("…"), token_count),
        lines[0],
        lines[1],
        lines[2],
        lines[3],
        lines[4],
        _share(text.count("\n"), token_count),
        lines[5],
        *dup_lines,
        top[0],
        top[1],
        top[2],
        dup[0],
        dup[1],
        dup[2],
        dup[3],
        dup[4],
        dup[5],
        lines[6],
        lines[7],
        "{" in text,
        "lorem ipsum" in text.lower(),
    )
