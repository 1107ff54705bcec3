"""The speed paths of the ``normalize`` stage, each held equal to the plain definition it
stands for, on real text and on generated text made of the pieces that matter:

- the tone-style vocabulary (``tones.style_fixes``) and the column-wise re-toning of lines
  (``tone_lines.retone_lines``) against ``normalize_tones``;
- the gates that show a line needs only the tone step (``gates.tone_only_gates``) against
  ``fix_line``;
- the widened letter classes of the gate against Python's ``re`` and RE2;
- the faster forms of look-alike folding, Windows-1252 byte recovery and scoring against
  the plain forms they replace;
- the whole stage against the per-document functions, with these pieces in its input.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from itertools import islice

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import news_and_wiki_texts, shared_data
from vicorpus.stages.standardize.normalize import _LINK_HINT, Normalize
from vicorpus.stages.standardize.tone_lines import retone_lines
from vicorpus.stages.standardize.whitespace import normalize_basic_column
from vicorpus.text.basics import normalize_basic
from vicorpus.vietnamese import homoglyphs, mojibake, scoring
from vicorpus.vietnamese.charsets import decode_legacy
from vicorpus.vietnamese.fix import FixReport, fix_line, fix_text_with_report
from vicorpus.vietnamese.gates import _re2_ranges, code_point_chunks, letter_classes, tone_only_gates
from vicorpus.vietnamese.syllables import is_valid_syllable
from vicorpus.vietnamese.tones import normalize_tones, style_fixes

STYLES = ("old", "new", "keep")

# Pieces of generated lines: tone-style forms in each case, misplaced marks, words that
# hold a style form without being one, separators of every kind (the boundary class and
# others), and what the other repairs start from.
_TOKENS = [
    *("hoà", "Hoà", "HOÀ", "hòa", "Hòa", "HÒA", "thuỷ", "Thủy", "THUỶ", "khoẻ", "khỏe", "toà", "oà", "uỷ"),
    *("cuả", "hòan", "qủa", "vaò", "nghịêm", "hoàn", "khoảng", "quả", "của", "xhoà", "hoà1", "hOà", "Hoà_Bình"),
    *("Việt", "Nam", "ngày", "người", "tiếng", "Mường", "nhất", "và", "là", "the", "für", "Ðà", "сá", "Москва"),
]
_SEPARATORS = [" ", " ", ",", ".", "-", "(", ")", "“", "”", "…", "\u3000", "\u3001", "\u00a0", "_", "1", "\t", "\r"]
_OTHERS = ["°", "²", "×", "Ò", "Ã©", "&#7879;", "&amp;", "&nbsp;", "\u200b", "\x02", "日", "\u0301", "@", "www.", "://"]
_LINE_PIECES = st.lists(
    st.sampled_from(_TOKENS) | st.sampled_from(_SEPARATORS) | st.sampled_from(_OTHERS), min_size=1, max_size=16
)


def _real_lines(limit: int) -> list[str]:
    lines = [line for text in news_and_wiki_texts(limit) for line in text.split("\n")]
    return [line for line in lines if line.strip()]


@pytest.fixture(scope="module")
def real_lines() -> list[str]:
    return _real_lines(600)


def _no_link_hint(line: str) -> bool:
    """What ``normalize_tones`` checks before it looks for URLs and e-mail addresses."""
    return "@" not in line and "://" not in line and "www." not in line.lower()


# --- the tone-style vocabulary and the column-wise re-toning -------------------------


@pytest.mark.parametrize("style", STYLES)
def test_style_fixes_are_what_normalize_tones_does_anywhere(style: str) -> None:
    fixes = style_fixes(style)
    assert bool(fixes) == (style != "keep")
    for token, fixed in fixes.items():
        assert fixed != token
        for left, right in (("", ""), ("Hà Nội ", "."), ("(", ") và"), ("“", "”…"), ("1 ", "\u3001x")):
            assert normalize_tones(f"{left}{token}{right}", style) == (f"{left}{fixed}{right}", 1)


def _check_retone(lines: list[str], style: str) -> tuple[int, int]:
    """Every line ``retone_lines`` says is done is what ``normalize_tones`` makes of it;
    returns how many lines are done, and how many of those it rewrote."""
    lines = [line for line in lines if unicodedata.is_normalized("NFC", line) and _no_link_hint(line)]
    retoned = retone_lines(pl.Series(lines, dtype=pl.String), style)
    rewritten = 0
    for line, new, tones, done in zip(lines, retoned.lines, retoned.tones, retoned.done, strict=True):
        if done:
            assert (new, tones) == normalize_tones(line, style), line
            rewritten += bool(tones)
    return int(retoned.done.sum()), rewritten


@pytest.mark.parametrize("style", STYLES)
def test_retone_lines_equals_normalize_tones_on_real_text(real_lines: list[str], style: str) -> None:
    lines = real_lines + [line.replace("hòa", "hoà").replace("thủy", "thuỷ") for line in real_lines[::4]]
    done, rewritten = _check_retone(lines, style)
    # The path is taken: most lines are done, and news text writes the old style, some
    # lines above the new one: both styles have lines to rewrite.
    assert done > len(lines) / 2
    if style != "keep":
        assert rewritten > 20


@settings(max_examples=400, deadline=None)
@given(_LINE_PIECES, st.sampled_from(STYLES))
def test_retone_lines_equals_normalize_tones_on_generated_text(pieces: list[str], style: str) -> None:
    _check_retone(["".join(pieces), "".join(reversed(pieces)), " ".join(pieces)], style)


# --- lines that need only the tone step ----------------------------------------------


def _tone_only(lines: list[str]) -> list[bool]:
    gates = tone_only_gates()
    line = pl.col("line")
    readable = line.str.contains(gates.utf8_pair) | ~line.str.contains(gates.unreadable)
    blocked = line.str.contains(gates.blocking) | (line.str.contains(gates.suspicious) & readable)
    return pl.DataFrame({"line": lines}, schema={"line": pl.String}).select(~blocked)["line"].to_list()


def _check_tone_only(lines: list[str], style: str) -> int:
    """``fix_line`` only re-tones every NFC line the gates clear; returns how many of
    them hold a character that takes ``fix_line`` on its longer path."""
    lines = [line for line in lines if unicodedata.is_normalized("NFC", line)]
    longer = 0
    for line, tone_only in zip(lines, _tone_only(lines), strict=True):
        if tone_only:
            fixed, tones = normalize_tones(line, style)
            assert fix_line(line, tone_style=style) == (fixed, FixReport(tones=tones)), line
            longer += scoring.looks_suspicious(line)
    return longer


@pytest.mark.parametrize("style", STYLES)
def test_tone_only_gates_on_real_text(real_lines: list[str], style: str) -> None:
    # Lines with symbols and foreign letters a wrong code page also leaves (° ² ü) are
    # common in real text; the gates must clear some of them, or they do nothing.
    assert _check_tone_only(real_lines, style) > 10


@settings(max_examples=400, deadline=None)
@given(_LINE_PIECES, st.sampled_from(STYLES))
def test_tone_only_gates_on_generated_text(pieces: list[str], style: str) -> None:
    _check_tone_only(["".join(pieces), "".join(reversed(pieces))], style)


# --- the gate's letter classes and the link hint --------------------------------------


def test_letter_classes_are_widened_for_both_engines() -> None:
    after, inner = letter_classes()

    def members(ranges: list[tuple[int, int]]) -> set[int]:
        return {code for first, last in ranges for code in range(first, last + 1)}

    python = {
        first + match.start() for first, chunk in code_point_chunks() for match in re.finditer(r"[^\W\d_]", chunk)
    }
    re2_letters, re2_letters_or_numbers = members(_re2_ranges(r"\pL")), members(_re2_ranges(r"[\pL\pN]"))
    after_codes, inner_codes = members(after), members(inner)
    assert python | re2_letters_or_numbers <= after_codes
    assert inner_codes <= python & re2_letters
    # Vietnamese letters count as letters in both: the gate keeps its precision there.
    assert {ord(c) for c in "aăâđêôơưAĂÂĐÊÔƠƯạệỹ"} <= inner_codes
    assert not {ord(c) for c in " ,.;:!?()“”…-\n"} & after_codes


def test_only_w_and_dot_lower_case_to_what_the_link_hint_seeks() -> None:
    # normalize_tones looks for "www." in the lower-cased line; _LINK_HINT seeks [wW]{3}\.
    codes = (code for first, chunk in code_point_chunks() for code in range(first, first + len(chunk)))
    found = {chr(code) for code in codes if {"w", "."} & set(chr(code).lower())}
    assert found == {"w", "W", "."}
    assert re.search(_LINK_HINT, "x WwW.y") and re.search(_LINK_HINT, "a@b") and not re.search(_LINK_HINT, "ww.w")


# --- faster forms of the repairs' helpers ---------------------------------------------


def _fold_by_regex(text: str) -> tuple[str, int]:
    """``fold_lookalikes`` as first written: the words are the matches of _SUSPECT_WORD_RE."""
    changed = 0

    def fold(match: re.Match[str]) -> str:
        nonlocal changed
        folded = homoglyphs._fold_word(match.group())
        if folded is None:
            return match.group()
        changed += 1
        return folded

    return homoglyphs._SUSPECT_WORD_RE.sub(fold, text), changed


def _fold_both_ways(text: str) -> list[tuple[str, int]]:
    """``fold_lookalikes`` visiting words from the look-alikes, then from the Latin runs."""
    results = []
    saved = homoglyphs._DENSE_SUSPECTS
    try:
        for dense_after in (0, 10**9):  # never dense; always dense
            homoglyphs._DENSE_SUSPECTS = dense_after
            results.append(homoglyphs.fold_lookalikes(text))
    finally:
        homoglyphs._DENSE_SUSPECTS = saved
    return results


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="aоeеcсoаĐÐðƉΑВхị\u0301\u0300 .,1_xyàdá×÷", max_size=30))
def test_fold_lookalikes_equals_the_regex_definition(text: str) -> None:
    expected = _fold_by_regex(text)
    assert homoglyphs.fold_lookalikes(text) == expected
    assert _fold_both_ways(text) == [expected, expected]


def test_fold_lookalikes_on_real_words() -> None:
    for text in (
        "Ðà Nẵng, Ðorđe, сá cược, со, Москва ΑΒ",
        "ÐÀ NẴNG Ðiện Biên Phủ",
        "nhà сái ở ѕài gòn",
        "Установите Windows 10 и откройте сá cược.com, Ðà Nẵng; Microsoft Office для дома",
        "2×Ðà, ×tао ÷сá",  # × and ÷ sit in the Latin-1 range but are no letters
    ):
        expected = _fold_by_regex(text)
        assert homoglyphs.fold_lookalikes(text) == expected
        assert _fold_both_ways(text) == [expected, expected]
    assert homoglyphs.fold_lookalikes("Ðà Nẵng")[1] == 1
    assert homoglyphs.fold_lookalikes("Установите Windows и откройте сá cược")[0].endswith("cá cược")


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=[*list(mojibake._BYTE_OF)[::7], "€", "Ÿ", "\x81", "ạ", "ệ", "日", "\u0301"], max_size=12))
def test_text_to_cp1252_bytes_equals_the_table(text: str) -> None:
    try:
        want: bytes | None = bytes(mojibake._BYTE_OF[ch] for ch in text)
    except KeyError:
        want = None
    assert mojibake.text_to_cp1252_bytes(text) == want


def _repair_line_plainly(line: str) -> tuple[str, str | None]:
    """``mojibake.repair_line`` as first written: every reading scored."""
    if not scoring.looks_suspicious(line):
        return line, None
    raw = mojibake.text_to_cp1252_bytes(line)
    readings = mojibake._utf8_readings(line, raw)
    if raw is None and not readings:
        repaired = mojibake._repair_utf8_words(line)
        return (repaired, "utf8_mojibake") if repaired != line else (line, None)
    before = scoring.score(line)
    current = line
    for attempt in range(2):
        if attempt:
            readings = mojibake._utf8_readings(current, mojibake.text_to_cp1252_bytes(current))
        if not readings:
            break
        current = unicodedata.normalize("NFC", readings[0])
        if not scoring.looks_suspicious(current):
            break
    if current != line and mojibake._better_utf8(scoring.score(current), before):
        return current, "utf8_mojibake"
    if raw is None:
        return line, None
    best: tuple[scoring.Score, str, str] | None = None
    for charset in mojibake.LEGACY_CANDIDATES:
        candidate = decode_legacy(raw, charset)
        result = scoring.score(candidate)
        if best is None or result.rank > best[0].rank:
            best = (result, candidate, charset)
    assert best is not None
    vps_text = decode_legacy(raw, "vps")
    vps = scoring.score(vps_text)
    vps_ahead = vps.words and (vps.valid - best[0].valid) / vps.words >= mojibake.VPS_MARGIN
    if vps_ahead or (vps.valid == best[0].valid and vps.common > best[0].common):
        best = (vps, vps_text, "vps")
    if mojibake._better_legacy(best[0], before):
        return best[1], best[2]
    return line, None


def _legacy_lines(limit: int) -> list[str]:
    lines: list[str] = []
    with shared_data("legacy-encodings/generated_from_viwiki.jsonl").open(encoding="utf-8") as handle:
        for record in islice(handle, limit):
            item = json.loads(record)
            text = base64.b64decode(item["encoded_b64"]).decode("cp1252", errors="replace")
            lines += text.split("\n") + item["truth_recoverable"].split("\n")
    return lines


def test_repair_line_equals_the_plain_definition_on_real_text(real_lines: list[str]) -> None:
    lines = [line for line in real_lines + _legacy_lines(300) if scoring.looks_suspicious(line)]
    repaired = 0
    for line in lines:
        assert mojibake.repair_line(line) == _repair_line_plainly(line), line
        repaired += mojibake.repair_line(line)[1] is not None
    assert repaired > 50  # the legacy lines are repaired: the readings were scored


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from([*_TOKENS, *_SEPARATORS, *_OTHERS, "Céng", "hßa", "Vieät", "laø", "ü", "ö"]), max_size=14)
)
def test_repair_line_equals_the_plain_definition_on_generated_text(pieces: list[str]) -> None:
    line = " ".join(pieces).replace("\n", " ")
    assert mojibake.repair_line(line) == _repair_line_plainly(line)


def _score_plainly(text: str) -> scoring.Score:
    words = [word for word in scoring._WORD_RE.findall(text) if len(word) > 1]
    valid = marked = common = 0
    for word in words:
        if (word.islower() or word.isupper() or word.istitle()) and is_valid_syllable(word):
            valid += 1
            marked += scoring._VIETNAMESE_MARKED_RE.search(word) is not None
            common += word.lower() in scoring.COMMON_SYLLABLES
    suspicious = len(scoring.SUSPICIOUS_RE.findall(text)) + len(scoring.CP1258_TONE_RE.findall(text))
    return scoring.Score(len(words), valid, marked, suspicious, common)


@settings(max_examples=300, deadline=None)
@given(_LINE_PIECES)
def test_score_equals_the_plain_count(pieces: list[str]) -> None:
    text = " ".join(pieces)
    assert scoring.score(text) == _score_plainly(text)
    assert scoring.score(text.upper()) == _score_plainly(text.upper())


# --- the whitespace step -------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=" \t\n\r\u00a0\u3000ab.\x1c", max_size=16), min_size=1, max_size=8), st.booleans())
def test_normalize_basic_column_at_the_edges(texts: list[str], told: bool) -> None:
    """Runs of spaces, tabs, newlines and carriage returns at the ends and in between: the
    step that strips line ends runs on every text of the column, and the counts must still
    be those of the function, which strips the end of a text there or at the edges."""
    spaced = pl.Series([row for row, text in enumerate(texts) if "\u00a0" in text or "\u3000" in text])
    got = normalize_basic_column(pl.Series(texts, dtype=pl.String), spaced.cast(pl.UInt32) if told else None)
    want = [normalize_basic(text) for text in texts]
    assert got["text"].to_list() == [text for text, _ in want]
    assert got["line_endings"].to_list() == [fixes.line_endings for _, fixes in want]
    assert got["whitespace"].to_list() == [fixes.whitespace for _, fixes in want]


# --- the whole stage ------------------------------------------------------------------


def _check_stage(texts: list[str], style: str) -> None:
    got = Normalize(tone_style=style)(pl.DataFrame({"text": texts}, schema={"text": pl.String}))
    for text, row in zip(texts, got.iter_rows(named=True), strict=True):
        fixed, report = fix_text_with_report(text, tone_style=style)
        fixed, basic = normalize_basic(fixed)
        want: dict[str, object] = {f"fix_{kind}": count for kind, count in report.counts().items()}
        want |= {"text": fixed, "fix_line_endings": basic.line_endings, "fix_whitespace": basic.whitespace}
        assert {key: row[key] for key in want} == want, text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_LINE_PIECES, min_size=1, max_size=4), min_size=1, max_size=6), st.booleans())
def test_stage_equals_the_functions_on_generated_documents(documents: list[list[list[str]]], nfd: bool) -> None:
    texts = ["\n".join("".join(line) for line in lines) for lines in documents]
    if nfd:
        texts = [unicodedata.normalize("NFD", text) if index % 2 else text for index, text in enumerate(texts)]
    for style in STYLES:
        _check_stage(texts, style)


@pytest.mark.parametrize("style", STYLES)
def test_stage_equals_the_functions_on_real_text_in_both_styles(real_lines: list[str], style: str) -> None:
    lines = real_lines[:3000]
    new_style = [line.replace("hòa", "hoà").replace("Thủy", "Thuỷ").replace("khỏe", "khoẻ") for line in lines]
    texts = ["\n".join(lines[start : start + 25]) for start in range(0, len(lines), 25)]
    texts += ["\n".join(new_style[start : start + 25]) for start in range(0, len(new_style), 25)]
    texts += ["\x02hoà  x\u00a0hoà\n", "hoà@x.vn hoà\nwww.hoà.vn hoà", "HOÀ BÌNH\r\nÐà Nẵng &nbsp;hoà"]
    _check_stage(texts, style)
