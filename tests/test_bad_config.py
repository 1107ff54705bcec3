"""Bad configuration fails before any data is read; too many bad records fail the run.

Every case builds its own small input in ``tmp_path``, runs the pipeline
``normalize → length_filter{min_chars: 1} → exact_dedup`` (through the CLI where the
exit code and stderr matter, through ``Pipeline.run`` otherwise) and checks the ledger
against the rows actually written to ``kept/``, ``rejected/``, ``duplicates/`` and
``quarantine/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bad_input_helpers import (
    STAGES,
    assert_config_error,
    flat,
    json_line,
    jsonl_bytes,
    pipeline_config,
    run_api,
    run_cli_ok,
    run_command,
    source,
    write,
)
from vicorpus import RunFailed

# --- 11. a path that matches nothing -------------------------------------------------


@pytest.mark.parametrize("path", ["in/missing.jsonl", "in/*.jsonl", "in/nothing-here"])
def test_path_matching_no_files_is_a_config_error(tmp_path: Path, path: str) -> None:
    (tmp_path / "in" / "nothing-here").mkdir(parents=True)
    assert_config_error(tmp_path, pipeline_config(source("src", "jsonl", path)), "sources[0].path", path)
    assert not (tmp_path / "out").exists()


# --- 12. configuration mistakes ------------------------------------------------------


def _config_with(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    config = pipeline_config(source("src", "jsonl", "in/a.jsonl"))
    config["stages"] = [dict(stage) for stage in STAGES]
    change(config)
    return config


CONFIG_MISTAKES: dict[str, tuple[Callable[[dict[str, Any]], None], tuple[str, ...]]] = {
    "unknown-stage": (
        lambda c: c["stages"].__setitem__(1, {"lenght_filter": {"min_chars": 1}}),
        (
            "stages[1]: unknown stage 'lenght_filter' (did you mean 'length_filter'?",
            "valid stages: boilerplate_lines, c4_lines, dialect, domain, exact_dedup, fineweb_quality,",
        ),
    ),
    "unknown-top-level-key": (
        lambda c: c.__setitem__("max_bad_fractoin", 0.5),
        ("unknown key 'max_bad_fractoin'", "did you mean 'max_bad_fraction'?"),
    ),
    "unknown-source-key": (
        lambda c: c["sources"][0].__setitem__("text_feild", "text"),
        ("sources[0]", "unknown key 'text_feild'", "did you mean 'text_field'?"),
    ),
    "unknown-stage-setting": (
        lambda c: c["stages"].__setitem__(1, {"length_filter": {"min_char": 1}}),
        ("stages[1].length_filter", "unknown key 'min_char'", "did you mean 'min_chars'?"),
    ),
    "bad-value-type": (
        lambda c: c["stages"].__setitem__(1, {"length_filter": {"min_chars": "mười"}}),
        ("stages[1].length_filter.min_chars: Input should be a valid integer",),
    ),
    "bad-top-level-type": (
        lambda c: c.__setitem__("batch_size", "nhiều"),
        ("batch_size: Input should be a valid integer",),
    ),
    "format-typo": (
        lambda c: c["sources"][0].__setitem__("format", "jsnl"),
        (
            "sources[0].format",
            "'jsonl', 'parquet', 'csv', 'text_files', 'warc', 'html', 'wikipedia' or 'documents'",
            "did you mean 'jsonl'?",
        ),
    ),
    "max-bad-fraction-out-of-range": (
        lambda c: c.__setitem__("max_bad_fraction", 1.5),
        ("max_bad_fraction: Input should be less than or equal to 1",),
    ),
}


@pytest.mark.parametrize("mistake", list(CONFIG_MISTAKES))
def test_config_mistake_names_the_key_and_reads_nothing(tmp_path: Path, mistake: str) -> None:
    change, needles = CONFIG_MISTAKES[mistake]
    write(tmp_path / "in" / "a.jsonl", jsonl_bytes([json_line(0)]))
    assert_config_error(tmp_path, _config_with(change), *needles)
    assert not (tmp_path / "out").exists()


# --- 13. max_bad_fraction ------------------------------------------------------------


def _tenth_malformed(folder: Path) -> None:
    lines = [json_line(i) if i % 10 else b'{"text": "h\xe1\xbb\x8fng' for i in range(100)]
    write(folder / "in" / "a.jsonl", jsonl_bytes(lines))


def test_default_max_bad_fraction_fails_the_run(tmp_path: Path) -> None:
    _tenth_malformed(tmp_path)
    config = pipeline_config(source("src", "jsonl", "in/a.jsonl"))
    del config["max_bad_fraction"]  # the default, 0.001
    result = run_command(tmp_path, config, expect=1)
    stderr = flat(result.stderr)
    assert "max_bad_fraction" in stderr
    assert "10 of 100" in stderr


def test_raised_max_bad_fraction_lets_the_run_finish(tmp_path: Path) -> None:
    _tenth_malformed(tmp_path)
    result = run_cli_ok(tmp_path, pipeline_config(source("src", "jsonl", "in/a.jsonl"), max_bad_fraction=0.5))
    assert result.entry()["quarantined_by_reason"] == {"malformed_json": 10}
    assert result.entry()["kept"] == 90


def test_raising_max_bad_fraction_after_a_failed_run_resumes_it(tmp_path: Path) -> None:
    _tenth_malformed(tmp_path)
    config = pipeline_config(source("src", "jsonl", "in/a.jsonl"))
    del config["max_bad_fraction"]
    run_command(tmp_path, config, expect=1)
    result = run_cli_ok(tmp_path, {**config, "max_bad_fraction": 0.5})
    assert (result.entry()["input"], result.entry()["quarantined"]) == (100, 10)


@pytest.mark.parametrize(("limit", "fails"), [(0.1, False), (0.09, True), (0.0, True)])
def test_max_bad_fraction_boundary(tmp_path: Path, limit: float, fails: bool) -> None:
    """10 bad records of 100: a limit of exactly 10% still passes."""
    _tenth_malformed(tmp_path)
    config = pipeline_config(source("src", "jsonl", "in/a.jsonl"), max_bad_fraction=limit)
    if fails:
        with pytest.raises(RunFailed, match="max_bad_fraction"):
            run_api(tmp_path, config)
    else:
        assert run_api(tmp_path, config).entry()["quarantined"] == 10
