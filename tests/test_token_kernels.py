"""The pieces of the tokenizing path: UTF-8 decoding of an Arrow column, the word
table's packed rows, and the distinct words of a batch. Each equals what Python says
(``str.encode``/``decode``, a dict), on real text and on generated text."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import news_and_wiki_texts
from vicorpus.quality import kernels
from vicorpus.quality.tokens import WordTable, decode_utf8, tokenize_batch, tokenize_column, word_code


def _arrow_bytes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """An Arrow string column's bytes and offsets from 0, as ``tokenize_column`` reads them."""
    array = pa.array(texts, type=pa.large_string())
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[: len(texts) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, dtype=np.uint8)
    return data[: offsets[-1]], offsets - offsets[0]


def _assert_decoded(texts: list[str]) -> None:
    buffer, doc_offsets = decode_utf8(*_arrow_bytes(texts))
    expected = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    assert buffer.tolist() == expected.tolist()
    assert doc_offsets.tolist() == np.cumsum([0, *map(len, texts)]).tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8))
def test_utf8_decoding_equals_python_on_any_unicode(texts: list[str]) -> None:
    _assert_decoded(texts)


def test_utf8_decoding_equals_python_on_real_text_and_every_sequence_length() -> None:
    _assert_decoded(news_and_wiki_texts(40))
    # 1-, 2-, 3- and 4-byte sequences, each next to each, and at the ends of strings.
    _assert_decoded(["", "a", "\x7f\x80", "ß߿ࠀ", "Việt Nam", "\uffff\U00010000", "😀a😀", "\U0010ffff", "", "z"])
    _assert_decoded([])


def test_a_column_with_many_tokens_per_character_is_tokenized_whole() -> None:
    """More tokens than the first guess of room (one per 4 characters): counted, then
    tokenized again, the same as ``str.split``."""
    texts = ["a b c d e f g h " * 40, "", "x y"]
    batch = tokenize_column(pl.Series(texts))
    offsets = batch.token_offsets.tolist()
    assert [offsets[i + 1] - offsets[i] for i in range(len(texts))] == [len(text.split()) for text in texts]
    assert batch.word_length.size == batch.word_hash.size == batch.codes.size == offsets[-1]


def test_the_word_table_rows_give_each_word_its_code() -> None:
    texts = news_and_wiki_texts(20)
    table = WordTable(1 << 16)
    for _ in range(2):  # the first pass fills the table, the second reads it
        batch = tokenize_batch(texts, table)
        text = "".join(texts)
        expected = [
            word_code(text[s : s + n]) if n else 0
            for s, n in zip(batch.word_start.tolist(), batch.word_length.tolist(), strict=True)
        ]
        assert batch.codes.tolist() == expected


def test_a_word_too_long_for_a_row_is_never_in_the_table() -> None:
    """A length that does not fit a row's 32 bits is not stored, and does not match the
    row of a word with the same hash whose length equals it modulo 2^32."""
    rows = np.zeros((16, 2), dtype=np.uint64)
    hashes = np.array([7, 7, 9], dtype=np.uint64)
    too_long = kernels.MAX_TABLE_WORD_LENGTH + 1
    lengths = np.array([5, (1 << 32) + 5, too_long], dtype=np.int64)
    assert kernels.insert(rows, hashes[:1], lengths[:1], np.array([123], dtype=np.int32)) == 1
    assert kernels.insert(rows, hashes[1:], lengths[1:], np.array([1, 2], dtype=np.int32)) == 0
    out = np.empty(3, dtype=np.int32)
    assert kernels.lookup_into(hashes, lengths, rows, out) == 2
    assert out.tolist() == [123, kernels.UNKNOWN, kernels.UNKNOWN]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 3), st.integers(0, 1000)), max_size=500))
def test_the_word_table_rows_equal_a_dict(words: list[tuple[int, int, int]]) -> None:
    """Few slots and colliding hashes: probes run past occupied rows; the first code
    inserted for a word stays."""
    rows = np.zeros((1024, 2), dtype=np.uint64)
    hashes = np.array([hash_ for hash_, _, _ in words], dtype=np.uint64)
    lengths = np.array([length for _, length, _ in words], dtype=np.int64)
    codes = np.array([code for _, _, code in words], dtype=np.int32)
    expected: dict[tuple[int, int], int] = {}
    for hash_, length, code in words:
        expected.setdefault((hash_, length), code)
    assert kernels.insert(rows, hashes, lengths, codes) == len(expected)
    out = np.empty(len(words), dtype=np.int32)
    assert kernels.lookup_into(hashes, lengths, rows, out) == 0
    assert out.tolist() == [expected[(hash_, length)] for hash_, length, _ in words]
    absent = np.array([41, 1], dtype=np.uint64), np.array([1, 4], dtype=np.int64)
    assert kernels.lookup_into(*absent, rows, out[:2]) == 2
