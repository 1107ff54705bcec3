"""What a finished run knows, gathered from its output folder alone: the manifest, the
ledger, the pipeline's sources and release block, the kept shards with their digests,
and the corpus statistics of :mod:`vicorpus.release.corpus_stats`.

Every release paper is written from one ``RunFacts``, so ``vicorpus report`` can
rewrite them later from the folder (no pipeline file needed).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from vicorpus.config.release import ReleaseInfo
from vicorpus.config.source import Source
from vicorpus.errors import ConfigError
from vicorpus.release.corpus_stats import corpus_stats
from vicorpus.run.layout import read_json
from vicorpus.stages.registry import STAGES

# Marks a field only a person can fill; every paper uses the same words.
TO_BE_FILLED = "[to be filled by the dataset maintainers]"
TO_BE_FILLED_BY_PROVIDER = "[to be filled by the model provider]"


@dataclass(frozen=True)
class ShardFile:
    path: str  # relative to the output folder, POSIX separators
    bytes: int
    sha256: str
    rows: int


@dataclass
class RunFacts:
    root: Path
    manifest: dict[str, Any]
    ledger: dict[str, Any]
    sources: list[Source]
    release: ReleaseInfo
    kept_files: list[ShardFile]
    stats: dict[str, Any]

    @property
    def name(self) -> str:
        return self.release.name or _machine_name(self.root.name)

    @property
    def pretty_name(self) -> str:
        return self.release.pretty_name or self.name

    @property
    def stages(self) -> list[dict[str, Any]]:
        """The manifest's stage records: label, name, kind, settings, counts, timings."""
        return list(self.manifest.get("stages", []))

    @property
    def finished_at(self) -> str:
        return str(self.manifest.get("finished_at") or "")

    def stage_labels(self, name: str) -> list[str]:
        return [record["label"] for record in self.stages if record["name"] == name]

    def kind_of(self, source: Source) -> str:
        return source.kind or "other"


def load_run_facts(root: Path) -> RunFacts:
    """Facts of the finished run in ``root``; ConfigError when it is no finished run."""
    manifest_path, ledger_path = root / "manifest.json", root / "ledger.json"
    if not manifest_path.exists() or not ledger_path.exists():
        raise ConfigError(f"{root} holds no finished vicorpus run (manifest.json and ledger.json are missing)")
    manifest = read_json(manifest_path)
    ledger = read_json(ledger_path)
    config = manifest.get("config", {})
    sources = [Source(**source) for source in config.get("sources", [])]
    release = ReleaseInfo(**(config.get("release") or {}))
    kept_files = [_shard_file(root, path) for path in sorted((root / "kept").glob("*.parquet"))]
    thresholds = _thresholds(manifest)
    crawled = tuple(source.name for source in sources if source.kind == "crawled")
    stats = corpus_stats(root, thresholds, crawled, ledger.get("total"))
    return RunFacts(root, manifest, ledger, sources, release, kept_files, stats)


def _thresholds(manifest: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Thresholds per column, as the manifest recorded them; a manifest from before they
    were recorded: from the stage class without re-validating its settings (a validator
    may read a file that is gone, and the papers are written from the folder alone)."""
    by_column: dict[str, list[dict[str, Any]]] = {}
    for record in manifest.get("stages", []):
        recorded = record.get("thresholds")
        if recorded is None:
            cls = STAGES.get(record.get("name", ""))
            if cls is None:
                continue
            try:
                stage = cls.model_construct(**record.get("settings", {}))
                recorded = [vars(t) for t in stage.thresholds()]
            except Exception:  # settings of another version: no thresholds drawn, nothing else lost
                recorded = []
        for threshold in recorded:
            by_column.setdefault(threshold["column"], []).append(
                {k: threshold[k] for k in ("limit", "op", "reason")} | {"stage": record.get("label", "")}
            )
    return by_column


def _shard_file(root: Path, path: Path) -> ShardFile:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    rows = pq.ParquetFile(path).metadata.num_rows
    return ShardFile(path.relative_to(root).as_posix(), path.stat().st_size, digest, rows)


def _machine_name(folder: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in folder).strip("-.")
    return cleaned or "vicorpus-dataset"
