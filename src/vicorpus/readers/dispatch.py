"""Format name → reader."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from vicorpus.config.source import Source
from vicorpus.readers.base import BatchBuilder, ReadBatch, ReadLimits, ReadTask
from vicorpus.readers.csv_files import read_csv
from vicorpus.readers.jsonl import read_jsonl
from vicorpus.readers.parquet_files import read_parquet
from vicorpus.readers.text_files import read_text_files

Reader = Callable[[ReadTask, BatchBuilder], Iterator[ReadBatch]]

READERS: dict[str, Reader] = {
    "jsonl": read_jsonl,
    "csv": read_csv,
    "parquet": read_parquet,
    "text_files": read_text_files,
}


def read_task(task: ReadTask, source: Source, limits: ReadLimits) -> Iterator[ReadBatch]:
    """Stream one task's records as batches of documents plus quarantined records."""
    return READERS[source.format](task, BatchBuilder(source, limits))
