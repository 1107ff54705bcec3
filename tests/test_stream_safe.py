"""Runs of combining marks are cut as UAX #15's stream-safe format says (U+034F after 30
non-starters), so that normalizing junk takes time in proportion to its length.

CPython's NFC puts a run of marks in order by insertion sort: a letter with a million
alternating marks, or a blob of bytes that VNI reads as marks, would hold a worker for
an hour. The run through the CLI below would not finish in its time limit without the cut.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from conftest import read_rows, run_cli, write_pipeline
from vicorpus.langid import identify
from vicorpus.spam import spam_signals
from vicorpus.text.stream_safe import (
    GRAPHEME_JOINER,
    MAX_NON_STARTERS,
    has_long_run,
    make_stream_safe,
    safe_nfc,
    safe_nfkc,
)
from vicorpus.vietnamese import fix_text_with_report, normalize_tones, syllables
from vicorpus.vietnamese.charsets import decode_legacy

ZALGO = "Tin tức hôm nay a" + "\u0301\u0323" * 20_000 + " bạn đọc."


def _longest_run(text: str) -> int:
    longest = run = 0
    for character in unicodedata.normalize("NFD", text):
        run = run + 1 if unicodedata.combining(character) else 0
        longest = max(longest, run)
    return longest


def test_ordinary_text_is_returned_as_it_is() -> None:
    for text in ("", "Tiếng Việt", unicodedata.normalize("NFD", "Nghiêng ngả, thuở ấy"), "e" + "\u0301" * 30):
        assert make_stream_safe(text) is text
        assert safe_nfc(text) == unicodedata.normalize("NFC", text)


def test_a_long_run_is_cut_every_30_marks() -> None:
    text = "x" + "\u0301" * 65 + "y"
    safe = make_stream_safe(text)
    assert safe == "x" + "\u0301" * 30 + GRAPHEME_JOINER + "\u0301" * 30 + GRAPHEME_JOINER + "\u0301" * 5 + "y"
    assert safe.replace(GRAPHEME_JOINER, "") == text  # nothing else changes
    assert make_stream_safe(safe) == safe  # idempotent
    assert has_long_run(text) and not has_long_run(safe)


@pytest.mark.parametrize(
    "repair",
    [
        lambda text: fix_text_with_report(text)[0],
        lambda text: normalize_tones(text, "old")[0],
        lambda text: "".join(syllables(text)),
        safe_nfc,
        lambda text: decode_legacy(("ä" * 20_000).encode("latin-1"), "vni"),  # bytes VNI reads as marks
    ],
    ids=["fix_text", "normalize_tones", "syllables", "safe_nfc", "vni_decode"],
)
def test_no_function_hands_back_a_long_run(repair) -> None:  # type: ignore[no-untyped-def]
    assert _longest_run(repair(ZALGO)) <= MAX_NON_STARTERS + 2


@pytest.mark.parametrize(
    "text",
    [
        "a" + "&#769;&#803;" * 20_000,  # marks written as character references, decoded by the repair
        "a" + ("\u0301\u0323" * 15 + "\u200b") * 2_000,  # short runs joined when invisibles go
        "a" + "\u0344" * 16,  # 16 characters, 32 marks after NFC
        "\u0915\u093c" + "\u0958" + "\u0301\u0323" * 15,  # a letter NFC leaves decomposed, then 30 marks
    ],
    ids=["references", "invisibles", "expanding", "excluded-letter"],
)
def test_runs_made_by_the_repairs_are_cut_too(text: str) -> None:
    fixed, _ = fix_text_with_report(text)
    assert not has_long_run(fixed)
    assert fix_text_with_report(fixed)[0] == fixed  # idempotent
    assert safe_nfc(safe_nfc(text)) == safe_nfc(text)


def test_halfwidth_sound_marks_are_starters_to_nfc() -> None:
    text = "\uff8a" + "\uff9e" * 40
    assert make_stream_safe(text) is text
    assert not has_long_run(safe_nfkc(text + "\u0301" * 40))


def test_fix_text_counts_the_cut_as_an_nfc_change() -> None:
    fixed, report = fix_text_with_report(ZALGO)
    assert report.nfc == 2  # the cut, then NFC
    assert fixed.startswith("Tin tức hôm nay") and fixed.endswith(" bạn đọc.")


def test_classifiers_and_spam_take_such_text() -> None:
    assert identify(ZALGO)[0] == "vi"
    assert spam_signals(ZALGO).gambling_terms == 0


def test_a_pipeline_finishes_on_junk_with_long_runs(tmp_path: Path) -> None:
    documents = tmp_path / "docs.jsonl"
    texts = [
        "Tin tức hôm nay a" + "\u0301\u0323" * 500_000 + " bạn đọc.\nDòng thứ hai.",  # 1 M marks
        "ä" * 1_000_000,  # VNI reads each byte as two marks
        "Hà Nội hôm nay trời đẹp, người dân đi chơi đông vui.\nGiá vàng tăng mạnh.",
    ]
    documents.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    stages = ["normalize", "language", "quality_signals", "spam_filter", "boilerplate_lines", "minhash_dedup"]
    config = {
        "sources": [{"name": "junk", "format": "jsonl", "path": str(documents), "license": "CC0-1.0"}],
        "stages": [{name: {}} for name in stages],
    }
    result = run_cli("run", write_pipeline(tmp_path, config), "--output", tmp_path / "out", timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    ledger = json.loads((tmp_path / "out" / "ledger.json").read_text(encoding="utf-8"))
    assert ledger["total"]["input"] == 3 and ledger["total"]["balanced"]
    rows = read_rows(tmp_path / "out" / "kept") + read_rows(tmp_path / "out" / "rejected")
    assert len(rows) == 3
    zalgo = next(row for row in rows if row["text"].startswith("Tin tức"))
    assert zalgo["fix_nfc"] == 2
    assert not has_long_run(zalgo["text"])


def test_the_column_search_and_the_text_search_read_the_same_characters() -> None:
    # The normalize stage finds runs with Polars and cuts them with make_stream_safe: the
    # two must agree on every character, or a document would be looked at again and again.
    import polars as pl

    from vicorpus.text.stream_safe import LONG_RUN_PATTERN, NON_STARTERS

    outside = ["a", "ệ", GRAPHEME_JOINER, "\uff9e", "\u3000", "文"]
    texts = ["x" + character * (MAX_NON_STARTERS + 1) for character in [*NON_STARTERS, *outside]]
    found_by_column = pl.Series(texts).str.contains(LONG_RUN_PATTERN).to_list()
    assert found_by_column == [has_long_run(text) for text in texts]
    assert found_by_column == [True] * len(NON_STARTERS) + [False] * len(outside)
    assert all(make_stream_safe(text) is not text for text in texts[: len(NON_STARTERS)])
