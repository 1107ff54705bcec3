"""Tone-mark placement and tone styles: rules, guards, real-data accuracy, properties."""

from __future__ import annotations

import itertools
import json
import lzma
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_data
from vicorpus.vietnamese.letters import TONED, strip_tone
from vicorpus.vietnamese.syllables import _SYLLABLES, is_valid_syllable
from vicorpus.vietnamese.tones import TONE_STYLES, normalize_tones, place_tone

# (written, old style, new style)
PLACEMENTS = [
    ("hòa", "hòa", "hoà"),
    ("hoà", "hòa", "hoà"),
    ("khoẻ", "khỏe", "khoẻ"),
    ("thủy", "thủy", "thuỷ"),
    ("ủy", "ủy", "uỷ"),
    ("HOÀ", "HÒA", "HOÀ"),
    ("Thuỵ", "Thụy", "Thuỵ"),
    ("hòan", "hoàn", "hoàn"),  # a final consonant: always the last vowel
    ("khóet", "khoét", "khoét"),
    ("huýt", "huýt", "huýt"),
    ("baỏ", "bảo", "bảo"),
    ("nghịêm", "nghiệm", "nghiệm"),
    ("lựơng", "lượng", "lượng"),
    ("ngòai", "ngoài", "ngoài"),  # three vowels: the middle one
    ("khuyủ", "khuỷu", "khuỷu"),
    ("cuả", "của", "của"),
    ("qủa", "quả", "quả"),  # qu and gi are onsets, not part of the nucleus
    ("qúy", "quý", "quý"),
    ("QUỲ", "QUỲ", "QUỲ"),
    ("gíup", "giúp", "giúp"),
    ("gìa", "già", "già"),
    ("gĩư", "giữ", "giữ"),
    ("gìn", "gìn", "gìn"),
    ("gịêng", "giệng", "giệng"),
    ("thụât", "thuật", "thuật"),
    ("tủyên", "tuyển", "tuyển"),
    ("Móoc", "Moóc", "Moóc"),
]


@pytest.mark.parametrize(("written", "old", "new"), PLACEMENTS)
def test_place_tone(written: str, old: str, new: str) -> None:
    assert place_tone(written) == old
    assert place_tone(written, "old") == old
    assert place_tone(written, "new") == new
    assert place_tone(unicodedata.normalize("NFD", written), "new") == new
    keep = place_tone(written, "keep")
    assert keep in (old, new)
    if written in (old, new):
        assert keep == written  # keep leaves a correctly placed mark of either style alone


@pytest.mark.parametrize("token", ["Napoléon", "café", "hóà", "bàt", "string", "", "123", "ôxít"])
def test_place_tone_leaves_non_syllables(token: str) -> None:
    assert place_tone(token, "new") == token


def test_unknown_style_is_an_error() -> None:
    with pytest.raises(ValueError, match="tone style"):
        place_tone("hòa", "modern")
    with pytest.raises(ValueError, match="tone style"):
        normalize_tones("hòa", "")


def test_normalize_tones_sentences() -> None:
    text = "Ông ấy đã thủy táng hoà bình; ngừơi Việt muà xuân ĐÃ HÒAN THÀNH."
    assert normalize_tones(text) == ("Ông ấy đã thủy táng hòa bình; người Việt mùa xuân ĐÃ HOÀN THÀNH.", 4)
    assert normalize_tones(text, "new") == (
        "Ông ấy đã thuỷ táng hoà bình; người Việt mùa xuân ĐÃ HOÀN THÀNH.",
        4,
    )
    assert normalize_tones(text, "keep") == (
        "Ông ấy đã thủy táng hoà bình; người Việt mùa xuân ĐÃ HOÀN THÀNH.",
        3,
    )
    assert normalize_tones("") == ("", 0)
    assert normalize_tones("plain ascii text") == ("plain ascii text", 0)


def test_normalize_tones_outputs_nfc() -> None:
    text = unicodedata.normalize("NFD", "Hoà bình, khoẻ mạnh")
    fixed, count = normalize_tones(text)
    assert fixed == "Hòa bình, khỏe mạnh" and count == 2
    assert normalize_tones(text, "new") == ("Hoà bình, khoẻ mạnh", 0)  # NFC is not a tone change


def test_normalize_tones_counts_word_segmented_syllables() -> None:
    assert normalize_tones("Hoà_Bình thuỷ_lợi hòa_hoãn", "old") == ("Hòa_Bình thủy_lợi hòa_hoãn", 2)
    assert normalize_tones("hoà_thuỷ", "old") == ("hòa_thủy", 2)


def test_normalize_tones_leaves_urls_addresses_identifiers_and_foreign_words() -> None:
    untouched = [
        "Xem https://vi.wikipedia.org/wiki/Hoà_Bình và www.hoà.vn",
        "Liên hệ: thuỷ.nguyen@hoà.vn",
        "biến hoà1 và ThuỷA, iPhoà",  # identifiers, glued words, camelCase
        "Napoléon, Algérie, Université, Sénégal, Béatrice",
        "Le vite de' più eccellenti pittori",  # Italian among Italian
        "nhà Hạ (tiếng Trung: 夏朝; bính âm: Xià Cháo)",  # pinyin next to CJK
        "Zhōnghuá Duì và Xī Xià",  # pinyin tone letters nearby
        "x\u0327hoà",  # a letter with an uncomposable mark
    ]
    for text, style in itertools.product(untouched, TONE_STYLES):
        assert normalize_tones(text, style) == (text, 0), (text, style)
    assert normalize_tones("Liên hệ https://hoà.vn hoặc hoà", "old") == ("Liên hệ https://hoà.vn hoặc hòa", 1)


