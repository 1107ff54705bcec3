"""Fertility: how many tokens a tokenizer spends per syllable, per word and per 1,000 characters.

Units, counted on the held-out text as stored (NFC in a vicorpus run):

- **syllable**: a letter run, as :func:`vicorpus.vietnamese.syllables.syllables` finds it
  (NFC, letters only: digits, punctuation and spaces separate runs). In Vietnamese text a
  letter run is one written syllable (``người``); a word of another script (``Facebook``)
  counts as one. ``vietnamese_syllable_share`` says how many runs are valid Vietnamese
  syllables, so a reader knows how Vietnamese the held-out text is.
- **word**: a whitespace-separated chunk with at least one letter or digit, i.e. the
  chunks left once punctuation is stripped from their ends (``(Hà``, ``8,5``, ``COVID-19``
  are words; a lone ``–`` is not). Vietnamese writes compound words as several syllables
  (``Việt Nam``, ``thủ đô``), so "word" here is the orthographic word, which for
  Vietnamese is the syllable plus numbers. A segmenter's word (``Việt_Nam``) is counted
  by the benchmark, not here, to keep the runtime free of model dependencies.

Every token the tokenizer emits for the text counts (punctuation, digits, spaces), the
usual definition of fertility (subword tokens per word: Rust et al., "How Good is Your
Tokenizer?", ACL 2021).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Final

from vicorpus.vietnamese.syllables import is_valid_syllable, syllables

# A batch of texts -> the number of tokens the tokenizer gives for all of them.
TokenCounter = Callable[[list[str]], int]

_HAS_LETTER_OR_DIGIT: Final = re.compile(r"[^\W_]")


def count_words(text: str) -> int:
    """Whitespace-separated chunks that hold a letter or a digit."""
    return sum(1 for chunk in text.split() if _HAS_LETTER_OR_DIGIT.search(chunk))


@dataclass
class TextUnits:
    """Characters, syllables and words of the held-out text."""

    documents: int = 0
    chars: int = 0
    syllables: int = 0
    vietnamese_syllables: int = 0
    words: int = 0

    def add(self, text: str) -> None:
        runs = syllables(text)
        self.documents += 1
        self.chars += len(text)
        self.syllables += len(runs)
        self.vietnamese_syllables += sum(map(is_valid_syllable, runs))
        self.words += count_words(text)

    @property
    def vietnamese_syllable_share(self) -> float:
        return self.vietnamese_syllables / self.syllables if self.syllables else 0.0


@dataclass(frozen=True)
class Fertility:
    tokens: int
    tokens_per_syllable: float | None
    tokens_per_word: float | None
    tokens_per_1k_chars: float | None

    @classmethod
    def of(cls, tokens: int, units: TextUnits) -> Fertility:
        return cls(
            tokens,
            tokens / units.syllables if units.syllables else None,
            tokens / units.words if units.words else None,
            1000 * tokens / units.chars if units.chars else None,
        )


def saving_percent(ours: int, theirs: int) -> float | None:
    """How many fewer tokens ours needs than theirs on the same text, in % of theirs."""
    return 100 * (theirs - ours) / theirs if theirs else None


@dataclass
class Measurement:
    units: TextUnits = field(default_factory=TextUnits)
    tokens: dict[str, int] = field(default_factory=dict)

    def fertility(self, name: str) -> Fertility:
        return Fertility.of(self.tokens[name], self.units)


def measure(batches: Iterable[list[str]], counters: dict[str, TokenCounter]) -> Measurement:
    """Count the units of every text and the tokens every counter gives, batch by batch."""
    result = Measurement(tokens=dict.fromkeys(counters, 0))
    for texts in batches:
        for text in texts:
            result.units.add(text)
        for name, count in counters.items():
            result.tokens[name] += count(texts)
    return result
