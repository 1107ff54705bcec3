"""DOCX (Office Open XML) text with each run's font, through python-docx's XML layer.

Only the parts that hold the text are unpacked — the main document and its styles —
never images or embedded objects, so a large picture costs nothing and a zip bomb in
one is never inflated. Body paragraphs become lines, in document order; table cells
become lines too (row by row, nested tables included). Headers, footers, footnotes,
comments and text boxes are left out (page furniture and side notes, not body text).

A run's font is resolved as Word does: the run's own ``w:rFonts``, its character
style, the paragraph's style (each through ``w:basedOn``), the document defaults. The
``w:hAnsi`` font draws the bytes above 0x7F, so it decides; ``w:ascii`` when it is
absent. Theme fonts (``w:asciiTheme``) are Unicode fonts.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any, Final

from docx.oxml import parse_xml
from docx.oxml.ns import qn

from vicorpus.documents.base import DocumentError, Extracted, LineCollector
from vicorpus.documents.fonts import LegacyFont, legacy_font
from vicorpus.documents.limits import check_zip, read_member

_RELS_NS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT: Final = "/officeDocument"
_STYLES: Final = "/styles"
_THEME: Final = "\x00theme"  # a theme font: Unicode
_LEGACY_NAME: Final = re.compile(rb"""["']\s*(?:\.[Vv][Nn]|[Vv][Nn][Ii][-_ ])""")

P, R, TBL, TR, TC = qn("w:p"), qn("w:r"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
PPR, RPR, RFONTS = qn("w:pPr"), qn("w:rPr"), qn("w:rFonts")
PSTYLE, RSTYLE, VAL, BASED_ON = qn("w:pStyle"), qn("w:rStyle"), qn("w:val"), qn("w:basedOn")
ASCII, HANSI, ASCII_THEME, HANSI_THEME = qn("w:ascii"), qn("w:hAnsi"), qn("w:asciiTheme"), qn("w:hAnsiTheme")
# Elements that hold runs (inside a paragraph) or blocks (inside a body or cell).
_RUN_CONTAINERS: Final = frozenset(
    qn(f"w:{tag}") for tag in ("hyperlink", "ins", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "moveTo")
)
_BLOCK_CONTAINERS: Final = frozenset(qn(f"w:{tag}") for tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))
_BR, _T, _TAB, _CR, _PTAB, _NBH = (qn(f"w:{t}") for t in ("br", "t", "tab", "cr", "ptab", "noBreakHyphen"))
_TYPE: Final = qn("w:type")

Fonts = tuple[str | None, str | None]  # (ascii, hAnsi): a name, _THEME, or None (inherited)


def extract_docx(data: bytes, unpacked_limit: int) -> Extracted:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise DocumentError("malformed_document", f"not a readable zip archive (DOCX): {error}") from error
    with archive:
        names = set(archive.namelist())
        main = _target(archive, names, "_rels/.rels", "", _OFFICE_DOCUMENT) or "word/document.xml"
        if main not in names:
            raise DocumentError("malformed_document", f"DOCX without its main document part ('{main}')")
        rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
        styles = _target(archive, names, rels, posixpath.dirname(main), _STYLES)
        parts = [main] + ([styles] if styles and styles in names else [])
        check_zip(archive, unpacked_limit, parts)
        document = parse_xml(read_member(archive, main, unpacked_limit))
        style_data = read_member(archive, parts[1], unpacked_limit) if len(parts) > 1 else b""
    # Styles only matter when one names a legacy font; parsing a large styles part
    # (hundreds of kB in many templates) would otherwise dominate the time.
    style_root = parse_xml(style_data) if _LEGACY_NAME.search(style_data) else None
    body = document.find(qn("w:body"))
    if body is None:
        raise DocumentError("malformed_document", "DOCX main part has no w:body (Strict Open XML is not supported)")
    reader = _Reader(_StyleFonts(style_root))
    reader.blocks(body)
    metadata = {"format": "docx", "paragraphs": reader.paragraphs, "tables": reader.tables}
    metadata.update(reader.collector.metadata())
    return Extracted("\n".join(reader.collector.lines), metadata)


def _target(archive: zipfile.ZipFile, names: set[str], rels: str, base: str, kind: str) -> str | None:
    """The part a relationship of type ``…kind`` points to, from a ``.rels`` part."""
    if rels not in names:
        return None
    root = parse_xml(read_member(archive, rels, 1 << 20))
    for relation in root.iter(f"{_RELS_NS}Relationship"):
        if str(relation.get("Type", "")).endswith(kind) and relation.get("TargetMode") != "External":
            target = str(relation.get("Target", ""))
            path = target[1:] if target.startswith("/") else posixpath.join(base, target)
            return posixpath.normpath(path)
    return None


