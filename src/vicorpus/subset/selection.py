"""Cut a subset out of a finished run's kept documents, by topic and dialect labels.

The subset folder looks like a run folder: ``kept/`` shards (same shard numbers and row
order as the parent, so it is deterministic), ``ledger.json`` — the parent's, with each
kept document either still kept or rejected as ``not_selected``, so it balances and
still says what the run dropped — ``manifest.json`` (the parent's, plus a ``select``
stage record and a ``selection`` block naming the parent and its fingerprint) and the
release papers, written from the subset folder alone as for any run. The unselected
documents stay in the parent's ``kept/``; the parent's dropped documents in its
``rejected/``, ``duplicates/`` and ``quarantine/``.
"""

from __future__ import annotations

import copy
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from vicorpus.dialect import REGIONS, UNKNOWN
from vicorpus.errors import ConfigError
from vicorpus.run.layout import read_json, write_json_atomic
from vicorpus.run.shards import ShardWriter
from vicorpus.subset.checks import check_request
from vicorpus.topic.labels import DOMAIN_LABELS

DIALECT_LABELS = (*REGIONS, UNKNOWN)
NOT_SELECTED = "not_selected"
SELECT_SUMMARY = "Keep the documents whose labels match (vicorpus select); the others stay in the parent run's kept/."
# Rows per batch read from a kept shard: bounded memory whatever the shard's size.
_BATCH_ROWS = 20_000


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

    def description(self) -> str:
        parts = [
            f"domain_label in {{{', '.join(self.domains)}}}" if self.domains else "",
            f"domain_score ≥ {self.min_domain_score}" if self.min_domain_score is not None else "",
            f"dialect in {{{', '.join(self.dialects)}}}" if self.dialects else "",
        ]
        return " and ".join(part for part in parts if part)


@dataclass
class SubsetResult:
    subset_dir: Path
    input: int = 0
    kept: int = 0
    by_source: dict[str, Counter[str]] = field(default_factory=dict)
    chars_in: int = 0
    chars_out: int = 0
    papers: list[Path] = field(default_factory=list)


