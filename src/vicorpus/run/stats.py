"""Counts a task reports back, saved in its done-marker and summed into the ledger."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class StageStats:
    """Documents and characters into a stage, dropped by it, and left after it (a
    transform such as normalize or redact_pii changes the characters of kept rows)."""

    docs_in: int = 0
    dropped: int = 0
    seconds: float = 0.0
    counters: Counter[str] = field(default_factory=Counter)
    chars_in: int = 0
    chars_dropped: int = 0
    chars_out: int = 0

    def add(self, other: StageStats) -> None:
        self.docs_in += other.docs_in
        self.dropped += other.dropped
        self.seconds += other.seconds
        self.counters.update(other.counters)
        self.chars_in += other.chars_in
        self.chars_dropped += other.chars_dropped
        self.chars_out += other.chars_out

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs_in": self.docs_in,
            "dropped": self.dropped,
            "chars_in": self.chars_in,
            "chars_dropped": self.chars_dropped,
            "chars_out": self.chars_out,
            "seconds": round(self.seconds, 6),
            "counters": dict(sorted(self.counters.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StageStats:
        return cls(
            data["docs_in"],
            data["dropped"],
            data["seconds"],
            Counter(data["counters"]),
            data.get("chars_in", 0),
            data.get("chars_dropped", 0),
            data.get("chars_out", 0),
        )


@dataclass
class TaskStats:
    """What one task of one phase saw and did."""

    task: int
    source: str
    input: int = 0
    input_bytes: int = 0
    empty_files: int = 0
    quarantined: Counter[str] = field(default_factory=Counter)
    kept: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    duplicates: Counter[str] = field(default_factory=Counter)
    stages: dict[str, StageStats] = field(default_factory=dict)
    seconds: float = 0.0

    def stage(self, label: str) -> StageStats:
        return self.stages.setdefault(label, StageStats())

    def add(self, other: TaskStats) -> None:
        self.input += other.input
        self.input_bytes += other.input_bytes
        self.empty_files += other.empty_files
        self.quarantined.update(other.quarantined)
        self.kept += other.kept
        self.rejected.update(other.rejected)
        self.duplicates.update(other.duplicates)
        for label, stats in other.stages.items():
            self.stage(label).add(stats)
        self.seconds += other.seconds

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "source": self.source,
            "input": self.input,
            "input_bytes": self.input_bytes,
            "empty_files": self.empty_files,
            "quarantined": dict(sorted(self.quarantined.items())),
            "kept": self.kept,
            "rejected": dict(sorted(self.rejected.items())),
            "duplicates": dict(sorted(self.duplicates.items())),
            "stages": {label: s.to_dict() for label, s in self.stages.items()},
            "seconds": round(self.seconds, 6),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaskStats:
        return cls(
            task=data["task"],
            source=data["source"],
            input=data["input"],
            input_bytes=data["input_bytes"],
            empty_files=data["empty_files"],
            quarantined=Counter(data["quarantined"]),
            kept=data["kept"],
            rejected=Counter(data["rejected"]),
            duplicates=Counter(data["duplicates"]),
            stages={k: StageStats.from_dict(v) for k, v in data["stages"].items()},
            seconds=data["seconds"],
        )
