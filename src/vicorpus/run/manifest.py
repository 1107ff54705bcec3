"""``manifest.json``: what ran, on what, with which versions, and how long it took."""

from __future__ import annotations

import hashlib
import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from vicorpus.pipeline import Pipeline
from vicorpus.readers.planning import InputFile
from vicorpus.run.stats import StageStats

_PACKAGES = ("vicorpus", "polars", "pyarrow", "pydantic", "xxhash", "orjson", "zstandard")


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "unknown"
    return versions


def file_digest(path: str) -> str | None:
    try:
        with Path(path).open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def build_manifest(
    pipeline: Pipeline,
    fingerprint: str,
    files: list[InputFile],
    digests: dict[str, str | None],
    stage_stats: dict[str, StageStats],
    phases: dict[str, dict[str, Any]],
    workers: int,
    outputs: list[dict[str, Any]],
) -> dict[str, Any]:
    stages = []
    for stage_label, stage in pipeline.labelled_stages():
        stats = stage_stats.get(stage_label, StageStats())
        stages.append(
            {
                "label": stage_label,
                "name": stage.name,
                "kind": str(stage.kind),
                "settings": stage.settings(),
                # What the stage drops by, so the papers need no stage rebuilt from settings.
                "thresholds": [
                    {"column": t.column, "limit": t.limit, "op": t.op, "reason": t.reason} for t in stage.thresholds()
                ],
                **stats.to_dict(),
            }
        )
    return {
        "vicorpus_manifest": 1,
        "versions": package_versions(),
        "command": sys.argv,
        "config": pipeline.to_dict(),
        "config_fingerprint": fingerprint,
        "inputs": [
            {"source": f.source, "path": f.relpath, "bytes": f.size, "sha256": digests.get(f.path)} for f in files
        ],
        "stages": stages,
        "phases": phases,
        "workers": workers,
        "outputs": outputs,
    }
