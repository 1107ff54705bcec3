"""Writers of document fixtures (DOCX, ODT, PDF, RTF) built at test time.

A *run* is ``(text, font name or None)``; text in a legacy font is given as the
Windows-1252 characters of its legacy bytes, the way Word and LibreOffice keep it.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from conftest import shared_data
from vicorpus.vietnamese.charsets import encode_legacy, legacy_as_cp1252

Run = tuple[str, str | None]
UNICODE_TTF_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


@dataclass(frozen=True)
class Sample:
    """A legacy-encoded line: the run text as Word keeps it, and the Unicode it means."""

    run_text: str
    truth: str


def legacy_samples(charset: str, count: int) -> list[Sample]:
    """Lines of ``../shared/data/legacy-encodings`` in ``tcvn3``, ``vni-win`` or
    ``tcvn3-upper`` (TCVN3 lines written in lower-case bytes, as typed for ``.VnTimeH``)."""
    path = shared_data("legacy-encodings/generated_from_viwiki.jsonl")
    wanted = "tcvn3" if charset == "tcvn3-upper" else charset
    samples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["charset"] != wanted:
            continue
        raw = base64.b64decode(record["encoded_b64"])
        assert legacy_as_cp1252(raw) == record["seen_as_cp1252"]
        if charset == "tcvn3-upper":
            truth = record["truth"]
            samples.append(Sample(legacy_as_cp1252(encode_legacy(truth.lower(), "tcvn3")), truth.upper()))
        else:
            samples.append(Sample(record["seen_as_cp1252"], record["truth_recoverable"]))
        if len(samples) == count:
            break
    return samples


def unicode_ttf() -> Path | None:
    return next((Path(p) for p in UNICODE_TTF_CANDIDATES if Path(p).is_file()), None)


# --- DOCX ------------------------------------------------------------------------


def write_docx(
    path: Path,
    paragraphs: list[list[Run]],
    *,
    table: list[list[list[Run]]] | None = None,
    styled: Sequence[tuple[str, str]] = (),
) -> Path:
    """Paragraphs of runs, then a table (rows of cells of runs), then paragraphs in a
    paragraph style whose font is given (``styled``: (text, style font)), runs unformatted."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, font in runs:
            run = paragraph.add_run(text)
            if font:
                run.font.name = font
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for r, row in enumerate(table):
            for c, cell_runs in enumerate(row):
                paragraph = grid.cell(r, c).paragraphs[0]
                for text, font in cell_runs:
                    run = paragraph.add_run(text)
                    if font:
                        run.font.name = font
    for index, (text, font) in enumerate(styled):
        style = document.styles.add_style(f"Legacy{index}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.name = font
        document.add_paragraph(text, style=style)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# --- ODT -------------------------------------------------------------------------


def write_odt(path: Path, paragraphs: list[list[Run]], *, styled: Sequence[tuple[str, str]] = ()) -> Path:
    """Spans in text styles whose ``style:font-name`` names a declared font face;
    ``styled`` paragraphs take their font from a paragraph style's ``fo:font-family``."""
    from odf.opendocument import OpenDocumentText
    from odf.style import FontFace, Style, TextProperties
    from odf.text import P, Span

    document = OpenDocumentText()
    text_styles: dict[str, Style] = {}
    for runs in paragraphs:
        paragraph = P()
        for text, font in runs:
            if font is None:
                paragraph.addText(text)
                continue
            if font not in text_styles:
                document.fontfacedecls.addElement(FontFace(name=font, fontfamily=f"'{font}'"))
                style = Style(name=f"T{len(text_styles) + 1}", family="text")
                style.addElement(TextProperties(fontname=font))
                document.automaticstyles.addElement(style)
                text_styles[font] = style
            paragraph.addElement(Span(stylename=text_styles[font], text=text))
        document.text.addElement(paragraph)
    for index, (text, font) in enumerate(styled):
        style = Style(name=f"Legacy{index}", family="paragraph")
        style.addElement(TextProperties(fontfamily=font))
        document.styles.addElement(style)
        document.text.addElement(P(stylename=style, text=text))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# --- PDF -------------------------------------------------------------------------


def renamed_ttf(source: Path, family: str, folder: Path) -> Path:
    """A copy of a TrueType font whose names are ``family`` (fpdf2 names the PDF font after it)."""
    from fontTools.ttLib import TTFont

    target = folder / f"{family.strip('.').replace(' ', '_')}-{source.stem}.ttf"
    if not target.exists():
        font = TTFont(str(source))
        for record in font["name"].names:
            if record.nameID in (1, 3, 4, 6, 16):
                record.string = family
            elif record.nameID in (2, 17):
                record.string = "Regular"
        folder.mkdir(parents=True, exist_ok=True)
        font.save(str(target))
    return target


def write_pdf(path: Path, pages: list[list[list[Run]]], ttf: Path, font_folder: Path) -> Path:
    """fpdf2 with TrueType fonts embedded as composite fonts; a legacy font is the Unicode
    TTF renamed (``.VnTime``…), and its text is the Windows-1252 view of the legacy bytes,
    as a PDF printed from Word shows it. ``None`` runs use the TTF under its own name."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    registered: set[str] = set()
    for lines in pages:
        pdf.add_page()
        y = 20.0
        for runs in lines:
            x = 15.0
            for text, font in runs:
                family = font or "UnicodeSans"
                if family not in registered:
                    source = ttf if font is None else renamed_ttf(ttf, font, font_folder)
                    pdf.add_font(family, fname=str(source))
                    registered.add(family)
                pdf.set_font(family, size=9)
                pdf.text(x, y, text)
                x += pdf.get_string_width(text)
            y += 6
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def write_simple_pdf(
    path: Path, pages: list[list[list[tuple[bytes, str]]]], *, descriptors: bool = True, compress: bool = True
) -> Path:
    """A PDF written by hand with simple (single-byte) Type 1 fonts named as given,
    ``WinAnsiEncoding`` and fixed widths: each run's bytes are the character codes,
    as in a PDF printed from Word with a legacy TrueType font. Without ``descriptors``
    the fonts have no font descriptor (only ``/BaseFont`` names them)."""
    fonts: dict[str, int] = {}
    for lines in pages:
        for runs in lines:
            for _, name in runs:
                fonts.setdefault(name, len(fonts) + 1)
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font_ids = {}
    for name in fonts:
        widths = b" ".join([b"500"] * 256)
        pdf_name = b"/" + name.replace(" ", "#20").encode()
        descriptor = b""
        if descriptors:
            number = add(
                b"<< /Type /FontDescriptor /FontName " + pdf_name + b" /Flags 32 /FontBBox [0 -200 1000 900]"
                b" /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
            )
            descriptor = b" /FontDescriptor %d 0 R" % number
        font_ids[name] = add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont " + pdf_name + descriptor
            + b" /FirstChar 0 /LastChar 255 /Widths [" + widths + b"] /Encoding /WinAnsiEncoding >>"
        )  # fmt: skip
    resources = b"<< /Font << " + b" ".join(b"/F%d %d 0 R" % (fonts[n], font_ids[n]) for n in fonts) + b" >> >>"
    pages_id = len(objects) + 1 + 2 * len(pages)  # the Pages object comes after every page
    page_ids = []
    for lines in pages:
        content = bytearray()
        y = 800
        for runs in lines:
            x = 40.0
            for data, name in runs:
                content += b"BT /F%d 10 Tf %.2f %d Td (%s) Tj ET\n" % (fonts[name], x, y, _pdf_string(data))
                x += 5.0 * len(data)
            y -= 14
        stream = zlib.compress(bytes(content)) if compress else bytes(content)
        flate = b" /Filter /FlateDecode" if compress else b""
        content_id = add(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(stream), flate, stream))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
                % (pages_id, resources, content_id)
            )
        )
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return _write_pdf_objects(path, objects, catalog)


def _pdf_string(data: bytes) -> bytes:
    out = bytearray()
    for byte in data:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 0x20 <= byte < 0x7F:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    return bytes(out)


def _write_pdf_objects(path: Path, objects: list[bytes], root: int) -> Path:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))
    return path


def write_flate_bomb_pdf(path: Path, inflated: int) -> Path:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of spaces."""
    stream = zlib.compress(b" " * inflated, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    return _write_pdf_objects(path, objects, 1)


# --- RTF -------------------------------------------------------------------------


def write_rtf(path: Path, paragraphs: list[list[Run]]) -> Path:
    """RTF as Word writes it: a font table, ``\\'xx`` for 8-bit bytes, ``\\uN?`` for the rest."""
    fonts: dict[str, int] = {"Times New Roman": 0}
    body = []
    for runs in paragraphs:
        pieces = []
        for text, font in runs:
            number = fonts.setdefault(font or "Times New Roman", len(fonts))
            pieces.append(f"{{\\f{number} {_rtf_text(text)}}}")
        body.append("".join(pieces) + "\\par\n")
    table = "".join(f"{{\\f{n}\\fnil\\fcharset0 {name};}}" for name, n in fonts.items())
    rtf = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl" + table + "}\n" + "".join(body) + "}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(rtf.encode("ascii"))
    return path


def _rtf_text(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 0x80:
            out.append(ch)
        else:
            try:
                out.append(f"\\'{ch.encode('cp1252')[0]:02x}")
            except UnicodeEncodeError:
                code = ord(ch)
                out.append(f"\\u{code - 0x10000 if code > 0x7FFF else code}?")
    return "".join(out)
