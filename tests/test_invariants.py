"""The DESIGN.md invariants on real text: nothing lost, deterministic, resumable, stable ids."""

from __future__ import annotations

import json
import lzma
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import count_files, kill_when, output_bytes, read_rows, run_cli, shared_data, write_pipeline
from vicorpus import Pipeline
from vicorpus.schema import record_id

STAGES = [{"normalize": {}}, {"length_filter": {"min_chars": 200}}, {"exact_dedup": {}}]


def _real_corpus(folder: Path, news: int, wiki: int) -> Path:
    """Real news and Wikipedia articles, with re-crawl duplicates and a few damaged lines."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    with lzma.open(shared_data("baomoi-news-2017/baomoi_news.jsonl.xz"), "rt", encoding="utf-8") as handle:
        lines = [line for _, line in zip(range(news), handle, strict=False)]
    with (data / "news.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(lines)
        out.writelines(lines[:50])  # exact re-crawls
        out.write('{"text": "broken\n{"url": "https://x.vn/a"}\n')
    with lzma.open(shared_data("viwiki-undertheseanlp/viwiki.jsonl.xz"), "rt", encoding="utf-8") as handle:
        wiki_lines = [line for _, line in zip(range(wiki), handle, strict=False)]
    with lzma.open(data / "wiki.jsonl.xz", "wt", encoding="utf-8") as out:
        out.writelines(wiki_lines)
    return data


def _config(task_bytes: int) -> dict[str, object]:
    return {
        "sources": [
            {"name": "news", "format": "jsonl", "path": "data/news.jsonl", "license": "NOASSERTION"},
            {
                "name": "wiki",
                "format": "jsonl",
                "path": "data/wiki.jsonl.xz",
                "license": "CC-BY-SA-3.0",
                "keep_fields": ["title"],
            },
        ],
        "stages": STAGES,
        "output": "out",
        "task_bytes": task_bytes,
        "batch_size": 500,
        "max_bad_fraction": 0.01,
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    _real_corpus(folder, news=2500, wiki=800)
    return folder


def test_nothing_lost_on_real_text(corpus: Path) -> None:
    config = write_pipeline(corpus, _config(task_bytes=2 * 1024 * 1024), "nothing_lost.yaml")
    result = run_cli("run", config, "--output", corpus / "out-lost", "--workers", "2")
    assert result.returncode == 0, result.stderr
    out = corpus / "out-lost"
    ledger = json.loads((out / "ledger.json").read_text())
    assert ledger["balanced"]
    total = ledger["total"]
    assert total["input"] == 2500 + 50 + 2 + 800
    assert total["duplicates"] >= 50
    assert total["quarantined_by_reason"] == {"malformed_json": 1, "missing_text_field": 1}
    seen: list[str] = []
    for bucket, expected in (
        ("kept", "kept"),
        ("rejected", "rejected"),
        ("duplicates", "duplicates"),
        ("quarantine", "quarantined"),
    ):
        rows = read_rows(out / bucket)
        assert len(rows) == total[expected], bucket
        seen.extend(row["id"] for row in rows)
    assert len(seen) == len(set(seen)) == total["input"]  # every record in exactly one place
    duplicates = read_rows(out / "duplicates")
    kept_ids = {row["id"] for row in read_rows(out / "kept")}
    assert all(row["duplicate_of"] in kept_ids and row["dropped_by"] == "exact_dedup" for row in duplicates)
    rejected = read_rows(out / "rejected")
    assert {row["drop_reason"] for row in rejected} == {"too_short"}
    assert all(row["dropped_by"] == "length_filter" for row in rejected)
    kept = read_rows(out / "kept")
    assert all(len(row["text"]) >= 200 and "\r" not in row["text"] for row in kept)
    wiki = [row for row in kept if row["source"] == "wiki"]
    assert wiki and all(row["license"] == "CC-BY-SA-3.0" and "title" in json.loads(row["metadata"]) for row in wiki)
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["label"] for s in manifest["stages"]] == ["normalize", "length_filter", "exact_dedup"]
    assert all(len(item["sha256"]) == 64 for item in manifest["inputs"])
    assert manifest["stages"][0]["counters"]["fix_line_endings"] > 0  # wiki text has CRLF


def test_deterministic_one_vs_two_workers(corpus: Path) -> None:
    config = write_pipeline(corpus, _config(task_bytes=1024 * 1024), "determinism.yaml")
    outputs = []
    for workers in ("1", "2"):
        out = corpus / f"out-w{workers}"
        result = run_cli("run", config, "--output", out, "--workers", workers, "--quiet")
        assert result.returncode == 0, result.stderr
        outputs.append(output_bytes(out))
    assert len(outputs[0]) > 4  # several tasks, several shards
    assert outputs[0] == outputs[1]


def test_ids_do_not_depend_on_task_splitting(corpus: Path) -> None:
    small = write_pipeline(corpus, _config(task_bytes=256 * 1024), "split-small.yaml")
    large = write_pipeline(corpus, _config(task_bytes=1024**3), "split-large.yaml")
    rows = []
    for config, name in ((small, "out-small"), (large, "out-large")):
        Pipeline.from_yaml(config).run(corpus / name, workers=1)
        rows.append(sorted((r["id"], r["text"], r["origin"]) for r in read_rows(corpus / name / "kept")))
    assert len(list((corpus / "out-small" / "kept").glob("*.parquet"))) > 2
    assert rows[0] == rows[1]
    for row_id, _, origin in rows[0]:
        source = "news" if origin.startswith("news.jsonl@") else "wiki"
        assert row_id == record_id(source, origin)


def test_same_config_again_does_not_redo_work(corpus: Path) -> None:
    config = write_pipeline(corpus, _config(task_bytes=1024 * 1024), "again.yaml")
    out = corpus / "out-again"
    assert run_cli("run", config, "--output", out, "--quiet").returncode == 0
    markers = {p: p.stat().st_mtime_ns for p in (out / ".vicorpus" / "done").rglob("*.json")}
    shards = output_bytes(out)
    again = run_cli("run", config, "--output", out, "--quiet")
    assert again.returncode == 0, again.stderr
    assert {p: p.stat().st_mtime_ns for p in markers} == markers
    assert output_bytes(out) == shards


def test_deleted_shards_are_rewritten_on_rerun(corpus: Path) -> None:
    config = write_pipeline(corpus, _config(task_bytes=1024 * 1024), "deleted.yaml")
    out = corpus / "out-deleted"
    assert run_cli("run", config, "--output", out, "--quiet").returncode == 0
    shards = output_bytes(out)
    victim = sorted((out / "kept").glob("*.parquet"))[1]
    victim.unlink()
    again = run_cli("run", config, "--output", out, "--quiet")
    assert again.returncode == 0, again.stderr
    assert output_bytes(out) == shards


def test_different_config_on_existing_output_is_refused(corpus: Path) -> None:
    config = _config(task_bytes=1024 * 1024)
    first = write_pipeline(corpus, config, "first.yaml")
    out = corpus / "out-conflict"
    assert run_cli("run", first, "--output", out, "--quiet").returncode == 0
    changed = dict(config, stages=[{"normalize": {}}, {"length_filter": {"min_chars": 500}}])
    second = write_pipeline(corpus, changed, "second.yaml")
    refused = run_cli("run", second, "--output", out, "--quiet")
    assert refused.returncode == 2
    assert "different configuration" in refused.stderr and "--overwrite" in refused.stderr
    assert "Traceback" not in refused.stderr
    replaced = run_cli("run", second, "--output", out, "--quiet", "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert not list((out / "duplicates").glob("*.parquet"))  # the old run's shards are gone


def test_non_vicorpus_folder_is_never_overwritten(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("do not delete", encoding="utf-8")
    config = write_pipeline(corpus, _config(task_bytes=1024 * 1024), "precious.yaml")
    result = run_cli("run", config, "--output", out, "--overwrite", "--quiet")
    assert result.returncode == 2
    assert (out / "thesis.txt").read_text(encoding="utf-8") == "do not delete"


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path) -> Path:
    config = write_pipeline(corpus, _config(task_bytes=512 * 1024), "kill.yaml")
    reference = corpus / "out-uninterrupted"
    assert run_cli("run", config, "--output", reference, "--workers", "2", "--quiet").returncode == 0
    return reference


@pytest.mark.parametrize(
    ("name", "phase", "threshold"),
    [
        ("first-output", "round-0", 0),  # before any task finished
        ("mid-map", "round-0", 3),
        ("after-map", "global-0", 0),
        ("mid-final", "round-1", 2),
    ],
)
def test_sigkill_and_resume_gives_identical_output(
    corpus: Path, uninterrupted: Path, name: str, phase: str, threshold: int
) -> None:
    config = corpus / "kill.yaml"
    reference = uninterrupted
    out = corpus / f"out-kill-{name}"
    done = out / ".vicorpus" / "done" / phase
    command = [
        sys.executable,
        "-m",
        "vicorpus",
        "run",
        str(config),
        "--output",
        str(out),
        "--workers",
        "2",
        "--quiet",
    ]
    if phase == "round-0" and threshold == 0:
        killed = kill_when(command, lambda: count_files(out / ".vicorpus", "round-0/*.partial") > 0)
    else:
        killed = kill_when(command, lambda: count_files(done, "*.json") > threshold)
    assert killed, "the run finished before the kill point; make the corpus bigger"
    finished_before = {p: p.stat().st_mtime_ns for p in out.glob(".vicorpus/done/*/*.json")}
    resumed = run_cli("run", config, "--output", out, "--workers", "2", "--quiet")
    assert resumed.returncode == 0, resumed.stderr
    assert output_bytes(out) == output_bytes(reference)
    assert json.loads((out / "ledger.json").read_text()) == json.loads((reference / "ledger.json").read_text())
    # Finished tasks were not redone: their markers were not rewritten.
    assert {p: p.stat().st_mtime_ns for p in finished_before} == finished_before
    assert not list(out.rglob("*.partial"))


def test_quarantine_rows_carry_raw_bytes_and_origin(corpus: Path) -> None:
    out = corpus / "out-lost"
    if not out.exists():
        pytest.skip("runs after test_nothing_lost_on_real_text")
    table = pq.read_table(next((out / "quarantine").glob("*.parquet")))
    rows = table.to_pylist()
    malformed = next(r for r in rows if r["error_code"] == "malformed_json")
    assert malformed["raw"] == b'{"text": "broken'
    assert malformed["origin"].startswith("news.jsonl@")
    assert malformed["id"] == record_id("news", malformed["origin"])
