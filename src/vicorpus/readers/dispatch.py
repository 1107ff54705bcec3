"""Format name → reader."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator

from vicorpus.config.source import Source
from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadLimits, ReadTask
from vicorpus.readers.csv_files import read_csv
from vicorpus.readers.jsonl import read_jsonl
from vicorpus.readers.parquet_files import read_parquet
from vicorpus.readers.text_files import read_text_files

Reader = Callable[[ReadTask, BatchBuilder], Iterator[ReadBatch]]


def _optional(module: str, name: str) -> Reader:
    """A reader imported on first use: its libraries (fastwarc, trafilatura, pdfminer, …)
    are optional extras and slow to import."""

    def read(task: ReadTask, builder: BatchBuilder) -> Iterator[ReadBatch]:
        reader: Reader = getattr(importlib.import_module(module), name)
        return reader(task, builder)

    return read


READERS: dict[str, Reader] = {
    "jsonl": read_jsonl,
    "csv": read_csv,
    "parquet": read_parquet,
    "text_files": read_text_files,
    "warc": _optional("vicorpus.readers.warc", "read_warc"),
    "html": _optional("vicorpus.readers.html_files", "read_html_files"),
    "wikipedia": _optional("vicorpus.readers.wikipedia", "read_wikipedia"),
    "documents": _optional("vicorpus.readers.documents", "read_documents"),
}


def read_task(task: ReadTask, source: Source, limits: ReadLimits) -> Iterator[ReadBatch]:
    """Stream one task's records as batches of documents plus quarantined records."""
    return READERS[source.format](task, BatchBuilder(source, limits))
