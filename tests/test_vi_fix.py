"""Vietnamese standardization: decode, detect_encoding and fix_text on real text."""

from __future__ import annotations

import base64
import json
import lzma
import unicodedata
from collections import defaultdict
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_data
from vicorpus.vietnamese import decode, detect_encoding, fix_text, fix_text_with_report

CHARSET_NAMES = {"vni-win": "vni"}  # the data file's names → ours


@pytest.fixture(scope="module")
def legacy_lines() -> dict[str, list[dict[str, str]]]:
    by_charset: dict[str, list[dict[str, str]]] = defaultdict(list)
    with shared_data("legacy-encodings/generated_from_viwiki.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            by_charset[CHARSET_NAMES.get(item["charset"], item["charset"])].append(item)
    return by_charset


def _accuracy(pairs: list[tuple[str, str]]) -> float:
    return sum(got == want for got, want in pairs) / len(pairs)


@pytest.mark.parametrize("charset", ["tcvn3", "vni", "viscii", "cp1258"])
def test_auto_decode_accuracy(legacy_lines: dict[str, list[dict[str, str]]], charset: str) -> None:
    pairs = [
        (decode(base64.b64decode(i["encoded_b64"]), "auto"), i["truth_recoverable"]) for i in legacy_lines[charset]
    ]
    assert _accuracy(pairs) >= 0.995, [p for p in pairs if p[0] != p[1]][:3]


@pytest.mark.parametrize("charset", ["tcvn3", "vni", "viscii", "cp1258", "vps", "viqr"])
def test_named_decode_accuracy(legacy_lines: dict[str, list[dict[str, str]]], charset: str) -> None:
    pairs = [
        (decode(base64.b64decode(i["encoded_b64"]), charset), i["truth_recoverable"]) for i in legacy_lines[charset]
    ]
    assert _accuracy(pairs) >= 0.995, [p for p in pairs if p[0] != p[1]][:3]


@pytest.mark.parametrize("charset", ["tcvn3", "vni", "viscii", "cp1258", "vps"])
def test_fix_text_repairs_legacy_seen_as_cp1252(legacy_lines: dict[str, list[dict[str, str]]], charset: str) -> None:
    pairs = [(fix_text(i["seen_as_cp1252"], tone_style="keep"), i["truth_recoverable"]) for i in legacy_lines[charset]]
    assert _accuracy(pairs) >= 0.995, [p for p in pairs if p[0] != p[1]][:3]


def test_detect_encoding_on_raw_files() -> None:
    folder = shared_data("legacy-encodings/raw_files")
    for charset in ("tcvn3", "vni-win", "viscii", "cp1258"):
        data = (folder / f"viwiki_40_lines.{charset}.txt").read_bytes()
        name, confidence = detect_encoding(data)
        assert name == CHARSET_NAMES.get(charset, charset) and confidence > 0.8, (charset, name, confidence)
        truth = (folder / f"viwiki_40_lines.{charset}.truth.utf8.txt").read_text(encoding="utf-8")
        # The encoded files have CRLF line ends, the truth files LF.
        assert decode(data).replace("\r\n", "\n") == unicodedata.normalize("NFC", truth)


def test_mixed_unicode_and_legacy_lines() -> None:
    folder = shared_data("legacy-encodings/raw_files")
    legacy = (folder / "viwiki_40_lines.tcvn3.txt").read_bytes().split(b"\r\n")
    truth = (folder / "viwiki_40_lines.tcvn3.truth.utf8.txt").read_text(encoding="utf-8").split("\n")
    mixed = b"\n".join(truth[i].encode() if i % 2 else legacy[i] for i in range(20))
    assert decode(mixed) == "\n".join(truth[:20])
    seen = "\n".join(truth[i] if i % 2 else legacy[i].decode("cp1252", errors="replace") for i in range(20))
    _fixed, report = fix_text_with_report(seen, tone_style="keep")
    assert report.legacy_lines >= 8


def _read_as_cp1252(data: bytes) -> str:
    """How a browser shows bytes as Windows-1252 (undefined bytes become C1 controls)."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data)


def test_utf8_mojibake_is_repaired() -> None:
    clean = "Việt Nam là một quốc gia nằm ở phía đông bán đảo Đông Dương."
    assert fix_text(_read_as_cp1252(clean.encode())) == clean
    assert fix_text(clean.encode().decode("latin-1")) == clean
    twice = _read_as_cp1252(_read_as_cp1252(clean.encode()).encode())
    assert fix_text(twice) == clean


def test_entities_invisibles_lookalikes_and_eth() -> None:
    assert fix_text("Vi&#7879;t Nam &agrave; &amp; &lt;b&gt;") == "Việt Nam à &amp; &lt;b&gt;"
    assert fix_text("Hà\u200b Nội\u00ad") == "Hà Nội"
    assert fix_text("Ðà Nẵng, ðất nước") == "Đà Nẵng, đất nước"
    assert fix_text("Ðorđe Balašević") == "Ðorđe Balašević"
    assert fix_text("nhà сái, сá cược") == "nhà cái, cá cược"  # Cyrillic с
    assert fix_text("Москва со") == "Москва со"


def test_tone_styles() -> None:
    assert fix_text("hoà bình, thuỷ lợi, khoẻ") == "hòa bình, thủy lợi, khỏe"
    assert fix_text("hòa bình, thủy lợi, khỏe", tone_style="new") == "hoà bình, thuỷ lợi, khoẻ"
    assert fix_text("hoà bình và hòa bình", tone_style="keep") == "hoà bình và hòa bình"
    assert fix_text("baỏ vệ, nghịêm túc", tone_style="keep") == "bảo vệ, nghiệm túc"
    with pytest.raises(ValueError, match="tone_style"):
        fix_text("x", tone_style="modern")


NON_VIETNAMESE = [
    "The quick brown fox jumps over the lazy dog. Is it true? Yes.",
    "Ça va très bien, merci. L'été dernier, nous sommes allés à Genève.",
    "Über den Straßen Münchens lag ein dünner Nebel; Größe zählt nicht.",
    "El niño comió piñata en el año 2024, ¿verdad? ¡Sí!",
    "Pemerintah Indonesia akan membangun jalan baru dengan anggaran besar.",
    "def main(argv: list[str]) -> int:\n    return 0 if argv else 1  # ok",
    "https://example.com/a?b=c&d=e#frag and mailto:someone@example.org",
    "Preis: 25 € — 10 % Rabatt, © 2024 Müller GmbH ® ™ 30°C",
    "Ðorđe Balašević i Željko Joksimović",
]


@pytest.mark.parametrize("text", NON_VIETNAMESE)
def test_non_vietnamese_text_is_left_alone(text: str) -> None:
    assert fix_text(text) == unicodedata.normalize("NFC", text)


def test_clean_wikipedia_changes_only_by_tone_style() -> None:
    path = shared_data("viwiki-undertheseanlp/viwiki.jsonl.xz")
    changed = []
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        paragraphs = [p for line in islice(handle, 400) for p in json.loads(line)["text"].split("\r\n") if len(p) > 40][
            :5000
        ]
    assert len(paragraphs) == 5000
    for paragraph in paragraphs:
        nfc = unicodedata.normalize("NFC", paragraph)
        fixed = fix_text(paragraph, tone_style="keep")
        if fixed != nfc:
            changed.append((nfc, fixed))
    # Each remaining change must be a real fix (listed in the closing note); keep them rare.
    assert len(changed) <= 25, changed[:5]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fix_text_never_raises_is_idempotent_and_nfc(text: str) -> None:
    once = fix_text(text)
    assert unicodedata.is_normalized("NFC", once)
    assert fix_text(once) == once


@settings(max_examples=300, deadline=None)
@given(
    st.binary(),
    st.sampled_from(["auto", "utf-8", "utf-16", "cp1258", "tcvn3", "vni", "viscii", "vps", "viqr"]),
)
def test_decode_never_raises_and_is_nfc(data: bytes, encoding: str) -> None:
    text = decode(data, encoding)
    assert unicodedata.is_normalized("NFC", text)
    name, confidence = detect_encoding(data)
    assert 0.0 <= confidence <= 1.0 and isinstance(name, str)


def test_unknown_encoding_names_the_choices() -> None:
    with pytest.raises(ValueError, match="tcvn3"):
        decode(b"x", "klingon")


def test_normalize_cli_converts_a_legacy_file(tmp_path: Path) -> None:
    from conftest import run_cli

    folder = shared_data("legacy-encodings/raw_files")
    result = run_cli("normalize", folder / "viwiki_40_lines.tcvn3.txt", "-o", tmp_path / "out.txt", "--report")
    assert result.returncode == 0, result.stderr
    truth = (folder / "viwiki_40_lines.tcvn3.truth.utf8.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == fix_text(unicodedata.normalize("NFC", truth))
    assert "encoding: tcvn3" in result.stderr
    bad = run_cli("normalize", tmp_path / "missing.txt")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_pipeline_decodes_legacy_text_files_and_auto_jsonl(tmp_path: Path) -> None:
    from conftest import read_rows, write_pipeline
    from vicorpus import Pipeline

    folder = shared_data("legacy-encodings/raw_files")
    truth = unicodedata.normalize(
        "NFC", (folder / "viwiki_40_lines.vni-win.truth.utf8.txt").read_text(encoding="utf-8")
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "vni.txt").write_bytes((folder / "viwiki_40_lines.vni-win.txt").read_bytes())
    tcvn3_line = (folder / "viwiki_40_lines.tcvn3.txt").read_bytes().split(b"\r\n")[0]
    tcvn3_truth = truth.split("\n")[0]
    (tmp_path / "a.jsonl").write_bytes(b'{"text": "' + tcvn3_line + b'"}\n')
    config = write_pipeline(
        tmp_path,
        {
            "sources": [
                {"name": "docs", "format": "text_files", "path": "docs"},
                {"name": "web", "format": "jsonl", "path": "a.jsonl", "encoding": "auto"},
            ],
            "stages": [{"normalize": {"tone_style": "keep"}}],
            "output": "out",
        },
    )
    Pipeline.from_yaml(config).run(workers=1)
    kept = {row["source"]: row for row in read_rows(tmp_path / "out" / "kept")}
    from vicorpus.text import normalize_basic

    assert kept["docs"]["text"] == normalize_basic(truth)[0]
    assert kept["web"]["text"] == tcvn3_truth


def test_readme_examples() -> None:
    assert fix_text("Céng hßa x· héi chñ nghÜa") == "Cộng hòa xã hội chủ nghĩa"
    assert fix_text("Viá»‡t Nam, hoà bình, baỏ vệ") == "Việt Nam, hòa bình, bảo vệ"
    assert fix_text("hòa bình", tone_style="new") == "hoà bình"
    from vicorpus.vietnamese import is_valid_syllable

    assert is_valid_syllable("nghiêng") and not is_valid_syllable("string")
