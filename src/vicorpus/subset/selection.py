"""Cut a subset out of a finished run's kept documents, by topic and dialect labels.

The subset folder looks like a run folder: ``kept/`` shards (same shard numbers and row
order as the parent, so it is deterministic), ``ledger.json`` (the parent's kept
documents are its input; each is either kept or rejected as ``not_selected``, so the
ledger balances — the unselected documents stay in the parent's ``kept/``),
``manifest.json`` (the parent's, plus a ``select`` stage record and a ``selection``
block naming the parent and its fingerprint) and the release papers, written from the
subset folder alone as for any run.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from vicorpus.errors import ConfigError
from vicorpus.run.layout import read_json, write_json_atomic
from vicorpus.run.shards import ShardWriter
from vicorpus.topic.labels import DOMAIN_LABELS

DIALECT_LABELS = ("northern", "central", "southern", "unknown")
NOT_SELECTED = "not_selected"


@dataclass(frozen=True)
class Selection:
    """Which kept documents go into the subset: every given criterion must hold."""

    domains: tuple[str, ...] = ()
    dialects: tuple[str, ...] = ()
    min_domain_score: float | None = None

    def problems(self) -> list[str]:
        problems = [
            f"--domain: unknown label '{label}'; choose from {', '.join(DOMAIN_LABELS)}"
            for label in self.domains
            if label not in DOMAIN_LABELS
        ]
        problems += [
            f"--dialect: unknown label '{label}'; choose from {', '.join(DIALECT_LABELS)}"
            for label in self.dialects
            if label not in DIALECT_LABELS
        ]
        if self.min_domain_score is not None and not 0.0 <= self.min_domain_score <= 1.0:
            problems.append("--min-domain-score: must be between 0 and 1")
        if not (self.domains or self.dialects or self.min_domain_score is not None):
            problems.append("select: give --domain and/or --dialect (nothing would be selected out)")
        return problems

    def columns(self) -> list[str]:
        needed = ["domain_label"] if self.domains else []
        needed += ["domain_score"] if self.min_domain_score is not None else []
        return needed + (["dialect"] if self.dialects else [])

    def expression(self) -> pl.Expr:
        condition = pl.lit(True)
        if self.domains:
            condition &= pl.col("domain_label").is_in(list(self.domains))
        if self.min_domain_score is not None:
            condition &= pl.col("domain_score") >= self.min_domain_score
        if self.dialects:
            condition &= pl.col("dialect").is_in(list(self.dialects))
        return condition.fill_null(False)

    def settings(self) -> dict[str, Any]:
        return {
            "domains": list(self.domains),
            "dialects": list(self.dialects),
            "min_domain_score": self.min_domain_score,
        }


@dataclass
class SubsetResult:
    subset_dir: Path
    input: int = 0
    kept: int = 0
    by_source: dict[str, Counter[str]] = field(default_factory=dict)
    papers: list[Path] = field(default_factory=list)


def _check(output_dir: Path, subset_dir: Path, selection: Selection, overwrite: bool) -> list[Path]:
    problems = selection.problems()
    if not (output_dir / "manifest.json").is_file() or not (output_dir / "ledger.json").is_file():
        problems.append(f"{output_dir}: no finished vicorpus run (manifest.json and ledger.json are missing)")
    shards = sorted((output_dir / "kept").glob("*.parquet"))
    if output_dir.resolve() == subset_dir.resolve() or output_dir.resolve() in subset_dir.resolve().parents:
        problems.append(f"-o: the subset folder must lie outside the run folder {output_dir}")
    elif subset_dir.exists() and any(subset_dir.iterdir()) and not overwrite:
        problems.append(f"-o: {subset_dir} exists and is not empty; pass --overwrite to replace it")
    if shards and not problems:
        present = set(pq.read_schema(shards[0]).names)
        for column in selection.columns():
            if column not in present:
                stage = "dialect" if column == "dialect" else "domain"
                problems.append(f"{output_dir}: the kept documents have no '{column}' column; run the '{stage}' stage")
    if problems:
        raise ConfigError(problems)
    return shards


def select_subset(output_dir: Path, subset_dir: Path, selection: Selection, *, overwrite: bool = False) -> SubsetResult:
    """Write the subset of ``output_dir``'s kept documents that ``selection`` picks."""
    from vicorpus.release.papers import write_release_papers

    shards = _check(output_dir, subset_dir, selection, overwrite)
    if subset_dir.exists():
        shutil.rmtree(subset_dir)
    started = datetime.now(UTC)
    result = SubsetResult(subset_dir)
    chars = Counter[str]()
    for shard in shards:
        frame = pl.read_parquet(shard)
        chosen = frame.select(selection.expression()).to_series()
        picked = frame.filter(chosen)
        for source, selected in frame.select("source", chosen.alias("chosen")).iter_rows():
            outcome = "kept" if selected else NOT_SELECTED
            result.by_source.setdefault(source, Counter())[outcome] += 1
        chars["in"] += int(frame["text"].str.len_chars().sum() or 0)
        chars["out"] += int(picked["text"].str.len_chars().sum() or 0)
        writer = ShardWriter(subset_dir / "kept" / shard.name, pq.read_schema(shard))
        writer.write(picked)
        writer.close()
        result.input += frame.height
        result.kept += picked.height
    parent_manifest = read_json(output_dir / "manifest.json")
    write_json_atomic(subset_dir / "ledger.json", _ledger(result, read_json(output_dir / "ledger.json")))
    write_json_atomic(
        subset_dir / "manifest.json",
        _manifest(parent_manifest, output_dir, selection, result, chars, started),
    )
    result.papers = write_release_papers(subset_dir)
    return result


