"""The JSONL reader's speed paths give what the plain paths give.

- The text kernel unescapes the text while it tokenizes the line (one scan, not two): on
  any line, whenever it says COPIED, the bytes it wrote are orjson's decoding of the
  string literal it found, and their characters are counted right.
- A builder with ``texts_as_utf8`` (the exact path's str texts join the fast path's
  UTF-8 buffer) flushes the same batches as one without it.
- The constant and web columns, filled at flush rather than per row, hold per row what
  was added.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import orjson
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from vicorpus.config.source import Source
from vicorpus.readers import ReadLimits
from vicorpus.readers.base import BatchBuilder, ReadBatch
from vicorpus.readers.json_text_kernel import COPIED, DOUBT, copy_text_field
from vicorpus.schema import CORE_SCHEMA, WEB_COLUMNS

KEY = np.frombuffer(b"text", dtype=np.uint8)


def _kernel(line: bytes, at: int = 5) -> tuple[int, int, int, bytes, int]:
    out = np.full(at + len(line) + 8, 0xAA, dtype=np.uint8)
    status, start, end, length, characters = copy_text_field(np.frombuffer(line, dtype=np.uint8), KEY, out, at)
    return status, start, end, out[at : at + length].tobytes(), characters


def _assert_exact_if_copied(line: bytes) -> int:
    """What the kernel claims holds: its bytes are orjson's decoding of the literal."""
    status, start, end, copied, characters = _kernel(line)
    if status == COPIED:
        decoded = orjson.loads(line[start - 1 : end + 1])
        assert isinstance(decoded, str)
        assert copied == decoded.encode()
        assert characters == len(decoded)
    else:
        assert status == DOUBT
    return int(status)


# Lines with escapes where the fused scan turns: at the body's edges, runs of them, the
# text before, between and after other keys (whose strings hold escapes too).
COPIED_LINES = [
    b'{"text": "\\nstarts"}',
    b'{"text": "ends\\n"}',
    b'{"text": "\\"quoted\\""}',
    b'{"text": "\\\\"}',
    b'{"text": "\\\\\\""}',
    b'{"text": "\\n\\n\\n\\t\\r"}',
    b'{"text": "\\u0022 quote and \\u005c backslash"}',
    b'{"text": "\\ud83d\\ude00"}',
    b'{"text": "x\\ud83d\\ude00"}',
    b'{"text": "12345678\\n12345678\\n"}',
    b'{"a": "x\\"y", "text": "b\\"c", "d": "e\\\\"}',
    b'{"a": {"text": "inner\\n"}, "text": "outer\\n"}',
    b'{"a": ["text", "x"], "text": "\\u1ea1 \\u00e0"}',
    b'{"text": "Vi\\u1ec7t Nam\\nH\xc3\xa0 N\xe1\xbb\x99i"}',
    b'{"text":"' + b"a" * 13 + b'\\n"}',
    b'{"text":"' + "ấ".encode() * 40 + b'\\"' + b"b" * 7 + b'"}',
]

DOUBT_LINES = [
    b'{"text": "copied\\n", "text": "again"}',  # a duplicate key after the copy
    b'{"text": "no closing quote\\n',
    b'{"text": "backslash at the end\\',
    b'{"text": "short \\u12"}',
    b'{"text": "quote inside hex \\u1"2"}',
    b'{"text": "high then end \\ud83d',
    b'{"text": "high then quote \\ud83d"}',
    b'{"text": "high then short \\ud83d\\ude"}',
    b'{"text": "unknown \\q"}',
    b'{"text": "raw \x1f control\\n"}',
    b'{"text": "bad utf-8 \xc3\\n"}',
]


@pytest.mark.parametrize("line", COPIED_LINES)
def test_kernel_copies_tricky_lines(line: bytes) -> None:
    assert _assert_exact_if_copied(line) == COPIED
    assert _kernel(line)[3] == orjson.loads(line)["text"].encode()


@pytest.mark.parametrize("line", DOUBT_LINES)
def test_kernel_doubts_what_it_must(line: bytes) -> None:
    assert _kernel(line)[0] == DOUBT


def _serialized(fields: list[tuple[str, Any]], spaced: bool) -> bytes:
    body = ", " if spaced else ","
    colon = ": " if spaced else ":"
    return b"{" + body.encode().join(orjson.dumps(k) + colon.encode() + orjson.dumps(v) for k, v in fields) + b"}"


