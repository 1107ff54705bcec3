"""Vietnamese letters and syllables: tables, phonotactic rules, accuracy on real data."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import shared_data
from vicorpus.vietnamese.letters import (
    ALL_VOWELS,
    HOI,
    HUYEN,
    NANG,
    NGA,
    NGANG,
    SAC,
    TONE_NAMES,
    TONED,
    TONED_VOWELS,
    put_tone,
    split_tone,
    strip_diacritics,
    strip_tone,
)
from vicorpus.vietnamese.syllables import (
    is_valid_syllable,
    parse_syllable,
    syllables,
    valid_syllable_share,
)

# --- letters -------------------------------------------------------------------------


def test_tone_tables_cover_every_vowel_in_both_cases() -> None:
    assert TONE_NAMES == ("ngang", "huyền", "sắc", "hỏi", "ngã", "nặng")
    assert len(TONED) == 24 and len(ALL_VOWELS) == 144 and len(TONED_VOWELS) == 120
    assert TONED["a"] == ("a", "à", "á", "ả", "ã", "ạ")
    assert TONED["Ư"] == ("Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự")
    for base, forms in TONED.items():
        for tone, form in enumerate(forms):
            assert unicodedata.is_normalized("NFC", form) and len(form) == 1
            assert split_tone(form) == (base, tone)
            assert put_tone(base, tone) == form


def test_split_and_put_tone() -> None:
    assert split_tone("ế") == ("ê", SAC)
    assert split_tone("Ợ") == ("Ơ", NANG)
    assert split_tone("đ") == ("đ", NGANG)
    assert put_tone("ơ", HUYEN) == "ờ" and put_tone("Y", NGA) == "Ỹ" and put_tone("a", HOI) == "ả"
    with pytest.raises(ValueError):
        put_tone("b", SAC)
    with pytest.raises(ValueError):
        put_tone("a", 6)


def test_strip_tone_keeps_letters_and_case() -> None:
    assert strip_tone("Nguyễn Việt ĐƯỜNG") == "Nguyên Viêt ĐƯƠNG"
    assert strip_tone(unicodedata.normalize("NFD", "Hòa")) == unicodedata.normalize("NFD", "Hoa")
    assert strip_tone("abc 123") == "abc 123"


def test_strip_diacritics_folds_everything_to_ascii_letters() -> None:
    assert strip_diacritics("Đường phố Hà Nội, ƯỚC MƠ") == "Duong pho Ha Noi, UOC MO"
    assert strip_diacritics(unicodedata.normalize("NFD", "Thừa Thiên Huế")) == "Thua Thien Hue"
    assert strip_diacritics("Müller, Dvořák, Gdańsk") == "Muller, Dvorak, Gdansk"
    assert strip_diacritics("ăâêôơưđ").isascii()


# --- syllables -----------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


VALID = _words(
    # plain, glides, diphthongs, triphthongs
    "a ba bán tiếng người việt nguyễn khuya khuỷu ngoài ngoẹo khoét hoặc xuân huế thuở "
    "yêu yên uyên khuyên quyết quốc quờ nghiêng nghĩa kìa mưa của giữa ương ướp "
    # both tone styles, and misplaced marks (still Vietnamese, see strict below)
    "hòa hoà khỏe khoẻ thủy thuỷ ủy uỷ hòan baỏ "
    # gi and qu onsets, shared i of gi, older qui/quít
    "gì gìn giếng già giữ gieo giẻ quý quả quà qui quít ghi ghế nghe kế kỳ "
    # stop codas with sắc or nặng only
    "bát bạt hết học ích ạch "
    # capitals and loans that are part of the language
    "HÒA Hòa ĐẮK Lắk Kạn Kon xoong moóc buýt voan gen"
)
INVALID = _words(
    # spelling rules: c/k, g/gh, ng/ngh, q without u, y after the wrong onsets
    "ce ci ge nge ngi qa quo gha nghu by ghy "
    # stop coda with a tone other than sắc/nặng; two tone marks
    "bàt hoàc mãc hẻp hóà "
    # phonotactically impossible rhymes, labial + glide, loanwords and foreign words
    "oem uyp ưm moa moăc coa gioa napoléon ôxít kilômét axít string print and "
    "with avec mais und nicht dengan yang đ b 2"
)


@pytest.mark.parametrize("token", VALID)
def test_valid_syllables(token: str) -> None:
    assert is_valid_syllable(token)
    assert is_valid_syllable(unicodedata.normalize("NFD", token))
    assert is_valid_syllable(token.upper()) and is_valid_syllable(token.title())


@pytest.mark.parametrize("token", INVALID)
def test_invalid_syllables(token: str) -> None:
    assert not is_valid_syllable(token)
    assert not is_valid_syllable(token.upper())


def test_strict_rejects_misplaced_marks_but_accepts_both_styles() -> None:
    for token in ("hòa", "hoà", "thủy", "thuỷ", "quý", "HOÀ", "Khoẻ", "hoàn", "ba"):
        assert is_valid_syllable(token, strict=True), token
    for token in ("hòan", "baỏ", "nghịêm", "lựơng", "qủa", "gìa", "ngòai", "HÒAN"):
        assert is_valid_syllable(token) and not is_valid_syllable(token, strict=True), token


def test_parse_syllable_finds_tone_and_its_places() -> None:
    hoa = parse_syllable("Hòa")
    assert hoa is not None
    assert (hoa.bare, hoa.tone, hoa.tone_at, hoa.old_at, hoa.new_at) == ("hoa", HUYEN, 1, 1, 2)
    quy = parse_syllable("QUÝ")
    assert quy is not None and (quy.tone_at, quy.old_at, quy.new_at) == (2, 2, 2)
    gin = parse_syllable("gìn")  # the i of gi is also the nucleus
    assert gin is not None and gin.old_at == 1
    assert parse_syllable("the") is not None  # a real syllable (vải the) as well as English
    assert parse_syllable("") is None and parse_syllable("İ") is None


def test_syllables_tokenizer() -> None:
    text = unicodedata.normalize("NFD", "Ông Nguyễn (SN 1990) ở Hà-Nội_cũ, e-mail: a@b.vn")
    assert syllables(text) == ["Ông", "Nguyễn", "SN", "ở", "Hà", "Nội", "cũ", "e", "mail", "a", "b", "vn"]
    assert syllables("123 ... !!") == []
    assert syllables("a\u0327b") == ["a\u0327b"]  # an uncomposable mark stays in its word


def test_valid_syllable_share() -> None:
    assert valid_syllable_share("Tôi yêu tiếng Việt") == 1.0
    assert valid_syllable_share("The quick brown fox") == 0.25  # "the" is also Vietnamese
    assert valid_syllable_share("12345") == 0.0


# --- real data -----------------------------------------------------------------------


def test_syllable_inventory_acceptance() -> None:
    """soe-vinorm's inventory is partly generated as onset x rhyme (coa, moa, quương, buynh):
    the rules accept 86 % and every reject breaks a rule; real words must all pass."""
    words = shared_data("lexicons/soe_vinorm_vietnamese_syllables.txt").read_text("utf-8").split()
    rejected = [word for word in words if not is_valid_syllable(word)]
    assert len(words) == 18143
    assert 1 - len(rejected) / len(words) >= 0.85
    for rule_breaker in ("coa", "moa", "quương", "buynh", "gioa", "ghy", "hưm", "iêm"):
        assert rule_breaker in words and rule_breaker in rejected


def test_lexicon_syllables_are_accepted() -> None:
    """Every syllable of underthesea's 74K-word dictionary: 98.9 % pass (the rest are
    abbreviation letters and loanwords: b, m, axit, acid, clo, logic)."""
    text = shared_data("lexicons/Viet74K.txt").read_text("utf-8")
    words = syllables(text)
    assert sum(map(is_valid_syllable, words)) / len(words) >= 0.985


def test_common_foreign_words_are_mostly_rejected() -> None:
    brief = _words("the and with string print avec mais und nicht dengan yang")
    assert [word for word in brief if is_valid_syllable(word)] == ["the"]
    german = _words("und nicht ich sie ist das die der ein eine mit auf für sich auch nach bei aus wie")
    indonesian = _words("dengan yang dan ini itu untuk tidak dari dalam akan pada juga saya ada bisa oleh")
    french = _words("avec mais pour dans sur une les des est pas sont être avoir fait cette nous vous ils")
    for words in (german, indonesian, french):
        assert sum(map(is_valid_syllable, words)) / len(words) <= 0.1
