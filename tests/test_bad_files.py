"""Bad files never crash a run: damaged, empty, huge, unreadable or mis-shaped.

Every case builds its own small input in ``tmp_path``, runs the pipeline
``normalize → length_filter{min_chars: 1} → exact_dedup`` (through the CLI where the
exit code and stderr matter, through ``Pipeline.run`` otherwise) and checks the ledger
against the rows actually written to ``kept/``, ``rejected/``, ``duplicates/`` and
``quarantine/``.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import os
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from bad_input_helpers import (
    assert_config_error,
    check_output,
    flat,
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
from conftest import run_cli, write_pipeline

# --- 4. truncated compressed streams -----------------------------------------------


def _zstd_two_frames(data: bytes) -> bytes:
    """Two frames written by streaming (no content size in the header)."""
    half = len(data) // 2
    out = io.BytesIO()
    for part in (data[:half], data[half:]):
        with zstandard.ZstdCompressor().stream_writer(out, closefd=False) as writer:
            writer.write(part)
    return out.getvalue()


COMPRESSORS: dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
    # suffix: (compress, tolerant decompress of a prefix)
    "gz": (gzip.compress, lambda cut: zlib.decompressobj(wbits=31).decompress(cut)),
    "zst": (
        lambda data: zstandard.ZstdCompressor().compress(data),
        lambda cut: zstandard.ZstdDecompressor().decompressobj().decompress(cut),
    ),
    "xz": (lzma.compress, lambda cut: lzma.LZMADecompressor().decompress(cut)),
    "bz2": (bz2.compress, lambda cut: bz2.BZ2Decompressor().decompress(cut)),
}


@pytest.mark.parametrize("suffix", ["gz", "zst", "xz", "bz2", "zst-two-frames"])
def test_truncated_compressed_jsonl(tmp_path: Path, suffix: str) -> None:
    lines = [json_line(i) for i in range(25_000)]  # ~2 MB: several compression blocks
    data = jsonl_bytes(lines)
    if suffix == "zst-two-frames":
        packed = _zstd_two_frames(data)
        cut = packed[: len(packed) * 2 // 3]
        first = zstandard.ZstdDecompressor().decompressobj()
        decoded = first.decompress(cut)
        decoded += zstandard.ZstdDecompressor().decompressobj().decompress(first.unused_data)
        suffix = "zst"
    else:
        compress, tolerant = COMPRESSORS[suffix]
        packed = compress(data)
        cut = packed[: len(packed) * 2 // 3]
        decoded = tolerant(cut)
    complete = decoded.count(b"\n")  # what can honestly be recovered before the cut
    assert 0 < complete < len(lines)
    write(tmp_path / "in" / f"a.jsonl.{suffix}", cut)
    result = run_cli_ok(tmp_path, pipeline_config(source("src", "jsonl", f"in/a.jsonl.{suffix}")))
    entry = result.entry()
    assert entry["quarantined_by_reason"] == {"truncated_stream": 1}, entry
    assert entry["kept"] == complete
    assert entry["input"] == complete + 1
    row = only_quarantined(result)
    assert row["origin"] == f"a.jsonl.{suffix}@{sum(len(line) + 1 for line in lines[:complete])}"
    assert sorted(result.kept_texts()) == sorted(sentence(i) for i in range(complete))


@pytest.mark.parametrize("suffix", ["gz", "zst", "xz"])
def test_compressed_file_cut_inside_its_header(tmp_path: Path, suffix: str) -> None:
    packed = COMPRESSORS[suffix][0](jsonl_bytes([json_line(0)]))
    write(tmp_path / "in" / f"a.jsonl.{suffix}", packed[:3])
    write(tmp_path / "in" / "b.jsonl", jsonl_bytes([json_line(1)]))
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", "in")))
    assert result.entry()["quarantined_by_reason"] == {"truncated_stream": 1}
    assert result.kept_texts() == [sentence(1)]


@pytest.mark.parametrize("suffix", ["gz", "zst", "xz", "bz2"])
@pytest.mark.parametrize("tail", ["garbage", "cut-second-stream-header"])
def test_damage_after_the_first_compressed_stream_is_reported(tmp_path: Path, suffix: str, tail: str) -> None:
    """Bytes after a complete stream that do not form another stream: every record
    before them is kept and the damage is one truncated_stream record, not ignored."""
    compress = COMPRESSORS[suffix][0]
    lines = [json_line(i) for i in range(3000)]
    damage = b"day khong phai du lieu nen" if tail == "garbage" else compress(jsonl_bytes([json_line(9)]))[:5]
    write(tmp_path / "in" / f"a.jsonl.{suffix}", compress(jsonl_bytes(lines)) + damage)
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", f"in/a.jsonl.{suffix}")))
    assert result.entry()["quarantined_by_reason"] == {"truncated_stream": 1}
    assert result.entry()["kept"] == len(lines)


@pytest.mark.parametrize("suffix", ["gz", "zst", "xz", "bz2"])
def test_concatenated_streams_and_padding_read_whole(tmp_path: Path, suffix: str) -> None:
    compress = COMPRESSORS[suffix][0]
    first, second = [json_line(i) for i in range(100)], [json_line(i) for i in range(100, 250)]
    padding = b"\0" * 8 if suffix in ("xz", "gz") else b""  # padding both formats allow
    write(
        tmp_path / "in" / f"a.jsonl.{suffix}",
        compress(jsonl_bytes(first)) + padding + compress(jsonl_bytes(second)) + padding,
    )
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", f"in/a.jsonl.{suffix}")))
    assert result.entry()["quarantined"] == 0
    assert result.entry()["kept"] == 250


def test_intact_zstd_multi_frame_file_reads_without_quarantine(tmp_path: Path) -> None:
    lines = [json_line(i) for i in range(5000)]
    write(tmp_path / "in" / "a.jsonl.zst", _zstd_two_frames(jsonl_bytes(lines)))
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", "in/a.jsonl.zst")))
    assert result.entry()["quarantined"] == 0
    assert result.entry()["kept"] == len(lines)


# --- 5. empty files ----------------------------------------------------------------


def _empty_parquet(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), path)


EMPTY_FILES: dict[str, tuple[str, str, Callable[[Path], Any]]] = {
    # case: (format, file name, writer)
    "jsonl": ("jsonl", "e.jsonl", lambda p: write(p, b"")),
    "jsonl.gz": ("jsonl", "e.jsonl.gz", lambda p: write(p, gzip.compress(b""))),
    "jsonl.zst": ("jsonl", "e.jsonl.zst", lambda p: write(p, zstandard.ZstdCompressor().compress(b""))),
    "jsonl.xz": ("jsonl", "e.jsonl.xz", lambda p: write(p, lzma.compress(b""))),
    "jsonl.bz2": ("jsonl", "e.jsonl.bz2", lambda p: write(p, bz2.compress(b""))),
    "jsonl-bom-only": ("jsonl", "e.jsonl", lambda p: write(p, b"\xef\xbb\xbf")),
    "csv": ("csv", "e.csv", lambda p: write(p, b"")),
    "text_files": ("text_files", "e.txt", lambda p: write(p, b"")),
    "parquet": ("parquet", "e.parquet", _empty_parquet),
}


@pytest.mark.parametrize("case", sorted(EMPTY_FILES))
def test_empty_file_is_counted_not_failed(tmp_path: Path, case: str) -> None:
    fmt, name, make = EMPTY_FILES[case]
    make(tmp_path / "empty" / name)
    write(tmp_path / "good" / "g.jsonl", jsonl_bytes([json_line(0)]))
    config = pipeline_config(
        source("empty", fmt, f"empty/{name}" if fmt != "text_files" else "empty"),
        source("good", "jsonl", "good/g.jsonl"),
    )
    result = run_cli_ok(tmp_path, config) if case in ("jsonl", "csv", "text_files") else run_api(tmp_path, config)
    empty = result.entry("empty")
    assert (empty["input"], empty["empty_files"]) == (0, 1)
    assert result.ledger["total"]["empty_files"] == 1
    assert result.entry("good")["kept"] == 1


def test_empty_file_next_to_good_files_in_one_source(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.jsonl", jsonl_bytes([json_line(0), json_line(1)]))
    write(tmp_path / "in" / "b.jsonl", b"")
    result = run_api(tmp_path, pipeline_config(source("src", "jsonl", "in/*.jsonl")))
    assert (result.entry()["input"], result.entry()["kept"], result.entry()["empty_files"]) == (2, 2, 1)


# --- 7. a 200 MB single line ---------------------------------------------------------

HUGE = 200 * 1024 * 1024


def _write_huge_jsonl(path: Path) -> int:
    """Good line, one ~200 MB record, good line; streamed to disk. Returns its size."""
    chunk = ("Việt Nam đất nước ta ơi, mênh mông biển lúa đâu trời đẹp hơn. " * 1000).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(json_line(0) + b"\n")
        handle.write(b'{"text": "')
        size = len(b'{"text": "')
        while size < HUGE:
            handle.write(chunk)
            size += len(chunk)
        handle.write(b'"}')
        size += 2
        handle.write(b"\n" + json_line(1) + b"\n")
    return size


def _run_cli_measuring_rss(pipeline: Path) -> tuple[int, str, int]:
    """Run the CLI; returns (exit code, stderr, peak RSS in bytes of the run's processes).

    ``os.wait4`` reports the child's own ``ru_maxrss`` (kernel: the largest of the
    child and its reaped descendants), unaffected by other children of pytest.
    """
    with (pipeline.parent / "stderr.txt").open("w+") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "vicorpus", "run", str(pipeline), "--quiet"],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    return process.returncode, stderr, usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux


def test_200_mb_single_line_is_quarantined_with_bounded_memory(tmp_path: Path) -> None:
    # Baseline: the same command on a tiny file (interpreter, Polars and Arrow loaded).
    small = tmp_path / "small"
    write(small / "in" / "a.jsonl", jsonl_bytes([json_line(0), json_line(1)]))
    code, stderr, baseline = _run_cli_measuring_rss(
        write_pipeline(small, pipeline_config(source("src", "jsonl", "in/a.jsonl")))
    )
    assert code == 0, stderr

    big = tmp_path / "big"
    size = _write_huge_jsonl(big / "in" / "huge.jsonl")
    code, stderr, peak = _run_cli_measuring_rss(
        write_pipeline(big, pipeline_config(source("src", "jsonl", "in/huge.jsonl")))
    )
    assert code == 0, stderr
    assert "Traceback" not in stderr
    # Holding the line once would add 200 MB (decoding it, several times that).
    assert peak - baseline < 96 * 1024 * 1024, (peak / 2**20, baseline / 2**20)
    (big / "in" / "huge.jsonl").unlink()  # free the disk early

    result = check_output(big / "out")
    entry = result.entry()
    assert (entry["input"], entry["kept"]) == (3, 2)
    assert entry["quarantined_by_reason"] == {"record_too_large": 1}
    row = only_quarantined(result)
    assert row["raw_truncated"] is True
    assert row["raw_size"] == size
    assert row["raw"].startswith(b'{"text": "Vi')
    assert len(row["raw"]) <= 1024 * 1024
    assert row["origin"] == f"huge.jsonl@{len(json_line(0)) + 1}"
    assert sorted(result.kept_texts()) == sorted([sentence(0), sentence(1)])


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b""])
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_oversized_record_size_is_the_record_without_its_line_ending(tmp_path: Path, fmt: str, ending: bytes) -> None:
    """Same measure as every other quarantine row: raw_size = len(line) minus the newline."""
    long_text = "Hà Giang có những cung đường đèo quanh co. " * 100  # ~5 KB, over 1 KiB
    separator = ending or b"\n"
    if fmt == "jsonl":
        big = json.dumps({"text": long_text}, ensure_ascii=False).encode()
        data = json_line(0) + separator + big + ending
    else:
        big = long_text.encode()
        data = b"text" + separator + sentence(0).encode() + separator + big + ending
    write(tmp_path / "in" / f"a.{fmt}", data)
    result = run_api(tmp_path, pipeline_config(source("src", fmt, f"in/a.{fmt}"), max_record_bytes=1024))
    row = only_quarantined(result)
    assert (row["error_code"], row["raw_size"], row["raw_truncated"]) == ("record_too_large", len(big), True)
    assert big.startswith(row["raw"])
    assert result.kept_texts() == [sentence(0)]


# --- 8. Parquet with the wrong schema ----------------------------------------------


def _parquet(path: Path, columns: dict[str, list[Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path)


def test_parquet_without_text_column_anywhere_is_a_config_error(tmp_path: Path) -> None:
    _parquet(tmp_path / "in" / "a.parquet", {"noi_dung": [sentence(0)], "tieu_de": ["Hà Nội"]})
    _parquet(tmp_path / "in" / "b.parquet", {"noi_dung": [sentence(1)], "tieu_de": ["Huế"]})
    stderr = assert_config_error(
        tmp_path, pipeline_config(source("src", "parquet", "in/*.parquet")), "sources[0].text_field"
    )
    assert "noi_dung" in stderr
    assert "tieu_de" in stderr
    assert not (tmp_path / "out").exists()


def test_parquet_int_text_column_is_text_not_string(tmp_path: Path) -> None:
    _parquet(tmp_path / "in" / "a.parquet", {"text": [1, 2, 3]})
    _parquet(tmp_path / "in" / "b.parquet", {"text": [sentence(0)]})
    result = run_api(tmp_path, pipeline_config(source("src", "parquet", "in")))
    assert result.entry()["quarantined_by_reason"] == {"text_not_string": 3}
    assert sorted(row["origin"] for row in result.quarantine) == ["a.parquet#0", "a.parquet#1", "a.parquet#2"]
    assert all(row["raw"] for row in result.quarantine)
    assert result.kept_texts() == [sentence(0)]


def test_parquet_file_lacking_text_column_next_to_a_good_file(tmp_path: Path) -> None:
    _parquet(
        tmp_path / "in" / "a.parquet",
        {"text": [sentence(0), sentence(1)], "url": ["https://vnexpress.net/a", None]},
    )
    _parquet(tmp_path / "in" / "b.parquet", {"noi_dung": [sentence(2), sentence(3), sentence(4)]})
    result = run_api(tmp_path, pipeline_config(source("src", "parquet", "in")))
    assert result.entry()["input"] == 5
    assert result.entry()["quarantined_by_reason"] == {"missing_text_field": 3}
    assert {row["origin"].split("#")[0] for row in result.quarantine} == {"b.parquet"}
    assert sorted(result.kept_texts()) == sorted([sentence(0), sentence(1)])


@pytest.mark.parametrize("damage", ["truncated", "garbage", "zero-footer"])
def test_corrupt_parquet_file_is_one_unreadable_file(tmp_path: Path, damage: str) -> None:
    _parquet(tmp_path / "in" / "a.parquet", {"text": [sentence(0), sentence(1)]})
    _parquet(tmp_path / "in" / "b.parquet", {"text": [sentence(i) for i in range(2, 50)]})
    data = (tmp_path / "in" / "b.parquet").read_bytes()
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = b"PAR1" + os.urandom(200)
    else:
        data = data[:-8] + b"\x00\x00\x00\x00PAR1"
    write(tmp_path / "in" / "b.parquet", data)
    result = run_cli_ok(tmp_path, pipeline_config(source("src", "parquet", "in")))
    assert result.entry()["quarantined_by_reason"] == {"unreadable_file": 1}
    assert only_quarantined(result)["origin"] == "b.parquet"
    assert sorted(result.kept_texts()) == sorted([sentence(0), sentence(1)])


# --- 9. CSV --------------------------------------------------------------------------


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def test_csv_ragged_rows_are_quarantined(tmp_path: Path) -> None:
    data = _csv_bytes(
        [
            ["id", "text", "url"],
            ["1", sentence(0), "https://dantri.com.vn/1"],
            ["2", sentence(1)],  # a field short
            ["3", sentence(2), "https://dantri.com.vn/3"],
            ["4", sentence(3), "https://dantri.com.vn/4", "thừa"],  # a field too many
            ["5", sentence(4), ""],
        ]
    )
    write(tmp_path / "in" / "a.csv", data)
    result = run_api(tmp_path, pipeline_config(source("src", "csv", "in/a.csv")))
    assert result.entry()["input"] == 5
    assert result.entry()["quarantined_by_reason"] == {"ragged_row": 2}
    assert sorted(row["origin"] for row in result.quarantine) == ["a.csv#2", "a.csv#4"]
    assert {row["raw"] for row in result.quarantine} == {
        f"2,{sentence(1)}".encode(),
        f"4,{sentence(3)},https://dantri.com.vn/4,thừa".encode(),
    }
    assert sorted(result.kept_texts()) == sorted([sentence(0), sentence(2), sentence(4)])


def test_csv_quoted_multiline_field_is_kept_intact(tmp_path: Path) -> None:
    poem = 'Trăm năm trong cõi người ta,\nChữ tài chữ mệnh khéo là ghét nhau.\n"Truyện Kiều", Nguyễn Du'
    data = _csv_bytes([["text", "id"], [sentence(0), "1"], [poem, "2"], [sentence(1), "3"]])
    assert '"Trăm năm'.encode() in data  # written as a quoted field spanning three lines
    write(tmp_path / "in" / "a.csv", data)
    result = run_api(tmp_path, pipeline_config(source("src", "csv", "in/a.csv")))
    assert result.entry()["quarantined"] == 0
    assert result.entry()["kept"] == 3
    assert poem in result.kept_texts()
    assert sorted(row["origin"] for row in result.kept) == ["a.csv#1", "a.csv#2", "a.csv#3"]


def test_csv_header_without_text_column_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.csv", _csv_bytes([["id", "noi_dung"], ["1", sentence(0)]]))
    stderr = assert_config_error(
        tmp_path, pipeline_config(source("src", "csv", "in/a.csv")), "sources[0].text_field", "'text'"
    )
    assert "noi_dung" in stderr
    assert not (tmp_path / "out").exists()


# --- 10. unreadable files -----------------------------------------------------------


def _drop_read_override() -> None:
    """preexec_fn: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set, so
    that the exec'd CLI, though root, obeys file permissions like any user."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _run_cli_obeying_permissions(pipeline: Path) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0:
        return run_cli("run", pipeline, "--quiet")
    probe = subprocess.run(["true"], preexec_fn=_drop_read_override, check=False)
    if probe.returncode != 0:
        pytest.skip("running as root without CAP_SETPCAP: cannot make a file unreadable")
    return subprocess.run(
        [sys.executable, "-m", "vicorpus", "run", str(pipeline), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        preexec_fn=_drop_read_override,
    )


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "text_files"])
def test_file_without_read_permission_is_unreadable_file(tmp_path: Path, fmt: str) -> None:
    """chmod 000. As root (which reads anything) the CLI runs with the DAC-override
    capabilities dropped, so the open() really fails with EACCES."""
    inputs = tmp_path / "in"
    suffix = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet", "text_files": "txt"}[fmt]
    for name, i in (("a", 0), ("b", 1)):
        path = inputs / f"{name}.{suffix}"
        if fmt == "jsonl":
            write(path, jsonl_bytes([json_line(i)]))
        elif fmt == "csv":
            write(path, _csv_bytes([["text"], [sentence(i)]]))
        elif fmt == "parquet":
            _parquet(path, {"text": [sentence(i)]})
        else:
            write(path, sentence(i).encode())
    locked = inputs / f"b.{suffix}"
    locked.chmod(0)
    try:
        result = _run_cli_obeying_permissions(write_pipeline(tmp_path, pipeline_config(source("src", fmt, "in"))))
    finally:
        locked.chmod(0o644)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    checked = check_output(tmp_path / "out")
    assert checked.entry()["quarantined_by_reason"] == {"unreadable_file": 1}
    row = only_quarantined(checked)
    assert row["origin"] == f"b.{suffix}"
    assert "ermission denied" in row["error"]
    assert checked.kept_texts() == [sentence(0)]


