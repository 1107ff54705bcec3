"""Source format ``warc``: WARC files (``.warc``, ``.warc.gz``, Common Crawl layout) →
one document per HTML response record.

Records are read with fastwarc (response records only; request, metadata and warcinfo
records describe the crawl, not documents). Per response: HTTP status, content type,
payload size, charset (``vicorpus.web.charset``: HTTP header, meta tags, legacy
Vietnamese fonts), opt-out signals from the HTTP headers and the ``<head>``
(``vicorpus.web.optout``), then the main text (``vicorpus.web.extract``) under a time
limit (``time_limit_seconds``; enforced in the main thread of each worker, where readers
run). Columns: ``url`` (WARC-Target-URI), ``date`` (WARC-Date), ``warc_record_id``,
``warc_payload_digest``, ``charset``, ``optout``; ``domain`` is the registrable domain.

Every response record ends as a document or a quarantine row: ``not_html`` (images,
PDFs, … — counted, no bytes kept), ``not_ok_status`` (redirects, errors), ``no_main_text``,
``truncated_record``, ``record_too_large``, ``extraction_timeout``, ``extraction_failed``;
a file that stops decoding (corrupt gzip member, garbage) ends with one
``truncated_stream`` row for the rest of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastwarc.warc import ArchiveIterator, WarcRecordType

from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadTask
from vicorpus.readers.html_files import main_text_or_quarantine
from vicorpus.web.charset import decode_html
from vicorpus.web.licenses import page_license
from vicorpus.web.optout import HEAD_BYTES, optout_signals

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Bytes of a quarantined page kept for inspection.
_HEAD_KEPT = 4096


def read_warc(task: ReadTask, builder: BatchBuilder) -> Iterator[ReadBatch]:
    try:
        handle = Path(task.path).open("rb")  # noqa: SIM115 - closed in the finally below
    except OSError as error:
        builder.quarantine(task.relpath, "unreadable_file", f"cannot read: {error.strerror or error}", b"")
        yield builder.flush()
        return
    position = 0
    try:
        records = ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=True)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as error:  # fastwarc raises OSError or ValueError on corrupt members
                locator = f"{task.relpath}@{position}"
                builder.quarantine(locator, "truncated_stream", f"WARC stream stops decoding: {error}", b"")
                break
            position = int(record.stream_pos)
            _read_record(task, builder, record)
            if builder.full():
                yield builder.flush()
    finally:
        handle.close()
    if builder.pending or builder.empty_files:
        yield builder.flush()


def _read_record(task: ReadTask, builder: BatchBuilder, record: Any) -> None:
    locator = f"{task.relpath}@{record.stream_pos}"
    limit = builder.limits.max_record_bytes
    content_type = record.http_content_type or ""
    status = record.http_headers.status_code if record.http_headers is not None else None
    if status is not None and status != 200:
        builder.quarantine(locator, "not_ok_status", f"HTTP status {status}", b"")
        return
    if not content_type.lower().startswith(_HTML_TYPES):
        builder.quarantine(locator, "not_html", f"content type {content_type or 'missing'}", b"")
        return
    payload = record.reader.read(limit + 1)
    if len(payload) > limit:
        builder.quarantine_oversized(locator, int(record.content_length), payload[:_HEAD_KEPT])
        return
    if record.content_length is not None and len(payload) < int(record.content_length):
        message = f"payload of {len(payload)} bytes, record says {record.content_length}"
        builder.quarantine(locator, "truncated_record", message, payload[:_HEAD_KEPT])
        return
    html, charset = decode_html(payload, record.http_headers.get("Content-Type"))
    signals = optout_signals(record.http_headers.items(), html[:HEAD_BYTES])
    text = main_text_or_quarantine(builder, locator, html, payload)
    if text is None:
        return
    builder.add_document(
        text,
        locator,
        url=record.headers.get("WARC-Target-URI"),
        date=record.headers.get("WARC-Date"),
        web={
            "warc_record_id": record.record_id,
            "warc_payload_digest": record.headers.get("WARC-Payload-Digest"),
            "charset": charset,
            "optout": ",".join(signals) or None,
        },
        license=page_license(html),
    )