_ESCAPY = st.text(alphabet=st.sampled_from(['"', "\\", "\n", "\t", "/", "\x00", "a", "ệ", "😀", " "]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(text=_ESCAPY, before=st.lists(_ESCAPY, max_size=3), after=st.lists(_ESCAPY, max_size=3), spaced=st.booleans())
def test_kernel_copies_the_text_among_other_fields(
    text: str, before: list[str], after: list[str], spaced: bool
) -> None:
    fields = [(f"b{i}", value) for i, value in enumerate(before)]
    fields += [("text", text)] + [(f"a{i}", {"text": value}) for i, value in enumerate(after)]
    line = _serialized(fields, spaced)
    assert _assert_exact_if_copied(line) == COPIED
    assert _kernel(line)[3] == text.encode()


def test_kernel_on_cut_and_damaged_lines_never_claims_wrong_bytes() -> None:
    rng = random.Random(7)
    copied = 0
    for line in COPIED_LINES:
        for cut in range(len(line) + 1):
            copied += _assert_exact_if_copied(line[:cut]) == COPIED
        for _ in range(200):
            at = rng.randrange(len(line))
            damaged = line[:at] + bytes([rng.choice(b'"\\nu\x00\xc3a{}:,')]) + line[at + 1 :]
            copied += _assert_exact_if_copied(damaged) == COPIED
    assert copied > 100  # the property was checked on copies, not only on doubts


# --- the builder ----------------------------------------------------------------------

SOURCE = Source(name="src", format="jsonl", path="x", license="CC-BY-4.0")


def _flushes(texts_as_utf8: bool, rows: list[dict[str, Any]], batch_size: int = 4) -> list[ReadBatch]:
    builder = BatchBuilder(SOURCE, ReadLimits(batch_size=batch_size, batch_bytes=1 << 20, max_record_bytes=1 << 20))
    builder.texts_as_utf8 = texts_as_utf8
    batches = []
    for index, row in enumerate(rows):
        if row["encoded"] and texts_as_utf8:
            data = row["text"].encode()
            builder.encoded_texts.reserve(len(data))
            start = builder.encoded_texts.size
            builder.encoded_texts.data[start : start + len(data)] = np.frombuffer(data, dtype=np.uint8)
            builder.add_encoded_document(
                len(data), len(row["text"]), f"f@{index}", url=row["url"], date=None, metadata=None
            )
        else:
            builder.add_document(row["text"], f"f@{index}", url=row["url"], web=row["web"], license=row["license"])
        if builder.full():
            batches.append(builder.flush())
    if builder.pending:
        batches.append(builder.flush())
    return batches


def _rows(rng: random.Random, count: int) -> list[dict[str, Any]]:
    words = ["", "a", "Việt Nam", "😀\n", "x" * 300, "\x00"]
    rows = []
    for _ in range(count):
        encoded = rng.random() < 0.6  # as the fast path adds them: no web values, no own licence
        web = rng.choice([None, {}, {"charset": "utf-8", "optout": "tdmrep"}, dict.fromkeys(WEB_COLUMNS, "v")])
        rows.append(
            {
                "text": "".join(rng.choice(words) for _ in range(rng.randrange(4))),
                "encoded": encoded,
                "url": rng.choice([None, "https://m.vnexpress.net/a"]),
                "web": None if encoded else web,
                "license": None if encoded else rng.choice([None, "MIT"]),
            }
        )
    return rows


@pytest.mark.parametrize("seed", range(5))
def test_texts_as_utf8_flushes_the_same_batches(seed: int) -> None:
    rows = _rows(random.Random(seed), 23)
    plain = _flushes(False, rows)
    fast = _flushes(True, rows)
    assert len(plain) == len(fast) > 1
    for one, other in zip(plain, fast, strict=True):
        assert_frame_equal(one.docs, other.docs)
    # Every text went to the buffer: nothing to scatter at flush.
    builder = BatchBuilder(SOURCE, ReadLimits(batch_size=99, batch_bytes=1 << 20, max_record_bytes=1 << 20))
    builder.texts_as_utf8 = True
    builder.add_document("str text", "f@0")
    assert len(builder.encoded_texts) == 1


def test_texts_as_utf8_keeps_a_str_it_cannot_encode_as_before() -> None:
    def flush(texts_as_utf8: bool) -> object:
        builder = BatchBuilder(SOURCE, ReadLimits(batch_size=99, batch_bytes=1 << 20, max_record_bytes=1 << 20))
        builder.texts_as_utf8 = texts_as_utf8
        builder.add_document("ok", "f@0")
        builder.add_document("lone \ud800 surrogate", "f@1")
        try:
            return builder.flush().docs.to_dicts()
        except Exception as error:  # whatever Polars does with it, both paths do the same
            return type(error)

    assert flush(True) == flush(False)


def test_columns_filled_at_flush_hold_what_each_row_had() -> None:
    rows = _rows(random.Random(11), 40)
    (batch,) = _flushes(False, rows, batch_size=99)
    docs = batch.docs
    assert docs["source"].to_list() == ["src"] * len(rows)
    assert docs["license"].to_list() == [row["license"] or "CC-BY-4.0" for row in rows]
    for name in WEB_COLUMNS:
        assert docs[name].to_list() == [(row["web"] or {}).get(name) for row in rows]
    assert docs["domain"].to_list() == [None if row["url"] is None else "vnexpress.net" for row in rows]
    assert docs.schema == pl.Schema(CORE_SCHEMA)
