"""Shared test helpers: running the CLI, writing pipelines, finding shared data."""

from __future__ import annotations

import json
import lzma
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from itertools import islice
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


def news_and_wiki_texts(news: int) -> list[str]:
    """The first ``news`` Báo Mới articles and the first ``news // 4`` Wikipedia articles
    of ../shared/data: real text for tests that hold a fast path equal to its definition."""
    texts: list[str] = []
    for relative, limit in (
        ("baomoi-news-2017/baomoi_news.jsonl.xz", news),
        ("viwiki-undertheseanlp/viwiki.jsonl.xz", news // 4),
    ):
        with lzma.open(shared_data(relative), "rt", encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in islice(handle, limit)]
    return texts


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


def kill_when(command: list[str], ready: object, timeout: float = 120) -> bool:
    """Start the command, SIGKILL it as soon as ``ready()`` is true; False if it finished first."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            if ready():  # type: ignore[operator]
                os.killpg(process.pid, signal.SIGKILL)  # the workers too
                process.wait()
                return True
            time.sleep(0.005)
        raise AssertionError("the run neither finished nor reached the kill point")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def count_files(folder: Path, pattern: str) -> int:
    return len(list(folder.glob(pattern))) if folder.exists() else 0


@pytest.fixture(scope="session", autouse=True)
def private_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests' own cache folder (inherited by the runs they start): the user's
    ``~/.cache/vicorpus`` is neither read nor written by the tests."""
    previous = os.environ.get("VICORPUS_CACHE_DIR")
    os.environ["VICORPUS_CACHE_DIR"] = str(tmp_path_factory.mktemp("vicorpus-cache"))
    yield
    if previous is None:
        os.environ.pop("VICORPUS_CACHE_DIR", None)
    else:
        os.environ["VICORPUS_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo pipeline run once on the sample corpus (read-only for tests)."""
    from vicorpus.pipeline import Pipeline

    out = tmp_path_factory.mktemp("demo-run") / "out"
    Pipeline.from_yaml(REPO / "examples" / "demo.yaml").run(out, workers=1)
    return out


class NetworkAttempt(AssertionError):
    """A test that must stay offline tried to connect somewhere."""


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any connection attempt fails the test (nothing may be fetched at run or test time)."""

    def refuse(self: socket.socket, *args: Any) -> Any:
        raise NetworkAttempt(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield


def ledger_at(ledger: Any, path: str) -> Any:
    """The ledger value at a dotted path whose keys may themselves hold dots."""
    node = ledger
    while path:
        match = next((k for k in sorted(node, key=len, reverse=True) if path == k or path.startswith(k + ".")), None)
        if match is None:
            raise KeyError(path)
        node, path = node[match], path[len(match) + 1 :]
    return node
