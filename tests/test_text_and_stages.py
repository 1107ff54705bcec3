"""Pure text functions and the shipped stages, without the runner."""

from __future__ import annotations

import unicodedata

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from vicorpus import ExactDedup, LengthFilter, Normalize
from vicorpus.schema import DROP_REASON, DUPLICATE_OF
from vicorpus.text import normalize_basic


@given(st.text())
def test_normalize_basic_is_idempotent_and_nfc(text: str) -> None:
    once, _ = normalize_basic(text)
    twice, fixes = normalize_basic(once)
    assert twice == once
    assert fixes.total == 0
    assert unicodedata.is_normalized("NFC", once)


def test_normalize_basic_fixes_and_counts() -> None:
    text = unicodedata.normalize("NFD", "Hà Nội") + "\r\n\r\n\r\n\r\nPhố  cổ\u00a0 đẹp  \n"
    fixed, fixes = normalize_basic(text)
    assert fixed == "Hà Nội\n\nPhố cổ đẹp"
    assert fixes.line_endings == 4 and fixes.nfc == 1 and fixes.whitespace > 0


def test_normalize_basic_keeps_controls_and_invisibles_for_legacy_detection() -> None:
    # TCVN3 stores ư as 0xAD (soft hyphen in cp1252); VISCII puts capitals in C0.
    for text in ("c\u00adng", "\x1eABC\x1f", "zero\u200bwidth", "\x02x"):
        assert normalize_basic(text)[0] == text


def test_normalize_basic_keeps_indentation() -> None:
    assert normalize_basic("a\n    b")[0] == "a\n    b"


def _frame(texts: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": [f"id{i}" for i in range(len(texts))],
            "text": texts,
            DROP_REASON: pl.Series([None] * len(texts), dtype=pl.String),
            DUPLICATE_OF: pl.Series([None] * len(texts), dtype=pl.String),
            "_order": pl.Series(range(len(texts)), dtype=pl.UInt64),
        }
    )


def test_normalize_stage_adds_counts() -> None:
    out = Normalize()(_frame(["a\r\nb", "ok"]))
    assert out["text"].to_list() == ["a\nb", "ok"]
    assert out["fix_line_endings"].to_list() == [1, 0]


def test_length_filter_sets_reasons_and_keeps_metric() -> None:
    out = LengthFilter(min_chars=3, max_chars=5)(_frame(["ab", "abcd", "abcdef"]))
    assert out[DROP_REASON].to_list() == ["too_short", None, "too_long"]
    assert out["char_count"].to_list() == [2, 4, 6]


def test_exact_dedup_keeps_the_first_in_input_order() -> None:
    stage = ExactDedup()
    frame = _frame(["x", "y", "x", "x", "z"])
    signatures = stage.signatures(frame, partitions=4)
    assert signatures["_partition"].max() < 4  # type: ignore[operator]
    decisions = pl.concat(
        stage.cluster(part) for part in signatures.partition_by("_partition", maintain_order=True)
    ).sort("id")
    assert decisions.select("id", DUPLICATE_OF).rows() == [("id2", "id0"), ("id3", "id0")]
    applied = stage.apply(frame, decisions)
    assert applied[DROP_REASON].to_list() == [None, None, "exact_duplicate", "exact_duplicate", None]


def test_exact_dedup_casefold_key() -> None:
    stage = ExactDedup(key="casefold_whitespace")
    frame = _frame(["Xin  chào", "xin chào", "Xin chào!"])
    decisions = stage.cluster(stage.signatures(frame, partitions=1))
    assert decisions["id"].to_list() == ["id1"]
