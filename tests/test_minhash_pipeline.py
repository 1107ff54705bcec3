"""minhash_dedup in a real run: what it marks, determinism across workers, resume after SIGKILL."""

from __future__ import annotations

import json
import lzma
import random
import sys
from pathlib import Path
from typing import Any

import orjson
import polars as pl
import pytest

from conftest import count_files, kill_when, output_bytes, read_rows, run_cli, shared_data, write_pipeline
from vicorpus import MinhashDedup
from vicorpus.schema import ORDINAL
from vicorpus.stages.base import ORDER, PARTITION

EDITED_COPIES = 150


def _edited(text: str, rng: random.Random, share: float) -> str:
    words = text.split(" ")
    for _ in range(max(1, int(len(words) * share))):
        words[rng.randrange(len(words))] = rng.choice(["mới", "cũ", "và", "đã", "sẽ"])
    return " ".join(words)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real news: 1,200 articles, 150 re-published with 1 % of syllables changed, 30 exact copies."""
    folder = tmp_path_factory.mktemp("minhash")
    rng = random.Random(11)
    with lzma.open(shared_data("baomoi-news-2017/baomoi_news.jsonl.xz"), "rt", encoding="utf-8") as handle:
        articles = [orjson.loads(line) for _, line in zip(range(1200), handle, strict=False)]
    rows: list[dict[str, Any]] = [{"text": a["text"], "copy_of": ""} for a in articles]
    for article in rng.sample(articles, EDITED_COPIES):
        rows.append({"text": _edited(article["text"], rng, 0.01), "copy_of": article["id"]})
    for article in rng.sample(articles, 30):
        rows.append({"text": article["text"], "copy_of": article["id"]})
    rng.shuffle(rows)
    with (folder / "news.jsonl").open("wb") as out:
        out.writelines(orjson.dumps(row) + b"\n" for row in rows)
    return folder


def _config(stages: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "sources": [{"name": "news", "format": "jsonl", "path": "news.jsonl", "license": "NOASSERTION"}],
        "stages": stages,
        "output": "out",
        "task_bytes": 512 * 1024,
        "batch_size": 300,
    }


@pytest.fixture(scope="module")
def reference(corpus: Path) -> Path:
    config = write_pipeline(corpus, _config([{"minhash_dedup": {}}]), "minhash.yaml")
    out = corpus / "out-reference"
    result = run_cli("run", config, "--output", out, "--workers", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    return out


def test_near_duplicates_marked_with_representative_and_cluster_sizes(reference: Path) -> None:
    kept = read_rows(reference / "kept")
    duplicates = read_rows(reference / "duplicates")
    ledger = json.loads((reference / "ledger.json").read_text())
    assert ledger["balanced"] and ledger["total"]["input"] == 1200 + EDITED_COPIES + 30
    kept_ids = {row["id"] for row in kept}
    assert all(r["dropped_by"] == "minhash_dedup" and r["drop_reason"] == "near_duplicate" for r in duplicates)
    assert all(r["duplicate_of"] in kept_ids and r["minhash_cluster_id"] == r["duplicate_of"] for r in duplicates)
    # Every edited or exact copy is found (1 % edits: Jaccard ≈ 0.95, detection ≈ 1).
    assert len(duplicates) >= EDITED_COPIES + 30 - 3
    assert sum(row["minhash_cluster_size"] for row in kept) == len(kept) + len(duplicates)
    assert all(row["minhash_cluster_id"] == row["id"] for row in kept)
    sizes = {row["id"]: row["minhash_cluster_size"] for row in kept}
    for row in duplicates:
        assert sizes[row["duplicate_of"]] == row["minhash_cluster_size"] >= 2
    # The representative is the first of its cluster in input order.
    position = {row["id"]: int(row["origin"].rsplit("@", 1)[-1]) for row in kept + duplicates}
    assert all(position[row["duplicate_of"]] < position[row["id"]] for row in duplicates)


def test_same_output_with_one_or_two_workers(corpus: Path, reference: Path) -> None:
    out = corpus / "out-one-worker"
    result = run_cli("run", corpus / "minhash.yaml", "--output", out, "--workers", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    assert output_bytes(out) == output_bytes(reference)
    assert len(output_bytes(out)) > 4


def test_exact_dedup_keeps_working_alongside(corpus: Path) -> None:
    config = write_pipeline(corpus, _config([{"exact_dedup": {}}, {"minhash_dedup": {}}]), "both.yaml")
    out = corpus / "out-both"
    assert run_cli("run", config, "--output", out, "--quiet").returncode == 0
    ledger = json.loads((out / "ledger.json").read_text())
    by_stage = ledger["total"]["duplicates_by_stage"]
    assert by_stage["exact_dedup"] >= 25 and by_stage["minhash_dedup"] >= EDITED_COPIES - 3
    assert ledger["balanced"]


@pytest.mark.parametrize(
    ("name", "phase", "threshold"),
    [
        ("mid-map", "round-0", 2),
        ("mid-cluster", "global-0", 5),
        ("resolve", "global-0", 13),  # every partition clustered: the resolve step is next
        ("mid-apply", "round-1", 2),
    ],
)
def test_sigkill_in_each_phase_then_resume_gives_identical_output(
    corpus: Path, reference: Path, name: str, phase: str, threshold: int
) -> None:
    out = corpus / f"out-kill-{name}"
    command = [sys.executable, "-m", "vicorpus", "run", str(corpus / "minhash.yaml"), "--output", str(out)]
    command += ["--workers", "2", "--quiet"]
    done = out / ".vicorpus" / "done" / phase
    killed = kill_when(command, lambda: count_files(done, "*.json") > threshold)
    assert killed, "the run finished before the kill point"
    resumed = run_cli("run", corpus / "minhash.yaml", "--output", out, "--workers", "2", "--quiet")
    assert resumed.returncode == 0, resumed.stderr
    assert output_bytes(out) == output_bytes(reference)
    assert json.loads((out / "ledger.json").read_text()) == json.loads((reference / "ledger.json").read_text())


def test_bad_settings_are_config_errors_naming_the_key(corpus: Path) -> None:
    config = write_pipeline(corpus, _config([{"minhash_dedup": {"bands": 0, "diacritics": "some"}}]), "bad.yaml")
    result = run_cli("run", config, "--output", corpus / "out-bad", "--quiet")
    assert result.returncode == 2
    assert "bands" in result.stderr and "diacritics" in result.stderr
    assert not (corpus / "out-bad").exists()


class _Documents:
    """An in-memory DocumentIndex: task → list of (id, text)."""

    def __init__(self, tasks: list[list[tuple[str, str]]]) -> None:
        self._tasks = tasks

    def task_sizes(self) -> list[int]:
        return [len(docs) for docs in self._tasks]

    def ids(self, task: int) -> pl.DataFrame:
        ids = [doc_id for doc_id, _ in self._tasks[task]]
        return pl.DataFrame({"id": ids, ORDINAL: pl.Series(range(len(ids)), dtype=pl.UInt32)})

    def texts(self, task: int, ordinals: list[int]) -> list[str]:
        return [self._tasks[task][o][1] for o in ordinals]


def _order(task: int, ordinal: int) -> int:
    return task << 32 | ordinal


def test_resolve_joins_edges_across_partitions_and_verification_rejects_dissimilar_pairs() -> None:
    text = "hôm nay trời đẹp chúng tôi đi chơi công viên gần nhà cùng các bạn nhỏ"
    documents = _Documents(
        [
            [("a0", text), ("a1", "một văn bản hoàn toàn khác không liên quan gì đến bài kia cả")],
            [("b0", text + " nhé"), ("b1", "lạc đề")],
        ]
    )
    # Two partitions' edges: a0–b0 (similar), b0–a1 (a false candidate).
    edges = [
        pl.DataFrame({"a": [_order(0, 0)], "b": [_order(1, 0)]}, schema={"a": pl.UInt64, "b": pl.UInt64}),
        pl.DataFrame({"a": [_order(0, 1)], "b": [_order(1, 0)]}, schema={"a": pl.UInt64, "b": pl.UInt64}),
    ]
    plain = pl.concat(MinhashDedup().resolve(iter(edges), documents))
    assert plain.sort("task", ORDINAL).rows() == [
        (0, 0, None, "a0", 3),
        (0, 1, "a0", "a0", 3),
        (1, 0, "a0", "a0", 3),
    ]
    verified = pl.concat(MinhashDedup(verify_threshold=0.7).resolve(iter(edges), documents))
    assert verified.sort("task", ORDINAL).rows() == [(0, 0, None, "a0", 2), (1, 0, "a0", "a0", 2)]


def test_verified_run_keeps_the_true_duplicates(corpus: Path, reference: Path) -> None:
    config = write_pipeline(corpus, _config([{"minhash_dedup": {"verify_threshold": 0.8}}]), "verified.yaml")
    out = corpus / "out-verified"
    assert run_cli("run", config, "--output", out, "--workers", "2", "--quiet").returncode == 0
    verified = {row["id"] for row in read_rows(out / "duplicates")}
    plain = {row["id"] for row in read_rows(reference / "duplicates")}
    assert verified <= plain and len(verified) >= EDITED_COPIES + 30 - 3


def test_cluster_gives_stars_or_with_verification_all_pairs_of_small_groups() -> None:
    signatures = pl.DataFrame(
        {ORDER: [5, 2, 9, 7, 3], PARTITION: [0] * 5, "key": [1, 1, 1, 2, 3]},
        schema={ORDER: pl.UInt64, PARTITION: pl.UInt32, "key": pl.UInt64},
    )
    assert MinhashDedup().cluster(signatures).rows() == [(2, 5), (2, 9)]
    assert MinhashDedup(verify_threshold=0.8).cluster(signatures).rows() == [(2, 5), (2, 9), (5, 9)]


def test_a_corpus_without_near_duplicates_in_several_tasks(tmp_path: Path) -> None:
    """No cluster anywhere means no assignment file at all: every document is kept, alone."""
    words = [
        "nhà",
        "trường",
        "học",
        "sinh",
        "giáo",
        "viên",
        "bệnh",
        "viện",
        "nông",
        "dân",
        "giao",
        "thông",
        "pháp",
        "luật",
        "kinh",
        "tế",
    ]
    rng = random.Random(7)
    for name in ("a.jsonl", "b.jsonl"):
        with (tmp_path / name).open("w", encoding="utf-8") as handle:
            for _ in range(3):
                text = " ".join(rng.choice(words) + str(rng.randrange(10**6)) for _ in range(80))
                handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    config = {"sources": [{"name": "s", "format": "jsonl", "path": "*.jsonl"}], "stages": [{"minhash_dedup": {}}]}
    out = tmp_path / "out"
    result = run_cli("run", write_pipeline(tmp_path, config), "-o", out, "-q", "-w", "2")
    assert result.returncode == 0, result.stderr
    kept = read_rows(out / "kept")
    assert len(kept) == 6 and {row["minhash_cluster_size"] for row in kept} == {1}
    assert all(row["minhash_cluster_id"] == row["id"] for row in kept)
