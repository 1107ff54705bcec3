"""The Ray executor's contract: the same pipeline on Ray writes the same bytes as on the
local executor, resumes the same way, and vicorpus runs without Ray installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, count_files, kill_when, output_bytes, run_cli, shared_data, write_pipeline
from vicorpus.errors import ConfigError
from vicorpus.pipeline import Pipeline
from vicorpus.run import ray_executor

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A local Ray cluster with 2 CPUs, shared by the tests of this module."""
    if not ray_executor.ray_available():
        if os.environ.get("CI") == "true":
            pytest.fail("Ray is not installed in CI (make installs the [ray] extra)")
        pytest.skip("Ray is not installed (pip install 'vicorpus[ray]')")
    import ray

    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        object_store_memory=256 * 1024 * 1024,
        runtime_env={"env_vars": {"POLARS_MAX_THREADS": "1"}},
    )
    yield
    ray.shutdown()


def _run_both(pipeline: Pipeline, tmp_path: Path) -> tuple[Path, Path]:
    local, on_ray = tmp_path / "local", tmp_path / "ray"
    pipeline.run(local, workers=2)
    pipeline.run(on_ray, workers=2, executor="ray")
    return local, on_ray


def _same_output(local: Path, on_ray: Path) -> None:
    assert output_bytes(on_ray) == output_bytes(local)
    assert (on_ray / "ledger.json").read_bytes() == (local / "ledger.json").read_bytes()


def _news_and_wiki(tmp_path: Path) -> dict[str, Any]:
    """Real news (with planted re-crawls) and Wikipedia text, cut into many small tasks."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(shared_data("baomoi-news-2017/baomoi_news_sample500.jsonl"), data / "news.jsonl")
    shutil.copy(shared_data("viwiki-undertheseanlp/viwiki_sample200.jsonl"), data / "wiki.jsonl")
    with (data / "news.jsonl").open("a", encoding="utf-8") as news:  # exact copies for exact_dedup
        news.writelines((data / "news.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)[:40])
    return {
        "sources": [
            {"name": "news", "format": "jsonl", "path": str(data / "news.jsonl"), "kind": "crawled"},
            {"name": "wiki", "format": "jsonl", "path": str(data / "wiki.jsonl"), "license": "CC-BY-SA-4.0"},
        ],
        "stages": [
            {"normalize": {}},
            {"language": {}},
            {"quality_signals": {}},
            {"gopher_quality": {}},
            {"redact_pii": {}},
            {"exact_dedup": {}},
            {"boilerplate_lines": {}},
            {"minhash_dedup": {}},
        ],
        "task_bytes": 256 * 1024,  # several read tasks per file, so workers share them
        "max_bad_fraction": 0.01,
    }


def test_demo_pipeline_on_ray_writes_the_same_bytes(local_ray: None, tmp_path: Path) -> None:
    pipeline = Pipeline.from_yaml(REPO / "examples" / "demo.yaml")
    _same_output(*_run_both(pipeline, tmp_path))


def test_real_text_with_every_global_stage_on_ray_writes_the_same_bytes(local_ray: None, tmp_path: Path) -> None:
    pipeline = Pipeline.from_dict(_news_and_wiki(tmp_path))
    local, on_ray = _run_both(pipeline, tmp_path)
    _same_output(local, on_ray)
    duplicates = json.loads((local / "ledger.json").read_text())["total"]["duplicates_by_stage"]
    assert duplicates["exact_dedup"] >= 30  # most of the 40 planted copies survive to dedup and are found
    assert len(list((local / "kept").glob("*.parquet"))) > 4  # many tasks, shared by the workers
    for name in ("report.html", "README.md", "croissant.json"):
        assert (on_ray / name).is_file()


@pytest.mark.slow  # ~50 s: a second Ray instance in a subprocess; resume itself is executor-independent
def test_a_killed_ray_run_resumes_to_the_same_bytes(local_ray: None, tmp_path: Path) -> None:
    """SIGKILL the whole Ray run (driver, local cluster, workers) once the near-duplicate
    round has started; the same command resumes it, finished tasks are not redone."""
    config = _news_and_wiki(tmp_path)
    pipeline = Pipeline.from_dict(config)
    local = tmp_path / "local"
    pipeline.run(local, workers=2)
    on_ray = tmp_path / "ray"
    command = [sys.executable, "-m", "vicorpus", "run", str(write_pipeline(tmp_path, config)), "-o", str(on_ray)]
    command += ["-q", "-w", "2", "--executor", "ray"]
    done = on_ray / ".vicorpus" / "done"
    killed = kill_when(command, lambda: count_files(done, "round-2/*.json") > 0, timeout=300)
    assert killed, "the run finished before the kill point"
    first_round = {marker: marker.stat().st_mtime_ns for marker in (done / "round-0").glob("*.json")}
    assert first_round and not (on_ray / "ledger.json").exists()
    pipeline.run(on_ray, workers=2, executor="ray")
    _same_output(local, on_ray)
    assert {marker: marker.stat().st_mtime_ns for marker in first_round} == first_round


def test_without_ray_the_ray_executor_is_a_clear_config_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ray_executor, "ray_available", lambda: False)
    pipeline = Pipeline.from_yaml(REPO / "examples" / "demo.yaml")
    with pytest.raises(ConfigError, match=r"Ray is not installed; pip install 'vicorpus\[ray\]'"):
        pipeline.run(tmp_path / "out", executor="ray")
    assert not (tmp_path / "out").exists()  # refused before the output folder was touched


def test_address_needs_the_ray_executor(tmp_path: Path) -> None:
    pipeline = Pipeline.from_yaml(REPO / "examples" / "demo.yaml")
    with pytest.raises(ConfigError, match="--address: only with --executor ray"):
        pipeline.run(tmp_path / "out", address="auto")
    result = run_cli("run", REPO / "examples" / "demo.yaml", "-o", tmp_path / "cli", "--address", "auto")
    assert result.returncode == 2 and "--address: only with --executor ray" in result.stderr
    result = run_cli("run", REPO / "examples" / "demo.yaml", "-o", tmp_path / "cli", "--executor", "spark")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "cli").exists()


def test_vicorpus_runs_without_ray_installed(tmp_path: Path) -> None:
    """Ray is an optional extra: with it unimportable, the local executor runs and the
    Ray executor is a configuration error (exit 2), not an ImportError."""
    probe = (
        "import sys; sys.modules['ray'] = None; sys.modules['ray.data'] = None\nfrom vicorpus.cli import main; main()"
    )
    demo = str(REPO / "examples" / "demo.yaml")
    local = subprocess.run(
        [sys.executable, "-c", probe, "run", demo, "-o", str(tmp_path / "local"), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert local.returncode == 0, local.stderr
    on_ray = subprocess.run(
        [sys.executable, "-c", probe, "run", demo, "-o", str(tmp_path / "ray"), "-q", "--executor", "ray"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert on_ray.returncode == 2 and "Ray is not installed; pip install 'vicorpus[ray]'" in on_ray.stderr
