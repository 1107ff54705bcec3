"""The run ledger: proof that every input record ended in exactly one place.

``input = kept + rejected + duplicates + quarantined``, per source and in total.
The counts on the right come from rows actually written to the output shards; the
input count comes from the readers. A run whose ledger does not balance fails.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from vicorpus.run.stats import TaskStats


@dataclass
class LedgerEntry:
    input: int = 0
    kept: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    duplicates: Counter[str] = field(default_factory=Counter)
    quarantined: Counter[str] = field(default_factory=Counter)
    empty_files: int = 0

    @property
    def balanced(self) -> bool:
        accounted = self.kept + sum(self.rejected.values()) + sum(self.duplicates.values())
        return self.input == accounted + sum(self.quarantined.values())

    def add(self, stats: TaskStats) -> None:
        self.input += stats.input
        self.kept += stats.kept
        self.rejected.update(stats.rejected)
        self.duplicates.update(stats.duplicates)
        self.quarantined.update(stats.quarantined)
        self.empty_files += stats.empty_files

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "kept": self.kept,
            "rejected": sum(self.rejected.values()),
            "duplicates": sum(self.duplicates.values()),
            "quarantined": sum(self.quarantined.values()),
            "rejected_by_reason": dict(sorted(self.rejected.items())),
            "duplicates_by_stage": dict(sorted(self.duplicates.items())),
            "quarantined_by_reason": dict(sorted(self.quarantined.items())),
            "empty_files": self.empty_files,
            "balanced": self.balanced,
        }


@dataclass
class Ledger:
    sources: dict[str, LedgerEntry]
    total: LedgerEntry

    @classmethod
    def from_task_stats(cls, source_names: list[str], stats: list[TaskStats]) -> Ledger:
        sources = {name: LedgerEntry() for name in source_names}
        total = LedgerEntry()
        for item in stats:
            sources[item.source].add(item)
            total.add(item)
        return cls(sources, total)

    @property
    def balanced(self) -> bool:
        return self.total.balanced and all(entry.balanced for entry in self.sources.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "balanced": self.balanced,
            "total": self.total.to_dict(),
            "sources": {name: entry.to_dict() for name, entry in self.sources.items()},
        }