@pytest.mark.parametrize("fmt", ["jsonl", "text_files"])
def test_dangling_symlink_is_unreadable_file(tmp_path: Path, fmt: str) -> None:
    """A link whose target is gone: open() fails with ENOENT, even for root."""
    suffix = "jsonl" if fmt == "jsonl" else "txt"
    write(
        tmp_path / "in" / f"a.{suffix}",
        jsonl_bytes([json_line(0)]) if fmt == "jsonl" else sentence(0).encode(),
    )
    (tmp_path / "in" / f"b.{suffix}").symlink_to(tmp_path / "gone" / f"b.{suffix}")
    result = run_api(tmp_path, pipeline_config(source("src", fmt, "in")))
    assert result.entry()["quarantined_by_reason"] == {"unreadable_file": 1}
    assert only_quarantined(result)["origin"] == f"b.{suffix}"
    assert result.kept_texts() == [sentence(0)]


def test_folder_that_cannot_be_listed_is_a_config_error(tmp_path: Path) -> None:
    """Files in a folder nobody can list cannot be counted: refuse to start, naming it."""
    write(tmp_path / "in" / "a.jsonl", jsonl_bytes([json_line(0)]))
    locked = tmp_path / "in" / "locked"
    write(locked / "b.jsonl", jsonl_bytes([json_line(1)]))
    locked.chmod(0)
    try:
        result = _run_cli_obeying_permissions(write_pipeline(tmp_path, pipeline_config(source("src", "jsonl", "in"))))
    finally:
        locked.chmod(0o755)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    stderr = flat(result.stderr)
    assert "sources[0].path" in stderr
    assert "locked" in stderr
    assert not (tmp_path / "out").exists()
