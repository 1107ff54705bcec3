"""The ledger's arithmetic, and a run failing when records go missing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import write_pipeline
from vicorpus import Pipeline, RunFailed
from vicorpus.run import rounds
from vicorpus.run.ledger import Ledger
from vicorpus.run.stats import TaskStats


def test_balanced_per_source_and_total() -> None:
    a = TaskStats(0, "news", input=10, kept=6, rejected=Counter(too_short=2), duplicates=Counter(exact_dedup=1))
    a.quarantined["malformed_json"] = 1
    b = TaskStats(1, "wiki", input=3, kept=3)
    ledger = Ledger.from_task_stats(["news", "wiki"], [a, b])
    assert ledger.balanced
    data = ledger.to_dict()
    assert data["total"]["input"] == 13
    assert data["sources"]["news"]["rejected_by_reason"] == {"too_short": 2}


def test_unbalanced_when_a_record_is_missing() -> None:
    lost = TaskStats(0, "news", input=10, kept=9)
    ledger = Ledger.from_task_stats(["news"], [lost])
    assert not ledger.balanced
    assert ledger.to_dict()["sources"]["news"]["balanced"] is False


def test_run_fails_when_a_bug_loses_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.jsonl").write_text(
        "".join(json.dumps({"text": f"văn bản {i}"}, ensure_ascii=False) + "\n" for i in range(5)),
        encoding="utf-8",
    )
    config = write_pipeline(
        tmp_path, {"sources": [{"name": "s", "format": "jsonl", "path": "a.jsonl"}], "output": "out"}
    )
    real_write_final = rounds._write_final

    def losing_write_final(ctx, writers, kept, dropped, stats):  # type: ignore[no-untyped-def]
        real_write_final(ctx, writers, kept.head(kept.height - 1), dropped, stats)

    monkeypatch.setattr(rounds, "_write_final", losing_write_final)
    with pytest.raises(RunFailed, match="does not balance"):
        Pipeline.from_yaml(config).run(workers=1)
    ledger = json.loads((tmp_path / "out" / "ledger.json").read_text())
    assert ledger["balanced"] is False and ledger["total"]["input"] == 5 and ledger["total"]["kept"] == 4
