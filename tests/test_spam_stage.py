"""The spam_filter stage in a pipeline: the project's spam test pages are dropped with
their category, the hard negatives (news on gambling arrests, bank loans, health) kept."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import read_rows, run_cli, write_pipeline

PAGES = Path(__file__).parent / "data" / "spam_pages.jsonl"


def test_spam_filter_drops_spam_pages_and_keeps_hard_negatives(tmp_path: Path) -> None:
    # Records are told apart by their byte offset in the file (the reader's origin).
    expected: dict[int, str | None] = {}
    offset = 0
    for line in PAGES.read_bytes().splitlines(keepends=True):
        if line.strip():
            expected[offset] = json.loads(line)["expected"]
        offset += len(line)
    config = {
        "sources": [{"name": "pages", "format": "jsonl", "path": str(PAGES), "text_field": "text"}],
        "stages": [{"normalize": {}}, {"spam_filter": {}}],
    }
    result = run_cli("run", write_pipeline(tmp_path, config), "--output", tmp_path / "out", "--quiet")
    assert result.returncode == 0, result.stderr
    got: dict[int, str | None] = {}
    for row in read_rows(tmp_path / "out" / "kept"):
        got[int(row["origin"].rsplit("@", 1)[1])] = None
    for row in read_rows(tmp_path / "out" / "rejected"):
        got[int(row["origin"].rsplit("@", 1)[1])] = row["drop_reason"]
    assert got == expected
    assert sum(value is not None for value in expected.values()) >= 40
    kept = read_rows(tmp_path / "out" / "kept")
    assert {"spam_gambling_score", "spam_contacts"} <= set(kept[0])