def select_subset(output_dir: Path, subset_dir: Path, selection: Selection, *, overwrite: bool = False) -> SubsetResult:
    """Write the subset of ``output_dir``'s kept documents that ``selection`` picks.

    Everything is checked before a document is read (ConfigError); the subset is built
    in a temporary folder beside ``subset_dir`` and moved into place when complete.
    """
    # Imported here: the release package imports the stage registry, which the CLI
    # should not pay for when it only checks arguments.
    from vicorpus.release.papers import write_release_papers

    problems = selection.problems()
    if problems:
        raise ConfigError(problems)
    shards = check_request(output_dir, subset_dir, selection.columns(), overwrite)
    started = datetime.now(UTC)
    parent_ledger = read_json(output_dir / "ledger.json")
    building = subset_dir.with_name(f".{subset_dir.name}.partial-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    try:
        result = _write_shards(shards, building / "kept", selection, SubsetResult(subset_dir))
        _check_against_parent(result, parent_ledger, output_dir)
        write_json_atomic(building / "ledger.json", _ledger(result, parent_ledger))
        parent_manifest = read_json(output_dir / "manifest.json")
        manifest = _manifest(parent_manifest, output_dir, selection, result, started, building / "kept")
        write_json_atomic(building / "manifest.json", manifest)
        _move_into_place(building, subset_dir)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    result.papers = write_release_papers(subset_dir)
    return result


def _write_shards(shards: list[Path], kept_dir: Path, selection: Selection, result: SubsetResult) -> SubsetResult:
    for shard in shards:
        parquet = pq.ParquetFile(shard)
        writer = ShardWriter(kept_dir / shard.name, parquet.schema_arrow)
        try:
            for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
                frame = pl.from_arrow(batch)
                assert isinstance(frame, pl.DataFrame)
                frame = frame.with_columns(selection.expression().alias("_chosen"))
                picked = frame.filter(pl.col("_chosen")).drop("_chosen")
                counts = frame.group_by("source", "_chosen").len().iter_rows()
                for source, chosen, count in counts:
                    outcome = "kept" if chosen else NOT_SELECTED
                    result.by_source.setdefault(str(source), Counter())[outcome] += int(count)
                result.chars_in += int(frame["text"].str.len_chars().sum() or 0)
                result.chars_out += int(picked["text"].str.len_chars().sum() or 0)
                writer.write(picked)
                result.input += frame.height
                result.kept += picked.height
            writer.close()
        except BaseException:
            writer.abort()
            raise
    return result


def _check_against_parent(result: SubsetResult, parent: dict[str, Any], output_dir: Path) -> None:
    """The kept shards must hold what the run's ledger says it kept, per source."""
    read = {source: sum(counts.values()) for source, counts in result.by_source.items()}
    expected = {name: int(entry.get("kept", 0)) for name, entry in parent.get("sources", {}).items()}
    read_total, expected_total = result.input, int(parent.get("total", {}).get("kept", -1))
    if read_total != expected_total or any(read.get(name, 0) != kept for name, kept in expected.items()):
        raise ConfigError(
            f"{output_dir}: kept/ holds {read_total:,} documents but the run's ledger says {expected_total:,} kept "
            "(or the per-source counts differ); the run folder is incomplete or was changed after the run"
        )
    if set(read) - set(expected):
        raise ConfigError(
            f"{output_dir}: kept/ holds sources the run's ledger does not know: {sorted(set(read) - set(expected))}"
        )


def _move_into_place(building: Path, subset_dir: Path) -> None:
    """Replace an earlier subset (checked before) only once the new one is complete."""
    replaced = subset_dir.with_name(f".{subset_dir.name}.replaced-{os.getpid()}")
    if subset_dir.exists():
        subset_dir.rename(replaced)
    try:
        building.rename(subset_dir)
    except OSError:
        if replaced.exists():
            replaced.rename(subset_dir)
        raise
    shutil.rmtree(replaced, ignore_errors=True)


def _ledger(result: SubsetResult, parent: dict[str, Any]) -> dict[str, Any]:
    """The parent's ledger with ``kept`` split into kept and ``not_selected``: it balances,
    and what the run rejected, deduplicated and quarantined stays on record."""

    def entry(counts: dict[str, Any], kept: int, not_selected: int) -> dict[str, Any]:
        entry: dict[str, Any] = copy.deepcopy(counts) if counts else {"input": 0, "rejected": 0, "duplicates": 0}
        entry.setdefault("quarantined", 0)
        entry["kept"] = kept
        entry["rejected"] = int(entry.get("rejected", 0)) + not_selected
        reasons = dict(entry.get("rejected_by_reason", {}))
        if not_selected:
            reasons[NOT_SELECTED] = not_selected
        entry["rejected_by_reason"] = dict(sorted(reasons.items()))
        accounted = kept + entry["rejected"] + int(entry.get("duplicates", 0)) + int(entry.get("quarantined", 0))
        entry["balanced"] = int(entry.get("input", 0)) == accounted
        return entry

    parent_sources = parent.get("sources", {})
    sources = {}
    for name in [*parent_sources, *sorted(set(result.by_source) - set(parent_sources))]:
        counts = result.by_source.get(name, Counter())
        sources[name] = entry(parent_sources.get(name, {}), counts["kept"], counts[NOT_SELECTED])
    total = entry(parent.get("total", {}), result.kept, result.input - result.kept)
    balanced = total["balanced"] and all(source["balanced"] for source in sources.values())
    return {"balanced": balanced, "total": total, "sources": sources}


def _manifest(
    parent: dict[str, Any],
    output_dir: Path,
    selection: Selection,
    result: SubsetResult,
    started: datetime,
    kept_dir: Path,
) -> dict[str, Any]:
    manifest = copy.deepcopy(parent)
    config = manifest.setdefault("config", {})
    release = dict(config.get("release") or {})
    release["name"] = f"{release['name']}-subset" if release.get("name") else f"{result.subset_dir.name}"
    release["description"] = (
        f"{release.get('description') or ''} Subset of the kept documents where {selection.description()}."
    ).strip()
    config["release"] = release
    record = {
        "label": "select",
        "name": "select",
        "kind": "filter",
        "summary": SELECT_SUMMARY,
        "settings": selection.settings(),
        "thresholds": [],
        "docs_in": result.input,
        "dropped": result.input - result.kept,
        "chars_in": result.chars_in,
        "chars_dropped": result.chars_in - result.chars_out,
        "chars_out": result.chars_out,
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
        {"path": f"kept/{path.name}", "bytes": path.stat().st_size} for path in sorted(kept_dir.glob("*.parquet"))
    ]
    return manifest
