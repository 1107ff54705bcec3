"""The quality signals written plainly in Python: the specification the compiled batch
version (:mod:`vicorpus.quality.signals`) is tested against, on real and generated text.

Slow (about 1.5 ms per news article, token by token and line by line), so the pipeline
never calls it; read it to know what a signal means.
"""

from __future__ import annotations

from collections import Counter

from vicorpus.quality.repetition import duplicated_elements, duplicated_lines_and_paragraphs, ngram_repetition
from vicorpus.quality.signal_kernel import MAX_CREDIT_CHARS
from vicorpus.quality.signals import C4_POLICY_WORDS, SHORT_LINE_CHARS, QualitySignals
from vicorpus.quality.words import (
    ALPHABETIC,
    BULLETS,
    CLOSERS,
    CODES,
    FINEWEB2,
    FUNCTION,
    HAS_ALPHA,
    MARKED,
    TERMINAL_PUNCTUATION,
    TOKENS,
    VALID,
    WORDS,
)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _credited_sentence(stripped: str) -> bool:
    """A sentence followed by a short credit in brackets: "… bị thương. (AFP)"."""
    opening = stripped.rfind("(")
    if not stripped.endswith(")") or opening < 0 or len(stripped) - opening > MAX_CREDIT_CHARS:
        return False
    end = stripped[:opening].rstrip().rstrip(CLOSERS)
    return bool(end) and end[-1] in TERMINAL_PUNCTUATION


def _line_signals(text: str) -> tuple[int, float, float, float, float, float, float, int, int]:
    lines = [line for line in text.split("\n") if line.strip()]
    count = len(lines)
    bullets = list_items = ellipses = terminal = short = javascript = policy = 0
    for line in lines:
        stripped = line.strip()
        if stripped.endswith(("...", "…")):
            ellipses += 1
        end = stripped.rstrip(CLOSERS)
        sentence = bool(end) and end[-1] in TERMINAL_PUNCTUATION
        terminal += sentence
        if stripped.startswith(BULLETS):
            bullets += 1
            list_items += not sentence and not _credited_sentence(stripped)
        if len(line) <= SHORT_LINE_CHARS:
            short += 1
        lowered = stripped.lower()
        if "javascript" in lowered:
            javascript += 1
        if any(words in lowered for words in C4_POLICY_WORDS):
            policy += 1
    _, repeated_chars = duplicated_elements(lines)
    chars_without_breaks = len(text) - text.count("\n")
    return (
        count,
        _share(bullets, count),
        _share(list_items, count),
        _share(ellipses, count),
        _share(terminal, count),
        _share(short, count),
        _share(repeated_chars, chars_without_breaks),
        javascript,
        policy,
    )


def reference_signals(text: str) -> QualitySignals:
    """All quality signals of ``text``, computed the plain way (the specification of
    :func:`vicorpus.quality.signals.quality_signals`)."""
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
        lines[5],
        _share(text.count("\n"), token_count),
        lines[6],
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
        lines[7],
        lines[8],
        "{" in text,
        "lorem ipsum" in text.lower(),
    )
