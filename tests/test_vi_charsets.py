"""Legacy Vietnamese charsets: tables, decoders, encoders and the cp1252 view."""

from __future__ import annotations

import base64
import json
import time
import unicodedata
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_data
from vicorpus.vietnamese.charsets import (
    CHARSETS,
    canonical_charset,
    cp1252_text_to_bytes,
    cp1258,
    decode_legacy,
    encode_legacy,
    legacy_as_cp1252,
    tcvn3,
    viscii,
    vni,
    vps,
)
from vicorpus.vietnamese.charsets._letters import LETTERS, LOWER
from vicorpus.vietnamese.charsets.cp1252_view import CP1252_VIEW

GENERATED = "legacy-encodings/generated_from_viwiki.jsonl"
RAW_FILES = "legacy-encodings/raw_files"
MIN_ACCURACY = 0.995
# TCVN3 has no toned capitals: its text comes back with those letters in lower case.
TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"
TCVN3_FOLD = {ord(c): c.lower() for c in LETTERS if c.isupper() and c not in TCVN3_CAPITALS}


def expected_after_round_trip(text: str, charset: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return text.translate(TCVN3_FOLD) if charset == "tcvn3" else text


# --- the shared, real-sentence data -------------------------------------------------


@pytest.fixture(scope="module")
def generated() -> dict[str, list[dict[str, str]]]:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with shared_data(GENERATED).open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            rows[canonical_charset(row["charset"])].append(row)
    return rows


@pytest.mark.parametrize("charset", CHARSETS)
def test_generated_lines_decode_exactly(generated: dict[str, list[dict[str, str]]], charset: str) -> None:
    rows = generated[charset]
    assert len(rows) >= 100
    from_bytes = from_view = same_bytes = 0
    for row in rows:
        raw = base64.b64decode(row["encoded_b64"])
        truth = row["truth_recoverable"]
        from_bytes += decode_legacy(raw, charset) == truth
        seen = cp1252_text_to_bytes(row["seen_as_cp1252"])
        assert seen == raw  # the cp1252 view maps back to the exact bytes
        from_view += seen is not None and decode_legacy(seen, charset) == truth
        assert legacy_as_cp1252(raw) == row["seen_as_cp1252"]
        encoded = encode_legacy(truth, charset)
        assert decode_legacy(encoded, charset) == truth
        same_bytes += encoded == raw
    assert from_bytes / len(rows) >= MIN_ACCURACY
    assert from_view / len(rows) >= MIN_ACCURACY
    # Our encoders also agree with the bytes the data set was generated with.
    assert same_bytes / len(rows) >= MIN_ACCURACY


@pytest.mark.parametrize("charset", CHARSETS)
def test_raw_files_decode_to_their_truth(charset: str) -> None:
    name = "vni-win" if charset == "vni" else charset
    raw = shared_data(f"{RAW_FILES}/viwiki_40_lines.{name}.txt").read_bytes()
    truth = shared_data(f"{RAW_FILES}/viwiki_40_lines.{name}.truth.utf8.txt").read_bytes().decode("utf-8")
    decoded = decode_legacy(raw, charset)
    assert decoded.count("\r\n") == raw.count(b"\r\n")  # line ends kept byte for byte
    assert decoded.splitlines() == truth.splitlines()
    assert encode_legacy(decoded, charset) == raw


# --- tables against the standards ---------------------------------------------------


def test_letter_inventory() -> None:
    assert len(LETTERS) == 134 and len(LOWER) == 67
    assert set(LETTERS) == set(viscii.ASSIGNED.values())
    assert set(LETTERS) <= set(vps.ASSIGNED.values())
    assert set(tcvn3.ASSIGNED.values()) == set(LOWER) | set(TCVN3_CAPITALS) | {"\xa0"}


@pytest.mark.parametrize(
    ("charset", "raw", "text"),
    [
        ("tcvn3", b"\xadu \xa7\xb8 \xb5 \xfe", "ưu Đá à ỵ"),  # TCVN 5712:1993 VN3
        ("tcvn3", b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca", "Cộng hòa xã hội chủ nghĩa"),
        ("viscii", b"\x02\x05\x06\x14\x19\x1e \x80\xff \xa0\xdf", "ẲẴẪỶỸỴ ẠỮ Õư"),  # RFC 1456
        ("vps", b"hi\x8cn \xc7a s\xd3 ng\xdc\xa9i \x02\x1d", "hiện đa số người ẠỮ"),
        (
            "vni",
            b"Vie\xe4t Nam, \xf1\xf6\xf4\xefc, t\xe6nh, Ky\xf8, \xd1A\xd9",
            "Việt Nam, được, tỉnh, Kỳ, ĐÁ",
        ),
        ("vni", b"y\xee \xce", "yỵ Ỵ"),
        ("cp1258", b"Ca\xecc \xd0\xe2\xccu t\xfd\xf2", "Các Đầu tự"),
        ("cp1258", b"\xe1 \xe2\xec", "á ấ"),  # precomposed where cp1258 has the letter
        ("viqr", b"Vie^.t Nam, DDa` La.t, tu+o+i", "Việt Nam, Đà Lạt, tươi"),
    ],
)
def test_known_values(charset: str, raw: bytes, text: str) -> None:
    assert decode_legacy(raw, charset) == text


@pytest.mark.parametrize("charset", CHARSETS)
def test_every_letter_round_trips(charset: str) -> None:
    for letter in LETTERS:
        # In a syllable: VIQR reads a final "?" or "." on a line as punctuation.
        sample = letter + ("a" if letter in "đĐ" else "nh") + "."
        encoded = encode_legacy(sample, charset)
        assert decode_legacy(encoded, charset) == expected_after_round_trip(sample, charset), letter


def test_tcvn3_capitals_use_lower_case_bytes() -> None:
    assert encode_legacy("ĐẤT NƯỚC", "tcvn3") == b"\xa7\xca" + b"T N\xa6\xedC"
    assert decode_legacy(b"\xa7\xca" + b"T N\xa6\xedC", "tcvn3") == "ĐấT NƯớC"


def test_unassigned_bytes_read_as_cp1252() -> None:
    # TCVN3 leaves 0x80-0x9F and 21 bytes above 0xA0 free; VNI uses no byte below 0xC0.
    assert decode_legacy(b"\x93x\x94 \x80 \x81", "tcvn3") == "\u201cx\u201d € \x81"
    assert decode_legacy(b"\xb0 \xc0", "tcvn3") == "° À"
    assert decode_legacy(b"\x85 \xa9", "vni") == "… ©"
    assert decode_legacy(b"\x8a\x9e", "cp1258") == "Šž"


def test_controls_and_soft_hyphen_are_letters() -> None:
    # Never strip them before decoding: they carry letters.
    assert decode_legacy(b"n\xad\xedc", "tcvn3") == "nước"
    assert decode_legacy(b"\x19", "viscii") == "Ỹ"
    assert decode_legacy(b"\x19", "vps") == "Ỵ"


@pytest.mark.parametrize("table", [tcvn3.DECODING_TABLE, viscii.DECODING_TABLE, vps.DECODING_TABLE])
def test_single_byte_tables_never_need_nfc(table: str) -> None:
    for first in table:
        for second in table:
            assert unicodedata.normalize("NFC", first + second) == first + second


def test_aliases_and_unknown_names() -> None:
    assert canonical_charset("VNI-Win") == "vni"
    assert canonical_charset("windows_1258") == "cp1258"
    assert canonical_charset(" ABC ") == "tcvn3"
    with pytest.raises(ValueError, match="unknown legacy charset"):
        decode_legacy(b"", "koi8-r")


def test_encode_errors() -> None:
    with pytest.raises(UnicodeEncodeError) as error:
        encode_legacy("Hà Nội 中", "viscii")
    assert error.value.start == 7
    assert encode_legacy("Hà Nội 中", "viscii", errors="replace") == b"H\xe0 N\xb5i ?"
    assert decode_legacy(encode_legacy("ả中", "viqr", errors="replace"), "viqr") == "ả?"
    assert encode_legacy("e\u0301", "vni") == encode_legacy("é", "vni") == b"e\xf9"  # NFC first


# --- VIQR: conservative reading of ASCII punctuation --------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"nha` Le^.", "nhà Lê."),  # "." at a line end is a full stop
        (b"ngoa.i le^. va`", "ngoại lệ và"),  # elsewhere a dot-below tone
        (b"nha.c cu..\r\nTie^'p", "nhạc cụ.\r\nTiếp"),
        (b"Ha` No^.i.", "Hà Nội."),  # the syllable already has its tone
        (b"Anh ddi dda^u?", "Anh đi đâu?"),
        (b"Chi'nh phu?, ba?o ta`ng", "Chính phủ, bảo tàng"),
        (b"Anh ddi dda^u\\? Ba\\.n, o+\\?", "Anh đi đâu? Ba.n, ơ?"),  # RFC 1456 escapes
        (b"f(a(x)) Na+ C++ x^2", "f(a(x)) Na+ C++ x^2"),  # no Vietnamese letter to form
        (b"address odd DDT DDa d\\dau", "address odd DDT Đa ddau"),  # dd: word start + vowel
        (b"Na(m ba('t DDu+'c", "Năm bắt Đức"),
        (b"'Pele'',", "'Pelé',"),
    ],
)
def test_viqr_rules(raw: bytes, text: str) -> None:
    assert decode_legacy(raw, "viqr") == text


