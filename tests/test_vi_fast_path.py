"""The fast path of ``fix_text`` may skip a text only if the full repair would not change it.

``_needs_nothing`` is a single RE2 scan; ``_fix_once`` is the full repair. For every
text the gate lets through, the full repair must return it unchanged — on real clean
and damaged text, in every tone style, and on generated text made of the characters
the repairs care about.
"""

from __future__ import annotations

import base64
import csv
import json
import lzma
from collections.abc import Iterator
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_data
from vicorpus.vietnamese import fix_text, fix_text_with_report
from vicorpus.vietnamese.fix import _fix_block, _fix_once, _needs_nothing
from vicorpus.vietnamese.letters import ALL_VOWELS

STYLES = ("old", "new", "keep")


def _jsonl_xz(relative: str, field: str, limit: int) -> list[str]:
    with lzma.open(shared_data(relative), "rt", encoding="utf-8") as handle:
        return [json.loads(line)[field] for line in islice(handle, limit)]


def _real_texts() -> Iterator[str]:
    yield from _jsonl_xz("baomoi-news-2017/baomoi_news.jsonl.xz", "text", 1500)
    yield from _jsonl_xz("viwiki-undertheseanlp/viwiki.jsonl.xz", "text", 300)
    with shared_data("normalization-cases/tone_cases_viwiki.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            case = json.loads(line)
            yield from (value for value in case.values() if isinstance(value, str))
    with shared_data("legacy-encodings/generated_from_viwiki.jsonl").open(encoding="utf-8") as handle:
        for line in islice(handle, 600):
            item = json.loads(line)
            yield item["truth_recoverable"]
            yield base64.b64decode(item["encoded_b64"]).decode("cp1252", errors="replace")
    with shared_data("social-comments-uit/vihsd_dev.csv").open(encoding="utf-8", newline="") as handle:
        for row in islice(csv.reader(handle), 2000):
            yield from row


@pytest.fixture(scope="module")
def real_texts() -> list[str]:
    return list(_real_texts())


@pytest.mark.parametrize("style", STYLES)
def test_gate_never_skips_a_text_the_full_repair_would_change(real_texts: list[str], style: str) -> None:
    skipped = [text for text in real_texts if _needs_nothing(text, style)]
    wrongly_skipped = [text[:200] for text in skipped if _fix_once(text, style)[0] != text]
    assert not wrongly_skipped
    # The gate must also let clean text through, or there is no fast path.
    assert len(skipped) > len(real_texts) / 2


@pytest.mark.parametrize("style", STYLES)
def test_repairing_flagged_lines_equals_repairing_the_whole_text(real_texts: list[str], style: str) -> None:
    """fix_text repairs only the lines the scan flags; the result and the counts must be
    those of the full repair run over the whole text."""
    for text in real_texts[::3]:
        fixed, report = fix_text_with_report(text, tone_style=style)
        whole, whole_report = _fix_block(text, style)
        assert (fixed, report.counts()) == (whole, whole_report.counts()), text[:200]


@pytest.mark.parametrize("style", STYLES)
def test_gate_fires_on_every_damage_kind(style: str) -> None:
    damaged = [
        "baỏ cáo",
        "nghịêm túc",
        "lựơng",
        "hòan thành",
        "qủa cam",
        "Céng hßa x· héi chñ nghÜa ViÖt Nam",
        "Vieät Nam laø moät quoác gia",
        "a&#7879;b",
        "x\u200by",
    ]
    damaged.append("hoà bình" if style == "old" else "hòa bình" if style == "new" else "cuả tôi")
    assert not [text for text in damaged if _needs_nothing(text, style)]
    assert all(fix_text(text, tone_style=style) != text for text in damaged)


def test_fast_path_reports_nothing() -> None:
    text, report = fix_text_with_report("Hà Nội hòa bình, thủy lợi và khỏe mạnh.\nDòng hai.")
    assert report.total == 0 and text == "Hà Nội hòa bình, thủy lợi và khỏe mạnh.\nDòng hai."


# Text drawn from the characters that matter: vowels in every tone, q/g/d onsets, the
# characters wrong code pages leave, invisibles, "&", digits, letters of other scripts.
_ALPHABET = ALL_VOWELS + "qgdđnhtc QGH&#;0123456789²\n.,ÌÒÞòìßÜ\u00ad\u200b\u0301\u0300ÐаοЁ日"


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40), st.sampled_from(STYLES))
def test_gate_is_safe_on_generated_text(text: str, style: str) -> None:
    if _needs_nothing(text, style):
        assert _fix_once(text, style)[0] == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_gate_copes_with_any_string(text: str) -> None:
    # Lone surrogates cannot be UTF-8 for RE2; the full path must take them.
    for style in STYLES:
        if _needs_nothing(text, style):
            assert _fix_once(text, style)[0] == text
