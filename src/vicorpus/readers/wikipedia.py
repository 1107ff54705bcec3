"""MediaWiki XML dumps (``*-pages-articles*.xml``, plain or ``.bz2``/``.gz``/``.xz``/``.zst``).

One document per article (namespace 0, not a redirect): its wikitext as plain text
(``vicorpus.wikitext``), ``url`` = the wiki's base URL + title (spaces → underscores),
``date`` = the revision timestamp, ``metadata`` = ``{"page_id", "title", "revision_id"}``,
``origin`` = ``file@page:<page id>``. The XML is streamed with expat in 1 MiB chunks,
so memory is bounded by one page; a page whose wikitext exceeds ``max_record_bytes``
is not even held (``record_too_large``, with its first 4 KiB).

Every page is one document or one quarantine row, so the ledger counts them all.
Pages that are not articles cost nothing (empty ``raw``): ``non_article`` (another
namespace, or a content model other than wikitext) and ``redirect``. Damage:
``missing_text`` (no or deleted revision text), ``extraction_failed`` (the wikitext
parser gave up), ``malformed_xml`` (the pages before the error are kept; the rest of
the file is one row at the error's byte offset), ``truncated_stream`` (a cut
compressed file, likewise). An empty file, or a dump without pages, is an empty file.

Licence: Wikipedia text is CC BY-SA 4.0 (older revisions CC BY-SA 3.0 and GFDL);
set ``license: CC-BY-SA-4.0`` on the source. The licence requires attribution: the
``url`` column names the article, whose history lists its authors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.parsers import expat

import orjson

from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadTask
from vicorpus.readers.streams import STREAM_ERRORS, read_opened
from vicorpus.wikitext import DEFAULT_SITE, SiteNames, wikitext_to_text
from vicorpus.wikitext.names import normalize_name

_CHUNK = 1024 * 1024
_HEAD = 4096  # bytes of an oversized page, or around an XML error, kept in quarantine
_FIELD_LIMIT = 4096  # characters kept of a small field (title, id, timestamp, ...)
_REDIRECT_TEXT = re.compile(r"\s*#\s*(?:redirect|đổi hướng|đổi)\s*:?\s*\[\[", re.IGNORECASE)
# Small fields, by (parent element, element).
_FIELDS = {
    ("page", "title"): "title",
    ("page", "ns"): "ns",
    ("page", "id"): "id",
    ("revision", "id"): "revision_id",
    ("revision", "timestamp"): "timestamp",
    ("revision", "model"): "model",
    ("siteinfo", "base"): "base",
    ("namespaces", "namespace"): "namespace",
}


class _NotADump(Exception):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


@dataclass
class _Page:
    ordinal: int
    fields: dict[str, str] = field(default_factory=dict)
    redirect: str | None = None
    text: str | None = None  # None: no <text>, or deleted, or not kept
    text_bytes: int = 0
    head: bytes = b""  # first bytes of an oversized text


class _DumpHandler:
    """expat callbacks: pages finished so far land in ``ready``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.stack: list[str] = []
        self.ready: list[_Page] = []
        self.pages = 0
        self.page: _Page | None = None
        self.field: str | None = None
        self.parts: list[str] = []
        self.in_text = False
        self.base: str | None = None
        self.namespaces: dict[int, str] = {}
        self.namespace_key: int | None = None
        self.site = DEFAULT_SITE
        self.parser: expat.XMLParserType | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else None
        self.stack.append(name)
        if parent is None and name != "mediawiki":
            position = self.parser.CurrentByteIndex if self.parser is not None else 0
            raise _NotADump(f"root element <{name}> is not <mediawiki>", max(position, 0))
        page = self.page
        if name == "page" and parent == "mediawiki":
            self.page = _Page(self.pages)
            self.pages += 1
        elif page is None:
            if (parent, name) == ("namespaces", "namespace"):
                self.namespace_key = _int(attrs.get("key", ""))
        elif name == "redirect" and parent == "page":
            page.redirect = attrs.get("title", "")
        elif name == "revision" and parent == "page":
            page.text, page.text_bytes, page.head = None, 0, b""
            for key in ("revision_id", "timestamp", "model"):
                page.fields.pop(key, None)
        elif name == "text" and parent == "revision":
            if attrs.get("deleted") is None and page.redirect is None and page.fields.get("ns", "0").strip() == "0":
                self.in_text = True
                self.parts = []
            return
        self.field = _FIELDS.get((parent or "", name))
        self.parts = []

    def data(self, text: str) -> None:
        if self.in_text:
            page = self.page
            assert page is not None
            page.text_bytes += len(text.encode())
            if not page.head:
                self.parts.append(text)
                if page.text_bytes > self.limit:  # keep the head, drop the rest as it comes
                    page.head = _head(self.parts)
                    self.parts = []
        elif self.field is not None and sum(map(len, self.parts)) < _FIELD_LIMIT:
            self.parts.append(text)

    def end(self, name: str) -> None:
        self.stack.pop()
        page = self.page
        if self.in_text:
            assert page is not None
            self.in_text = False
            page.text = None if page.head else "".join(self.parts)
        elif self.field is not None:
            value = "".join(self.parts)[:_FIELD_LIMIT]
            if self.field == "namespace":
                if self.namespace_key is not None:
                    self.namespaces[self.namespace_key] = value.strip()
            elif self.field == "base":
                self.base = value.strip()
            elif page is not None:
                page.fields[self.field] = value
        self.field = None
        self.parts = []
        if name == "page" and page is not None and self.stack == ["mediawiki"]:
            self.ready.append(page)
            self.page = None
        elif name == "siteinfo":
            self.site = SiteNames.from_namespaces(self.namespaces)


