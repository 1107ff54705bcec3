"""Bad records never crash a run: each gets a counted outcome, nothing is lost.

Every case builds its own small input in ``tmp_path``, runs the pipeline
``normalize → length_filter{min_chars: 1} → exact_dedup`` (through the CLI where the
exit code and stderr matter, through ``Pipeline.run`` otherwise) and checks the ledger
against the rows actually written to ``kept/``, ``rejected/``, ``duplicates/`` and
``quarantine/``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bad_input_helpers import (
    BUCKETS,
    json_line,
    jsonl_bytes,
    only_quarantined,
    pipeline_config,
    run_api,
    run_cli_ok,
    sentence,
    source,
    write,
)

# --- 1. malformed JSON -------------------------------------------------------------


def test_malformed_json_line_is_quarantined_with_its_raw_bytes(tmp_path: Path) -> None:
    bad = '{"text": "Đà Nẵng có cầu Rồng phun lửa vào cuối tuần", "id": 99'.encode()
    lines = [json_line(0), json_line(1), bad, json_line(2), json_line(3)]
    write(tmp_path / "in" / "a.jsonl", jsonl_bytes(lines))
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", "in/a.jsonl")))
    entry = result.entry()
    assert (entry["input"], entry["kept"], entry["quarantined"]) == (5, 4, 1)
    assert entry["quarantined_by_reason"] == {"malformed_json": 1}
    row = only_quarantined(result)
    assert row["error_code"] == "malformed_json"
    assert row["raw"] == bad
    assert row["raw_size"] == len(bad)
    assert row["raw_truncated"] is False
    assert row["origin"] == f"a.jsonl@{len(lines[0]) + len(lines[1]) + 2}"
    assert sorted(result.kept_texts()) == sorted(sentence(i) for i in range(4))


# --- 2. invalid UTF-8 --------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        b'{"text": "Th\xe1\xbb nh ph\xe1\xbb\x91 Hu\xe1\xba"}',  # cut multi-byte sequences
        b'{"text": "Ph\xff\xfe c\xe1\xbb\x95"}',  # bytes that never occur in UTF-8
        b'{"text": "\xed\xa0\x80 s\xe1\xbb\x91"}',  # an encoded surrogate
        b'{"text": "C\xe1\xba\xa7n Th\xc6\xa1", "note": "\xc0\xaf"}',  # overlong, in another key
    ],
    ids=["truncated-sequence", "ff-fe", "surrogate", "overlong-other-field"],
)
def test_invalid_utf8_in_jsonl_line(tmp_path: Path, bad: bytes) -> None:
    write(tmp_path / "in" / "a.jsonl", jsonl_bytes([json_line(0), bad, json_line(1)]))
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", "in/a.jsonl")))
    assert result.entry()["quarantined_by_reason"] == {"invalid_utf8": 1}
    assert result.entry()["kept"] == 2
    assert only_quarantined(result)["raw"] == bad


def test_invalid_utf8_in_csv_row(tmp_path: Path) -> None:
    bad = b'"Nha Trang c\xf3 bi\xe1\xbb\x83n",2'
    data = b"text,id\n" + sentence(0).encode() + b",1\n" + bad + b"\n" + sentence(1).encode() + b",3\n"
    write(tmp_path / "in" / "a.csv", data)
    result = run_api(tmp_path, pipeline_config(source("src", "csv", "in/a.csv")))
    assert result.entry()["quarantined_by_reason"] == {"invalid_utf8": 1}
    assert only_quarantined(result)["raw"] == bad
    assert sorted(result.kept_texts()) == sorted([sentence(0), sentence(1)])


def _parquet_with_raw_strings(path: Path, values: list[bytes]) -> None:
    """A Parquet string column holding arbitrary bytes (pyarrow does not check them)."""
    offsets = [0]
    for value in values:
        offsets.append(offsets[-1] + len(value))
    array = pa.Array.from_buffers(
        pa.string(),
        len(values),
        [None, pa.py_buffer(pa.array(offsets, pa.int32()).buffers()[1]), pa.py_buffer(b"".join(values))],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"text": array, "id": list(range(len(values)))}), path)


def test_invalid_utf8_in_parquet_string_column(tmp_path: Path) -> None:
    values = [sentence(0).encode(), b"Hu\xe1\xba \xff", sentence(1).encode()]
    _parquet_with_raw_strings(tmp_path / "in" / "a.parquet", values)
    result = run_cli_ok(tmp_path, pipeline_config(source("src", "parquet", "in/a.parquet")))
    assert result.entry()["input"] == 3
    assert result.entry()["quarantined_by_reason"] == {"invalid_utf8": 1}
    row = only_quarantined(result)
    assert row["origin"] == "a.parquet#1"
    assert b"Hu\xe1\xba \xff" in row["raw"]
    assert sorted(result.kept_texts()) == sorted([sentence(0), sentence(1)])


# --- 3. NUL bytes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        '{"text": "Hải Phòng\x00 là thành phố cảng"}'.encode(),
        '{"text": "Hải Phòng là thành phố cảng"}\x00'.encode(),
        b"\x00\x00\x00\x00",
    ],
    ids=["in-string", "after-document", "only-nuls"],
)
def test_raw_nul_in_jsonl_line_is_malformed_json(tmp_path: Path, bad: bytes) -> None:
    write(tmp_path / "in" / "a.jsonl", jsonl_bytes([json_line(0), bad, json_line(1)]))
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", "in/a.jsonl")))
    assert result.entry()["quarantined_by_reason"] == {"malformed_json": 1}
    assert only_quarantined(result)["raw"] == bad
    assert result.entry()["kept"] == 2


def test_escaped_nul_in_json_string_is_a_valid_document(tmp_path: Path) -> None:
    escaped = b'{"text": "Qu\\u1ea3ng Ninh\\u0000 gi\\u00e1p Trung Qu\\u1ed1c"}'
    write(tmp_path / "in" / "a.jsonl", jsonl_bytes([json_line(0), escaped]))
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", "in/a.jsonl")))
    assert result.entry()["quarantined"] == 0
    # Kept as a document; `normalize` then removes the control character.
    assert sorted(result.kept_texts()) == sorted([sentence(0), "Quảng Ninh giáp Trung Quốc"])


def test_nul_in_text_file_is_binary_content(tmp_path: Path) -> None:
    write(tmp_path / "in" / "good.txt", sentence(0).encode())
    binary = "Bình Dương\x00\x01\x02".encode() + bytes(range(256))
    write(tmp_path / "in" / "junk.txt", binary)
    result = run_api(tmp_path, pipeline_config(source("src", "text_files", "in")))
    assert result.entry()["quarantined_by_reason"] == {"binary_content": 1}
    row = only_quarantined(result)
    assert (row["origin"], row["raw"], row["raw_size"]) == ("junk.txt", binary, len(binary))
    assert result.kept_texts() == [sentence(0)]


# --- 6. records without a usable text -----------------------------------------------


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        ('{"body": "Hội An về đêm lung linh ánh đèn lồng"}', "missing_text_field"),
        ('{"Text": "Hội An về đêm"}', "missing_text_field"),
        ('{"text": 2024}', "text_not_string"),
        ('{"text": 3.14}', "text_not_string"),
        ('{"text": true}', "text_not_string"),
        ('{"text": ["Huế", "mộng mơ"]}', "text_not_string"),
        ('{"text": {"vi": "Cần Thơ gạo trắng nước trong"}}', "text_not_string"),
        ('{"text": null}', "null_text"),
        ('["Nha Trang", "biển xanh cát trắng"]', "not_an_object"),
        ('"Sa Pa mùa đông có tuyết rơi"', "not_an_object"),
        ("42", "not_an_object"),
        ("null", "not_an_object"),
    ],
)
def test_record_without_usable_text(tmp_path: Path, bad: str, code: str) -> None:
    raw = bad.encode()
    write(tmp_path / "in" / "a.jsonl", jsonl_bytes([json_line(0), raw, json_line(1)]))
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", "in/a.jsonl")))
    assert result.entry()["quarantined_by_reason"] == {code: 1}
    row = only_quarantined(result)
    assert (row["raw"], row["raw_size"]) == (raw, len(raw))
    assert result.entry()["kept"] == 2


# --- 14. text file encodings ---------------------------------------------------------

# Decomposed (NFD) on purpose: what a macOS tool writes; NFC after `normalize`.
VIETNAMESE = unicodedata.normalize("NFD", "Tiếng Việt có sáu thanh điệu: ngang, huyền, sắc, hỏi, ngã, nặng.\nỞ đâu?")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", VIETNAMESE.encode("utf-8")),
        ("utf8-bom.txt", b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8")),
        ("utf16le-bom.txt", b"\xff\xfe" + VIETNAMESE.encode("utf-16-le")),
        ("utf16be-bom.txt", b"\xfe\xff" + VIETNAMESE.encode("utf-16-be")),
    ],
)
def test_text_file_encodings_round_trip(tmp_path: Path, name: str, data: bytes) -> None:
    write(tmp_path / "in" / name, data)
    result = run_api(tmp_path, pipeline_config(source("src", "text_files", "in")))
    assert result.entry()["quarantined"] == 0
    assert result.kept_texts() == [unicodedata.normalize("NFC", VIETNAMESE)]
    assert "\ufeff" not in result.kept_texts()[0]


def test_broken_utf16_text_file(tmp_path: Path) -> None:
    bad = b"\xff\xfe" + "Cà Mau".encode("utf-16-le") + b"\x00\xd8" + b"!"  # lone surrogate, odd length
    write(tmp_path / "in" / "bad.txt", bad)
    write(tmp_path / "in" / "good.txt", sentence(0).encode())
    result = run_api(tmp_path, pipeline_config(source("src", "text_files", "in")))
    assert result.entry()["quarantined_by_reason"] == {"invalid_utf16": 1}
    assert only_quarantined(result)["raw"] == bad


def test_invalid_utf8_text_file(tmp_path: Path) -> None:
    bad = "Đà Lạt".encode() + b" th\xe0nh ph\xf4 ng\xe0n hoa"  # Latin-1 mixed into UTF-8
    write(tmp_path / "in" / "bad.txt", bad)
    write(tmp_path / "in" / "good.txt", sentence(0).encode())
    result = run_api(tmp_path, pipeline_config(source("src", "text_files", "in", encoding="utf-8")))
    assert result.entry()["quarantined_by_reason"] == {"invalid_utf8": 1}
    assert only_quarantined(result)["raw"] == bad
    assert result.kept_texts() == [sentence(0)]


def test_jsonl_with_utf8_bom_keeps_its_first_record(tmp_path: Path) -> None:
    """Windows tools write a BOM before the first line; that line is still a record."""
    write(tmp_path / "in" / "a.jsonl", b"\xef\xbb\xbf" + jsonl_bytes([json_line(0), json_line(1)]))
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", "in/a.jsonl")))
    assert result.entry()["quarantined"] == 0
    assert sorted(result.kept_texts()) == sorted([sentence(0), sentence(1)])


def test_jsonl_files_joined_with_their_boms_keep_every_record(tmp_path: Path) -> None:
    """``cat a.jsonl b.jsonl`` of two such files puts b's BOM before a line mid-file."""
    bom = b"\xef\xbb\xbf"
    data = bom + jsonl_bytes([json_line(0), json_line(1)]) + bom + jsonl_bytes([json_line(2), json_line(3)])
    write(tmp_path / "in" / "a.jsonl", data)
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", "in/a.jsonl")))
    assert result.entry()["quarantined"] == 0
    assert sorted(result.kept_texts()) == sorted(sentence(i) for i in range(4))


