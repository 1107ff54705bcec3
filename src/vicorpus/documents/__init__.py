"""Text from office documents and PDFs, with legacy Vietnamese fonts decoded.

Pure functions from a file's bytes (and name) to text; nothing here knows about
pipelines. :func:`extract_document` picks the format from the content (``%PDF``,
``{\\rtf``, a zip's members, an OLE2 container) and else from the file extension:

======  ==========================================  ==============================
format  library                                     legacy fonts (TCVN3, VNI)
======  ==========================================  ==============================
DOCX    python-docx (XML layer)                     per run, from its resolved font
ODT     odfpy                                       per span, from its text style
PDF     pdfminer.six                                per character, from its font name
RTF     striprtf                                    fonts unknown: per-line repair
======  ==========================================  ==============================

Legacy Word ``.doc`` (OLE2) is refused with ``unsupported_format``: no maintained
pure-Python library extracts its text reliably (olefile only opens the container).
Every failure is a :class:`DocumentError` whose ``code`` is a quarantine reason:
``unsupported_format``, ``malformed_document``, ``encrypted``,
``too_large_when_unpacked``, ``extraction_timeout``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, Final

from vicorpus.documents.base import DocumentError, Extracted
from vicorpus.documents.fonts import LegacyFont, decode_legacy_text, legacy_font
from vicorpus.time_limit import ExtractionTimeout, time_limit, time_limits_available

__all__ = [
    "EXTENSIONS",
    "DocumentError",
    "Extracted",
    "LegacyFont",
    "decode_legacy_text",
    "detect_format",
    "extract_document",
    "legacy_font",
    "time_limits_available",
]

EXTENSIONS: Final[dict[str, str]] = {
    ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".dotm": "docx",
    ".odt": "odt", ".ott": "odt", ".pdf": "pdf", ".rtf": "rtf",
}  # fmt: skip
_LEGACY_WORD: Final = frozenset({".doc", ".dot", ".wps", ".wri"})
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE: Final = "EncryptedPackage".encode("utf-16-le")
_ADDRESS: Final = re.compile(r"0x[0-9a-fA-F]{6,}")
_MESSAGE_LIMIT: Final = 400
_SURROGATES: Final = re.compile("[\ud800-\udfff]")


def detect_format(data: bytes, name: str) -> str:
    """``docx``, ``odt``, ``pdf`` or ``rtf``; raises :class:`DocumentError` otherwise."""
    head = data[:1024]
    extension = PurePosixPath(name).suffix.lower()
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        by_extension = EXTENSIONS.get(extension)
        if by_extension in ("docx", "odt"):
            return by_extension
        return _zip_format(data, name)
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise DocumentError("encrypted", "a password-protected Office document (an encrypted OOXML package)")
        raise DocumentError(
            "unsupported_format",
            "a legacy binary Office file (OLE2, e.g. Word 97-2003 .doc): not supported, since no maintained "
            "pure-Python reader extracts its text reliably; convert it to DOCX first "
            "(soffice --headless --convert-to docx FILE)",
        )
    if b"%PDF-" in head:  # PDF readers accept junk before the header
        return "pdf"
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    if extension in _LEGACY_WORD:
        raise DocumentError("unsupported_format", f"'{extension}' files are not supported; convert them to DOCX")
    shown = extension or "(no extension)"
    raise DocumentError(
        "unsupported_format",
        f"unknown document format {shown}: documents reads DOCX, ODT, PDF and RTF "
        "(plain text belongs in a text_files source)",
    )


def _zip_format(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise DocumentError("malformed_document", f"a damaged zip archive: {error}") from error
    if "word/document.xml" in names or "[Content_Types].xml" in names:
        return "docx"
    if "content.xml" in names:
        return "odt"
    raise DocumentError("unsupported_format", f"a zip archive that is neither DOCX nor ODT ({name})")


def _extractor(kind: str) -> Callable[[bytes, int], Extracted]:
    # Imported on first use: each pulls in its (slow to import) library.
    if kind == "docx":
        from vicorpus.documents.docx import extract_docx

        return extract_docx
    if kind == "odt":
        from vicorpus.documents.odt import extract_odt

        return extract_odt
    if kind == "pdf":
        from vicorpus.documents.pdf import extract_pdf

        return extract_pdf
    from vicorpus.documents.rtf import extract_rtf

    return lambda data, _limit: extract_rtf(data)


def extract_document(data: bytes, name: str, *, unpacked_limit: int, timeout: float | None = None) -> Extracted:
    """The text of one document file.

    ``unpacked_limit``: bytes a DOCX/ODT may unpack to, or a PDF's compressed streams
    inflate to (else ``too_large_when_unpacked``). ``timeout``: seconds the extraction
    may take (``extraction_timeout``); enforced only in a main thread on POSIX (see
    :func:`vicorpus.time_limit.time_limit`), None or 0 for no limit.
    Never raises anything but :class:`DocumentError` for a bad file.
    """
    kind = detect_format(data, name)
    extract = _extractor(kind)
    try:
        with time_limit(timeout):
            found = extract(data, unpacked_limit)
    except DocumentError:
        raise
    except ExtractionTimeout:
        raise DocumentError("extraction_timeout", f"extraction took longer than {timeout:g} s") from None
    except RecursionError:
        raise DocumentError("malformed_document", f"{kind.upper()} nested too deeply to be read") from None
    except MemoryError:
        raise DocumentError("too_large_when_unpacked", f"{kind.upper()} needs more memory than available") from None
    except Exception as error:
        detail = _ADDRESS.sub("0x…", f"{type(error).__name__}: {error}")[:_MESSAGE_LIMIT]
        raise DocumentError("malformed_document", f"{kind.upper()} cannot be read: {detail}") from None
    # A broken ToUnicode map can give lone surrogates, which UTF-8 cannot hold.
    found.text = _clean(found.text)
    found.metadata = {key: _clean(value) for key, value in found.metadata.items()}
    return found


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATES.sub("\ufffd", value) if _SURROGATES.search(value) else value
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _clean(item) for key, item in value.items()}
    return value
