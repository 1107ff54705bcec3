"""The fast paths of the spam signals give what their plain definitions give.

- ``pairs.top_pair_repeats`` (compiled) = ``signals.top_pair_repeats_plain``;
- ``folding.nfkc_by_line`` = ``unicodedata.normalize("NFKC", ...)``;
- ``folding.join_spelled_out`` (stretches searched once for both patterns) = the two
  plain substitutions one after the other;
- the column fold (``column._fold``, the NFKC check on the relevant lines only, the
  fold again from the NFKC form, then the two joins) = ``fold_to_bytes`` on every row,
  not only the rows the scan flags;
- the reporting count without a group = the count with one; ``words`` = spaces + 1.

Real text (news, Wikipedia, the spam test pages), generated text made of the characters
that matter, and bad input.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import news_and_wiki_texts
from vicorpus.spam import column, folding, pairs, signals
from vicorpus.spam.accented import accented_hits
from vicorpus.spam.lexicon import REPORTING_TERMS
from vicorpus.spam.split_syllables import join_split_syllables
from vicorpus.text.normal_forms import normal_form_relevant

_PAGES = Path(__file__).parent / "data" / "spam_pages.jsonl"

# Bytes of folded copies and what a pair count must tell apart: case, digits and
# punctuation between words, words longer than 8 letters (keyed by a hash), bytes above
# 127 (no letters there).
_WORDS = [b"nha", b"cai", b"NHA", b"ca", b"cuoc", b"khoan", b"vay", b"abcdefgh", b"abcdefghi", b"abcdefghij"]
_GLUE = [b" ", b"  ", b".", b"1", b"-", b"\xe9", b"\n", b""]
# Characters that take a text off NFKC, or change what NFKC does next to them: combining
# marks, Hangul jamo that compose, compatibility characters, the common replacements,
# line breaks of every kind.
_NFKC_ALPHABET = "aeoAEOđ\u0301\u0300\u0323\u0308\u0338\u1100\u1161\u11a8가ﬁ½²³…ｎＡ（，℃™ª\u00a0\u2028\u0085\r\n\n\n ."
_SPELLED = "abx1 .-_*+~|/,:;'`^#(\n"


def _real_texts(limit: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in _PAGES.read_text(encoding="utf-8").splitlines()]
    return texts + news_and_wiki_texts(limit)


# A compatibility character on some lines of a long text: the NFKC check reads only
# the lines from the first to the last such character.
_BAD_INPUT = [
    "",
    "\n",
    "½",
    "a\n½",
    "½\nb",
    "dòng một\ndòng ½ hai\ndòng ba\nｎｈà ｃáｉ\ndòng năm",
    unicodedata.normalize("NFD", "Việt Nam\nhòa bình\n") + "x" * 5_000,
    "x" * 5_000 + "\n" + unicodedata.normalize("NFD", "nhà cái uy tín") + "\n" + "y" * 5_000,
    "…²³ only the common ones\nand ½ one more\n…",
    "\ufffe\U00031350\u200b\x00\x1c\x85 ﬁ",
    "\u1100\n\u1161",  # jamo on two lines: they do not compose
    "a\u0301" * 3_000,  # one long line, not NFC
    # accented terms (``spam.accented``): as written, in NFD, beside other evidence
    "Nhóm chốt số miễn phí – Lô về liền tay, NUÔI LÔ khung 3 ngày",
    unicodedata.normalize("NFD", "hôm nay lô gan 12 ngày, nhận ngay dàn lô đẹp"),
    "tặng ngay 50k, zalo 0912 345 678, lô đẹp hôm nay",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + _GLUE), max_size=60))
def test_compiled_top_pair_repeats_equals_the_definition_on_generated_text(parts: list[bytes]) -> None:
    folded = b"".join(parts)
    assert pairs.top_pair_repeats(folded) == signals.top_pair_repeats_plain(folded)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_compiled_top_pair_repeats_equals_the_definition_on_any_bytes(folded: bytes) -> None:
    assert pairs.top_pair_repeats(folded) == signals.top_pair_repeats_plain(folded)


def test_compiled_top_pair_repeats_equals_the_definition_on_real_text() -> None:
    copies = [folding.fold_to_bytes(text) for text in _real_texts(600)]
    copies += [b"", b"a", b"a b", b"ab ab ab", b" ".join([b"abcdefghijk", b"x"] * 50), b"a b " * 1_000]
    assert [pairs.top_pair_repeats(copy) for copy in copies] == [
        signals.top_pair_repeats_plain(copy) for copy in copies
    ]
    # The real pages repeat pairs (else the test would hold little).
    assert max(pairs.top_pair_repeats(copy) for copy in copies) >= 20


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_NFKC_ALPHABET, max_size=40))
def test_nfkc_by_line_equals_nfkc(text: str) -> None:
    assert folding.nfkc_by_line(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_by_line_equals_nfkc_on_real_and_bad_text() -> None:
    texts = _real_texts(400) + _BAD_INPUT
    texts += [unicodedata.normalize("NFD", text) for text in texts[:50]]
    for text in texts:
        assert folding.nfkc_by_line(text) == unicodedata.normalize("NFKC", text)


def _plain_join(folded: bytes) -> bytes:
    """Both joins searched over the whole text, one after the other."""
    joined = folding._sub_in_stretches(folding._SPELLED_OUT_PUNCT, folded, [(0, len(folded))])
    return folding._SPELLED_OUT_SPACE.sub(folding._join_letters, joined)


# Pieces that make the first pattern join a stretch and move the later ones.
_SPELLED_PIECES = [
    "a.b.c", "n.h.a", "x y z", "q w e r", "wwwwwwwwww", " ", ".", "a", "b c", "1", "a-b", "\n", "#", "(", "c.a",
    "c.a ", "l.o d.e", "a, ", ", ", ". ", "x-y.z", "; ", ",", "a;b",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_SPELLED, max_size=50) | st.lists(st.sampled_from(_SPELLED_PIECES), max_size=20).map("".join))
def test_join_spelled_out_equals_the_plain_substitutions(text: str) -> None:
    data = text.encode()
    assert folding.join_spelled_out(data) == _plain_join(data)
    assert (folding.spelled_out_joined(data) is None) == (folding._MAYBE_SPELLED_OUT.search(data) is None)


# The last two: a join ends right where the next stretch starts (its core opens with the
# "#"), so that stretch moves by that join too.
@pytest.mark.parametrize(
    "text",
    [
        "a.b.c" + "w" * 20 + " x y z",
        "n.h.a c.a.i " + "t" * 30 + " n h a  c a i",
        "a.b.c.d#x y z",
        "x.y.z w.w.w(n h a c a i) q.q.q.q#1 2 a b c",
    ],
)
def test_join_spelled_out_after_a_join_that_moves_the_rest(text: str) -> None:
    data = text.encode()
    assert folding.join_spelled_out(data) == _plain_join(data) != data


def _fold_one(text: str) -> bytes | None:
    series = pl.Series([text], dtype=pl.String)
    out, _, skip, _, _ = column._fold(*column._arrow_bytes(series), column._code_table())
    return None if skip[0] else out.tobytes()


def _check_column_fold(texts: list[str]) -> None:
    """Every row's folded copy from the column fold is ``fold_to_bytes``'s."""
    series = pl.Series(texts, dtype=pl.String)
    table = column._code_table()
    data, offsets = column._arrow_bytes(series)
    out, out_offsets, skip, first, last = column._fold(data, offsets, table)
    relevant = first >= 0
    assert ((last >= 0) == relevant).all()
    rows, normalized, not_nfc = column._not_nfkc(data, offsets, first, last, np.flatnonzero(relevant & ~skip))
    again = dict(zip(rows, normalized, strict=True))
    for row, text in enumerate(texts):
        want = folding.fold_to_bytes(text)
        if not skip[row]:
            assert (row in not_nfc) == (not unicodedata.is_normalized("NFC", text))
        if row in again:
            # The lines outside the relevant ones are left as they are (the table folds the
            # common characters as their replacements).
            nfkc = unicodedata.normalize("NFKC", folding.replace_common_compatibility(text))
            assert folding.replace_common_compatibility(again[row]) == nfkc
            copy = _fold_one(again[row])
            assert copy is None or join_split_syllables(folding.join_spelled_out(copy)) == want
        elif not skip[row]:
            copy = out[out_offsets[row] : out_offsets[row + 1]].tobytes()
            assert join_split_syllables(folding.join_spelled_out(copy)) == want
            if not relevant[row]:
                assert unicodedata.is_normalized("NFKC", folding.replace_common_compatibility(text))
    found = column.evidence_candidates(series)
    assert [row for row, _, _ in found] == sorted({row for row, _, _ in found})  # each row once, in order
    candidates = {row: (copy, hits) for row, copy, hits in found}
    for row, text in enumerate(texts):
        if row in candidates:
            copy, hits = candidates[row]
            if copy is not None:
                assert copy == folding.fold_to_bytes(text)
                assert hits == accented_hits(text)
        else:
            assert not signals.has_evidence(folding.fold_to_bytes(text))
            assert accented_hits(text).gambling == 0


def test_column_fold_equals_fold_to_bytes_on_every_row_of_real_and_bad_text() -> None:
    texts = _real_texts(400) + _BAD_INPUT
    _check_column_fold(texts + [unicodedata.normalize("NFD", text) for text in texts[60:90]])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=_NFKC_ALPHABET + "nhcizlo0912 345 678", max_size=60), min_size=1, max_size=8))
def test_column_fold_equals_fold_to_bytes_on_every_row_of_generated_text(texts: list[str]) -> None:
    _check_column_fold(texts)


def test_counts_match_their_definitions_on_real_text() -> None:
    grouped = signals._compile((signals._alternation(REPORTING_TERMS),))
    hits = 0
    for text in _real_texts(300):
        folded = folding.fold_to_bytes(text)
        count = signals._count(signals._REPORTING_RE, folded)
        assert count == len(list(grouped.finditer(folded)))
        hits += count
        assert signals.spam_signals(text).words == (folded.count(b" ") + 1 if folded else 0)
    assert hits > 0


@pytest.mark.parametrize("folded", [b"", b" ", b"a", b"a  b"])
def test_words_of_short_copies(folded: bytes) -> None:
    assert signals.folded_spam_signals(folded).words == (folded.count(b" ") + 1 if folded else 0)


def test_every_nfc_relevant_character_is_marked_in_the_fold_table() -> None:
    # The column path reads only the texts with a marked character for the NFC check
    # that accented terms need (``column._not_nfkc``): every character that may take a
    # text off NFC must be marked NFKC-relevant, or make the text take the Python path.
    table = column.build_code_table()
    nfc = np.array(normal_form_relevant("NFC", 0x110000), dtype=np.int64)
    assert ((table[nfc] >= column._RELEVANT) | (table[nfc] == column._UNSAFE)).all()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="nhàcáiuơtg.-_|/ 9", max_size=40), min_size=1, max_size=6))
def test_column_fold_equals_fold_to_bytes_on_split_syllables(texts: list[str]) -> None:
    _check_column_fold([*texts, "nh.à c.ái uy t.ín, cư.ợc b.óng đ.á", "tp.hcm m.u x9.ái c.ái.uy"])
