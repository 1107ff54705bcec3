"""The batch word classifier (``letters_word_codes``, a table of every word with more than
the letters-only bits) equals its definition (``letters_word_code``) word for word: on
real text, on every syllable form in every case and Unicode form, and on generated
words of Vietnamese, other Latin, look-alike and composing characters."""

from __future__ import annotations

import string
import unicodedata
from functools import cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import news_and_wiki_texts
from vicorpus.quality import kernels
from vicorpus.quality.stopwords import FINEWEB2_STOPWORDS, FUNCTION_SYLLABLES, PLAIN_FUNCTION_SYLLABLES
from vicorpus.quality.tokens import WordTable, tokenize_batch
from vicorpus.quality.word_codes import _packed, _table, letters_word_code, letters_word_codes
from vicorpus.quality.words import PUNCTUATION
from vicorpus.vietnamese.letters import SPLIT, TONED
from vicorpus.vietnamese.syllables import (
    UNACCENTED_SYLLABLES,
    parse_syllable,
    syllable_forms,
    toneless_syllables,
)


def _fast(words: list[str]) -> list[int]:
    """``letters_word_codes`` of words given as strings (one batch)."""
    points = np.frombuffer("".join(words).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    codes: list[int] = letters_word_codes(points, lengths).tolist()
    return codes


def _assert_equal(words: list[str]) -> None:
    fast = _fast(words)
    slow = [letters_word_code(word) for word in words]
    wrong = [(word, got, want) for word, got, want in zip(words, fast, slow, strict=True) if got != want]
    assert not wrong, f"{len(wrong)} of {len(words)} words differ, e.g. (word, fast, definition): {wrong[:5]}"


def _cases(words: list[str]) -> list[str]:
    """Each word in lower, Title and UPPER case, each in NFC and NFD."""
    cased = [form for word in words for form in (word, word.title(), word.upper())]
    return cased + [unicodedata.normalize("NFD", word) for word in cased]


@cache
def _real_words() -> list[str]:
    texts = news_and_wiki_texts(4000)
    return sorted({word for text in texts for token in text.split() if (word := token.strip(PUNCTUATION)).isalpha()})


# --- real text -------------------------------------------------------------------------


def test_equal_on_every_letters_only_word_of_real_text() -> None:
    words = _real_words()
    assert len(words) > 40_000
    _assert_equal(words)
    codes = _fast(words)
    assert sum(code & kernels.VALID != 0 for code in codes) > 5_000  # the table is really read
    assert sum(code == kernels.HAS_ALPHA | kernels.HAS_ALNUM | kernels.ALPHABETIC for code in codes) > 20_000


def test_equal_in_small_batches_and_through_the_tokenizer() -> None:
    words = _real_words()[::7]
    for start in range(0, len(words), 997):
        _assert_equal(words[start : start + 997])
    texts = news_and_wiki_texts(300)
    batch = tokenize_batch(texts, WordTable())
    text = batch.buffer.tobytes().decode("utf-32-le", "surrogatepass")
    words = [text[start : start + length] for start, length in zip(batch.word_start, batch.word_length, strict=True)]
    letters = [at for at, word in enumerate(words) if word.isalpha()]
    assert len(letters) > 50_000
    assert [int(batch.codes[at]) for at in letters] == [letters_word_code(words[at]) for at in letters]


# --- every form the table holds ---------------------------------------------------------


def test_the_forms_are_exactly_what_parse_syllable_accepts() -> None:
    """Every toneless syllable with every tone on every letter (accepted or not), and
    with two tone marks: parse_syllable accepts exactly ``syllable_forms``."""
    forms = syllable_forms()
    assert len(forms) == len(set(forms)) > 20_000
    candidates = set()
    for bare, _ in toneless_syllables():
        candidates.add(bare)
        for at, letter in enumerate(bare):
            for toned in TONED.get(letter, (letter,)):
                candidates.add(bare[:at] + toned + bare[at + 1 :])
        vowels = [at for at, letter in enumerate(bare) if letter in TONED]
        if len(vowels) > 1:  # two marks: never a syllable
            first, second = vowels[:2]
            candidates.add(bare[:first] + TONED[bare[first]][1] + bare[first + 1 : second] + TONED[bare[second]][2])
    assert {word for word in candidates if parse_syllable(word) is not None} == set(forms)
    _assert_equal(_cases(sorted(candidates)))


def test_equal_on_every_form_in_every_case_and_unicode_form() -> None:
    _assert_equal(_cases(syllable_forms()))


def test_equal_on_the_word_sets_in_every_case() -> None:
    words = sorted({*UNACCENTED_SYLLABLES, *PLAIN_FUNCTION_SYLLABLES, *FUNCTION_SYLLABLES, *FINEWEB2_STOPWORDS})
    _assert_equal(_cases(words))


def test_the_table_holds_the_forms_and_the_word_sets_once_each() -> None:
    table = _table()
    forms = syllable_forms()
    points = np.frombuffer("".join(forms).encode("utf-32-le"), dtype=np.uint32)
    keys, whole = _packed(table.symbols, points, np.fromiter(map(len, forms), dtype=np.int64), table.longest)
    assert whole.all()
    valid = table.keys[(table.codes & kernels.VALID) != 0]
    assert np.array_equal(np.sort(keys), valid)  # the keys spelled out as numbers are the forms
    assert table.keys.size == len({*forms, *UNACCENTED_SYLLABLES, *FUNCTION_SYLLABLES, *FINEWEB2_STOPWORDS})
    assert np.all(np.diff(table.keys) > 0)


# --- the Unicode facts the fast path stands on ------------------------------------------

_LETTERS = sorted({*string.ascii_letters, *SPLIT, "đ", "Đ"})


def test_letters_of_the_alphabet_never_compose_with_each_other() -> None:
    """A word of these letters is in NFC whatever their order, and lower-cases letter by letter."""
    for first in _LETTERS:
        assert len(first.lower()) == 1
        for second in _LETTERS:
            assert unicodedata.is_normalized("NFC", first + second)


def test_a_space_is_stable_under_nfc_and_lower_case() -> None:
    """What ``_other_codes`` reads the words of one text by: NFC and ``str.lower`` of
    ``a + " " + b`` are those of a and b, for every character next to the space."""
    for code_point in range(0x40000):
        if 0xD800 <= code_point < 0xE000:
            continue
        character = chr(code_point)
        for text in ("x" + character, character, character + "\u0301", "\u1100" + character):
            spaced = f"{text} {text}"
            assert unicodedata.normalize("NFC", spaced) == " ".join([unicodedata.normalize("NFC", text)] * 2)
            assert code_point == ord(" ") or " " not in character.lower()
    for word in ("ΟΔΟΣ", "Σ", "ΣΣ", "aΣ", "Σa", "ΑΣ\u0301", "ὈΔΥΣΣΕΎΣ"):
        for other in ("ΟΔΟΣ", "x", "1", "Σ"):
            assert f"{word} {other}".lower() == f"{word.lower()} {other.lower()}"


# --- generated words --------------------------------------------------------------------

_VIETNAMESE = "".join(_LETTERS)
_MARKS = "".join(map(chr, range(0x300, 0x324)))
# Look-alikes and letters whose case or normal form changes length or script: Cyrillic and
# Greek vowels, dotted/dotless i, sharp s, sigma (final too), Kelvin and Ångström signs,
# ligatures, title-case digraphs, fullwidth letters, NFC singletons (U+0340, U+0341, Ohm),
# Hangul jamo that compose, CJK, other Latin letters with marks.
_EXOTIC = (
    "аеіорсухАЕІОРСУХ" + "αεικνορτυΑΕΙΚΝΟΡΤΥΣσς" + "İıßẞſ" + "\u212a\u212b\u2126" + "ﬁﬂǅǈǋ" + "ＡＢａｂ"
    "\u0340\u0341\u0343\u0344" + "\u1100\u1161\u11a8가" + "日本語" + "éèëïöüñçøåæœĳŉǰ" + "\u0307\u0308\u0338 "
)
_CHARACTERS = st.sampled_from(_VIETNAMESE + _MARKS + _EXOTIC)
_FORMS = syllable_forms()


def _mixed_case(word: str, data: st.DataObject) -> str:
    flips = data.draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(letter.upper() if flip else letter for letter, flip in zip(word, flips, strict=True))


@st.composite
def _near_syllables(draw: st.DrawFn) -> str:
    """A syllable form, in mixed case and NFC or NFD, perhaps with a character put in,
    swapped or dropped: words next to the table's edge."""
    word = draw(st.sampled_from(_FORMS))
    word = "".join(letter.upper() if draw(st.booleans()) else letter for letter in word)
    if draw(st.booleans()):
        word = unicodedata.normalize("NFD", word)
    edit = draw(st.sampled_from(("none", "insert", "replace", "drop")))
    at = draw(st.integers(0, len(word)))
    character = draw(_CHARACTERS)
    if edit == "insert":
        word = word[:at] + character + word[at:]
    elif edit == "replace":
        word = word[:at] + character + word[at + 1 :]
    elif edit == "drop":
        word = word[:at] + word[at + 1 :]
    return word


# Characters that look like (or case-fold to, or compose into) a letter of a syllable.
_LOOK_ALIKES = {
    "k": "\u212a",  # Kelvin sign
    "a": "аα",
    "o": "оοσ",
    "e": "е",
    "i": "іıİι",
    "y": "уγ",
    "c": "сϲ",
    "p": "рρ",
    "x": "хχ",
    "h": "һ",
    "n": "ηп",
    "đ": "ðÐđ̵",
    "à": "a\u0340",
    "á": "a\u0341",
    "s": "ſ",
}


@st.composite
def _disguised_syllables(draw: st.DrawFn) -> str:
    """A syllable form with some letters swapped for look-alikes, in mixed case."""
    word = draw(st.sampled_from(_FORMS))
    letters = []
    for letter in word:
        others = _LOOK_ALIKES.get(letter, "")
        if others and draw(st.booleans()):
            letters.append(draw(st.sampled_from([*others, others])))
        else:
            letters.append(letter.upper() if draw(st.booleans()) else letter)
    return "".join(letters)


_WORDS = st.one_of(
    st.text(_CHARACTERS, max_size=9),
    _near_syllables(),
    _disguised_syllables(),
    st.sampled_from(sorted({*UNACCENTED_SYLLABLES, *FUNCTION_SYLLABLES, *FINEWEB2_STOPWORDS})).map(str.upper),
    st.text(max_size=6),
)


def test_equal_on_every_form_with_one_letter_disguised() -> None:
    """Each syllable form and word of the sets with one letter swapped for each of its
    look-alikes (the Kelvin sign for k, Cyrillic and Greek vowels, dotless i ...)."""
    words = [*_FORMS, *UNACCENTED_SYLLABLES, *FUNCTION_SYLLABLES]
    disguised = [
        word[:at] + other + word[at + 1 :]
        for word in words
        for at, letter in enumerate(word)
        for other in _LOOK_ALIKES.get(letter, "")
    ]
    assert len(disguised) > 50_000
    _assert_equal(disguised + [word.upper() for word in disguised[::5]])


@settings(max_examples=600, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_equal_on_generated_words(words: list[str]) -> None:
    _assert_equal(words)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_CHARACTERS.filter(str.isalpha), min_size=1, max_size=9), min_size=1, max_size=12))
def test_equal_on_generated_letters_only_words(words: list[str]) -> None:
    """Words as the tokenizer sends them (letters only), so most reach the table."""
    _assert_equal(words)


def test_equal_on_chosen_edge_cases() -> None:
    words = [
        "",
        "İ",
        "İa",
        "ß",
        "SS",
        "ΟΔΟΣ",
        "\u212aha",  # Kelvin sign: lower-cases to k, NFC turns it into K
        "\u212ahông",
        "kho\u0340ng",
        "Ha\u0341t",
        "cat",
        "cát",
        "càt",
        "cạt",
        "CẠT",
        "hòan",
        "hoàn",
        "hòàn",
        "ĐƯỢC",
        "đươc",
        "duoc",
        "DUOC",
        "Ðuoc",  # Icelandic eth, not đ
        "nghiêng",
        "nghiêngg",
        "khong\u0301",
        "a\u0301",
        "\u0301a",
        "ﬁ",
        "gì",
        "gìn",
        "quý",
        "qúy",
        "là",
        "LÀ",
        "la",
        "năm",
        "loài",
    ]
    _assert_equal(words)
    for word in words:  # one word alone: the batch of one
        _assert_equal([word])