# --- splitting: a file cut into several read tasks loses and repeats nothing ----------


def test_bad_lines_across_task_boundaries_are_counted_once(tmp_path: Path) -> None:
    lines = []
    for i in range(400):
        if i % 37 == 5:
            lines.append(b'{"text": "B\xe1\xba\xa1c Li\xc3\xaau", ')  # malformed
        elif i % 53 == 7:
            lines.append(("x" * 3000).encode())  # long and malformed, spans task boundaries
        else:
            lines.append(json_line(i))
    lines.append(json_line(0))  # one duplicate
    data = jsonl_bytes(lines)
    write(tmp_path / "in" / "a.jsonl", data)
    config = pipeline_config(source("src", "jsonl", "in/a.jsonl"), task_bytes=1024, workers=2)
    result = run_cli_ok(tmp_path, config)
    entry = result.entry()
    bad = sum(1 for i in range(400) if i % 37 == 5 or i % 53 == 7)
    assert entry["input"] == len(lines)
    assert entry["quarantined_by_reason"] == {"malformed_json": bad}
    assert entry["duplicates"] == 1
    assert entry["kept"] == len(lines) - bad - 1
    offsets = []
    position = 0
    for line in lines:
        offsets.append(f"a.jsonl@{position}")
        position += len(line) + 1
    seen = sorted(row["origin"] for bucket in BUCKETS for row in result.rows[bucket])
    assert seen == sorted(offsets)


