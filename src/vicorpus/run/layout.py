"""Where a run keeps its outputs and its working state, and how files are committed.

Every file is written under a temporary name and renamed into place; a task's
done-marker is written last. A task without a marker is redone from scratch on
resume, and because tasks are deterministic, redoing one rewrites the same bytes.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

OUTPUT_BUCKETS = ("kept", "rejected", "duplicates", "quarantine")
# Files a run writes at its end besides the buckets: statistics and release papers.
RUN_FILES = (
    "ledger.json",
    "manifest.json",
    "README.md",
    "croissant.json",
    "eu_training_content_summary.json",
    "eu_training_content_summary.md",
    "licenses.json",
    "optouts.json",
    "pii.json",
    "report.html",
)
PARTIAL_SUFFIX = ".partial"


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def state(self) -> Path:
        return self.root / ".vicorpus"

    @property
    def run_file(self) -> Path:
        return self.state / "run.json"

    def bucket(self, name: str) -> Path:
        return self.root / name

    def shard(self, bucket: str, task: int) -> Path:
        return self.root / bucket / f"part-{task:05d}.parquet"

    def intermediate(self, round_index: int, task: int) -> Path:
        return self.state / f"round-{round_index}" / f"task-{task:05d}.parquet"

    def signatures(self, stage_index: int, partition: int, task: int) -> Path:
        return self.state / f"global-{stage_index}" / "signatures" / f"p{partition:04d}" / f"task-{task:05d}.parquet"

    def signature_dir(self, stage_index: int, partition: int) -> Path:
        return self.state / f"global-{stage_index}" / "signatures" / f"p{partition:04d}"

    def assignments(self, stage_index: int, partition: int) -> Path:
        return self.state / f"global-{stage_index}" / "assignments" / f"p{partition:04d}.parquet"

    def edges(self, stage_index: int, partition: int) -> Path:
        return self.state / f"global-{stage_index}" / "edges" / f"p{partition:04d}.parquet"

    def edge_dir(self, stage_index: int) -> Path:
        return self.state / f"global-{stage_index}" / "edges"

    def assignment_dir(self, stage_index: int) -> Path:
        return self.state / f"global-{stage_index}" / "assignments"

    def marker(self, phase: str, item: int) -> Path:
        return self.state / "done" / phase / f"{item:05d}.json"

    def is_vicorpus_output(self) -> bool:
        return self.run_file.exists()

    def clear(self) -> None:
        """Remove what a run writes (and nothing else) from the output folder.

        Done-markers go first and ``run.json`` last, so that a clear interrupted
        half-way leaves a folder that resumes by redoing everything, never one whose
        markers promise shards that are gone.
        """
        self.forget_done()
        for name in OUTPUT_BUCKETS:
            shutil.rmtree(self.root / name, ignore_errors=True)
        for name in RUN_FILES:
            (self.root / name).unlink(missing_ok=True)
            partial_path(self.root / name).unlink(missing_ok=True)
        if self.state.exists():
            for child in self.state.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                elif child != self.run_file:
                    child.unlink()

    def forget_done(self) -> None:
        shutil.rmtree(self.state / "done", ignore_errors=True)

    def outputs_missing(self) -> bool:
        """True when a done-marker lists an output shard that no longer exists."""
        for marker in (self.state / "done").glob("*/*.json"):
            outputs = read_json(marker).get("outputs", {})
            if any(not (self.root / path).exists() for path in outputs):
                return True
        return False

    def clear_partials(self) -> None:
        for folder in (*(self.root / b for b in OUTPUT_BUCKETS), self.state):
            if folder.exists():
                for partial in folder.rglob(f"*{PARTIAL_SUFFIX}"):
                    partial.unlink(missing_ok=True)
        for name in RUN_FILES:  # a paper or statistics file cut short
            partial_path(self.root / name).unlink(missing_ok=True)

    def drop_intermediates(self) -> None:
        """After a finished run: the round and signature files are no longer needed."""
        for child in self.state.glob("round-*"):
            shutil.rmtree(child, ignore_errors=True)
        for child in self.state.glob("global-*"):
            shutil.rmtree(child, ignore_errors=True)


def partial_path(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL_SUFFIX)


def commit(partial: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    partial.replace(final)


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = partial_path(path)
    tmp.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    tmp.replace(path)


def read_json(path: Path) -> Any:
    return orjson.loads(path.read_bytes())
