"""The JSONL text fast path gives exactly the batches of the exact (orjson) path.

Every case reads the same bytes twice, with the fast path on every line and with it
off, and compares every column of every batch, the quarantine rows and the counts.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from vicorpus.config.source import Source
from vicorpus.readers import ReadLimits, ReadTask
from vicorpus.readers import jsonl as jsonl_reader
from vicorpus.readers.base import ReadBatch
from vicorpus.readers.dispatch import read_task
from vicorpus.readers.json_text_kernel import COPIED, copy_text_field

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCE = Source(name="src", format="jsonl", path="x", keep_fields=("doc_key", "n", "nested", "text2"))
LEGACY = Source(name="src", format="jsonl", path="x", encoding="tcvn3")


FAST_LINES = [0]  # lines the fast path added, over the whole session


def _read(
    path: Path, source: Source, limits: ReadLimits, *, fast: bool, start: int = 0, end: int | None = None
) -> list[ReadBatch]:
    task = ReadTask(index=0, source_index=0, path=str(path), relpath="f.jsonl", start=start, end=end)
    original_for_builder = jsonl_reader.TextFieldFastPath.for_builder
    original_add = jsonl_reader.TextFieldFastPath.add

    def counted_add(self: jsonl_reader.TextFieldFastPath, line: bytes, locator: str) -> bool:
        added = original_add(self, line, locator)
        FAST_LINES[0] += added
        return added

    try:
        jsonl_reader.TextFieldFastPath.add = counted_add  # type: ignore[method-assign]
        if not fast:
            jsonl_reader.TextFieldFastPath.for_builder = classmethod(lambda cls, builder: None)  # type: ignore[method-assign,assignment]
        return list(read_task(task, source, limits))
    finally:
        jsonl_reader.TextFieldFastPath.for_builder = original_for_builder  # type: ignore[method-assign]
        jsonl_reader.TextFieldFastPath.add = original_add  # type: ignore[method-assign]


def assert_same_reading(
    path: Path, source: Source = SOURCE, limits: ReadLimits | None = None, start: int = 0, end: int | None = None
) -> list[ReadBatch]:
    limits = limits or ReadLimits(batch_size=3, batch_bytes=64, max_record_bytes=4096)
    exact = _read(path, source, limits, fast=False, start=start, end=end)
    fast = _read(path, source, limits, fast=True, start=start, end=end)
    assert len(fast) == len(exact)
    for fast_batch, exact_batch in zip(fast, exact, strict=True):
        assert_frame_equal(fast_batch.docs, exact_batch.docs)
        assert fast_batch.quarantine == exact_batch.quarantine
        assert fast_batch.empty_files == exact_batch.empty_files
    return fast


@pytest.fixture(autouse=True)
def _fast_path_on_every_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl_reader, "FAST_PATH_MIN_LINE_BYTES", 0)


# --- hand-written edge cases ----------------------------------------------------------

EDGE_LINES: list[bytes] = [
    b'{"text": "Ch\xc3\xa0o b\xe1\xba\xa1n", "doc_key": "a"}',
    b'{"text":"plain"}',
    b'  {"text": "spaces around"}  ',
    b'\t{"text": "tab"}\r',
    b'{"text": "crlf"}\r',
    b'{"text": ""}',
    b'{"text": "\\u0000 nul \\/ slash \\" quote \\\\ back \\b\\f\\n\\r\\t"}',
    b'{"text": "\\u00e0\\u1ea1\\u20AC\\uFFFF\\uffFe"}',
    b'{"text": "pair \\ud83d\\ude00 and \\uD834\\uDD1E"}',
    b'{"text": "lone high \\ud800"}',
    b'{"text": "lone high then text \\ud800abc"}',
    b'{"text": "lone low \\udc00"}',
    b'{"text": "high high \\ud800\\ud800"}',
    b'{"text": "reversed \\ude00\\ud83d"}',
    b'{"text": "bad hex \\u12g4"}',
    b'{"text": "short hex \\u12"}',
    b'{"text": "bad escape \\x41"}',
    b'{"text": "\\a"}',
    b'{"text": "raw \x01 control"}',
    b'{"text": "raw tab\tinside"}',
    b'{"text": "del \x7f ok"}',
    b'{"text": "a", "text": "b"}',
    b'{"text": "a", "t\\u0065xt": "b"}',
    b'{"t\\u0065xt": "b", "text": "a"}',
    b'{"t\\u0065xt": "only escaped key"}',
    b'{"text": 5}',
    b'{"text": null}',
    b'{"text": true}',
    b'{"text": ["a"]}',
    b'{"text": {"text": "inner"}}',
    b'{"nested": {"text": "inner"}, "text": "outer"}',
    b'{"nested": ["text", {"text": 1}], "text": "outer", "n": 1e400}',
    b'{"text": "x", "n": 123456789012345678901234567890}',
    b'{"text": "x", "n": -0.0, "doc_key": [1, {"b": 2, "a": 1}]}',
    b'{"text": "x", "text2": "kept", "url": "https://m.vnexpress.net/a", "date": 20240101}',
    b'{"text": "x", "url": {"a": 1}, "date": null}',
    b'{"doc_key": "no text"}',
    b"{}",
    b"[]",
    b'"text"',
    b"123",
    b"null",
    b'["text", "x"]',
    b'{"text": "x"} trailing',
    b'{"text": "x"}{"text": "y"}',
    b'{"text": "x",}',
    b'{"text": "x"',
    b'{"text": "unterminated}',
    b'{"text" "x"}',
    b'{"text": "x" "y"}',
    b'{text: "x"}',
    b"{'text': 'x'}",
    b'{"text": NaN}',
    b'{"text": "x", "n": NaN}',
    b'{"text": "x", "n": Infinity}',
    b'{"text": "x", "n": 01}',
    b"",
    b"   ",
    b"\r",
    b'{"text": "Th\xe1\xbb nh ph\xe1\xbb\x91"}',
    b'{"text": "\xff\xfe bytes"}',
    b'{"text": "\xed\xa0\x80 encoded surrogate"}',
    b'{"text": "\xc0\xaf overlong"}',
    b'{"text": "\xe0\x80\xaf overlong"}',
    b'{"text": "\xf0\x80\x80\xaf overlong"}',
    b'{"text": "\xf4\x90\x80\x80 past max"}',
    b'{"text": "\xf5\x80\x80\x80"}',
    b'{"text": "cut at end \xe1\xbb"}',
    b'{"text": "cut at end \xc3"}',
    b'{"text": "\xf0\x9f\x98\x80 emoji \xf4\x8f\xbf\xbf max"}',
    b'{"text": "ok", "doc_key": "\xff bad elsewhere"}',
    b'{"text": "ok", "doc_key": "\\ud800"}',
    b'{"\xc3\xa0": 1, "text": "key non-ascii"}',
    b'{"text":"x","doc_key":"\xe1\xba\xa1"}',
    b'\xef\xbb\xbf{"text": "bom not at start"}',
    b'{"text": "\\"}',
    b'{"text": "ends in backslash \\\\"}',
    b'{"text": "\\\\\\""}',
    b'{"a": "\\"text\\": \\"fake\\"", "text": "real"}',
    b'{"a": "text", "text": "real"}',
    b'{"text"  :  "spaced colon" , "doc_key" : 1 }',
    b'{"n": [1, 2, {"x": "}"}], "text": "after brackets in strings ]"}',
    b'{"text": "x"}}',
    b'{"text": "x"]',
    b"{" * 300 + b"}" * 300,
    b'{"n": ' + b"[" * 2000 + b"]" * 2000 + b', "text": "deep"}',
    '{"text": "Tiếng Việt có dấu: Đà Nẵng, Huế, Hà Nội — “ngoặc” …"}'.encode(),
    b'{"text": "\\u0110\\u00e0 N\\u1eb5ng"}',
]


def _jsonl(lines: list[bytes], ending: bytes = b"\n") -> bytes:
    return b"".join(line + ending for line in lines)


@pytest.mark.parametrize("ending", [b"\n", b"\r\n"])
@pytest.mark.parametrize("min_line_bytes", [0, 40])  # 40: short lines mix in exact-path texts
def test_edge_lines_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: bytes, min_line_bytes: int
) -> None:
    monkeypatch.setattr(jsonl_reader, "FAST_PATH_MIN_LINE_BYTES", min_line_bytes)
    path = tmp_path / "f.jsonl"
    path.write_bytes(_jsonl(EDGE_LINES, ending))
    fast_before = FAST_LINES[0]
    batches = assert_same_reading(path)
    assert sum(b.docs.height for b in batches) > 20  # both outcomes are exercised
    assert sum(len(b.quarantine) for b in batches) > 20
    assert FAST_LINES[0] - fast_before > 10  # ... and the fast path took many lines


def test_each_edge_line_alone_with_a_bom(tmp_path: Path) -> None:
    for index, line in enumerate(EDGE_LINES):
        path = tmp_path / f"{index}.jsonl"
        path.write_bytes(b"\xef\xbb\xbf" + line)  # no final newline either
        assert_same_reading(path)


def test_oversized_and_split_tasks(tmp_path: Path) -> None:
    big = b'{"text": "' + "Việt ".encode() * 2000 + b'"}'
    data = _jsonl([*EDGE_LINES[:10], big, *EDGE_LINES[10:40], big + b"  ", *EDGE_LINES[40:]])
    path = tmp_path / "f.jsonl"
    path.write_bytes(data)
    assert_same_reading(path, limits=ReadLimits(batch_size=4, batch_bytes=1024, max_record_bytes=4096))
    for cut in range(0, len(data), max(1, len(data) // 23)):
        assert_same_reading(path, start=0, end=cut)
        assert_same_reading(path, start=cut, end=None)


def test_legacy_encoding_fallback(tmp_path: Path) -> None:
    lines = list((SHARED_DATA / "legacy-encodings" / "generated_from_viwiki.jsonl").read_bytes().splitlines())
    path = tmp_path / "f.jsonl"
    path.write_bytes(_jsonl([*lines[:50], *EDGE_LINES]))
    assert_same_reading(path, LEGACY)


def test_text_field_settings_that_disable_or_move_the_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(_jsonl([*EDGE_LINES, b'{"v\xc4\x83n": "field \xc3\xa0", "body": "b", "text": "t"}']))
    for settings_ in (
        {"text_field": "body"},
        {"text_field": "v\u0103n"},
        {"text_field": "text", "keep_fields": ("text",)},
        {"text_field": "text", "url_field": "text"},
        {"text_field": "doc_key", "date_field": "text"},
        {"text_field": 'te"xt'},
    ):
        assert_same_reading(path, Source(name="src", format="jsonl", path="x", **settings_))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name",
    [
        "baomoi-news-2017/baomoi_news_sample500.jsonl",
        "viwiki-undertheseanlp/viwiki_sample200.jsonl",
        "vntc/vntc_train_sample500.jsonl",
        "vlc-legal-corpus/vlc_laws_raw_sample5.jsonl",
        "vimd-dialect-transcripts/vimd_transcripts_train.jsonl",
        "normalization-cases/tone_cases_viwiki.jsonl:input",
        "legacy-encodings/generated_from_viwiki.jsonl:seen_as_cp1252",
        "social-comments-uit/uit_vsfc.jsonl.xz",
        "pii-silver/baomoi_social_pii_silver.jsonl.xz",
    ],
)
def test_real_files_read_the_same(name: str) -> None:
    name, _, field = name.partition(":")
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    source = Source(name="src", format="jsonl", path="x", text_field=field or "text", keep_fields=("id", "label"))
    batches = assert_same_reading(
        path, source, limits=ReadLimits(batch_size=2000, batch_bytes=8 * 1024 * 1024, max_record_bytes=16 * 1024 * 1024)
    )
    assert sum(b.docs.height for b in batches) > 0


# --- generated lines ------------------------------------------------------------------

_KEYS = st.sampled_from(["doc_key", "n", "nested", "text2", "url", "date", "TEXT", "te", "text", "t\\u0065xt"])
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=20),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | st.text(
    alphabet=st.sampled_from(list('aà\u1ea1Đ "\\/\n\t\x00\x1f\x7f\u2028\U0001f600\ufeff')), max_size=30
)
_INJECTIONS = st.sampled_from(
    [
        b"\\ud800",
        b"\\udfff",
        b"\\ud83d\\ude00",
        b"\\ud83d",
        b"\\u00",
        b"\\x",
        b"\\",
        b"\xff",
        b"\xe1\xbb",
        b"\xc3\xa0",
        b'"',
        b"\x01",
        b"\\u0074",
    ]
)


def _serialize(record: Any, style: int) -> bytes:
    if style == 0:
        try:
            return orjson.dumps(record)
        except TypeError:  # ints past 64 bits
            style = 1
    if style == 1:
        return json.dumps(record).encode()  # \uXXXX escapes, surrogate pairs for non-BMP
    return json.dumps(record, ensure_ascii=False, indent=None, separators=(" , ", " : ")).encode()


@st.composite
def _lines(draw: st.DrawFn) -> bytes:
    pairs = draw(st.lists(st.tuples(_KEYS, st.one_of(_TEXTS, _VALUES)), max_size=5))
    if draw(st.integers(0, 3)):
        pairs.insert(draw(st.integers(0, len(pairs))), ("text", draw(_TEXTS)))
    body = (
        b"{"
        + b", ".join(
            orjson.dumps(key).replace(b"\\\\u0065", b"\\u0065").replace(b"\\\\u0074", b"\\u0074")
            + b": "
            + _serialize(value, draw(st.integers(0, 2)))
            for key, value in pairs
        )
        + b"}"
    )  # type: ignore[arg-type]
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(_INJECTIONS) + body[at:]
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(body)))
        body = body[:at] + body[at + draw(st.integers(1, 3)) :]
    return draw(st.sampled_from([b"", b" ", b"\t"])) + body + draw(st.sampled_from([b"", b" ", b"\r"]))


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(lines=st.lists(_lines(), min_size=1, max_size=12))
def test_generated_lines_read_the_same(tmp_path: Path, lines: list[bytes]) -> None:
    path = tmp_path / "g.jsonl"
    path.write_bytes(_jsonl(lines))
    fast_before = FAST_LINES[0]
    assert_same_reading(path)
    GENERATED[0] += len(lines)
    GENERATED[1] += FAST_LINES[0] - fast_before


GENERATED = [0, 0]  # lines generated, lines of them the fast path added


def test_generated_lines_took_both_paths() -> None:
    """Runs after the generated test (file order): it read lines and took both paths."""
    if GENERATED[0] == 0:
        pytest.skip("the generated test did not run in this session")
    lines, fast = GENERATED
    print(f"generated lines: {lines}, added by the fast path: {fast}")
    assert 0.1 * lines < fast < 0.9 * lines


def test_random_byte_noise_reads_the_same(tmp_path: Path) -> None:
    """Single-byte damage at every kind of position of real lines."""
    rng = random.Random(7)
    base = (SHARED_DATA / "vimd-dialect-transcripts" / "vimd_transcripts_train.jsonl").read_bytes().splitlines()[:40]
    if not base:
        pytest.skip("no data")
    damaged = []
    for line in base * 10:
        at = rng.randrange(len(line))
        damaged.append(line[:at] + bytes([rng.randrange(256)]) + line[at + 1 :])
    path = tmp_path / "n.jsonl"
    path.write_bytes(_jsonl(damaged))
    assert_same_reading(path, Source(name="src", format="jsonl", path="x"))


# --- the kernel alone -----------------------------------------------------------------


def _kernel(line: bytes) -> tuple[int, bytes, int]:
    out = np.zeros(len(line) + 8, dtype=np.uint8)
    status, _, _, length, characters = copy_text_field(
        np.frombuffer(line, dtype=np.uint8), np.frombuffer(b"text", dtype=np.uint8), out, 3
    )
    return status, out[3 : 3 + length].tobytes(), characters


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=80), style=st.integers(0, 2))
def test_kernel_copies_what_orjson_decodes(text: str, style: int) -> None:
    line = _serialize({"text": text}, style)
    status, copied, characters = _kernel(line)
    assert status == COPIED  # no doubt: every serializer escapes control characters
    assert copied == orjson.loads(line)["text"].encode()
    assert characters == len(text)


def _iter_lines_of(paths: list[Path]) -> Iterator[bytes]:
    for path in paths:
        if path.exists() and path.suffix == ".jsonl":
            yield from path.read_bytes().splitlines()


def test_kernel_on_real_lines_copies_what_orjson_decodes() -> None:
    copied_lines = 0
    for line in _iter_lines_of(
        [
            SHARED_DATA / "viwiki-undertheseanlp" / "viwiki_sample200.jsonl",
            SHARED_DATA / "vntc" / "vntc_train_sample500.jsonl",
        ]
    ):
        status, copied, characters = _kernel(line)
        assert status == COPIED
        text = orjson.loads(line)["text"]
        assert (copied, characters) == (text.encode(), len(text))
        copied_lines += 1
    if not copied_lines:
        pytest.skip("no data")


def test_polars_column_equals_list_built_column(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(_jsonl(EDGE_LINES))
    batches = _read(path, SOURCE, ReadLimits(1000, 1 << 20, 4096), fast=True)
    texts = pl.concat([b.docs for b in batches])["text"].to_list()
    assert '\x00 nul / slash " quote \\ back \b\f\n\r\t' in texts
    assert "pair \U0001f600 and \U0001d11e" in texts
