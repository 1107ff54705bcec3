"""ODT (OpenDocument text) with each span's font, through odfpy.

Paragraphs and headings become lines in document order (lists, sections and table
cells included); notes, annotations, frames (text boxes, images) and headers/footers
are left out. A span's font is its text style's ``style:font-name`` (looked up in the
font-face declarations) or ``fo:font-family``, through ``style:parent-style-name``;
without one, the paragraph style's font, then the default paragraph style's.

odfpy reads every member the manifest lists (pictures too), so the archive's total
unpacked size is checked before it is opened.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any, Final

from odf.namespaces import FONS, OFFICENS, STYLENS, SVGNS, TABLENS, TEXTNS  # type: ignore[import-untyped]
from odf.opendocument import load  # type: ignore[import-untyped]

from vicorpus.documents.base import DocumentError, Extracted, LineCollector
from vicorpus.documents.fonts import LegacyFont, legacy_font
from vicorpus.documents.limits import check_zip

_PARAGRAPHS: Final = frozenset({(TEXTNS, "p"), (TEXTNS, "h")})
_SKIPPED: Final = frozenset(
    {
        (TEXTNS, "note"),
        (OFFICENS, "annotation"),
        (TEXTNS, "tracked-changes"),
        (TEXTNS, "sequence-decls"),
        (TEXTNS, "variable-decls"),
        (TEXTNS, "user-field-decls"),
        (OFFICENS, "forms"),
        (TABLENS, "table-columns"),
        (TABLENS, "table-column"),
        (TEXTNS, "ruby-text"),
    }
)
_SPAN: Final = (TEXTNS, "span")
_SPACE, _TAB, _BREAK = (TEXTNS, "s"), (TEXTNS, "tab"), (TEXTNS, "line-break")
_TABLE: Final = (TABLENS, "table")
_DRAW_PREFIX: Final = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_STYLE_NAME: Final = (TEXTNS, "style-name")

Run = tuple[str, LegacyFont | None, str]


def extract_odt(data: bytes, unpacked_limit: int) -> Extracted:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise DocumentError("malformed_document", f"not a readable zip archive (ODT): {error}") from error
    with archive:
        if "content.xml" not in archive.namelist():
            raise DocumentError("malformed_document", "ODT without content.xml")
        check_zip(archive, unpacked_limit)
    document = load(io.BytesIO(data))
    bodies = [node for node in document.body.childNodes if node.nodeType == node.ELEMENT_NODE]
    if not bodies:
        raise DocumentError("malformed_document", "ODT without a document body")
    reader = _Reader(_Styles(document))
    for body in bodies:
        reader.blocks(body)
    metadata = {"format": "odt", "paragraphs": reader.paragraphs, "tables": reader.tables}
    metadata.update(reader.collector.metadata())
    return Extracted("\n".join(reader.collector.lines), metadata)


def _elements(node: Any) -> list[Any]:
    return [child for child in node.childNodes if child.nodeType == child.ELEMENT_NODE]


class _Styles:
    """Font family of each (family, style name), inheritance resolved."""

    def __init__(self, document: Any) -> None:
        self._faces: dict[str, str] = {}
        for face in _elements(document.fontfacedecls):
            name = face.attributes.get((STYLENS, "name"))
            family = face.attributes.get((SVGNS, "font-family"))
            if name:
                self._faces.setdefault(name, family or name)
        self._styles: dict[tuple[str, str], Any] = {}
        self.default_paragraph: Any = None
        for container in (document.automaticstyles, document.styles):
            for style in _elements(container):
                family = style.attributes.get((STYLENS, "family"), "")
                if style.qname == (STYLENS, "default-style") and family == "paragraph":
                    self.default_paragraph = self.default_paragraph or style
                elif style.qname == (STYLENS, "style"):
                    self._styles.setdefault((family, style.attributes.get((STYLENS, "name"), "")), style)
        self._cache: dict[tuple[str, str], str | None] = {}

    def font(self, family: str, name: str | None) -> str | None:
        """The font family a style sets (itself or through its parents), or None."""
        if not name:
            return None
        key = (family, name)
        if key not in self._cache:
            self._cache[key] = None  # a parent cycle ends here
            found: str | None = None
            seen: set[str] = set()
            current: str | None = name
            while found is None and current and current not in seen and (family, current) in self._styles:
                seen.add(current)
                style = self._styles[(family, current)]
                found = self._own_font(style)
                current = style.attributes.get((STYLENS, "parent-style-name"))
            self._cache[key] = found
        return self._cache[key]

    def paragraph_font(self, name: str | None) -> str | None:
        found = self.font("paragraph", name)
        if found is None and self.default_paragraph is not None:
            found = self._own_font(self.default_paragraph)
        return found

    def _own_font(self, style: Any) -> str | None:
        for child in _elements(style):
            if child.qname == (STYLENS, "text-properties"):
                face = child.attributes.get((STYLENS, "font-name"))
                if face:
                    return str(self._faces.get(face, face)).strip().strip("'\"")
                family = child.attributes.get((FONS, "font-family"))
                if family:
                    return str(family).split(",")[0].strip().strip("'\"")
        return None


class _Reader:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.collector = LineCollector()
        self.paragraphs = 0
        self.tables = 0
        self._legacy: dict[str | None, LegacyFont | None] = {}

    def blocks(self, node: Any) -> None:
        for child in _elements(node):
            qname = child.qname
            if qname in _PARAGRAPHS:
                self.paragraph(child)
            elif qname in _SKIPPED or qname[0] == _DRAW_PREFIX:
                continue
            else:
                if qname == _TABLE:
                    self.tables += 1
                self.blocks(child)

    def paragraph(self, p: Any) -> None:
        self.paragraphs += 1
        font = self.styles.paragraph_font(p.attributes.get(_STYLE_NAME))
        runs: list[Run] = []
        self.inline(p, font, runs)
        self.collector.add_runs(runs)

    def inline(self, node: Any, font: str | None, runs: list[Run]) -> None:
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                runs.append((child.data, self._classify(font), font or ""))
                continue
            if child.nodeType != child.ELEMENT_NODE:
                continue
            qname = child.qname
            if qname == _SPAN:
                own = self.styles.font("text", child.attributes.get(_STYLE_NAME))
                self.inline(child, own or font, runs)
            elif qname == _SPACE:
                runs.append((" " * _count(child.attributes.get((TEXTNS, "c"))), None, ""))
            elif qname == _TAB:
                runs.append(("\t", None, ""))
            elif qname == _BREAK:
                runs.append(("\n", None, ""))
            elif qname in _SKIPPED or qname in _PARAGRAPHS or qname[0] == _DRAW_PREFIX:
                continue
            else:  # links, fields, bookmarks, ruby bases: their text, in the same font
                self.inline(child, font, runs)

    def _classify(self, font: str | None) -> LegacyFont | None:
        if font not in self._legacy:
            self._legacy[font] = legacy_font(font)
        return self._legacy[font]


def _count(value: Any) -> int:
    try:
        return max(1, min(int(value), 1000)) if value is not None else 1
    except (TypeError, ValueError):
        return 1
