"""A folder of office documents and PDFs (DOCX, ODT, PDF, RTF), one document per file.

Text comes from :mod:`vicorpus.documents`, with runs in legacy Vietnamese fonts
(``.VnTime`` TCVN3, ``.VnTimeH`` all-caps TCVN3, ``VNI-Times`` VNI) decoded. The
record's origin is the file's path relative to the source folder; ``metadata`` holds
what the extraction found (format, pages and ``page_starts`` for PDFs, paragraph and
table counts, legacy runs and fonts).

Limits, each a counted quarantine: a file over ``max_record_bytes`` (``record_too_large``);
a DOCX/ODT that unpacks to, or a PDF whose streams inflate to, more than
``UNPACK_FACTOR × max_record_bytes`` (``too_large_when_unpacked``); an extraction over
the source's ``time_limit_seconds`` (``extraction_timeout``; default 60, 0 = none — a
time limit depends on the machine, so a document near it may time out on a slower one).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Final

import orjson

from vicorpus.documents import DocumentError, extract_document
from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadTask
from vicorpus.readers.text_files import read_whole_files

UNPACK_FACTOR: Final = 16

# pdfminer logs a warning for every oddity of a PDF; the outcome is what counts.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read_documents(task: ReadTask, builder: BatchBuilder) -> Iterator[ReadBatch]:
    timeout = builder.source.time_limit_seconds or None
    return read_whole_files(task, builder, lambda relative, data: _add_document(builder, relative, data, timeout))


def _add_document(builder: BatchBuilder, relative: str, data: bytes, timeout: float | None) -> None:
    limit = builder.limits.max_record_bytes
    try:
        found = extract_document(data, relative, unpacked_limit=UNPACK_FACTOR * limit, timeout=timeout)
    except DocumentError as error:
        builder.quarantine(relative, error.code, error.message, data)
        return
    text_size = len(found.text.encode("utf-8"))
    if text_size > limit:
        message = f"extracted text of {text_size} bytes exceeds max_record_bytes={limit}"
        builder.quarantine(relative, "record_too_large", message, data)
        return
    metadata = orjson.dumps(found.metadata, option=orjson.OPT_SORT_KEYS).decode()
    builder.add_document(found.text, relative, metadata=metadata)
