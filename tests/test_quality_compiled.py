"""The compiled batch versions of the quality signals and the language evidence equal
their plain-Python specifications (``quality.reference``, ``langid.identify.reference_analyze``),
on real text and on generated text, in batches (documents must not leak into each other)."""

from __future__ import annotations

import json
import lzma
from itertools import islice

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_data
from vicorpus.langid.identify import analyze_batch, reference_analyze
from vicorpus.quality import SIGNAL_NAMES
from vicorpus.quality.kernels import CLASS_TABLE_SIZE, distinct_words
from vicorpus.quality.reference import reference_signals
from vicorpus.quality.signals import BOILERPLATE_PATTERN, may_hold_boilerplate, signal_columns
from vicorpus.quality.tokens import WordTable, letters_word_code, tokenize_batch, word_code
from vicorpus.quality.words import PUNCTUATION


def _assert_signals_equal(texts: list[str], boilerplate: list[bool] | None = None) -> None:
    columns = signal_columns(texts, boilerplate)
    for index, text in enumerate(texts):
        expected = reference_signals(text).as_tuple()
        got = tuple(columns[name][index].item() for name in SIGNAL_NAMES)
        mismatched = [name for name, a, b in zip(SIGNAL_NAMES, got, expected, strict=True) if a != b]
        assert not mismatched, (index, text[:200], mismatched)


def _real_texts() -> list[str]:
    texts: list[str] = []
    for relative, field, limit, step in (
        ("baomoi-news-2017/baomoi_news.jsonl.xz", "text", 150, 97),
        ("viwiki-undertheseanlp/viwiki.jsonl.xz", "text", 150, 23),
        ("vlc-legal-corpus/vlc_laws_raw.jsonl.xz", "text", 8, 20),
    ):
        with lzma.open(shared_data(relative), "rt", encoding="utf-8") as handle:
            texts.extend(json.loads(line)[field] for line in islice(handle, 0, limit * step, step))
    return texts


def test_no_letter_digit_or_space_above_the_class_table() -> None:
    """The character table covers every code point Python calls a letter, digit or space."""
    above = (chr(code) for code in range(CLASS_TABLE_SIZE, 0x110000))
    assert not any(c.isalpha() or c.isdigit() or c.isspace() for c in above)


def test_signals_equal_the_reference_on_real_text() -> None:
    texts = _real_texts()
    _assert_signals_equal(texts)
    assert sum(text.count("\r") for text in texts) > 0  # Wikipedia's CR LF lines are in the sample


def test_language_equals_the_reference_on_real_and_foreign_text() -> None:
    texts = [
        *_real_texts()[::3],
        "The quick brown fox jumps over the lazy dog.\nIt was not amused at all.",
        "Le renard brun saute par-dessus le chien paresseux.",
        "toi khong biet nguoi ay la ai ca\nban co biet khong\nminh cung khong biet",
        "def f(x):\n    return {x: [1, 2]}  # code;;",
        "12 345 678",
        "",
        "Xin chào\n\nthế giới\nhello there my friend how are you",
    ]
    got = analyze_batch(texts)
    assert got == [reference_analyze(text) for text in texts]


_ALPHABET = st.sampled_from(
    [
        *"aAbđĐêếỆưỨơoòõqxyz0129 \t\n\n\r\x0b\x1c\u2028\xa0\u3000.....…#{}-–•*+!?\"'»)]”:;,",
        "nhà",
        "cái",
        "là",
        "của",
        "javascript",
        "Lorem Ipsum",
        "Chính Sách Bảo Mật",
        "İ",
        "\U0001f600",
        "ǅ",
        "(AFP)",  # credits after list items (signal_kernel._credited_sentence)
        "(" + "x" * 38,
        "- ",
        ". (",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_ALPHABET, max_size=80).map("".join), min_size=1, max_size=6))
def test_signals_equal_the_reference_on_generated_batches(texts: list[str]) -> None:
    _assert_signals_equal(texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=200), min_size=1, max_size=5))
def test_signals_and_language_equal_the_reference_on_any_unicode(texts: list[str]) -> None:
    _assert_signals_equal(texts)
    assert analyze_batch(texts) == [reference_analyze(text) for text in texts]


