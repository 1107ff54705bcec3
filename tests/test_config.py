"""Pipeline configuration: YAML round trip and errors that name the key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from vicorpus import ConfigError, ExactDedup, LengthFilter, Normalize, Pipeline, Source
from vicorpus.pipeline import MiB

ISSUE_YAML = """
sources:
  - name: news
    format: jsonl            # jsonl | parquet | csv | text_files
    path: data/*.jsonl.gz
    text_field: text
    license: NOASSERTION     # SPDX expression
stages:
  - normalize: {}
  - length_filter: {min_chars: 200}
  - exact_dedup: {}
output: out/
"""


def test_issue_yaml_parses_as_written() -> None:
    pipeline = Pipeline.from_yaml(ISSUE_YAML)
    assert [s.name for s in pipeline.stages] == ["normalize", "length_filter", "exact_dedup"]
    assert pipeline.stages[1] == LengthFilter(min_chars=200)
    assert pipeline.sources[0].format == "jsonl"
    assert pipeline.output == "out/"


def test_yaml_round_trip() -> None:
    pipeline = Pipeline.from_yaml(ISSUE_YAML)
    again = Pipeline.from_yaml(pipeline.to_yaml())
    assert again == pipeline
    assert again.to_yaml() == pipeline.to_yaml()


def test_python_built_pipeline_round_trips() -> None:
    pipeline = Pipeline(
        sources=(Source(name="wiki", format="parquet", path="wiki/*.parquet", license="CC-BY-SA-3.0"),),
        stages=(
            Normalize(),
            LengthFilter(min_chars=50, max_chars=100_000),
            ExactDedup(key="casefold_whitespace"),
        ),
        output="out",
        batch_bytes=8 * MiB,
    )
    assert Pipeline.from_yaml(pipeline.to_yaml()) == pipeline


def test_relative_paths_resolve_against_the_pipeline_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    config = tmp_path / "conf" / "p.yaml"
    config.write_text(ISSUE_YAML, encoding="utf-8")
    pipeline = Pipeline.from_yaml(config)
    assert pipeline.resolve("data/x.jsonl") == tmp_path / "conf" / "data" / "x.jsonl"
    assert Pipeline.from_yaml(pipeline.to_yaml()) == pipeline  # wherever it was loaded from
    assert Pipeline.from_yaml(str(config)) == pipeline


def _problems(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        Pipeline.from_yaml(text)
    return str(caught.value)


def test_unknown_stage_names_the_nearest() -> None:
    message = _problems(ISSUE_YAML.replace("length_filter:", "lenght_filter:"))
    assert "stages[1]: unknown stage 'lenght_filter' (did you mean 'length_filter'?)" in message


def test_unknown_stage_setting_names_the_path_and_valid_keys() -> None:
    message = _problems(ISSUE_YAML.replace("min_chars: 200", "min_char: 200"))
    assert "stages[1].length_filter: unknown key 'min_char' (did you mean 'min_chars'?)" in message
    assert "valid keys: min_chars, max_chars" in message


def test_bad_value_names_the_path() -> None:
    message = _problems(ISSUE_YAML.replace("min_chars: 200", "min_chars: many"))
    assert "stages[1].length_filter.min_chars:" in message


def test_bad_format_lists_the_choices() -> None:
    message = _problems(ISSUE_YAML.replace("format: jsonl", "format: jsnol"))
    assert "sources[0].format:" in message
    assert "'jsonl'" in message and "'parquet'" in message
    assert "did you mean 'jsonl'?" in message


def test_unknown_top_level_and_source_keys() -> None:
    message = _problems(ISSUE_YAML.replace("output: out/", "outptu: out/").replace("text_field:", "text_feild:"))
    assert "<top level>: unknown key 'outptu' (did you mean 'output'?)" in message
    assert "sources[0]: unknown key 'text_feild' (did you mean 'text_field'?)" in message


def test_all_problems_reported_together() -> None:
    message = _problems(ISSUE_YAML.replace("format: jsonl", "format: xml").replace("min_chars: 200", "min_chars: -1"))
    assert "sources[0].format" in message and "stages[1].length_filter.min_chars" in message


def test_duplicate_source_names_and_bad_bounds() -> None:
    two = ISSUE_YAML.replace("stages:", "  - {name: news, format: csv, path: x.csv}\nstages:").replace(
        "min_chars: 200", "min_chars: 200, max_chars: 100"
    )
    message = _problems(two)
    assert "sources[1].name: duplicate source name 'news'" in message
    assert "max_chars must be at least min_chars" in message


def test_not_yaml_and_not_a_mapping() -> None:
    assert "not valid YAML" in _problems("sources: [unclosed\n")
    assert "must be a mapping" in _problems("- just\n- a list\n")


def test_missing_sources() -> None:
    assert "sources" in _problems("stages: []\noutput: out\n")