def read_wikipedia(task: ReadTask, builder: BatchBuilder) -> Iterator[ReadBatch]:
    return read_opened(task, builder, _read_dump)


def _read_dump(task: ReadTask, stream: BinaryIO, builder: BatchBuilder) -> Iterator[ReadBatch]:
    handler = _DumpHandler(builder.limits.max_record_bytes)
    parser = expat.ParserCreate()
    handler.parser = parser
    parser.buffer_text = True
    parser.buffer_size = 256 * 1024
    parser.StartElementHandler = handler.start
    parser.CharacterDataHandler = handler.data
    parser.EndElementHandler = handler.end
    pages = _Pages(task.relpath, handler, builder)
    read = getattr(stream, "read1", stream.read)  # one raw read: no data lost before damage
    offset = 0
    started = False  # any non-blank byte seen: a blank file is an empty file, not bad XML
    while True:
        failure: tuple[str, str, int, bytes] | None = None
        chunk = b""
        try:
            chunk = read(_CHUNK)
            if chunk:
                started = started or bool(chunk.strip())
                parser.Parse(chunk, False)
            elif started:
                parser.Parse(b"", True)
        except expat.ExpatError as error:
            position = parser.ErrorByteIndex if parser.ErrorByteIndex >= 0 else offset
            local = max(0, position - offset)
            raw = chunk[max(0, local - 1024) : local + _HEAD]
            message = f"malformed XML at byte {position}: {error}; the rest of the file is not read"
            failure = ("malformed_xml", message, position, raw)
        except _NotADump as error:
            position = error.position
            raw = chunk[max(0, position - offset) :][:_HEAD]
            failure = ("malformed_xml", f"not a MediaWiki dump: {error}", position, raw)
        except STREAM_ERRORS as error:
            failure = ("truncated_stream", f"stream ended abnormally after {offset} bytes: {error}", offset, b"")
        yield from pages.emit()
        if failure is not None:
            code, message, position, raw = failure
            builder.quarantine(f"{task.relpath}@{position}", code, message, raw)
            return
        if not chunk:
            break
        offset += len(chunk)
    if handler.pages == 0:
        builder.empty_files += 1