def test_signals_equal_the_reference_on_the_kernel_edge_cases() -> None:
    """Texts aimed at the compiled shortcuts: lines keyed in four lanes (a line cut by
    ``strip`` equals an uncut one, lengths around multiples of 4), runs of dots counted
    only where two dots meet, duplicated n-grams found by a visited bit, words kept
    without a branch (punctuation-only tokens between them)."""
    sentence = "một hai ba bốn năm sáu bảy tám chín mười"
    texts = [
        "  abcdefg\nabcdefg\nxyz\n abcdefg ",
        "\n\nab\nab\n\nabcde\n\nabcde\nabcd\nabcd  ",
        "a.b..c...d....e.....f......g.......h",
        ". .. ... .... ..... …… ..",
        "....",
        "chờ đã... xong",
        ".",
        " ".join([sentence] * 4),
        " ".join(["a b c d e a b c d e a b c d e f", sentence, "a b c d e f"] * 3),
        " , ".join(sentence.split() * 3) + " !! ?? " + " ".join(sentence.split()[:6]),
        "x y x y x y x y x y x y x y x y x y x y x y",
        # credits after list items: a bracket at the limit, just past it, at the line start
        "- Tin một. (" + "x" * 38 + ")\n- Tin hai. (" + "x" * 39 + ")\n- (AFP)\n• Tin ba.\u3000(AFP) \n- Hết.)",
    ]
    _assert_signals_equal(texts)


def test_lone_surrogates_are_characters() -> None:
    texts = ["a\ud800b c", "\udfff", "Hà Nội \ud83d là"]
    _assert_signals_equal(texts)
    assert analyze_batch(texts) == [reference_analyze(text) for text in texts]


@pytest.mark.parametrize("capacity", [16, 64, 1 << 10])
def test_a_full_word_table_is_refilled_without_changing_codes(capacity: int) -> None:
    texts = _real_texts()[:40]
    table = WordTable(capacity)
    for start in range(0, len(texts), 7):
        batch = tokenize_batch(texts[start : start + 7], table)
        text = "".join(texts[start : start + 7])
        expected = [
            word_code(text[s : s + n]) if n else 0
            for s, n in zip(batch.word_start.tolist(), batch.word_length.tolist(), strict=True)
        ]
        assert batch.codes.tolist() == expected
        assert table.size <= capacity // 2


def test_the_column_boilerplate_pattern_finds_what_python_finds() -> None:
    """The stage's case-insensitive regex must flag every text that Python's lower-casing
    flags (it may flag more: those are then counted exactly in Python)."""
    import polars as pl

    texts = [
        "Trang này dùng JavaScript",
        "ĐIỀU KHOẢN SỬ DỤNG\nChính sách BẢO MẬT",
        "LOREM IPSUM dolor",
        "This site USES COOKIES.",
        "nothing here",
        "javascrİpt",
    ]
    flagged = pl.Series(texts).str.contains(BOILERPLATE_PATTERN).to_list()
    assert all(f or not may_hold_boilerplate(t) for f, t in zip(flagged, texts, strict=True))
    assert flagged[:5] == [True, True, True, True, False]
    _assert_signals_equal(texts, flagged)


def test_columns_read_from_arrow_equal_the_reference() -> None:
    """The stages read the text column's Arrow bytes: same numbers as from Python strings,
    for sliced columns (an Arrow offset), nulls (empty texts) and a repeated column (the
    last batch is reused only when its bytes are equal)."""
    import polars as pl

    from vicorpus.langid.identify import analyze_column
    from vicorpus.quality.signals import signal_columns_of
    from vicorpus.quality.tokens import tokenize_column

    texts = [*_real_texts()[:30], "", "Xin chào 👋🏽 thế giới\n\nJavaScript", "𠀀𠀁 chữ Nôm 𡨸"]
    column = pl.Series("text", ["skipped", *texts, None])[1:]
    expected_texts = [*texts, ""]
    for _ in range(2):  # the second call reuses the tokenized batch
        got = signal_columns_of(column)
        expected = signal_columns(expected_texts)
        assert all((got[name] == expected[name]).all() for name in SIGNAL_NAMES)
        assert analyze_column(column).results() == [reference_analyze(text) for text in expected_texts]
    other = pl.Series("text", [text[::-1] for text in expected_texts])  # same lengths, other bytes
    assert analyze_column(other).results() == [reference_analyze(text) for text in other.to_list()]
    batch = tokenize_column(column)
    assert batch.buffer.tobytes().decode("utf-32-le") == "".join(expected_texts)


def test_the_assumptions_of_the_word_shapes_hold() -> None:
    """Words that are not letters only get their code from their shape alone: that needs
    every listed syllable to be letters only and no edge punctuation to be a letter/digit."""
    from vicorpus.quality.stopwords import FINEWEB2_STOPWORDS, FUNCTION_SYLLABLES, PLAIN_FUNCTION_SYLLABLES
    from vicorpus.quality.words import PUNCTUATION

    assert all(word.isalpha() for word in FUNCTION_SYLLABLES | FINEWEB2_STOPWORDS | PLAIN_FUNCTION_SYLLABLES)
    assert not any(character.isalpha() or character.isdigit() for character in PUNCTUATION)
    for word in ("2017", "COVID-19", "12,5", "a.b", "x²", "Ⅻ", "٣"):
        assert word_code(word) == tokenize_batch([word]).codes[0], word