def test_misplaced_marks_are_fixed_among_vietnamese_words_and_names() -> None:
    text = "làm tổng thống cuả Gruzia sau cuộc bầu cử; hệ thống taị Burundi"
    assert normalize_tones(text, "keep") == (text.replace("cuả", "của").replace("taị", "tại"), 2)


def test_every_misplaced_or_restyled_syllable_is_found() -> None:
    """The fast path only visits marks in suspicious positions: check that it misses none.

    Every toneless syllable of the table x 5 tones x every vowel letter x 3 cases x 3
    styles: the text result must equal place_tone's (about 370,000 forms, ~1 s).
    """
    checked = 0
    for bare in _SYLLABLES:
        for index, letter in enumerate(bare):
            if letter not in TONED:
                continue
            for tone in range(1, 6):
                token = bare[:index] + TONED[letter][tone] + bare[index + 1 :]
                for form in (token, token.upper(), token.title()):
                    for style in TONE_STYLES:
                        expected = place_tone(form, style)
                        assert normalize_tones(form, style)[0] == expected, (form, style)
                        checked += expected != form
    assert checked > 70_000


# --- real data -----------------------------------------------------------------------


def _tone_cases() -> list[dict[str, Any]]:
    path = shared_data("normalization-cases/tone_cases_viwiki.jsonl")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _touches_non_syllable(before: str, after: str) -> bool:
    """The reference rendering changed a word that is not a Vietnamese syllable."""
    pairs = zip(re.findall(r"\w+", before), re.findall(r"\w+", after), strict=False)
    return any(a != b and not is_valid_syllable(a) for a, b in pairs)


@pytest.mark.parametrize("case_type", ["style", "misplaced"])
@pytest.mark.parametrize(("style", "key"), [("old", "first_vowel"), ("new", "main_vowel")])
def test_tone_cases_accuracy(case_type: str, style: str, key: str) -> None:
    """≥ 98 % as given; 100 % of the cases whose reference is right.

    The reference renderings of 5 style and 4 misplaced cases also move marks inside
    foreign words (Napoléon -> Nápoleon, Algérie -> Álgerie, ôxít -> ốxit); those words
    must stay as written, so such cases are counted apart.
    """
    cases = [case for case in _tone_cases() if case["type"] == case_type]
    assert len(cases) == 300
    wrong = [case for case in cases if normalize_tones(case["input"], style)[0] != case[key]]
    assert 1 - len(wrong) / len(cases) >= 0.98
    bad_reference = [case for case in cases if _touches_non_syllable(case["input"], case[key])]
    assert len(bad_reference) <= 6
    assert [case["id"] for case in wrong if case not in bad_reference] == []


def test_tone_cases_keep_style() -> None:
    for case in _tone_cases():
        expected = case["original"] if case["type"] == "misplaced" else case["input"]
        assert normalize_tones(case["input"], "keep")[0] == expected, case["id"]


def _viwiki_paragraphs(count: int) -> list[str]:
    paragraphs: list[str] = []
    with lzma.open(shared_data("viwiki-undertheseanlp/viwiki.jsonl.xz"), "rt", encoding="utf-8") as handle:
        for line in handle:
            for paragraph in json.loads(line)["text"].splitlines():
                paragraph = paragraph.strip()
                if len(paragraph) >= 80 and not paragraph.startswith("=="):
                    paragraphs.append(paragraph)
            if len(paragraphs) >= count:
                return paragraphs[:count]
    return paragraphs


def test_keep_style_leaves_clean_wikipedia_alone() -> None:
    """5,000 paragraphs of Vietnamese Wikipedia: the one change is a real misspelling
    ("lật đổ Dõan Phổ Thiện", the Korean name Doãn), everything else is left alone."""
    changes = []
    for paragraph in _viwiki_paragraphs(5000):
        fixed, count = normalize_tones(paragraph, "keep")
        if count:
            words = zip(re.findall(r"\w+", paragraph), re.findall(r"\w+", fixed), strict=True)
            changes += [(a, b) for a, b in words if a != b]
    assert changes == [("Dõan", "Doãn")]


# --- properties ----------------------------------------------------------------------

# Pieces that reach every branch: letters, tone letters, loose marks, URL and e-mail
# parts, pinyin and CJK hints, word-segmentation underscores, digits, line breaks.
_VIETNAMESE_ISH = st.lists(
    st.sampled_from(
        list("aăâeêioôơuưyAĂÂEÊIOÔƠUƯYbcdđghklmnpqrstvxQGĐ _-.,:/@1\n")
        + [form for forms in TONED.values() for form in forms[1:]]
        + ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323", "\u0327", "ā", "夏", "://", "www.", "qu", "gi"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), _VIETNAMESE_ISH), st.sampled_from(TONE_STYLES))
def test_normalize_tones_properties(text: str, style: str) -> None:
    once, _ = normalize_tones(text, style)
    assert unicodedata.is_normalized("NFC", once)
    assert normalize_tones(once, style) == (once, 0)
    # only tone marks move: the letters without tones are those of the NFC input
    assert strip_tone(once) == strip_tone(unicodedata.normalize("NFC", text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(_SYLLABLES)), min_size=1, max_size=8), st.data())
def test_normalize_tones_on_random_syllables(bares: list[str], data: st.DataObject) -> None:
    words = []
    for bare in bares:
        vowels = [i for i, letter in enumerate(bare) if letter in TONED]
        index = data.draw(st.sampled_from(vowels))
        tone = data.draw(st.integers(0, 5))
        words.append(bare[:index] + TONED[bare[index]][tone] + bare[index + 1 :])
    text = " ".join(words)
    for style in TONE_STYLES:
        once, count = normalize_tones(text, style)
        assert normalize_tones(once, style) == (once, 0)
        assert count == sum(a != b for a, b in itertools.zip_longest(text.split(), once.split()))
