"""Shared test helpers: running the CLI, writing pipelines, finding shared data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(relative: str) -> Path:
    """A file under ../shared/data; fails under CI=true when it is missing, else skips."""
    path = SHARED_DATA / relative
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared test data missing in CI: {path}")
        pytest.skip(f"shared test data not available: {path}")
    return path


def run_cli(*args: str | Path, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``python -m vicorpus ARGS`` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "vicorpus", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def write_pipeline(folder: Path, config: dict[str, Any], name: str = "pipeline.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def read_rows(folder: Path) -> list[dict[str, Any]]:
    """All rows of all Parquet shards in a folder, in shard order."""
    rows: list[dict[str, Any]] = []
    for shard in sorted(folder.glob("*.parquet")):
        rows.extend(pq.read_table(shard).to_pylist())
    return rows


def output_bytes(out: Path) -> dict[str, bytes]:
    """Every output shard's bytes, keyed by relative path (what must be deterministic)."""
    files = {}
    for bucket in ("kept", "rejected", "duplicates", "quarantine"):
        for shard in sorted((out / bucket).glob("*.parquet")):
            files[shard.relative_to(out).as_posix()] = shard.read_bytes()
    return files