def test_viqr_encoder_escapes_what_would_be_misread() -> None:
    text = "Anh đi đâu? Tôi ở Hà Nội. Cụ. Hàm f(a) = a.m. ddoi"
    encoded = encode_legacy(text, "viqr")
    assert b"dda^u\\?" in encoded and b"a\\.m." in encoded and b"d\\doi" in encoded
    assert decode_legacy(encoded, "viqr") == text
    assert encode_legacy("Lê.", "viqr") == b"Le^."  # as UniKey writes it


def test_viqr_large_input_matches_line_by_line() -> None:
    # The distinct-word speed-up must not change results.
    lines = [b"Tha`nh pho^' Ho^` Chi' Minh la` ddo^ thi. lo+'n nha^'t Vie^.t Nam.", b"Ba.n kho?e kho^ng?"]
    data = b"\n".join(lines * 400)
    assert decode_legacy(data, "viqr") == "\n".join(decode_legacy(line, "viqr") for line in lines * 400)


# --- the Windows-1252 view -------------------------------------------------------


def test_cp1252_view() -> None:
    assert legacy_as_cp1252(b"C\xe9ng h\xdfa \x81\x8d\x8f\x90\x9d\x80") == "Céng hßa \x81\x8d\x8f\x90\x9d€"
    assert cp1252_text_to_bytes("Céng hßa x· héi chñ nghÜa") == b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca"
    assert cp1252_text_to_bytes("\x80\x93") == b"\x80\x93"  # Latin-1 reading of C1 bytes
    assert cp1252_text_to_bytes("Cộng") is None
    assert cp1252_text_to_bytes("") == b""


