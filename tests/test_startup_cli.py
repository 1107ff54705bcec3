"""The command line's garbage-collector settings: paused while a run starts up, and the
objects left frozen at exit. Neither may change what a run writes."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import news_and_wiki_texts, run_cli, write_pipeline
from vicorpus import cli
from vicorpus.pipeline import Pipeline

TEXTS = [
    "Hà Nội mùa thu, những con đường rợp bóng cây và tiếng rao đêm.",
    "The committee will publish its annual report on the state of public transport next week.",
    "Mua ngay!!! Giảm giá 90% chỉ hôm nay, bấm vào đây: http://example.com/khuyen-mai",
    "",
    "Ủy ban nhân dân thành phố vừa công bố kế hoạch cải tạo thư viện trung tâm.",
]


@pytest.fixture
def unfrozen() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()  # the test process's objects back to the collector
    if was_enabled:
        gc.enable()


@pytest.mark.usefixtures("unfrozen")
def test_collector_paused_freezes_what_the_block_made() -> None:
    gc.enable()
    before = gc.get_freeze_count()
    with cli._collector_paused():
        assert not gc.isenabled()
        made = [[index] for index in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(made)  # never walked by the collector again


@pytest.mark.usefixtures("unfrozen")
def test_collector_paused_restores_the_collector_state() -> None:
    gc.disable()
    with cli._collector_paused():
        pass
    assert not gc.isenabled()  # was disabled: stays so
    gc.enable()
    with pytest.raises(RuntimeError), cli._collector_paused():
        raise RuntimeError("a config error")
    assert gc.isenabled()


def _pipeline(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    texts = [*TEXTS, *news_and_wiki_texts(40)]  # real articles: some are kept
    lines = [json.dumps({"text": text}, ensure_ascii=False) for text in texts]
    (data / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    stages: list[dict[str, dict[str, object]]] = [
        {"normalize": {}},
        {"language": {}},
        {"quality_signals": {}},
        {"language_filter": {}},
        {"gopher_quality": {}},
        {"spam_filter": {}},
    ]
    sources = [{"name": "s", "format": "jsonl", "path": "data/*.jsonl"}]
    return write_pipeline(tmp_path, {"sources": sources, "stages": stages})


def _written(folder: Path) -> dict[str, bytes]:
    """The shards and the ledger (the other files hold the run's times)."""
    paths = [*folder.glob("*/*.parquet"), folder / "ledger.json"]
    return {str(path.relative_to(folder)): path.read_bytes() for path in paths}


def test_cli_run_writes_what_an_in_process_run_writes(tmp_path: Path) -> None:
    config = _pipeline(tmp_path)
    result = run_cli("run", config, "--output", tmp_path / "cli", "--workers", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    Pipeline.from_yaml(config).run(tmp_path / "in-process", workers=1)
    cli_files, in_process_files = _written(tmp_path / "cli"), _written(tmp_path / "in-process")
    assert any(name.startswith("kept/") for name in cli_files)
    assert cli_files == in_process_files
