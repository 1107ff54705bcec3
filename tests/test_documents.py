"""The `documents` source format: DOCX, ODT, PDF and RTF, with runs in legacy Vietnamese
fonts (.VnTime TCVN3, .VnTimeH all-caps TCVN3, VNI-Times VNI) decoded to the Unicode
truth of ../shared/data/legacy-encodings, and every bad file a counted quarantine."""

from __future__ import annotations

import io
import signal
import threading
import time
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import Any

import orjson
import pytest

from bad_input_helpers import check_output
from conftest import run_cli, write_pipeline
from document_fixtures import (
    Run,
    Sample,
    legacy_samples,
    unicode_ttf,
    write_docx,
    write_flate_bomb_pdf,
    write_odt,
    write_pdf,
    write_rtf,
    write_simple_pdf,
)
from vicorpus.documents import DocumentError, decode_legacy_text, detect_format, extract_document, legacy_font
from vicorpus.documents.fonts import TCVN3, TCVN3_UPPER, VNI
from vicorpus.documents.limits import check_pdf_streams
from vicorpus.time_limit import ExtractionTimeout, time_limit
from vicorpus.vietnamese.charsets import legacy_as_cp1252
from vicorpus.vietnamese.charsets.tcvn3 import ASSIGNED
from vicorpus.vietnamese.mojibake import text_to_cp1252_bytes

UNICODE_LINE = "Hà Nội là thủ đô của nước Cộng hòa Xã hội chủ nghĩa Việt Nam. "
LIMIT = 1 << 28