# --- metadata too deep to write ---------------------------------------------------------


@pytest.mark.parametrize("depth", [300, 900])
def test_keep_fields_nested_too_deep_to_write_are_quarantined(tmp_path: Path, depth: int) -> None:
    # orjson reads JSON nested up to 1,024 levels but writes only 254: such a record
    # used to stop the whole run with "Recursion limit reached".
    deep = "[" * depth + "0" + "]" * depth
    bad = json_line(2)[:-1] + b', "meta": ' + deep.encode() + b"}"
    lines = [json_line(0, meta=[1]), json_line(1), bad, json_line(3, meta={"a": {"b": 1}})]
    write(tmp_path / "in" / "a.jsonl", jsonl_bytes(lines))
    config = pipeline_config(source("src", "jsonl", "in/a.jsonl", keep_fields=["meta"]))
    result = run_api(tmp_path, config)
    entry = result.entry()
    assert (entry["input"], entry["kept"], entry["quarantined"]) == (4, 3, 1)
    assert entry["quarantined_by_reason"] == {"unwritable_metadata": 1}
    row = only_quarantined(result)
    assert row["raw"] == bad
    assert "keep_fields" in row["error"]
    assert sorted(result.kept_texts()) == sorted(sentence(i) for i in (0, 1, 3))