def _ledger(result: SubsetResult, parent: dict[str, Any]) -> dict[str, Any]:
    def entry(kept: int, not_selected: int) -> dict[str, Any]:
        return {
            "input": kept + not_selected,
            "kept": kept,
            "rejected": not_selected,
            "duplicates": 0,
            "quarantined": 0,
            "rejected_by_reason": {NOT_SELECTED: not_selected} if not_selected else {},
            "duplicates_by_stage": {},
            "quarantined_by_reason": {},
            "empty_files": 0,
            "balanced": True,
        }

    names = list(parent.get("sources", {})) or sorted(result.by_source)
    sources = {
        name: entry(result.by_source.get(name, Counter())["kept"], result.by_source.get(name, Counter())[NOT_SELECTED])
        for name in names
    }
    return {
        "balanced": True,
        "total": entry(result.kept, result.input - result.kept),
        "sources": sources,
        # Where the input came from: the parent's own ledger accounts for everything else.
        "parent": {"input": parent.get("total", {}).get("input"), "kept": parent.get("total", {}).get("kept")},
    }


def _manifest(
    parent: dict[str, Any],
    output_dir: Path,
    selection: Selection,
    result: SubsetResult,
    chars: Counter[str],
    started: datetime,
) -> dict[str, Any]:
    manifest = dict(parent)
    config = dict(parent.get("config", {}))
    release = dict(config.get("release") or {})
    criteria = ", ".join(
        part
        for part in (
            f"domain_label in {{{', '.join(selection.domains)}}}" if selection.domains else "",
            f"domain_score ≥ {selection.min_domain_score}" if selection.min_domain_score is not None else "",
            f"dialect in {{{', '.join(selection.dialects)}}}" if selection.dialects else "",
        )
        if part
    )
    if release.get("name"):
        release["name"] = f"{release['name']}-subset"
    release["description"] = (
        f"{release.get('description') or ''} Subset of the kept documents where {criteria}; "
        "stage counts before 'select' are those of the parent run."
    ).strip()
    config["release"] = release
    manifest["config"] = config
    record = {
        "label": "select",
        "name": "select",
        "kind": "filter",
        "settings": selection.settings(),
        "thresholds": [],
        "docs_in": result.input,
        "dropped": result.input - result.kept,
        "chars_in": chars["in"],
        "chars_dropped": chars["in"] - chars["out"],
        "chars_out": chars["out"],
        "seconds": round((datetime.now(UTC) - started).total_seconds(), 6),
        "counters": {},
    }
    manifest["stages"] = [*parent.get("stages", []), record]
    manifest["selection"] = {
        "parent": str(output_dir.resolve()),
        "parent_fingerprint": parent.get("config_fingerprint"),
        "criteria": selection.settings(),
        "parent_kept": result.input,
        "selected": result.kept,
    }
    finished = datetime.now(UTC)
    manifest["started_at"] = started.isoformat(timespec="seconds")
    manifest["finished_at"] = finished.isoformat(timespec="seconds")
    manifest["wall_seconds"] = round((finished - started).total_seconds(), 3)
    manifest["outputs"] = [
        {"path": path.relative_to(result.subset_dir).as_posix(), "bytes": path.stat().st_size}
        for path in sorted((result.subset_dir / "kept").glob("*.parquet"))
    ]
    return manifest
