"""Helpers of the bad-input tests: tiny inputs, pipeline configs, and ledger checks."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import read_rows, run_cli, write_pipeline
from vicorpus import Pipeline

BUCKETS = ("kept", "rejected", "duplicates", "quarantine")
STAGES: list[dict[str, Any]] = [
    {"normalize": {}},
    {"length_filter": {"min_chars": 1}},
    {"exact_dedup": {}},
]
SENTENCES = [
    "Hà Nội là thủ đô của nước Cộng hòa Xã hội chủ nghĩa Việt Nam.",
    "Sông Hồng chảy qua nhiều tỉnh miền Bắc trước khi đổ ra biển Đông.",
    "Phở bò là món ăn sáng quen thuộc của người dân Hà Nội.",
    "Thành phố Hồ Chí Minh là trung tâm kinh tế lớn nhất cả nước.",
    "Vịnh Hạ Long được UNESCO công nhận là di sản thiên nhiên thế giới.",
    "Mùa thu Hà Nội có hương hoa sữa thoang thoảng trên từng góc phố.",
    "Đồng bằng sông Cửu Long là vựa lúa lớn nhất của cả nước.",
    "Cố đô Huế nổi tiếng với những lăng tẩm và nhã nhạc cung đình.",
]


# --- helpers -----------------------------------------------------------------------


def sentence(i: int) -> str:
    """A distinct real Vietnamese sentence for every i (so exact_dedup keeps them all)."""
    return f"{SENTENCES[i % len(SENTENCES)]} (câu số {i})"


def json_line(i: int, **extra: Any) -> bytes:
    return json.dumps({"text": sentence(i), "id": i, **extra}, ensure_ascii=False).encode()


def jsonl_bytes(lines: list[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in lines)


def source(name: str, fmt: str, path: str, **settings: Any) -> dict[str, Any]:
    return {"name": name, "format": fmt, "path": path, **settings}


def pipeline_config(*sources: dict[str, Any], **settings: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "sources": list(sources),
        "stages": STAGES,
        "output": "out",
        "workers": 1,
        "max_bad_fraction": 1.0,
    }
    config.update(settings)
    return config


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def flat(text: str) -> str:
    """stderr with rich's line wrapping undone."""
    return " ".join(text.split())


@dataclass
class Result:
    ledger: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]

    def entry(self, name: str = "src") -> dict[str, Any]:
        entry: dict[str, Any] = self.ledger["sources"][name]
        return entry

    @property
    def kept(self) -> list[dict[str, Any]]:
        return self.rows["kept"]

    @property
    def quarantine(self) -> list[dict[str, Any]]:
        return self.rows["quarantine"]

    def kept_texts(self, name: str = "src") -> list[str]:
        return [row["text"] for row in self.kept if row["source"] == name]


def check_output(out: Path) -> Result:
    """The ledger balances, per source and in total, and matches the shards' rows."""
    ledger = json.loads((out / "ledger.json").read_text(encoding="utf-8"))
    rows = {bucket: read_rows(out / bucket) for bucket in BUCKETS}
    assert ledger["balanced"] is True
    for entry in [ledger["total"], *ledger["sources"].values()]:
        assert entry["balanced"] is True
        parts = entry["kept"] + entry["rejected"] + entry["duplicates"] + entry["quarantined"]
        assert entry["input"] == parts
        assert sum(entry["quarantined_by_reason"].values()) == entry["quarantined"]
        assert sum(entry["rejected_by_reason"].values()) == entry["rejected"]
    for key in ("input", "kept", "rejected", "duplicates", "quarantined", "empty_files"):
        assert ledger["total"][key] == sum(e[key] for e in ledger["sources"].values()), key
    ledger_key = {
        "kept": "kept",
        "rejected": "rejected",
        "duplicates": "duplicates",
        "quarantine": "quarantined",
    }
    for bucket, key in ledger_key.items():
        assert len(rows[bucket]) == ledger["total"][key], bucket
        by_source = Counter(row["source"] for row in rows[bucket])
        for name, entry in ledger["sources"].items():
            assert by_source[name] == entry[key], (bucket, name)
    for name, entry in ledger["sources"].items():
        codes = Counter(row["error_code"] for row in rows["quarantine"] if row["source"] == name)
        assert dict(codes) == entry["quarantined_by_reason"]
        reasons = Counter(row["drop_reason"] for row in rows["rejected"] if row["source"] == name)
        assert dict(reasons) == entry["rejected_by_reason"]
    for row in rows["quarantine"]:
        assert row["error"], row
        assert row["raw_size"] >= len(row["raw"])
        assert row["raw_truncated"] == (row["raw_size"] > len(row["raw"]))
    ids = [row["id"] for bucket in BUCKETS for row in rows[bucket]]
    assert len(ids) == len(set(ids)), "a record ended in two places"
    return Result(ledger, rows)


def run_api(folder: Path, config: dict[str, Any]) -> Result:
    pipeline = Pipeline.from_yaml(write_pipeline(folder, config))
    pipeline.run()
    return check_output(folder / "out")


def run_command(folder: Path, config: dict[str, Any], expect: int = 0) -> subprocess.CompletedProcess[str]:
    result = run_cli("run", write_pipeline(folder, config), "--quiet")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == expect, result.stderr
    return result


def run_cli_ok(folder: Path, config: dict[str, Any]) -> Result:
    run_command(folder, config, expect=0)
    return check_output(folder / "out")


def assert_config_error(folder: Path, config: dict[str, Any], *needles: str) -> str:
    """Exit 2, every needle in stderr, and nothing written to the output folder."""
    result = run_command(folder, config, expect=2)
    stderr = flat(result.stderr)
    assert "configuration error" in stderr
    for needle in needles:
        assert needle in stderr, stderr
    out = folder / "out"
    assert not out.exists() or not any(out.iterdir())
    return stderr


def only_quarantined(result: Result, name: str = "src") -> dict[str, Any]:
    rows = [row for row in result.quarantine if row["source"] == name]
    assert len(rows) == 1, rows
    return rows[0]
