"""Source format ``html``: a folder of saved web pages (``.html``, ``.htm``, any name),
one document per file.

Each file is decoded (``vicorpus.web.charset``), checked for opt-out meta tags and
reduced to its main text like a WARC response (``readers/warc.py``), without HTTP
headers. ``url`` is the page's ``<link rel="canonical">`` or ``og:url`` when it has one.
Quarantine codes: ``unreadable_file``, ``record_too_large``, ``no_main_text``,
``extraction_timeout``, ``extraction_failed``; empty files are counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadTask
from vicorpus.readers.text_files import read_whole_files
from vicorpus.time_limit import ExtractionTimeout, time_limit
from vicorpus.web.charset import decode_html
from vicorpus.web.extract import extract_main_text
from vicorpus.web.licenses import page_license
from vicorpus.web.optout import HEAD_BYTES, optout_signals

_CANONICAL = re.compile(
    r"""<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']([^"']+)["']"""
    r"""|<meta\b[^>]*\bproperty=["']og:url["'][^>]*\bcontent=["']([^"']+)["']""",
    re.IGNORECASE,
)
_HEAD_KEPT = 4096


def read_html_files(task: ReadTask, builder: BatchBuilder) -> Iterator[ReadBatch]:
    return read_whole_files(task, builder, lambda relative, data: _read_page(relative, data, builder))


def main_text_or_quarantine(builder: BatchBuilder, locator: str, html: str, payload: bytes) -> str | None:
    """The page's main text, or None after quarantining it (``extraction_timeout``,
    ``extraction_failed``, ``no_main_text``; the payload's head is kept)."""
    head = payload[:_HEAD_KEPT]
    try:
        with time_limit(builder.source.time_limit_seconds):
            text = extract_main_text(html, builder.source.html_extractor)
    except ExtractionTimeout:
        builder.quarantine(
            locator, "extraction_timeout", f"extraction over {builder.source.time_limit_seconds} s", head
        )
        return None
    except Exception as error:  # an extractor bug on one page must not stop the file
        builder.quarantine(locator, "extraction_failed", f"{type(error).__name__}: {error}"[:500], head)
        return None
    if not text.strip():
        builder.quarantine(locator, "no_main_text", "the extractor found no main text", head)
        return None
    return text


def _read_page(locator: str, payload: bytes, builder: BatchBuilder) -> None:
    html, charset = decode_html(payload)
    text = main_text_or_quarantine(builder, locator, html, payload)
    if text is None:
        return
    head = html[:HEAD_BYTES]
    canonical = _CANONICAL.search(head)
    url = (canonical.group(1) or canonical.group(2)) if canonical else None
    signals = optout_signals(None, head)
    web = {"charset": charset, "optout": ",".join(signals) or None}
    builder.add_document(text, locator, url=url, web=web, license=page_license(html))