def nfc_lines(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split("\n")


def run_pipeline(tmp_path: Path, folder: Path, time_limit_seconds: float = 60.0, **settings: Any) -> Any:
    source = {"name": "src", "format": "documents", "path": str(folder), "time_limit_seconds": time_limit_seconds}
    config: dict[str, Any] = {
        "sources": [source],
        "stages": [],
        "output": "out",
        "workers": 1,
        "max_bad_fraction": 1.0,
        **settings,
    }
    result = run_cli("run", write_pipeline(tmp_path, config), "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return check_output(tmp_path / "out")


# --- font names and legacy runs ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pdf", "expected"),
    [
        (".VnTime", False, TCVN3),
        (".VnArial", False, TCVN3),
        (".VnCentury Schoolbook", False, TCVN3),
        (".VnTimeH", False, TCVN3_UPPER),
        (".VnArial NarrowH", False, TCVN3_UPPER),
        ("VNI-Times", False, VNI),
        ("VNI-Helve", False, VNI),
        ("Times New Roman", False, None),
        ("Arial", False, None),
        ("VnTime", False, None),  # office documents keep the dot
        ("ABCDEF+.VnTimeH,Bold", True, TCVN3_UPPER),
        ("ABCDEF+.VnTime-BoldItalic", True, TCVN3),
        ("VnTimeH", True, TCVN3_UPPER),
        ("BCDEEE+VNI-Times-Bold", True, VNI),
        ("ABCDEF+TimesNewRomanPSMT", True, None),
        ("ABCDEF+Vni", True, None),
        (None, False, None),
    ],
)
def test_legacy_font_names(name: str | None, pdf: bool, expected: object) -> None:
    assert legacy_font(name, pdf=pdf) == expected


def test_vntimeh_draws_every_tcvn3_letter_as_a_capital() -> None:
    # TCVN3 has no toned capitals: .VnTimeH fonts draw the lower-case code points as capitals.
    for byte, letter in ASSIGNED.items():
        if letter.isalpha():
            assert decode_legacy_text(legacy_as_cp1252(bytes([byte])), TCVN3_UPPER) == letter.upper()
            assert decode_legacy_text(legacy_as_cp1252(bytes([byte])), TCVN3) == letter


def test_unicode_letters_typed_into_a_legacy_run_are_kept() -> None:
    # "Céng hßa" (TCVN3) with a Unicode "ộ" typed in the same .VnTime run.
    assert decode_legacy_text("Céng hßa và hội", TCVN3) == "Cộng hòa và hội"


# --- end to end: legacy fonts in every format --------------------------------------------


def _documents(folder: Path) -> dict[str, list[str]]:
    """Writes one file per format; returns each file's expected lines."""
    tcvn3, vni, upper = legacy_samples("tcvn3", 8), legacy_samples("vni-win", 8), legacy_samples("tcvn3-upper", 4)
    assert len(tcvn3) == 8 and len(vni) == 8 and len(upper) == 4

    def paragraphs(i: int) -> tuple[list[list[Run]], list[str]]:
        runs: list[list[Run]] = [
            [(UNICODE_LINE, None), (tcvn3[i].run_text, ".VnTime")],
            [(upper[i].run_text, ".VnTimeH")],
            [(vni[i].run_text, "VNI-Times"), (" — Unicode ở cuối.", None)],
        ]
        return runs, [UNICODE_LINE + tcvn3[i].truth, upper[i].truth, vni[i].truth + " — Unicode ở cuối."]

    expected: dict[str, list[str]] = {}
    runs, lines = paragraphs(0)
    table = [[[(tcvn3[4].run_text, ".VnTime")], [("Ô Unicode", None)]], [[(vni[4].run_text, "VNI-Times")], []]]
    styled: list[tuple[str, str]] = [(vni[5].run_text, "VNI-Times"), (tcvn3[5].run_text, ".VnTime")]
    write_docx(folder / "a.docx", runs, table=table, styled=styled)
    expected["a.docx"] = [*lines, tcvn3[4].truth, "Ô Unicode", vni[4].truth, vni[5].truth, tcvn3[5].truth]

    runs, lines = paragraphs(1)
    write_odt(folder / "b.odt", runs, styled=[(vni[6].run_text, "VNI-Times")])
    expected["b.odt"] = [*lines, vni[6].truth]

    # A PDF printed with simple single-byte fonts: the character codes are the legacy bytes.
    def as_bytes(sample: Sample) -> bytes:
        data = text_to_cp1252_bytes(sample.run_text)
        assert data is not None
        return data

    simple = [
        [[(b"Plain ASCII text. ", "Helvetica-Like"), (as_bytes(tcvn3[2]), ".VnTime")]],
        [[(as_bytes(upper[2]), "ABCDEF+.VnTimeH,Bold")], [(as_bytes(vni[2]), "VNI-Times")]],
    ]
    write_simple_pdf(folder / "c-simple.pdf", simple)
    expected["c-simple.pdf"] = ["Plain ASCII text. " + tcvn3[2].truth, "", upper[2].truth, vni[2].truth]
    write_simple_pdf(folder / "c-nodescriptor.pdf", simple[:1], descriptors=False)
    expected["c-nodescriptor.pdf"] = ["Plain ASCII text. " + tcvn3[2].truth]

    ttf = unicode_ttf()
    if ttf is not None:  # fpdf2, composite TrueType fonts renamed .VnTime/.VnTimeH/VNI-Times
        runs, lines = paragraphs(3)
        write_pdf(folder / "d-fpdf2.pdf", [runs[:2], runs[2:]], ttf, folder.parent / "fonts")
        expected["d-fpdf2.pdf"] = [*lines[:2], "", lines[2]]

    # RTF: no fonts from striprtf; each legacy line is recognised by itself.
    write_rtf(
        folder / "e.rtf", [[(UNICODE_LINE, None)], [(tcvn3[7].run_text, ".VnTime")], [(vni[7].run_text, "VNI-Times")]]
    )
    expected["e.rtf"] = [UNICODE_LINE.strip(), tcvn3[7].truth, vni[7].truth]
    return expected


def test_legacy_fonts_are_decoded_in_every_format(tmp_path: Path) -> None:
    expected = _documents(tmp_path / "docs")
    result = run_pipeline(tmp_path, tmp_path / "docs")
    assert result.entry()["quarantined"] == 0, result.quarantine
    got = {row["origin"]: row for row in result.kept}
    assert set(got) == set(expected)
    for origin, lines in expected.items():
        assert nfc_lines(got[origin]["text"]) == [unicodedata.normalize("NFC", line) for line in lines], origin
    docx = orjson.loads(got["a.docx"]["metadata"])
    assert docx["format"] == "docx" and docx["tables"] == 1
    assert docx["legacy_fonts"] == [".VnTime", ".VnTimeH", "VNI-Times"]
    pdf = orjson.loads(got["c-simple.pdf"]["metadata"])
    assert pdf["pages"] == 2 and pdf["legacy_runs"] == {"tcvn3": 1, "tcvn3_upper": 1, "vni": 1}
    text = got["c-simple.pdf"]["text"]
    assert text[pdf["page_starts"][1] :].startswith(nfc_lines(text)[2])  # page 2 starts there
    assert orjson.loads(got["e.rtf"]["metadata"])["repaired_lines"] == {"tcvn3": 1, "vni": 1}


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"{\\rtf1 x}", "saved-by-word.doc", "rtf"),
        (b"PK\x03\x04", "report.docx", "docx"),
        (b"%PDF-1.7\n", "scan.bin", "pdf"),
        (b"junk\n%PDF-1.4\n", "x.pdf", "pdf"),
        (b"{\\rtf1 mentions %PDF-1.4}", "note.rtf", "rtf"),
        (b"whatever", "REPORT.PDF", "pdf"),
        (b"whatever", "thesis.odt", "odt"),
    ],
)
def test_the_format_comes_from_the_content_then_the_extension(data: bytes, name: str, expected: str) -> None:
    assert detect_format(data, name) == expected


