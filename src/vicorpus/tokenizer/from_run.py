"""``train_tokenizer_from_run``: train on a run's kept text, measure fertility on held-out text, write the folder."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from vicorpus.errors import ConfigError
from vicorpus.tokenizer import corpus, training
from vicorpus.tokenizer.backend import require_tokenizers
from vicorpus.tokenizer.baselines import BASELINE_NAMES, byte_level, load_baselines
from vicorpus.tokenizer.fertility import TokenCounter, measure
from vicorpus.tokenizer.pretokenize import PATTERN
from vicorpus.tokenizer.report import OURS, TokenizerReport, build_report, write_fertility_json
from vicorpus.tokenizer.training import MAX_VOCAB_SIZE, MIN_VOCAB_SIZE, MODELS, Model

DEFAULT_HELD_OUT_SHARE: Final = 0.02
# Enough text for fertility to settle to 3 digits (a few thousand news articles), small
# enough that eight tokenizers read it in seconds.
DEFAULT_MAX_HELD_OUT_CHARS: Final = 5_000_000
MAX_HELD_OUT_SHARE: Final = 0.5


def train_tokenizer_from_run(
    output_dir: Path,
    tokenizer_dir: Path,
    *,
    vocab_size: int,
    model: Model = "bpe",
    held_out_share: float = DEFAULT_HELD_OUT_SHARE,
    max_held_out_chars: int = DEFAULT_MAX_HELD_OUT_CHARS,
    baselines: Sequence[str] | None = None,
    overwrite: bool = False,
) -> TokenizerReport:
    """Train a tokenizer on the kept text of the finished run in ``output_dir``.

    Writes ``tokenizer.json``, ``tokenizer_config.json``, ``special_tokens_map.json`` and
    ``fertility.json`` into ``tokenizer_dir`` (all at once: built under a temporary name,
    then renamed). ``baselines``: names from :data:`~vicorpus.tokenizer.baselines.BASELINE_NAMES`
    to compare with, all by default; byte-level is always measured. ConfigError for bad input.
    """
    _check_settings(vocab_size, model, held_out_share, max_held_out_chars)
    unknown = sorted(set(baselines or ()) - set(BASELINE_NAMES))
    if unknown:
        raise ConfigError([f"unknown baseline(s) {', '.join(unknown)}: choose from {', '.join(BASELINE_NAMES)}"])
    output_dir, tokenizer_dir = output_dir.resolve(), tokenizer_dir.resolve()
    _check_target(output_dir, tokenizer_dir, overwrite)
    shards = corpus.kept_shards(output_dir)
    require_tokenizers()  # before any text is read
    split = corpus.plan_split(shards, held_out_share)

    started = time.perf_counter()
    trained = corpus.TextTally()
    tokenizer = training.train(corpus.training_batches(shards, split, trained), vocab_size=vocab_size, model=model)
    seconds = time.perf_counter() - started
    if trained.chars == 0:
        raise ConfigError([f"{output_dir / 'kept'}: the kept documents hold no text to train on"])

    found, missing = load_baselines(baselines)
    compared = [byte_level(), *found]
    counters: dict[str, TokenCounter] = {OURS: _counter(tokenizer)}
    described = {OURS: (f"this run's {model.upper()}", int(tokenizer.get_vocab_size()))}
    for baseline in compared:
        counters[baseline.name] = baseline.count
        described[baseline.name] = (baseline.description, baseline.vocab_size)
    held_out = corpus.TextTally()
    measurement = measure(corpus.held_out_batches(shards, split, max_held_out_chars, held_out), counters)

    report = build_report(
        measurement,
        described,
        tokenizer_dir=tokenizer_dir,
        model=model,
        vocab_size_requested=vocab_size,
        vocab_size=int(tokenizer.get_vocab_size()),
        settings={
            "held_out_share": held_out_share,
            "max_held_out_chars": max_held_out_chars,
            "held_out_rule": "xxh64(id, seed 0) < held_out_share * 2**64",
            "pre_tokenization_pattern": PATTERN,
            "normalization": "NFC",
            "special_tokens": list(training.SPECIAL_TOKENS),
        },
        training_documents=trained.documents,
        training_chars=trained.chars,
        missing=missing,
        training_seconds=seconds,
    )
    files = _write_folder(tokenizer, report, tokenizer_dir)
    return replace(report, files=files)


def _counter(tokenizer: Any) -> TokenCounter:
    def count(texts: list[str]) -> int:
        return sum(len(encoding.ids) for encoding in tokenizer.encode_batch(texts, add_special_tokens=False))

    return count


def _check_settings(vocab_size: int, model: str, held_out_share: float, max_held_out_chars: int) -> None:
    problems = []
    if model not in MODELS:
        problems.append(f"model {model!r}: choose {' or '.join(MODELS)}")
    if not MIN_VOCAB_SIZE <= vocab_size <= MAX_VOCAB_SIZE:
        problems.append(
            f"vocab size {vocab_size:,}: choose {MIN_VOCAB_SIZE:,} to {MAX_VOCAB_SIZE:,} "
            f"(the 256 byte symbols and {len(training.SPECIAL_TOKENS)} special tokens come first)"
        )
    if not 0 < held_out_share <= MAX_HELD_OUT_SHARE:
        problems.append(f"held-out share {held_out_share}: choose more than 0 and at most {MAX_HELD_OUT_SHARE}")
    if max_held_out_chars < 1:
        problems.append(f"max held-out characters {max_held_out_chars}: choose at least 1")
    if problems:
        raise ConfigError(problems)


def _check_target(output_dir: Path, tokenizer_dir: Path, overwrite: bool) -> None:
    if tokenizer_dir == output_dir or output_dir.is_relative_to(tokenizer_dir):
        raise ConfigError([f"{tokenizer_dir}: the tokenizer folder cannot be the run folder or hold it"])
    if tokenizer_dir.is_relative_to(output_dir / "kept"):
        raise ConfigError([f"{tokenizer_dir}: the tokenizer folder cannot be inside the run's kept/ folder"])
    if tokenizer_dir.exists() and not tokenizer_dir.is_dir():
        raise ConfigError([f"{tokenizer_dir}: exists and is not a folder"])
    if tokenizer_dir.is_dir() and any(tokenizer_dir.iterdir()) and not overwrite:
        raise ConfigError([f"{tokenizer_dir}: exists and is not empty; choose another folder or ask to overwrite it"])


def _write_folder(tokenizer: Any, report: TokenizerReport, tokenizer_dir: Path) -> list[Path]:
    """Write everything under a temporary sibling name, then rename it into place."""
    tokenizer_dir.parent.mkdir(parents=True, exist_ok=True)
    partial = tokenizer_dir.with_name(f".{tokenizer_dir.name}.partial-{os.getpid()}")
    replaced = tokenizer_dir.with_name(f".{tokenizer_dir.name}.replaced-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        names = [path.name for path in training.save_hf(tokenizer, partial)]
        names.append(write_fertility_json(report, partial).name)
        if tokenizer_dir.is_dir():
            tokenizer_dir.rename(replaced)  # _check_target allowed it: empty, or overwrite asked
        partial.rename(tokenizer_dir)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(replaced, ignore_errors=True)
    return [tokenizer_dir / name for name in names]
