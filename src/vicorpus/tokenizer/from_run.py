"""``train_tokenizer_from_run``: train on a run's kept text, measure fertility on held-out text, write the folder."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
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
from vicorpus.tokenizer.report import FERTILITY_FILE, OURS, TokenizerReport, build_report, write_fertility_json
from vicorpus.tokenizer.training import MAX_VOCAB_SIZE, MIN_VOCAB_SIZE, MODELS, Model

DEFAULT_HELD_OUT_SHARE: Final = 0.02
# Enough text for fertility to settle to 3 digits (a few thousand news articles), small
# enough that eight tokenizers read it in seconds.
DEFAULT_MAX_HELD_OUT_CHARS: Final = 5_000_000
MAX_HELD_OUT_SHARE: Final = 0.5
# Everything the command writes into the tokenizer folder; it replaces a folder that holds nothing else.
TOKENIZER_FILES: Final = (*training.HF_FILES, FERTILITY_FILE)
_LISTED: Final = 5  # foreign entries named in a refusal


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
    then renamed). An existing ``tokenizer_dir`` must be empty, or hold only those files
    and ``overwrite`` be true: a folder holding anything else is never replaced.
    ``baselines``: names from :data:`~vicorpus.tokenizer.baselines.BASELINE_NAMES` to compare
    with, all by default; byte-level is always measured. ConfigError for bad input, including
    a tokenizer folder that cannot be created (checked before training).
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
    measurement = measure(corpus.held_out_batches(shards, split, max_held_out_chars), counters)

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
    files = _write_folder(tokenizer, report, tokenizer_dir, overwrite)
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
    """Before training: the tokenizer folder may be written, and writing it loses nothing but an older tokenizer."""
    if tokenizer_dir == output_dir or output_dir.is_relative_to(tokenizer_dir):
        raise ConfigError([f"{tokenizer_dir}: the tokenizer folder cannot be the run folder or hold it"])
    if tokenizer_dir.is_relative_to(output_dir / "kept"):
        raise ConfigError([f"{tokenizer_dir}: the tokenizer folder cannot be inside the run's kept/ folder"])
    if tokenizer_dir.exists() and not tokenizer_dir.is_dir():
        raise ConfigError([f"{tokenizer_dir}: exists and is not a folder"])
    _check_replaceable(tokenizer_dir, overwrite)
    _check_creatable(tokenizer_dir)


def _check_replaceable(tokenizer_dir: Path, overwrite: bool) -> None:
    """A folder that holds anything but files this command writes is never replaced; a previous
    tokenizer (only those files) is replaced when ``overwrite`` is true."""
    if not tokenizer_dir.is_dir():
        return
    entries = sorted(tokenizer_dir.iterdir())
    foreign = [entry.name for entry in entries if entry.name not in TOKENIZER_FILES or not entry.is_file()]
    if foreign:
        more = len(foreign) - _LISTED
        named = ", ".join(foreign[:_LISTED]) + (f" and {more:,} more" if more > 0 else "")
        raise ConfigError(
            [
                f"{tokenizer_dir}: holds {named}, which train-tokenizer does not write; choose another folder "
                f"(--overwrite replaces only a folder holding nothing but {', '.join(TOKENIZER_FILES)})"
            ]
        )
    if entries and not overwrite:
        raise ConfigError(
            [f"{tokenizer_dir}: holds a tokenizer already; pass --overwrite to replace it, or choose another folder"]
        )


def _check_creatable(tokenizer_dir: Path) -> None:
    """The parent of ``tokenizer_dir`` exists or can be created, and takes a new folder.

    Checked by doing it: the missing parents are created, a temporary sibling is made and
    removed, then the created parents are removed again, so a bad ``-o`` is found before
    training and nothing is left behind.
    """
    parent = tokenizer_dir.parent
    created: list[Path] = []
    try:
        for folder in (*reversed(parent.parents), parent):  # from the root down
            if folder.is_dir():
                continue
            if folder.exists():
                raise ConfigError([f"{tokenizer_dir}: cannot be created, {folder} is not a folder"])
            folder.mkdir()
            created.append(folder)
        Path(tempfile.mkdtemp(prefix=f".{tokenizer_dir.name}.probe-", dir=parent)).rmdir()
    except OSError as error:
        reason = error.strerror or str(error)
        raise ConfigError([f"{tokenizer_dir}: cannot be created in {parent} ({reason})"]) from None
    finally:
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()


def _write_folder(tokenizer: Any, report: TokenizerReport, tokenizer_dir: Path, overwrite: bool) -> list[Path]:
    """Write everything under a temporary sibling name, then rename it into place."""
    tokenizer_dir.parent.mkdir(parents=True, exist_ok=True)
    partial = tokenizer_dir.with_name(f".{tokenizer_dir.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        written = [*training.save_hf(tokenizer, partial), write_fertility_json(report, partial)]
        _check_replaceable(tokenizer_dir, overwrite)  # again: the folder may have changed during training
        _move_into_place(partial, tokenizer_dir)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return [tokenizer_dir / path.name for path in written]


def _move_into_place(partial: Path, tokenizer_dir: Path) -> None:
    """Rename ``partial`` to ``tokenizer_dir``. An existing ``tokenizer_dir`` is set aside first,
    deleted once the new folder is in place, and put back when the rename fails."""
    if not tokenizer_dir.is_dir():
        partial.rename(tokenizer_dir)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{tokenizer_dir.name}.replaced-", dir=tokenizer_dir.parent))
    old = aside / tokenizer_dir.name
    tokenizer_dir.rename(old)
    try:
        partial.rename(tokenizer_dir)
    except BaseException:
        try:
            old.rename(tokenizer_dir)
        except OSError as error:
            raise OSError(
                f"{tokenizer_dir}: the new tokenizer could not be renamed into place, nor the old folder put back; "
                f"the old folder is at {old}"
            ) from error
        aside.rmdir()
        raise
    shutil.rmtree(aside, ignore_errors=True)
