"""The command line: streams, exit codes, stage listing."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, run_cli, write_pipeline
from vicorpus.stages.registry import STAGES

TEXT = "Hà Nội mùa thu, những con đường rợp bóng cây và tiếng rao đêm. " * 5


def _corpus(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    lines = [json.dumps({"text": TEXT + str(i % 3)}, ensure_ascii=False) for i in range(10)]
    (data / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return write_pipeline(
        tmp_path,
        {
            "sources": [{"name": "s", "format": "jsonl", "path": "data/*.jsonl"}],
            "stages": [{"normalize": {}}, {"length_filter": {"min_chars": 10}}, {"exact_dedup": {}}],
            "output": "out",
        },
    )


def test_run_prints_output_on_stdout_and_progress_on_stderr(tmp_path: Path) -> None:
    result = run_cli("run", _corpus(tmp_path), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str((tmp_path / "out").resolve())
    assert "ledger" in result.stderr and "round-0" in result.stderr
    ledger = json.loads((tmp_path / "out" / "ledger.json").read_text())
    assert (ledger["total"]["kept"], ledger["total"]["duplicates"]) == (3, 7)


def test_quiet_is_silent_on_stderr(tmp_path: Path) -> None:
    result = run_cli("run", _corpus(tmp_path), "--quiet")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.strip().endswith("out")


def test_output_option_is_relative_to_the_working_directory(tmp_path: Path) -> None:
    config = _corpus(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    result = run_cli("run", config, "--output", "mine", "--quiet", cwd=tmp_path / "elsewhere")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere" / "mine" / "ledger.json").exists()


def test_usage_and_config_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    missing = run_cli("run", tmp_path / "nope.yaml")
    assert missing.returncode == 2 and "cannot read pipeline file" in missing.stderr
    bad = write_pipeline(tmp_path, {"sources": [{"name": "s", "format": "jsonl", "path": "none/*.jsonl"}]}, "bad.yaml")
    result = run_cli("run", bad, "--output", tmp_path / "out")
    assert result.returncode == 2
    assert "sources[0].path: 'none/*.jsonl' matches no files" in result.stderr
    assert not (tmp_path / "out").exists()  # nothing written before the config is valid
    assert run_cli("run").returncode == 2
    assert run_cli("frobnicate").returncode == 2
    for output in (missing, result):
        assert "Traceback" not in output.stderr


def test_stages_lists_every_stage_with_settings() -> None:
    result = run_cli("stages")
    assert result.returncode == 0
    for name, cls in STAGES.items():
        assert f"{name} ({cls.kind})" in result.stdout
        for field in cls.model_fields:
            assert f"    {field}: default" in result.stdout
    assert "min_chars: default 0" in result.stdout


def test_demo_pipeline_runs_on_the_sample_corpus(tmp_path: Path) -> None:
    result = run_cli("run", REPO / "examples" / "demo.yaml", "--output", tmp_path / "demo", "--quiet")
    assert result.returncode == 0, result.stderr
    ledger = json.loads((tmp_path / "demo" / "ledger.json").read_text())
    total = ledger["total"]
    assert ledger["balanced"] and set(ledger["sources"]) == {"news", "forum", "notices"}
    assert total["duplicates"] > 0 and total["rejected"] > 0 and total["quarantined"] > 0
    assert total["empty_files"] == 1
    # the sample corpus's betting and loan pages are caught by the spam filter
    reasons = total["rejected_by_reason"]
    assert reasons.get("spam_gambling", 0) >= 3 and reasons.get("spam_loans", 0) >= 1
    # the 8 exact copies and the 4 edited copies (footer added, sentence dropped or replaced)
    assert total["duplicates_by_stage"] == {"exact_dedup": 8, "minhash_dedup": 4}
