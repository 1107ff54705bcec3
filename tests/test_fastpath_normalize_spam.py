"""The column-wise fast paths of the ``normalize`` and ``spam_filter`` stages give, document
by document, what the per-document functions give: same text, same counts, same decisions.

The stages clear most documents with vectorised scans and only send the rest through
``fix_text_with_report`` / ``normalize_basic`` / ``spam_signals``; each piece of that
(the gates, the line-by-line repair, the column-wise whitespace step, the column fold,
the spelled-out join) is checked here against the function it stands for, on real text,
on generated text made of the characters that matter, and on bad input.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import news_and_wiki_texts
from vicorpus.spam import folding, spam_category, spam_signals
from vicorpus.spam.accented import accented_hits
from vicorpus.spam.column import evidence_candidates
from vicorpus.spam.signals import _EVIDENCE_RE, folded_spam_signals
from vicorpus.stages.filters.spam import SpamFilter
from vicorpus.stages.standardize.normalize import Normalize
from vicorpus.stages.standardize.whitespace import normalize_basic_column
from vicorpus.text.basics import normalize_basic
from vicorpus.vietnamese.fix import _fix_block, fix_flagged_lines, fix_text_with_report
from vicorpus.vietnamese.gates import fix_gate_pattern, repair_gate_pattern
from vicorpus.vietnamese.letters import ALL_VOWELS

STYLES = ("old", "new", "keep")

# Characters every repair and whitespace rule starts from: vowels in every tone, onsets,
# what wrong code pages leave, invisibles, references, combining marks (NFD), look-alikes,
# Unicode spaces, CR/LF/tab runs, other scripts.
_ALPHABET = (
    ALL_VOWELS
    + "qgdđnhtcyQGH&#;x0123456789²…\n\n\r\t  .,ÌÒÞòìßÜ\u00ad\u200b\u0301\u0300\u0323ÐаοЁ日\u00a0\u3000\x1c\x85½ｎ"
)
_WORDS = ["nhà cái", "n.h.à c.á.i", "0912 345 678", "zalo", "fb88", "cá cược", "Viá»‡t", "hoà", "Hòa", "  ", "\n\n\n"]
# Accented terms (``spam.accented``) as written, in NFD, in a case mix that is not
# matched, glued to a letter.
_WORDS += ["lô về", "Chốt Số", "NHẬN NGAY", unicodedata.normalize("NFD", "nuôi lô"), "lÔ về", "lô vềx", "dàn lô"]


def _texts(limit: int) -> list[str]:
    return news_and_wiki_texts(limit)


_BAD_INPUT = [
    "",
    " ",
    "\n",
    "\r\n\r\n",
    "\x00\x01\x1c\x1f\x7f\x85",
    "a" * 20_000 + " hoà " + "b" * 20_000,
    unicodedata.normalize("NFD", "Việt Nam hòa bình\nDòng hai  có   khoảng\ttrắng \n"),
    "Céng hßa x· héi chñ nghÜa ViÖt Nam\nVieät Nam laø moät quoác gia",
    "Viá»‡t Nam, hoà bình, bảo\r\nqủa cam &#7879; &amp; x\u200by\u00a0z",
    "ﬁ ｎｈà ｃáｉ ½ ² … \ufffe \U00031350 𝐧𝐡𝐚",
    "\t\tthụt lề\n  \n\n\n\n  a  b  c  \n",
]


def _reference_normalize(texts: list[str], style: str) -> pl.DataFrame:
    """What the stage gave before the fast paths: the two functions, document by document."""
    rows = []
    for text in texts:
        fixed, report = fix_text_with_report(text, tone_style=style)
        fixed, basic = normalize_basic(fixed)
        rows.append(
            {
                "text": fixed,
                **{f"fix_{kind}": count for kind, count in report.counts().items()},
                "fix_line_endings": basic.line_endings,
                "fix_whitespace": basic.whitespace,
            }
        )
    return pl.DataFrame(rows, schema_overrides={name: pl.UInt32 for name in rows[0] if name != "text"})


def _check_normalize(texts: list[str], style: str) -> None:
    got = Normalize(tone_style=style)(pl.DataFrame({"text": texts}))
    want = _reference_normalize(texts, style)
    assert got.select(want.columns).equals(want)


@pytest.mark.parametrize("style", STYLES)
def test_normalize_stage_equals_the_functions_on_real_and_bad_text(style: str) -> None:
    _check_normalize(_texts(400) + _BAD_INPUT, style)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60) | st.sampled_from(_WORDS), min_size=1, max_size=12))
def test_normalize_stage_equals_the_functions_on_generated_text(texts: list[str]) -> None:
    for style in STYLES:
        _check_normalize(texts, style)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80), st.sampled_from(STYLES))
def test_fix_flagged_lines_equals_fix_text(text: str, style: str) -> None:
    lines = text.split("\n")
    series = pl.Series(lines, dtype=pl.String)
    flagged = series.str.contains(fix_gate_pattern(style)).to_list()
    repair = series.str.contains(repair_gate_pattern(style)).to_list()
    chosen = [line for line, hit in zip(lines, flagged, strict=True) if hit]
    fixed, report = fix_flagged_lines(
        chosen,
        one_line=len(lines) == 1,
        tone_style=style,
        repair_flags=[hit for hit, keep in zip(repair, flagged, strict=True) if keep],
    )
    it = iter(fixed)
    rebuilt = "\n".join(next(it) if hit else line for line, hit in zip(lines, flagged, strict=True))
    want_text, want_report = fix_text_with_report(text, tone_style=style)
    assert (rebuilt, report.counts()) == (want_text, want_report.counts())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80), st.sampled_from(STYLES))
def test_line_by_line_repair_of_non_nfc_text_equals_the_whole_block(text: str, style: str) -> None:
    text = unicodedata.normalize("NFD", text)
    fixed, report = fix_text_with_report(text, tone_style=style)
    whole, whole_report = _fix_block(text, style)
    assert (fixed, report.counts()) == (whole, whole_report.counts())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, max_size=50), min_size=1, max_size=8))
def test_normalize_basic_column_equals_normalize_basic(texts: list[str]) -> None:
    texts = [unicodedata.normalize("NFC", text) for text in texts]
    got = normalize_basic_column(pl.Series(texts, dtype=pl.String))
    want = [normalize_basic(text) for text in texts]
    assert got["text"].to_list() == [text for text, _ in want]
    assert got["line_endings"].to_list() == [fixes.line_endings for _, fixes in want]
    assert got["whitespace"].to_list() == [fixes.whitespace for _, fixes in want]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abx1 .-_*+~|/,:;'`^#(", max_size=40))
def test_spelled_out_join_equals_the_plain_substitution(text: str) -> None:
    data = text.encode()
    for pattern in (folding._SPELLED_OUT_PUNCT, folding._SPELLED_OUT_SPACE):
        assert folding._sub_in_runs(pattern, data) == folding._sub_in_stretches(pattern, data, [(0, len(data))])
    space = folding._SPELLED_OUT_SPACE
    assert folding._sub_in_stretches(space, data, [(0, len(data))]) == space.sub(folding._join_letters, data)


def _reference_spam(texts: list[str]) -> pl.DataFrame:
    rows = []
    for text in texts:
        signals = spam_signals(text)
        rows.append(
            {
                "spam_gambling_score": signals.gambling_score,
                "spam_adult_score": signals.adult_score,
                "spam_loan_score": signals.loan_score,
                "spam_scam_score": signals.scam_score,
                "spam_brand_tokens": signals.brand_tokens,
                "spam_contacts": signals.reach,
                "spam_window_score": max(signals.window_scores),
                "drop_reason": spam_category(signals),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "spam_gambling_score": pl.Float32,
            "spam_adult_score": pl.Float32,
            "spam_loan_score": pl.Float32,
            "spam_scam_score": pl.Float32,
            "spam_brand_tokens": pl.UInt32,
            "spam_contacts": pl.UInt32,
            "spam_window_score": pl.Float32,
            "drop_reason": pl.String,
        },
    )


def _check_spam(texts: list[str]) -> None:
    got = SpamFilter()(pl.DataFrame({"text": texts}))
    want = _reference_spam(texts)
    assert got.select(want.columns).equals(want)
    # Every document left out has no evidence in its folded copy; the folded copies given
    # are the function's.
    candidates = {row: (copy, hits) for row, copy, hits in evidence_candidates(pl.Series(texts, dtype=pl.String))}
    for row, text in enumerate(texts):
        folded = folding.fold_to_bytes(text)
        if row not in candidates:
            assert _EVIDENCE_RE.search(folded) is None
            assert accented_hits(text).gambling == 0
        elif candidates[row][0] is not None:
            assert candidates[row][0] == folded
            assert folded_spam_signals(folded, candidates[row][1]) == spam_signals(text)


def test_spam_stage_equals_the_functions_on_real_and_bad_text() -> None:
    with (Path(__file__).parent / "data" / "spam_pages.jsonl").open(encoding="utf-8") as handle:
        spam_pages = [json.loads(line)["text"] for line in handle]
    _check_spam(_texts(400) + _BAD_INPUT + spam_pages)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60) | st.sampled_from(_WORDS), min_size=1, max_size=10))
def test_spam_stage_equals_the_functions_on_generated_text(texts: list[str]) -> None:
    _check_spam(texts)


def test_stages_keep_an_empty_batch() -> None:
    empty = pl.DataFrame({"text": pl.Series([], dtype=pl.String)})
    assert Normalize()(empty).height == 0
    assert SpamFilter()(empty).height == 0
