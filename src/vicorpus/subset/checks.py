"""What ``vicorpus select`` checks before it reads a document: the run folder, the
subset folder (never the run, inside it or above it; replaced only when it holds a
previous subset), and every kept shard's columns."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from vicorpus.errors import ConfigError
from vicorpus.run.layout import read_json

# Columns every kept shard has and the subset needs: ids and texts for the papers, the
# source for the per-source ledger.
REQUIRED_COLUMNS = ("id", "text", "source")
_STAGE_OF = {"dialect": "dialect", "domain_label": "domain", "domain_score": "domain"}


def is_subset_folder(folder: Path) -> bool:
    """True for a folder ``vicorpus select`` wrote (its manifest names a parent run)."""
    try:
        return "selection" in read_json(folder / "manifest.json")
    except (OSError, ValueError, TypeError):
        return False


def _target_problems(output_dir: Path, subset_dir: Path, overwrite: bool) -> list[str]:
    run, target = output_dir.resolve(), subset_dir.resolve()
    if target == run or run in target.parents:
        return [f"-o: the subset folder must lie outside the run folder {output_dir}"]
    if target in run.parents:
        return [f"-o: {subset_dir} contains the run folder {output_dir}; choose a folder beside it"]
    if target.exists() and not target.is_dir():
        return [f"-o: {subset_dir} is a file, not a folder"]
    if target.is_dir() and any(target.iterdir()):
        if not is_subset_folder(target):
            return [f"-o: {subset_dir} is not empty and holds no subset written by vicorpus select; choose another"]
        if not overwrite:
            return [f"-o: {subset_dir} holds an earlier subset; pass --overwrite to replace it"]
    parent = target.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        return [f"-o: cannot create {subset_dir}: {parent} is not a writable folder"]
    return []


def check_request(output_dir: Path, subset_dir: Path, needed_columns: list[str], overwrite: bool) -> list[Path]:
    """The run's kept shards, or ConfigError listing every problem."""
    problems: list[str] = []
    if not (output_dir / "manifest.json").is_file() or not (output_dir / "ledger.json").is_file():
        raise ConfigError(f"{output_dir}: no finished vicorpus run (manifest.json and ledger.json are missing)")
    problems += _target_problems(output_dir, subset_dir, overwrite)
    shards = sorted((output_dir / "kept").glob("*.parquet"))
    for shard in shards:
        try:
            present = set(pq.read_schema(shard).names)
        except (OSError, pa.ArrowException) as error:
            problems.append(f"{shard}: not a readable Parquet file ({error})")
            continue
        for column in (*REQUIRED_COLUMNS, *needed_columns):
            if column not in present:
                problems.append(
                    f"{output_dir}: the kept documents have no '{column}' column; run the '{_STAGE_OF[column]}' stage"
                    if column in _STAGE_OF
                    else f"{shard}: no '{column}' column; not a kept shard of a vicorpus run"
                )
        if problems:
            break  # one shard's problems say enough
    if problems:
        raise ConfigError(sorted(set(problems), key=problems.index))
    return shards
