"""Readers in isolation: task splitting never loses or doubles a record."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vicorpus.config.source import Source
from vicorpus.readers import ReadLimits, read_task
from vicorpus.readers.planning import make_plan

LIMITS = ReadLimits(batch_size=7, batch_bytes=1 << 20, max_record_bytes=1 << 20)


def _read_all(path: Path, task_bytes: int, source: Source) -> tuple[list[str], list[str], int]:
    plan = make_plan((source,), lambda p: path.parent / p, task_bytes)
    texts: list[str] = []
    origins: list[str] = []
    for task in plan.tasks:
        for batch in read_task(task, source, LIMITS):
            texts.extend(batch.docs["text"].to_list())
            origins.extend(batch.docs["origin"].to_list())
            origins.extend(q["origin"] for q in batch.quarantine)
    return texts, origins, len(plan.tasks)


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(min_size=0, max_size=40), min_size=0, max_size=40),
    task_bytes=st.integers(min_value=1, max_value=300),
    crlf=st.booleans(),
    blank_every=st.integers(min_value=0, max_value=5),
)
def test_byte_range_split_reads_every_line_exactly_once(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], task_bytes: int, crlf: bool, blank_every: int
) -> None:
    folder = tmp_path_factory.mktemp("split")
    newline = b"\r\n" if crlf else b"\n"
    with (folder / "a.jsonl").open("wb") as out:
        for index, text in enumerate(texts):
            out.write(json.dumps({"text": text}).encode() + newline)
            if blank_every and index % blank_every == 0:
                out.write(newline)
    source = Source(name="s", format="jsonl", path="a.jsonl")
    whole, whole_origins, _ = _read_all(folder / "a.jsonl", 1 << 30, source)
    split, split_origins, tasks = _read_all(folder / "a.jsonl", task_bytes, source)
    assert whole == texts
    assert split == texts
    assert split_origins == whole_origins
    if texts and task_bytes < 10:
        assert tasks > 1


def test_parquet_split_by_row_groups(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(7)
    texts = ["".join(rng.choice("aăâbcdđeêghiklmnoôơpqrstuưvxy ") for _ in range(200)) for _ in range(1000)]
    pq.write_table(pa.table({"text": texts}), tmp_path / "a.parquet", row_group_size=100)
    source = Source(name="s", format="parquet", path="a.parquet")
    split, origins, tasks = _read_all(tmp_path / "a.parquet", 20_000, source)
    assert tasks > 2
    assert split == texts
    assert origins == [f"a.parquet#{i}" for i in range(1000)]


def test_text_files_grouped_and_relative_origins(tmp_path: Path) -> None:
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    for i in range(5):
        (tmp_path / "docs" / "sub" / f"{i}.txt").write_text(f"Văn bản số {i}", encoding="utf-8")
    (tmp_path / "docs" / ".hidden").write_text("x", encoding="utf-8")
    source = Source(name="s", format="text_files", path="docs")
    texts, origins, tasks = _read_all(tmp_path / "docs", 20, source)
    assert texts == [f"Văn bản số {i}" for i in range(5)]
    assert origins == [f"sub/{i}.txt" for i in range(5)]
    assert tasks >= 2


def test_domain_is_the_registrable_domain_of_the_url_host() -> None:
    import polars as pl

    from vicorpus.readers.base import host_column

    expected = {
        "https://www.VnExpress.net/thoi-su/a.html?x=1": "vnexpress.net",
        "https://m.vnexpress.net/a": "vnexpress.net",
        "http://user:pw@Tuoitre.vn:8080/x": "tuoitre.vn",
        "//cdn.example.vn/x": "example.vn",
        "HTTPS://Sub.Domain.vn#frag": "domain.vn",
        "https://thanhnien.com.vn/x": "thanhnien.com.vn",
        "https://moj.gov.vn/qt/tintuc": "moj.gov.vn",
        "https://vi.wikipedia.org/wiki/H%C3%A0_N%E1%BB%99i": "wikipedia.org",
        "https://[::1]:80/x": "::1",
        "http://192.168.1.10/x": "192.168.1.10",
        "http://localhost:8000/": "localhost",
        "not a url": None,
        "": None,
    }
    urls = [*expected, None]
    domains = pl.DataFrame({"url": urls}, schema={"url": pl.String}).select(host_column(pl.col("url")))
    assert dict(zip(urls, domains.to_series().to_list(), strict=True)) == {**expected, None: None}