class _StyleFonts:
    """Fonts of the styles (``w:basedOn`` chains resolved) and of the document defaults."""

    def __init__(self, root: Any) -> None:
        self._styles: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        self.defaults: Fonts = (None, None)
        self._cache: dict[str, Fonts] = {}
        if root is None:
            return
        for style in root.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id is None:
                continue
            self._styles[style_id] = style
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                self.default_paragraph = style_id
        defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{RPR}")
        if defaults is not None:
            self.defaults = fonts_of(defaults)

    def fonts(self, style_id: str | None) -> Fonts:
        if style_id is None:
            return (None, None)
        if style_id not in self._cache:
            self._cache[style_id] = (None, None)  # a basedOn cycle ends here
            chain: list[Fonts] = []
            seen: set[str] = set()
            current: str | None = style_id
            while current is not None and current not in seen and current in self._styles:
                seen.add(current)
                style = self._styles[current]
                rpr = style.find(RPR)
                chain.append(fonts_of(rpr) if rpr is not None else (None, None))
                based = style.find(BASED_ON)
                current = based.get(VAL) if based is not None else None
            self._cache[style_id] = merge(*chain)
        return self._cache[style_id]


def fonts_of(rpr: Any) -> Fonts:
    fonts = rpr.find(RFONTS)
    if fonts is None:
        return (None, None)
    ascii_font = _THEME if fonts.get(ASCII_THEME) else fonts.get(ASCII)
    hansi_font = _THEME if fonts.get(HANSI_THEME) else fonts.get(HANSI)
    return (ascii_font, hansi_font)


def merge(*levels: Fonts) -> Fonts:
    """The first level that sets each attribute wins."""
    ascii_font = next((a for a, _ in levels if a is not None), None)
    hansi_font = next((h for _, h in levels if h is not None), None)
    return (ascii_font, hansi_font)


class _Reader:
    def __init__(self, styles: _StyleFonts) -> None:
        self.styles = styles
        self.collector = LineCollector()
        self.paragraphs = 0
        self.tables = 0
        self._fonts: dict[Fonts, tuple[LegacyFont | None, str]] = {}

    def blocks(self, container: Any) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.tables += 1
                for row in child.iterchildren(TR):
                    for cell in row.iterchildren(TC):
                        self.blocks(cell)
            elif tag in _BLOCK_CONTAINERS:
                self.blocks(child)

    def paragraph(self, p: Any) -> None:
        self.paragraphs += 1
        ppr = p.find(PPR)
        style = ppr.find(PSTYLE) if ppr is not None else None
        paragraph_fonts = self.styles.fonts(style.get(VAL) if style is not None else self.styles.default_paragraph)
        runs: list[tuple[str, LegacyFont | None, str]] = []
        for run in _runs(p):
            text = _run_text(run)
            if text:
                font, name = self._font(run, paragraph_fonts)
                runs.append((text, font, name))
        self.collector.add_runs(runs)

    def _font(self, run: Any, paragraph_fonts: Fonts) -> tuple[LegacyFont | None, str]:
        rpr = run.find(RPR)
        own: Fonts = (None, None)
        character: Fonts = (None, None)
        if rpr is not None:
            own = fonts_of(rpr)
            style = rpr.find(RSTYLE)
            if style is not None:
                character = self.styles.fonts(style.get(VAL))
        resolved = merge(own, character, paragraph_fonts, self.styles.defaults)
        found = self._fonts.get(resolved)
        if found is None:
            found = self._fonts[resolved] = self._classify(resolved)
        return found

    @staticmethod
    def _classify(fonts: Fonts) -> tuple[LegacyFont | None, str]:
        name = fonts[1] or fonts[0]
        if name is None or name == _THEME:
            return None, ""
        return legacy_font(name), name


def _runs(container: Any) -> Iterator[Any]:
    for child in container.iterchildren():
        if child.tag == R:
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from _runs(child)


def _run_text(run: Any) -> str:
    pieces: list[str] = []
    for child in run.iterchildren():
        tag = child.tag
        if tag == _T:
            pieces.append(child.text or "")
        elif tag in (_TAB, _PTAB):
            pieces.append("\t")
        elif tag == _BR:
            if child.get(_TYPE) in (None, "textWrapping"):
                pieces.append("\n")
        elif tag == _CR:
            pieces.append("\n")
        elif tag == _NBH:
            pieces.append("-")
    return "".join(pieces)