# --- properties -------------------------------------------------------------------

ANY_BYTES = st.binary(max_size=400)
# Text of Vietnamese letters, ASCII and punctuation, for round trips.
VIETNAMESE_TEXT = st.text(
    alphabet=st.sampled_from(LETTERS + "abcdeghiklmnopqrstuvxy ABCDEGHIKLMNOPQRSTUVXY0123456789,;:!-\n"),
    max_size=200,
)


@settings(max_examples=150, deadline=None)
@given(data=ANY_BYTES, charset=st.sampled_from(CHARSETS))
def test_decode_never_raises_and_is_nfc(data: bytes, charset: str) -> None:
    text = decode_legacy(data, charset)
    assert unicodedata.is_normalized("NFC", text)


# The two-byte charsets' fast decoders must equal NFC of each byte's own meaning.
PAIR_CHARSETS = {"vni": vni._MEANINGS, "cp1258": dict(enumerate(cp1258.DECODING_TABLE))}


def nfc_of_meanings(data: bytes, charset: str) -> str:
    return unicodedata.normalize("NFC", "".join(PAIR_CHARSETS[charset][byte] for byte in data))


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300), charset=st.sampled_from(sorted(PAIR_CHARSETS)))
def test_pair_decoder_equals_nfc_of_byte_meanings(data: bytes, charset: str) -> None:
    assert decode_legacy(data, charset) == nfc_of_meanings(data, charset)