def test_pdf_font_runs_use_character_codes_not_winansi_glyphs(tmp_path: Path) -> None:
    # 0xAD is TCVN3's "ư"; WinAnsiEncoding calls it a hyphen, pdfminer's text says "-".
    path = write_simple_pdf(tmp_path / "x.pdf", [[[(b"tr\xad\xeang", ".VnTime")]]])
    assert extract_document(path.read_bytes(), "x.pdf", unpacked_limit=LIMIT).text == "trường"


# --- bad input ----------------------------------------------------------------------


def _zip(members: dict[str, bytes], *, encrypted_flag: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    packed = bytearray(buffer.getvalue())
    if encrypted_flag:  # set the "encrypted" bit in the local and central headers (zipfile clears it)
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            position = packed.find(signature)
            packed[position + offset] |= 0x1
    return bytes(packed)


def _bad_files(folder: Path) -> dict[str, str | None]:
    """Writes bad (and a few good) files; returns origin → expected quarantine code
    (None: kept; "empty": counted as an empty file)."""
    from fpdf import FPDF

    folder.mkdir(parents=True)
    good = write_docx(folder / "good.docx", [[("Một văn bản bình thường.", None)]]).read_bytes()
    cases: dict[str, tuple[bytes, str | None]] = {
        "random.docx": (bytes(range(256)) * 8, "malformed_document"),
        "truncated.docx": (good[: len(good) // 2], "malformed_document"),
        "no-document.docx": (
            _zip({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"}),
            "malformed_document",
        ),
        "bad-xml.docx": (_zip({"word/document.xml": b"<w:document><unclosed"}), "malformed_document"),
        "zip-password.docx": (_zip({"word/document.xml": b"<x/>"}, encrypted_flag=True), "encrypted"),
        "bomb.docx": (_zip({"word/document.xml": b"<" + b" " * (8 << 20)}), "too_large_when_unpacked"),
        "broken.odt": (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<a"}),
            "malformed_document",
        ),
        "old.doc": (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"WordDocument".ljust(64, b"\0"),
            "unsupported_format",
        ),
        "protected.docx": (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le"),
            "encrypted",
        ),
        "notes.xyz": (b"just some text", "unsupported_format"),
        "garbage.pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 4, "malformed_document"),
        "empty.pdf": (b"", "empty"),
        "huge.rtf": (b"{\\rtf1 " + b"a" * 300_000 + b"}", "record_too_large"),
    }
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    write_rtf(folder / "rtf-saved-as.doc", [[("Văn bản RTF mang đuôi .doc.", None)]])  # read by its content
    write_flate_bomb_pdf(folder / "bomb.pdf", 8 << 20)
    for name, user_password in (("locked.pdf", "secret"), ("owner-only.pdf", "")):
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.cell(0, 10, "A protected PDF.")
        pdf.set_encryption(owner_password="owner", user_password=user_password)
        pdf.output(str(folder / name))
    codes = {name: code for name, (_, code) in cases.items()}
    codes.update(
        {
            "good.docx": None,
            "rtf-saved-as.doc": None,
            "bomb.pdf": "too_large_when_unpacked",
            "locked.pdf": "encrypted",
            "owner-only.pdf": None,
        }
    )
    return codes


def test_bad_documents_are_quarantined_with_a_reason(tmp_path: Path) -> None:
    expected = _bad_files(tmp_path / "docs")
    # max_record_bytes 200 kB: unpacked sizes are capped at 16 × that (3.2 MB).
    result = run_pipeline(tmp_path, tmp_path / "docs", max_record_bytes=200_000)
    got: dict[str, str | None] = {row["origin"]: row["error_code"] for row in result.quarantine}
    got.update({row["origin"]: None for row in result.kept})
    assert result.entry()["empty_files"] == 1
    assert got == {name: code for name, code in expected.items() if code != "empty"}
    errors = {row["origin"]: row["error"] for row in result.quarantine}
    assert "convert it to DOCX" in errors["old.doc"]
    assert "password" in errors["locked.pdf"]
    kept = {row["origin"]: row["text"] for row in result.kept}
    assert kept["owner-only.pdf"] == "A protected PDF."
    assert orjson.loads(next(r["metadata"] for r in result.kept if r["origin"] == "owner-only.pdf"))["encrypted"]
    huge = next(row for row in result.quarantine if row["origin"] == "huge.rtf")
    assert huge["raw_size"] > 200_000


@pytest.mark.parametrize("workers", [1, 2])  # in the main process, and in spawned worker processes
def test_a_slow_extraction_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    from fpdf import FPDF

    folder = tmp_path / "docs"
    folder.mkdir()
    pdf = FPDF()
    pdf.set_font("Helvetica", size=9)
    for page in range(12):
        pdf.add_page()
        for line in range(45):
            pdf.cell(0, 5, f"Trang {page}, dong {line}: Viet Nam nam o Dong Nam A.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(folder / "long.pdf"))
    write_rtf(folder / "short.rtf", [[("Ngắn thôi.", None)]])
    # one task per file
    result = run_pipeline(tmp_path, folder, time_limit_seconds=0.15, workers=workers, task_bytes=1024)
    assert {row["origin"]: row["error_code"] for row in result.quarantine} == {"long.pdf": "extraction_timeout"}
    assert [row["text"] for row in result.kept] == ["Ngắn thôi."]


# --- the limits themselves ------------------------------------------------------------


def test_time_limit_interrupts_and_restores_the_previous_timer() -> None:
    fired: list[int] = []

    def handler(signum: int, frame: object) -> None:
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        with pytest.raises(ExtractionTimeout), time_limit(0.05):
            while True:
                pass
        delay, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 3.0 < delay < 5.0  # the outer timer runs on
        with time_limit(1.0):
            pass
        assert signal.getsignal(signal.SIGALRM) is handler and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_time_limit_is_off_outside_the_main_thread() -> None:
    outcome: list[str] = []

    def work() -> None:
        with time_limit(0.01):
            time.sleep(0.05)
        outcome.append("finished")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]


def test_nested_flate_streams_count_towards_the_unpacked_limit() -> None:
    inner = zlib.compress(b"\0" * (4 << 20))
    data = b"1 0 obj\n<< /Filter [/FlateDecode /FlateDecode] >>\nstream\n" + zlib.compress(inner) + b"\nendstream"
    assert check_pdf_streams(data, 8 << 20) == len(inner) + (4 << 20)
    with pytest.raises(DocumentError) as error:
        check_pdf_streams(data, 2 << 20)
    assert error.value.code == "too_large_when_unpacked"
