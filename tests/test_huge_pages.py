"""NumPy's huge page requests are off in the processes vicorpus owns, unless the user chose."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest
from typer.testing import CliRunner

from conftest import write_pipeline
from vicorpus import cli, huge_pages
from vicorpus.run import executor

# Prints NumPy's setting after ``prefer_small_pages`` (the switch returns the previous one).
_CHECK = (
    "from vicorpus.huge_pages import _setter, prefer_small_pages\n"
    "prefer_small_pages()\n"
    "setter = _setter()\n"
    "print(setter(True))\n"
)


def _setting_after(environment: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _CHECK], capture_output=True, text=True, env=environment, check=True, timeout=120
    )
    return result.stdout.strip()


def test_numpy_has_the_switch() -> None:
    assert huge_pages._setter() is not None


def test_prefer_small_pages_turns_the_requests_off() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "NUMPY_MADVISE_HUGEPAGE"}
    assert _setting_after(environment) == "False"


@pytest.mark.parametrize("choice", ["0", "1"])
def test_the_users_choice_is_kept(choice: str) -> None:
    assert _setting_after({**os.environ, "NUMPY_MADVISE_HUGEPAGE": choice}) == str(choice == "1")


def test_the_cli_calls_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(huge_pages, "prefer_small_pages", lambda: calls.append("cli"))
    (tmp_path / "in.jsonl").write_text('{"text": "Hà Nội mùa thu."}\n', encoding="utf-8")
    sources = [{"name": "s", "format": "jsonl", "path": str(tmp_path / "in.jsonl")}]
    config = write_pipeline(tmp_path, {"sources": sources, "stages": [{"normalize": {}}]})
    result = CliRunner().invoke(cli.app, ["run", str(config), "-o", str(tmp_path / "out"), "-w", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert calls == ["cli"]
    gc.unfreeze()  # the CLI froze what its start-up made: back to the collector


def test_a_worker_calls_it(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(executor, "prefer_small_pages", lambda: calls.append("worker"))
    monkeypatch.setattr(executor, "_worker_context", None)
    monkeypatch.setattr(executor.atexit, "register", lambda function: function)  # no freeze at the test's exit
    executor._initialize_worker(cast(Any, "context"))
    assert calls == ["worker"]