@pytest.mark.parametrize("charset", sorted(PAIR_CHARSETS))
def test_pair_decoder_on_every_byte_pair(charset: str) -> None:
    data = bytes(byte for first in range(256) for second in range(256) for byte in (first, second, 0x20))
    assert decode_legacy(data, charset) == nfc_of_meanings(data, charset)


@settings(max_examples=200, deadline=None)
@given(data=ANY_BYTES)
def test_cp1252_view_round_trip(data: bytes) -> None:
    assert cp1252_text_to_bytes(legacy_as_cp1252(data)) == data


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(CP1252_VIEW + "\x80\x85\x93\u0100中"), max_size=50))
def test_cp1252_inverse(text: str) -> None:
    raw = cp1252_text_to_bytes(text)
    if any(char in text for char in "\u0100中"):
        assert raw is None
    else:
        assert raw is not None and len(raw) == len(text)
        assert legacy_as_cp1252(raw) == text.translate({0x80: "€", 0x85: "…", 0x93: "\u201c"})


@settings(max_examples=100, deadline=None)
@given(text=VIETNAMESE_TEXT, charset=st.sampled_from([c for c in CHARSETS if c != "viqr"]))
def test_encode_decode_round_trip(text: str, charset: str) -> None:
    assert decode_legacy(encode_legacy(text, charset), charset) == expected_after_round_trip(text, charset)


# VIQR round trips for Vietnamese prose: syllables (one vowel nucleus, ă before a final
# consonant, đ only word-initial), punctuation between words, a full stop at the end.
ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu"]
ONSETS += ["r", "s", "t", "th", "tr", "v", "x", "Đ", "T", "Ng"]
CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y"]
NUCLEI = [letter for letter in LETTERS + "aeiouyAEIOUY" if letter not in "đĐ"]


@st.composite
def viqr_sentences(draw: st.DrawFn) -> str:
    words = []
    for _ in range(draw(st.integers(1, 12))):
        nucleus = draw(st.sampled_from(NUCLEI))
        codas = ["c", "m", "n", "ng", "p", "t"] if nucleus.lower() in "ăắằẳẵặ" else CODAS
        coda = draw(st.sampled_from(codas))
        words.append(draw(st.sampled_from(ONSETS)) + nucleus + coda + draw(st.sampled_from(["", ",", ".", "?"])))
    return " ".join(words) + draw(st.sampled_from([".", "?", "!"]))


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(viqr_sentences(), min_size=1, max_size=3))
def test_viqr_round_trip(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert decode_legacy(encode_legacy(text, "viqr"), "viqr") == text


# --- speed ------------------------------------------------------------------------


@pytest.mark.parametrize("charset", CHARSETS)
def test_decoding_is_fast(charset: str) -> None:
    text = "Đế quốc Anh được khoách trương, gồm có Ấn Độ và các lãnh thổ khác trên toàn thế giới.\n"
    data = encode_legacy(text * 10_000, charset)  # about 1 MB
    start = time.perf_counter()
    decode_legacy(data, charset)
    assert time.perf_counter() - start < 1.0  # well over 1 MB/s even on a slow machine
