"""What a training run measured, returned as a dataclass and written as ``fertility.json``.

``fertility.json`` holds no timing and no absolute path, so the whole tokenizer folder is
byte-identical when the same run is trained again with the same settings.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from vicorpus.tokenizer.baselines import MissingBaseline
from vicorpus.tokenizer.fertility import Fertility, Measurement, TextUnits, saving_percent

OURS = "ours"
FERTILITY_FILE = "fertility.json"


@dataclass(frozen=True)
class TokenizerScore:
    """One tokenizer on the held-out text; ``saving_percent``: how many fewer tokens ours needs, in % of this one's."""

    name: str
    description: str
    vocab_size: int
    tokens: int
    tokens_per_syllable: float | None
    tokens_per_word: float | None
    tokens_per_1k_chars: float | None
    saving_percent: float | None

    @classmethod
    def of(cls, name: str, description: str, vocab_size: int, fertility: Fertility, ours_tokens: int) -> TokenizerScore:
        saving = None if name == OURS else saving_percent(ours_tokens, fertility.tokens)
        return cls(
            name,
            description,
            vocab_size,
            fertility.tokens,
            fertility.tokens_per_syllable,
            fertility.tokens_per_word,
            fertility.tokens_per_1k_chars,
            saving,
        )


@dataclass(frozen=True)
class HeldOutText:
    documents: int
    chars: int
    syllables: int
    words: int
    vietnamese_syllable_share: float

    @classmethod
    def of(cls, units: TextUnits) -> HeldOutText:
        return cls(units.documents, units.chars, units.syllables, units.words, units.vietnamese_syllable_share)


@dataclass(frozen=True)
class TokenizerReport:
    tokenizer_dir: Path
    model: str
    vocab_size_requested: int
    vocab_size: int  # what training reached (a small corpus may not fill the vocabulary)
    settings: dict[str, Any]
    training_documents: int
    training_chars: int
    held_out: HeldOutText
    ours: TokenizerScore
    baselines: list[TokenizerScore]  # byte-level first, then the general-purpose ones found
    missing: list[MissingBaseline] = field(default_factory=list)
    training_seconds: float = 0.0
    files: list[Path] = field(default_factory=list)

    def baseline(self, name: str) -> TokenizerScore:
        return next(score for score in self.baselines if score.name == name)

    def to_json(self) -> dict[str, Any]:
        """The content of ``fertility.json``."""
        return {
            "model": self.model,
            "vocab_size_requested": self.vocab_size_requested,
            "vocab_size": self.vocab_size,
            "settings": self.settings,
            "training": {"documents": self.training_documents, "chars": self.training_chars},
            "held_out": asdict(self.held_out),
            "units": {
                "syllable": "letter run (vicorpus.vietnamese.syllables.syllables), NFC",
                "word": "whitespace-separated chunk holding a letter or a digit",
                "saving_percent": "100 * (their tokens - our tokens) / their tokens, same held-out text",
            },
            "tokenizers": [asdict(self.ours), *map(asdict, self.baselines)],
            "missing_baselines": [asdict(item) for item in self.missing],
        }


def build_report(
    measurement: Measurement,
    described: dict[str, tuple[str, int]],
    **fields: Any,
) -> TokenizerReport:
    """Scores for every counter of ``measurement``; ``described``: name -> (description, vocab size)."""
    ours_tokens = measurement.tokens[OURS]
    scores = [
        TokenizerScore.of(name, *described[name], measurement.fertility(name), ours_tokens)
        for name in measurement.tokens
    ]
    return TokenizerReport(
        held_out=HeldOutText.of(measurement.units),
        ours=scores[0],
        baselines=scores[1:],
        **fields,
    )


def write_fertility_json(report: TokenizerReport, folder: Path) -> Path:
    path = folder / FERTILITY_FILE
    path.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
