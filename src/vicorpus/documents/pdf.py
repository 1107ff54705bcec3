"""PDF text with each character's font, through pdfminer.six.

pdfminer's layout analysis groups characters into lines; consecutive characters in a
legacy font (``.VnTime``, ``ABCDEF+.VnTimeH,Bold``, ``VNI-Times``; see ``fonts.py``) are
decoded together. For a simple (single-byte) font the character *code* read from the
content stream is the legacy byte, whatever the font's ``/Encoding`` or ``ToUnicode``
map claim — this matters: with ``WinAnsiEncoding`` pdfminer turns TCVN3's ``ư`` (0xAD,
the soft hyphen) into ``-``. For a composite (CID) font the code is a glyph number, so
the Unicode text pdfminer reports is turned back into Windows-1252 bytes instead.

Pages are separated by a blank line; ``page_starts`` in the metadata gives the
character offset at which each page begins. A PDF that opens with the empty password
(only an owner password, the usual "protected" PDF) is read; one that needs a user
password is ``encrypted``.
"""

from __future__ import annotations

import io
import warnings
from typing import Any, Final

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTAnno, LTChar, LTContainer, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdffont import PDFCIDFont, PDFFont
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef
from pdfminer.utils import Matrix

from vicorpus.documents.base import DocumentError, Extracted, LineCollector
from vicorpus.documents.fonts import LegacyFont, font_base_name, legacy_font
from vicorpus.documents.limits import check_pdf_streams
from vicorpus.vietnamese.charsets.cp1252_view import CP1252_VIEW

# Attributes set on LTChar: the byte code in a simple font; the font's /BaseFont when
# it has no descriptor (pdfminer then says "unknown").
_CODE: Final = "vicorpus_code"
_FONT: Final = "vicorpus_font"

Run = tuple[str, LegacyFont | None, str]


class _Aggregator(PDFPageAggregator):
    """Keeps each character's code next to pdfminer's Unicode guess for it."""

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: PDFGraphicState,
    ) -> float:
        advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        objects = self.cur_item._objs
        if objects and isinstance(objects[-1], LTChar):
            if not isinstance(font, PDFCIDFont) and 0 <= cid < 256:
                setattr(objects[-1], _CODE, cid)
            if objects[-1].fontname in ("", "unknown"):  # no font descriptor: the /BaseFont names it
                setattr(objects[-1], _FONT, str(getattr(font, "basefont", "") or "unknown"))
        return advance


def extract_pdf(data: bytes, unpacked_limit: int) -> Extracted:
    check_pdf_streams(data, unpacked_limit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pdfminer warns about permissions, odd objects, …
        parser = PDFParser(io.BytesIO(data))
        try:
            document = PDFDocument(parser, password="")
        except PDFEncryptionError as error:
            detail = str(error) or "no detail"
            raise DocumentError("encrypted", f"the PDF is encrypted and needs a password ({detail})") from None
        manager = PDFResourceManager(caching=True)
        device = _Aggregator(manager, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(manager, device)
        reader = _Reader()
        page_lines: list[int] = []
        for page in PDFPage.create_pages(document):
            page_lines.append(len(reader.collector.lines))
            interpreter.process_page(page)
            reader.walk(device.get_result())
    lines = reader.collector.lines
    pages: list[str] = [
        "\n".join(lines[start : page_lines[i + 1] if i + 1 < len(page_lines) else len(lines)])
        for i, start in enumerate(page_lines)
    ]
    starts: list[int] = []
    position = 0
    for text in pages:
        starts.append(position)
        position += len(text) + 2
    metadata: dict[str, Any] = {"format": "pdf", "pages": len(pages), "page_starts": starts}
    if document.encryption is not None:
        metadata["encrypted"] = True
    metadata.update(reader.collector.metadata())
    info = _title(document)
    if info:
        metadata["title"] = info
    return Extracted("\n\n".join(pages), metadata)


def _title(document: PDFDocument) -> str | None:
    for info in document.info:
        title = info.get("Title")
        if isinstance(title, PDFObjRef):
            title = title.resolve()
        if isinstance(title, bytes):
            if title.startswith(b"\xfe\xff"):
                return title[2:].decode("utf-16-be", "replace").strip() or None
            return title.decode("latin-1").strip() or None
        if isinstance(title, str):
            return title.strip() or None
    return None


class _Reader:
    def __init__(self) -> None:
        self.collector = LineCollector()
        self._fonts: dict[str, tuple[LegacyFont | None, str]] = {}

    def walk(self, item: Any) -> None:
        if isinstance(item, LTTextLine):
            self.collector.add_runs(self.runs(item))
        elif isinstance(item, LTContainer):
            for child in item:
                self.walk(child)

    def runs(self, line: LTTextLine) -> list[Run]:
        runs: list[Run] = []
        for char in line:
            if isinstance(char, LTChar):
                name = getattr(char, _FONT, None) or char.fontname
                if name not in self._fonts:
                    self._fonts[name] = (legacy_font(name, pdf=True), font_base_name(name))
                font, base = self._fonts[name]
                code = getattr(char, _CODE, None) if font is not None else None
                runs.append((CP1252_VIEW[code] if code is not None else char.get_text(), font, base))
            elif isinstance(char, LTAnno):
                runs.append((char.get_text(), None, ""))
        return runs