@pytest.mark.parametrize(
    "texts",
    [
        ["a b c d e f g h " * 50, "x"],  # one token per 2 characters: more than the room guessed
        ["Hà Nội là thủ đô. " * 40, "", "  \n "],  # fewer tokens than the room guessed
        [".. , ; " * 30, "a" * 300],  # punctuation-only tokens, one long word
    ],
)
def test_tokens_are_str_split_whatever_their_density(texts: list[str]) -> None:
    batch = tokenize_batch(texts)
    offsets = batch.token_offsets.tolist()
    assert [offsets[i + 1] - offsets[i] for i in range(len(texts))] == [len(text.split()) for text in texts]
    _assert_signals_equal(texts)


_LETTERS = st.sampled_from(
    list("aAeEoOuUyYiInNgGhHtTcC")
    + list("ăâđêôơưĂÂĐÊÔƠƯ")
    + list("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
    + list("ÀÁẢÃẠỲÝỶỸỴĨŨİßéñçøΩжعअ")
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_LETTERS, min_size=1, max_size=9).map("".join))
def test_the_letters_only_classifier_equals_word_code_on_generated_words(word: str) -> None:
    assert word.isalpha()
    assert letters_word_code(word) == word_code(word)


def test_the_letters_only_classifier_equals_word_code_on_real_words() -> None:
    words = {word for text in _real_texts() for token in text.split() if (word := token.strip(PUNCTUATION)).isalpha()}
    assert len(words) > 10_000
    assert [letters_word_code(word) for word in sorted(words)] == [word_code(word) for word in sorted(words)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 3)), max_size=3000), st.integers(0, 5))
def test_distinct_words_keeps_each_word_once_in_order(words: list[tuple[int, int]], skip: int) -> None:
    # Few distinct hashes, some shared by words of another length (a hash collision);
    # the table must grow past its first size.
    hashes = np.array([hash_ for hash_, _ in words] + list(range(1, 9000)), dtype=np.uint64)
    lengths = np.array([length for _, length in words] + [4] * 8999, dtype=np.int64)
    tokens = np.arange(0, hashes.size, skip + 1, dtype=np.int64)
    number: dict[tuple[int, int], int] = {}
    expected_firsts, expected_word_of = [], []
    for token in tokens.tolist():
        word = (int(hashes[token]), int(lengths[token]))
        if word not in number:
            number[word] = len(number)
            expected_firsts.append(token)
        expected_word_of.append(number[word])
    firsts, word_of = distinct_words(hashes, lengths, tokens)
    assert firsts.tolist() == expected_firsts
    assert word_of.tolist() == expected_word_of


BOUNDARY_TEXTS = [
    "Xin chào",  # one line, fewer tokens than a counted line needs
    "Được rồi",  # the same, plainly Vietnamese
    "Hôm nay trời đẹp quá, chúng tôi đi chơi công viên.",  # one line
    "người and the cat",  # marked share exactly the minimum (1 of 4)
    "người được and the big cat sat on mats",  # just under it (2 of 9)
    "ca sĩ ca hát",  # marked, but no letter only Vietnamese uses
    "The committee will publish its annual report on public transport next week.",
    "Toi khong biet nguoi do la ai ca, that su khong biet",  # without diacritics
    "Tin tức hôm nay\nThe committee will publish its report\nXin chào các bạn, hẹn gặp lại",
    "def f(x):\n    return {x: [x * 2 for _ in range(3)]}",
    "12/05/2024 - 0912 345 678",
    "",
    "\n\n",
]


def test_language_columns_equal_the_reference_at_the_boundaries() -> None:
    """The column-wise results (plainly Vietnamese documents) and the per-document ones
    (the rest) both equal the specification, on texts at each decision's edge."""
    import polars as pl

    from vicorpus.stages.annotate.language import Language

    expected = [reference_analyze(text) for text in BOUNDARY_TEXTS]
    assert analyze_batch(BOUNDARY_TEXTS) == expected
    assert {result.language for result in expected} >= {"vi", "en", "code", "und"}
    out = Language()(pl.DataFrame({"text": BOUNDARY_TEXTS}))
    assert out["language"].to_list() == [result.language for result in expected]
    assert out["vi_no_diacritics"].to_list() == [result.vi_no_diacritics for result in expected]
    for column, field in (("language_score", "score"), ("vi_line_share", "vi_line_share")):
        want = pl.Series([getattr(result, field) for result in expected], dtype=pl.Float32)
        assert out[column].to_list() == want.to_list()
