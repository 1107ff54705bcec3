"""``vicorpus train-tokenizer``: train a tokenizer on a run's kept text and print its fertility."""

from __future__ import annotations

from pathlib import Path

from vicorpus.errors import ConfigError
from vicorpus.tokenizer import MODELS, TokenizerReport, TokenizerScore, train_tokenizer_from_run


def train_tokenizer_command(
    output_dir: Path, tokenizer_dir: Path, vocab_size: int, model: str, overwrite: bool
) -> TokenizerReport:
    """Train and write ``tokenizer_dir``; ConfigError (exit code 2) for bad input. ``model`` in any case."""
    chosen = next((name for name in MODELS if name == model.lower()), None)
    if chosen is None:
        raise ConfigError([f"--model {model!r}: choose {' or '.join(MODELS)}"])
    return train_tokenizer_from_run(output_dir, tokenizer_dir, vocab_size=vocab_size, model=chosen, overwrite=overwrite)


def _number(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _row(score: TokenizerScore, name_width: int) -> str:
    saving = "" if score.saving_percent is None else f"{score.saving_percent:+.1f} %"
    return (
        f"  {score.name:<{name_width}}  {score.vocab_size:>8,}  {_number(score.tokens_per_syllable):>10}"
        f"  {_number(score.tokens_per_word):>9}  {_number(score.tokens_per_1k_chars, 1):>12}  {saving:>11}"
    )


def format_report(report: TokenizerReport) -> list[str]:
    """Human-readable lines: the tokenizer, the held-out text, one row per tokenizer, what is missing."""
    held = report.held_out
    scores = [report.ours, *report.baselines]
    width = max(len(score.name) for score in scores)
    lines = [
        f"tokenizer: {report.tokenizer_dir} ({report.model.upper()}, {report.vocab_size:,} tokens; "
        f"trained on {report.training_documents:,} documents, {report.training_chars:,} characters, "
        f"in {report.training_seconds:.1f} s)",
        f"held out: {held.documents:,} documents, {held.chars:,} characters, {held.syllables:,} syllables "
        f"({held.vietnamese_syllable_share:.0%} Vietnamese), {held.words:,} words",
        f"  {'tokenizer':<{width}}  {'vocab':>8}  {'tok/syll':>10}  {'tok/word':>9}  {'tok/1k char':>12}  "
        f"{'ours saves':>11}",
        *(_row(score, width) for score in scores),
    ]
    lines.extend(f"  not compared: {item.name} ({item.reason})" for item in report.missing)
    return lines