class _Pages:
    """Turns finished pages into documents or quarantine rows, in order."""

    def __init__(self, relpath: str, handler: _DumpHandler, builder: BatchBuilder) -> None:
        self.relpath = relpath
        self.handler = handler
        self.builder = builder
        self.max_id = -1

    def emit(self) -> Iterator[ReadBatch]:
        ready = self.handler.ready
        for page in ready:
            self.one(page)
            if self.builder.full():
                yield self.builder.flush()
        ready.clear()

    def locator(self, page: _Page) -> str:
        """``file@page:<id>``; a page id that is missing, or not above every id before it
        (dumps are sorted by id), gets the page's position too, so locators stay unique."""
        page_id = _int(page.fields.get("id", ""))
        if page_id is None:
            return f"{self.relpath}@page#{page.ordinal}"
        if page_id > self.max_id:
            self.max_id = page_id
            return f"{self.relpath}@page:{page_id}"
        return f"{self.relpath}@page:{page_id}#{page.ordinal}"

    def one(self, page: _Page) -> None:
        builder = self.builder
        locator = self.locator(page)
        title = " ".join(page.fields.get("title", "").split())
        namespace = self.namespace(page, title)
        model = page.fields.get("model", "wikitext").strip() or "wikitext"
        if namespace != 0:
            name = self.handler.namespaces.get(namespace, "") if namespace is not None else ""
            builder.quarantine(locator, "non_article", f"namespace {namespace} ({name}): {title}", b"")
        elif page.redirect is not None or (page.text is not None and _REDIRECT_TEXT.match(page.text)):
            builder.quarantine(locator, "redirect", f"redirect: {title} → {page.redirect or '?'}", b"")
        elif model != "wikitext":
            builder.quarantine(locator, "non_article", f"content model {model}: {title}", b"")
        elif page.head:
            builder.quarantine_oversized(locator, page.text_bytes, page.head)
        elif page.text is None or not page.text.strip():
            builder.quarantine(locator, "missing_text", f"page has no revision text: {title}", b"")
        else:
            try:
                text = wikitext_to_text(page.text, self.handler.site)
            except Exception as error:  # the parser's limits (recursion, ...): counted, not fatal
                raw = page.text.encode()
                builder.quarantine(locator, "extraction_failed", f"{type(error).__name__}: {error}", raw)
                return
            page_id = _int(page.fields.get("id", ""))
            metadata = {"page_id": page_id, "title": title, "revision_id": _int(page.fields.get("revision_id", ""))}
            timestamp = page.fields.get("timestamp", "").strip() or None
            builder.add_document(
                text,
                locator,
                url=self.url(title),
                date=timestamp,
                metadata=orjson.dumps(metadata, option=orjson.OPT_SORT_KEYS).decode(),
            )

    def namespace(self, page: _Page, title: str) -> int | None:
        """From ``<ns>``; in old dumps without it, from the title's prefix."""
        if "ns" in page.fields:
            return _int(page.fields["ns"])
        if ":" in title:
            prefix = normalize_name(title.split(":", 1)[0])
            for key, name in self.handler.namespaces.items():
                if key != 0 and name and normalize_name(name) == prefix:
                    return key
        return 0

    def url(self, title: str) -> str | None:
        base = self.handler.base
        if not base or not title:
            return None
        # …/wiki/Main_Page → …/wiki/; …/index.php?title=Main_Page → …/index.php?title=
        prefix = base.split("?title=", 1)[0] + "?title=" if "?title=" in base else base.rsplit("/", 1)[0] + "/"
        path = title.replace(" ", "_").replace("%", "%25").replace("?", "%3F").replace("#", "%23")
        return prefix + path


def _head(parts: list[str]) -> bytes:
    """The first ``_HEAD`` bytes of the text in ``parts``, without joining all of it."""
    taken: list[str] = []
    size = 0
    for part in parts:
        taken.append(part[:_HEAD])
        size += len(taken[-1])
        if size >= _HEAD:
            break
    return "".join(taken).encode()[:_HEAD]


def _int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() else None
